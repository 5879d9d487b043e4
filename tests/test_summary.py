"""The summary writer: golden paragraphs in the seed report's style, Vietnamese and English."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.summary import (
    ADVANCED,
    BASIC,
    MODEL,
    default_heading,
    join_codes,
    set_level,
    summary_figures,
    write_summary,
)

# Khánh Bình 2023 (the seed report), basic level with the figures its item data supports.
KHANH_BINH_BASIC = {
    "province": "An Giang", "district": "Tri Tôn", "commune": "Khánh Bình", "commune_code": None,
    "year": 2023, "criteria_set": "ntm-2021",
    "criteria_met": 16, "criteria_total": 19, "criteria_pct": 84.21, "criteria_basically_met": [],
    "indicators_met": 51, "indicators_total": 57, "indicators_pct": 89.47,
    "unmet_criteria": ["1", "15", "17"],
    "unmet_indicators": ["1.1", "1.2", "15.1", "17.2", "17.7", "17.11"],
    "missing_indicators": [], "not_applicable": [], "reached_standard": False,
}
KHANH_BINH_ADVANCED = {
    **KHANH_BINH_BASIC, "criteria_set": "ntm-nc-2021",
    "criteria_met": 13, "criteria_pct": 68.42, "indicators_met": 63, "indicators_total": 75,
    "indicators_pct": 84.0,
    "unmet_criteria": ["1", "11", "13", "14", "16", "17"],
    "unmet_indicators": ["1.1", "1.2", "1.3", "11", "13.5", "14.1", "14.2", "14.3", "16.2", "17.2",
                         "17.6", "17.12"],
}
ALL_MET = {**KHANH_BINH_BASIC, "criteria_met": 19, "indicators_met": 57, "unmet_criteria": [],
           "unmet_indicators": [], "reached_standard": True}


def record(**changes):
    """The seed's basic record with some fields changed."""
    return {**KHANH_BINH_BASIC, **changes}


BASIC_MET_LINE = ("- Số tiêu chí đạt: 16/19 tiêu chí, chiếm tỷ lệ 84,21%; "
                  "số chỉ tiêu đạt: 51/57 chỉ tiêu, chiếm tỷ lệ 89,47%.")
BASIC_UNMET_LINE = ("- Số tiêu chí chưa đạt: 03 tiêu chí gồm: tiêu chí số 1; 15 và 17. "
                    "Số chỉ tiêu chưa đạt: 06 chỉ tiêu gồm: 1.1; 1.2; 15.1; 17.2; 17.7 và 17.11.")

