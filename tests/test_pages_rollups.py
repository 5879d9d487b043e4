"""The overview's roll-ups read by year, the place × criterion table and the filter options index."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.scoring import band_distribution, rollup_summary
from pages.ui.filters import _Places
from pages.ui.render_overview import criteria_by_place, previous_year
from pages.ui.rollups import by_year, place_rollups


def _scores(**columns) -> pd.DataFrame:
    rows = {"province": ["An Giang"] * 4, "district": ["An Phú", "An Phú", "Tri Tôn", "Tri Tôn"],
            "commune": ["Đa Phước", "Vĩnh Hậu", "Núi Tô", "Đa Phước"], "year": [2024, 2025, 2025, 2025],
            "criteria_set": ["ntm-2021"] * 4, "criteria_met": [12, 19, 15, 17], "criteria_not_applicable": [0] * 4,
            "criteria_count": [19] * 4, "criteria_total": [19] * 4, "criteria_pct": [63.16, 100.0, 78.95, 89.47],
            "indicators_met": [None] * 4, "indicators_total": [None] * 4, "indicators_pct": [None] * 4,
            "reached_standard": [False, True, False, False], "unmet_criteria": [["5"], [], ["1"], ["2"]],
            "unmet_indicators": [[]] * 4}
    rows.update(columns)
    return pd.DataFrame(rows)


def _criteria() -> pd.DataFrame:
    return pd.DataFrame({
        "province": ["An Giang"] * 6, "district": ["An Phú"] * 2 + ["Tri Tôn"] * 4,
        "commune": ["Đa Phước", "Đa Phước", "Núi Tô", "Núi Tô", "Đa Phước", "Đa Phước"],
        "commune_code": [None] * 6, "year": [2025] * 6, "criteria_set": ["ntm-2021"] * 6,
        "criterion": ["1", "2", "1", "2", "1", "2"],
        "status": ["met", "not_met", "met", "not_applicable", "not_met", "not_applicable"]})


def test_by_year_splits_rows_and_leaves_out_rows_without_a_year():
    frame = _scores(year=pd.array([2024, 2025, None, 2025], dtype="Int16"))
    parts = by_year(frame)
    assert sorted(parts) == [2024, 2025]
    assert parts[2025]["commune"].tolist() == ["Vĩnh Hậu", "Đa Phước"]
    assert list(parts[2025].index) == [0, 1]
    assert by_year(frame.iloc[0:0]) == {}


def test_place_rollups_equal_the_roll_ups_of_each_year_alone():
    scores, criteria = _scores(), _criteria()
    results = criteria.assign(indicator=criteria["criterion"] + ".1")
    rollups = place_rollups(scores, criteria, results)
    for year in (2024, 2025):
        alone = scores[scores["year"] == year]
        pd.testing.assert_frame_equal(rollups.year("summary", year), rollup_summary(alone).reset_index(drop=True))
        pd.testing.assert_frame_equal(rollups.year("bands", year), band_distribution(alone).reset_index(drop=True))
    assert rollups.year("criteria", 2024).empty  # no criterion rows that year: an empty frame, same columns
    assert list(rollups.year("criteria", 2024).columns) == list(criteria.columns)
    assert rollups.year("summary", None).empty
    assert rollups.year("table", 2025)["commune"].tolist() == ["Vĩnh Hậu", "Núi Tô", "Đa Phước"]
    assert rollups.year("communes", 2025)["commune"].tolist() == ["Đa Phước", "Núi Tô", "Đa Phước"]
    assert previous_year(rollups.scores, 2025) == 2024 and previous_year(rollups.scores, 2024) is None


def test_criteria_by_place_counts_communes_and_shares_per_district():
    table = criteria_by_place(_criteria(), "district")
    assert table.columns.tolist() == ["district", "communes", "1", "2"]
    assert table["district"].tolist() == ["An Phú", "Tri Tôn"]
    assert table["communes"].tolist() == [1, 2]  # Đa Phước of Tri Tôn is not Đa Phước of An Phú
    assert table.loc[1, "1"] == "50%"  # met in Núi Tô, not met in Đa Phước
    assert table.loc[1, "2"] == "–"  # applies to none there
    assert table.loc[0, "2"] == "0%"


@pytest.mark.parametrize("categorical", [False, True])
def test_filter_options_follow_the_choices_made(categorical):
    scores = _scores()
    places = _Places.of(scores.astype({"province": "category", "commune": "category"}) if categorical else scores)
    assert places.offered("year", {"criteria_set": "ntm-2021"}) == [2025, 2024]
    assert places.offered("district", {"criteria_set": "ntm-2021", "year": 2025}) == ["An Phú", "Tri Tôn"]
    assert places.offered("commune", {"criteria_set": "ntm-2021", "year": 2025, "district": "Tri Tôn"}) == [
        "Núi Tô", "Đa Phước"]
    assert places.offered("commune", {"criteria_set": "ntm-2026"}) == []


def test_score_table_writes_counts_and_lists_as_officials_do():
    from pages.ui.tables import fraction, score_table

    scores = _scores(indicators_met=pd.array([50, None, 57, 0], dtype="Int64"),
                     indicators_total=pd.array([57, 57, None, 57], dtype="Int64"),
                     indicators_pct=[87.72, None, None, 0.0],
                     unmet_criteria=[["5", "17"], [], None, ["1"]], unmet_indicators=[["5.1"], [], None, []])
    table = score_table(scores)
    assert table["criteria"].tolist() == ["12/19", "19/19", "15/19", "17/19"]
    assert table["indicators"].tolist() == ["50/57", "–", "–", "0/57"]
    assert table["indicators"].tolist() == [fraction(m, n) for m, n in
                                           zip(scores["indicators_met"], scores["indicators_total"])]
    assert table["unmet_criteria"].tolist() == ["5; 17", "", "", "1"]
