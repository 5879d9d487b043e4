"""What the pages and the export read: current scores, results, upload history, a commune's years,
and the official units (the registry with the store's lineage corrections, and their history).

"Current" means: the upload is not deleted and no newer upload has the same commune, year and set
(``assessments.is_current``). Filters match names the way files are matched (case, diacritics and
the "xã" prefix do not matter) and accept one value or a list.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import Connection, Select, case, func, select

from ntm.schema import ASSESSMENT_KEYS, RESULT_DTYPES, results_frame
from ntm.store import keys
from ntm.store.columns import fetch_columns
from ntm.store.schema import (
    RESULT_VALUE_COLUMNS, SCORE_VALUE_COLUMNS, UNIT_COLUMNS, assessments, results, scores,
    unit_corrections, uploads,
)
from ntm.store.scores_io import scores_frame, text_category

UPLOAD_COLUMNS = ["upload_id", "file_name", "size", "sha256", "uploaded_at", "uploaded_by", "sample",
                  "layout", "rows", "warnings", "assessments", "current_assessments",
                  "superseded_assessments", "status", "deleted_at", "deleted_by"]
ACTIVE, SUPERSEDED, DELETED = "active", "superseded", "deleted"


@dataclass(frozen=True)
class Filters:
    """Which assessments to read. Each field is None (all), one value or a list of values."""

    province: object = None
    district: object = None
    commune: object = None
    commune_code: object = None
    year: object = None
    criteria_set: object = None
    upload_id: object = None
    new_code: object = None

    def clauses(self) -> list:
        a = assessments.c
        out = []
        if self.province is not None:
            out.append(a.province_key.in_([keys.province_key(p) for p in _many(self.province)]))
        if self.district is not None:
            out.append(a.district_key.in_([keys.district_key(d) for d in _many(self.district)]))
        if self.commune is not None:
            out.append(a.commune_name_key.in_([keys.name_key(c) for c in _many(self.commune)]))
        if self.commune_code is not None:
            out.append(a.commune_key.in_([keys.commune_key(None, c) for c in _many(self.commune_code)]))
        if self.year is not None:
            out.append(a.year.in_([int(y) for y in _many(self.year)]))
        if self.criteria_set is not None:
            out.append(a.criteria_set.in_([str(s) for s in _many(self.criteria_set)]))
        if self.upload_id is not None:
            out.append(a.upload_id.in_([int(u) for u in _many(self.upload_id)]))
        if self.new_code is not None:
            out.append(a.new_code.in_([str(c) for c in _many(self.new_code)]))
        return out


def _many(value: object) -> list:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return [value]
    return list(value)


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a read builds its rows, lists and columns.

    None of them can form a cycle, yet each few hundred new containers start a collection that
    walks the rows already read: at national scale that was some 40% of reading a set's results.
    Collection resumes afterwards (if it was on), whatever happens meanwhile.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@cycle_collector_paused()
def read_scores(connection: Connection, filters: Filters, *, history: bool = False) -> pd.DataFrame:
    """One row per assessment: the scores, then upload_id, assessment_id, sample, status,
    superseded_by, ``commune_group`` (the 2026–2030 commune group, Int8 1..3; NA when not known)
    and, last, the official unit (``UNIT_COLUMNS``, strings; NA where the reported name did not
    resolve). Ordered by province, district, commune, year, criteria set and upload (text by
    code point, missing last: the same on every database).

    With ``history`` False only current assessments; with True every stored one (superseded and
    deleted too), ``status`` telling which.
    """
    query = scores_query(filters, history=history)
    # Column by column, each built by the database (``columns.fetch_columns``): a national read
    # is tens of thousands of rows, and a driver's per-cell objects cost more than the query.
    columns = fetch_columns(connection, query.order_by(None))
    # Each upload's sample flag and deletion, read once from the (small) uploads table rather than
    # joined to every row: the join was a third of a national read.
    u = uploads.c
    upload_of = {upload_id: (bool(sample), bool(deleted)) for upload_id, sample, deleted in _fetch(
        connection, select(u.id, u.sample, u.deleted_at.is_not(None)))}
    of_rows = [upload_of.get(upload_id, (False, False)) for upload_id in columns["upload_id"]]
    columns["sample"] = np.fromiter((sample for sample, _ in of_rows), dtype=bool, count=len(of_rows))
    columns["status"] = [DELETED if deleted else SUPERSEDED if later is not None else ACTIVE
                         for (_, deleted), later in zip(of_rows, columns["superseded_by"])]
    columns["superseded_by"] = pd.array(columns["superseded_by"], dtype="Int64")
    columns["commune_group"] = pd.array(columns["commune_group"], dtype="Int8")
    for column in UNIT_COLUMNS:
        columns[column] = _strings(columns[column])
    frame = scores_frame(columns, ["upload_id", "assessment_id", "sample", "status", "superseded_by",
                                   "commune_group", *UNIT_COLUMNS])
    return frame.sort_values(SCORE_ORDER, kind="stable", ignore_index=True)


def _strings(values: list) -> pd.api.extensions.ExtensionArray:
    """Text values (None: missing) as a pandas "string" array, built by Arrow: ``pd.array`` of
    the list takes some 15 times longer."""
    return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()))


SCORE_ORDER = ["province", "district", "commune", "year", "criteria_set", "upload_id"]


def scores_query(filters: Filters, *, history: bool = False) -> Select:
    """The query behind ``read_scores`` (a test checks the pages' queries use indexes).

    Each upload's sample flag and deletion (``sample``, ``status``) are added by ``read_scores``.
    """
    a, s = assessments.c, scores.c
    query = (
        select(*(a[k] for k in ASSESSMENT_KEYS), *(s[c] for c in SCORE_VALUE_COLUMNS), s.details,
               a.upload_id, a.id.label("assessment_id"), a.superseded_by,
               *(a[c] for c in UNIT_COLUMNS), a.commune_group)
        .select_from(assessments.join(scores, s.assessment_id == a.id))
        .where(*filters.clauses())
        .order_by(*(a[c] for c in SCORE_ORDER))
    )
    return query if history else query.where(a.is_current)


@cycle_collector_paused()
def read_results(connection: Connection, filters: Filters, *, history: bool = False,
                 columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The tidy results frame (``RESULT_COLUMNS``, ``RESULT_DTYPES``) of current assessments.

    With ``history`` True, of every stored assessment the filters select (e.g. one old upload).

    Args:
        columns: only these result columns (of ``RESULT_VALUE_COLUMNS``: e.g. criterion,
            indicator, status for scoring) after ``ASSESSMENT_KEYS``, whose text columns are then
            categorical: a national read of millions of rows stays small and quick to select
            from. None: the whole tidy frame.
    """
    wanted = list(RESULT_VALUE_COLUMNS if columns is None else columns)
    unknown = [c for c in wanted if c not in RESULT_VALUE_COLUMNS]
    if unknown:
        raise ValueError(f"not a result column: {unknown}")
    # The assessments first (few rows), then the results by assessment id: the place and year
    # are not sent again with each of a file's thousands of rows.
    a = assessments.c
    heads = _fetch(connection, select(a.id, *(a[k] for k in ASSESSMENT_KEYS))
                   .where(*filters.clauses(), *_current(history)).order_by(a.id))
    query = results_query(filters, history=history, columns=wanted)
    narrow = columns is not None and not (connection.dialect.name == "sqlite" and "value_num" in wanted)
    if narrow:  # a national read: millions of rows of short text, fetched as columns
        values = _ordered_by_id(fetch_columns(connection, query.add_columns(results.c.id).order_by(None)))
    else:  # every column of fewer rows; or reported numbers, which SQLite's JSON would round
        rows = _fetch(connection, query)
        values = dict(zip(query.selected_columns.keys(), map(list, zip(*rows)))) if rows else {
            name: [] for name in query.selected_columns.keys()}
    ids = pd.Index([h[0] for h in heads], dtype="int64")
    at = ids.get_indexer(pd.Index(values["assessment_id"], dtype="int64"))
    keys_of = pd.DataFrame({k: list(v) for k, v in zip(ASSESSMENT_KEYS, zip(*[h[1:] for h in heads]))}
                           if heads else {k: [] for k in ASSESSMENT_KEYS})
    frame = {}
    for key in ASSESSMENT_KEYS:
        column = keys_of[key]
        if columns is not None and key != "year":
            column = column.astype("category")
        frame[key] = column.take(at).reset_index(drop=True) if len(heads) else column
    if columns is None:
        frame = pd.DataFrame(frame | {name: values[name] for name in wanted})
        return results_frame(frame)
    frame["year"] = pd.array(frame["year"], dtype=RESULT_DTYPES["year"])
    for name in wanted:
        if name == "status":  # the few texts coded once, then mapped to the status codes
            frame[name] = pd.Categorical(text_category(values[name]), dtype=RESULT_DTYPES[name])
        elif name == "value_num":
            frame[name] = pd.to_numeric(pd.Series(values[name], dtype=object)).astype(RESULT_DTYPES[name])
        else:
            frame[name] = text_category(values[name])
    return pd.DataFrame(frame, index=pd.RangeIndex(len(at)))


def _ordered_by_id(columns: dict[str, list]) -> dict[str, list]:
    """``columns`` without ``id``, their rows in ``id`` order (the order the rows were written)."""
    ids = np.asarray(columns.pop("id"), dtype=np.int64)
    if ids.size < 2 or bool((ids[1:] > ids[:-1]).all()):
        return columns
    order = np.argsort(ids, kind="stable")
    return {name: [values[i] for i in order] for name, values in columns.items()}


def _fetch(connection: Connection, query: Select) -> list[tuple]:
    """The rows of ``query`` as the driver returns them: plain tuples, no per-row conversion.

    Only for queries whose columns need none (text, numbers, booleans, JSON cast to text): the
    frames are typed column by column afterwards.
    """
    result = connection.execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _current(history: bool) -> list:
    return [] if history else [assessments.c.is_current]


def results_query(filters: Filters, *, history: bool = False, columns: Sequence[str] | None = None) -> Select:
    """The query behind ``read_results``: the assessment id, then the result columns."""
    a, r = assessments.c, results.c
    query = (
        select(r.assessment_id, *(r[c] for c in (RESULT_VALUE_COLUMNS if columns is None else columns)))
        .select_from(results.join(assessments, a.id == r.assessment_id))
        .where(*filters.clauses())
        .order_by(r.id)
    )
    return query if history else query.where(a.is_current)


def read_uploads(connection: Connection, *, include_deleted: bool = True) -> pd.DataFrame:
    """The upload history, newest first: one row per upload with its status and counts.

    ``status`` is "deleted", "superseded" (every assessment in it has a newer upload) or "active".
    """
    a, u = assessments.c, uploads.c
    counts = (
        select(a.upload_id,
               func.count().label("assessments"),
               func.sum(case((a.superseded_by.is_(None), 1), else_=0)).label("not_superseded"),
               func.sum(case((a.is_current, 1), else_=0)).label("current_assessments"))
        .group_by(a.upload_id).subquery()
    )
    query = (
        select(u.id.label("upload_id"), u.file_name, u.size, u.sha256, u.uploaded_at, u.uploaded_by,
               u.sample, u.layout, u.rows, u.warnings, u.deleted_at, u.deleted_by,
               func.coalesce(counts.c.assessments, 0).label("assessments"),
               func.coalesce(counts.c.not_superseded, 0).label("not_superseded"),
               func.coalesce(counts.c.current_assessments, 0).label("current_assessments"))
        .select_from(uploads.outerjoin(counts, counts.c.upload_id == u.id))
        .order_by(u.id.desc())
    )
    if not include_deleted:
        query = query.where(u.deleted_at.is_(None))
    frame = pd.DataFrame.from_records([dict(r._mapping) for r in connection.execute(query)],
                                      columns=[*UPLOAD_COLUMNS, "not_superseded"])
    frame["superseded_assessments"] = frame["assessments"] - frame["not_superseded"]
    frame["status"] = [
        DELETED if pd.notna(deleted) else SUPERSEDED if total and left == 0 else ACTIVE
        for deleted, total, left in zip(frame["deleted_at"], frame["assessments"], frame["not_superseded"])
    ]
    for column in ("uploaded_at", "deleted_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame = frame.astype({"upload_id": "int64", "size": "int64", "rows": "int64", "warnings": "int64",
                          "assessments": "int64", "current_assessments": "int64",
                          "superseded_assessments": "int64", "sample": bool,
                          "file_name": "string", "sha256": "string", "uploaded_by": "string",
                          "layout": "string", "status": "string", "deleted_by": "string"})
    return frame[UPLOAD_COLUMNS].reset_index(drop=True)


