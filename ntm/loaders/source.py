"""Opening a workbook: bytes in, a grid of cell values per sheet out.

This is the only place that touches the file itself. Cells are read with python-calamine (fast,
reads .xlsx, .xlsm, .xls and .ods); each sheet becomes a list of rows indexed like Excel (row
``i`` of the grid is Excel row ``i + 1``, column ``j`` is column ``j + 1``). A number stored with a
percent format (the user typed "85%", Excel stored 0.85) becomes the text "85%", as the user sees
it; calamine does not expose number formats, so for .xlsx they are read from the file's styles
(``percent_cells``). Anything that makes a file unreadable becomes a ``WorkbookError``.

Checks on the container itself (password protection, size limits, zip bombs) belong in
``read_source`` / ``open_workbook``, before any cell is read.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

import python_calamine as calamine

from ntm.errors import WorkbookError

Source = str | os.PathLike | bytes | bytearray | BinaryIO


@dataclass(frozen=True)
class SheetData:
    """One sheet: its name, whether it is visible, and its cells (Excel-indexed rows)."""

    name: str
    visible: bool
    rows: list[list]

    @property
    def is_empty(self) -> bool:
        return not any(cell not in ("", None) for row in self.rows for cell in row)


def read_source(source: Source, file_name: str | None = None) -> tuple[bytes, str]:
    """The bytes of ``source`` (a path, bytes, or a binary file object) and a name to show for it."""
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), file_name or "workbook"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        return path.read_bytes(), file_name or path.name
    data = source.read()
    if isinstance(data, str):
        raise WorkbookError("Tệp phải được mở ở chế độ nhị phân (binary).",
                            "The file must be opened in binary mode.")
    return data, file_name or Path(str(getattr(source, "name", "") or "workbook")).name


def open_workbook(data: bytes, file_name: str) -> list[SheetData]:
    """Every sheet of the workbook in ``data``, in workbook order.

    Raises:
        WorkbookError: the bytes are not a spreadsheet calamine can read, or it is encrypted.
    """
    if not data:
        raise WorkbookError(f"Tệp '{file_name}' rỗng (0 byte). Hãy chọn lại tệp Excel (.xlsx).",
                            f"The file '{file_name}' is empty (0 bytes). Choose the Excel file (.xlsx) "
                            "again.")
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        percent = percent_cells(data)
        sheets = []
        for meta in book.sheets_metadata:
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            for row_index, col_index in percent.get(meta.name, ()):
                _show_as_percent(rows, row_index, col_index)
            visible = meta.visible == calamine.SheetVisibleEnum.Visible
            sheets.append(SheetData(meta.name, visible, rows))
    except calamine.PasswordError as error:
        raise WorkbookError(
            f"Tệp '{file_name}' được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu rồi tải lên lại.",
            f"The file '{file_name}' is password-protected. Open it in Excel, remove the password and "
            "upload it again.") from error
    except calamine.CalamineError as error:
        raise WorkbookError(
            f"Tệp '{file_name}' không phải là tệp Excel (.xlsx, .xls) hoặc đã bị hỏng ({error}). "
            "Hãy mở tệp bằng Excel và lưu lại dạng 'Excel Workbook (.xlsx)'.",
            f"The file '{file_name}' is not an Excel workbook (.xlsx, .xls) or is damaged ({error}). "
            "Open it in Excel and save it as 'Excel Workbook (.xlsx)'.") from error
    return sheets


def _show_as_percent(rows: list[list], row_index: int, col_index: int) -> None:
    if row_index < len(rows) and col_index < len(rows[row_index]):
        value = rows[row_index][col_index]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            rows[row_index][col_index] = f"{round(value * 100, 9):g}%"


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PERCENT_BUILTIN = {"9", "10"}
_QUOTED = re.compile(r'"[^"]*"|\\.')
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def percent_cells(data: bytes) -> dict[str, list[tuple[int, int]]]:
    """(row, column) indexes (0-based) of numeric cells shown as percentages, per sheet name.

    Only .xlsx/.xlsm files are inspected; for any other format, or a file whose styles cannot be
    read, the answer is empty and numbers stay as stored (0.85).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = _percent_styles(archive)
            if not styles:
                return {}
            parts = _sheet_parts(archive)
            return {name: _percent_refs(archive, part, styles) for name, part in parts.items()}
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return {}


def _percent_styles(archive: zipfile.ZipFile) -> set[str]:
    """Indexes (as in the ``s`` attribute of a cell) of cell styles with a percent number format."""
    root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    custom = {fmt.get("numFmtId"): fmt.get("formatCode", "") for fmt in root.iter(f"{_MAIN}numFmt")}
    percent_ids = _PERCENT_BUILTIN | {i for i, code in custom.items() if "%" in _QUOTED.sub("", code)}
    cell_xfs = root.find(f"{_MAIN}cellXfs")
    if cell_xfs is None:
        return set()
    xfs = cell_xfs.findall(f"{_MAIN}xf")
    return {str(i) for i, xf in enumerate(xfs) if xf.get("numFmtId") in percent_ids}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding that sheet."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(_PKG_REL)}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_DOC_REL), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _percent_refs(archive: zipfile.ZipFile, part: str, styles: set[str]) -> list[tuple[int, int]]:
    refs = []
    with archive.open(part) as stream:
        for _, element in ElementTree.iterparse(stream):
            if element.tag == f"{_MAIN}c":
                if element.get("s") in styles and element.get("t", "n") == "n":
                    match = _CELL_REF.fullmatch(element.get("r", ""))
                    if match:
                        refs.append((int(match.group(2)) - 1, _column_index(match.group(1))))
                element.clear()
    return refs


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
