"""Official unit columns for scores, and history on today's map (ntm.units.history)."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.units import OLD, default_registry
from ntm.units.history import (
    COMBINED_SERIES,
    HISTORY_COLUMNS,
    UNIT_COLUMNS,
    UNIT_SERIES,
    attach_units,
    describe_history,
    history_on_todays_map,
)


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def score(commune, year, criteria_set, met, total, *, district=None, code=None, province="An Giang"):
    """One scores row as score_assessments gives it (only the columns history uses)."""
    return {"province": province, "district": district, "commune": commune, "commune_code": code,
            "year": year, "criteria_set": criteria_set, "criteria_met": met, "criteria_total": total,
            "criteria_pct": round(met / total * 100, 2), "reached_standard": met == total}


@pytest.fixture(scope="module")
def merged_history():
    """2023-2024 forms of the three old units, and a 2026 form of the new Xã Khánh Bình."""
    rows = []
    for year, (binh, an, long_binh) in {2023: (17, 15, 19), 2024: (19, 16, 19)}.items():
        rows.append(score("Khánh Bình", year, "ntm-2021", binh, 19, district="An Phú"))
        rows.append(score("UBND xã Khánh An", year, "ntm-2021", an, 19, district="huyện An Phú"))
        rows.append(score("TT. Long Bình", year, "ntm-2021", long_binh, 19, district="An Phú", code="30341"))
    rows.append(score("Khánh Bình", 2026, "ntm-2026", 7, 10))
    return pd.DataFrame(rows)


def test_attach_units_adds_old_and_new_units_and_keeps_every_row(registry, merged_history):
    attached = attach_units(merged_history, registry)
    frame = attached.frame
    assert list(frame.columns) == [*merged_history.columns, *UNIT_COLUMNS]
    assert len(frame) == len(merged_history) and attached.problems.empty
    assert frame["new_code"].eq("30341").all() and frame["new_name"].eq("Xã Khánh Bình").all()
    old = frame[frame["year"] < 2025]
    assert set(zip(old["old_code"], old["old_name"])) == {
        ("30343", "Xã Khánh Bình"), ("30340", "Xã Khánh An"), ("30341", "Thị trấn Long Bình")}
    new = frame[frame["year"] == 2026].iloc[0]
    assert (new["unit_map"], new["unit_code"], pd.isna(new["old_code"])) == ("new", "30341", True)
    long_binh = frame[frame["commune"] == "TT. Long Bình"]
    assert long_binh["unit_matched_by"].eq("code").all()


def test_unresolved_names_keep_their_rows_and_become_problems(registry):
    scores = pd.DataFrame([score("Khanh Bnh", 2026, "ntm-2026", 7, 10)] * 2)
    attached = attach_units(scores, registry)
    assert attached.frame["new_code"].isna().all() and len(attached.frame) == 2
    [problem] = attached.problems.itertuples()  # one problem per distinct name, not per row
    assert problem.code == "unknown-commune" and problem.column == "commune"
    assert "có phải 'Khánh Bình'" in problem.message
    assert history_on_todays_map(attached.frame, registry).empty


def test_history_on_todays_map_keeps_each_predecessor_and_adds_a_combined_line(registry, merged_history,
                                                                               catalog):
    history = history_on_todays_map(attach_units(merged_history, registry).frame, registry, catalog)
    assert list(history.columns) == HISTORY_COLUMNS
    assert history["today_code"].eq("30341").all()
    units_2024 = history[(history["year"] == 2024) & (history["series"] == UNIT_SERIES)]
    assert sorted(units_2024["series_name"]) == ["Thị trấn Long Bình", "Xã Khánh An", "Xã Khánh Bình"]
    assert (units_2024["series_map"] == OLD).all()
    combined = history[history["series"] == COMBINED_SERIES].set_index("year")
    assert combined.loc[2023, ["units_assessed", "units_reached", "units_total"]].tolist() == [3, 1, 3]
    assert combined.loc[2024, ["units_assessed", "units_reached", "units_total"]].tolist() == [3, 2, 3]
    assert combined.loc[2026, ["units_assessed", "units_reached", "units_total"]].tolist() == [1, 0, 1]
    # Counts are never added across units: the combined line has ratios, no criteria counts.
    assert combined["criteria_met"].isna().all() and combined["criteria_total"].isna().all()
    assert combined.loc[2024, "criteria_pct"] == round((100 + 84.21 + 100) / 3, 2)


def test_the_criteria_set_break_is_marked_and_says_to_compare_ratios_only(registry, merged_history, catalog):
    history = history_on_todays_map(attach_units(merged_history, registry).frame, registry, catalog)
    by_year = history.groupby("year").agg(segment=("segment", "first"), set_break=("set_break", "all"),
                                          family=("family", "first"))
    assert by_year.loc[2024].tolist() == [0, False, "ntm"]
    assert by_year.loc[2026].tolist() == [1, True, "ntm-2026"]
    note = history.loc[history["year"] == 2026, "note"].iloc[0]
    assert "ntm-2021 → ntm-2026" in note and "chỉ so sánh tỷ lệ" in note
    assert "compare ratios only" in history.loc[history["year"] == 2026, "note_en"].iloc[0]
    assert history.loc[history["year"] < 2026, "note"].eq("").all()


def test_same_family_sets_are_not_a_break(registry, catalog):
    scores = pd.DataFrame([score("Khánh Bình", 2020, "ntm-2016", 15, 19, district="An Phú"),
                           score("Khánh Bình", 2022, "ntm-2021", 17, 19, district="An Phú")])
    history = history_on_todays_map(attach_units(scores, registry).frame, registry, catalog)
    assert not history["set_break"].any() and history["segment"].eq(0).all()


def test_a_divided_unit_shows_under_each_unit_that_took_a_part(registry):
    # Xã Phú Hội (An Phú) was divided: main part to Xã An Phú (30337), a part to Xã Nhơn Hội (30346).
    scores = pd.DataFrame([score("Phú Hội", 2024, "ntm-2021", 19, 19, district="An Phú")])
    attached = attach_units(scores, registry).frame
    assert attached.loc[0, "new_code"] == "30337"  # the one-successor column follows the main part
    history = history_on_todays_map(attached, registry)
    units = history[history["series"] == UNIT_SERIES].set_index("today_code")
    assert sorted(units.index) == ["30337", "30346"] and units["part"].all()


def test_describe_history_names_the_predecessors_and_the_break(registry, merged_history, catalog):
    history = history_on_todays_map(attach_units(merged_history, registry).frame, registry, catalog)
    text = describe_history(history, "30341")
    assert text.startswith("Xã Khánh Bình (mã 30341) theo bản đồ hành chính hiện nay: "
                           "trước 1/7/2025 có số liệu của 3 đơn vị")
    assert "Đổi bộ tiêu chí (ntm-2021 → ntm-2026)" in text
    assert "on today's map" in describe_history(history, "30341", "en")
    assert describe_history(history, "99999") == ""


def test_basic_and_advanced_sets_side_by_side_are_not_a_break(registry, catalog):
    scores = pd.DataFrame([score("Khánh Bình", 2022, "ntm-2021", 19, 19, district="An Phú"),
                           score("Khánh Bình", 2023, "ntm-nc-2021", 15, 19, district="An Phú"),
                           score("Khánh Bình", 2023, "ntm-2021", 19, 19, district="An Phú"),
                           score("Khánh Bình", 2026, "ntm-2026", 6, 10)])
    history = history_on_todays_map(attach_units(scores, registry).frame, registry, catalog)
    breaks = history[history["set_break"]]
    assert set(breaks["year"]) == {2026} and set(breaks["criteria_set"]) == {"ntm-2026"}
    assert history.loc[history["criteria_set"] == "ntm-nc-2021", "segment"].eq(0).all()
    assert history.loc[history["criteria_set"] == "ntm-2026", "segment"].eq(2).all()
