"""The store's behaviour on both backends: round trip, re-import, supersede, delete/undo, rejects,
sample data, recomputation, user criteria sets and the read filters."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import delete

from ntm.catalog import build_set
from ntm.loaders import load_workbook
from ntm.scoring import score_assessments
from ntm.store import IMPORTED, REJECTED, UNCHANGED, StoreError, audit
from ntm.store.engine import read_connection
from ntm.store.imports import sha256_of
from ntm.store.schema import scores as scores_table
from tests.store_fixtures import (  # noqa: F401  (fixtures)
    PROVINCE, assessment_rows, frames_equal, store, store_url, table_counts, workbook,
)

def _trail(store):
    """The audit trail, newest first."""
    with read_connection(store.engine) as connection:
        return audit.read_audit(connection)


SCORE_VIEW = ["commune", "year", "criteria_set", "criteria_met", "criteria_total", "unmet_criteria",
              "unmet_indicators", "reached_standard"]


def test_import_round_trip_keeps_codes_statuses_and_scores(store, catalog):
    statuses = {"17.10": "not_applicable", "1.2": "basically_met", "2.1": "missing", "17.1": "not_met"}
    data = workbook(catalog, assessment_rows(catalog, "Xã An", 2024, code="00123", statuses=statuses),
                    assessment_rows(catalog, "Xã Bình", 2024, seed=3))
    loaded = load_workbook(data, catalog, file_name="tinh.xlsx")

    outcome = store.import_file(data, "tinh.xlsx", catalog, who="cán bộ A")

    assert outcome.status == IMPORTED and outcome.ok
    assert (outcome.rows, outcome.assessments, outcome.superseded) == (len(loaded.results), 2, 0)
    results = store.results()
    frames_equal(results, loaded.results)
    an = results[results["commune"] == "Xã An"].set_index("indicator")["status"]
    assert an["17.10"] == "not_applicable" and an["1.2"] == "basically_met" and an["2.1"] == "missing"
    assert results.loc[results["commune"] == "Xã An", "commune_code"].unique().tolist() == ["00123"]

    expected = score_assessments(loaded.results, catalog)
    stored = store.scores()
    frames_equal(stored[expected.columns], expected)
    assert stored["unmet_indicators"].iloc[0] == ["1.2", "17.1"]
    assert stored["not_applicable"].iloc[0] == ["17.10"]
    assert set(stored["status"]) == {"active"} and not stored["sample"].any()

    history = store.uploads()
    assert history[["file_name", "size", "uploaded_by", "status", "assessments", "rows"]].iloc[0].tolist() == [
        "tinh.xlsx", len(data), "cán bộ A", "active", 2, len(loaded.results)]
    assert store.upload_content(outcome.upload_id) == ("tinh.xlsx", data)


def test_identical_bytes_change_nothing_and_say_so(store, catalog):
    data = workbook(catalog, assessment_rows(catalog, "Xã An", 2024))
    first = store.import_file(data, "a.xlsx", catalog)
    before = table_counts(store)

    again = store.import_file(data, "a-copy.xlsx", catalog)

    assert again.status == UNCHANGED and again.ok and again.upload_id == first.upload_id
    assert f"#{first.upload_id}" in again.message("en") and "nothing changed" in again.message("en")
    assert table_counts(store) == before


def test_newer_upload_supersedes_for_every_view_and_keeps_history(store, catalog):
    old = workbook(catalog, assessment_rows(catalog, "Xã An", 2024, unmet=("1.1",)),
                   assessment_rows(catalog, "Xã Bình", 2024))
    new = workbook(catalog, assessment_rows(catalog, "UBND xã An", 2024))  # same commune, same key
    first = store.import_file(old, "old.xlsx", catalog)

    second = store.import_file(new, "new.xlsx", catalog)

    assert second.superseded == 1
    current = store.scores().set_index("commune")
    assert current.loc["UBND xã An", "upload_id"] == second.upload_id
    assert current.loc["Xã Bình", "upload_id"] == first.upload_id
    assert "Xã An" not in current.index
    assert store.results()["commune"].value_counts().to_dict() == {"UBND xã An": 57, "Xã Bình": 57}
    history = store.scores(history=True)
    older = history[history["commune"] == "Xã An"].iloc[0]
    assert (older["status"], older["superseded_by"]) == ("superseded", second.upload_id)
    assert older["unmet_criteria"] == ["1"]
    assert len(store.results(history=True)) == 3 * 57
    uploads = store.uploads().set_index("upload_id")
    assert uploads.loc[first.upload_id, ["status", "current_assessments", "superseded_assessments"]].tolist() == [
        "active", 1, 1]


def test_an_upload_whose_every_assessment_is_replaced_is_listed_as_superseded(store, catalog):
    first = store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024)), "a.xlsx", catalog)
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024, seed=2)), "b.xlsx", catalog)
    assert store.uploads().set_index("upload_id").loc[first.upload_id, "status"] == "superseded"


def test_official_code_decides_the_commune_when_given(store, catalog):
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024, code="00123")), "a.xlsx", catalog)
    renamed = store.import_file(
        workbook(catalog, assessment_rows(catalog, "Xã An Mới", 2024, code="123", seed=1)), "b.xlsx", catalog)
    assert renamed.superseded == 1
    assert store.scores()["commune"].tolist() == ["Xã An Mới"]
    assert store.aliases()[["commune", "commune_code"]].values.tolist() == [
        ["Xã An", "00123"], ["Xã An Mới", "123"]]


def test_delete_hides_an_upload_and_undo_brings_it_back(store, catalog):
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024, unmet=("5",))), "a.xlsx", catalog)
    newer = store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024)), "b.xlsx", catalog)

    assert store.delete_upload(newer.upload_id, who="B") is True
    assert store.scores()["unmet_criteria"].tolist() == [["5"]]
    assert store.uploads().set_index("upload_id").loc[newer.upload_id, ["status", "deleted_by"]].tolist() == [
        "deleted", "B"]
    assert store.delete_upload(newer.upload_id) is False

    assert store.undo_delete(newer.upload_id) is True
    assert store.scores()["unmet_criteria"].tolist() == [[]]
    assert store.undo_delete(newer.upload_id) is False
    with pytest.raises(StoreError, match="999"):
        store.delete_upload(999)


def test_reimporting_a_deleted_file_makes_a_new_upload_and_undo_then_refuses(store, catalog):
    data = workbook(catalog, assessment_rows(catalog, "Xã An", 2024))
    first = store.import_file(data, "a.xlsx", catalog)
    store.delete_upload(first.upload_id)

    again = store.import_file(data, "a.xlsx", catalog)

    assert again.status == IMPORTED and again.upload_id != first.upload_id
    with pytest.raises(StoreError, match=f"#{again.upload_id}"):
        store.undo_delete(first.upload_id)


def test_a_file_that_fails_validation_writes_nothing(store, catalog):
    good = assessment_rows(catalog, "Xã An", 2024)
    bad = assessment_rows(catalog, "Xã Bình", 2024)
    bad[3]["indicator"] = "99.9"  # not an indicator of the set: an error
    before = table_counts(store)

    outcome = store.import_file(workbook(catalog, good, bad), "bad.xlsx", catalog)

    assert outcome.status == REJECTED and not outcome.ok and outcome.upload_id is None
    assert (outcome.problems["severity"] == "error").any()
    assert "nothing written" in outcome.message("en")
    assert table_counts(store) == before


def test_a_file_that_is_not_a_workbook_writes_nothing(store, catalog):
    outcome = store.import_file(b"not a workbook at all", "notes.xlsx", catalog)
    assert outcome.status == REJECTED and outcome.reason_vi
    assert sum(table_counts(store).values()) == 0


def test_sample_data_loads_once_on_an_empty_store_and_one_call_removes_it(store, catalog, tmp_path):
    (tmp_path / "mau-1.xlsx").write_bytes(workbook(catalog, assessment_rows(catalog, "Xã Mẫu", 2023)))
    (tmp_path / "mau-2.xlsx").write_bytes(workbook(catalog, assessment_rows(catalog, "Xã Mẫu", 2024)))

    outcomes = store.load_samples_if_empty(tmp_path, catalog)

    assert [o.status for o in outcomes] == [IMPORTED, IMPORTED]
    assert store.scores()["sample"].tolist() == [True, True]
    assert store.uploads()["sample"].all()
    assert store.load_samples_if_empty(tmp_path, catalog) == []
    assert store.remove_samples(who="qt") == 2
    left = {name: n for name, n in table_counts(store).items() if n}
    # That samples were offered once, the revision, and the removal's record in the audit trail.
    assert left == {"store_state": 2, "audit": 1}
    removal = _trail(store).iloc[0]
    assert (removal["action"], removal["who"]) == (audit.REMOVE_SAMPLES, "qt")
    assert len(removal["details"]["uploads"]) == 2
    assert store.load_samples_if_empty(tmp_path, catalog) == []


def test_sample_data_is_not_loaded_into_a_store_with_user_data(store, catalog, tmp_path):
    (tmp_path / "mau.xlsx").write_bytes(workbook(catalog, assessment_rows(catalog, "Xã Mẫu", 2023)))
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024)), "a.xlsx", catalog)
    assert store.load_samples_if_empty(tmp_path, catalog) == []
    assert store.remove_samples() == 0


def test_removing_samples_brings_back_the_upload_they_superseded(store, catalog, tmp_path):
    user = store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024)), "a.xlsx", catalog)
    sample = store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024, seed=1)), "s.xlsx",
                               catalog, sample=True)
    assert store.scores()["upload_id"].tolist() == [sample.upload_id]
    store.remove_samples()
    assert store.scores()["upload_id"].tolist() == [user.upload_id]


def _province_set(catalog, set_id, drop=()):
    """A province's variant of ntm-2021 under its own id, optionally without some indicators."""
    base = catalog.get("ntm-2021")
    rows = base.rows[~base.rows["indicator"].isin(drop)]
    meta = {"id": set_id, "name_vi": "Bộ tiêu chí tỉnh thử", "family": "ntm", "criteria_count": "19",
            "indicator_count": str(len(rows)), "indicators_complete": "yes"}
    return build_set(meta, rows, origin="tinh-thu.xlsx")


