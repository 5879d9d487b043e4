"""The multi-commune summary a district or province sends up: one row per commune, one column per
criterion.

    BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM 2023 — HUYỆN AN PHÚ
    STT | Tên xã     |          Tiêu chí (merged band)           | Tổng số tiêu chí đạt | Ghi chú
        |            | 1  | 2  | 3   | …  | 19                    |                      |
    1   | Khánh Bình | Đ  | Đ  | CĐ  | …  | x                     | 16                   |

The header is the row whose cells number the criteria 1, 2, 3 … (at least five; "TC1", "Tiêu chí 1"
and "1. Quy hoạch" count too), with a commune column ("Xã", "Tên xã", "Đơn vị") to their left in
it or in the one or two rows above (a two-row header with a merged band). Columns may also be named
without numbers ("Quy hoạch", "Giao thông", "Thủy lợi" …): each name is matched, without case or
diacritics, against the catalog's criterion names (``criteria_by_name``: the whole name, or its
first words), then against the names of the set the sheet turns out to follow, and the matching is
reported (``criteria-by-name``) so the user can check it. Marks are any status
word (Đạt / Đ / x / Cơ bản đạt / CBĐ / Chưa đạt / CĐ / KAD / -). It gives criterion-level results
only: each cell is one entry with ``criterion_level`` set, so indicator fields stay empty and
criteria counts are exact. A row's cells are accepted or rejected together.

Rows naming a district ("Huyện An Phú", in a province's summary) set the district of the rows
below and are headings. The word is read by its spelling where the sheet's names are written with
diacritics ("Quán Toan", "Huyền Sơn", "Quan Hoa" are communes: ``district_heading``), and a row
whose criterion cells hold marks is a commune's whatever its name (``heading-with-marks`` when it
reads like a heading); a heading may carry counts of communes (numbers, some above 1). "Tổng
cộng"/"Toàn huyện" rows are totals; notes and signatures below the table are not data. A total
column ("Tổng số tiêu chí đạt") is checked against the marks
(``total-disagrees``); blank marks are reported once per row (``blank-criteria``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ntm.catalog import CriteriaSet
from ntm.loaders.base import Entry, Layout, ReadContext, SheetRead, Unused, cell_text, column_letter, row_text
from ntm.loaders.header import HEADER_SEARCH_ROWS, HeaderMatch
from ntm.loaders.sheet_context import resolve_context, strip_commune_prefix
from ntm.loaders.source import SheetData
from ntm.loaders.structure import is_numbering_row, is_roman, is_total, opens_after_table
from ntm.loaders.titles import district_heading, has_diacritics, read_titles
from ntm.schema import WARNING, Problem
from ntm.statuses import MET, MISSING, parse_status
from ntm.text import fold, is_blank, parse_number

NAME = "summary-matrix"
MIN_CRITERIA = 5
LOOKED_FOR = ("bảng tổng hợp nhiều xã: một dòng mỗi xã (cột 'Xã' hoặc 'Tên xã'), một cột mỗi tiêu chí "
              "đánh số 1, 2, 3 … (ít nhất 5 tiêu chí)",
              "a multi-commune summary: one row per commune (a 'Xã' or 'Tên xã' column), one column per "
              "criterion numbered 1, 2, 3 … (at least 5 criteria)")
_NUMBER_TEXT = re.compile(r"(?:tc|tieu chi)?\s*(?:so)?\s*0?(\d{1,2})(?:\s*[.\-:)]\s*\D.*)?")
_WORD = re.compile(r"[a-z0-9]+")
# Words left out when criterion names are compared ("Thông tin và Truyền thông" = "Thông tin - Truyền
# thông"), and the prefixes a named column may carry ("Tiêu chí Quy hoạch", "TC Giao thông").
_NAME_STOP = frozenset({"va", "and"})
_NAME_PREFIX = re.compile(r"^(?:tieu chi|tc)\s+(?:so\s+)?")


def _column_kind(text: object) -> str | None:
    """What a summary header cell (other than a criterion number) names."""
    key = fold(cell_text(text))
    if not key:
        return None
    compact = "".join(_WORD.findall(key))
    if compact in ("tt", "stt", "sott"):
        return "tt"
    if compact == "xa" or key.startswith(("ten xa", "xa/", "xa,", "xa (", "xa phuong", "ten don vi",
                                          "dia phuong", "xa, phuong", "ten xa/phuong", "commune")) or (
            key.startswith("don vi") and not key.startswith("don vi tinh")):
        return "commune"
    if compact == "huyen" or key.startswith(("ten huyen", "huyen/", "huyen,", "quan/huyen",
                                             "don vi cap huyen")):
        return "district"
    if compact in ("tinh", "tentinh"):
        return "province"
    if compact in ("nam", "namdanhgia"):
        return "year"
    if key.startswith(("ma xa", "ma don vi")):
        return "commune_code"
    if key.startswith(("tong", "so tieu chi dat", "so tc dat", "so tieu chi", "ket qua (so")):
        return "total"
    if key.startswith("ghi chu"):
        return "note"
    if compact in ("nhom", "nhomxa", "xanhom", "communegroup", "group") or key.startswith(("nhom xa ", "nhom (")):
        return "commune_group"
    if key.startswith(("xep loai", "phan loai", "nhom", "dat chuan", "nam dat chuan", "muc dat", "ty le",
                       "tieu chi", "ket qua", "so tieu chi chua dat", "tieu chi chua dat")):
        return "other"
    return None


def _criterion_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and 1 <= value <= 30 else None
    match = _NUMBER_TEXT.fullmatch(fold(cell_text(value)))
    if match is None:
        return None
    number = int(match.group(1))
    return number if 1 <= number <= 30 else None


@dataclass(frozen=True)
class SummaryHeader(HeaderMatch):
    """A summary's header: the criterion columns (column → criterion number) and the label rows.

    ``row`` is the row numbering the criteria; ``last_row`` the last header row (0-based).
    """

    criteria: tuple[tuple[int, str], ...] = ()
    criterion_labels: tuple[str, ...] = ()
    last_row: int = 0
    first_row: int = 0
    named: tuple[str, ...] = ()


def find_summary_header(sheet: SheetData, context: ReadContext | None = None) -> SummaryHeader | None:
    """The summary header of ``sheet`` (criteria numbered, or named as in the catalog, with a commune
    column), or None."""
    rows = sheet.rows
    names = None
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        run = _criterion_run(cells)
        named: tuple[str, ...] = ()
        if len(run) < MIN_CRITERIA and context is not None:
            if names is None:
                names = [_name_keys(criteria_set) for criteria_set in context.catalog]
            run = _named_run(cells, names)
            named = tuple(cell_text(cells[col]) for col, _ in run)
        if len(run) < MIN_CRITERIA:
            continue
        header = _build(rows, index, run, named)
        if header is not None:
            return header
    return None


def _name_key(text: object) -> tuple[str, ...]:
    """A criterion name as words without case, diacritics, punctuation or "và"."""
    folded = _NAME_PREFIX.sub("", fold(cell_text(text)).replace("&", " va "))
    return tuple(word for word in _WORD.findall(folded) if word not in _NAME_STOP)


def _name_keys(criteria_set: CriteriaSet) -> dict[tuple[str, ...], str]:
    """A set's criterion names as ``_name_key`` → criterion number."""
    frame = criteria_set.criteria
    return {_name_key(name): code for name, code in zip(frame["name_vi"], frame["criterion"])
            if name and code.isdigit()}


