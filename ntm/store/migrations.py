"""Ordered schema migrations; a store is brought up to date when it is opened, never recreated.

``schema_version`` holds one row per applied migration. ``migrate`` applies the missing ones, in
order, in one write transaction (both backends have transactional DDL), so a store is either at
its old version or at the new one, and two processes opening a new store at once do not race.

Rule for adding a migration: append it, never edit an applied one. A migration may create a
table from ``schema.py`` only while that table is still as it was then; when a later migration
changes a table, freeze the old definition inside the earlier migration first (as migration 1
does for ``assessments``, which migration 4 extends; a column added by ``ALTER TABLE`` is
declared last in ``schema.py``, where the database puts it).
``tests/test_store_migrations.py`` checks that a migrated store matches ``schema.py`` exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean, Column, Connection, Engine, ForeignKey, Index, Integer, MetaData, Table, Text, bindparam, func,
    insert, inspect, select, text, update,
)
from sqlalchemy.exc import SQLAlchemyError

from ntm.store import keys, schema
from ntm.store.engine import write_transaction
from ntm.store.errors import StoreError


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _create(*tables):
    def apply(connection: Connection) -> None:
        for table in tables:
            table.create(connection)
    return apply


def _v1_assessments() -> Table:
    """``assessments`` as migration 1 made it (before ``district_key``), frozen here."""
    frozen = MetaData()
    schema.uploads.to_metadata(frozen)  # for the foreign keys; unchanged since
    table = Table(
        "assessments", frozen,
        Column("id", Integer, primary_key=True),
        Column("upload_id", Integer, ForeignKey("uploads.id", ondelete="CASCADE"), nullable=False),
        *(Column(name, Text) for name in ("province", "district", "commune", "commune_code")),
        Column("year", Integer),
        Column("criteria_set", Text),
        *(Column(name, Text, nullable=False) for name in ("province_key", "commune_key", "commune_name_key")),
        Column("rows", Integer, nullable=False),
        Column("superseded_by", Integer, ForeignKey("uploads.id", ondelete="SET NULL")),
        Column("is_current", Boolean, nullable=False),
    )
    v1_indexes = {"ix_assessments_upload", "ix_assessments_province", "ix_assessments_key", "ix_assessments_name",
                  "ix_assessments_year"}  # later indexes (migration 7's on new_code) use later columns
    # In a fixed order (a set's varies by run): SQLite's plans then do not vary between stores.
    for index in sorted(schema.assessments.indexes, key=lambda i: i.name):
        if index.name in v1_indexes:
            Index(index.name, *(table.c[c.name] for c in index.columns), unique=index.unique)
    return table


def _v1(connection: Connection) -> None:
    schema.uploads.create(connection)
    _v1_assessments().create(connection)
    schema.results.create(connection)


def _add_district_key(connection: Connection) -> None:
    """Districts are matched by a key, as communes are (SQL's lower() is ASCII-only in SQLite)."""
    connection.execute(text("ALTER TABLE assessments ADD COLUMN district_key TEXT"))
    a = schema.assessments.c
    for district in connection.execute(select(a.district).where(a.district.is_not(None)).distinct()).scalars():
        connection.execute(update(schema.assessments).where(a.district == district)
                           .values(district_key=keys.district_key(district)))


def _rekey(connection: Connection) -> None:
    """Name keys keep letters and tones (DESIGN.md): "Hòa" and "Hóa" were one key before."""
    from ntm.store.current import refresh_current

    a, al = schema.assessments.c, schema.commune_aliases.c
    rows = connection.execute(select(a.id, a.province, a.district, a.commune, a.commune_code)).all()
    if rows:
        connection.execute(
            update(schema.assessments).where(a.id == bindparam("row_id")).values(
                province_key=bindparam("p"), district_key=bindparam("d"), commune_key=bindparam("c"),
                commune_name_key=bindparam("n")),
            [{"row_id": r.id, "p": keys.province_key(r.province), "d": keys.district_key(r.district),
              "c": keys.commune_key(r.commune, r.commune_code), "n": keys.name_key(r.commune)} for r in rows])
    aliases = connection.execute(select(al.id, al.province, al.commune)).all()
    if aliases:
        connection.execute(
            update(schema.commune_aliases).where(al.id == bindparam("row_id")).values(
                province_key=bindparam("p"), name_key=bindparam("n")),
            [{"row_id": r.id, "p": keys.province_key(r.province), "n": keys.name_key(r.commune)} for r in aliases])
    refresh_current(connection, connection.execute(select(schema.uploads.c.id)).scalars().all())


def _accounts_and_audit(connection: Connection) -> None:
    """Users, assignments and the audit trail, whose rows the database itself refuses to change."""
    from ntm.store.audit import install_guards

    for table in (schema.users, schema.assignments, schema.audit):
        table.create(connection)
    install_guards(connection)


def _official_units(connection: Connection) -> None:
    """The official unit beside each reported name (ntm.units), and lineage correction workbooks.

    Existing assessments are resolved here, once, against the installed dataset (a store at the
    previous version has no corrections yet). When the dataset cannot be read the columns stay
    empty and ``python -m ntm units refresh`` fills them later: opening a store never fails for it.
    """
    from ntm.store.imports import refresh_units
    from ntm.units.errors import UnitsError

    # Frozen here (never follow later changes of schema.UNIT_COLUMNS): the columns as of version 7.
    for name in ("unit_map", "unit_code", "unit_name", "old_code", "old_name", "new_code", "new_name",
                 "new_province", "unit_matched_by"):
        connection.execute(text(f"ALTER TABLE assessments ADD COLUMN {name} TEXT"))
    connection.execute(text("CREATE INDEX ix_assessments_new_code ON assessments (new_code)"))
    schema.unit_corrections.create(connection)
    try:
        refresh_units(connection)
    except UnitsError:
        pass


def _commune_groups(connection: Connection) -> None:
    """The 2026–2030 commune group of each assessment: NULL (not known) for every stored one.

    The constraint is written here, not taken from ``schema.py``: this is the column as of version 8.
    """
    connection.execute(text(
        "ALTER TABLE assessments ADD COLUMN commune_group SMALLINT "
        "CONSTRAINT ck_assessments_commune_group CHECK (commune_group BETWEEN 1 AND 3)"))


MIGRATIONS = [
    Migration(1, "uploads, assessments and indicator results", _v1),
    Migration(2, "scores saved beside the results",
              _create(schema.scores)),
    Migration(3, "user criteria sets, commune aliases, store state",
              _create(schema.criteria_sets, schema.criteria_set_rows, schema.commune_aliases,
                      schema.store_state)),
    Migration(4, "district names matched by a key", _add_district_key),
    Migration(5, "name keys keep letters and tones", _rekey),
    Migration(6, "accounts, their places, and an append-only audit trail", _accounts_and_audit),
    Migration(7, "official units and lineage beside reported names; lineage corrections", _official_units),
    Migration(8, "the commune group (nhóm xã, 2026–2030) of each assessment", _commune_groups),
]
LATEST = MIGRATIONS[-1].version


def schema_version(connection: Connection) -> int:
    """The store's version: 0 for an empty database."""
    if not inspect(connection).has_table("schema_version"):
        return 0
    return connection.execute(select(func.max(schema.schema_version.c.version))).scalar() or 0


def migrate(engine: Engine) -> list[int]:
    """Apply every missing migration; returns the versions applied (empty when up to date).

    Raises:
        StoreError: the store was made by a newer version of the program, or a migration failed
            (then nothing of it is kept).
    """
    with write_transaction(engine) as connection:
        current = schema_version(connection)
        if current > LATEST:
            raise StoreError(
                f"Kho dữ liệu ở phiên bản {current}, mới hơn chương trình này ({LATEST}). "
                "Hãy cập nhật NTM Dashboard.",
                f"The store is at schema version {current}, newer than this program ({LATEST}). "
                "Update NTM Dashboard.",
            )
        if current == 0:
            schema.schema_version.create(connection)
        applied = []
        for migration in MIGRATIONS[current:]:
            try:
                migration.apply(connection)
            except SQLAlchemyError as error:
                raise StoreError(
                    f"Không nâng cấp được kho dữ liệu lên phiên bản {migration.version}: {error}",
                    f"Cannot migrate the store to version {migration.version}: {error}",
                ) from error
            connection.execute(insert(schema.schema_version).values(
                version=migration.version, description=migration.description,
                applied_at=datetime.now(UTC)))
            applied.append(migration.version)
        return applied
