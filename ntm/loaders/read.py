"""From sheets (grids of cells) to a ``LoadResult``: one pass over every sheet, every row.

``read_sheets`` is ``load_workbook`` without the file: it takes the sheets ``source`` read (or grids
built in a test) and does the rest — legacy text, formulas without values, layout per sheet, the
sets complete official forms define (``form_set``), row checks, cross-row checks, one spelling per
place name, the accounting.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pandas as pd

from ntm.catalog import Catalog
from ntm.loaders import checks
from ntm.loaders.base import Layout, LoadOptions, ReadContext, SheetRead, column_letter
from ntm.loaders.codes import recover_codes
from ntm.loaders.container import UnreadableWorkbook
from ntm.loaders.form_set import DefinedSets, define_sets
from ntm.loaders.groups import GROUP_COLUMN, GroupMention, assessment_key, collect_groups, groups_frame
from ntm.loaders.header import HEADER_SEARCH_ROWS, HeaderMatch
from ntm.loaders.legacy import catalog_words, decode_legacy_sheets
from ntm.loaders.names import unify_names
from ntm.loaders.official_form import OFFICIAL_FORM_LAYOUT
from ntm.loaders.result import LoadResult, LoadStats, sheets_frame, unused_frame
from ntm.loaders.rows import CheckedRow, RowChecker
from ntm.loaders.source import SheetData
from ntm.loaders.summary_matrix import SUMMARY_LAYOUT
from ntm.loaders.template_layout import TEMPLATE_LAYOUT
from ntm.schema import ASSESSMENT_KEYS, WARNING, Problem, problems_frame, results_frame
from ntm.template import CATALOG_SHEET, GUIDE_SHEET, RESULTS_SHEET

# Layouts in the order they are tried on each sheet.
LAYOUTS: tuple[Layout, ...] = (TEMPLATE_LAYOUT, OFFICIAL_FORM_LAYOUT, SUMMARY_LAYOUT)
STATUS_COLUMNS = ("latest", "self", "district", "province")
# Sheets of our own template that hold no results: not worth a warning when left unread.
_HELPER_SHEETS = {GUIDE_SHEET, CATALOG_SHEET}
_MAX_LISTED_FORMULAS = 8


def read_sheets(sheets: list[SheetData], catalog: Catalog, file_name: str,
                options: LoadOptions | None = None) -> LoadResult:
    """Every sheet read in its layout, every row checked, every problem collected.

    Raises:
        UnreadableWorkbook: ``empty-workbook`` (nothing in any visible sheet) or ``no-known-layout``.
    """
    context = ReadContext(catalog, file_name, options or LoadOptions())
    problems: list[Problem] = [_hidden_sheet(sheet) for sheet in sheets if not sheet.visible]
    visible = [sheet for sheet in sheets if sheet.visible]
    if all(sheet.is_empty for sheet in visible):
        raise _empty_workbook(file_name, sheets)
    problems += decode_legacy_sheets(visible, catalog_words(catalog))
    problems += [_uncached_formulas(sheet) for sheet in visible if sheet.uncached_formulas]
    # Our template's results sheet first, then the others in workbook order.
    visible.sort(key=lambda sheet: sheet.name != RESULTS_SHEET)
    reads: list[tuple[Layout, SheetData, SheetRead]] = []
    for sheet in visible:
        found = _detect_layout(sheet, context)
        if found is None:
            if not sheet.is_empty and sheet.name not in _HELPER_SHEETS:
                problems.append(_unread_sheet(sheet))
            continue
        layout, header = found
        read = layout.read_sheet(sheet, header, context)
        read.entries, recovered = recover_codes(read.entries)
        read.problems += recovered
        reads.append((layout, sheet, read))
    if not reads:
        raise _no_known_layout(file_name, sheets)
    defined = _define_sets(reads, catalog, file_name)
    problems += defined.problems
    if defined.sets:
        catalog = Catalog([*catalog, *defined.sets])
    return _check(reads, catalog, file_name, problems, tuple(defined.sets))


def _define_sets(reads: list[tuple[Layout, SheetData, SheetRead]], catalog: Catalog,
                 file_name: str) -> DefinedSets:
    """Sets the complete official forms define (``form_set``); their sheets' rows are moved to them."""
    evidence = [read.form_set for _, _, read in reads if read.form_set is not None]
    if not evidence:
        return DefinedSets()
    defined = define_sets(evidence, catalog, file_name)
    for _, sheet, read in reads:
        criteria_set = defined.by_sheet.get(sheet.name)
        if criteria_set is None:
            continue
        read.entries = [replace(entry, cells={**entry.cells, "criteria_set": criteria_set.id})
                        for entry in read.entries]
        read.info["criteria_set"] = criteria_set.id
        if sheet.name in defined.withdrawn:
            # The catalog had no set for this form; the set its rows define answers the error.
            read.problems = [p for p in read.problems if p is not read.form_set.unknown_set]
            read.usable = True
    return defined


