"""A province's list of commune groups (nhóm xã, 2026–2030), to set them after upload.

    Xã | Mã xã | Nhóm xã            (any order; "Tên xã", "Commune", "Commune code", "Nhóm", "Group")
    Khánh Bình |  | 1
    Nhơn Hội   |  | Nhóm 3

A .csv (UTF-8, with or without BOM; comma or semicolon) or an Excel workbook (the first visible
sheet with such a header in its first rows). Headers are matched as every header is (no case,
diacritics or spacing); each row names a commune by name and/or official code. Every problem is
listed with its row and column; ``read_group_list`` never drops a row silently.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

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
        if group is None or group == INVALID:  # a blank group in a list of groups is no group either
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
