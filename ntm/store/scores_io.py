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

from ntm.schema import ASSESSMENT_KEYS, RESULT_DTYPES, TEXT_CATEGORIES, TEXT_COLUMNS, as_text_category
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


def scores_frame(columns: dict[str, list], extra_columns: list[str]) -> pd.DataFrame:
    """A frame shaped like ``score_assessments``' output from columns read back from the store.

    Args:
        columns: column name → values (one per row): ``ASSESSMENT_KEYS``, ``SCORE_VALUE_COLUMNS``
            and ``details`` (the list columns and ``details`` decoded from their JSON: lists,
            dicts, None), and any store columns (ids, status) to keep after the score columns,
            as lists or already typed arrays.
        extra_columns: store columns to append after the score columns, in order.
    """
    rows = len(columns["details"])
    out = {key: (text_category(columns[key]) if key in TEXT_COLUMNS
                 else pd.array(columns[key], dtype=RESULT_DTYPES[key])) for key in ASSESSMENT_KEYS}
    for column in _INT_COLUMNS:
        out[column] = np.asarray(columns[column], dtype=np.int64)
    for column in _NULLABLE_INT_COLUMNS:
        out[column] = pd.array(columns[column], dtype="Int64")
    for column in _FLOAT_COLUMNS:
        out[column] = np.array(columns[column], dtype=float)  # None becomes NaN
    for column in SCORE_LIST_COLUMNS:
        out[column] = _objects(columns[column])
    out["reached_standard"] = np.asarray(columns["reached_standard"], dtype=bool)
    found = _detail_columns(columns["details"])
    for name, values in found.items():
        out[name] = np.asarray(values, dtype=np.int64) if _all_ints(values) else _objects(values)
    names = list(found)
    from ntm.scoring import SCORE_COLUMNS

    for column in SCORE_COLUMNS:
        if column not in out:  # no row yet, or saved before scoring computed this column
            out[column] = np.zeros(0, dtype=np.int64) if rows == 0 else _objects([pd.NA] * rows)
    for column in extra_columns:
        out[column] = columns[column]
    score_columns = [*SCORE_COLUMNS, *(c for c in names if c not in SCORE_COLUMNS)]
    return pd.DataFrame({c: out[c] for c in [*score_columns, *extra_columns]}, index=pd.RangeIndex(rows),
                        copy=False)


def text_category(values: list) -> pd.Categorical:
    """Text values (None for missing) as a categorical of text with sorted categories, as
    ``as_text_category`` makes them, by one hash pass instead of a text column first: what a
    national read of millions of short texts needs."""
    array = _objects(values)
    codes, uniques = pd.factorize(array, sort=True)
    if len(uniques) and pd.api.types.infer_dtype(uniques, skipna=False) != "string":  # numbers: made text
        return as_text_category(pd.Series(array, dtype=object)).array
    categories = pd.Index(uniques, dtype=TEXT_CATEGORIES)
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories))


def _detail_columns(details: list) -> dict[str, list]:
    """The ``details`` dicts (None where a row has none) as name → one value per row (None where
    a row lacks the name), names in order of first appearance."""
    shapes = dict.fromkeys(map(tuple, filter(None, details)))  # the distinct sets of names: a few
    if len(shapes) == 1 and None not in details:  # every row has the same names: zip them at once
        (names,) = shapes
        return dict(zip(names, map(list, zip(*map(dict.values, details)))))
    names = dict.fromkeys(name for shape in shapes for name in shape)
    return {name: [row.get(name) if row else None for row in details] for name in names}


def _objects(values: list) -> np.ndarray:
    """``values`` as an object array, as they are (pandas would look for a type in a list)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _all_ints(values: list) -> bool:
    return len(values) > 0 and set(map(type, values)) == {int}  # bool is a type of its own here