GOLDEN_VI = [
    pytest.param(KHANH_BINH_BASIC, "* Về xã nông thôn mới:", "\n".join([
        "* Về xã nông thôn mới:", BASIC_MET_LINE, BASIC_UNMET_LINE]), id="seed-basic-corrected"),
    pytest.param(KHANH_BINH_ADVANCED, "* Về xã nông thôn mới nâng cao:", "\n".join([
        "* Về xã nông thôn mới nâng cao:",
        "- Số tiêu chí đạt: 13/19 tiêu chí, chiếm tỷ lệ 68,42%; "
        "số chỉ tiêu đạt: 63/75 chỉ tiêu, chiếm tỷ lệ 84%.",
        "- Số tiêu chí chưa đạt: 06 tiêu chí gồm: tiêu chí số 1; 11; 13; 14; 16 và 17. "
        "Số chỉ tiêu chưa đạt: 12 chỉ tiêu gồm: 1.1; 1.2; 1.3; 11; 13.5; 14.1; 14.2; 14.3; "
        "16.2; 17.2; 17.6 và 17.12."]), id="seed-advanced"),
    pytest.param(KHANH_BINH_BASIC, None, BASIC_MET_LINE + "\n" + BASIC_UNMET_LINE, id="no-heading"),
    pytest.param(ALL_MET, None, "\n".join([
        "- Số tiêu chí đạt: 19/19 tiêu chí, chiếm tỷ lệ 100%; "
        "số chỉ tiêu đạt: 57/57 chỉ tiêu, chiếm tỷ lệ 100%.",
        "- Đã đạt đủ 19/19 tiêu chí và 57/57 chỉ tiêu."]), id="all-met"),
    pytest.param(record(criteria_met=18, indicators_met=56, unmet_criteria=["17"],
                        unmet_indicators=["17.2"]), None, "\n".join([
        "- Số tiêu chí đạt: 18/19 tiêu chí, chiếm tỷ lệ 94,74%; "
        "số chỉ tiêu đạt: 56/57 chỉ tiêu, chiếm tỷ lệ 98,25%.",
        "- Số tiêu chí chưa đạt: 01 tiêu chí gồm: tiêu chí số 17. "
        "Số chỉ tiêu chưa đạt: 01 chỉ tiêu gồm: 17.2."]), id="one-unmet"),
    pytest.param(record(criteria_met=15, criteria_total=18, indicators_met=50, indicators_total=56,
                        not_applicable=["7"]), None, "\n".join([
        "- Số tiêu chí đạt: 15/18 tiêu chí, chiếm tỷ lệ 83,33%; "
        "số chỉ tiêu đạt: 50/56 chỉ tiêu, chiếm tỷ lệ 89,29%.",
        BASIC_UNMET_LINE,
        "- Không tính vào tổng số do không áp dụng: tiêu chí số 7."]), id="not-applicable"),
    pytest.param(record(criteria_met=15, criteria_total=18, indicators_met=49, indicators_total=55,
                        not_applicable=["7", "17.4", "17.10"]), None, "\n".join([
        "- Số tiêu chí đạt: 15/18 tiêu chí, chiếm tỷ lệ 83,33%; "
        "số chỉ tiêu đạt: 49/55 chỉ tiêu, chiếm tỷ lệ 89,09%.",
        BASIC_UNMET_LINE,
        "- Không tính vào tổng số do không áp dụng: tiêu chí số 7; chỉ tiêu 17.4 và 17.10."]),
        id="not-applicable-criterion-and-indicators"),
    pytest.param(record(unmet_criteria=["1", "17"], criteria_basically_met=["15"]), None,
                 "\n".join([BASIC_MET_LINE,
                            "- Số tiêu chí chưa đạt: 03 tiêu chí gồm: tiêu chí số 1; 15 và 17, "
                            "trong đó tiêu chí số 15 cơ bản đạt. Số chỉ tiêu chưa đạt: 06 chỉ "
                            "tiêu gồm: 1.1; 1.2; 15.1; 17.2; 17.7 và 17.11."]),
                 id="basically-met-named"),
    pytest.param(record(criteria_basically_met=1), None,
                 "\n".join([BASIC_MET_LINE,
                            "- Số tiêu chí chưa đạt: 03 tiêu chí gồm: tiêu chí số 1; 15 và 17, "
                            "trong đó 01 tiêu chí cơ bản đạt. Số chỉ tiêu chưa đạt: 06 chỉ "
                            "tiêu gồm: 1.1; 1.2; 15.1; 17.2; 17.7 và 17.11."]),
                 id="basically-met-counted"),
    pytest.param(record(indicators_met=50, missing_indicators=["17.3"]), None, "\n".join([
        "- Số tiêu chí đạt: 16/19 tiêu chí, chiếm tỷ lệ 84,21%; "
        "số chỉ tiêu đạt: 50/57 chỉ tiêu, chiếm tỷ lệ 87,72%.",
        "- Số tiêu chí chưa đạt: 03 tiêu chí gồm: tiêu chí số 1; 15 và 17. "
        "Số chỉ tiêu chưa đạt: 07 chỉ tiêu gồm: 1.1; 1.2; 15.1; 17.2; 17.3; 17.7 và 17.11.",
        "- Còn 01 chỉ tiêu chưa có số liệu, cần thu thập thêm: 17.3."]), id="missing-indicator"),
    pytest.param(record(criteria_set="ntm-nc-2021", criteria_met=13, indicators_met=40,
                        indicators_total=75, unmet_criteria=["1", "13", "14", "16", "17", "18"],
                        unmet_indicators=["1.1", "13.5"], missing_indicators=["14.1"]),
                 None, "\n".join([
        "- Số tiêu chí đạt: 13/19 tiêu chí, chiếm tỷ lệ 68,42%; "
        "số chỉ tiêu đạt: 40/75 chỉ tiêu, chiếm tỷ lệ 53,33%.",
        "- Số tiêu chí chưa đạt: 06 tiêu chí gồm: tiêu chí số 1; 13; 14; 16; 17 và 18. "
        "Số chỉ tiêu chưa đạt: 35 chỉ tiêu gồm: 1.1; 13.5; 14.1 và 32 chỉ tiêu khác chưa có số "
        "liệu.",
        "- Còn 33 chỉ tiêu chưa có số liệu, cần thu thập thêm: 14.1 và 32 chỉ tiêu khác."]),
        id="partial-file-of-an-incompletely-known-set"),
    pytest.param(record(criteria_met=16, indicators_met=51, unmet_indicators=[]), None, "\n".join([
        BASIC_MET_LINE,
        "- Số tiêu chí chưa đạt: 03 tiêu chí gồm: tiêu chí số 1; 15 và 17. "
        "Số chỉ tiêu chưa đạt: 06 chỉ tiêu, đều chưa có số liệu.",
        "- Còn 06 chỉ tiêu chưa có số liệu, cần thu thập thêm."]), id="no-unmet-indicator-named"),
    pytest.param(record(indicators_met=None, indicators_total=None, indicators_pct=None,
                        unmet_indicators=None), "* Về xã nông thôn mới:", "\n".join([
        "* Về xã nông thôn mới:",
        "- Số tiêu chí đạt: 16/19 tiêu chí, chiếm tỷ lệ 84,21%.",
        "- Số tiêu chí chưa đạt: 03 tiêu chí gồm: tiêu chí số 1; 15 và 17."]),
        id="criterion-level-only"),
    pytest.param(record(criteria_met=19, unmet_criteria=[], indicators_met=None,
                        indicators_total=None, unmet_indicators=None), None, "\n".join([
        "- Số tiêu chí đạt: 19/19 tiêu chí, chiếm tỷ lệ 100%.",
        "- Đã đạt đủ 19/19 tiêu chí."]), id="criterion-level-only-all-met"),
]