def _check(reads: list[tuple[Layout, SheetData, SheetRead]], catalog: Catalog, file_name: str,
           problems: list[Problem], defined_sets: tuple = ()) -> LoadResult:
    checker = RowChecker(catalog, file_name)
    checked: list[CheckedRow] = []
    unusable_rows: dict[str, set[int]] = defaultdict(set)
    marks = []
    for _, sheet, read in reads:
        problems.extend(read.problems)
        marks.extend(read.marks)
        if read.usable:
            checked.extend(checker.check(entry) for entry in read.entries)
        else:
            unusable_rows[sheet.name].update(entry.row for entry in read.entries)
    _reject_whole_rows(checked)
    checks.check_across_rows(checked)
    _reject_whole_rows(checked)
    problems += checks.check_criterion_marks(marks, checked)
    records, places = [], []
    for row in checked:
        if row.record is not None:
            records.append(row.record)
            places.append((row.entry.sheet, row.entry.row))
    problems.extend(problem for row in checked for problem in row.problems)
    problems += unify_names(records, places)
    groups, group_problems = collect_groups(_group_mentions(checked), catalog)
    problems += group_problems
    return _result(reads, checked, unusable_rows, records, problems, defined_sets, groups)


def _group_mentions(checked: list[CheckedRow]):
    """The commune group each accepted row gives (after names were unified), in reading order."""
    for row in checked:
        record = row.record
        if record is None or record.get(GROUP_COLUMN) is None or record[GROUP_COLUMN] is pd.NA:
            continue
        yield GroupMention(assessment_key([record[k] for k in ASSESSMENT_KEYS]), int(record[GROUP_COLUMN]),
                           row.entry.sheet, row.entry.row, row.entry.label(GROUP_COLUMN))


def _reject_whole_rows(checked: list[CheckedRow]) -> None:
    """A summary row is one commune: when one of its cells is rejected, so is the row."""
    rejected = {(row.entry.sheet, row.entry.row) for row in checked if row.record is None}
    if not rejected:
        return
    for row in checked:
        if row.record is not None and (row.entry.sheet, row.entry.row) in rejected:
            row.record = None


def _result(reads, checked: list[CheckedRow], unusable_rows: dict[str, set[int]], records: list[dict],
            problems: list[Problem], defined_sets: tuple = (), groups=None) -> LoadResult:
    used: dict[str, set[int]] = defaultdict(set)
    read_rows: dict[str, set[int]] = defaultdict(set)
    for row in checked:
        read_rows[row.entry.sheet].add(row.entry.row)
        if row.record is not None:
            used[row.entry.sheet].add(row.entry.row)
    unused_rows, sheet_rows, layouts = [], [], []
    totals = [0, 0, 0, 0]
    for layout, sheet, read in reads:
        name = sheet.name
        rows = read_rows[name] | unusable_rows[name]
        rejected = sorted(rows - used[name])
        unused_rows += [{"sheet": name, "row": row, "reason": "rejected", "text": ""} for row in rejected]
        unused_rows += [{"sheet": u.sheet, "row": u.row, "reason": u.reason, "text": u.text}
                        for u in read.unused]
        counts = (len(rows), len(used[name]), len(rejected), len(read.unused))
        totals = [a + b for a, b in zip(totals, counts)]
        info = read.info
        sheet_rows.append({"sheet": name, "layout": layout.name, "header_row": info.get("header_row"),
                           "first_data_row": info.get("first_data_row"),
                           "rows_read": counts[0], "rows_used": counts[1], "rows_rejected": counts[2],
                           "rows_skipped": counts[3], "commune": info.get("commune"),
                           "year": info.get("year"), "criteria_set": info.get("criteria_set"),
                           "status_column": info.get("status_column")})
        if layout.name not in layouts:
            layouts.append(layout.name)
    stats = LoadStats(*totals)
    unused = unused_frame(unused_rows).sort_values(["sheet", "row"], kind="stable").reset_index(drop=True)
    return LoadResult(results=results_frame(records), problems=problems_frame(_unique(problems)),
                      layout="+".join(layouts), stats=stats, unused=unused, sheets=sheets_frame(sheet_rows),
                      defined_sets=defined_sets, groups=groups if groups is not None else groups_frame())


