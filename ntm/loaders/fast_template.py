"""The fast path for our own template: its results sheet read as columns (fastexcel → Arrow).

A province's template workbook holds ~80,000 rows; reading them as Python lists and checking them
one by one takes seconds. When the workbook is plainly our template, its ``KetQua`` sheet is read
by fastexcel into Arrow columns and checked column-wise (``template_columns``), giving the very
``LoadResult`` the general path gives. Whenever the fast path cannot be sure of that, it steps
aside (returns None) and ``load_workbook`` takes the general path. It steps aside for:

* anything but an .xlsx/.xlsm, a workbook without a ``KetQua`` sheet, a hidden sheet;
* a ``KetQua`` sheet whose XML has cells in a legacy font, formulas, or content not starting on
  row 1 (``xlsx_parts.scan_sheet``; numbers in a percent format are read as "85%", as ``source``
  reads them);
* text in ``KetQua`` that looks typed in a legacy font (TCVN3, VNI: the general path converts it);
* a column holding more than one kind of cell (text and numbers, dates, true/false): fastexcel is
  asked to be strict, so each column is all text or all numbers and no value changes its type;
* a header the cell reader would see otherwise (a number or a repeated name as a column title), a
  header not on row 1, not starting in A1 or missing a required column, codes typed as numbers;
* another sheet in a known layout, holding data without being the template's guide or catalog, or
  with legacy text or formulas without values.

The sheet's XML is scanned in a second thread while fastexcel (which releases the GIL) parses it
straight into an Arrow batch.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import zipfile
from typing import NamedTuple

import pyarrow as pa

from ntm.catalog import Catalog
from ntm.legacy_text import leftover, looks_legacy
from ntm.loaders import container
from ntm.loaders.base import ReadContext
from ntm.loaders.legacy import decode_legacy_sheets
from ntm.loaders.result import LoadResult
from ntm.loaders.source import SheetData, open_workbook, percent_text
from ntm.loaders.template_columns import Column, check_template_columns, encode
from ntm.loaders.template_layout import REQUIRED, find_template_header
from ntm.loaders.xlsx_parts import hidden_sheets, read_styles, scan_sheet, sheet_parts
from ntm.template import CATALOG_SHEET, GUIDE_SHEET, RESULTS_SHEET

# Below this much sheet XML (about 1,500 rows) starting a reader and a thread costs more than it saves.
MIN_SHEET_BYTES = 1_000_000
_HELPER_SHEETS = {GUIDE_SHEET, CATALOG_SHEET}
_ARROW_TYPES = {pa.string(): "string", pa.large_string(): "string", pa.float64(): "float", pa.null(): "null"}
_HEADER_ROWS = 30
_LETTER = re.compile(r"[^\W\d_]")


class _EmptyColumnNotice(logging.Filter):
    """Drops fastexcel's warning that a column with no value at all is read as text: the template's
    optional columns (Nhóm xã, Ghi chú) are often empty, and the loader reads them so anyway."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Could not determine dtype")


logging.getLogger("fastexcel.types.dtype").addFilter(_EmptyColumnNotice())


def load_template_fast(data: bytes, file_name: str, catalog: Catalog, context: ReadContext, layouts,
                       min_sheet_bytes: int = MIN_SHEET_BYTES) -> LoadResult | None:
    """The workbook in ``data`` loaded column-wise, or None when the general path must read it.

    Args:
        data: the file's bytes.
        file_name: the name shown in problems and ``source``.
        catalog: the criteria sets.
        context: what the layouts may use to find their headers in the other sheets.
        layouts: the layouts the general path tries on each sheet.
        min_sheet_bytes: smaller results sheets (their XML) are left to the general path.

    Raises:
        UnreadableWorkbook: the file is not a readable workbook (as the general path would say).
    """
    if container.sniff(data, file_name) != container.XLSX:
        return None
    try:
        import fastexcel
    except ImportError:  # the general path reads every workbook without it
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        part = sheet_parts(archive).get(RESULTS_SHEET)
        styles = read_styles(archive)
        info = archive.getinfo(part) if part is not None else None
        hidden = RESULTS_SHEET in hidden_sheets(archive)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError):
        return None
    if info is None or info.file_size < min_sheet_bytes or hidden:
        return None
    scan: dict = {}
    scanner = threading.Thread(target=_scan, daemon=True,
                               args=(data, file_name, context, layouts, info, styles, scan))
    scanner.start()
    try:
        # Straight into Arrow (eager): a fifth cheaper than a lazy sheet and its to_arrow().
        batch = fastexcel.read_excel(data).load_sheet(RESULTS_SHEET, header_row=0, schema_sample_rows=None,
                                                      dtype_coercion="strict", eager=True)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # any refusal of fastexcel's (of many kinds, a Rust panic too): the general way
        batch = None
    finally:
        scanner.join()
    sheet_scan = scan.get("scan")
    # fastexcel's range starts at the first cell with content: row 1 must be the header.
    rows = (sheet_scan.first_row, sheet_scan.last_row) if sheet_scan is not None else None
    if batch is None or not scan.get("others") or rows != (1, batch.num_rows + 1):
        return None
    infos = _column_infos(batch.schema, sheet_scan.header_columns)
    if infos is None:
        return None
    header_cells, width = _header_cells(infos)
    if header_cells is None:
        return None
    columns = {info.absolute_index: encode(batch.column(i)) for i, info in enumerate(infos)}
    _show_as_percent(columns, sheet_scan.percent)
    if _legacy_text([*header_cells, *(value for column in columns.values() for value in column.values)]):
        return None
    top = [_row(columns, width, i) for i in range(min(batch.num_rows, _HEADER_ROWS - 1))]
    header = find_template_header(SheetData(RESULTS_SHEET, True, [header_cells, *top]))
    if header is None or header.row != 0 or any(name not in header.columns for name in REQUIRED):
        return None
    code = header.columns["code"]
    if code in columns and any(type(value) is float for value in columns[code].values):
        return None  # codes typed as numbers are recovered from their sequence, row by row
    return check_template_columns(columns, batch.num_rows, width, header, RESULTS_SHEET, catalog, file_name)


