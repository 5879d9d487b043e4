"""Scoring one assessment: criterion statuses, denominators, ratios, lists, and the seed report."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ntm.errors import UnknownSetError
from ntm.schema import ASSESSMENT_KEYS
from ntm.scoring import (
    CRITERION_COLUMNS,
    CRITERION_STATUS_DTYPE,
    SCORE_KEYS,
    criterion_results,
    score_assessments,
    score_records,
)
from tests.test_scoring_helpers import (
    ADVANCED_SHAPE,
    SEED_ADVANCED_UNMET,
    SEED_BASIC_UNMET,
    criterion_rows,
    frame,
    indicator_rows,
    make_catalog,
    make_set,
)

# Criterion 1 has three indicators; 2 and 3 one each.
SMALL = make_set({"1": 3, "2": 1, "3": 1}, "small")
SMALL_CATALOG = make_catalog(SMALL)


def status_of(results, criterion="1", catalog=SMALL_CATALOG):
    crit = criterion_results(results, catalog)
    row = crit[crit["criterion"] == criterion].iloc[0]
    return row["status"], row["basis"]


# --- criterion status rules -------------------------------------------------------------------

MISSING_ROW = "no row"


@pytest.mark.parametrize(("statuses", "expected"), [
    (("met", "met", "met"), "met"),
    (("met", "not_applicable", "met"), "met"),
    (("met", "not_met", "met"), "not_met"),
    (("not_met", None, "basically_met"), "not_met"),
    (("met", None, "met"), "incomplete"),
    ((None, "basically_met", "met"), "incomplete"),
    (("met", MISSING_ROW, "met"), "incomplete"),  # complete set: an indicator without a row
    (("met", "basically_met", "met"), "basically_met"),
    (("basically_met", "not_applicable", "basically_met"), "basically_met"),
    (("not_applicable",) * 3, "not_applicable"),
])
def test_criterion_status_from_indicators(statuses, expected):
    given = {f"1.{i}": s for i, s in enumerate(statuses, 1) if s != MISSING_ROW}
    dropped = tuple(f"1.{i}" for i, s in enumerate(statuses, 1) if s == MISSING_ROW)
    status, basis = status_of(frame(indicator_rows(SMALL, given, drop=dropped)))
    assert (status, basis) == (expected, "indicators")


@pytest.mark.parametrize(("level", "expected"), [
    ("met", "met"), ("not_met", "not_met"), ("basically_met", "basically_met"),
    ("not_applicable", "not_applicable"), (None, "missing"),
])
def test_criterion_status_from_a_criterion_level_row(level, expected):
    status, basis = status_of(frame(criterion_rows({"1": level, "2": "met"}, "small")))
    assert (status, basis) == (expected, "criterion")


def test_a_criterion_the_file_never_mentions_is_missing():
    results = frame(indicator_rows(SMALL, drop=("1.1", "1.2", "1.3")))
    assert status_of(results) == ("missing", "none")
    score = score_assessments(results, SMALL_CATALOG).iloc[0]
    assert (score["criteria_met"], score["criteria_total"], score["unmet_criteria"]) == (2, 3, ["1"])


@pytest.mark.parametrize(("indicators", "level", "expected"), [
    ({"1.1": "met", "1.2": "met", "1.3": "met"}, "not_met", "met"),
    ({"1.1": "not_met", "1.2": "met", "1.3": "met"}, "met", "not_met"),
])
def test_indicator_rows_win_over_a_criterion_level_row(indicators, level, expected):
    results = frame(indicator_rows(SMALL, indicators), criterion_rows({"1": level}, "small"))
    assert status_of(results) == (expected, "indicators")


def test_criterion_results_has_one_row_per_assessment_and_criterion():
    results = frame(indicator_rows(SMALL, year=2023), criterion_rows({"2": "met"}, "small", year=2024))
    crit = criterion_results(results, SMALL_CATALOG)
    assert list(crit.columns) == CRITERION_COLUMNS
    assert crit["status"].dtype == CRITERION_STATUS_DTYPE
    assert len(crit) == 6
    assert crit["criterion"].tolist() == ["1", "2", "3"] * 2
    later = crit[crit["year"] == 2024]
    assert later["status"].tolist() == ["missing", "met", "missing"]
    assert later["indicators_met"].isna().all()  # a criterion-level file has no indicator counts
    first = crit[crit["year"] == 2023].iloc[0]
    assert (first["indicators_met"], first["indicators_applicable"], first["indicators_missing"]) == (3, 3, 0)


# --- denominators -------------------------------------------------------------------------------

def test_not_applicable_shrinks_the_denominator_no_market_means_18_of_18(catalog):
    ntm = catalog.get("ntm-2021")
    score = score_assessments(frame(indicator_rows(ntm, {"7": "not_applicable"})), catalog).iloc[0]
    assert (score["criteria_met"], score["criteria_total"], score["criteria_pct"]) == (18, 18, 100.0)
    assert bool(score["reached_standard"]) is True
    assert (score["indicators_met"], score["indicators_total"], score["indicators_pct"]) == (56, 56, 100.0)
    assert score["not_applicable"] == ["7"]


def test_not_applicable_at_criterion_level_also_gives_18_of_18(catalog):
    levels = {str(c): "met" for c in range(1, 20)} | {"7": "not_applicable"}
    score = score_assessments(frame(criterion_rows(levels, "ntm-2021")), catalog).iloc[0]
    assert (score["criteria_met"], score["criteria_total"], bool(score["reached_standard"])) == (18, 18, True)
    assert score["not_applicable"] == ["7"]


def test_a_criterion_level_na_covers_the_indicators_the_file_leaves_out(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(indicator_rows(ntm, drop=("7",)), criterion_rows({"7": "not_applicable"}, "ntm-2021"))
    score = score_assessments(results, catalog).iloc[0]
    assert (score["indicators_met"], score["indicators_total"], score["missing_indicators"]) == (56, 56, [])
    assert bool(score["reached_standard"]) is True


@pytest.mark.parametrize("how", ["blank status", "no row"])
def test_missing_is_never_met_and_is_reported(catalog, how):
    ntm = catalog.get("ntm-2021")
    records = (indicator_rows(ntm, {"13.2": None}) if how == "blank status"
               else indicator_rows(ntm, drop=("13.2",)))
    results = frame(records)
    score = score_assessments(results, catalog).iloc[0]
    assert (score["criteria_met"], score["criteria_total"]) == (18, 19)
    assert bool(score["reached_standard"]) is False
    assert score["unmet_criteria"] == ["13"]
    assert (score["indicators_met"], score["indicators_total"]) == (56, 57)
    assert score["missing_indicators"] == ["13.2"]
    assert score["unmet_indicators"] == []
    assert score["criteria_incomplete"] == 1
    assert status_of(results, "13", catalog) == ("incomplete", "indicators")


def test_a_criterion_is_met_only_when_all_its_indicators_are(catalog):
    ntm = catalog.get("ntm-2021")
    score = score_assessments(frame(indicator_rows(ntm, {"17.11": "not_met"})), catalog).iloc[0]
    assert (score["criteria_met"], score["unmet_criteria"]) == (18, ["17"])
    assert (score["indicators_met"], score["unmet_indicators"]) == (56, ["17.11"])


def test_basically_met_is_shown_separately_and_not_counted_as_met(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(indicator_rows(ntm, {"5": "basically_met", "8.2": "basically_met"}))
    score = score_assessments(results, catalog).iloc[0]
    assert (score["criteria_met"], score["criteria_basically_met"], score["criteria_total"]) == (17, 2, 19)
    assert score["unmet_criteria"] == ["5", "8"]
    assert score["unmet_indicators"] == ["5", "8.2"]
    assert bool(score["reached_standard"]) is False


def test_criterion_level_only_assessment_has_no_indicator_numbers(catalog):
    levels = {str(c): "met" for c in range(1, 11)} | {"4": "not_met", "9": "basically_met"}
    score = score_assessments(frame(criterion_rows(levels, "ntm-2026", year=2026)), catalog).iloc[0]
    assert (score["criteria_met"], score["criteria_total"], score["criteria_pct"]) == (8, 10, 80.0)
    assert score["criteria_basically_met"] == 1
    assert score["unmet_criteria"] == ["4", "9"]
    assert pd.isna(score["indicators_met"]) and pd.isna(score["indicators_total"])
    assert pd.isna(score["indicators_pct"])
    assert score["unmet_indicators"] is None and score["missing_indicators"] is None
    record = score_records(score_assessments(frame(criterion_rows(levels, "ntm-2026")), catalog))[0]
    assert record["indicators_met"] is None and record["indicators_total"] is None
    assert record["indicators_pct"] is None
    assert (record["unmet_indicators"], record["missing_indicators"]) == (None, None)


def test_set_with_incomplete_indicator_list_uses_the_declared_75(catalog):
    advanced = catalog.get("ntm-nc-2021")
    assert not advanced.indicators_complete and advanced.indicator_count == 75
    # A file giving only criterion 1's indicators (all known to the catalog) and one unknown code.
    records = indicator_rows(advanced, {"1.3": "not_met"})
    records = [r for r in records if r["criterion"] == "1"]
    records.append({**records[0], "criterion": "3", "indicator": "3.1", "status": "met"})
    score = score_assessments(frame(records), catalog).iloc[0]
    assert (score["indicators_met"], score["indicators_total"]) == (3, 75)
    assert score["indicators_pct"] == 4.0
    # Known indicators of the set the file leaves out are not "missing": the list is incomplete.
    assert score["missing_indicators"] == []
    crit = criterion_results(frame(records), catalog).set_index("criterion")
    assert crit.loc["1", "status"] == "not_met" and crit.loc["3", "status"] == "met"
    assert crit.loc["2", "status"] == "missing"
    assert (score["criteria_met"], score["criteria_total"]) == (1, 19)


def test_incomplete_set_counts_distinct_codes_when_the_file_lists_more_than_declared():
    small = make_set({"1": 0, "2": 2}, "partial", complete=False, declared=3)
    records = [{"province": "P", "commune": "C", "year": 2024, "criteria_set": "partial",
                "indicator": code, "status": status}
               for code, status in [("1.1", "met"), ("1.2", "met"), ("1.3", "not_met"), ("2.1", "met"),
                                    ("2.2", "not_applicable")]]
    score = score_assessments(frame(records), make_catalog(small)).iloc[0]
    assert (score["indicators_met"], score["indicators_total"]) == (3, 4)  # 5 distinct − 1 N/A
    assert score["unmet_indicators"] == ["1.3"] and score["not_applicable"] == ["2.2"]


def test_codes_outside_a_complete_set_are_ignored(catalog):
    ntm = catalog.get("ntm-2021")
    records = indicator_rows(ntm)
    records.append({**records[0], "indicator": "1.9", "status": "not_met"})
    score = score_assessments(frame(records), catalog).iloc[0]
    assert (score["indicators_met"], score["indicators_total"]) == (57, 57)
    assert bool(score["reached_standard"]) is True


def test_codes_are_compared_after_normalising(catalog):
    ntm = catalog.get("ntm-2021")
    records = indicator_rows(ntm)
    for r in records:
        r["indicator"] = {"5": "05", "17.2": "17,2", "17.10": "17.10"}.get(r["indicator"], r["indicator"])
        r["status"] = "not_met" if r["indicator"] in {"05", "17,2"} else "met"
    score = score_assessments(frame(records), catalog).iloc[0]
    assert score["unmet_indicators"] == ["5", "17.2"] and score["indicators_total"] == 57


@pytest.mark.parametrize("order", [[0, 1], [1, 0]])
def test_duplicate_results_take_the_most_cautious_status_whatever_the_order(order):
    pair = [indicator_rows(SMALL, {"2": "met"}), indicator_rows(SMALL, {"2": "not_met"})]
    results = frame(*(pair[i] for i in order))
    score = score_assessments(results, SMALL_CATALOG).iloc[0]
    assert score["unmet_indicators"] == ["2"] and score["indicators_total"] == 5


def test_assessments_are_grouped_by_all_keys_even_when_district_is_missing(catalog):
    ntm = catalog.get("ntm-2021")
    records = (indicator_rows(ntm, district=None, commune_code=None)
               + indicator_rows(ntm, {"1.1": "not_met"}, district="Other", commune_code=None)
               + indicator_rows(ntm, year=2024, district=None, commune_code=None))
    scores = score_assessments(frame(records), catalog)
    assert len(scores) == 3
    assert scores["criteria_met"].tolist() == [18, 19, 19]  # sorted: district "Other" first, NA last
    assert scores["district"].isna().tolist() == [False, True, True]


def test_several_sets_in_one_frame(catalog):
    results = frame(indicator_rows(catalog.get("ntm-2021"), {"1.1": "not_met"}),
                    indicator_rows(catalog.get("ntm-2016"), year=2019),
                    criterion_rows({"1": "met"}, "ntm-2026", year=2026))
    scores = score_assessments(results, catalog).set_index("criteria_set")
    assert scores.loc["ntm-2021", "criteria_met"] == 18
    assert scores.loc["ntm-2016", "indicators_total"] == 49
    assert bool(scores.loc["ntm-2016", "reached_standard"])
    assert scores.loc["ntm-2026", "criteria_total"] == 10 and scores.loc["ntm-2026", "criteria_met"] == 1


def test_a_set_name_is_resolved_through_the_catalog(catalog):
    results = frame(indicator_rows(catalog.get("ntm-2021")))
    results["criteria_set"] = "NTM 2021-2025"
    assert score_assessments(results, catalog)["criteria_total"].tolist() == [19]


def test_unknown_set_raises_the_project_error(catalog):
    results = frame(criterion_rows({"1": "met"}, "no-such-set"))
    with pytest.raises(UnknownSetError):
        score_assessments(results, catalog)


def test_no_results_gives_empty_frames(catalog):
    assert list(score_assessments(frame([]), catalog).columns[:18]) == SCORE_KEYS
    assert score_assessments(frame([]), catalog).empty
    assert list(criterion_results(frame([]), catalog).columns) == CRITERION_COLUMNS


# --- ratios ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("met", "total", "pct"), [
    (1, 8, 12.5), (2, 3, 66.67), (16, 19, 84.21), (50, 57, 87.72), (63, 75, 84.0), (1, 6, 16.67),
    (0, 5, 0.0), (7, 7, 100.0),
])
def test_ratios_round_half_up_to_two_decimals(met, total, pct):
    criteria_set = make_set(total, f"flat-{total}")
    statuses = {str(i): ("met" if i <= met else "not_met") for i in range(1, total + 1)}
    score = score_assessments(frame(indicator_rows(criteria_set, statuses)),
                              make_catalog(criteria_set)).iloc[0]
    assert (score["criteria_met"], score["criteria_total"], score["criteria_pct"]) == (met, total, pct)
    assert (score["indicators_met"], score["indicators_total"], score["indicators_pct"]) == (met, total, pct)


def test_no_applicable_criterion_gives_no_ratio_and_no_standard():
    criteria_set = make_set(2, "tiny")
    score = score_assessments(frame(indicator_rows(criteria_set, default="not_applicable")),
                              make_catalog(criteria_set)).iloc[0]
    assert score["criteria_total"] == 0 and pd.isna(score["criteria_pct"])
    assert bool(score["reached_standard"]) is False
    assert score_records(score_assessments(frame(indicator_rows(criteria_set, default="not_applicable")),
                                           make_catalog(criteria_set)))[0]["criteria_pct"] is None


# --- the seed report (Khánh Bình, 2023) -----------------------------------------------------------

def test_seed_report_basic_level(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(indicator_rows(ntm, dict.fromkeys(SEED_BASIC_UNMET, "not_met")))
    score = score_assessments(results, catalog).iloc[0]
    assert (score["criteria_met"], score["criteria_total"], score["criteria_pct"]) == (16, 19, 84.21)
    assert score["unmet_criteria"] == ["1", "15", "17"]
    # 51/57, not the report's "50/57": it lists 6 unmet indicators (a separate checker flags that).
    assert (score["indicators_met"], score["indicators_total"], score["indicators_pct"]) == (51, 57, 89.47)
    assert score["unmet_indicators"] == SEED_BASIC_UNMET
    assert bool(score["reached_standard"]) is False


@pytest.mark.parametrize("which", ["test set of 75", "shipped incomplete set"])
def test_seed_report_advanced_level(catalog, which):
    advanced = make_set(ADVANCED_SHAPE, "nc-test")
    cat = make_catalog(advanced) if which == "test set of 75" else catalog
    records = indicator_rows(advanced, dict.fromkeys(SEED_ADVANCED_UNMET, "not_met"))
    if which == "shipped incomplete set":
        for r in records:
            r["criteria_set"] = "ntm-nc-2021"
    score = score_assessments(frame(records), cat).iloc[0]
    assert (score["criteria_met"], score["criteria_total"], score["criteria_pct"]) == (13, 19, 68.42)
    assert score["unmet_criteria"] == ["1", "11", "13", "14", "16", "17"]
    assert (score["indicators_met"], score["indicators_total"], score["indicators_pct"]) == (63, 75, 84.0)
    assert score["unmet_indicators"] == SEED_ADVANCED_UNMET


# --- output shape -----------------------------------------------------------------------------------

def test_score_columns_start_with_the_18_score_keys(catalog):
    scores = score_assessments(frame(indicator_rows(catalog.get("ntm-2021"))), catalog)
    assert list(scores.columns[:18]) == SCORE_KEYS
    assert list(scores.columns[:6]) == ASSESSMENT_KEYS


def test_score_records_are_json_ready(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(indicator_rows(ntm, {"7": "not_applicable", "2.1": None, "1.1": "not_met"},
                                   district=None))
    (record,) = score_records(score_assessments(results, catalog))
    assert list(record) == SCORE_KEYS
    json.dumps(record)
    assert record["district"] is None and record["commune_code"] == "32047"
    assert type(record["year"]) is int and record["year"] == 2023
    assert type(record["criteria_met"]) is int and type(record["indicators_total"]) is int
    assert type(record["criteria_pct"]) is float and record["criteria_pct"] == 88.89  # 16/18
    assert record["indicators_pct"] == 96.43  # 54/56
    assert type(record["reached_standard"]) is bool
    assert record["missing_indicators"] == ["2.1"] and record["not_applicable"] == ["7"]
    assert all(type(c) is str for c in record["unmet_criteria"])