@pytest.mark.parametrize("score, heading, expected", GOLDEN_VI)
def test_write_summary_vietnamese(score, heading, expected):
    assert write_summary(score, heading=heading) == expected


GOLDEN_EN = [
    pytest.param(KHANH_BINH_BASIC, "\n".join([
        "- Criteria met: 16/19 (84.21%); indicators met: 51/57 (89.47%).",
        "- Criteria not met: 3 (criteria 1, 15 and 17). "
        "Indicators not met: 6 (1.1, 1.2, 15.1, 17.2, 17.7 and 17.11)."]), id="seed-basic"),
    pytest.param(ALL_MET, "\n".join([
        "- Criteria met: 19/19 (100%); indicators met: 57/57 (100%).",
        "- All 19/19 criteria and 57/57 indicators are met."]), id="all-met"),
    pytest.param(record(criteria_met=18, indicators_met=56, unmet_criteria=["17"],
                        unmet_indicators=["17.2"], criteria_basically_met=["17"]), "\n".join([
        "- Criteria met: 18/19 (94.74%); indicators met: 56/57 (98.25%).",
        "- Criteria not met: 1 (criterion 17), of which criterion 17 is basically met. "
        "Indicators not met: 1 (17.2)."]), id="one-unmet-basically-met"),
    pytest.param(record(criteria_met=15, criteria_total=18, indicators_met=49, indicators_total=56,
                        not_applicable=["7"], missing_indicators=["17.3"]), "\n".join([
        "- Criteria met: 15/18 (83.33%); indicators met: 49/56 (87.5%).",
        "- Criteria not met: 3 (criteria 1, 15 and 17). "
        "Indicators not met: 7 (1.1, 1.2, 15.1, 17.2, 17.3, 17.7 and 17.11).",
        "- Not applicable, left out of the totals: criterion 7.",
        "- 1 indicator has no data yet and must be collected: 17.3."]), id="na-and-missing"),
    pytest.param(record(indicators_met=None, indicators_total=None, unmet_indicators=None),
                 "- Criteria met: 16/19 (84.21%).\n- Criteria not met: 3 (criteria 1, 15 and 17).",
                 id="criterion-level-only"),
    pytest.param(record(indicators_met=40, indicators_total=49, missing_indicators=["17.3"]),
                 "\n".join([
        "- Criteria met: 16/19 (84.21%); indicators met: 40/49 (81.63%).",
        "- Criteria not met: 3 (criteria 1, 15 and 17). "
        "Indicators not met: 9 (1.1, 1.2, 15.1, 17.2, 17.3, 17.7, 17.11 and 2 others without data).",
        "- 3 indicators have no data yet and must be collected: 17.3 and 2 others."]),
        id="unnamed-without-data"),
]


@pytest.mark.parametrize("score, expected", GOLDEN_EN)
def test_write_summary_english(score, expected):
    assert write_summary(score, lang="en") == expected


