"""Scores in and out of the ``scores`` table: one row per assessment, lists as JSON arrays.

The columns ``score_assessments`` documents are columns of the table; any further column it
returns (``SCORE_EXTRA_COLUMNS`` today, more tomorrow) is kept in ``details`` and comes back as a
column, so the store never silently drops what scoring computed.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, insert

from ntm.schema import ASSESSMENT_KEYS, RESULT_DTYPES
from ntm.store.bulk import bulk_insert
from ntm.store.schema import SCORE_LIST_COLUMNS, SCORE_VALUE_COLUMNS, scores

_INT_COLUMNS = ["criteria_met", "criteria_total", "criteria_basically_met"]
_NULLABLE_INT_COLUMNS = ["indicators_met", "indicators_total"]
_FLOAT_COLUMNS = ["criteria_pct", "indicators_pct"]


def plain(value: object) -> object:
    """A JSON-friendly Python value: numpy scalars unwrapped, NA/NaN as None, lists of str."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def score_rows(found: pd.DataFrame, computed: pd.DataFrame) -> list[dict]:
    """Rows for the ``scores`` table: ``computed`` matched to ``found``'s ``assessment_id`` by keys."""
    matched = found[[*ASSESSMENT_KEYS, "assessment_id"]].merge(
        computed, on=ASSESSMENT_KEYS, how="inner", validate="one_to_one")
    extras = [c for c in computed.columns if c not in ASSESSMENT_KEYS and c not in SCORE_VALUE_COLUMNS]
    now = datetime.now(UTC)
    rows = []
    for record in matched.to_dict("records"):
        row = {c: plain(record.get(c)) for c in SCORE_VALUE_COLUMNS}
        row["assessment_id"] = int(record["assessment_id"])
        row["details"] = {c: plain(record[c]) for c in extras}
        row["scored_at"] = now
        rows.append(row)
    return rows


def insert_scores(connection: Connection, found: pd.DataFrame, computed: pd.DataFrame) -> int:
    """Insert (replacing) the scores of the assessments in ``found``; returns how many."""
    rows = score_rows(found, computed)
    ids = found["assessment_id"].astype(int).tolist()
    for start in range(0, len(ids), 1000):
        connection.execute(delete(scores).where(scores.c.assessment_id.in_(ids[start:start + 1000])))
    if connection.dialect.name == "postgresql":
        # COPY, with the JSON columns as text the server parses: executemany would cost a round
        # trip per row.
        columns = [c.name for c in scores.columns]
        json_columns = {*SCORE_LIST_COLUMNS, "details"}
        bulk_insert(connection, scores, columns, (
            tuple(_json_text(row[c]) if c in json_columns else row[c] for c in columns) for row in rows))
    elif rows:
        connection.execute(insert(scores), rows)  # the driver's executemany: no round trips
    return len(rows)


def _json_text(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def scores_frame(records: list[dict], extra_columns: list[str]) -> pd.DataFrame:
    """A frame shaped like ``score_assessments``' output from rows read back from the store.

    Args:
        records: dicts with ``ASSESSMENT_KEYS``, ``SCORE_VALUE_COLUMNS``, ``details`` and any
            store columns (ids, status) to keep after the score columns.
        extra_columns: store columns to append after the score columns, in order.
    """
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        frame = pd.DataFrame(columns=[*ASSESSMENT_KEYS, *SCORE_VALUE_COLUMNS, "details", *extra_columns])
    details = pd.DataFrame.from_records([d or {} for d in frame["details"]], index=frame.index)
    frame = frame.drop(columns="details")
    for key in ASSESSMENT_KEYS:
        frame[key] = frame[key].astype(RESULT_DTYPES[key])
    for column in _INT_COLUMNS:
        frame[column] = frame[column].astype("int64")
    for column in _NULLABLE_INT_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    for column in _FLOAT_COLUMNS:
        frame[column] = frame[column].astype(float)
    frame["reached_standard"] = frame["reached_standard"].astype(bool)
    for column in SCORE_LIST_COLUMNS:
        frame[column] = [list(v) if v is not None else None for v in frame[column]]
    for column in details.columns:
        values = details[column]
        frame[column] = values.astype("int64") if _all_ints(values) else values
    from ntm.scoring import SCORE_COLUMNS

    for column in SCORE_COLUMNS:
        if column not in frame:  # no row yet, or saved before scoring computed this column
            frame[column] = pd.Series(dtype="int64") if frame.empty else pd.NA
    score_columns = [*SCORE_COLUMNS, *(c for c in details.columns if c not in SCORE_COLUMNS)]
    return frame[[*score_columns, *extra_columns]].reset_index(drop=True)


def _all_ints(values: pd.Series) -> bool:
    return len(values) > 0 and all(isinstance(v, int) and not isinstance(v, bool) for v in values)
