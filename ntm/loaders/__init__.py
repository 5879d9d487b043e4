"""Reading assessment workbooks into the tidy results frame and the problems table.

``load_workbook`` opens a workbook (``source``: size limits, what kind of file it really is,
password protection, zip bombs), converts text typed in legacy fonts (``legacy``), finds the
layout of each sheet by its header words (``LAYOUTS``: our template, the official per-commune form,
the multi-commune summary; a workbook may mix them), turns every non-blank data row into tidy rows
or problems, and counts them: ``rows_read == rows_used + rows_rejected``, always; the other
non-blank rows of the tables (headings, criterion rows, signatures) are listed in ``unused``.

A large workbook that is plainly our template is read column-wise (``fast_template``: fastexcel →
Arrow, each check once per distinct value), with the very same result; anything it cannot be sure
of is read row by row as above.

Row problems never raise; only a file that is not a readable workbook, or has no sheet in a known
layout, raises a ``WorkbookError`` (an ``UnreadableWorkbook`` with a stable ``code``).
"""

from __future__ import annotations

from ntm.catalog import Catalog
from ntm.loaders.base import LoadOptions, ReadContext
from ntm.loaders.container import (
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    UnreadableWorkbook,
)
from ntm.loaders.fast_template import load_template_fast
from ntm.loaders.read import LAYOUTS, STATUS_COLUMNS, read_sheets
from ntm.loaders.result import LoadResult, LoadStats
from ntm.loaders.source import Source, open_workbook, read_source

__all__ = ["LAYOUTS", "MAX_COMPRESSION_RATIO", "MAX_FILE_BYTES", "MAX_UNCOMPRESSED_BYTES", "STATUS_COLUMNS",
           "LoadOptions", "LoadResult", "LoadStats", "UnreadableWorkbook", "load_workbook"]


def load_workbook(source: Source, catalog: Catalog, *, file_name: str | None = None,
                  province: str | None = None, district: str | None = None, commune: str | None = None,
                  year: int | None = None, criteria_set: str | None = None,
                  status_column: str = "latest") -> LoadResult:
    """Read an assessment workbook: every data row becomes tidy rows or a problem.

    Args:
        source: a path, the file's bytes, or a binary file object.
        catalog: the criteria sets rows may name.
        file_name: the name shown in problems and ``source`` (default: the path's or object's name).
        province, district, commune, year, criteria_set: what the caller knows about the
            workbook, used where an official form's or summary's title lines do not say it (a
            sheet's own titles win, with a warning when they disagree). ``criteria_set`` is a set's
            id or name and, when given, is the set of every form and summary sheet.
        status_column: which status column of an official form counts: "self" (tự đánh giá),
            "district" (thẩm tra), "province" (thẩm định) or "latest" (the latest present).

    Returns:
        The results, all problems found in one pass, the layout, the row accounting, the rows that
        gave no result and a line per sheet.

    Raises:
        WorkbookError: not an Excel workbook, damaged, password-protected, empty, too large, or no
            sheet in a known layout (an ``UnreadableWorkbook`` whose ``code`` says which).
        UnknownSetError: ``criteria_set`` names no known set.
        ValueError: ``status_column`` is not one of ``STATUS_COLUMNS``.
    """
    if status_column not in STATUS_COLUMNS:
        raise ValueError(f"status_column must be one of {', '.join(STATUS_COLUMNS)}, not {status_column!r}")
    if criteria_set:
        criteria_set = catalog.get(criteria_set).id
    options = LoadOptions(province=province, district=district, commune=commune,
                          year=int(year) if year is not None else None, criteria_set=criteria_set,
                          status_column=status_column)
    data, name = read_source(source, file_name)
    fast = load_template_fast(data, name, catalog, ReadContext(catalog, name, options), LAYOUTS)
    if fast is not None:
        return fast
    sheets = open_workbook(data, name)
    return read_sheets(sheets, catalog, name, options)
