"""Scoring invariants over random statuses (hypothesis): counts add up whatever the input."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ntm.scoring import criterion_results, score_assessments
from tests.test_scoring_helpers import frame, make_catalog, make_set

COMPLETE = make_set({"1": 3, "2": 1, "3": 2, "4": 1, "5": 4}, "prop-complete")
# An incomplete set: criterion 3 has no known indicator; the file may bring 3.1, 3.2, 6.1 ...
PARTIAL = make_set({"1": 2, "2": 1, "3": 0, "4": 1}, "prop-partial", complete=False, declared=9)
CATALOG = make_catalog(COMPLETE, PARTIAL)

# Each example scores up to four communes at once, so half the profile's examples cover as much
# ground as the profile intends while keeping the suite fast (dev: 30 examples, CI: 100).
EXAMPLES = settings(max_examples=max(10, settings.default.max_examples // 2))

ABSENT = "absent"  # no row at all
STATUS = st.sampled_from(["met", "basically_met", "not_met", "not_applicable", None, ABSENT])
DUPLICATE = st.sampled_from([False] * 9 + [True])
LEVEL = st.sampled_from(["met", "basically_met", "not_met", "not_applicable", None, ABSENT, ABSENT, ABSENT])


def _codes(criteria_set):
    codes = list(criteria_set.indicators["indicator"])
    if not criteria_set.indicators_complete:
        codes += ["3.1", "3.2", "4.2"]  # codes the catalog does not know yet
    return codes


@st.composite
def assessments(draw):
    """Records for 1–4 communes, each with random indicator and criterion-level statuses."""
    records = []
    for n in range(draw(st.integers(1, 4))):
        criteria_set = draw(st.sampled_from([COMPLETE, PARTIAL]))
        place = {"province": "P", "district": draw(st.sampled_from(["D", None])), "commune": f"C{n}",
                 "year": 2024, "criteria_set": criteria_set.id}
        for code in _codes(criteria_set):
            status = draw(STATUS)
            if status != ABSENT:
                records.append({**place, "criterion": code.split(".")[0], "indicator": code,
                                "status": status})
                if draw(DUPLICATE):  # a duplicated result (the loader warns), maybe disagreeing
                    records.append({**records[-1], "status": draw(STATUS.filter(lambda x: x != ABSENT))})
        for criterion in criteria_set.criterion_codes:
            status = draw(LEVEL)
            if status != ABSENT:
                records.append({**place, "criterion": criterion, "indicator": None, "status": status})
    return records


def _check_invariants(scores: pd.DataFrame, crit: pd.DataFrame) -> None:
    assert (scores["criteria_met"] <= scores["criteria_total"]).all()
    assert (scores["criteria_met"] + scores["unmet_criteria"].map(len) == scores["criteria_total"]).all()
    reached = (scores["criteria_total"] > 0) & (scores["criteria_met"] == scores["criteria_total"])
    assert (scores["reached_standard"] == reached).all()
    pct = scores["criteria_pct"]
    assert (pct.isna() | ((pct >= 0) & (pct <= 100))).all()

    with_indicators = scores[scores["indicators_total"].notna()]
    listed = (with_indicators["indicators_met"] + with_indicators["unmet_indicators"].map(len)
              + with_indicators["missing_indicators"].map(len))
    complete = with_indicators["criteria_set"] == COMPLETE.id
    assert (listed[complete] == with_indicators.loc[complete, "indicators_total"]).all()
    assert (listed[~complete] <= with_indicators.loc[~complete, "indicators_total"]).all()
    without = scores[scores["indicators_total"].isna()]
    assert without["indicators_met"].isna().all() and without["unmet_indicators"].isna().all()

    # The per-criterion statuses add up to the per-assessment counts.
    by_commune = scores.set_index("commune")
    status = crit["status"].astype(str)
    met = (status == "met").groupby(crit["commune"]).sum()
    na = (status == "not_applicable").groupby(crit["commune"]).sum()
    assert (by_commune["criteria_met"] == met.reindex(by_commune.index)).all()
    assert (by_commune["criteria_count"] - na.reindex(by_commune.index) == by_commune["criteria_total"]).all()


@EXAMPLES
@given(assessments(), st.randoms(use_true_random=False))
def test_scoring_invariants_hold_whatever_the_order_of_rows(records, random):
    results = frame(records)
    scores = score_assessments(results, CATALOG)
    _check_invariants(scores, criterion_results(results, CATALOG))
    order = list(range(len(results)))
    random.shuffle(order)
    shuffled = results.iloc[order].reset_index(drop=True)
    pd.testing.assert_frame_equal(scores, score_assessments(shuffled, CATALOG))


@EXAMPLES
@given(assessments(), st.data())
def test_marking_an_indicator_not_applicable_never_increases_the_totals(records, data):
    results = frame(records)
    indicator_rows = results.index[results["indicator"].notna()].tolist()
    if not indicator_rows:
        return
    chosen = data.draw(st.sampled_from(indicator_rows))
    changed = results.copy()
    changed.loc[chosen, "status"] = "not_applicable"
    before = score_assessments(results, CATALOG).set_index("commune")
    after = score_assessments(changed, CATALOG).set_index("commune")
    commune = results.loc[chosen, "commune"]
    assert after.loc[commune, "indicators_total"] <= before.loc[commune, "indicators_total"]
    assert after.loc[commune, "criteria_total"] <= before.loc[commune, "criteria_total"]