def _unique(problems: list[Problem]) -> list[Problem]:
    """The problems without repeats (a summary row's cells may report the same thing)."""
    return list(dict.fromkeys(problems))


def _detect_layout(sheet: SheetData, context: ReadContext) -> tuple[Layout, HeaderMatch] | None:
    """The first layout that finds its header in ``sheet``."""
    for layout in LAYOUTS:
        header = layout.find_header(sheet, context)
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


def _uncached_formulas(sheet: SheetData) -> Problem:
    cells = [f"{column_letter(c)}{r + 1}" for r, c in sorted(sheet.uncached_formulas)]
    listed = ", ".join(cells[:_MAX_LISTED_FORMULAS]) + (" …" if len(cells) > _MAX_LISTED_FORMULAS else "")
    first_row, first_col = sorted(sheet.uncached_formulas)[0]
    return Problem(
        WARNING, "formula-without-value",
        f"Trang '{sheet.name}': {len(cells)} ô có công thức nhưng tệp không lưu kết quả của công thức "
        f"({listed}); các ô này được đọc là trống. Hãy mở tệp bằng Excel, để Excel tính lại rồi lưu và tải "
        "lên lại.",
        f"Sheet '{sheet.name}': {len(cells)} cell(s) hold a formula whose value the file does not store "
        f"({listed}); they are read as blank. Open the file in Excel, let it recalculate, save and upload "
        "again.",
        sheet=sheet.name, row=first_row + 1, column=column_letter(first_col), value=listed)


def _unread_sheet(sheet: SheetData) -> Problem:
    return Problem(
        WARNING, "unread-sheet",
        f"Trang '{sheet.name}' có dữ liệu nhưng không có dòng tiêu đề của mẫu nhập liệu, biểu mẫu đánh giá "
        "của xã hay bảng tổng hợp nên không được đọc. Nếu trang này có kết quả, hãy dùng tiêu đề của mẫu "
        "(xem trang HuongDan).",
        f"Sheet '{sheet.name}' holds data but no header of the template, the official form or a summary, so "
        "it was not read. If it holds results, use the template's header (see the HuongDan sheet).",
        sheet=sheet.name)


def _sheet_list(sheets: list[SheetData]) -> tuple[str, str]:
    vi = ", ".join(f"'{s.name}'" + ("" if s.visible else " (ẩn)") for s in sheets) or "(không có)"
    en = ", ".join(f"'{s.name}'" + ("" if s.visible else " (hidden)") for s in sheets) or "(none)"
    return vi, en


def _empty_workbook(name: str, sheets: list[SheetData]) -> UnreadableWorkbook:
    listed_vi, listed_en = _sheet_list(sheets)
    return UnreadableWorkbook(
        "empty-workbook",
        f"Tệp '{name}' không có dữ liệu: các trang {listed_vi} đều trống (trang ẩn không được đọc). "
        "Hãy điền kết quả vào trang KetQua của mẫu rồi tải lên lại.",
        f"The file '{name}' holds no data: its sheets {listed_en} are all blank (hidden sheets are not "
        "read). Fill in the template's KetQua sheet and upload it again.")


def _no_known_layout(name: str, sheets: list[SheetData]) -> UnreadableWorkbook:
    listed_vi, listed_en = _sheet_list(sheets)
    looked_vi = "; ".join(f"({i}) {layout.looked_for[0]}" for i, layout in enumerate(LAYOUTS, start=1))
    looked_en = "; ".join(f"({i}) {layout.looked_for[1]}" for i, layout in enumerate(LAYOUTS, start=1))
    return UnreadableWorkbook(
        "no-known-layout",
        f"Không tìm thấy bảng kết quả trong tệp '{name}': trong {HEADER_SEARCH_ROWS} dòng đầu của các trang "
        f"{listed_vi} không có dòng tiêu đề nào quen thuộc. Đã tìm: {looked_vi}. Hãy tải mẫu nhập liệu, chép "
        "dữ liệu vào trang KetQua rồi tải lên lại (trang ẩn không được đọc).",
        f"No results table found in '{name}': none of the first {HEADER_SEARCH_ROWS} rows of sheets "
        f"{listed_en} is a header the app knows. Looked for: {looked_en}. Download the template, copy the "
        "data into its KetQua sheet and upload it again (hidden sheets are not read).")
