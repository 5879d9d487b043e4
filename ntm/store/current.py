"""Which assessment is current: the newest live upload wins for each supersede key.

For every assessment sharing a supersede key (province, commune, year, set: see ``keys.py``)
with the given uploads, ``superseded_by`` becomes the newest *live* (not deleted) upload newer
than its own that has the same key (None when there is none), and ``is_current`` becomes "its
upload is live and nothing supersedes it". Uploads are ordered by id, and ids are handed out
inside the store's write lock, so "newer" means "imported later". Runs inside the caller's write
transaction; set-based SQL, so it costs the same for one key or thousands.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, and_, case, func, select, tuple_, update

from ntm.store.schema import assessments, uploads

KEY = ("province_key", "commune_key", "year", "criteria_set")


def refresh_current(connection: Connection, upload_ids: Sequence[int]) -> None:
    """Recompute ``superseded_by`` and ``is_current`` for every key the given uploads touch."""
    if not upload_ids:
        return
    touched = assessments.alias("touched")
    affected = tuple_(*(assessments.c[k] for k in KEY)).in_(
        select(*(touched.c[k] for k in KEY)).where(touched.c.upload_id.in_(list(upload_ids))))

    other = assessments.alias("other")
    other_upload = uploads.alias("other_upload")
    newest_newer = (
        select(func.max(other.c.upload_id))
        .select_from(other.join(other_upload, other_upload.c.id == other.c.upload_id))
        .where(other_upload.c.deleted_at.is_(None), other.c.upload_id > assessments.c.upload_id,
               *(other.c[k] == assessments.c[k] for k in KEY))
        .scalar_subquery()
    )
    connection.execute(update(assessments).where(affected).values(superseded_by=newest_newer))

    live = select(uploads.c.id).where(uploads.c.deleted_at.is_(None))
    is_current = case((and_(assessments.c.superseded_by.is_(None), assessments.c.upload_id.in_(live)), True),
                      else_=False)
    connection.execute(update(assessments).where(affected).values(is_current=is_current))
