"""A province's list of commune groups (nhóm xã, 2026–2030), to set them after upload.

    Xã | Mã xã | Nhóm xã            (any order; "Tên xã", "Commune", "Commune code", "Nhóm", "Group")
    Khánh Bình |  | 1
    Nhơn Hội   |  | Nhóm 3

A .csv (UTF-8, with or without BOM; comma or semicolon) or an Excel workbook (the first visible
sheet with such a header in its first rows). Headers are matched as every header is (no case,
diacritics or spacing); each row names a commune by name and/or official code. Every problem is
listed with its row and column; ``read_group_list`` never drops a row silently.

``write_group_list`` writes such a list as a workbook (a province's communes with the groups
recorded so far, to fill in and upload again); ``read_group_list`` reads it back unchanged.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from ntm.loaders.base import cell_text
from ntm.loaders.groups import INVALID, bad_group, parse_group
from ntm.loaders.header import find_header
from ntm.loaders.source import open_workbook
from ntm.schema import ERROR, Problem, problems_frame
from ntm.text import is_blank, nfc

GROUP_LIST_COLUMNS = ["commune", "commune_code", "commune_group", "row"]
NAMES = {
    "commune": ("Xã", "Tên xã", "Tên đơn vị", "Commune"),
    "commune_code": ("Mã xã", "Mã đơn vị", "Commune code"),
    "commune_group": ("Nhóm xã", "Nhóm", "Group", "Commune group"),
}


def read_group_list(content: bytes, file_name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of a group list and the problems found in it.

    Returns:
        (``GROUP_LIST_COLUMNS``: one row per commune given a valid group, ``row`` its line or Excel
        row; the problems table). A list with any error must not be applied.

    Raises:
        WorkbookError: an Excel file that cannot be read (``ntm.loaders.source``).
    """
    if file_name.lower().endswith(".csv"):
        sheet, rows = file_name, _csv_rows(content)
    else:
        sheets = [s for s in open_workbook(content, file_name) if s.visible]
        found = next(((s, find_header(s.rows, NAMES, 2, ("commune_group",))) for s in sheets
                      if find_header(s.rows, NAMES, 2, ("commune_group",)) is not None), None)
        sheet, rows = (found[0].name, found[0].rows) if found else (file_name, [])
    header = find_header(rows, NAMES, 2, ("commune_group",))
    if header is None or not {"commune", "commune_code"} & set(header.columns):
        return _empty(), problems_frame([Problem(
            ERROR, "no-group-list-header",
            f"Không tìm thấy dòng tiêu đề trong '{file_name}': cần một cột 'Xã' (hoặc 'Mã xã') và một cột "
            "'Nhóm xã'.",
            f"No header row found in '{file_name}': a 'Xã' (commune) or 'Mã xã' (code) column and a 'Nhóm xã' "
            "(group) column are needed.", sheet=sheet)])
    problems: list[Problem] = []
    out: list[dict] = []
    seen: dict[tuple, tuple[int, int]] = {}
    for index in range(header.row + 1, len(rows)):
        cells = rows[index]
        values = {f: (cells[i] if i < len(cells) else "") for f, i in header.columns.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        excel_row = index + 1
        commune = nfc(cell_text(values.get("commune", ""))).strip()
        code = cell_text(values.get("commune_code", "")).strip()
        raw = values["commune_group"]
        group = parse_group(raw)
        if not commune and not code:
            label = header.labels.get("commune", header.labels.get("commune_code"))
            problems.append(Problem(ERROR, "missing-commune",
                                    f"Dòng {excel_row} có nhóm nhưng chưa ghi xã: hãy ghi tên xã hoặc mã xã.",
                                    f"Row {excel_row} gives a group but no commune: write its name or code.",
                                    sheet=sheet, row=excel_row, column=label))
            continue
        if group is None:  # a blank group in a list of groups is no group either: say what to do
            problems.append(Problem(
                ERROR, "missing-commune-group",
                f"Dòng {excel_row} ghi xã '{commune or code}' nhưng chưa ghi nhóm: hãy ghi 1, 2 hoặc 3, "
                "hoặc xóa dòng này nếu chưa rõ nhóm. Danh sách chưa được áp dụng.",
                f"Row {excel_row} names '{commune or code}' but gives no group: write 1, 2 or 3, or delete "
                "the row if the group is not known. The list is not applied.",
                sheet=sheet, row=excel_row, column=header.labels["commune_group"]))
            continue
        if group == INVALID:
            problems.append(bad_group(sheet, excel_row, header.labels["commune_group"], raw, severity=ERROR))
            continue
        key = (code.lstrip("0") or None, None if code else commune.lower())
        if key in seen and seen[key][1] != group:
            problems.append(Problem(
                ERROR, "conflicting-commune-group",
                f"'{commune or code}' được ghi hai nhóm khác nhau (dòng {seen[key][0]} và dòng {excel_row}).",
                f"'{commune or code}' is given two different groups (rows {seen[key][0]} and {excel_row}).",
                sheet=sheet, row=excel_row, column=header.labels["commune_group"], value=str(group)))
            continue
        seen[key] = (excel_row, group)
        out.append({"commune": commune or None, "commune_code": code or None, "commune_group": group,
                    "row": excel_row})
    frame = pd.DataFrame(out, columns=GROUP_LIST_COLUMNS) if out else _empty()
    return frame, problems_frame(problems)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({"commune": pd.Series(dtype=object), "commune_code": pd.Series(dtype=object),
                         "commune_group": pd.Series(dtype="Int8"), "row": pd.Series(dtype="int64")})


def _csv_rows(content: bytes) -> list[list]:
    """A CSV's rows as text cells (UTF-8 with or without BOM; comma, semicolon or tab)."""
    text = content.decode("utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


LIST_SHEET = "NhomXa"
GUIDE_SHEET = "HuongDan"
LIST_HEADER = ("Xã", "Mã xã", "Nhóm xã")
GUIDE = (
    ("Danh sách nhóm xã (bộ tiêu chí 2026–2030, QĐ 51/2025/QĐ-TTg) của một tỉnh.",
     "A province's list of commune groups (2026–2030 criteria set, QĐ 51/2025/QĐ-TTg)."),
    ("Mỗi dòng một xã: tên xã (cột Xã) và/hoặc mã đơn vị hành chính (cột Mã xã), nhóm 1, 2 hoặc 3.",
     "One row per commune: its name (Xã) and/or official code (Mã xã), and its group 1, 2 or 3."),
    ("Nhóm 1: xã giáp ranh hoặc định hướng đô thị, hoặc nông nghiệp dưới 10% kinh tế; nhóm 3: xã khu vực "
     "II, III vùng dân tộc thiểu số và miền núi; nhóm 2: các xã còn lại.",
     "Group 1: communes next to or oriented to urban areas, or where agriculture is under 10% of the "
     "economy; group 3: area II/III ethnic-minority and mountain communes; group 2: the others."),
    ("Dòng để trống nhóm là lỗi: hãy ghi nhóm hoặc xóa dòng. Danh sách có lỗi thì không xã nào được ghi.",
     "A row without a group is an error: write the group or delete the row. A list with an error changes "
     "nothing."),
)


def write_group_list(rows: pd.DataFrame) -> bytes:
    """A group list workbook (.xlsx) that ``read_group_list`` reads: sheet ``NhomXa`` with the
    columns Xã | Mã xã | Nhóm xã, then a ``HuongDan`` sheet saying how to fill it in.

    Args:
        rows: one row per commune: ``commune``, ``commune_code`` (text; kept as text so leading
            zeros stay) and ``commune_group`` (1..3, or NA: the cell is left blank to fill in).
    """
    book = Workbook()
    sheet = book.active
    sheet.title = LIST_SHEET
    sheet.append(list(LIST_HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in rows.to_dict("records"):
        group = record.get("commune_group")
        code = record.get("commune_code")
        sheet.append([record.get("commune") or None, None if pd.isna(code) or code == "" else str(code),
                      None if pd.isna(group) else int(group)])
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].number_format = "@"  # a code is text: "030316" keeps its zero
    allowed = DataValidation(type="whole", operator="between", formula1="1", formula2="3", allow_blank=True,
                             error="1, 2 hoặc 3 / 1, 2 or 3", showErrorMessage=True)
    sheet.add_data_validation(allowed)
    allowed.add(f"C2:C{max(len(rows) + 1, 2) + 500}")  # room for communes added by hand
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 28, 12
    sheet.column_dimensions["C"].width = 10
    sheet.freeze_panes = "A2"
    guide = book.create_sheet(GUIDE_SHEET)
    guide.append(["Hướng dẫn", "Guide"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for vi, en in GUIDE:
        guide.append([vi, en])
    guide.column_dimensions["A"].width = guide.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
