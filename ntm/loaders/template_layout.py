"""Our template layout (``ntm.template``): one header row, one row per indicator result.

The header is recognised by its words (Vietnamese or English, any case, diacritics, spacing or
order) anywhere in the first rows of a sheet; columns it does not know are reported and ignored.
"""

from __future__ import annotations

from ntm.loaders.base import Entry, Layout, ReadContext, SheetRead, Unused, column_letter, row_text
from ntm.loaders.header import HeaderMatch, find_header
from ntm.loaders.source import SheetData
from ntm.schema import ERROR, WARNING, Problem
from ntm.template import TEMPLATE_COLUMNS
from ntm.text import is_blank

NAME = "template"
COLUMN_NAMES = {c.field: (c.vi, c.en) for c in TEMPLATE_COLUMNS}
COLUMN_NAMES["commune_group"] += ("Nhóm", "Group")  # the short words a summary uses too
_COLUMNS = {c.field: c for c in TEMPLATE_COLUMNS}
REQUIRED = tuple(c.field for c in TEMPLATE_COLUMNS if c.required == "yes")
# A row naming this many template columns, one of them an anchor, is taken for the header. The
# template's guide and catalog sheets name at most two per row; a summary sheet with Tỉnh, Huyện,
# Xã, Năm columns has no anchor (it belongs to another layout). An official form's header
# (Chỉ tiêu đạt chuẩn | Kết quả | Đánh giá | Ghi chú) names template columns too, but none that
# says which commune, year, set or indicator a row is about.
MIN_FIELDS = 4
ANCHORS = ("code", "status")
IDENTITY = ("commune", "year", "criteria_set", "code")
LOOKED_FOR = (
    "mẫu nhập liệu của ứng dụng: một dòng tiêu đề " + " | ".join(c.vi for c in TEMPLATE_COLUMNS),
    "the app's template: a header row " + " | ".join(c.en for c in TEMPLATE_COLUMNS),
)


def find_template_header(sheet: SheetData, context: ReadContext | None = None) -> HeaderMatch | None:
    """The template header row of ``sheet``, or None."""
    header = find_header(sheet.rows, COLUMN_NAMES, MIN_FIELDS, ANCHORS)
    if header is None or not set(IDENTITY) & set(header.columns):
        return None
    return header


def read_template_sheet(sheet: SheetData, header: HeaderMatch,
                        context: ReadContext | None = None) -> SheetRead:
    """Every non-blank data row below ``header`` as an entry, with the sheet's column problems."""
    header_row = header.row + 1
    problems, known = header_problems(sheet.name, header)
    entries, unused = [], []
    unnamed: dict[int, int] = {}
    columns = list(header.columns.items())
    labels = header.labels
    # Only rows wider than the named columns can hold data in unnamed ones (when they are A, B, …).
    dense = known == set(range(len(known)))
    for row_index in range(header.row + 1, len(sheet.rows)):
        cells = sheet.rows[row_index]
        width = len(cells)
        values = {f: cells[i] if i < width else "" for f, i in columns}
        if all(is_blank(v) for v in values.values()):
            # Blank, or holding only ignored columns (reported once per column below).
            stray = [index for index, value in enumerate(cells) if index not in known and not is_blank(value)]
            for index in stray:
                unnamed.setdefault(index, row_index + 1)
            if stray:
                unused.append(Unused(sheet.name, row_index + 1, "ignored-columns", row_text(cells)))
            continue
        if width > len(known) or not dense:
            for index, value in enumerate(cells):
                if index not in known and not is_blank(value):
                    unnamed.setdefault(index, row_index + 1)
        entries.append(Entry(sheet.name, row_index + 1, values, labels))
    problems += unnamed_column_problems(sheet.name, header_row, unnamed)
    usable = all(field_name in header.columns for field_name in REQUIRED)
    info = {"header_row": header_row, "first_data_row": header_row + 1}
    return SheetRead(entries, problems, usable, unused, info=info)


def header_problems(sheet: str, header: HeaderMatch) -> tuple[list[Problem], set[int]]:
    """The header's problems (missing columns, named columns the template does not have), and the
    indexes of its named columns."""
    header_row = header.row + 1
    problems = [_missing_column(sheet, header_row, field_name)
                for field_name in (*REQUIRED, "province") if field_name not in header.columns]
    known = set(header.columns.values())
    for index, text in header.extras:
        problems.append(_extra_column(sheet, header_row, text, text))
        known.add(index)
    return problems, known


def unnamed_column_problems(sheet: str, header_row: int, unnamed: dict[int, int]) -> list[Problem]:
    """A warning per column without a header that holds data (column index → first Excel row)."""
    return [_extra_column(sheet, header_row, column_letter(index), None, first_row)
            for index, first_row in sorted(unnamed.items())]


TEMPLATE_LAYOUT = Layout(NAME, find_template_header, read_template_sheet, LOOKED_FOR)


def _missing_column(sheet: str, header_row: int, field_name: str) -> Problem:
    column = _COLUMNS[field_name]
    required = ", ".join(_COLUMNS[f].vi for f in REQUIRED)
    required_en = ", ".join(_COLUMNS[f].en for f in REQUIRED)
    if field_name == "province":
        return Problem(
            WARNING, "missing-province-column",
            f"Không có cột 'Tỉnh' ở dòng tiêu đề (dòng {header_row}): kết quả sẽ không có tên tỉnh, "
            "khó phân biệt các xã trùng tên. Nên thêm cột 'Tỉnh'.",
            f"No 'Province' (Tỉnh) column in the header row (row {header_row}): results will have no "
            "province, so communes with the same name cannot be told apart. Add a 'Tỉnh' column.",
            sheet=sheet, row=header_row, column=column.vi)
    return Problem(
        ERROR, "missing-column",
        f"Thiếu cột '{column.vi}' ({column.en}) ở dòng tiêu đề (dòng {header_row}), nên không dòng "
        f"nào của trang này dùng được. Hãy thêm cột '{column.vi}'. Các cột bắt buộc: {required}.",
        f"The '{column.en}' ({column.vi}) column is missing from the header row (row {header_row}), so "
        f"no row of this sheet can be used. Add a '{column.vi}' column. Required columns: {required_en}.",
        sheet=sheet, row=header_row, column=column.vi)


def _extra_column(sheet: str, header_row: int, column: str, text: str | None,
                  first_row: int | None = None) -> Problem:
    if text is not None:
        return Problem(
            WARNING, "extra-column",
            f"Cột '{text}' không thuộc mẫu nên được bỏ qua. Nếu đây là một cột của mẫu, hãy sửa "
            "tiêu đề cho đúng (xem trang HuongDan).",
            f"The column '{text}' is not part of the template and is ignored. If it is one of the "
            "template's columns, correct its header (see the HuongDan sheet).",
            sheet=sheet, row=header_row, column=column, value=text)
    return Problem(
        WARNING, "extra-column",
        f"Cột {column} không có tiêu đề nhưng có dữ liệu (từ dòng {first_row}); dữ liệu này được bỏ qua. "
        "Nếu cần dùng, hãy đặt tiêu đề theo mẫu.",
        f"Column {column} has no header but holds data (from row {first_row}); it is ignored. "
        "Give it a template header if it is needed.",
        sheet=sheet, row=header_row, column=column)
