"""Rows of an official table that are not data: numbering rows, group headings, totals, and the
notes and signatures below the table; and merged cells read as their top-left value.

Shared by the official form and the summary layouts. Each test looks at one row's cells (texts
compared folded: no case, no diacritics).
"""

from __future__ import annotations

import re

from ntm.loaders.base import cell_text
from ntm.loaders.source import SheetData
from ntm.text import fold, is_blank

# "(1)", "1", "A", "(4)=(2)/(3)", "5=3+4": a column-numbering cell.
_NUMBERING = re.compile(r"\(?\s*(\d{1,2}|[a-z])\s*\)?(\s*[=+*/x:\-]\s*\(?\s*(\d{1,2}|[a-z])\s*\)?)*")
_FIRST_NUMBER = re.compile(r"\d{1,2}")
_ROMAN = re.compile(r"(?=[ivxl])(x{0,3})(ix|iv|v?i{0,3})\.?")
# Words that open what follows a table: notes, signatures, places and dates, distribution lists.
_AFTER_TABLE = re.compile(
    r"(ghi chu\s*:|\*\s*ghi chu|nguoi lap|nguoi tong hop|nguoi ky|xac nhan|t\.?\s?m\.?\s|t/m|tm\.|kt\.|k/t|"
    r"chu tich|pho chu tich|noi nhan|luu\s*:|luu vt|ky ten|\(ky|thu truong|truong phong|giam doc|"
    r"ubnd xa|ubnd huyen|uy ban nhan dan|[^,]{0,40},?\s*ngay\s*\S{0,6}\s*thang\s*\S{0,4}\s*nam)")
_TOTAL = re.compile(
    r"(tong cong|tong so|tong\b|cong\s*:|cong\b|toan huyen|toan tinh|toan thi xa|ty le|so xa)")


def texts(cells: list) -> list[str]:
    """The non-blank cells of a row as text."""
    return [cell_text(value) for value in cells if not is_blank(value)]


def is_numbering_row(cells: list) -> bool:
    """A row numbering the columns ("(1) (2) (3) …", "A B 1 2 3"): three or more short cells, at
    least two of them numbers, increasing from left to right, nothing else."""
    if any(isinstance(value, str) and len(value) > 16 for value in cells):
        return False  # a long text is no column number (and most rows have one)
    found = texts(cells)
    if len(found) < 3:
        return False
    folded = [fold(t) for t in found]
    if not all(_NUMBERING.fullmatch(t) for t in folded):
        return False
    numbers = [int(m.group(0)) for m in (_FIRST_NUMBER.search(t) for t in folded) if m]
    return len(numbers) >= 2 and all(a < b for a, b in zip(numbers, numbers[1:]))


def is_roman(text: str) -> bool:
    """ "I", "II.", "XIV" (a group heading's number)."""
    return bool(_ROMAN.fullmatch(fold(text))) and bool(text.strip())


def opens_after_table(cells: list) -> bool:
    """The first text of the row starts what follows a table (notes, signature block, date line)."""
    first = next((value for value in cells if not is_blank(value)), None)
    return first is not None and bool(_AFTER_TABLE.match(fold(cell_text(first))))


def is_total(text: str) -> bool:
    """ "Tổng cộng", "Cộng", "Toàn huyện", "Tỷ lệ (%)": a totals row's label."""
    return bool(_TOTAL.match(fold(text)))


def fill_merged(sheet: SheetData, first_row: int,
                columns: set[int]) -> tuple[list[list], set[tuple[int, int]]]:
    """The sheet's rows with each vertically merged cell of ``columns`` (below ``first_row``) holding
    its range's top-left value, and the (row, column) places so filled.

    Horizontal merges are left as one cell at their left column: a group heading merged across the
    table must not fill the status column.
    """
    rows = sheet.rows
    filled: set[tuple[int, int]] = set()
    copied: dict[int, list] = {}
    for r0, c0, r1, c1 in sheet.merged:
        if r1 <= r0 or c0 not in columns or r1 < first_row or r0 >= len(rows):
            continue
        top = rows[r0][c0] if c0 < len(rows[r0]) else ""
        if is_blank(top):
            continue
        for r in range(max(r0 + 1, first_row), min(r1, len(rows) - 1) + 1):
            row = copied.get(r)
            if row is None:
                row = copied[r] = list(rows[r])
            while len(row) <= c0:
                row.append("")
            if is_blank(row[c0]):
                row[c0] = top
                filled.add((r, c0))
    if not copied:
        return rows, filled
    out = list(rows)
    for r, row in copied.items():
        out[r] = row
    return out, filled
