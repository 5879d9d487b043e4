"""The store keeps the official unit beside each reported name: filled at import, read back with
the scores, warned about (never blocking) when a name does not resolve, and recomputed when a
lineage correction workbook is saved."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from ntm.store.engine import read_connection, write_transaction
from ntm.store.imports import refresh_units, save_unit_corrections
from ntm.store.reads import read_unit_corrections
from ntm.store.schema import UNIT_COLUMNS
from ntm.units.corrections import COLUMNS, SHEET
from ntm.units.history import UNIT_COLUMNS as HISTORY_UNIT_COLUMNS
from tests.store_fixtures import assessment_rows, store, store_url, workbook  # noqa: F401  (fixtures)


def an_giang(rows: list[dict], district: str | None = "Huyện An Phú") -> list[dict]:
    """The fixture's rows moved to a real province (and district) so that they resolve."""
    return [dict(r, province="An Giang", district=district) for r in rows]


def corrections_workbook(*rows: dict) -> bytes:
    """A lineage correction workbook with the given rows (keys of ``COLUMNS``)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    keys = list(COLUMNS)
    sheet.append([COLUMNS[k][0] for k in keys])
    for row in rows:
        sheet.append([row.get(k) for k in keys])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_stores_unit_columns_are_the_units_modules():
    assert UNIT_COLUMNS == HISTORY_UNIT_COLUMNS


def test_an_import_keeps_the_official_units_of_each_assessment(store, catalog):
    data = workbook(catalog, an_giang(assessment_rows(catalog, "Khánh Bình", 2023)),
                    an_giang(assessment_rows(catalog, "UBND xã Khánh An", 2024)))
    outcome = store.import_file(data, "an-phu.xlsx", catalog)
    assert outcome.ok and outcome.problems.empty
    scores = store.scores().set_index("year")
    assert list(scores.columns[-len(UNIT_COLUMNS):]) == UNIT_COLUMNS
    assert scores.loc[2023, ["commune", "unit_map", "unit_code", "old_code", "new_code", "new_name"]].tolist() == [
        "Khánh Bình", "old", "30343", "30343", "30341", "Xã Khánh Bình"]
    # The reported name stays as written; the official unit sits beside it.
    assert scores.loc[2024, ["commune", "old_name", "new_code"]].tolist() == ["UBND xã Khánh An", "Xã Khánh An",
                                                                              "30341"]
    assert sorted(store.scores(new_code="30341")["year"]) == [2023, 2024]
    assert store.scores(new_code="99999").empty


def test_an_unknown_commune_is_stored_with_a_warning_naming_the_closest_units(store, catalog):
    data = workbook(catalog, an_giang(assessment_rows(catalog, "Khanh Bnh", 2023)))
    outcome = store.import_file(data, "go-nham.xlsx", catalog)
    assert outcome.status == "imported"  # a typo never blocks an official's real data
    [warning] = outcome.problems[outcome.problems["code"] == "unknown-commune"].to_dict("records")
    assert warning["severity"] == "warning"
    assert "có phải 'Khánh Bình'" in warning["message"] and "vẫn được lưu" in warning["message"]
    assert "did you mean 'Khánh Bình'" in warning["message_en"]
    assert (warning["sheet"], warning["row"], warning["column"], warning["value"]) == ("KetQua", 2, "Xã",
                                                                                      "Khanh Bnh")
    stored = store.scores()
    assert stored["commune"].tolist() == ["Khanh Bnh"] and stored[UNIT_COLUMNS].isna().all(axis=None)
    assert store.uploads()["warnings"].iloc[0] == 1


def test_a_correction_workbook_recomputes_the_units_and_can_be_withdrawn(store, catalog):
    store.import_file(workbook(catalog, an_giang(assessment_rows(catalog, "Khánh An", 2024))), "a.xlsx", catalog)
    assert store.scores()["new_code"].tolist() == ["30341"]
    # The province decides that Khánh An joined Xã Nhơn Hội (30346) instead.
    content = corrections_workbook({"old_code": "30340", "old_name": "Khánh An", "new_code": "30346",
                                    "new_name": "Nhơn Hội", "basis": "Nghị quyết thử"})
    with write_transaction(store.engine) as connection:
        outcome = save_unit_corrections(connection, content, "hieu-chinh.xlsx", who="cán bộ tỉnh")
    assert (outcome.saved, outcome.version, outcome.successions, outcome.changed) == (True, 1, 1, 1)
    assert "1 kết quả đánh giá trong kho đổi đơn vị" in outcome.message()
    assert store.scores()[["new_code", "new_name"]].values.tolist() == [["30346", "Xã Nhơn Hội"]]
    # A later import resolves against the corrections in force too.
    store.import_file(workbook(catalog, an_giang(assessment_rows(catalog, "Khánh An", 2023))), "b.xlsx", catalog)
    assert store.scores()["new_code"].tolist() == ["30346", "30346"]
    with write_transaction(store.engine) as connection:
        withdrawn = save_unit_corrections(connection, None, None, who="cán bộ tỉnh")
    assert (withdrawn.saved, withdrawn.changed) == (True, 2)
    assert store.scores()["new_code"].tolist() == ["30341", "30341"]
    with read_connection(store.engine) as connection:
        history = read_unit_corrections(connection)
    assert history.assign(file_name=history["file_name"].fillna(""))[
        ["version", "file_name", "saved_by", "in_force"]].values.tolist() == [
        [2, "", "cán bộ tỉnh", False], [1, "hieu-chinh.xlsx", "cán bộ tỉnh", False]]


def test_a_correction_workbook_with_errors_is_not_kept(store, catalog):
    store.import_file(workbook(catalog, an_giang(assessment_rows(catalog, "Khánh An", 2024))), "a.xlsx", catalog)
    content = corrections_workbook({"old_code": "30340", "old_name": "Phú Hữu", "new_code": "30346"})
    with write_transaction(store.engine) as connection:
        outcome = save_unit_corrections(connection, content, "sai.xlsx", who="x")
    assert not outcome.saved and "code-name-mismatch" in set(outcome.problems["code"])
    assert "Không lưu" in outcome.message()
    with read_connection(store.engine) as connection:
        assert read_unit_corrections(connection).empty
    assert store.scores()["new_code"].tolist() == ["30341"]


def test_refresh_changes_nothing_when_nothing_changed(store, catalog):
    store.import_file(workbook(catalog, an_giang(assessment_rows(catalog, "Khánh Bình", 2023))), "a.xlsx", catalog)
    with write_transaction(store.engine) as connection:
        assert refresh_units(connection) == 0


@pytest.mark.parametrize("district, year, expected", [
    ("Huyện An Phú", 2025, ("old", "30343", "30341")),  # a 2025 form naming a district: the old map
    (None, 2026, ("new", "30341", "30341")),            # after 1 July 2025: no districts, the new map
])
def test_the_map_follows_the_assessment_year(store, catalog, district, year, expected):
    rows = an_giang(assessment_rows(catalog, "Khánh Bình", year), district=district)
    store.import_file(workbook(catalog, rows), "a.xlsx", catalog)
    assert tuple(store.scores()[["unit_map", "unit_code", "new_code"]].iloc[0]) == expected


# -- the Store's own methods: one transaction each, recorded in the trail, the revision moved --------
def _trail(store):
    from ntm.store import audit

    with read_connection(store.engine) as connection:
        return audit.read_audit(connection)


KHANH_AN_TO_NHON_HOI = {"old_code": "30340", "old_name": "Khánh An", "new_code": "30346",
                        "new_name": "Nhơn Hội", "basis": "Nghị quyết thử"}


def test_store_saves_and_withdraws_corrections_and_each_is_in_the_trail(store, catalog):
    from ntm.store import audit
    from ntm.store.imports import sha256_of

    rows = an_giang(assessment_rows(catalog, "Khánh An", 2024))
    store.import_file(workbook(catalog, rows), "a.xlsx", catalog)
    assert store.unit_corrections().empty
    assert store.unit_registry().current("old", "30340").code == "30341"
    revision, trail_rows = store.revision(), len(_trail(store))

    content = corrections_workbook(KHANH_AN_TO_NHON_HOI)
    outcome = store.save_unit_corrections(content, "hieu-chinh.xlsx", who="qt")
    assert (outcome.saved, outcome.version, outcome.changed) == (True, 1, 1)
    assert store.revision() > revision
    assert store.unit_registry().current("old", "30340").code == "30346"
    assert store.unit_corrections()[["version", "file_name", "saved_by", "in_force"]].values.tolist() == [
        [1, "hieu-chinh.xlsx", "qt", True]]
    row = _trail(store).iloc[0]
    assert (row["action"], row["who"], row["sha256"]) == (audit.UNIT_CORRECTIONS, "qt", sha256_of(content))
    assert row["details"] == {"version": 1, "successions": 1, "changed": 1, "file_name": "hieu-chinh.xlsx"}
    assert len(_trail(store)) == trail_rows + 1

    # A workbook with errors changes nothing: no version, no trail row, the same revision.
    revision = store.revision()
    bad = corrections_workbook({"old_code": "30340", "old_name": "Phú Hữu", "new_code": "30346"})
    assert not store.save_unit_corrections(bad, "sai.xlsx", who="qt").saved
    assert store.revision() == revision and len(_trail(store)) == trail_rows + 1
    assert len(store.unit_corrections()) == 1

    withdrawn = store.save_unit_corrections(None, None, who="qt-2")
    assert (withdrawn.saved, withdrawn.version, withdrawn.changed) == (True, 2, 1)
    assert store.revision() > revision and store.scores()["new_code"].tolist() == ["30341"]
    row = _trail(store).iloc[0]
    assert (row["action"], row["who"]) == (audit.UNIT_CORRECTIONS_WITHDRAWN, "qt-2")
    assert pd.isna(row["sha256"])
    assert row["details"] == {"version": 2, "successions": 0, "changed": 1}
    assert store.unit_corrections()["in_force"].tolist() == [False, False]


def test_store_refresh_records_only_a_refresh_that_changed_units(store, catalog):
    from sqlalchemy import update

    from ntm.store import audit
    from ntm.store.schema import assessments

    rows = an_giang(assessment_rows(catalog, "Khánh Bình", 2023))
    store.import_file(workbook(catalog, rows), "a.xlsx", catalog)
    revision, trail_rows = store.revision(), len(_trail(store))
    assert store.refresh_units(who="qt") == 0
    assert store.revision() == revision and len(_trail(store)) == trail_rows

    # As a store migrated from before units were kept: the unit columns are empty.
    with write_transaction(store.engine) as connection:
        connection.execute(update(assessments).values(**{c: None for c in UNIT_COLUMNS}))
    assert store.scores()["new_code"].isna().all()
    assert store.refresh_units(who="qt") == 1
    assert store.scores()["new_code"].tolist() == ["30341"] and store.revision() > revision
    row = _trail(store).iloc[0]
    assert (row["action"], row["who"], row["details"]) == (audit.UNIT_REFRESH, "qt", {"changed": 1})