def read_missing_scores(connection: Connection) -> list[int]:
    """Assessments without a score row (e.g. stored before scores were saved): to recompute."""
    a, s = assessments.c, scores.c
    query = (select(a.id).select_from(assessments.outerjoin(scores, s.assessment_id == a.id))
             .where(s.assessment_id.is_(None)).order_by(a.id))
    return list(connection.execute(query).scalars())


def assessment_groups(connection: Connection, assessment_ids: list[int] | None = None) -> pd.DataFrame:
    """Stored assessments (id, upload_id and ``ASSESSMENT_KEYS``), all or the given ones."""
    a = assessments.c
    query = select(a.id.label("assessment_id"), a.upload_id, *(a[k] for k in ASSESSMENT_KEYS)).order_by(a.id)
    if assessment_ids is not None:
        query = query.where(a.id.in_(assessment_ids))
    return pd.DataFrame.from_records([dict(r._mapping) for r in connection.execute(query)],
                                     columns=["assessment_id", "upload_id", *ASSESSMENT_KEYS])



UNIT_CORRECTION_COLUMNS = ["version", "file_name", "sha256", "successions", "saved_by", "saved_at", "in_force"]


def read_unit_corrections(connection: Connection) -> pd.DataFrame:
    """Every lineage correction workbook saved, newest first: ``UNIT_CORRECTION_COLUMNS``.

    ``in_force`` is True on the newest row only, and only when it holds a workbook (a row without
    one records that the corrections were withdrawn).
    """
    c = unit_corrections.c
    rows = connection.execute(select(c.id, c.file_name, c.sha256, c.successions, c.saved_by, c.saved_at,
                                     c.content.is_not(None)).order_by(c.id.desc())).all()
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=[*UNIT_CORRECTION_COLUMNS[:-1], "held"])
    frame["in_force"] = [i == 0 and bool(held) for i, held in enumerate(frame["held"])]
    frame["saved_at"] = pd.to_datetime(frame["saved_at"], utc=True)
    return frame.drop(columns="held").astype({"version": "int64", "successions": "int64", "file_name": "string",
                                              "sha256": "string", "saved_by": "string"})


def read_unit_registry(connection: Connection):
    """The units and lineage the store uses: the installed dataset with the correction workbook in
    force applied (``ntm.units.corrections.corrected_registry``; built once per workbook)."""
    from ntm.units.corrections import corrected_registry
    from ntm.units.registry import default_registry

    c = unit_corrections.c
    row = connection.execute(select(c.file_name, c.content).order_by(c.id.desc()).limit(1)).first()
    if row is None or row.content is None:
        return default_registry()
    return corrected_registry(bytes(row.content), row.file_name or "")
