"""Schema versions: an older store opens and migrates, a new store matches ``schema.py``, a store
from a newer program is refused; and the one URL setting."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy import (
    BigInteger, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData,
    String, Table, Text, create_engine, inspect, insert, text,
)

from ntm.loaders import load_workbook
from ntm.schema import ASSESSMENT_KEYS, with_source_text
from ntm.scoring import score_assessments
from ntm.store import StoreError, database_url, open_store
from ntm.store.migrations import LATEST, MIGRATIONS
from ntm.store.schema import metadata
from ntm.store.settings import DEFAULT_FILE, ENV_VAR
from tests.store_fixtures import (  # noqa: F401  (fixtures)
    assessment_rows, frames_equal, store, store_url, workbook,
)

# The store as version 1 of the program made it, frozen here on purpose: uploads, assessments,
# results, no scores, no criteria sets, no aliases.
V1 = MetaData()
V1_VERSION = Table("schema_version", V1, Column("version", Integer, primary_key=True, autoincrement=False),
                   Column("description", Text, nullable=False), Column("applied_at", DateTime(timezone=True), nullable=False))
V1_UPLOADS = Table(
    "uploads", V1, Column("id", Integer, primary_key=True), Column("file_name", Text, nullable=False),
    Column("size", BigInteger, nullable=False), Column("sha256", String(64), nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False), Column("uploaded_by", Text, nullable=False),
    Column("sample", Boolean, nullable=False), Column("layout", Text), Column("rows", Integer, nullable=False),
    Column("warnings", Integer, nullable=False), Column("deleted_at", DateTime(timezone=True)),
    Column("deleted_by", Text), Column("content", LargeBinary, nullable=False))
Index("uq_uploads_live_sha256", V1_UPLOADS.c.sha256, unique=True,
      sqlite_where=V1_UPLOADS.c.deleted_at.is_(None), postgresql_where=V1_UPLOADS.c.deleted_at.is_(None))
V1_ASSESSMENTS = Table(
    "assessments", V1, Column("id", Integer, primary_key=True),
    Column("upload_id", Integer, ForeignKey("uploads.id", ondelete="CASCADE"), nullable=False),
    *(Column(k, Integer if k == "year" else Text) for k in ASSESSMENT_KEYS),
    Column("province_key", Text, nullable=False), Column("commune_key", Text, nullable=False),
    Column("commune_name_key", Text, nullable=False), Column("rows", Integer, nullable=False),
    Column("superseded_by", Integer, ForeignKey("uploads.id", ondelete="SET NULL")),
    Column("is_current", Boolean, nullable=False))
for name, *columns in [("ix_assessments_upload", "upload_id"), ("ix_assessments_province", "province_key", "year"),
                       ("ix_assessments_key", "province_key", "commune_key", "criteria_set", "year"),
                       ("ix_assessments_name", "province_key", "commune_name_key", "year"),
                       ("ix_assessments_year", "year", "criteria_set")]:
    Index(name, *(V1_ASSESSMENTS.c[c] for c in columns))
V1_RESULTS = Table(
    "results", V1, Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("assessment_id", Integer, ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
    Column("upload_id", Integer, nullable=False), Column("criterion", Text), Column("indicator", Text),
    Column("value", Text), Column("value_num", Float), Column("target", Text),
    Column("status", String(16), nullable=False), Column("note", Text), Column("source", Text))
Index("ix_results_assessment", V1_RESULTS.c.assessment_id)


def _make_version_1_store(url: str, data: bytes, loaded) -> None:
    engine = create_engine(database_url(url))
    V1.create_all(engine)
    with engine.begin() as connection:
        now = datetime.now(UTC)
        connection.execute(insert(V1_VERSION).values(version=1, description="v1", applied_at=now))
        upload_id = connection.execute(insert(V1_UPLOADS).values(
            file_name="cu.xlsx", size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_at=now,
            uploaded_by="v1", sample=False, layout="template", rows=len(loaded), warnings=0, content=data,
        ).returning(V1_UPLOADS.c.id)).scalar_one()
        flat = with_source_text(loaded)  # version 1 kept the source as one "file:sheet:row" text
        rows = flat.astype(object).where(flat.notna(), None).to_dict("records")
        first = rows[0]
        assessment_id = connection.execute(insert(V1_ASSESSMENTS).values(
            upload_id=upload_id, **{k: first[k] for k in ASSESSMENT_KEYS},
            # keys as an older program computed them: later migrations compute them again
            province_key="stale", commune_key="name:stale", commune_name_key="stale", rows=len(rows),
            is_current=True,
        ).returning(V1_ASSESSMENTS.c.id)).scalar_one()
        connection.execute(insert(V1_RESULTS), [
            {"assessment_id": assessment_id, "upload_id": upload_id,
             **{c: r[c] for c in ("criterion", "indicator", "value", "value_num", "target", "status", "note", "source")}}
            for r in rows])
    engine.dispose()


def test_a_version_1_store_opens_migrates_and_keeps_its_data(store_url, catalog):
    data = workbook(catalog, assessment_rows(catalog, "Xã An", 2023, seed=3))
    loaded = load_workbook(data, catalog, file_name="cu.xlsx").results
    _make_version_1_store(store_url, data, loaded)

    store = open_store(store_url)
    try:
        assert store.version() == LATEST
        frames_equal(store.results(), loaded)
        assert store.uploads()["file_name"].tolist() == ["cu.xlsx"]
        assert store.missing_scores() == 1 and store.scores().empty
        assert store.recompute_scores(catalog, only_missing=True) == 1
        expected = score_assessments(loaded, catalog)
        frames_equal(store.scores()[expected.columns], expected)
        assert len(store.scores(district="HUYỆN MỘT")) == 1  # migrations 4-5 filled district keys in
        newer = store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2023)), "moi.xlsx", catalog)
        assert newer.superseded == 1
        # migration 6: the upgraded store records changes (the recomputation above too), and its
        # database refuses to rewrite them
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT action FROM audit ORDER BY id")).scalars().all() == [
                "recompute", "import", "supersede"]
        with pytest.raises(DBAPIError, match="audit rows cannot be changed"), store.engine.begin() as connection:
            connection.execute(text("DELETE FROM audit"))
    finally:
        store.close()


def test_migration_7_fills_in_the_official_units_of_an_older_stores_assessments(store_url, catalog):
    """Older rows get the unit of their year's map and today's unit; the reported name is kept."""
    rows = [dict(r, province="An Giang", district="Huyện An Phú", commune="xã Khánh An")
            for r in assessment_rows(catalog, "Khánh An", 2023, seed=1)]
    data = workbook(catalog, rows)
    loaded = load_workbook(data, catalog, file_name="cu.xlsx").results
    _make_version_1_store(store_url, data, loaded)

    store = open_store(store_url)
    try:
        scores = store.scores()  # read before any rescoring: the migration alone filled the units
        assert store.missing_scores() == 1 and scores.empty  # version 1 kept no scores
        store.recompute_scores(catalog, only_missing=True)
        row = store.scores().iloc[0]
        assert row["commune"] == "xã Khánh An"
        assert (row["unit_map"], row["old_code"], row["old_name"], row["new_code"], row["new_name"]) == (
            "old", "30340", "Xã Khánh An", "30341", "Xã Khánh Bình")
        assert len(store.scores(new_code="30341")) == 1
    finally:
        store.close()


def test_a_new_store_has_exactly_the_tables_columns_and_indexes_of_schema_py(store):
    inspector = inspect(store.engine)
    tables = set(inspector.get_table_names())
    assert tables == set(metadata.tables)
    for name, table in metadata.tables.items():
        assert [c["name"] for c in inspector.get_columns(name)] == [c.name for c in table.columns], name
        assert {i["name"] for i in inspector.get_indexes(name)} >= {i.name for i in table.indexes}, name
    with store.engine.connect() as connection:
        versions = connection.execute(text("SELECT version FROM schema_version ORDER BY version")).scalars().all()
    assert versions == [m.version for m in MIGRATIONS]


def test_opening_again_applies_nothing_and_keeps_data(store, store_url, catalog):
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024)), "a.xlsx", catalog)
    again = open_store(store_url)
    try:
        assert again.version() == LATEST and len(again.scores()) == 1
    finally:
        again.close()


def test_a_store_from_a_newer_program_is_refused(store, store_url):
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO schema_version (version, description, applied_at) "
                                "VALUES (99, 'future', CURRENT_TIMESTAMP)"))
    with pytest.raises(StoreError, match="99"):
        open_store(store_url)


def test_migrations_are_numbered_one_by_one():
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_the_url_comes_from_one_setting(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert database_url().database == str(DEFAULT_FILE)
    assert DEFAULT_FILE.parent.name == "data"
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert database_url().database == str(tmp_path / "x.sqlite3")
    assert database_url("postgresql://u:p@h/db").drivername == "postgresql+psycopg"
    assert database_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    for bad in ("mysql://u@h/db", "not a url"):
        with pytest.raises(StoreError):
            database_url(bad)


def test_an_unreachable_server_is_a_store_error_not_a_crash():
    with pytest.raises(StoreError, match="NTM_DATABASE_URL"):
        open_store("postgresql://nobody@127.0.0.1:9/none?connect_timeout=2")


def test_a_new_sqlite_store_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'sub' / 'ntm.sqlite3'}")
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 10_000
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        store.close()


def test_ci_tests_the_store_on_postgresql():
    """Under CI, PostgreSQL must be there (.ci/postgres.sh): a store test is never skipped silently."""
    from tests import pg

    if pg.in_ci():
        url, why = pg.postgres_server()
        assert url is not None, f"CI must test the store on PostgreSQL too: {why}"


@pytest.mark.parametrize("filters, indexes", [
    # Two indexes lead with the province key; on an empty store SQLite takes either, by the order the
    # indexes were created in (migration 1 walks a set of them: it varies with PYTHONHASHSEED).
    ({"province": "An Giang"}, ("ix_assessments_province", "ix_assessments_name")),
    ({"province": "An Giang", "commune": "Khánh Bình"}, ("ix_assessments_name",)),
    ({"province": "An Giang", "commune_code": "30316"}, ("ix_assessments_key",)),
    ({"year": 2024, "criteria_set": "ntm-2021"}, ("ix_assessments_year",)),
    ({"new_code": "30341"}, ("ix_assessments_new_code",)),
])
def test_the_pages_queries_use_an_index(tmp_path, filters, indexes):
    """One province, one commune's history, a year across communes: no scan of the store."""
    from ntm.store.reads import Filters, results_query, scores_query

    store = open_store(f"sqlite:///{tmp_path / 'ntm.sqlite3'}")
    try:
        with store.engine.connect() as connection:
            for query in (scores_query(Filters(**filters)), results_query(Filters(**filters))):
                sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
                plan = " | ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
                assert any(f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan
                           for index in indexes), plan
                assert "SCAN assessments" not in plan and "SCAN results" not in plan, plan
    finally:
        store.close()
