"""Lineage corrections from a workbook: where a province's decision differs from the dataset.

Layout (what ``write_correction_template`` writes and ``read_corrections`` reads): a sheet
``HieuChinh`` with a header row (within the first 10 rows) and one row per succession — an old
unit (or the part of it) that became part of a new unit on a date:

| Vietnamese header | English header     | what it holds                                            |
|-------------------|--------------------|----------------------------------------------------------|
| Mã xã cũ          | Old commune code   | required; the code in the map in force before the date    |
| Tên xã cũ         | Old commune name   | checked against the code; required for a code the list lacks |
| Huyện cũ          | Old district       | optional (a unit the list lacks)                           |
| Tỉnh cũ           | Old province       | required for a unit the list lacks                         |
| Mã xã mới         | New commune code   | required; the code in the map in force from the date      |
| Tên xã mới        | New commune name   | as for the old name                                       |
| Tỉnh mới          | New province       | as for the old province                                   |
| Ngày hiệu lực     | Effective date     | default 1/7/2025; 1/11/2024 links two units of the old map |
| Một phần          | Part only          | "x"/"có" when the old unit was divided between new units   |
| Phần chính        | Main part          | "x" on the new unit the divided unit's history follows     |
| Căn cứ            | Legal basis        | e.g. "Nghị quyết 1654/NQ-UBTVQH15"                         |
| Ghi chú           | Note               |                                                           |

Headers are matched without case or diacritics, in any order, in either language. The rows for
one old code replace everything the dataset says about that code (so a workbook can move a
commune to another successor, or divide it); codes the dataset lacks are added with the names
given. Every problem is reported with its sheet, Excel row and column, all in one pass.

``corrected_registry`` gives the registry a stored correction workbook makes (the store keeps the
workbook's bytes; every process builds the same registry from them, once per workbook).
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from os import PathLike
from pathlib import Path
from typing import BinaryIO

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill

from ntm.errors import WorkbookError
from ntm.schema import ERROR, WARNING, Problem, problems_frame
from ntm.text import fold, is_blank, nfc, place_key
from ntm.units.dataset import REORGANISATION, Succession, Unit
from ntm.units.registry import Registry, default_registry, normalize_unit_code

SHEET = "HieuChinh"
GUIDE_SHEET = "HuongDan"
SOURCE = "correction"
# key: (Vietnamese header, English header, other names typed, help)
COLUMNS = {
    "old_code": ("Mã xã cũ", "Old commune code", ["ma cu", "ma dvhc cu", "old code"],
                 "Mã đơn vị hành chính cấp xã trước ngày hiệu lực (5 chữ số). Bắt buộc."),
    "old_name": ("Tên xã cũ", "Old commune name", ["xa cu", "ten cu", "old name", "old commune"],
                 "Tên xã cũ, để kiểm tra mã; bắt buộc nếu mã không có trong danh mục."),
    "old_district": ("Huyện cũ", "Old district", ["huyen", "district"], "Huyện của xã cũ (không bắt buộc)."),
    "old_province": ("Tỉnh cũ", "Old province", ["tinh cu"],
                     "Tỉnh của xã cũ; bắt buộc nếu mã không có trong danh mục."),
    "new_code": ("Mã xã mới", "New commune code", ["ma moi", "ma dvhc moi", "new code"],
                 "Mã đơn vị hành chính cấp xã từ ngày hiệu lực (5 chữ số). Bắt buộc."),
    "new_name": ("Tên xã mới", "New commune name", ["xa moi", "ten moi", "new name", "new commune"],
                 "Tên xã mới, để kiểm tra mã; bắt buộc nếu mã không có trong danh mục."),
    "new_province": ("Tỉnh mới", "New province", ["tinh moi"],
                     "Tỉnh của xã mới; bắt buộc nếu mã không có trong danh mục."),
    "effective": ("Ngày hiệu lực", "Effective date", ["hieu luc", "ngay", "date", "effective"],
                  "Ngày sắp xếp có hiệu lực; để trống là 01/07/2025."),
    "part": ("Một phần", "Part only", ["mot phan", "part", "chia tach"],
             "Ghi x nếu xã cũ được chia cho nhiều xã mới (mỗi phần một dòng)."),
    "main": ("Phần chính", "Main part", ["chinh", "main"],
             "Ghi x ở xã mới mà lịch sử của xã cũ bị chia được tính vào."),
    "basis": ("Căn cứ", "Legal basis", ["can cu phap ly", "nghi quyet", "van ban", "basis"],
              "Văn bản quyết định, ví dụ Nghị quyết 1654/NQ-UBTVQH15."),
    "note": ("Ghi chú", "Note", ["notes", "ghi chu khac"], ""),
}
REQUIRED = ("old_code", "new_code")
_YES = {"x", "co", "yes", "y", "1", "true", "dung", "v", "✓"}
_NO = {"", "khong", "no", "n", "0", "false"}


@dataclass(frozen=True)
class Corrections:
    """What a correction workbook says: successions and units to add, and every problem found."""

    successions: tuple[Succession, ...]
    units: tuple[Unit, ...]
    problems: pd.DataFrame
    file_name: str = ""

    @property
    def ok(self) -> bool:
        """True when no problem blocks applying the corrections."""
        return not bool((self.problems["severity"] == ERROR).any())

    def apply(self, registry: Registry) -> Registry:
        """``registry`` with these corrections (only call when ``ok``)."""
        return registry.corrected(list(self.successions), list(self.units), self.file_name or SOURCE)


def _header_key(text: object) -> str | None:
    key = fold(text).rstrip(" *:")
    for name, (vi, en, others, _) in COLUMNS.items():
        if key in (fold(vi), fold(en), *others) or key.startswith(fold(vi) + " (") or key == name:
            return name
    return None


def _open(source) -> openpyxl.Workbook:
    try:
        data = source.read() if hasattr(source, "read") else Path(source).read_bytes()
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except OSError as error:
        raise WorkbookError(f"Không mở được tệp: {error.strerror}",
                            f"Cannot open the file: {error.strerror}") from error
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise WorkbookError("Tệp không phải bảng tính Excel (.xlsx) đọc được.",
                            "The file is not a readable Excel workbook (.xlsx).") from error


def read_corrections(source: str | PathLike | BinaryIO, registry: Registry, *,
                     file_name: str = "") -> Corrections:
    """Read and check a lineage correction workbook against ``registry``.

    Args:
        source: a path or a binary file object (an upload).
        registry: the units the codes are checked against.
        file_name: how problems and the corrected registry name the file.

    Raises:
        WorkbookError: the file cannot be read as a workbook at all.
    """
    book = _open(source)
    problems: list[Problem] = []
    sheet, header_row, columns = _find_header(book)
    if sheet is None:
        book.close()
        names = ", ".join(f"'{COLUMNS[k][0]}' ('{COLUMNS[k][1]}')" for k in REQUIRED)
        problems.append(Problem(ERROR, "missing-column",
                                f"Không tìm thấy dòng tiêu đề có các cột {names}.",
                                f"No header row with the columns {names} was found."))
        return Corrections((), (), problems_frame(problems), file_name)
    successions: list[tuple[int, Succession]] = []
    units: dict[tuple[str, str], Unit] = {}
    rows = sheet.iter_rows(min_row=header_row + 1, values_only=True)
    for row_number, cells in enumerate(rows, header_row + 1):
        row = {key: cells[index] if index < len(cells) else None for key, index in columns.items()}
        if all(is_blank(v) for v in row.values()):
            continue
        checked = _check_row(row, registry, sheet.title, row_number, columns, problems, units)
        if checked is not None:
            successions.append((row_number, checked))
    book.close()
    final = _settle_parts(successions, sheet.title, columns, problems)
    return Corrections(tuple(final), tuple(units.values()), problems_frame(problems), file_name)


def _find_header(book) -> tuple[object, int, dict[str, int]]:
    for sheet in book.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        for row_number, cells in enumerate(sheet.iter_rows(max_row=10, values_only=True), 1):
            columns: dict[str, int] = {}
            for index, value in enumerate(cells):
                key = _header_key(value) if isinstance(value, str) else None
                if key and key not in columns:
                    columns[key] = index
            if all(k in columns for k in REQUIRED):
                return sheet, row_number, columns
    return None, 0, {}


def _letter(columns: dict[str, int], key: str) -> str | None:
    return openpyxl.utils.get_column_letter(columns[key] + 1) if key in columns else None


def _check_row(row, registry, sheet, row_number, columns, problems, units) -> Succession | None:
    def problem(severity, code, key, vi, en):
        value = row.get(key)
        problems.append(Problem(severity, code, vi, en, sheet=sheet, row=row_number,
                                column=_letter(columns, key), value=None if is_blank(value) else nfc(value)))

    effective = _date(row.get("effective"))
    if effective is None:
        problem(ERROR, "bad-date", "effective", "Ngày hiệu lực không đọc được; ghi dạng 01/07/2025.",
                "The effective date cannot be read; write it as 01/07/2025 (day/month/year).")
    # The rest of the row is still checked (every problem in one pass), on the 2025 maps.
    template = Succession("", "", effective or REORGANISATION)
    codes = {}
    for side, map_ in (("old", template.old_map), ("new", template.new_map)):
        code = normalize_unit_code(row.get(f"{side}_code"))
        if not code:
            label_vi, label_en = COLUMNS[f"{side}_code"][:2]
            problem(ERROR, "bad-code", f"{side}_code",
                    f"Thiếu hoặc sai '{label_vi}': cần mã số (ví dụ 30341).",
                    f"'{label_en}' is missing or not a number (e.g. 30341).")
            continue
        unit = _check_unit(side, map_, code, row, registry, problem, units)
        if unit is not None:
            codes[side] = code
    if len(codes) < 2 or effective is None:
        return None
    flags = {}
    for key in ("part", "main"):
        word = fold(row.get(key))
        if word not in _YES | _NO:
            problem(ERROR, "bad-flag", key, f"'{COLUMNS[key][0]}' chỉ ghi x (có) hoặc để trống.",
                    f"'{COLUMNS[key][1]}' takes x (yes) or nothing.")
        flags[key] = word in _YES
    return Succession(codes["old"], codes["new"], effective, part=flags["part"], main=flags["main"],
                      source=SOURCE, basis=nfc(row.get("basis")), note=nfc(row.get("note")))


def _check_unit(side, map_, code, row, registry, problem, units) -> Unit | None:
    name, province = nfc(row.get(f"{side}_name")), nfc(row.get(f"{side}_province"))
    known = registry.unit(map_, code) or units.get((map_, code))
    label_vi, label_en = ("cũ", "old") if side == "old" else ("mới", "new")
    if known is not None:
        if name and place_key(name) != place_key(known.name) and place_key(name) not in known.keywords:
            problem(ERROR, "code-name-mismatch", f"{side}_name",
                    f"Mã {code} là {known.label()}, không phải '{name}'. Sửa mã hoặc tên xã {label_vi}.",
                    f"Code {code} is {known.label()}, not '{name}'. Correct the {label_en} code or name.")
            return None
        return known
    if not name or not province:
        problem(ERROR, "unknown-unit", f"{side}_code",
                f"Mã xã {label_vi} {code} không có trong danh mục: ghi cả tên xã và tỉnh để bổ sung.",
                f"The {label_en} commune code {code} is not in the list: "
                "give its name and province to add it.")
        return None
    province_code = next(iter(sorted(registry.find_provinces(map_, province))), "")
    district = nfc(row.get("old_district")) if side == "old" else ""
    unit = Unit(map_, code, name, province, province_code, district, source=SOURCE)
    units[(map_, code)] = unit
    problem(WARNING, "unit-added", f"{side}_code",
            f"Bổ sung xã {label_vi} {name} (mã {code}, {province}) không có trong danh mục.",
            f"Added the {label_en} commune {name} (code {code}, {province}) that the list lacks.")
    return unit


def _date(value: object) -> date | None:
    if is_blank(value):
        return REORGANISATION
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (datetime(1899, 12, 30) + timedelta(days=float(value))).date()  # an Excel serial day
    text = nfc(value)
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _settle_parts(rows: list[tuple[int, Succession]], sheet: str, columns, problems) -> list[Succession]:
    """Rows sharing an old code are the parts of a divided unit: exactly one is the main part."""
    by_old: dict[tuple[str, str], list[tuple[int, Succession]]] = {}
    for row_number, s in rows:
        group = by_old.setdefault((s.old_map, s.old_code), [])
        if any(other.new_code == s.new_code and other.effective == s.effective for _, other in group):
            problems.append(Problem(WARNING, "duplicate-row", f"Dòng lặp lại: {s.old_code} → {s.new_code}.",
                                    f"Repeated row: {s.old_code} → {s.new_code}.", sheet=sheet,
                                    row=row_number, column=_letter(columns, "new_code"), value=s.new_code))
            continue
        group.append((row_number, s))
    out: list[Succession] = []
    for (_, old_code), group in by_old.items():
        divided = len(group) > 1
        mains = [s for _, s in group if s.main]
        if divided and len(mains) > 1:
            row_number = group[0][0]
            problems.append(Problem(ERROR, "several-main-parts",
                                    f"Xã cũ {old_code} có nhiều 'Phần chính'; chỉ đánh dấu một xã mới.",
                                    f"The old commune {old_code} has several 'Main part' marks; "
                                    "mark one new commune.", sheet=sheet, row=row_number,
                                    column=_letter(columns, "main"), value=old_code))
            continue
        main_code = (mains[0] if mains else group[0][1]).new_code
        out.extend(replace(s, part=s.part or divided, main=s.new_code == main_code) for _, s in group)
    return out


def write_correction_template(target: str | PathLike | BinaryIO | None = None) -> bytes:
    """An empty correction workbook: the ``HieuChinh`` sheet with both-language headers and an
    example row to replace, and a ``HuongDan`` sheet explaining each column. Returns its bytes
    (also written to ``target`` when given)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, (key, (vi, en, _, _)) in enumerate(COLUMNS.items(), 1):
        cell = sheet.cell(row=1, column=index, value=f"{vi} ({en})")
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = 18
    sheet.freeze_panes = "A2"
    guide = book.create_sheet(GUIDE_SHEET)
    guide.append(["Cột (Column)", "Cách ghi"])
    for vi, en, _, help_text in COLUMNS.values():
        guide.append([f"{vi} ({en})", help_text])
    guide.append([])
    guide.append(["", "Các dòng cùng một mã xã cũ thay cho mọi thông tin danh mục có về mã đó. "
                      "Ví dụ: xã cũ 30343 (Khánh Bình, An Phú) → xã mới 30341 (Khánh Bình, An Giang), "
                      "hiệu lực 01/07/2025."])
    guide.append(["", "Rows sharing an old code replace everything the list says about that code."])
    for cell in guide[1]:
        cell.font = bold
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width = 34, 100
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if target is not None:
        if hasattr(target, "write"):
            target.write(data)
        else:
            Path(target).write_bytes(data)
    return data


