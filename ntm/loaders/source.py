"""Opening a workbook: bytes in, a grid of cell values per sheet out.

This is the only place that touches the file itself. The container is checked first
(``container``: size, what kind of file it really is, password protection, archives that would
expand too far); then cells are read with python-calamine (fast; .xlsx, .xlsm, .xls and .ods).
Each sheet becomes a list of rows indexed like Excel (row ``i`` of the grid is Excel row ``i + 1``,
column ``j`` is column ``j + 1``), with its merged ranges. For .xlsx and .xls the number formats
and formulas are read too (``xlsx_parts``, ``xls_parts``): a number stored with a percent format
(the user typed "85%", Excel stored 0.85) becomes the text "85%", as the user sees it; formulas
without a cached value, and (.xlsx) cells in legacy fonts, are noted for the loader to report and
convert. Anything that makes a file unreadable becomes an ``UnreadableWorkbook`` (a
``WorkbookError``) with a stable code.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import python_calamine as calamine

from ntm.errors import WorkbookError
from ntm.legacy_text import font_encoding
from ntm.loaders import container
from ntm.loaders.xls_parts import sheet_extras as xls_sheet_extras
from ntm.loaders.xlsx_parts import LegacyFonts, SheetExtras, sheet_extras

Source = str | os.PathLike | bytes | bytearray | BinaryIO
# A merged range: (first row, first column, last row, last column), 0-based, inclusive.
Merged = tuple[int, int, int, int]
# Font names of legacy fonts as stored in an .xls (8-bit or UTF-16 little-endian).
_XLS_FONT = re.compile(rb"\.Vn[A-Za-z ]{2,30}|VNI-[A-Za-z]{2,20}|\.\x00V\x00n\x00(?:[A-Za-z ]\x00){2,30}"
                       rb"|V\x00N\x00I\x00-\x00(?:[A-Za-z]\x00){2,20}")


@dataclass(frozen=True)
class SheetData:
    """One sheet: its name, whether it is visible, its cells (Excel-indexed rows) and what else the
    file says about them.

    Attributes:
        merged: merged ranges, 0-based and inclusive.
        uncached_formulas: (row, column) of formulas whose value the file does not hold.
        legacy_fonts: cells written in legacy (TCVN3/VNI) fonts, when the file says.
    """

    name: str
    visible: bool
    rows: list[list]
    merged: tuple[Merged, ...] = ()
    uncached_formulas: tuple[tuple[int, int], ...] = ()
    legacy_fonts: LegacyFonts | None = None

    @property
    def is_empty(self) -> bool:
        return not any(cell not in ("", None) for row in self.rows for cell in row)


def read_source(source: Source, file_name: str | None = None) -> tuple[bytes, str]:
    """The bytes of ``source`` (a path, bytes, or a binary file object) and a name to show for it.

    The size limit (``container.MAX_FILE_BYTES``) is checked before the file is read.

    Raises:
        UnreadableWorkbook: the file is empty or over the size limit.
        WorkbookError: a file object opened in text mode.
    """
    limit = container.MAX_FILE_BYTES
    if isinstance(source, (bytes, bytearray)):
        name = file_name or "workbook"
        container.check_size(len(source), name)
        return bytes(source), name
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = file_name or path.name
        container.check_size(path.stat().st_size, name)
        return path.read_bytes(), name
    name = file_name or Path(str(getattr(source, "name", "") or "workbook")).name
    data = source.read(limit + 1)
    if isinstance(data, str):
        raise WorkbookError("Tệp phải được mở ở chế độ nhị phân (binary).",
                            "The file must be opened in binary mode.")
    container.check_size(len(data), name)
    return data, name


def open_workbook(data: bytes, file_name: str, skip: frozenset[str] = frozenset()) -> list[SheetData]:
    """Every sheet of the workbook in ``data``, in workbook order (but those named in ``skip``).

    Raises:
        UnreadableWorkbook: not an Excel file, damaged, encrypted, too large (see ``container``).
    """
    kind = container.sniff(data, file_name)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        wanted = [meta for meta in book.sheets_metadata if meta.name not in skip]
        if kind == container.XLSX:
            extras = sheet_extras(data, {meta.name for meta in wanted})
        else:
            extras = xls_sheet_extras(data) if kind == container.XLS else {}
        xls_fonts = _xls_legacy_fonts(data) if kind == container.XLS else None
        sheets = []
        for meta in wanted:
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            extra = extras.get(meta.name, SheetExtras())
            for row_index, col_index in extra.percent:
                _show_as_percent(rows, row_index, col_index)
            merged = tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or ()))
            visible = meta.visible == calamine.SheetVisibleEnum.Visible
            sheets.append(SheetData(meta.name, visible, rows, merged, tuple(extra.uncached_formulas),
                                    extra.legacy_fonts or xls_fonts))
    except calamine.PasswordError as error:
        raise container.password_protected(file_name) from error
    except calamine.CalamineError as error:
        raise container.corrupt(file_name, str(error)) from error
    return sheets


def _show_as_percent(rows: list[list], row_index: int, col_index: int) -> None:
    if row_index < len(rows) and col_index < len(rows[row_index]):
        rows[row_index][col_index] = percent_text(rows[row_index][col_index])


def percent_text(value: object) -> object:
    """A number shown in a percent format as the user sees it (0.85 → "85%"); anything else as is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{round(value * 100, 9):g}%"
    return value


def _xls_legacy_fonts(data: bytes) -> LegacyFonts | None:
    """Legacy fonts named in an .xls file's font table (which cells use them is not known)."""
    names = set()
    for match in _XLS_FONT.finditer(data):
        raw = match.group(0)
        name = raw.decode("utf-16-le") if b"\x00" in raw else raw.decode("latin-1")
        if font_encoding(name):
            names.add(name.strip())
    return LegacyFonts(fonts=tuple(sorted(names))) if names else None
