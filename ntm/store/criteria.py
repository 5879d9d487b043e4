"""User-supplied criteria sets (a province's variant), kept in the store with their history.

Each save is a new version row (metadata, origin, who, when, the original workbook if any) with
its indicator rows; the newest version of each set id is the one in force. ``stored_catalog``
adds the sets in force to a catalog, so scoring after a restart sees the same sets as at import.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, func, insert, select

from ntm.catalog import INDICATOR_COLUMNS, SET_COLUMNS, Catalog, CriteriaSet, build_set
from ntm.store.bulk import frame_rows
from ntm.store.schema import criteria_set_rows, criteria_sets


def set_meta(criteria_set: CriteriaSet) -> dict[str, str]:
    """A set's metadata as the text fields of ``sets.csv`` (what ``build_set`` reads back)."""
    values = {
        "id": criteria_set.id, "name_vi": criteria_set.name_vi, "name_en": criteria_set.name_en,
        "family": criteria_set.family, "legal_basis": criteria_set.legal_basis,
        "year_from": criteria_set.year_from, "year_to": criteria_set.year_to,
        "criteria_count": criteria_set.criteria_count, "indicator_count": criteria_set.indicator_count,
        "indicators_complete": "yes" if criteria_set.indicators_complete else "no",
        "target_scheme": criteria_set.target_scheme, "aliases": ";".join(criteria_set.aliases),
        "notes": criteria_set.notes,
    }
    return {k: "" if values[k] is None else str(values[k]) for k in SET_COLUMNS}


def save_set(connection: Connection, criteria_set: CriteriaSet, *, who: str, file_name: str | None,
             content: bytes | None) -> int:
    """Store a new version of ``criteria_set``; returns its version row id."""
    version_id = connection.execute(insert(criteria_sets).values(
        set_id=criteria_set.id, meta=set_meta(criteria_set), origin=criteria_set.origin,
        file_name=file_name, saved_by=who, saved_at=datetime.now(UTC), content=content,
    ).returning(criteria_sets.c.id)).scalar_one()
    rows = criteria_set.rows.reindex(columns=INDICATOR_COLUMNS).fillna("").astype(str)
    params = [dict(zip(INDICATOR_COLUMNS, row), criteria_set_id=version_id, position=i)
              for i, row in enumerate(frame_rows(rows, INDICATOR_COLUMNS))]
    if params:
        connection.execute(insert(criteria_set_rows), params)
    return version_id


def _in_force(connection: Connection):
    newest = select(func.max(criteria_sets.c.id)).group_by(criteria_sets.c.set_id)
    return connection.execute(select(criteria_sets).where(criteria_sets.c.id.in_(newest))
                              .order_by(criteria_sets.c.set_id)).mappings().all()


def indicator_codes_in_force(connection: Connection, set_id: str) -> frozenset[str] | None:
    """The indicator codes of the stored version of ``set_id`` in force; None when none is stored."""
    newest = connection.execute(select(func.max(criteria_sets.c.id))
                                .where(criteria_sets.c.set_id == set_id)).scalar()
    if newest is None:
        return None
    codes = connection.execute(select(criteria_set_rows.c.indicator)
                               .where(criteria_set_rows.c.criteria_set_id == newest)).scalars()
    return frozenset(code for code in codes if code)


def list_sets(connection: Connection) -> pd.DataFrame:
    """The user sets in force: set_id, version, origin, file_name, saved_by, saved_at, name, counts."""
    records = [{"set_id": r["set_id"], "version": r["id"], "origin": r["origin"], "file_name": r["file_name"],
                "saved_by": r["saved_by"], "saved_at": r["saved_at"], "name_vi": r["meta"].get("name_vi", ""),
                "criteria_count": r["meta"].get("criteria_count", ""),
                "indicator_count": r["meta"].get("indicator_count", "")}
               for r in _in_force(connection)]
    columns = ["set_id", "version", "origin", "file_name", "saved_by", "saved_at", "name_vi",
               "criteria_count", "indicator_count"]
    return pd.DataFrame.from_records(records, columns=columns)


def stored_catalog(connection: Connection, base: Catalog) -> Catalog:
    """``base`` plus every user set in force (a user set replaces a shipped set of the same id)."""
    catalog = Catalog(list(base))
    for record in _in_force(connection):
        rows = connection.execute(
            select(*(criteria_set_rows.c[c] for c in INDICATOR_COLUMNS))
            .where(criteria_set_rows.c.criteria_set_id == record["id"]).order_by(criteria_set_rows.c.position)
        ).all()
        frame = pd.DataFrame.from_records(rows, columns=INDICATOR_COLUMNS)
        catalog.add(build_set(record["meta"], frame, origin=record["origin"]))
    return catalog