def test_recompute_after_a_criteria_set_correction_is_one_call(store, fresh_catalog):
    first_version = _province_set(fresh_catalog, "tinh-thu", drop=("1.2",))
    fresh_catalog.add(first_version)
    store.save_criteria_set(first_version, who="A", file_name="tinh-thu.xlsx", content=b"x")
    rows = assessment_rows(fresh_catalog, "Xã An", 2024, set_id="tinh-thu")
    store.import_file(workbook(fresh_catalog, rows, set_id="tinh-thu"), "a.xlsx", fresh_catalog)
    assert store.scores()[["criteria_met", "indicators_total"]].values.tolist() == [[19, 56]]

    store.save_criteria_set(_province_set(fresh_catalog, "tinh-thu"), who="A")  # 1.2 was missing
    corrected = store.catalog()
    assert len(corrected.get("tinh-thu").indicators) == 57
    assert store.criteria_sets()[["set_id", "indicator_count"]].values.tolist() == [["tinh-thu", "57"]]

    assert store.recompute_scores(corrected, who="A") == 1
    score = store.scores().iloc[0]
    assert (score["criteria_met"], score["indicators_total"], score["missing_indicators"]) == (18, 57, ["1.2"])

    trail = _trail(store)
    assert trail["action"].tolist() == [audit.RECOMPUTE, audit.CRITERIA_SET, audit.IMPORT, audit.CRITERIA_SET]
    assert trail.iloc[0]["who"] == "A"
    assert trail.iloc[0]["details"] == {"assessments": 1, "only_missing": False}
    first_save = trail.iloc[-1]
    assert (first_save["set_id"], first_save["who"]) == ("tinh-thu", "A")
    assert first_save["sha256"] == sha256_of(b"x") and first_save["details"]["file_name"] == "tinh-thu.xlsx"
    assert pd.isna(trail.iloc[1]["sha256"])  # saved without a workbook


