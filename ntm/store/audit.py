"""The audit trail: every change to the data and to accounts, who made it, when, where.

Rows are only ever appended (``record`` and the ``record_*`` shortcuts below, each called inside
the write transaction of the change it records, so the change and its record are kept or lost
together). Nothing in the program updates or deletes them, and the database refuses to: triggers
installed by migration 6 (``GUARDS``) reject UPDATE and DELETE (and TRUNCATE on PostgreSQL).
Someone with the database owner's rights can still drop the triggers; the trail protects
against the app, not against the server's administrator.

Each row: ``at`` (UTC), ``who`` (login), ``action`` (one of ``ACTIONS``), what it names
(``upload_id`` and the file's ``sha256``, a criteria ``set_id``, the ``sha256`` of a lineage
correction workbook, or the account acted upon as ``subject``), ``places`` (the [province,
commune] pairs the change touched; the audit page shows an editor the rows of its places) and
``details`` (JSON).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, insert, select, text

from ntm.store.schema import assessments, audit, uploads

IMPORT, SUPERSEDE, DELETE, UNDO = "import", "supersede", "delete", "undo"
REMOVE_SAMPLES, RECOMPUTE, CRITERIA_SET = "remove-samples", "recompute", "criteria-set"
USER_ADD, USER_ROLE, USER_PASSWORD, USER_ACTIVE = "user-add", "user-role", "user-password", "user-active"
ASSIGN, UNASSIGN = "assign", "unassign"
UNIT_CORRECTIONS, UNIT_CORRECTIONS_WITHDRAWN = "unit-corrections", "unit-corrections-withdrawn"
UNIT_REFRESH = "unit-refresh"
COMMUNE_GROUPS = "commune-groups"
ACTIONS = {
    IMPORT: ("Tải lên", "Upload"), SUPERSEDE: ("Bị thay thế", "Superseded"), DELETE: ("Xóa", "Delete"),
    UNDO: ("Khôi phục", "Restore"), REMOVE_SAMPLES: ("Gỡ dữ liệu mẫu", "Remove sample data"),
    RECOMPUTE: ("Tính lại điểm", "Recompute scores"), CRITERIA_SET: ("Lưu bộ tiêu chí", "Save criteria set"),
    USER_ADD: ("Thêm người dùng", "Add user"), USER_ROLE: ("Đổi vai trò", "Change role"),
    USER_PASSWORD: ("Đổi mật khẩu", "Change password"), USER_ACTIVE: ("Khóa/mở tài khoản", "(De)activate"),
    ASSIGN: ("Giao địa bàn", "Assign place"), UNASSIGN: ("Bỏ giao địa bàn", "Unassign place"),
    UNIT_CORRECTIONS: ("Lưu hiệu chỉnh kế thừa đơn vị", "Save lineage corrections"),
    UNIT_CORRECTIONS_WITHDRAWN: ("Rút hiệu chỉnh kế thừa đơn vị", "Withdraw lineage corrections"),
    UNIT_REFRESH: ("Tính lại đơn vị hành chính", "Recompute official units"),
    COMMUNE_GROUPS: ("Ghi nhóm xã", "Set commune groups"),
}
COLUMNS = ["id", "at", "who", "action", "upload_id", "sha256", "set_id", "subject", "places", "details"]
MESSAGE = "audit rows cannot be changed or deleted"

# The database's own refusal to change the trail (installed by migration 6; never edit these: add
# a migration instead).
GUARDS: dict[str, list[str]] = {
    "sqlite": [
        f"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
        "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit "
        "FOR EACH ROW EXECUTE FUNCTION audit_reject_change()",
        "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()",
    ],
}


def install_guards(connection: Connection) -> None:
    """Create the triggers that make ``audit`` append-only on this connection's database."""
    for statement in GUARDS[connection.dialect.name]:
        connection.execute(text(statement))


def _place_pairs(places: Iterable) -> list[list[str | None]]:
    """[[province, commune or None], ...] from Place objects or (province, commune) pairs, sorted, unique."""
    pairs = set()
    for place in places:
        province, commune = (place.province, place.commune) if hasattr(place, "province") else place
        pairs.add((None if pd.isna(province) else str(province), None if pd.isna(commune) else str(commune)))
    return [list(p) for p in sorted(pairs, key=lambda p: (p[0] or "", p[1] or ""))]


