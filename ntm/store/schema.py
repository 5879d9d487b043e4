"""The store's tables as they are now (SQLAlchemy Core). ``migrations.py`` builds them step by step.

uploads          one row per uploaded file: name, size, sha256, time, who, the original bytes,
                 whether it is sample data, and a soft-delete mark.
assessments      one row per (commune, year, set) in an upload, with the supersede key
                 (``province_key``, ``commune_key``, ``year``, ``criteria_set``), matching keys
                 for names, and whether it is the current one (its upload not deleted and no
                 newer upload has the same key).
results          the tidy results frame, one row per indicator result, pointing at its assessment
                 (which carries the province/district/commune/code/year/set columns) and upload.
scores           one row per assessment: what ``ntm.scoring.score_assessments`` computed at import
                 (list columns as JSON arrays of code strings; other columns in ``details``).
criteria_sets    user-supplied criteria sets (metadata, origin, original file), versioned by row;
criteria_set_rows  their indicator rows (``ntm.catalog.INDICATOR_COLUMNS``).
commune_aliases  commune name ↔ official code pairs seen in uploads.
unit_corrections  lineage correction workbooks (``ntm.units.corrections``), versioned by row: the
                 newest is in force (no content: corrections withdrawn), with who saved it and when.
store_state      small key/value facts about the store (e.g. that sample data was offered once).
users            accounts: login, display name, role, argon2 password hash or OpenID Connect subject,
                 active mark (accounts are deactivated, never deleted: the audit trail names them).
assignments      the places (a province, or one commune of it) each editor may change.
audit            the audit trail: who did what, when (UTC), to which upload / file hash / criteria set
                 / account, where, with details. Append-only: triggers reject UPDATE and DELETE.
schema_version   one row per applied migration.

Codes are text everywhere ("17.10" must never become 17.1).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON, BigInteger, Boolean, CheckConstraint, Column, DateTime, Float, ForeignKey, Index, Integer,
    LargeBinary, MetaData, SmallInteger, String, Table, Text, UniqueConstraint,
)

from ntm.catalog import INDICATOR_COLUMNS

metadata = MetaData()

# 64-bit ids on PostgreSQL; SQLite only auto-increments an INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

uploads = Table(
    "uploads", metadata,
    Column("id", Integer, primary_key=True),
    Column("file_name", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("uploaded_by", Text, nullable=False),
    Column("sample", Boolean, nullable=False),
    Column("layout", Text),
    Column("rows", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("deleted_at", DateTime(timezone=True)),
    Column("deleted_by", Text),
    Column("content", LargeBinary, nullable=False),  # last: listing uploads never reads it
)
# At most one live upload per content: re-uploading identical bytes is a no-op, even when two
# processes race (the loser's insert fails on this index).
Index("uq_uploads_live_sha256", uploads.c.sha256, unique=True,
      sqlite_where=uploads.c.deleted_at.is_(None), postgresql_where=uploads.c.deleted_at.is_(None))

assessments = Table(
    "assessments", metadata,
    Column("id", Integer, primary_key=True),
    Column("upload_id", Integer, ForeignKey("uploads.id", ondelete="CASCADE"), nullable=False),
    Column("province", Text),
    Column("district", Text),
    Column("commune", Text),
    Column("commune_code", Text),
    Column("year", Integer),
    Column("criteria_set", Text),
    Column("province_key", Text, nullable=False),
    Column("commune_key", Text, nullable=False),
    Column("commune_name_key", Text, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("superseded_by", Integer, ForeignKey("uploads.id", ondelete="SET NULL")),
    Column("is_current", Boolean, nullable=False),
    Column("district_key", Text),  # added by migration 4
    # added by migration 7: the official unit (ntm.units.history.UNIT_COLUMNS), NULL when unresolved
    Column("unit_map", Text),
    Column("unit_code", Text),
    Column("unit_name", Text),
    Column("old_code", Text),
    Column("old_name", Text),
    Column("new_code", Text),
    Column("new_name", Text),
    Column("new_province", Text),
    Column("unit_matched_by", Text),
    # added by migration 8: the 2026–2030 commune group (1, 2 or 3; NULL: not known), set by the
    # file that gave the assessment or later by ``python -m ntm groups set``
    Column("commune_group", SmallInteger,
           CheckConstraint("commune_group BETWEEN 1 AND 3", name="ck_assessments_commune_group")),
)
UNIT_COLUMNS = ["unit_map", "unit_code", "unit_name", "old_code", "old_name", "new_code", "new_name",
                "new_province", "unit_matched_by"]
Index("ix_assessments_upload", assessments.c.upload_id)
Index("ix_assessments_province", assessments.c.province_key, assessments.c.year)
Index("ix_assessments_key", assessments.c.province_key, assessments.c.commune_key,
      assessments.c.criteria_set, assessments.c.year)
Index("ix_assessments_name", assessments.c.province_key, assessments.c.commune_name_key, assessments.c.year)
Index("ix_assessments_year", assessments.c.year, assessments.c.criteria_set)
Index("ix_assessments_new_code", assessments.c.new_code)

results = Table(
    "results", metadata,
    Column("id", BigId, primary_key=True),
    Column("assessment_id", Integer, ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
    Column("upload_id", Integer, nullable=False),  # no FK: the assessment already ties it, and
    # a second per-row constraint check would slow bulk loads of millions of rows
    Column("criterion", Text),
    Column("indicator", Text),
    Column("value", Text),
    Column("value_num", Float),
    Column("target", Text),
    Column("status", String(16), nullable=False),
    Column("note", Text),
    Column("source", Text),
)
Index("ix_results_assessment", results.c.assessment_id)
RESULT_VALUE_COLUMNS = ["criterion", "indicator", "value", "value_num", "target", "status", "note", "source"]

scores = Table(
    "scores", metadata,
    Column("assessment_id", Integer, ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True),
    Column("criteria_met", Integer),
    Column("criteria_total", Integer),
    Column("criteria_pct", Float),
    Column("criteria_basically_met", Integer),
    Column("indicators_met", Integer),
    Column("indicators_total", Integer),
    Column("indicators_pct", Float),
    Column("unmet_criteria", JSON),
    Column("unmet_indicators", JSON),
    Column("missing_indicators", JSON),
    Column("not_applicable", JSON),
    Column("reached_standard", Boolean),
    Column("details", JSON),
    Column("scored_at", DateTime(timezone=True), nullable=False),
)
SCORE_VALUE_COLUMNS = [
    "criteria_met", "criteria_total", "criteria_pct", "criteria_basically_met", "indicators_met",
    "indicators_total", "indicators_pct", "unmet_criteria", "unmet_indicators", "missing_indicators",
    "not_applicable", "reached_standard",
]
SCORE_LIST_COLUMNS = ["unmet_criteria", "unmet_indicators", "missing_indicators", "not_applicable"]

criteria_sets = Table(
    "criteria_sets", metadata,
    Column("id", Integer, primary_key=True),
    Column("set_id", Text, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("origin", Text, nullable=False),
    Column("file_name", Text),
    Column("saved_by", Text, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("content", LargeBinary),
)
Index("ix_criteria_sets_set_id", criteria_sets.c.set_id)

criteria_set_rows = Table(
    "criteria_set_rows", metadata,
    Column("criteria_set_id", Integer, ForeignKey("criteria_sets.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    *(Column(name, Text, nullable=False) for name in INDICATOR_COLUMNS),
)

commune_aliases = Table(
    "commune_aliases", metadata,
    Column("id", Integer, primary_key=True),
    Column("province_key", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("code_key", Text, nullable=False),
    Column("province", Text),
    Column("commune", Text),
    Column("commune_code", Text),
    Column("first_upload_id", Integer, ForeignKey("uploads.id", ondelete="SET NULL")),
    UniqueConstraint("province_key", "name_key", "code_key", name="uq_commune_aliases"),
)

unit_corrections = Table(
    "unit_corrections", metadata,
    Column("id", Integer, primary_key=True),
    Column("file_name", Text),
    Column("sha256", String(64)),
    Column("successions", Integer, nullable=False),  # rows of lineage it holds
    Column("saved_by", Text, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("content", LargeBinary),  # None: the corrections were withdrawn
)

store_state = Table(
    "store_state", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("login", Text, nullable=False, unique=True),  # lower case, trimmed (ntm.store.users)
    Column("display_name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text),  # argon2id; None for accounts that sign in by OpenID Connect
    Column("oidc_subject", Text, unique=True),  # the provider's "sub", learnt at first sign-in
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="ck_users_role"),
)

assignments = Table(
    "assignments", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("province", Text, nullable=False),
    Column("commune", Text),  # None: the whole province
    Column("province_key", Text, nullable=False),
    Column("commune_key", Text, nullable=False),  # "" for the whole province (NULLs are never equal)
    UniqueConstraint("user_id", "province_key", "commune_key", name="uq_assignments"),
)

audit = Table(
    "audit", metadata,
    Column("id", BigId, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("upload_id", Integer),  # no foreign key: the trail outlives what it names
    Column("sha256", String(64)),
    Column("set_id", Text),
    Column("subject", Text),  # the account acted upon (user management)
    Column("places", JSON, nullable=False),  # [[province, commune or null], ...] the action touched
    Column("details", JSON, nullable=False),
)
Index("ix_audit_at", audit.c.at)
Index("ix_audit_upload", audit.c.upload_id)