def criteria_by_name(texts: list[str], criteria_set: CriteriaSet) -> list[str | None]:
    """The criterion each column name means in ``criteria_set`` (None where none or several fit).

    A name fits a criterion when it is the criterion's name, or its first words ("Thủy lợi" for
    "Thủy lợi và phòng, chống thiên tai"), or shares at least its first two words with it and more
    than with any other ("Môi trường và ATTP"). Case, diacritics, punctuation and "và" do not count.
    """
    keys = _name_keys(criteria_set)
    return [_match_name(_name_key(text), keys) for text in texts]


def _match_name(key: tuple[str, ...], names: dict[tuple[str, ...], str]) -> str | None:
    if not key:
        return None
    if key in names:
        return names[key]
    scored = []
    for name, code in names.items():
        common = 0
        for a, b in zip(key, name):
            if a != b:
                break
            common += 1
        if common == len(key) or common >= 2:
            scored.append((common, code))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _named_run(cells: list, names: list[dict[tuple[str, ...], str]]) -> list[tuple[int, int]]:
    """(column, number) of cells naming criteria, in the set whose names the row matches best."""
    texts = [(col, _name_key(value)) for col, value in enumerate(cells)
             if isinstance(value, str) and not value.isdigit() and _criterion_number(value) is None]
    if len(texts) < MIN_CRITERIA:
        return []
    best: list[tuple[int, int]] = []
    for keys in names:
        run, seen = [], set()
        for col, key in texts:
            code = _match_name(key, keys)
            if code is not None and code not in seen:
                seen.add(code)
                run.append((col, int(code)))
        if len(run) > len(best):
            best = run
    return best