def test_recompute_only_missing_fills_scores_lost_or_never_saved(store, catalog):
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024, seed=3)), "a.xlsx", catalog)
    before = store.scores()
    with store.engine.begin() as connection:
        connection.execute(delete(scores_table))
    assert store.missing_scores() == 1 and store.scores().empty

    assert store.recompute_scores(catalog, only_missing=True) == 1
    frames_equal(store.scores(), before)
    assert store.recompute_scores(catalog, only_missing=True) == 0  # nothing to do: nothing recorded
    assert _trail(store)["action"].tolist() == [audit.RECOMPUTE, audit.IMPORT]


def test_filters_and_a_communes_history(store, catalog):
    store.import_file(workbook(catalog, *(assessment_rows(catalog, commune, year, seed=year)
                                          for commune in ("Xã An", "Xã Bình") for year in (2022, 2023))),
                      "a.xlsx", catalog)
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024, seed=4, district="HUYỆN ĐÔNG HẢI")),
                      "b.xlsx", catalog)

    assert len(store.scores()) == 5
    assert len(store.scores(province="THỬ NGHIỆM")) == 5  # names match without case or "Tỉnh"
    assert len(store.scores(province="Thu Nghiem")) == 0  # but letters and tones count
    assert len(store.scores(province="Another province")) == 0
    assert store.scores(year=2023)["commune"].tolist() == ["Xã An", "Xã Bình"]
    assert len(store.scores(year=[2022, 2024], criteria_set="ntm-2021")) == 3
    assert len(store.results(commune="xã an", year=2024)) == 57
    assert store.results(district="huyện một")["commune"].nunique() == 2
    assert store.scores(district="Đông Hải")["year"].tolist() == [2024]  # not ASCII-only lower()

    history = store.commune_history(PROVINCE, "xã an")
    assert history["year"].tolist() == [2022, 2023, 2024]
    with pytest.raises(StoreError):
        store.commune_history(PROVINCE)


