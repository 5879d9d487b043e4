"""Reading assessment workbooks into the tidy results frame and the problems table.

``load_workbook`` opens a workbook (``source``), finds the sheets it can read and the layout of
each (``LAYOUTS``: for now our template; later the official per-commune form and the
multi-commune summary), turns every non-blank data row into a tidy row or a problem, and counts
them: ``rows_read == rows_used + rows_rejected``, always. Row problems never raise; only a file
that is not a readable workbook, or has no sheet in a known layout, raises ``WorkbookError``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ntm.catalog import Catalog
from ntm.errors import WorkbookError
from ntm.loaders.base import Layout, SheetRead
from ntm.loaders.checks import check_across_rows
from ntm.loaders.header import HEADER_SEARCH_ROWS, HeaderMatch
from ntm.loaders.rows import RowChecker
from ntm.loaders.source import SheetData, Source, open_workbook, read_source
from ntm.loaders.template_layout import TEMPLATE_LAYOUT
from ntm.schema import WARNING, Problem, problems_frame, results_frame
from ntm.template import CATALOG_SHEET, GUIDE_SHEET, RESULTS_SHEET, TEMPLATE_COLUMNS

# Layouts in the order they are tried on each sheet.
LAYOUTS: tuple[Layout, ...] = (TEMPLATE_LAYOUT,)
# Sheets of our own template that hold no results: not worth a warning when left unread.
_HELPER_SHEETS = {GUIDE_SHEET, CATALOG_SHEET}

__all__ = ["LAYOUTS", "LoadResult", "LoadStats", "load_workbook"]


@dataclass(frozen=True)
class LoadStats:
    """Row accounting of one load: every non-blank data row is used or rejected."""

    rows_read: int = 0
    rows_used: int = 0
    rows_rejected: int = 0

    def sentence(self, lang: str = "vi") -> str:
        """ "57 dòng đã đọc, 56 dòng dùng được, 1 lỗi" / "57 rows read, 56 used, 1 problem"."""
        if lang == "en":
            rows = "row" if self.rows_read == 1 else "rows"
            problems = "problem" if self.rows_rejected == 1 else "problems"
            return f"{self.rows_read} {rows} read, {self.rows_used} used, {self.rows_rejected} {problems}"
        return f"{self.rows_read} dòng đã đọc, {self.rows_used} dòng dùng được, {self.rows_rejected} lỗi"


@dataclass(frozen=True)
class LoadResult:
    """What a workbook gave.

    Attributes:
        results: the tidy results frame (``ntm.schema.RESULT_COLUMNS``), in reading order: the
            ``KetQua`` sheet first, then other sheets in workbook order, rows top to bottom.
        problems: the problems table (``ntm.schema.PROBLEM_COLUMNS``), errors first.
        layout: the layout the workbook was read as ("template").
        stats: the row accounting.
    """

    results: pd.DataFrame
    problems: pd.DataFrame
    layout: str
    stats: LoadStats

    def accounting(self, lang: str = "vi") -> str:
        """The accounting sentence: "57 dòng đã đọc, 56 dòng dùng được, 1 lỗi"."""
        return self.stats.sentence(lang)


def load_workbook(source: Source, catalog: Catalog, *, file_name: str | None = None) -> LoadResult:
    """Read an assessment workbook: every data row becomes a tidy row or a problem.

    Args:
        source: a path, the file's bytes, or a binary file object.
        catalog: the criteria sets rows may name.
        file_name: the name shown in problems and ``source`` (default: the path's or object's name).

    Returns:
        The results, all problems found in one pass, the layout and the row accounting.

    Raises:
        WorkbookError: not an Excel workbook, damaged, empty, or no sheet in a known layout.
    """
    data, name = read_source(source, file_name)
    sheets = open_workbook(data, name)
    problems: list[Problem] = [_hidden_sheet(sheet) for sheet in sheets if not sheet.visible]
    visible = [sheet for sheet in sheets if sheet.visible]
    if all(sheet.is_empty for sheet in visible):
        raise _empty_workbook(name, sheets)
    # Our template's results sheet first, then the others in workbook order.
    visible.sort(key=lambda sheet: sheet.name != RESULTS_SHEET)
    reads: list[tuple[Layout, SheetRead]] = []
    for sheet in visible:
        found = _detect_layout(sheet)
        if found is None:
            if not sheet.is_empty and sheet.name not in _HELPER_SHEETS:
                problems.append(_unread_sheet(sheet))
            continue
        layout, header = found
        reads.append((layout, layout.read_sheet(sheet, header)))
    if not reads:
        raise _no_known_sheet(name, sheets)

    checker = RowChecker(catalog, name)
    checked, rejected_unusable = [], 0
    for _, read in reads:
        problems.extend(read.problems)
        if read.usable:
            checked.extend(checker.check(entry) for entry in read.entries)
        else:
            rejected_unusable += len(read.entries)
    check_across_rows(checked)
    records = [row.record for row in checked if row.record is not None]
    problems.extend(problem for row in checked for problem in row.problems)
    rows_read = rejected_unusable + len(checked)
    stats = LoadStats(rows_read=rows_read, rows_used=len(records), rows_rejected=rows_read - len(records))
    return LoadResult(results=results_frame(records), problems=problems_frame(problems),
                      layout=reads[0][0].name, stats=stats)


def _detect_layout(sheet: SheetData) -> tuple[Layout, HeaderMatch] | None:
    """The first layout that finds its header in ``sheet``."""
    for layout in LAYOUTS:
        header = layout.find_header(sheet)
        if header is not None:
            return layout, header
    return None


def _hidden_sheet(sheet: SheetData) -> Problem:
    return Problem(
        WARNING, "hidden-sheet",
        f"Trang '{sheet.name}' đang ẩn nên không được đọc. Nếu trang này có kết quả, hãy bỏ ẩn "
        "(Unhide) rồi tải lên lại.",
        f"Sheet '{sheet.name}' is hidden and was not read. If it holds results, unhide it and upload again.",
        sheet=sheet.name)


def _unread_sheet(sheet: SheetData) -> Problem:
    return Problem(
        WARNING, "unread-sheet",
        f"Trang '{sheet.name}' có dữ liệu nhưng không có dòng tiêu đề của mẫu nên không được đọc. "
        "Nếu trang này có kết quả, hãy dùng tiêu đề của mẫu (xem trang HuongDan).",
        f"Sheet '{sheet.name}' holds data but no template header row, so it was not read. If it holds "
        "results, use the template's header (see the HuongDan sheet).",
        sheet=sheet.name)


def _sheet_list(sheets: list[SheetData]) -> tuple[str, str]:
    vi = ", ".join(f"'{s.name}'" + ("" if s.visible else " (ẩn)") for s in sheets) or "(không có)"
    en = ", ".join(f"'{s.name}'" + ("" if s.visible else " (hidden)") for s in sheets) or "(none)"
    return vi, en


def _empty_workbook(name: str, sheets: list[SheetData]) -> WorkbookError:
    listed_vi, listed_en = _sheet_list(sheets)
    return WorkbookError(
        f"Tệp '{name}' không có dữ liệu: các trang {listed_vi} đều trống (trang ẩn không được đọc). "
        "Hãy điền kết quả vào trang KetQua của mẫu rồi tải lên lại.",
        f"The file '{name}' holds no data: its sheets {listed_en} are all blank (hidden sheets are not "
        "read). Fill in the template's KetQua sheet and upload it again.")


def _no_known_sheet(name: str, sheets: list[SheetData]) -> WorkbookError:
    listed_vi, listed_en = _sheet_list(sheets)
    header_vi = " | ".join(c.vi for c in TEMPLATE_COLUMNS)
    header_en = " | ".join(c.en for c in TEMPLATE_COLUMNS)
    return WorkbookError(
        f"Không tìm thấy bảng kết quả trong tệp '{name}': trong {HEADER_SEARCH_ROWS} dòng đầu của các "
        f"trang {listed_vi} không có dòng tiêu đề của mẫu ({header_vi}). Hãy tải mẫu nhập liệu, chép dữ "
        "liệu vào trang KetQua rồi tải lên lại (trang ẩn không được đọc).",
        f"No results table found in '{name}': none of the first {HEADER_SEARCH_ROWS} rows of sheets "
        f"{listed_en} is the template's header row ({header_en}). Download the template, copy the data "
        "into its KetQua sheet and upload it again (hidden sheets are not read).")