def _criterion_run(cells: list) -> list[tuple[int, int]]:
    """(column, number) of cells numbering criteria 1, 2, 3 … left to right."""
    run: list[tuple[int, int]] = []
    for col, value in enumerate(cells):
        number = _criterion_number(value)
        if number is None:
            continue
        if number == len(run) + 1:
            run.append((col, number))
        elif number == 1:
            run = [(col, 1)]
    return run


def _build(rows: list[list], index: int, run: list[tuple[int, int]],
           named: tuple[str, ...] = ()) -> SummaryHeader | None:
    label_rows = [r for r in (index, index - 1, index - 2, index + 1) if 0 <= r < len(rows)]
    criterion_cols = {col for col, _ in run}
    kinds: dict[int, tuple[str, str]] = {}
    used_rows = {index}
    width = max(len(rows[r]) for r in label_rows)
    for col in range(width):
        if col in criterion_cols:
            continue
        for r in label_rows:
            cells = rows[r]
            if col < len(cells) and not is_blank(cells[col]):
                kind = _column_kind(cells[col])
                if kind is not None or r == index:
                    kinds[col] = (kind or "", cell_text(cells[col]))
                    if kind is not None:
                        used_rows.add(r)
                    break
    commune = next((col for col, (kind, _) in sorted(kinds.items()) if kind == "commune"), None)
    if commune is None or commune > run[0][0]:
        return None
    # A total column numbered like a criterion ends the run ("… 19 | 20" where 20 is "Tổng").
    if named:
        named = tuple(text for (col, _), text in zip(run, named)
                      if not _is_total_column(rows, label_rows, col))
    run = [(col, n) for col, n in run if not _is_total_column(rows, label_rows, col)]
    if len(run) < MIN_CRITERIA:
        return None
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    extras: list[tuple[int, str]] = []
    for col, (kind, text) in sorted(kinds.items()):
        if kind in ("", None):
            extras.append((col, text))
        elif kind != "other" and kind not in columns:
            columns[kind] = col
            labels[kind] = text
    last = index + 1 if index + 1 < len(rows) and _is_label_row(rows[index + 1], run, columns) else index
    names = rows[last] if last > index else []
    if named:
        criterion_labels = tuple(f"Tiêu chí {n} ({text})" for (_, n), text in zip(run, named))
    else:
        criterion_labels = tuple(_criterion_label(names, col, n) for col, n in run)
    return SummaryHeader(row=index, columns=columns, labels=labels, extras=extras,
                         criteria=tuple((col, str(n)) for col, n in run), criterion_labels=criterion_labels,
                         last_row=last, first_row=min(used_rows), named=named)


def _is_total_column(rows: list[list], label_rows: list[int], col: int) -> bool:
    return any(col < len(rows[r]) and _column_kind(rows[r][col]) == "total" for r in label_rows)


def _criterion_label(names: list, col: int, number: int) -> str:
    """ "Tiêu chí 7", or "Tiêu chí 7 (Chợ)" when a row of criterion names sits below the numbers."""
    below = names[col] if col < len(names) else ""
    name = cell_text(below) if not is_blank(below) and _criterion_number(below) is None else ""
    return f"Tiêu chí {number}" + (f" ({name})" if name else "")


