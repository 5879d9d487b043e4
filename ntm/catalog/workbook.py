"""Criteria sets as workbooks: read a user's set (a province's variant), write a set to adapt.

Layout (what ``write_set_workbook`` writes and ``read_set_workbook`` reads):

* sheet ``BoTieuChi``: one key/value row per field of ``SET_COLUMNS`` (column A the key, B the
  value). Keys are the English field names or their Vietnamese labels ("Mã bộ", "Tên bộ",
  "Căn cứ pháp lý", "Số tiêu chí", "Số chỉ tiêu", ...), compared without case or diacritics; the
  writer puts both in one label: "Mã bộ (id)".
* sheet ``ChiTieu``: a header row (within the first 20 rows) holding ``INDICATOR_COLUMNS`` or
  their Vietnamese names ("TT tiêu chí", "Tên tiêu chí", "Mã chỉ tiêu", "Nội dung chỉ tiêu",
  "Đơn vị", "Chỉ tiêu đạt chuẩn", "Độ tin cậy", "Nguồn", "Ghi chú", ...), then one row per
  indicator. A criterion whose indicators are unknown is one row with an empty code. A row with
  a criterion but no code, in a criterion that has indicators, is a criterion heading (as in the
  official forms): it names the criterion and its notes go to the criterion's first indicator.

Codes are best typed as text: a number cell 17.1 cannot say whether 17.10 was meant, so when codes
read from number cells collide or skip within a criterion the reader asks for a text column.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from os import PathLike
from pathlib import Path
from typing import BinaryIO

import openpyxl
import pandas as pd
import python_calamine
from openpyxl.styles import Alignment, Font, PatternFill

from ntm.catalog import INDICATOR_COLUMNS, SET_COLUMNS, CriteriaSet, build_set
from ntm.errors import CatalogError, WorkbookError
from ntm.text import code_sort_key, fold, is_blank, nfc, normalize_code

SET_SHEET = "BoTieuChi"
INDICATOR_SHEET = "ChiTieu"
GUIDE_SHEET = "HuongDan"
USER_CONFIDENCE = "do người dùng cung cấp (user-supplied)"

# The label written for each field, and other names a user may type (all compared folded).
SET_LABELS = {
    "id": ("Mã bộ", ["ma bo tieu chi", "ma"]),
    "name_vi": ("Tên bộ", ["ten bo tieu chi", "ten", "ten tieng viet"]),
    "name_en": ("Tên tiếng Anh", ["ten bo tieng anh", "english name"]),
    "family": ("Họ bộ tiêu chí", ["ho bo", "ho", "nhom bo"]),
    "legal_basis": ("Căn cứ pháp lý", ["can cu", "van ban", "quyet dinh"]),
    "year_from": ("Từ năm", ["nam bat dau"]),
    "year_to": ("Đến năm", ["nam ket thuc"]),
    "criteria_count": ("Số tiêu chí", ["tong so tieu chi"]),
    "indicator_count": ("Số chỉ tiêu", ["tong so chi tieu"]),
    "indicators_complete": ("Đủ danh sách chỉ tiêu", ["day du", "danh sach day du", "du chi tieu"]),
    "target_scheme": ("Cách chia mức đạt chuẩn", ["muc dat chuan theo"]),
    "aliases": ("Tên gọi khác", ["ten khac", "bi danh"]),
    "notes": ("Ghi chú", ["ghi chu chung"]),
}
SET_HELP = {
    "id": "Mã ngắn, không dấu, duy nhất, ví dụ: ntm-2021-angiang",
    "family": "Các bộ cùng họ được so sánh qua các năm (ntm, ntm-nc, ...)",
    "criteria_count": "Tổng số tiêu chí theo văn bản",
    "indicator_count": "Tổng số chỉ tiêu theo văn bản (mẫu số của tỷ lệ chỉ tiêu đạt)",
    "indicators_complete": "có: trang ChiTieu liệt kê đủ mọi chỉ tiêu; không: mới biết một phần",
    "target_scheme": "region (theo vùng), group (theo nhóm xã), province (tỉnh quy định)",
    "aliases": "Các tên khác, cách nhau bằng dấu ;",
}
INDICATOR_LABELS = {
    "criterion": ("TT tiêu chí", ["tieu chi", "so tieu chi", "stt tieu chi", "so tt tieu chi", "ma tieu chi"]),
    "criterion_name_vi": ("Tên tiêu chí", ["ten tieu chi tieng viet"]),
    "criterion_name_en": ("Tên tiêu chí (tiếng Anh)", ["ten tieu chi tieng anh"]),
    "group": ("Nhóm nội dung", ["nhom"]),
    "indicator": ("Mã chỉ tiêu", ["ma", "ma so chi tieu", "so chi tieu", "tt chi tieu"]),
    "indicator_name_vi": ("Nội dung chỉ tiêu", ["ten chi tieu", "noi dung", "noi dung tieu chi/chi tieu"]),
    "indicator_name_en": ("Nội dung chỉ tiêu (tiếng Anh)", ["ten chi tieu tieng anh"]),
    "unit": ("Đơn vị", ["don vi tinh", "dvt"]),
    "comparator": ("So sánh", ["dau so sanh", "phep so sanh"]),
    "target": ("Chỉ tiêu đạt chuẩn", ["muc dat chuan", "chi tieu/muc dat chuan", "chi tieu / muc dat chuan"]),
    "target_detail": ("Mức đạt chuẩn chi tiết", ["muc dat chuan theo vung", "muc dat chuan theo nhom"]),
    "confidence": ("Độ tin cậy", ["muc do tin cay"]),
    "source": ("Nguồn", ["nguon tham khao", "nguon du lieu"]),
    "notes": ("Ghi chú", []),
}
_HEADER_SCAN_ROWS = 20
_CRITERION_WORDS = re.compile(r"^(?:tieu chi|tc)\s*(?:so\s*)?(\d+)$")

Source = str | PathLike | bytes | bytearray | memoryview | BinaryIO


def _lookup(labels: dict[str, tuple[str, list[str]]]) -> dict[str, str]:
    table = {}
    for field_name, (label, others) in labels.items():
        for name in (field_name, label, f"{label} ({field_name})", *others):
            table[fold(name)] = field_name
    return table


_SET_KEYS = _lookup(SET_LABELS)
_INDICATOR_KEYS = _lookup(INDICATOR_LABELS)


def _field(text: object, table: dict[str, str]) -> str | None:
    """The field a key or header cell names: "Mã bộ (id)", "Mã bộ", "id" all give "id"."""
    key = fold(text).rstrip(":").strip()
    if key in table:
        return table[key]
    match = re.fullmatch(r"(.*?)\s*\((.*)\)", key)
    if match:
        return table.get(match.group(1).strip()) or table.get(match.group(2).strip())
    return None


# --- reading --------------------------------------------------------------------------------

def read_set_workbook(source: Source, *, file_name: str | None = None) -> CriteriaSet:
    """A checked criteria set from a workbook in the ``BoTieuChi``/``ChiTieu`` layout.

    Args:
        source: a path, the file's bytes, or a binary file object (e.g. an upload).
        file_name: the name shown in messages and kept as the set's origin ("tệp <name>");
            defaults to the path's name.

    Returns:
        The set, with ``origin`` "tệp <file_name>". Blank confidences read
        "do người dùng cung cấp (user-supplied)" and blank sources name the file.

    Raises:
        WorkbookError: the file is not a workbook, or lacks a sheet or the header row.
        CatalogError: the set is malformed (duplicate codes, an indicator under another
            criterion, counts that disagree, codes typed as numbers that cannot be told apart).
    """
    name = file_name or _source_name(source)
    workbook = _open(source, name)
    sheets = {_sheet_key(sheet): sheet for sheet in workbook.sheet_names}
    missing = [s for s in (SET_SHEET, INDICATOR_SHEET) if _sheet_key(s) not in sheets]
    if missing:
        found = ", ".join(workbook.sheet_names) or "(không có / none)"
        raise WorkbookError(
            f"Tệp '{name}' không phải là bộ tiêu chí: thiếu trang {' và '.join(missing)} "
            f"(cần hai trang {SET_SHEET} và {INDICATOR_SHEET}; tệp có: {found}). "
            "Hãy tải bộ tiêu chí mẫu về, sửa rồi tải lên lại.",
            f"'{name}' is not a criteria-set workbook: sheet {' and '.join(missing)} is missing "
            f"(it needs the sheets {SET_SHEET} and {INDICATOR_SHEET}; found: {found}). "
            "Download a set, adapt it and upload it again.",
        )
    meta = _read_meta(_cells(workbook, sheets[_sheet_key(SET_SHEET)]), name)
    rows = _read_indicators(_cells(workbook, sheets[_sheet_key(INDICATOR_SHEET)]), name)
    rows["confidence"] = rows["confidence"].where(rows["confidence"] != "", USER_CONFIDENCE)
    rows["source"] = rows["source"].where(rows["source"] != "", f"tệp {name}")
    if is_blank(meta.get("indicators_complete")):
        meta["indicators_complete"] = "yes"  # a user's own set lists its indicators
    return build_set(meta, rows, origin=f"tệp {name}")


def _source_name(source: Source) -> str:
    if isinstance(source, (str, PathLike)):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or "")).name or "tải lên (upload)"


def _open(source: Source, name: str) -> python_calamine.CalamineWorkbook:
    try:
        if isinstance(source, (str, PathLike)):
            data = Path(source).read_bytes()
        elif isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
        else:
            data = source.read()
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except OSError as error:
        raise WorkbookError(f"Không mở được tệp '{name}': {error}.",
                            f"Cannot open '{name}': {error}.") from error
    except python_calamine.PasswordError as error:
        raise WorkbookError(f"Tệp '{name}' có mật khẩu: hãy bỏ mật khẩu rồi tải lên lại.",
                            f"'{name}' is password-protected: remove the password and upload it again.") from error
    except (python_calamine.CalamineError, ValueError) as error:
        raise WorkbookError(
            f"Tệp '{name}' không phải là tệp Excel đọc được (.xlsx, .xls, .ods) hoặc đã hỏng ({error}). "
            "Hãy mở bằng Excel, lưu lại dạng .xlsx rồi tải lên.",
            f"'{name}' is not a readable Excel workbook (.xlsx, .xls, .ods) or is damaged ({error}). "
            "Open it in Excel, save it as .xlsx and upload it again.",
        ) from error


def _sheet_key(name: str) -> str:
    return re.sub(r"[\s_\-]", "", fold(name))


def _cells(workbook: python_calamine.CalamineWorkbook, sheet: str) -> list[list[object]]:
    return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _read_meta(cells: list[list[object]], name: str) -> dict:
    meta: dict = {}
    unknown = []
    for index, row in enumerate(cells, start=1):
        key, value = (list(row) + ["", ""])[:2]
        if is_blank(key) and is_blank(value):
            continue
        field_name = _field(key, _SET_KEYS)
        if field_name is None:
            if is_blank(value) or (index == 1 and re.match(r"(thong tin|field|key|truong|muc)\b", fold(key))):
                continue  # a free-standing note, or the header row ("Thông tin | Giá trị")
            unknown.append(f"A{index} '{nfc(key)}'")
            continue
        meta[field_name] = value
    if unknown:
        listed = ", ".join(unknown)
        known = ", ".join(label for label, _ in SET_LABELS.values())
        raise CatalogError(
            f"Trang {SET_SHEET} của tệp '{name}' có mục không biết: {listed}. Các mục dùng được: {known}.",
            f"Sheet {SET_SHEET} of '{name}' has unknown keys: {listed}. Known keys: {', '.join(SET_COLUMNS)}.",
        )
    return meta


def _find_header(cells: list[list[object]], name: str) -> tuple[int, dict[int, str]]:
    for index, row in enumerate(cells[:_HEADER_SCAN_ROWS]):
        columns = {i: f for i, cell in enumerate(row) if (f := _field(cell, _INDICATOR_KEYS))}
        fields = Counter(columns.values())
        if "indicator" in fields and ("criterion" in fields or "indicator_name_vi" in fields):
            doubled = [f for f, n in fields.items() if n > 1]
            if doubled:
                raise WorkbookError(
                    f"Trang {INDICATOR_SHEET} của tệp '{name}' có cột trùng ý nghĩa: {', '.join(doubled)}.",
                    f"Sheet {INDICATOR_SHEET} of '{name}' has two columns for: {', '.join(doubled)}.",
                )
            return index, columns
    raise WorkbookError(
        f"Trang {INDICATOR_SHEET} của tệp '{name}' không có dòng tiêu đề trong {_HEADER_SCAN_ROWS} dòng đầu: "
        "cần ít nhất các cột 'Mã chỉ tiêu' và 'TT tiêu chí' (hoặc 'Nội dung chỉ tiêu').",
        f"Sheet {INDICATOR_SHEET} of '{name}' has no header row in its first {_HEADER_SCAN_ROWS} rows: "
        "it needs at least the columns 'Mã chỉ tiêu' (indicator) and 'TT tiêu chí' (criterion).",
    )


def _criterion_code(value: object) -> str:
    """A criterion cell as a code: 5, 5.0, "05", "Tiêu chí 5", "TC số 5" all give "5"."""
    match = _CRITERION_WORDS.match(fold(value))
    if match:
        return normalize_code(match.group(1))
    return normalize_code(value)


def _read_indicators(cells: list[list[object]], name: str) -> pd.DataFrame:
    header, columns = _find_header(cells, name)
    records, typed_as_number, stray = [], set(), []
    for excel_row, row in enumerate(cells[header + 1:], start=header + 2):
        values = {f: row[i] if i < len(row) else "" for i, f in columns.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        record = {f: nfc(v) for f, v in values.items()}
        raw_code = values.get("indicator", "")
        record["indicator"] = normalize_code(raw_code)
        record["criterion"] = _criterion_code(values.get("criterion", ""))
        if isinstance(raw_code, float) and not raw_code.is_integer():
            typed_as_number.add(record["indicator"])
        if not record["criterion"] and record["indicator"]:
            record["criterion"] = record["indicator"].split(".", 1)[0]
        if not record["criterion"] or not record["criterion"].isdigit():
            stray.append(f"{excel_row} ('{nfc(values.get('criterion', '')) or record['indicator']}')")
            continue
        records.append(record)
    if stray:
        raise CatalogError(
            f"Trang {INDICATOR_SHEET} của tệp '{name}': dòng {', '.join(stray)} không có số tiêu chí "
            "hay mã chỉ tiêu đọc được. Hãy ghi số tiêu chí (1, 2, …) hoặc xoá dòng đó.",
            f"Sheet {INDICATOR_SHEET} of '{name}': row {', '.join(stray)} has no readable criterion number "
            "or indicator code. Write the criterion number (1, 2, …) or delete the row.",
        )
    frame = pd.DataFrame(records).reindex(columns=INDICATOR_COLUMNS).astype(object).fillna("")
    _check_codes_typed_as_numbers(frame, typed_as_number, name)
    return _fold_criterion_headings(frame)


def _check_codes_typed_as_numbers(frame: pd.DataFrame, typed: set[str], name: str) -> None:
    """Codes from number cells must not collide (17.1 twice) or skip (17.9 then 17.11)."""
    bad = []
    for criterion, codes in frame.loc[frame["indicator"] != "", ["criterion", "indicator"]].groupby("criterion"):
        codes = list(codes["indicator"])
        if not typed & set(codes):
            continue
        subs = [code.split(".", 1)[1] for code in codes if "." in code]
        numbers = sorted(int(s) for s in subs if s.isdigit())
        if len(set(codes)) < len(codes) or numbers != list(range(1, len(numbers) + 1)):
            bad.append(criterion)
    if bad:
        listed = ", ".join(sorted(bad, key=code_sort_key))
        raise CatalogError(
            f"Tệp '{name}': mã chỉ tiêu của tiêu chí {listed} được nhập dạng số nên không phân biệt được "
            "(ví dụ 17.1 và 17.10). Hãy định dạng cột 'Mã chỉ tiêu' là Text rồi gõ lại mã.",
            f"'{name}': the indicator codes of criterion {listed} were typed as numbers and cannot be "
            "told apart (e.g. 17.1 and 17.10). Format the 'Mã chỉ tiêu' column as text and retype the codes.",
        )


def _fold_criterion_headings(frame: pd.DataFrame) -> pd.DataFrame:
    """Criterion names filled down; heading rows of criteria that have indicators folded in."""
    for column in ("criterion_name_vi", "criterion_name_en", "group"):
        first = frame[frame[column] != ""].groupby("criterion")[column].first().to_dict()
        frame[column] = frame["criterion"].map(lambda criterion: first.get(criterion, ""))
    with_codes = set(frame.loc[frame["indicator"] != "", "criterion"])
    heading = (frame["indicator"] == "") & frame["criterion"].isin(with_codes)
    for row in frame[heading].itertuples():
        extra = " ".join(x for x in (row.target, row.notes) if x)
        if extra:
            first = frame.index[(frame["criterion"] == row.criterion) & (frame["indicator"] != "")][0]
            joined = " | ".join(x for x in (frame.at[first, "notes"], f"[tiêu chí {row.criterion}] {extra}") if x)
            frame.at[first, "notes"] = joined
    return frame[~heading].reset_index(drop=True)


# --- writing --------------------------------------------------------------------------------

def write_set_workbook(criteria_set: CriteriaSet, target: str | PathLike | BinaryIO) -> None:
    """Write ``criteria_set`` in the layout ``read_set_workbook`` reads, for users to adapt.

    Codes are written as text cells (so "17.10" stays "17.10" when edited in Excel). A third
    sheet, ``HuongDan``, explains how to adapt the set.

    Args:
        criteria_set: the set to write (shipped or user-supplied).
        target: a path or a binary file object to save the .xlsx to.
    """
    workbook = openpyxl.Workbook()
    meta_sheet = workbook.active
    meta_sheet.title = SET_SHEET
    _append(meta_sheet, ["Thông tin (field)", "Giá trị (value)", "Giải thích (help)"])
    for field_name in SET_COLUMNS:
        label = SET_LABELS[field_name][0]
        _append(meta_sheet, [f"{label} ({field_name})", _meta_value(criteria_set, field_name),
                             SET_HELP.get(field_name, "")])
    _style(meta_sheet, [34, 70, 70])

    sheet = workbook.create_sheet(INDICATOR_SHEET)
    _append(sheet, [f"{INDICATOR_LABELS[c][0]} ({c})" for c in INDICATOR_COLUMNS])
    for record in criteria_set.rows.reindex(columns=INDICATOR_COLUMNS).fillna("").itertuples(index=False):
        _append(sheet, [str(v) for v in record])
    for column in ("criterion", "indicator"):
        letter = openpyxl.utils.get_column_letter(INDICATOR_COLUMNS.index(column) + 1)
        for cell in sheet[letter]:
            cell.number_format = "@"
    _style(sheet, [12, 28, 22, 18, 12, 60, 40, 10, 9, 22, 30, 22, 30, 40])

    guide = workbook.create_sheet(GUIDE_SHEET)
    for line in _GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    workbook.save(target)


def _append(sheet, values: list) -> None:
    """Append a row; text starting with "=" (the comparator "=") stays text, not a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _meta_value(criteria_set: CriteriaSet, field_name: str) -> object:
    value = getattr(criteria_set, field_name)
    if field_name == "indicators_complete":
        return "có" if value else "không"
    if field_name == "aliases":
        return "; ".join(value)
    return "" if value is None else value


