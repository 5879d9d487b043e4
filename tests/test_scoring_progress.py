"""Year over year: criteria gained and lost, losses after the standard, ratios across sets."""

from __future__ import annotations

import pandas as pd

from ntm.scoring import PROGRESS_COLUMNS, commune_keys, criterion_results, score_assessments, year_over_year
from tests.test_scoring_helpers import criterion_rows, frame, indicator_rows, make_catalog, make_set


def progress(results, catalog):
    return year_over_year(score_assessments(results, catalog), criterion_results(results, catalog), catalog)


def test_gained_and_lost_between_consecutive_years(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(indicator_rows(ntm, {"1.1": "not_met", "5": "not_met", "13.2": None}, year=2022),
                    indicator_rows(ntm, {"8.1": "not_met", "13.2": None}, year=2023),
                    indicator_rows(ntm, {"8.1": "not_met", "2.1": "basically_met"}, year=2025))
    out = progress(results, catalog)
    assert list(out.columns) == PROGRESS_COLUMNS
    assert out[["from_year", "to_year"]].astype(int).values.tolist() == [[2022, 2023], [2023, 2025]]
    first, second = out.iloc[0], out.iloc[1]
    assert first["comparable"] and first["criteria_gained"] == ["1", "5"] and first["criteria_lost"] == ["8"]
    assert (first["from_criteria_met"], first["to_criteria_met"], first["criteria_met_change"]) == (16, 17, 1)
    assert first["criteria_pct_change"] == 5.26  # 89.47 − 84.21, exactly 2 decimals
    assert second["criteria_gained"] == ["13"] and second["criteria_lost"] == ["2"]
    assert second["criteria_met_change"] == 0
    assert not out["lost_after_standard"].any()


def test_losing_a_criterion_after_reaching_the_standard_is_flagged(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(indicator_rows(ntm, year=2022),
                    indicator_rows(ntm, {"17.2": "not_met"}, year=2023),
                    indicator_rows(ntm, {"17.2": "not_met", "5": "not_met"}, year=2024))
    out = progress(results, catalog)
    assert out["criteria_lost"].tolist() == [["17"], ["5"]]
    # Still flagged in 2024: the commune had reached the standard earlier in this family.
    assert out["lost_after_standard"].tolist() == [True, True]
    assert out["note"].iloc[0] == "Mất tiêu chí sau khi đã đạt chuẩn."
    assert bool(out["from_reached_standard"].iloc[0]) and not bool(out["to_reached_standard"].iloc[0])


def test_a_not_applicable_criterion_is_neither_gained_nor_lost(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(indicator_rows(ntm, {"7": "not_applicable"}, year=2022),
                    indicator_rows(ntm, year=2023),
                    indicator_rows(ntm, {"7": "not_applicable"}, year=2024))
    out = progress(results, catalog)
    assert out["criteria_gained"].tolist() == [[], []] and out["criteria_lost"].tolist() == [[], []]
    assert not out["lost_after_standard"].any()


def test_change_of_set_compares_ratios_only(catalog):
    ntm = catalog.get("ntm-2021")
    levels = {str(c): "met" for c in range(1, 11)} | {"3": "not_met"}
    results = frame(indicator_rows(ntm, {"1.1": "not_met"}, year=2025),
                    criterion_rows(levels, "ntm-2026", year=2026))
    out = progress(results, catalog)
    assert len(out) == 1
    row = out.iloc[0]
    assert not row["comparable"]
    assert (row["from_set"], row["to_set"], row["from_family"], row["family"]) == (
        "ntm-2021", "ntm-2026", "ntm", "ntm-2026")
    assert (row["from_criteria_pct"], row["to_criteria_pct"]) == (94.74, 90.0)
    assert row["criteria_pct_change"] == -4.74
    assert pd.isna(row["criteria_met_change"])
    assert row["criteria_gained"] is None and row["criteria_lost"] is None
    assert "chỉ so sánh tỷ lệ" in row["note"] and "only the ratio" in row["note_en"]


def test_basic_and_advanced_sets_of_the_same_period_are_not_paired(catalog):
    results = frame(indicator_rows(catalog.get("ntm-2021"), year=2022),
                    indicator_rows(catalog.get("ntm-nc-2021"), year=2023))
    assert progress(results, catalog).empty


def test_sets_of_one_family_are_compared_criterion_by_criterion(catalog):
    # ntm-2016 (2016–2020) and ntm-2021 share the family "ntm": 2020 → 2021 is comparable.
    results = frame(indicator_rows(catalog.get("ntm-2016"), {"17.1": "not_met"}, year=2020),
                    indicator_rows(catalog.get("ntm-2021"), year=2021))
    row = progress(results, catalog).iloc[0]
    assert row["comparable"] and row["criteria_gained"] == ["17"]


def test_communes_are_followed_by_code_then_by_name(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(
        indicator_rows(ntm, {"5": "not_met"}, year=2022, commune="Xã Khánh Bình", commune_code="32047"),
        indicator_rows(ntm, year=2023, commune="Khánh Bình", commune_code="32047"),  # renamed, same code
        indicator_rows(ntm, year=2024, commune="KHÁNH BÌNH", commune_code=None),     # no code: by name
        indicator_rows(ntm, year=2022, commune="Khánh Hưng", commune_code=None),
        indicator_rows(ntm, {"5": "not_met"}, year=2023, commune="khanh hung", commune_code=None,
                       district=None),
    )
    out = progress(results, catalog)
    assert len(out) == 3
    by_key = out.groupby("commune_key")["to_year"].apply(lambda s: sorted(int(y) for y in s)).to_dict()
    assert by_key == {"code:32047": [2023, 2024], "name:ca mau|khanh hung": [2023]}


def test_commune_keys_infer_a_code_only_when_the_name_has_one():
    scores = pd.DataFrame({"province": ["P", "P", "P", "P", "P"], "commune": ["A", "A", "B", "B", "B"],
                           "commune_code": ["1", None, "2", "3", None]})
    assert commune_keys(scores).tolist() == ["code:1", "code:1", "code:2", "code:3", "name:p|b"]


def test_progress_of_a_single_year_is_empty(catalog):
    results = frame(indicator_rows(catalog.get("ntm-2021")))
    out = progress(results, catalog)
    assert out.empty and list(out.columns) == PROGRESS_COLUMNS


def test_user_sets_without_a_period_pair_by_year_order():
    old = make_set(3, "old-set", family="old")
    new = make_set(2, "new-set", family="new")
    catalog = make_catalog(old, new)
    results = frame(indicator_rows(old, {"1": "not_met"}, year=2020), indicator_rows(new, year=2021))
    row = progress(results, catalog).iloc[0]
    assert not row["comparable"] and row["criteria_pct_change"] == 33.33  # 66.67 → 100