def test_english_heading_is_written_as_given():
    text = write_summary(KHANH_BINH_ADVANCED, heading=default_heading("ntm-nc-2021", "en"),
                         lang="en")
    assert text.splitlines()[0] == "* Advanced new rural development commune:"


def test_a_pandas_series_reads_like_a_dict():
    row = pd.DataFrame([KHANH_BINH_BASIC, KHANH_BINH_ADVANCED]).iloc[0]
    assert write_summary(row) == write_summary(KHANH_BINH_BASIC)


def test_numpy_counts_from_a_scores_frame():
    # Scoring's frame holds criteria_basically_met as a count (numpy int64), not a list.
    frame = pd.DataFrame([record(criteria_basically_met=1), record(criteria_basically_met=0)])
    assert frame["criteria_basically_met"].dtype == "int64"
    assert write_summary(frame.iloc[0]) == write_summary(record(criteria_basically_met=1))
    assert write_summary(frame.iloc[1]) == BASIC_MET_LINE + "\n" + BASIC_UNMET_LINE


def test_missing_values_from_a_dataframe_mean_criterion_level_only():
    # In a frame, None indicator fields become NaN; lists stay objects.
    frame = pd.DataFrame([record(indicators_met=None, indicators_total=None, indicators_pct=None,
                                 unmet_indicators=None), KHANH_BINH_BASIC])
    assert write_summary(frame.iloc[0]) == (
        "- Số tiêu chí đạt: 16/19 tiêu chí, chiếm tỷ lệ 84,21%.\n"
        "- Số tiêu chí chưa đạt: 03 tiêu chí gồm: tiêu chí số 1; 15 và 17.")


def test_codes_are_normalised_deduplicated_and_sorted_numerically():
    score = record(unmet_criteria=["17", "01", "15", "1"],
                   unmet_indicators=["17.11", "17,2", "1.2", "1.1", "17.7", "15.1", "17.2"])
    assert write_summary(score) == BASIC_MET_LINE + "\n" + BASIC_UNMET_LINE


def test_the_ratio_comes_from_the_counts():
    # A stale pct in the record does not leak into the text (DESIGN rule 3 defines the ratio).
    assert "89,47%" in write_summary(record(indicators_pct=12.0))


def test_writer_does_not_mutate_its_input():
    score = record(unmet_criteria=["17", "1", "15"])
    before = {k: (list(v) if isinstance(v, list) else v) for k, v in score.items()}
    write_summary(score)
    assert score == before


def test_missing_criteria_counts_are_a_bug():
    with pytest.raises(ValueError, match="criteria_met"):
        write_summary({"criteria_total": 19})


@pytest.mark.parametrize("codes, lang, expected", [
    ([], "vi", ""),
    (["17"], "vi", "17"),
    (["1", "17"], "vi", "1 và 17"),
    (["1", "15", "17"], "vi", "1; 15 và 17"),
    (["1", "15", "17"], "en", "1, 15 and 17"),
])
def test_join_codes(codes, lang, expected):
    assert join_codes(codes, lang) == expected


@pytest.mark.parametrize("set_id, level", [
    ("ntm-2021", BASIC), ("ntm-2016", BASIC), ("ntm-2026", BASIC), (None, BASIC),
    ("ntm-nc-2021", ADVANCED), ("NTM-NC-2021", ADVANCED), ("ntm_nc_an_giang", ADVANCED),
    ("Nông thôn mới nâng cao 2021-2025", ADVANCED), ("ntm-km-2021", MODEL),
    ("ntm-2021-province", BASIC),  # "nc" inside a word is not the advanced marker
])
def test_set_level(set_id, level):
    assert set_level(set_id) == level


def test_default_heading_follows_the_level():
    assert default_heading("ntm-2021") == "* Về xã nông thôn mới:"
    assert default_heading("ntm-nc-2021") == "* Về xã nông thôn mới nâng cao:"


def test_summary_figures_complete_the_unmet_lists():
    figures = summary_figures(record(unmet_criteria=["1"], criteria_basically_met=["15"],
                                     unmet_indicators=["1.1"], missing_indicators=["17.3"],
                                     indicators_met=55))
    assert figures.unmet_criteria == ("1", "15", "17")
    assert figures.unmet_indicators == ("1.1", "17.3")
    assert (figures.unmet_criteria_count, figures.unmet_indicators_count) == (3, 2)
    assert figures.missing == ("17.3",)