def _is_label_row(cells: list, run: list[tuple[int, int]], columns: dict[str, int]) -> bool:
    """The row below the numbers holds criterion names, not a commune."""
    commune = columns.get("commune")
    if commune is not None and commune < len(cells) and not is_blank(cells[commune]):
        return False
    marks = [cells[col] for col, _ in run if col < len(cells) and not is_blank(cells[col])]
    return bool(marks) and all(parse_status(m) is None for m in marks)


def read_summary_sheet(sheet: SheetData, header: SummaryHeader, context: ReadContext) -> SheetRead:
    """One entry per commune row × criterion column, and what is not data."""
    rows = sheet.rows
    header_row = header.row + 1
    titles = read_titles(rows, header.first_row)
    year_col = header.columns.get("year")
    if titles.year is None and year_col is not None:
        titles.year = _first_year(rows, header, year_col)
        titles.rows["year"] = header_row
    where = resolve_context(titles, context, sheet.name, header_row, need_commune=False,
                            criteria=len(header.criteria))
    problems = list(where.problems)
    if header.named:
        header = _renumber(header, where.criteria_set)
        problems.append(_named_warning(sheet.name, header))
    problems += _extra_columns(sheet.name, header)
    if where.criteria_set is not None:
        problems += _missing_criteria(sheet.name, header, where.criteria_set)
    reader = _MatrixReader(sheet, header, where, context)
    reader.read()
    problems += reader.problems
    usable = not where.missing
    info = {"header_row": header_row, "first_data_row": header.last_row + 2, "year": where.year,
            "criteria_set": where.criteria_set.id if where.criteria_set else None,
            "district": where.district or None, "province": where.province or None}
    return SheetRead(reader.entries, problems, usable, reader.unused, info=info)


SUMMARY_LAYOUT = Layout(NAME, find_summary_header, read_summary_sheet, LOOKED_FOR)


def _first_year(rows: list[list], header: SummaryHeader, col: int) -> int | None:
    for cells in rows[header.last_row + 1:]:
        value = cells[col] if col < len(cells) else ""
        number = parse_number(value)
        if number is not None and float(number).is_integer() and 1990 <= number <= 2100:
            return int(number)
    return None