_CORRECTED: dict[str, Registry] = {}
_CORRECTED_LOCK = threading.Lock()
_CORRECTED_KEEP = 4  # a process sees few correction workbooks (one in force, maybe the one before)


def corrected_registry(content: bytes, file_name: str = "") -> Registry:
    """The installed dataset's registry with a correction workbook applied, built once per workbook.

    Registries are immutable and shared: a server's sessions and the store's imports use the same
    one while the same workbook is in force (building one, with its name indexes, takes seconds).

    Raises:
        WorkbookError: the bytes are not a readable workbook.
        UnitsError: the workbook has errors (the store never keeps such a workbook; say so).
    """
    from ntm.units.errors import UnitsError

    key = hashlib.sha256(content).hexdigest()
    with _CORRECTED_LOCK:
        if key in _CORRECTED:
            return _CORRECTED[key]
    corrections = read_corrections(io.BytesIO(content), default_registry(), file_name=file_name)
    if not corrections.ok:
        raise UnitsError(f"Tệp hiệu chỉnh kế thừa {file_name} có lỗi, không dùng được.",
                         f"The lineage correction workbook {file_name} has errors and cannot be used.")
    registry = corrections.apply(default_registry())
    with _CORRECTED_LOCK:
        while len(_CORRECTED) >= _CORRECTED_KEEP:
            _CORRECTED.pop(next(iter(_CORRECTED)))
        _CORRECTED[key] = registry
    return registry
