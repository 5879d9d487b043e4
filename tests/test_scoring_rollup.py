"""Roll-ups across communes: bands, headline numbers, share per criterion, most often unmet."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ntm.scoring import (
    BAND_COLUMNS,
    SHARE_COLUMNS,
    SUMMARY_COLUMNS,
    UNMET_COLUMNS,
    band_bounds,
    band_distribution,
    band_of,
    criterion_results,
    criterion_share,
    most_unmet,
    rollup_summary,
    score_assessments,
)
from tests.test_scoring_helpers import criterion_rows, frame, indicator_rows


@pytest.mark.parametrize(("count", "labels"), [
    (19, ["19", "15–18", "10–14", "5–9", "<5"]),
    (10, ["10", "8–9", "6–7", "3–5", "<3"]),
    (3, ["3", "2", "1", "<1"]),
])
def test_band_bounds_scale_the_19_cut_offs_and_cover_every_count(count, labels):
    bands = band_bounds(count)
    assert [b[2] for b in bands] == labels
    covered = sorted(v for lower, upper, _ in bands for v in range(lower, upper + 1))
    assert covered == list(range(count + 1))  # no gap, no overlap


@pytest.mark.parametrize(("satisfied", "band"), [
    (19, "19"), (18, "15–18"), (15, "15–18"), (14, "10–14"), (10, "10–14"), (9, "5–9"), (5, "5–9"),
    (4, "<5"), (0, "<5"),
])
def test_band_of_on_the_19_scale(satisfied, band):
    assert band_of([satisfied], 19)[0] == band


def test_band_of_is_ordered_from_lowest_to_top():
    bands = band_of([19, 3, 16], 19)
    assert bands.ordered and list(bands.categories) == ["<5", "5–9", "10–14", "15–18", "19"]
    assert list(bands >= "15–18") == [True, False, True]


def _commune_scores(catalog, specs):
    """specs: list of (commune, statuses) for ntm-2021 in 2023."""
    ntm = catalog.get("ntm-2021")
    records = [r for i, (name, statuses) in enumerate(specs)
               for r in indicator_rows(ntm, statuses, commune=name, commune_code=f"{i:05d}")]
    results = frame(records)
    return results, score_assessments(results, catalog), criterion_results(results, catalog)


def test_band_distribution_counts_na_as_satisfied_and_lists_empty_bands(catalog):
    _, scores, _ = _commune_scores(catalog, [
        ("A", {}),                                   # 19/19
        ("B", {"7": "not_applicable"}),              # 18/18 with one N/A: top band
        ("C", {"1.1": "not_met", "2.1": "not_met"}),  # 17
        ("D", {c: "not_met" for c in ["1.1", "2.1", "3.1", "4.1", "5", "6.1", "7", "8.1", "9.1", "10"]}),  # 9
    ])
    bands = band_distribution(scores)
    assert list(bands.columns) == BAND_COLUMNS
    assert bands["band"].tolist() == ["19", "15–18", "10–14", "5–9", "<5"]
    assert bands["communes"].tolist() == [2, 1, 0, 1, 0]
    assert bands["share_pct"].tolist() == [50.0, 25.0, 0.0, 25.0, 0.0]
    assert bands["band_vi"].iloc[-1] == "Dưới 5 tiêu chí"


def test_band_distribution_of_the_10_criteria_set(catalog):
    levels = {str(c): "met" for c in range(1, 11)}
    results = frame(criterion_rows(levels, "ntm-2026", year=2026, commune="A"),
                    criterion_rows(levels | {"1": "not_met"}, "ntm-2026", year=2026, commune="B"),
                    criterion_rows({"1": "met", "2": "met"}, "ntm-2026", year=2026, commune="C"))
    bands = band_distribution(score_assessments(results, catalog))
    assert bands["band"].tolist() == ["10", "8–9", "6–7", "3–5", "<3"]
    assert bands["communes"].tolist() == [1, 1, 0, 0, 1]


def test_rollup_summary_headline_numbers(catalog):
    _, scores, _ = _commune_scores(catalog, [
        ("A", {}), ("B", {"7": "not_applicable"}),
        ("C", {"1.1": "not_met", "15.1": "not_met", "17.2": "not_met"}),
    ])
    summary = rollup_summary(scores)
    assert list(summary.columns) == SUMMARY_COLUMNS
    row = summary.iloc[0]
    assert (row["communes"], row["reached_standard"], row["reached_standard_pct"]) == (3, 2, 66.67)
    assert row["avg_criteria_met"] == 17.67  # (19 + 18 + 16) / 3 = 17.666…
    assert row["avg_criteria_pct"] == 94.74  # (100 + 100 + 84.21) / 3 = 94.736…
    assert row["summary_vi"] == "2/3 xã đạt chuẩn (66,67%); bình quân 17,67 tiêu chí/xã."


def test_rollup_summary_is_per_year_and_set(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(indicator_rows(ntm, year=2023), indicator_rows(ntm, {"5": "not_met"}, year=2024),
                    indicator_rows(catalog.get("ntm-2016"), year=2019))
    summary = rollup_summary(score_assessments(results, catalog))
    assert summary[["year", "criteria_set"]].astype(str).values.tolist() == [
        ["2019", "ntm-2016"], ["2023", "ntm-2021"], ["2024", "ntm-2021"]]
    assert summary["reached_standard"].tolist() == [1, 1, 0]


def test_criterion_share_uses_applicable_communes(catalog):
    _, _, crit = _commune_scores(catalog, [
        ("A", {}), ("B", {"7": "not_applicable", "5": "basically_met"}), ("C", {"7": "not_met", "5": None}),
    ])
    share = criterion_share(crit)
    assert list(share.columns) == SHARE_COLUMNS
    assert share["criterion"].tolist() == [str(c) for c in range(1, 20)]
    seven = share.set_index("criterion").loc["7"]
    assert (seven["communes"], seven["met"], seven["not_applicable"]) == (2, 1, 1)
    assert seven["share_met_pct"] == 50.0
    five = share.set_index("criterion").loc["5"]
    assert (five["communes"], five["met"], five["basically_met"], five["incomplete"]) == (3, 1, 1, 1)
    assert five["share_met_pct"] == 33.33


def test_most_unmet_criteria_and_indicators(catalog):
    results, _, crit = _commune_scores(catalog, [
        ("A", {"17.2": "not_met", "1.1": "not_met"}),
        ("B", {"17.2": "not_met", "17.7": "basically_met"}),
        ("C", {"17.2": "not_met", "15.1": "not_met", "7": "not_applicable"}),
        ("D", {"13.2": None}),  # missing: an incomplete criterion is unmet; a missing indicator is not ranked
    ])
    top = most_unmet(crit, results, top=3)
    assert list(top.columns) == UNMET_COLUMNS
    criteria = top[top["level"] == "criterion"]
    assert criteria["code"].tolist() == ["17", "1", "13"]  # 3 communes, then ties in code order
    assert criteria["unmet"].tolist() == [3, 1, 1] and criteria["rank"].tolist() == [1, 2, 3]
    indicators = top[top["level"] == "indicator"]
    assert indicators["code"].tolist() == ["17.2", "1.1", "15.1"]
    assert indicators["unmet"].tolist() == [3, 1, 1]
    assert indicators["share_pct"].iloc[0] == 75.0  # 3 of the 4 communes that report 17.2
    assert set(most_unmet(crit)["level"]) == {"criterion"}


def test_rollups_of_nothing_are_empty_frames(catalog):
    scores = score_assessments(frame([]), catalog)
    crit = criterion_results(frame([]), catalog)
    assert band_distribution(scores).empty and list(band_distribution(scores).columns) == BAND_COLUMNS
    assert rollup_summary(scores).empty
    assert criterion_share(crit).empty
    assert most_unmet(crit).empty


def test_band_of_accepts_numpy_arrays():
    result = band_of(np.array([10, 7, 2]), 10)
    assert list(pd.Series(result).astype(str)) == ["10", "6–7", "<3"]