class _MatrixReader:
    def __init__(self, sheet: SheetData, header: SummaryHeader, where, context: ReadContext) -> None:
        self.sheet, self.header, self.where = sheet, header, where
        self.columns = header.columns
        self.entries: list[Entry] = []
        self.unused: list[Unused] = []
        self.problems: list[Problem] = []
        base = dict(header.labels)
        for name in ("province", "district", "year", "criteria_set"):
            base.setdefault(name, where.sources.get(name, "tiêu đề"))
        base.setdefault("commune", "Xã")
        self.labels = [{**base, "status": label, "code": label} for label in header.criterion_labels]
        self.diacritics = self._names_have_diacritics()

    def _names_have_diacritics(self) -> bool:
        """Whether the names of the rows holding marks are written with diacritics: then a heading's
        word must be spelled so ("Quan Hoa" is a commune, not "quận Hoa"), and so must a "xã"
        before a name ("Xa Dung" is a name). Notes and signatures below the table do not count."""
        for cells in self.sheet.rows[self.header.last_row + 1:]:
            name = cell_text(self._cell(cells, "commune"))
            if name and has_diacritics(name) and any(
                    parse_status(cells[col]) not in (None, MISSING)
                    for col, _ in self.header.criteria if col < len(cells)):
                return True
        return False

    def _cell(self, cells: list, name: str) -> object:
        col = self.columns.get(name)
        return cells[col] if col is not None and col < len(cells) else ""

    def read(self) -> None:
        rows = self.sheet.rows
        after_table = False
        district = ""
        for index in range(self.header.last_row + 1, len(rows)):
            cells = rows[index]
            if all(is_blank(v) for v in cells):
                continue
            if after_table:
                self._skip(index, "below-table")
                continue
            marks = [cells[col] if col < len(cells) else "" for col, _ in self.header.criteria]
            any_mark = any(not is_blank(m) for m in marks)
            label = cell_text(self._cell(cells, "commune")) or cell_text(self._cell(cells, "tt"))
            if opens_after_table(cells) and not any(parse_status(m) not in (None, "missing") for m in marks):
                after_table = True
                self._skip(index, "below-table")
                continue
            if is_numbering_row(cells):
                self._skip(index, "sub-header")
                continue
            heading = district_heading(label, self.diacritics) if label else ""
            if heading and _carries_marks(marks):
                self.problems.append(self._heading_warning(index, label))
            elif heading:
                district = heading
                self._skip(index, "heading")
                continue
            if label and is_total(label):
                self._skip(index, "total")
                continue
            tt = cell_text(self._cell(cells, "tt"))
            if not any_mark and (is_roman(tt) or is_blank(self._cell(cells, "commune"))):
                self._skip(index, "heading" if is_roman(tt) else "text")
                continue
            if not any_mark and not label:
                self._skip(index, "text")
                continue
            self._row(index, cells, marks, district)

    def _row(self, index: int, cells: list, marks: list, district: str) -> None:
        where = self.where
        commune = strip_commune_prefix(cell_text(self._cell(cells, "commune")), self.diacritics)
        base = {
            "province": self._cell(cells, "province") or where.province,
            "district": self._cell(cells, "district") or district or where.district,
            "commune": commune,
            "commune_code": self._cell(cells, "commune_code"),
            "year": self._cell(cells, "year") if "year" in self.columns and not is_blank(
                self._cell(cells, "year")) else (where.year if where.year is not None else ""),
            "criteria_set": where.criteria_set.id if where.criteria_set else "",
            "indicator_name": "", "target": "", "value": "",
        }
        if "commune_group" in self.columns:
            base["commune_group"] = self._cell(cells, "commune_group")
        note = self._cell(cells, "note")
        blanks = []
        for position, ((col, number), mark) in enumerate(zip(self.header.criteria, marks)):
            if is_blank(mark):
                blanks.append(number)
            cells_of = {**base, "code": number, "status": mark, "note": note if position == 0 else ""}
            self.entries.append(Entry(self.sheet.name, index + 1, cells_of, self.labels[position],
                                      criterion_level=True, quiet_blank=True))
        if blanks:
            self.problems.append(self._blank_warning(index, commune, blanks))
        self._check_total(index, cells, commune, marks)

    def _heading_warning(self, index: int, label: str) -> Problem:
        return Problem(
            WARNING, "heading-with-marks",
            f"Dòng {index + 1} ghi '{label}', giống dòng tên huyện, nhưng có ghi kết quả các tiêu chí nên "
            "được đọc là một xã. Nếu đó là dòng tên huyện, hãy xóa các ô tiêu chí của dòng này.",
            f"Row {index + 1} reads '{label}', like a district heading, but its criterion cells hold marks, "
            "so it is read as a commune. If it is a district heading, clear its criterion cells.",
            sheet=self.sheet.name, row=index + 1, column=self.header.labels.get("commune", "Xã"), value=label)

    def _blank_warning(self, index: int, commune: str, blanks: list[str]) -> Problem:
        listed = ", ".join(blanks)
        who = f"xã {commune}" if commune else f"dòng {index + 1}"
        who_en = f"commune {commune}" if commune else f"row {index + 1}"
        return Problem(
            WARNING, "blank-criteria",
            f"{who}: {len(blanks)} ô tiêu chí để trống ({listed}); các tiêu chí này được tính là 'chưa có dữ "
            "liệu' (không được tính là đạt). Hãy ghi Đạt, Cơ bản đạt, Chưa đạt hoặc Không áp dụng.",
            f"{who_en}: {len(blanks)} criterion cell(s) left blank ({listed}); they count as 'no data' (not "
            "counted as met). Write Đạt, Cơ bản đạt, Chưa đạt or Không áp dụng.",
            sheet=self.sheet.name, row=index + 1, column=_label_of(self.header, blanks[0]), value=listed)

    def _check_total(self, index: int, cells: list, commune: str, marks: list) -> None:
        raw = self._cell(cells, "total")
        total = parse_number(raw)
        if total is None:
            return
        met = sum(parse_status(m) == MET for m in marks)
        if met == total:
            return
        label = self.header.labels.get("total", "Tổng")
        self.problems.append(Problem(
            WARNING, "total-disagrees",
            f"Xã {commune}: cột '{label}' ghi {cell_text(raw)} tiêu chí đạt, nhưng các ô tiêu chí có {met} ô "
            "Đạt. Số tiêu chí đạt được tính từ các ô; hãy kiểm tra lại.",
            f"Commune {commune}: the '{label}' column says {cell_text(raw)} criteria met, but {met} "
            "criterion cells say met. The count is taken from the cells; check them.",
            sheet=self.sheet.name, row=index + 1, column=label, value=cell_text(raw)))

    def _skip(self, index: int, reason: str) -> None:
        self.unused.append(Unused(self.sheet.name, index + 1, reason, row_text(self.sheet.rows[index])))


