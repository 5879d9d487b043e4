"""The two shapes everything passes around: the tidy results frame and the problems table.

Results: one row per (commune, year, criteria set, indicator). ``indicator`` is empty (NA) for a
criterion-level result (files that only say whether a criterion is met). Codes are strings.

Problems: one row per problem found in an input, with its place (sheet, Excel row, column) and a
message in Vietnamese and English. ``severity`` "error" blocks an import, "warning" does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import union_categoricals

from ntm.statuses import STATUS_DTYPE

RESULT_COLUMNS = [
    "province", "district", "commune", "commune_code", "year", "criteria_set",
    "criterion", "indicator", "value", "value_num", "target", "status", "note",
    "source_sheet", "source_row",
]
# Compact on purpose: a national frame holds millions of rows (about 30 bytes each this way, ten
# times less than as strings). Text that repeats is categorical (1-2 bytes a row); the nullable
# small integers are Arrow-backed, whose validity bitmap costs nothing when nothing is missing;
# ``value_num`` is a plain float (NaN when there is no number).
TEXT_COLUMNS = ["province", "district", "commune", "commune_code", "criteria_set", "criterion",
                "indicator", "value", "target", "note", "source_sheet"]
YEAR_DTYPE = pd.ArrowDtype(pa.int16())
ROW_DTYPE = pd.ArrowDtype(pa.int32())
RESULT_DTYPES = {
    **dict.fromkeys(TEXT_COLUMNS, "category"),
    "year": YEAR_DTYPE, "value_num": "float64", "status": STATUS_DTYPE, "source_row": ROW_DTYPE,
}
RESULT_DTYPES = {column: RESULT_DTYPES[column] for column in RESULT_COLUMNS}
# The tidy frame's place columns as records, files and the store write them: ``source`` is one
# text "file:sheet:row" (``source_text``), split by ``results_frame`` into ``source_sheet``
# ("file:sheet") and ``source_row`` (the Excel row, 1-based).
SOURCE = "source"
RECORD_COLUMNS = [*RESULT_COLUMNS[:-2], SOURCE]
# "str", the dtype of every text column's categories, so frames concatenate
TEXT_CATEGORIES = pd.StringDtype(na_value=np.nan)
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
    """A results frame with every column, in order, with the project's dtypes (``RESULT_DTYPES``).

    Args:
        records: dicts or a frame with any of ``RESULT_COLUMNS``; the place may be given as one
            ``source`` text "file:sheet:row" (``RECORD_COLUMNS``, as loaders and the store write
            it) instead of ``source_sheet`` and ``source_row``. Missing columns are empty (NA).
            A frame already in these dtypes is not copied column by column.
    """
    if isinstance(records, pd.DataFrame):
        frame = records
    else:
        frame = pd.DataFrame(records if records is not None else [])
    columns = {column: frame[column] for column in RESULT_COLUMNS if column in frame}
    if SOURCE in frame and "source_sheet" not in columns:
        columns["source_sheet"], columns["source_row"] = split_source(frame[SOURCE])
    out = {}
    for column in RESULT_COLUMNS:
        values = columns.get(column)
        if values is None:
            values = pd.Series(pd.NA, index=frame.index, dtype=object)
        out[column] = _cast(values, column)
    return pd.DataFrame(out, index=frame.index)


def _cast(values: pd.Series, column: str) -> pd.Series:
    if column in TEXT_COLUMNS:
        return as_text_category(values)
    dtype = RESULT_DTYPES[column]
    if column == "value_num":
        if values.dtype == np.float64:
            return values
        return pd.Series(pd.to_numeric(values.astype(object), errors="coerce"), index=values.index,
                         dtype=np.float64) if values.dtype == object else values.astype(np.float64)
    return values if values.dtype == dtype else values.astype(dtype)


def as_text_category(values: pd.Series) -> pd.Series:
    """``values`` as a categorical of text (categories of dtype "string"; numbers become text).

    A categorical whose categories are already text is returned as it is (no copy).
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories
        if categories.dtype == TEXT_CATEGORIES:
            return values
        text = categories.astype(TEXT_CATEGORIES)
        if text.has_duplicates:  # 5 and "5" name one category as text
            return values.astype(object).astype(TEXT_CATEGORIES).astype("category")
        return values.cat.rename_categories(text)
    if values.dtype != TEXT_CATEGORIES:
        values = values.astype(TEXT_CATEGORIES)
    return values.astype("category")