def record(connection: Connection, *, who: str, action: str, upload_id: int | None = None,
           sha256: str | None = None, set_id: str | None = None, subject: str | None = None,
           places: Iterable = (), details: Mapping | None = None) -> int:
    """Append one row to the trail (in the caller's write transaction); returns its id.

    Args:
        who: the acting login ("" when unknown).
        action: one of ``ACTIONS``.
        upload_id, sha256, set_id, subject: what the action names (any that apply).
        places: ``ntm.auth.permissions.Place`` objects or (province, commune) pairs touched.
        details: more facts, JSON-serialisable (never a password or a hash of one).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    return connection.execute(insert(audit).values(
        at=datetime.now(UTC), who=who or "", action=action, upload_id=upload_id, sha256=sha256, set_id=set_id,
        subject=subject, places=_place_pairs(places), details=dict(details or {}),
    ).returning(audit.c.id)).scalar_one()


def upload_places(connection: Connection, upload_id: int) -> list[tuple[str | None, str | None]]:
    """The distinct (province, commune) pairs of an upload's assessments."""
    a = assessments.c
    rows = connection.execute(select(a.province, a.commune).where(a.upload_id == upload_id).distinct()).all()
    return sorted({(r.province, r.commune) for r in rows}, key=lambda p: (p[0] or "", p[1] or ""))


def record_upload(connection: Connection, action: str, upload_id: int, *, who: str,
                  details: Mapping | None = None) -> int:
    """Record ``action`` (``DELETE``, ``UNDO``, ``SUPERSEDE``...) on an upload: its file's hash and
    places are looked up here, so the caller passes only the id."""
    row = connection.execute(select(uploads.c.sha256, uploads.c.file_name)
                             .where(uploads.c.id == upload_id)).first()
    facts = {"file_name": row.file_name} if row is not None else {}
    return record(connection, who=who, action=action, upload_id=upload_id, sha256=row.sha256 if row else None,
                  places=upload_places(connection, upload_id), details={**facts, **(details or {})})


def record_import(connection: Connection, upload_id: int, *, who: str, rows: int) -> None:
    """Record an import, and one ``SUPERSEDE`` row per older upload it superseded assessments of
    (with the places of those assessments only)."""
    record_upload(connection, IMPORT, upload_id, who=who, details={"rows": rows})
    a = assessments.c
    superseded: dict[int, list] = {}
    query = select(a.upload_id, a.province, a.commune).where(a.superseded_by == upload_id).distinct()
    for row in connection.execute(query):
        superseded.setdefault(row.upload_id, []).append((row.province, row.commune))
    for old in sorted(superseded):
        sha = connection.execute(select(uploads.c.sha256).where(uploads.c.id == old)).scalar()
        record(connection, who=who, action=SUPERSEDE, upload_id=old, sha256=sha, places=superseded[old],
               details={"by_upload": upload_id})


def record_criteria_set(connection: Connection, set_id: str, version: int, *, who: str,
                        file_name: str | None = None, content: bytes | None = None) -> int:
    """Record a saved criteria set (its version row id, and its workbook's hash when there is one)."""
    digest = hashlib.sha256(content).hexdigest() if content is not None else None
    return record(connection, who=who, action=CRITERIA_SET, set_id=set_id, sha256=digest,
                  details={"version": version, "file_name": file_name})


def record_unit_corrections(connection: Connection, outcome, *, who: str, file_name: str | None = None,
                            content: bytes | None = None) -> int:
    """Record a saved lineage correction workbook (``UNIT_CORRECTIONS``, with its hash) or, with
    ``content`` None, the withdrawal of the one in force (``UNIT_CORRECTIONS_WITHDRAWN``).

    Args:
        outcome: what ``ntm.store.imports.save_unit_corrections`` returned (saved): its version,
            rows and how many stored assessments changed unit go in the details.
    """
    withdrawn = content is None
    digest = None if withdrawn else hashlib.sha256(content).hexdigest()
    details = {"version": outcome.version, "successions": outcome.successions, "changed": outcome.changed}
    if not withdrawn:
        details["file_name"] = file_name
    return record(connection, who=who, action=UNIT_CORRECTIONS_WITHDRAWN if withdrawn else UNIT_CORRECTIONS,
                  sha256=digest, details=details)


def read_audit(connection: Connection, *, since: datetime | None = None, until: datetime | None = None,
               upload_id: int | None = None) -> pd.DataFrame:
    """The trail, newest first, as a frame with ``COLUMNS`` (``at`` as UTC timestamps)."""
    query = select(*(audit.c[c] for c in COLUMNS)).order_by(audit.c.id.desc())
    if since is not None:
        query = query.where(audit.c.at >= since)
    if until is not None:
        query = query.where(audit.c.at < until)
    if upload_id is not None:
        query = query.where(audit.c.upload_id == upload_id)
    frame = pd.DataFrame.from_records(connection.execute(query).all(), columns=COLUMNS)
    at = pd.to_datetime(frame["at"])
    frame["at"] = at.dt.tz_localize(UTC) if at.dt.tz is None else at.dt.tz_convert(UTC)
    frame["upload_id"] = frame["upload_id"].astype("Int64")
    return frame