def _carries_marks(marks: list) -> bool:
    """Some criterion cell is filled with something other than a count of communes.

    A district heading may carry, per criterion, how many of its communes met it; numbers only, of
    which some exceed 1, are such counts. Any other filling (a status word, a 1 or 0, text) is a
    commune's mark.
    """
    filled = [m for m in marks if parse_status(m) != MISSING]
    if not filled:
        return False
    numbers = [parse_number(m) for m in filled]
    return not (all(n is not None for n in numbers) and any(n > 1 for n in numbers))


def _label_of(header: SummaryHeader, number: str) -> str:
    for (col, n), label in zip(header.criteria, header.criterion_labels):
        if n == number:
            return label
    return f"Tiêu chí {number}"


def _renumber(header: SummaryHeader, criteria_set: CriteriaSet | None) -> SummaryHeader:
    """Named columns matched again against the names of the set the sheet follows (found from its
    titles once the header was found with any set's names); a name that set does not know keeps the
    number it was found with."""
    if criteria_set is None:
        return header
    found = criteria_by_name(list(header.named), criteria_set)
    numbers = [code or n for code, (_, n) in zip(found, header.criteria)]
    if len(set(numbers)) != len(numbers):
        return header  # two columns would name one criterion: keep the first reading
    criteria = tuple((col, number) for (col, _), number in zip(header.criteria, numbers))
    labels = tuple(f"Tiêu chí {n} ({text})" for n, text in zip(numbers, header.named))
    return replace(header, criteria=criteria, criterion_labels=labels)


def _named_warning(sheet: str, header: SummaryHeader) -> Problem:
    pairs = ", ".join(f"'{text}' → {n}" for text, (_, n) in zip(header.named, header.criteria))
    return Problem(
        WARNING, "criteria-by-name",
        f"Trang '{sheet}': các cột tiêu chí ghi tên, không ghi số; đã nhận theo tên tiêu chí của bộ tiêu "
        f"chí: {pairs}. Hãy kiểm tra lại; nên ghi số tiêu chí (1, 2, 3 …) ở dòng tiêu đề.",
        f"Sheet '{sheet}': the criterion columns carry names, not numbers; they were matched to the set's "
        f"criterion names: {pairs}. Check them; better write the criterion numbers (1, 2, 3 …) in the "
        "header.",
        sheet=sheet, row=header.row + 1, column="tiêu chí", value=", ".join(n for _, n in header.criteria))


def _extra_columns(sheet: str, header: SummaryHeader) -> list[Problem]:
    return [Problem(
        WARNING, "extra-column",
        f"Cột '{text}' không thuộc bảng tổng hợp (xã × tiêu chí) nên được bỏ qua.",
        f"The column '{text}' is not part of the summary (commune × criterion) and is ignored.",
        sheet=sheet, row=header.row + 1, column=f"{column_letter(col)} ({text})", value=text)
        for col, text in header.extras]


def _missing_criteria(sheet: str, header: SummaryHeader, criteria_set) -> list[Problem]:
    shown = {n for _, n in header.criteria}
    missing = [c for c in criteria_set.criterion_codes if c not in shown]
    if not missing:
        return []
    listed = ", ".join(missing)
    return [Problem(
        WARNING, "missing-criteria-columns",
        f"Trang '{sheet}': bảng không có cột cho các tiêu chí {listed} của {criteria_set.label}; các tiêu "
        "chí này được tính là 'chưa có dữ liệu' cho mọi xã.",
        f"Sheet '{sheet}': the table has no column for criteria {listed} of {criteria_set.label}; they count "
        "as 'no data' for every commune.",
        sheet=sheet, row=header.row + 1, column="tiêu chí", value=listed)]
