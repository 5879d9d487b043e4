"""The commune group in the store: written by an import, read back with the scores, inherited by a
newer upload without it, set afterwards with an audit row, refused outside 1..3 by the database,
and added to a version-7 store by migration 8 — on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from ntm.loaders import load_workbook
from ntm.schema import results_frame
from ntm.store import migrations, open_store
from ntm.store.groups import COMMUNE_GROUPS
from ntm.template import write_template
from tests.store_fixtures import PROVINCE, store, store_url  # noqa: F401  (fixtures)
from tests.test_store_migrations import _make_version_1_store

SET_2026 = "ntm-2026"


def workbook_2026(catalog, groups: dict[str, int | None], year: int = 2026, met: int = 10) -> bytes:
    """A template of ``ntm-2026`` criterion-level rows, one assessment per commune, with groups."""
    rows, keys = [], []
    for commune, group in groups.items():
        for criterion in range(1, 11):
            rows.append({"province": PROVINCE, "commune": commune, "year": year, "criteria_set": SET_2026,
                         "criterion": str(criterion), "status": "met" if criterion <= met else "not_met"})
        keys.append({"province": PROVINCE, "district": None, "commune": commune, "commune_code": None,
                     "year": year, "criteria_set": SET_2026, "commune_group": group})
    buffer = io.BytesIO()
    write_template(buffer, SET_2026, results=results_frame(rows), catalog=catalog, groups=pd.DataFrame(keys))
    return buffer.getvalue()


def _groups(store, **filters) -> dict[str, object]:
    scores = store.scores(**filters)
    return {c: (None if pd.isna(g) else int(g)) for c, g in zip(scores["commune"], scores["commune_group"])}


def test_an_import_keeps_each_assessments_group_and_scores_read_it_back(store, catalog):
    data = workbook_2026(catalog, {"Xã An": 1, "Xã Bình": 3, "Xã Cư": None})
    outcome = store.import_file(data, "nhom.xlsx", catalog)
    assert outcome.ok and outcome.assessments == 3
    scores = store.scores()
    assert scores["commune_group"].dtype == "Int8"
    assert _groups(store) == {"Xã An": 1, "Xã Bình": 3, "Xã Cư": None}
    # The tidy results keep their columns: the group is the assessment's.
    assert "commune_group" not in store.results().columns


def test_a_newer_upload_without_groups_keeps_the_older_ones_and_a_given_group_wins(store, catalog):
    store.import_file(workbook_2026(catalog, {"Xã An": 1, "Xã Bình": 3}), "cu.xlsx", catalog)
    store.import_file(workbook_2026(catalog, {"Xã An": None, "Xã Bình": 2}, met=8), "moi.xlsx", catalog)
    assert _groups(store) == {"Xã An": 1, "Xã Bình": 2}
    assert set(store.scores()["criteria_met"]) == {8}  # the newer upload is the current one


def test_groups_set_afterwards_by_name_or_code_are_audited(store, catalog):
    store.import_file(workbook_2026(catalog, {"Xã An": None, "Xã Bình": 1}), "a.xlsx", catalog)
    before = store.revision()
    table = pd.DataFrame({"commune": ["an", "UBND xã Bình", "Xã Không Có"], "commune_code": [None, None, None],
                          "commune_group": [2, 1, 3]})
    outcome = store.set_commune_groups(PROVINCE, table, [SET_2026], who="cán bộ A", file_name="nhom.csv")
    assert (outcome.changed, outcome.matched, outcome.unmatched) == (1, 2, ["Xã Không Có"])
    assert outcome.places == [(PROVINCE, "Xã An")]
    assert "Xã Không Có" in outcome.message() and "changed" in outcome.message("en")
    assert _groups(store) == {"Xã An": 2, "Xã Bình": 1}
    assert store.revision() == before + 1
    with store.engine.connect() as connection:
        row = connection.execute(text("SELECT who, action FROM audit ORDER BY id DESC")).first()
    assert tuple(row) == ("cán bộ A", COMMUNE_GROUPS)
    # Nothing changes: no audit row, no new revision.
    assert store.set_commune_groups(PROVINCE, table, [SET_2026]).changed == 0
    assert store.revision() == before + 1


def test_a_refusal_writes_nothing(store, catalog):
    store.import_file(workbook_2026(catalog, {"Xã An": None}), "a.xlsx", catalog)

    def refuse(places):
        assert places == [(PROVINCE, "Xã An")]
        raise PermissionError("no")

    with pytest.raises(PermissionError):
        store.set_commune_groups(PROVINCE, pd.DataFrame({"commune": ["Xã An"], "commune_group": [3]}),
                                 [SET_2026], authorize=refuse)
    assert _groups(store) == {"Xã An": None}


def test_the_database_refuses_a_group_outside_1_to_3(store, catalog):
    store.import_file(workbook_2026(catalog, {"Xã An": 1}), "a.xlsx", catalog)
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text("UPDATE assessments SET commune_group = 4"))
    assert _groups(store) == {"Xã An": 1}


def test_migration_8_adds_an_empty_group_to_a_version_7_store(store_url, catalog, monkeypatch):
    data = workbook_2026(catalog, {"Xã An": 2})
    loaded = load_workbook(data, catalog, file_name="cu.xlsx").results
    _make_version_1_store(store_url, data, loaded)
    with monkeypatch.context() as patch:  # this program as it was at version 7
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:7])
        patch.setattr(migrations, "LATEST", 7)
        old = open_store(store_url)
        assert old.version() == 7
        assert "commune_group" not in {c["name"] for c in inspect(old.engine).get_columns("assessments")}
        old.close()

    store = open_store(store_url)
    try:
        assert store.version() == 8
        store.recompute_scores(catalog, only_missing=True)
        assert _groups(store) == {"Xã An": None}  # the old file's group was never read: unknown
        outcome = store.set_commune_groups(PROVINCE, pd.DataFrame({"commune": ["Xã An"], "commune_group": [2]}),
                                           [SET_2026])
        assert outcome.changed == 1 and _groups(store) == {"Xã An": 2}
        with pytest.raises(IntegrityError), store.engine.begin() as connection:
            connection.execute(text("UPDATE assessments SET commune_group = 0"))
    finally:
        store.close()