def test_scores_are_ordered_by_code_point_with_missing_last_on_every_backend(store, catalog):
    communes = [("Xã Đông", "Huyện Một"), ("Xã Ea", "Huyện Một"), ("Xã Bình", None),
                ("Xã Bình", "Huyện Một"), ("Xã An", "Huyện Một")]
    store.import_file(workbook(catalog, *(assessment_rows(catalog, commune, 2024, district=district,
                                                          code=f"{i:05d}")
                                          for i, (commune, district) in enumerate(communes))),
                      "order.xlsx", catalog)
    read = store.scores()
    # "Đ" (U+0110) after "E", whatever the database's collation; a missing district after every name.
    districts = read["district"].astype(object).where(read["district"].notna(), None)
    assert list(zip(districts, read["commune"])) == [
        ("Huyện Một", "Xã An"), ("Huyện Một", "Xã Bình"), ("Huyện Một", "Xã Ea"), ("Huyện Một", "Xã Đông"),
        (None, "Xã Bình")]


def test_an_empty_store_reads_as_empty_frames_of_the_right_shape(store, catalog):
    expected = score_assessments(load_workbook(workbook(catalog, assessment_rows(catalog, "Xã An", 2024)),
                                               catalog).results, catalog)
    scores = store.scores()
    assert scores.empty and list(scores.columns[: len(expected.columns)]) == list(expected.columns)
    assert store.results().empty and store.uploads().empty
    assert store.missing_scores() == 0 and store.recompute_scores(catalog) == 0
    assert isinstance(store.aliases(), pd.DataFrame)


