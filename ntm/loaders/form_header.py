"""The header of an official per-commune form: found by its words, in one or two rows.

    TT | Tên tiêu chí | Nội dung tiêu chí | Chỉ tiêu đạt chuẩn | Kết quả thực hiện | Tự đánh giá | Ghi chú

Header cells carry more words than their name ("Kết quả thực hiện đến 31/12/2023", "Tự đánh giá
(Đạt/Chưa đạt)"), so cells are classified by what they start with or contain, status words first
("Kết quả thẩm định" is a status, "Kết quả thực hiện" a result). Appraisal copies add columns
for the district's verification ("thẩm tra") and the province's appraisal ("thẩm định"), often as
a two-row header under a merged band ("Kết quả đánh giá" over "Xã tự đánh giá | Huyện thẩm tra |
Tỉnh thẩm định"); a band may also split into "Đạt | Chưa đạt" tick columns. The header is the row
in the first 30 that names a status column and a content column; the row below it joins it when it
only holds more header words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ntm.loaders.base import cell_text
from ntm.loaders.header import HEADER_SEARCH_ROWS, HeaderMatch
from ntm.text import fold, is_blank

SELF, DISTRICT, PROVINCE = "self", "district", "province"
STATUS_KINDS = (SELF, DISTRICT, PROVINCE)  # in the order appraisals happen
STATUS_LABELS = {SELF: ("tự đánh giá", "self-assessment"), DISTRICT: ("thẩm tra", "district verification"),
                 PROVINCE: ("thẩm định", "province appraisal")}
MARK_MET, MARK_NOT_MET = "mark-met", "mark-not-met"
LOOKED_FOR = ("biểu mẫu đánh giá của xã: dòng tiêu đề TT | Tên tiêu chí | Nội dung tiêu chí | Chỉ tiêu đạt "
              "chuẩn | Kết quả thực hiện | Tự đánh giá / Thẩm tra / Thẩm định | Ghi chú",
              "the official per-commune form: a header row TT | Tên tiêu chí | Nội dung tiêu chí | Chỉ tiêu "
              "đạt chuẩn | Kết quả thực hiện | Tự đánh giá / Thẩm tra / Thẩm định | Ghi chú")
_WORD = re.compile(r"[a-z0-9]+")


def classify(text: object) -> str | None:
    """What an official form's header cell names (a field, a status kind, a tick column), or None."""
    if isinstance(text, str):
        return _classify_text(text)
    return _classify_text(cell_text(text))


@functools.lru_cache(maxsize=8192)
def _classify_text(text: str) -> str | None:
    key = fold(text)
    if not key:
        return None
    words = set(_WORD.findall(key))
    compact = "".join(_WORD.findall(key))
    if key.startswith(("noi dung", "ten chi tieu", "tieu chi/chi tieu", "tieu chi, chi tieu",
                       "chi tieu/tieu chi", "tieu chi - chi tieu", "chi tieu cu the")):
        return "content"
    if "tham dinh" in key or ("danh gia" in key and "tinh" in words):
        return PROVINCE
    if "tham tra" in key or ("danh gia" in key and "huyen" in words):
        return DISTRICT
    if "danh gia" in key or "tu cham" in key:
        return SELF
    if compact in ("tt", "stt", "sott", "sothutu", "thutu"):
        return "tt"
    if key.startswith("ghi chu"):
        return "note"
    if key.startswith("ten tieu chi") or compact == "tieuchi":
        return "criterion_name"
    if key.startswith(("chi tieu", "muc dat chuan", "yeu cau", "dat chuan", "muc chuan", "chuan")):
        return "target"
    if key.startswith(("ket qua", "hien trang", "thuc trang", "so lieu", "thuc hien")):
        return "value"
    if key.startswith(("don vi tinh", "dvt")):
        return "unit"
    if compact == "dat":
        return MARK_MET
    if compact in ("chuadat", "khongdat"):
        return MARK_NOT_MET
    return None


@dataclass(frozen=True)
class StatusSource:
    """Where a status is read: one column, or a pair of tick columns (Đạt | Chưa đạt)."""

    kind: str
    column: int
    label: str
    not_met_column: int | None = None

    def raw(self, cells: list) -> object:
        """The status as written (a tick pair gives "Đạt", "Chưa đạt", "" or both ticks' text)."""
        met = cells[self.column] if self.column < len(cells) else ""
        if self.not_met_column is None:
            return met
        not_met = cells[self.not_met_column] if self.not_met_column < len(cells) else ""
        if is_blank(met) and is_blank(not_met):
            return ""
        if not is_blank(met) and not is_blank(not_met):
            return f"{cell_text(met)} / {cell_text(not_met)}"  # both ticked: not a status word
        return "Đạt" if not is_blank(met) else "Chưa đạt"

    def columns(self) -> tuple[int, ...]:
        return (self.column,) if self.not_met_column is None else (self.column, self.not_met_column)


