"""What the commune-groups page asks of ``ntm``: a dry run of a group list that writes nothing and
says old group → new group, the recorded groups read back per commune (and which have none), and
the fill-in list workbook that reads back as written — on both backends where the store is used."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from ntm.loaders.group_list import read_group_list, write_group_list
from ntm.store.groups import (
    PLAN_COLUMNS,
    RECORDED_COLUMNS,
    group_list_rows,
    recorded_groups,
)
from tests.store_fixtures import PROVINCE, audit_trail, store, store_url  # noqa: F401  (fixtures)
from tests.test_store_groups import SET_2026, workbook_2026


@pytest.fixture
def stored(store, catalog):
    """A store with three 2026 assessments of the test province (Xã Bình already in group 3), and
    a superseded older copy of Xã An."""
    assert store.import_file(workbook_2026(catalog, {"Xã An": None}, met=5), "cu.xlsx", catalog).ok
    assert store.import_file(workbook_2026(catalog, {"Xã An": None, "Xã Bình": 3, "Xã Cư": None}),
                             "kq.xlsx", catalog).ok
    return store


def _list(**groups: int) -> pd.DataFrame:
    return pd.DataFrame({"commune": list(groups), "commune_code": [None] * len(groups),
                         "commune_group": list(groups.values())})


def test_a_dry_run_says_old_and_new_groups_and_writes_nothing(stored, store_url):
    before = stored.revision()
    plan = stored.plan_commune_groups(PROVINCE, _list(**{"xã an": 2, "Xã Bình": 3, "Xã Không Có": 1}), [SET_2026])
    assert list(plan.changes.columns) == PLAN_COLUMNS
    shown = plan.changes[["commune", "year", "current", "old_group", "new_group"]].astype(object)
    assert shown.where(shown.notna(), None).values.tolist() == [
        ["Xã An", 2026, True, None, 2], ["Xã An", 2026, False, None, 2]]  # history gets it too
    assert (plan.matched, plan.unmatched, plan.places) == (3, ["Xã Không Có"], [(PROVINCE, "Xã An")])
    assert "2 kết quả đánh giá trong kho sẽ đổi nhóm; 1 đã đúng nhóm" in plan.message()
    assert "No stored assessment for: Xã Không Có" in plan.message("en")
    assert stored.revision() == before
    assert len(audit_trail(store_url).query("action == 'commune-groups'")) == 0
    # Saving then does what the dry run said.
    outcome = stored.set_commune_groups(PROVINCE, _list(**{"xã an": 2, "Xã Bình": 3}), [SET_2026], who="bt")
    assert (outcome.changed, outcome.places) == (len(plan.changes), plan.places)


def test_a_dry_run_for_another_year_or_province_finds_nothing(stored):
    plan = stored.plan_commune_groups(PROVINCE, _list(**{"Xã An": 2}), [SET_2026], year=2025)
    assert plan.unmatched == ["Xã An"]
    plan = stored.plan_commune_groups("An Giang", _list(**{"Xã An": 2}), [SET_2026])
    assert plan.changes.empty and plan.matched == 0 and plan.places == []


def test_recorded_groups_one_row_per_commune_and_group_unknown_last(stored):
    stored.set_commune_groups(PROVINCE, _list(**{"Xã An": 1}), [SET_2026])
    recorded = recorded_groups(stored.scores(), [SET_2026], province="tỉnh thử nghiệm")
    assert list(recorded.columns) == RECORDED_COLUMNS
    shown = recorded[["commune", "years", "commune_group"]].astype(object)
    assert shown.where(shown.notna(), None).values.tolist() == [
        ["Xã An", [2026], 1], ["Xã Bình", [2026], 3], ["Xã Cư", [2026], None]]
    assert recorded_groups(stored.scores(), ["ntm-2021"]).empty
    assert recorded_groups(stored.scores(), [SET_2026], province="An Giang").empty


def test_recorded_groups_keep_different_years_apart():
    scores = pd.DataFrame({"province": ["P"] * 3, "commune": ["A", "A", "A"], "commune_code": [None] * 3,
                           "criteria_set": [SET_2026] * 3, "year": [2026, 2027, 2028],
                           "commune_group": pd.array([1, 2, 1], dtype="Int8")})
    recorded = recorded_groups(scores, [SET_2026])
    assert recorded[["years", "commune_group"]].astype(object).values.tolist() == [[[2026, 2028], 1],
                                                                                  [[2027], 2]]
    # The fill-in list carries the group of the latest year.
    assert group_list_rows(recorded)["commune_group"].tolist() == [1]


def test_the_fill_in_list_reads_back_and_a_blank_group_is_a_clear_error():
    rows = pd.DataFrame({"commune": ["Khánh Bình", "Nhơn Hội", "Vĩnh Hậu"],
                         "commune_code": ["030316", None, None],
                         "commune_group": pd.array([1, 3, None], dtype="Int8")})
    content = write_group_list(rows)
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["NhomXa", "HuongDan"]
    assert [c.value for c in book["NhomXa"][1]] == ["Xã", "Mã xã", "Nhóm xã"]
    groups, problems = read_group_list(content, "nhom-xa.xlsx")
    read = groups[["commune", "commune_code", "commune_group"]].astype(object)
    assert read.where(read.notna(), None).values.tolist() == [["Khánh Bình", "030316", 1],
                                                              ["Nhơn Hội", None, 3]]
    assert problems[["severity", "code", "sheet", "row", "column"]].values.tolist() == [
        ["error", "missing-commune-group", "NhomXa", 4, "Nhóm xã"]]
    assert "Vĩnh Hậu" in problems["message"][0] and "delete the row" in problems["message_en"][0]
