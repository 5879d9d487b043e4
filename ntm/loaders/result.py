"""What a load gives back: the tidy results, the problems table, the row accounting, the rows of
the tables that gave no result, and a line per sheet read."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ntm.catalog import Catalog, CriteriaSet
from ntm.loaders.groups import groups_frame

UNUSED_COLUMNS = ["sheet", "row", "reason", "text"]
SHEET_COLUMNS = ["sheet", "layout", "header_row", "first_data_row", "rows_read", "rows_used", "rows_rejected",
                 "rows_skipped",
                 "commune", "year", "criteria_set", "status_column"]


def unused_frame(rows: list[dict] | None = None) -> pd.DataFrame:
    """Non-blank rows of the tables that gave no result: ``reason`` is "rejected" (see the problems)
    or a key of ``ntm.loaders.base.UNUSED_REASONS`` (headings, criterion rows, signatures …)."""
    return pd.DataFrame(rows or [], columns=UNUSED_COLUMNS).astype(
        {"sheet": "string", "row": "Int64", "reason": "string", "text": "string"})


def sheets_frame(rows: list[dict] | None = None) -> pd.DataFrame:
    """One row per sheet read: its layout, header row, first row below the header (rows above it are
    title lines and header rows), accounting, and what it said about itself."""
    return pd.DataFrame(rows or [], columns=SHEET_COLUMNS).astype(
        {"sheet": "string", "layout": "string", "header_row": "Int64", "first_data_row": "Int64",
         "rows_read": "Int64", "rows_used": "Int64",
         "rows_rejected": "Int64", "rows_skipped": "Int64", "commune": "string", "year": "Int64",
         "criteria_set": "string", "status_column": "string"})


@dataclass(frozen=True)
class LoadStats:
    """Row accounting of one load: every non-blank data row is used or rejected.

    ``rows_read == rows_used + rows_rejected``. A summary row (one commune, many criteria) is one
    row, used when all its cells are. ``rows_skipped`` counts the other non-blank rows of the
    tables (group headings, criterion rows, numbering rows, notes and signatures below a table),
    listed in ``LoadResult.unused``: they are not data, and not counted in ``rows_read``.
    """

    rows_read: int = 0
    rows_used: int = 0
    rows_rejected: int = 0
    rows_skipped: int = 0

    def sentence(self, lang: str = "vi") -> str:
        """ "57 dòng đã đọc, 56 dòng dùng được, 1 lỗi" / "57 rows read, 56 used, 1 problem"."""
        if lang == "en":
            rows = "row" if self.rows_read == 1 else "rows"
            problems = "problem" if self.rows_rejected == 1 else "problems"
            text = f"{self.rows_read} {rows} read, {self.rows_used} used, {self.rows_rejected} {problems}"
            if self.rows_skipped:
                skipped = "row" if self.rows_skipped == 1 else "rows"
                text += (f" ({self.rows_skipped} other {skipped} of the tables are headings, criterion rows "
                         "or notes, not data)")
            return text
        text = f"{self.rows_read} dòng đã đọc, {self.rows_used} dòng dùng được, {self.rows_rejected} lỗi"
        if self.rows_skipped:
            text += (f" ({self.rows_skipped} dòng khác của bảng là tiêu đề nhóm, dòng tiêu chí hoặc ghi chú, "
                     "không phải dữ liệu)")
        return text


@dataclass(frozen=True)
class LoadResult:
    """What a workbook gave.

    Attributes:
        results: the tidy results frame (``ntm.schema.RESULT_COLUMNS``), in reading order: the
            ``KetQua`` sheet first, then other sheets in workbook order, rows top to bottom.
        problems: the problems table (``ntm.schema.PROBLEM_COLUMNS``), errors first.
        layout: the layout the workbook was read as ("template", "official-form",
            "summary-matrix"; several joined by "+" when its sheets differ).
        stats: the row accounting.
        unused: the non-blank rows of the tables that gave no result, and why (``unused_frame``).
        sheets: one row per sheet read (``sheets_frame``).
        defined_sets: criteria sets the workbook's complete official forms define (a province's
            variant, or a set the catalog has no indicator list for; ``ntm.loaders.form_set``). Rows
            of those forms name these sets, so scoring needs them: ``scoring_catalog``.
        groups: the commune group of each assessment a file gives one for (``ASSESSMENT_KEYS``
            then ``commune_group``, Int8 1..3; ``ntm.loaders.groups``). An assessment not in it
            has no known group. Kept apart from ``results``: a group belongs to the assessment.
    """

    results: pd.DataFrame
    problems: pd.DataFrame
    layout: str
    stats: LoadStats
    unused: pd.DataFrame = field(default_factory=unused_frame)
    sheets: pd.DataFrame = field(default_factory=sheets_frame)
    defined_sets: tuple[CriteriaSet, ...] = ()
    groups: pd.DataFrame = field(default_factory=groups_frame)

    def scoring_catalog(self, catalog: Catalog) -> Catalog:
        """``catalog`` plus the sets this workbook defined: what its results are scored against.

        A new catalog; ``catalog`` itself is not changed (it may be shared).
        """
        if not self.defined_sets:
            return catalog
        return Catalog([*catalog, *self.defined_sets])

    def accounting(self, lang: str = "vi") -> str:
        """The accounting sentence: "57 dòng đã đọc, 56 dòng dùng được, 1 lỗi"."""
        return self.stats.sentence(lang)
