"""Gaps: unmet and missing indicators with their targets and the distance still to cover."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ntm.scoring import GAP_COLUMNS, indicator_gaps
from tests.test_scoring_helpers import frame, indicator_rows, make_catalog, make_set

TARGETS = {"1.1": ("%", "≥", "≥ 90%"), "1.2": ("%", "≤", "≤ 6%"), "1.3": ("yes/no", "=", "Đạt"),
           "2": ("km", "≥", "12")}
GAP_SET = make_set({"1": 3, "2": 1, "3": 1}, "gap-set", targets=TARGETS)
GAP_CATALOG = make_catalog(GAP_SET)


def gaps_for(statuses, values=None, targets=None):
    records = indicator_rows(GAP_SET, statuses)
    for r in records:
        if r["indicator"] in (values or {}):
            r["value_num"] = values[r["indicator"]]
            r["value"] = str(values[r["indicator"]])
        if r["indicator"] in (targets or {}):
            r["target"] = targets[r["indicator"]]
    return indicator_gaps(frame(records), GAP_CATALOG)


@pytest.mark.parametrize(("code", "value", "comparator", "target_num", "gap"), [
    ("1.1", 85.0, ">=", 90.0, 5.0),      # a rate below a minimum
    ("1.2", 8.5, "<=", 6.0, 2.5),        # a rate above a maximum (poverty rate)
    ("2", 9.0, ">=", 12.0, 3.0),         # a length, in its unit
    ("1.1", 92.0, ">=", 90.0, 0.0),      # reported not met, yet the number reaches the target
])
def test_gap_to_a_numeric_target(code, value, comparator, target_num, gap):
    out = gaps_for({code: "not_met"}, {code: value})
    row = out.set_index("indicator").loc[code]
    assert (row["comparator"], row["target_num"], row["gap"]) == (comparator, target_num, gap)
    assert row["value_num"] == value and row["unit"] == TARGETS[code][0]
    assert row["name_vi"] == f"Chỉ tiêu {code}"


def test_a_row_target_overrides_the_catalog_target():
    row = gaps_for({"1.1": "not_met"}, {"1.1": 85.0}, {"1.1": "≥ 95%"}).iloc[0]
    assert (row["target"], row["target_num"], row["gap"]) == ("≥ 95%", 95.0, 10.0)


def test_only_unmet_and_missing_results_are_gaps():
    out = gaps_for({"1.1": "not_met", "1.2": "basically_met", "1.3": None, "2": "not_applicable"})
    assert list(out.columns) == GAP_COLUMNS
    assert out["indicator"].tolist() == ["1.1", "1.2", "1.3"]
    assert out["status"].astype(str).tolist() == ["not_met", "basically_met", "missing"]
    assert out["criterion"].tolist() == ["1", "1", "1"]


def test_no_gap_without_numbers():
    out = gaps_for({"1.3": "not_met", "1.1": "not_met"}).set_index("indicator")
    assert pd.isna(out.loc["1.3", "comparator"]) and out.loc["1.3", "target"] == "Đạt"  # not a number
    assert math.isnan(out.loc["1.3", "target_num"]) and math.isnan(out.loc["1.3", "gap"])
    assert out.loc["1.1", "target_num"] == 90.0 and math.isnan(out.loc["1.1", "gap"])  # no value


def test_gap_notes_speak_to_the_user():
    out = gaps_for({"1.1": "not_met", "1.3": None, "2": "not_met"}, {"1.1": 85.5, "2": 9.0})
    out = out.set_index("indicator")
    assert out.loc["1.1", "note"] == "Còn thiếu 4,5% để đạt mức ≥ 90%."
    assert out.loc["2", "note"] == "Còn thiếu 3 km để đạt mức 12."
    assert out.loc["1.3", "note"] == "Chưa có kết quả đánh giá."
    assert out.loc["1.1", "note_en"] == "4.5% short of the target ≥ 90%."
    reached = gaps_for({"1.1": "not_met"}, {"1.1": 95.0}).iloc[0]
    assert "cần kiểm tra lại" in reached["note"]


def test_gaps_use_the_shipped_catalog(catalog):
    records = indicator_rows(catalog.get("ntm-2021"), {"2.1": "not_met", "1.1": "not_met"})
    for r in records:
        if r["indicator"] == "2.1":
            r["value_num"] = 85.0
    records.append({**records[0], "indicator": "1.9", "status": "not_met"})  # not in the set: ignored
    out = indicator_gaps(frame(records), catalog).set_index("indicator")
    assert out.index.tolist() == ["1.1", "2.1"]
    assert out.loc["2.1", "gap"] == 15.0 and out.loc["2.1", "unit"] == "%"
    assert out.loc["1.1", "target"] == "Đạt"


def test_unknown_codes_of_an_incomplete_set_are_kept_without_a_name(catalog):
    records = [{"province": "P", "commune": "C", "year": 2023, "criteria_set": "ntm-nc-2021",
                "indicator": "3.1", "status": "not_met", "value_num": 70.0, "target": "≥ 80%"}]
    row = indicator_gaps(frame(records), catalog).iloc[0]
    assert row["indicator"] == "3.1" and row["gap"] == 10.0
    assert pd.isna(row["name_vi"]) and pd.isna(row["unit"])


def test_no_results_no_gaps(catalog):
    assert indicator_gaps(frame([]), catalog).empty
    assert indicator_gaps(frame(indicator_rows(catalog.get("ntm-2021"))), catalog).empty