def _style(sheet, widths: list[int]) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


_GUIDE = [
    "Bộ tiêu chí dạng Excel — cách sửa cho tỉnh của bạn (How to adapt this criteria set)",
    "",
    f"1. Trang {SET_SHEET}: đổi 'Mã bộ' (ví dụ ntm-2021-angiang), 'Tên bộ', 'Căn cứ pháp lý' (quyết định của tỉnh).",
    "2. 'Số tiêu chí' và 'Số chỉ tiêu' phải khớp với trang ChiTieu khi 'Đủ danh sách chỉ tiêu' là 'có'.",
    f"3. Trang {INDICATOR_SHEET}: mỗi dòng một chỉ tiêu; mã viết dạng 1.1, 17.10 (cột để dạng Text, đừng đổi sang số).",
    "   Tiêu chí chỉ có một chỉ tiêu thì mã là số tiêu chí (5, 7, 11). Mã phải bắt đầu bằng số tiêu chí của nó.",
    "4. Thêm chỉ tiêu của tỉnh bằng một dòng mới; sửa mức đạt chuẩn ở cột 'Chỉ tiêu đạt chuẩn'.",
    "5. 'Độ tin cậy' để trống sẽ ghi là 'do người dùng cung cấp'. Không đổi tên trang và tên cột.",
    "",
    f"1. Sheet {SET_SHEET}: change the id, name and legal basis. 2. Counts must match sheet {INDICATOR_SHEET}.",
    "3. One row per indicator; keep the code column as text (17.10 is not 17.1). 4. Add rows for your "
    "province's indicators. 5. Do not rename sheets or columns.",
]