@dataclass(frozen=True)
class FormHeader(HeaderMatch):
    """An official form's header: the fields of ``HeaderMatch`` plus its status sources.

    Attributes:
        last_row: the last header row (the sub-header row when there is one), 0-based.
        statuses: status sources by kind, in ``STATUS_KINDS`` order.
        year_hint: a year written in a header cell ("Kết quả thực hiện năm 2023").
    """

    last_row: int = 0
    statuses: tuple[StatusSource, ...] = ()
    year_hint: int | None = None
    header_texts: dict[int, str] = field(default_factory=dict)


def find_form_header(rows: list[list]) -> FormHeader | None:
    """The official form header in the first rows, or None."""
    best: tuple[int, int] | None = None  # (score, row)
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        kinds = [classify(value) for value in cells]
        found = set(kinds) - {None}
        has_status = bool(found & set(STATUS_KINDS))
        has_content = bool(found & {"content", "criterion_name"})
        if not (has_status and has_content):
            continue
        score = len(found)
        if best is None or score > best[0]:
            best = (score, index)
    if best is None:
        return None
    return _build(rows, best[1])


def _build(rows: list[list], index: int) -> FormHeader:
    main = rows[index]
    sub = rows[index + 1] if index + 1 < len(rows) else []
    sub_kinds = [classify(value) for value in sub]
    use_sub = _is_sub_header(sub, sub_kinds)
    width = max(len(main), len(sub) if use_sub else 0)
    kinds: dict[int, str] = {}
    texts: dict[int, str] = {}
    for col in range(width):
        top = main[col] if col < len(main) else ""
        below = sub[col] if use_sub and col < len(sub) else ""
        kind_below = sub_kinds[col] if use_sub and col < len(sub_kinds) else None
        kind_top = classify(top)
        if kind_below is not None:
            kinds[col], texts[col] = kind_below, cell_text(below)
        elif kind_top is not None:
            kinds[col], texts[col] = kind_top, cell_text(top)
        elif not is_blank(top) or not is_blank(below):
            texts[col] = cell_text(below) if not is_blank(below) else cell_text(top)
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    extras: list[tuple[int, str]] = []
    statuses: dict[str, StatusSource] = {}
    marks = sorted(col for col, kind in kinds.items() if kind in (MARK_MET, MARK_NOT_MET))
    for col in sorted(texts):
        kind = kinds.get(col)
        if kind in STATUS_KINDS:
            if kind not in statuses:
                statuses[kind] = StatusSource(kind, col, texts[col])
            else:
                extras.append((col, texts[col]))
        elif kind in (MARK_MET, MARK_NOT_MET):
            continue
        elif kind is not None and kind not in columns:
            columns[kind] = col
            labels[kind] = texts[col]
        elif kind != "unit":
            extras.append((col, texts[col]))
    for met_col in (c for c in marks if kinds[c] == MARK_MET):
        not_met = next((c for c in marks if c > met_col and kinds[c] == MARK_NOT_MET), None)
        band = _band_kind(main, met_col)
        if not_met is not None and band not in statuses:
            band_text = next((cell_text(main[c]) for c in range(met_col, -1, -1)
                              if c < len(main) and not is_blank(main[c])), "")
            statuses[band] = StatusSource(band, met_col, band_text or texts[met_col], not_met)
    ordered = tuple(statuses[k] for k in STATUS_KINDS if k in statuses)
    year = None
    for text in texts.values():
        folded = fold(text)
        match = re.search(r"\d{1,2}/\d{1,2}/((?:19|20)\d\d)", folded) or (
            re.search(r"nam\s*((?:19|20)\d\d)(?!\s*[-–]\s*\d)", folded))
        if match:
            year = int(match.group(1))
            break
    return FormHeader(row=index, columns=columns, labels=labels, extras=extras,
                      last_row=index + 1 if use_sub else index, statuses=ordered, year_hint=year,
                      header_texts=texts)


def _is_sub_header(cells: list, kinds: list) -> bool:
    """A second header row: header words only (status kinds, tick columns), no data."""
    found = [(value, kind) for value, kind in zip(cells, kinds) if not is_blank(value)]
    if not found:
        return False
    return all(kind is not None for _, kind in found) and any(
        kind in (*STATUS_KINDS, MARK_MET, MARK_NOT_MET, "value", "target") for _, kind in found)


def _band_kind(main: list, col: int) -> str:
    """The status kind of the band above a tick column (the nearest header cell at or left of it)."""
    for c in range(min(col, len(main) - 1), -1, -1):
        if not is_blank(main[c]):
            kind = classify(main[c])
            return kind if kind in STATUS_KINDS else SELF
    return SELF