def _scan(data: bytes, file_name: str, context: ReadContext, layouts, info: zipfile.ZipInfo, styles,
          out: dict) -> None:
    """What the results sheet's XML says that its values do not, and whether the other sheets change
    anything (run in a thread while fastexcel reads the sheet; results in ``out``)."""
    try:
        out["scan"] = scan = scan_sheet(data, info, styles)
        out["others"] = not scan.reason and _other_sheets_plain(data, file_name, context, layouts)
    except BaseException:  # in this thread: the general path reads (or refuses) the file, and says why
        out["others"] = False


class ColumnInfo(NamedTuple):
    """A column of the sheet as fastexcel read it (what a lazy sheet's ``selected_columns`` tells)."""

    name: str
    dtype: str  # "string", "float" or "null"
    absolute_index: int  # 0-based column of the sheet
    column_name_from: str  # "looked_up" (its header cell) or "generated" (no header)


def _column_infos(schema: pa.Schema, header_columns: frozenset[int] | None) -> list[ColumnInfo] | None:
    """The eager batch's columns, placed by what the sheet's XML says of row 1; None when unsure.

    The batch starts at the sheet's first column with content and names a column without a header
    ``__UNNAMED__<position>``: the header cell A1 must hold a value (so the batch starts at column
    A), and the columns named from a header must be exactly the cells of row 1 holding a value.
    """
    if header_columns is None or 0 not in header_columns or max(header_columns) >= len(schema):
        return None
    infos = []
    for i, field in enumerate(schema):
        dtype = _ARROW_TYPES.get(field.type)
        looked_up = i in header_columns
        if dtype is None or looked_up == (field.name == f"__UNNAMED__{i}"):
            return None
        infos.append(ColumnInfo(field.name, dtype, i, "looked_up" if looked_up else "generated"))
    return infos


def _header_cells(infos: list[ColumnInfo]) -> tuple[list | None, int]:
    """Row 1 as the cell reader gives it, from fastexcel's column names; None when unsure.

    fastexcel names a column by its header text, renames a repeated title ("Ghi chú_1") and
    writes numbers and booleans as text: such headers are left to the general path.
    """
    width = max((info.absolute_index for info in infos), default=-1) + 1
    cells: list = [""] * width
    names = {info.name for info in infos if info.column_name_from == "looked_up"}
    for info in infos:
        if info.column_name_from != "looked_up":
            if info.column_name_from != "generated":
                return None, width
            continue
        name = info.name
        base, sep, suffix = name.rpartition("_")
        if (sep and suffix.isdigit() and base in names) or not _LETTER.search(name) \
                or name.strip().lower() in ("true", "false"):
            return None, width
        cells[info.absolute_index] = name
    return cells, width


def _legacy_text(texts: list) -> bool:
    """Whether any text looks typed in a legacy font (the general path converts it, and says so)."""
    return any(isinstance(text, str) and not text.isascii() and (looks_legacy(text) or leftover(text))
               for text in texts)


def _show_as_percent(columns: dict[int, Column], cells: frozenset[tuple[int, int]]) -> None:
    """Numbers in a percent format as the user sees them ("85%"), as ``source`` shows them."""
    changed: dict[int, dict[int, int]] = {}   # column → old code → new code
    for row, index in cells:
        column = columns.get(index)
        if row == 0 or column is None:
            continue  # the header row: a number there already sent the sheet the general way
        old = column.codes[row - 1]
        codes = changed.setdefault(index, {})
        if old not in codes:
            shown = percent_text(column.values[old])
            if shown is column.values[old]:
                codes[old] = old
            else:
                codes[old] = len(column.values)
                column.values.append(shown)  # a repeated text is harmless: values are looked up
        column.codes[row - 1] = codes[old]


def _row(columns: dict, width: int, i: int) -> list:
    cells: list = [""] * width
    for index, column in columns.items():
        cells[index] = column.values[column.codes[i]]
    return cells


def _other_sheets_plain(data: bytes, file_name: str, context: ReadContext, layouts) -> bool:
    """Whether the workbook's other sheets leave the result as the results sheet alone makes it.

    The template's guide and catalog sheets (and empty sheets) are read by the general path too,
    and give nothing: no layout, no warning.
    """
    others = open_workbook(data, file_name, skip=frozenset({RESULTS_SHEET}))
    if any(not sheet.visible or sheet.uncached_formulas or sheet.legacy_fonts for sheet in others):
        return False
    if decode_legacy_sheets(others):
        return False
    for sheet in others:
        if sheet.is_empty:
            continue
        if sheet.name not in _HELPER_SHEETS:
            return False
        if any(layout.find_header(sheet, context) is not None for layout in layouts):
            return False
    return True
