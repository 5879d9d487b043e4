"""Which assessment is current: the newest live upload wins for each supersede key.

For every assessment sharing a supersede key (province, commune, year, set: see ``keys.py``)
with the given uploads, ``superseded_by`` becomes the newest *live* (not deleted) upload newer
than its own that has the same key (None when there is none), and ``is_current`` becomes "its
upload is live and nothing supersedes it". Uploads are ordered by id, and ids are handed out
inside the store's write lock, so "newer" means "imported later".

``decide_current`` is the rule, pure; ``refresh_current`` reads the assessments concerned,
applies the rule and writes back only the rows that change, inside the caller's write
transaction. Its cost grows with the assessments concerned (at most the whole country's
commune-years of a set and year: tens of thousands), linearly.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, bindparam, or_, select, update

from ntm.store.schema import assessments, uploads

KEY = ["province_key", "commune_key", "year", "criteria_set"]


def decide_current(frame: pd.DataFrame) -> pd.DataFrame:
    """``superseded_by`` and ``is_current`` for assessments grouped by ``KEY``.

    Args:
        frame: one row per assessment with ``KEY``, ``upload_id`` and ``live`` (its upload is
            not deleted); every assessment of a key must be present.

    Returns:
        ``frame`` with ``superseded_by`` (Int64: the newest live upload of the key when it is
        newer than the row's own, else NA) and ``is_current`` (bool).
    """
    live_ids = frame["upload_id"].where(frame["live"])
    newest_live = live_ids.groupby([frame[k] for k in KEY], dropna=False).transform("max")
    superseded_by = newest_live.where(newest_live > frame["upload_id"]).astype("Int64")
    return frame.assign(superseded_by=superseded_by,
                        is_current=frame["live"].astype(bool) & superseded_by.isna().to_numpy())


def refresh_current(connection: Connection, upload_ids: Sequence[int]) -> None:
    """Recompute ``superseded_by`` and ``is_current`` for every key the given uploads touch."""
    if not upload_ids:
        return
    a = assessments.c
    touched = pd.DataFrame.from_records(
        list(connection.execute(select(*(a[k] for k in KEY)).where(a.upload_id.in_(list(upload_ids))).distinct())),
        columns=KEY)
    if touched.empty:
        return
    # Candidates by plain IN lists (an index or a linear scan: no join for the planner to get
    # wrong on freshly written rows), then exactly the touched keys by a merge.
    years = [int(y) for y in touched["year"].dropna().unique()]
    year_clause = or_(a.year.in_(years), a.year.is_(None)) if touched["year"].isna().any() else a.year.in_(years)
    query = (
        select(a.id, a.upload_id, *(a[k] for k in KEY), uploads.c.deleted_at.is_(None).label("live"),
               a.superseded_by.label("old_superseded_by"), a.is_current.label("old_is_current"))
        .select_from(assessments.join(uploads, uploads.c.id == a.upload_id))
        .where(a.province_key.in_(touched["province_key"].unique().tolist()),
               a.criteria_set.in_(touched["criteria_set"].dropna().unique().tolist()), year_clause)
    )
    candidates = pd.DataFrame.from_records(list(connection.execute(query)),
                                           columns=["id", "upload_id", *KEY, "live", "old_superseded_by",
                                                    "old_is_current"])
    frame = candidates.merge(touched, on=KEY, how="inner")
    if frame.empty:
        return
    decided = decide_current(frame)
    old_by = decided["old_superseded_by"].astype("Int64")
    changed = decided[(old_by.fillna(-1) != decided["superseded_by"].fillna(-1))
                      | (decided["old_is_current"].astype(bool) != decided["is_current"])]
    if changed.empty:
        return
    params = [{"row_id": int(i), "new_by": None if pd.isna(by) else int(by), "new_current": bool(cur)}
              for i, by, cur in zip(changed["id"], changed["superseded_by"], changed["is_current"])]
    statement = (update(assessments).where(a.id == bindparam("row_id"))
                 .values(superseded_by=bindparam("new_by"), is_current=bindparam("new_current")))
    connection.execute(statement, params)