def split_source(source: pd.Series) -> tuple[pd.Series, pd.Series]:
    """"file:sheet:row" texts as (``source_sheet`` "file:sheet", ``source_row`` the Excel row).

    A text whose last part is not a row number is all sheet (row NA); blank is NA in both.
    """
    text = pa.array(source.astype(TEXT_CATEGORIES).array)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    text = text.cast(pa.string())
    # One split at the last ":" (a file name may hold ":" too), then the parts by position.
    parts = pc.split_pattern(text, ":", max_splits=1, reverse=True)
    two = pc.list_value_length(parts).fill_null(0).to_numpy(zero_copy_only=False) == 2
    first = parts.offsets.to_numpy()[:-1]
    flat = pc.list_flatten(parts)
    row_text = flat.take(pa.array(np.where(two, first + 1, 0))) if len(flat) else text
    has_row = pc.and_(pa.array(two), pc.fill_null(pc.match_substring_regex(row_text, r"^[0-9]{1,9}$"), False))
    sheet = pc.if_else(has_row, flat.take(pa.array(np.where(two, first, 0))) if len(flat) else text, text)
    sheet = pc.if_else(pc.equal(sheet, ""), pa.scalar(None, pa.string()), sheet)
    row = pc.cast(pc.if_else(has_row, row_text, pa.scalar(None, pa.string())), pa.int32())
    index = source.index
    return (as_text_category(pd.Series(pd.array(sheet, dtype=TEXT_CATEGORIES), index=index)),
            pd.Series(pd.array(row, dtype=ROW_DTYPE), index=index))


def source_text(results: pd.DataFrame) -> pd.Series:
    """The place of each row as one text, "file:sheet:row" ("file:sheet" without a row; NA blank)."""
    sheet = results["source_sheet"].astype(TEXT_CATEGORIES)
    row = results["source_row"].astype(TEXT_CATEGORIES)
    return (sheet + ":" + row).fillna(sheet).rename(SOURCE)


def with_source_text(results: pd.DataFrame) -> pd.DataFrame:
    """``results`` with ``source_sheet`` and ``source_row`` replaced by one ``source`` text column

    in their place (``RECORD_COLUMNS`` order for a tidy frame): the form records, files and the
    store hold.
    """
    place = list(results.columns).index("source_sheet")
    rest = results.drop(columns=["source_sheet", "source_row"])
    rest.insert(place, SOURCE, source_text(results))
    return rest


def concat_results(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Tidy results frames one after the other, as one tidy frame (categories united).

    ``pd.concat`` would turn categorical columns whose categories differ into object columns.
    """
    frames = [results_frame(f) for f in frames]
    if not frames:
        return results_frame()
    columns = {}
    for column in RESULT_COLUMNS:
        parts = [f[column] for f in frames]
        if column in TEXT_COLUMNS:
            columns[column] = as_text_category(pd.Series(union_categoricals(parts, sort_categories=True)))
        else:
            columns[column] = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(columns)


def problems_frame(problems: list[Problem] | None = None) -> pd.DataFrame:
    """The problems table: errors first, then by sheet and row."""
    # Field by field, not dataclasses.asdict: its deep copy costs more than the frame.
    rows = [[getattr(p, name) for name in PROBLEM_COLUMNS] for p in (problems or [])]
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


def problem_count(problems: pd.DataFrame, severity: str = ERROR) -> int:
    """How many problems of ``severity`` (``ERROR`` or ``WARNING``); 0 for a frame without any."""
    return int((problems["severity"] == severity).sum()) if "severity" in problems else 0
