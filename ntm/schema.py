"""The two shapes everything passes around: the tidy results frame and the problems table.

Results: one row per (commune, year, criteria set, indicator). ``indicator`` is empty (NA) for a
criterion-level result (files that only say whether a criterion is met). Codes are strings.

Problems: one row per problem found in an input, with its place (sheet, Excel row, column) and a
message in Vietnamese and English. ``severity`` "error" blocks an import, "warning" does not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from ntm.statuses import STATUS_DTYPE

RESULT_COLUMNS = [
    "province", "district", "commune", "commune_code", "year", "criteria_set",
    "criterion", "indicator", "value", "value_num", "target", "status", "note", "source",
]
RESULT_DTYPES = {
    "province": "string", "district": "string", "commune": "string", "commune_code": "string",
    "year": "Int64", "criteria_set": "string", "criterion": "string", "indicator": "string",
    "value": "string", "value_num": "Float64", "target": "string", "status": STATUS_DTYPE,
    "note": "string", "source": "string",
}
# The columns that name one assessment (one commune, one year, one set).
ASSESSMENT_KEYS = ["province", "district", "commune", "commune_code", "year", "criteria_set"]

PROBLEM_COLUMNS = ["severity", "code", "sheet", "row", "column", "value", "message", "message_en"]
ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem in an input. ``row`` is the Excel row number (1-based), None for the file."""

    severity: str
    code: str
    message: str
    message_en: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None


def results_frame(records: list[dict] | pd.DataFrame | None = None) -> pd.DataFrame:
    """A results frame with every column, in order, with the project's dtypes."""
    frame = pd.DataFrame(records if records is not None else [], columns=RESULT_COLUMNS)
    for column in RESULT_COLUMNS:
        if column not in frame:
            frame[column] = pd.NA
    return frame[RESULT_COLUMNS].astype(RESULT_DTYPES)


def problems_frame(problems: list[Problem] | None = None) -> pd.DataFrame:
    """The problems table: errors first, then by sheet and row."""
    rows = [asdict(p) for p in (problems or [])]
    frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS).astype(
        {"severity": "string", "code": "string", "sheet": "string", "row": "Int64",
         "column": "string", "value": "string", "message": "string", "message_en": "string"}
    )
    order = frame["severity"].map({ERROR: 0, WARNING: 1}).fillna(2)
    return frame.assign(_o=order).sort_values(["_o", "sheet", "row"], kind="stable",
                                               na_position="first").drop(columns="_o").reset_index(drop=True)


def has_errors(problems: pd.DataFrame) -> bool:
    """True when any problem blocks the import."""
    return bool((problems["severity"] == ERROR).any())