def test_the_revision_grows_with_every_change_and_only_then(store, store_url, catalog):
    from ntm.store import open_store

    other_process = open_store(store_url)  # another dashboard process, with its own engine
    try:
        assert store.revision() == other_process.revision() == 0
        data = workbook(catalog, assessment_rows(catalog, "Xã An", 2024))
        first = store.import_file(data, "a.xlsx", catalog)
        assert other_process.revision() == 1
        store.import_file(data, "a.xlsx", catalog)  # unchanged
        store.delete_upload(first.upload_id)
        store.delete_upload(first.upload_id)  # already deleted
        store.undo_delete(first.upload_id)
        store.recompute_scores(catalog)
        assert [store.revision(), other_process.revision()] == [4, 4]
        assert len(other_process.scores()) == 1
    finally:
        other_process.close()


def test_a_set_a_complete_form_defines_is_kept_with_its_upload_and_serves_recomputation(store, catalog):
    """A complete advanced form of a province's variant (77 indicators): scored out of its own count,
    its set kept in the store once (a second form of the same structure adds no version), and a
    recomputation scores it against that kept set."""
    from tests.helpers_layouts import write_xlsx
    from tests.test_layout_official_form import _advanced

    first = write_xlsx([_advanced(catalog, extra={"17": 1, "18": 1})])
    second = write_xlsx([_advanced(catalog, extra={"17": 1, "18": 1}, commune="Khánh An", year=2024)])
    assert store.import_file(first, "nc-khanh-binh.xlsx", catalog, who="cán bộ A").status == IMPORTED
    assert store.import_file(second, "nc-khanh-an.xlsx", store.catalog(catalog), who="cán bộ A").status == IMPORTED

    kept = store.criteria_sets()
    assert kept[["set_id", "indicator_count"]].astype(str).values.tolist() == [["ntm-nc-2021-an-giang", "77"]]
    view = ["commune", "criteria_set", "indicators_met", "indicators_total"]
    expected = [["Khánh An", "ntm-nc-2021-an-giang", 65, 77], ["Khánh Bình", "ntm-nc-2021-an-giang", 65, 77]]
    assert store.scores().sort_values("commune")[view].astype(object).values.tolist() == expected
    store.recompute_scores(catalog)
    assert store.scores().sort_values("commune")[view].astype(object).values.tolist() == expected


def test_import_takes_the_loaders_options_for_a_form_without_titles(store, catalog):
    from tests.helpers_layouts import assessment, form_sheet, write_xlsx

    results = assessment(catalog, unmet=("17.11",))
    data = write_xlsx([form_sheet("2023", catalog.get("ntm-2021"), results, commune="Khánh Bình", year=2023,
                                  district="An Phú", province="An Giang", title=False)])
    assert store.import_file(data, "khong-tieu-de.xlsx", catalog).status == REJECTED
    where = {"province": "An Giang", "district": "An Phú", "commune": "Khánh Bình", "year": 2023,
             "criteria_set": "ntm-2021"}
    outcome = store.import_file(data, "khong-tieu-de.xlsx", catalog, load_options=where)
    assert outcome.status == IMPORTED, outcome.message("en")
    row = store.scores().iloc[0]
    assert (row["commune"], row["year"], row["criteria_met"], row["indicators_met"]) == ("Khánh Bình", 2023, 18, 56)


def test_reads_pause_the_cycle_collector_only_while_they_run(tmp_path):
    import gc

    from ntm.store.reads import cycle_collector_paused

    seen = []

    @cycle_collector_paused()
    def read():
        seen.append(gc.isenabled())
        raise RuntimeError("a failing read")

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        read()
    assert seen == [False] and gc.isenabled()  # back on, even after an error
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()  # left off when it was off
    finally:
        gc.enable()
