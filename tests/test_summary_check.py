"""The report checker (DESIGN rule 9): parsing real typing, arithmetic, lists, and the data."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm.summary import default_heading, summary_figures, write_summary
from ntm.summary_check import (
    ERROR,
    WARNING,
    Finding,
    ReportedSummary,
    check_summary,
    format_findings,
    parse_summary,
)
from tests.test_summary import GOLDEN_VI, KHANH_BINH_ADVANCED, KHANH_BINH_BASIC, record

# The two bullet sections of the seed report (Khánh Bình, 2023), quoted as typed: the leading
# space, "68,42 %", "84% .", "chưa đạt : 06", "13 14" and "; và" are the report's own.
SEED_BASIC = """* Về xã nông thôn mới:

- Số tiêu chí đạt: 16/19 tiêu chí, chiếm tỷ lệ 84,21%; số chỉ tiêu đạt: 50/57 chỉ tiêu, chiếm tỷ lệ 87,72%.

- Số tiêu chí chưa đạt: 03 tiêu chí gồm: tiêu chí số 1; 15 và 17. Số chỉ tiêu chưa đạt 06 chỉ tiêu gồm: 1.1; 1.2; 15.1; 17.2; 17.7 và 17.11.
"""  # noqa: E501
SEED_ADVANCED = """* Về xã nông thôn mới nâng cao:

 - Số tiêu chí đạt: 13/19 tiêu chí, chiếm tỷ lệ 68,42 %. Số chỉ tiêu đạt: 63/75 chỉ tiêu, chiếm tỷ lệ 84% .

- Số tiêu chí chưa đạt : 06 tiêu chí gồm: số 1; 11; 13 14; 16 và 17. Số chỉ tiêu chưa đạt: 12 chỉ tiêu gồm: số 1.1; 1.2; 1.3; 11; 13.5; 14.1; 14.2; 14.3; 16.2; 17.2; 17.6; và 17.12.
"""  # noqa: E501
SEED = SEED_BASIC + "\n" + SEED_ADVANCED

BASIC = "Về xã nông thôn mới"
ADVANCED = "Về xã nông thôn mới nâng cao"
SEED_INDICATORS = ("1.1", "1.2", "15.1", "17.2", "17.7", "17.11")
SEED_COUNT_MISMATCH = Finding(
    ERROR, "count-mismatch", BASIC,
    "50/57 chỉ tiêu đạt nghĩa là 7 chỉ tiêu chưa đạt, nhưng chỉ liệt kê 6: "
    "1.1; 1.2; 15.1; 17.2; 17.7; 17.11.",
    "50/57 indicators met means 7 not met, but only 6 are listed: "
    "1.1; 1.2; 15.1; 17.2; 17.7; 17.11.")


def _figures(section: ReportedSummary) -> dict:
    return {k: v for k, v in vars(section).items() if k != "text"}


# --- the seed -------------------------------------------------------------------------------

def test_parse_the_seed_report():
    basic, advanced = parse_summary(SEED)
    assert _figures(basic) == {
        "heading": BASIC, "level": "basic",
        "criteria_met": 16, "criteria_total": 19, "criteria_pct": 84.21, "criteria_pct_text": "84,21",
        "indicators_met": 50, "indicators_total": 57, "indicators_pct": 87.72,
        "indicators_pct_text": "87,72",
        "unmet_criteria_count": 3, "unmet_criteria": ("1", "15", "17"), "unmet_criteria_unnamed": 0,
        "unmet_indicators_count": 6, "unmet_indicators": SEED_INDICATORS,
        "unmet_indicators_unnamed": 0,
    }
    assert _figures(advanced) == {
        "heading": ADVANCED, "level": "advanced",
        "criteria_met": 13, "criteria_total": 19, "criteria_pct": 68.42, "criteria_pct_text": "68,42",
        "indicators_met": 63, "indicators_total": 75, "indicators_pct": 84.0,
        "indicators_pct_text": "84",
        "unmet_criteria_count": 6, "unmet_criteria": ("1", "11", "13", "14", "16", "17"),
        "unmet_criteria_unnamed": 0, "unmet_indicators_count": 12, "unmet_indicators_unnamed": 0,
        "unmet_indicators": ("1.1", "1.2", "1.3", "11", "13.5", "14.1", "14.2", "14.3", "16.2",
                             "17.2", "17.6", "17.12"),
    }


def test_the_seed_report_contradicts_itself():
    assert check_summary(SEED) == [SEED_COUNT_MISMATCH]


def test_the_seed_advanced_section_is_consistent():
    assert check_summary(SEED_ADVANCED) == []
    assert [f for f in check_summary(SEED) if f.section == ADVANCED] == []


def test_the_seed_report_against_its_item_data():
    assert check_summary(SEED, [KHANH_BINH_BASIC, KHANH_BINH_ADVANCED]) == [
        SEED_COUNT_MISMATCH,
        Finding(ERROR, "data-mismatch", BASIC,
                "Báo cáo ghi 50/57 chỉ tiêu đạt, dữ liệu là 51/57.",
                "The report says 50/57 indicators met; the data says 51/57.", "indicators"),
        Finding(ERROR, "data-mismatch", BASIC,
                "Báo cáo ghi tỷ lệ chỉ tiêu đạt 87,72%, dữ liệu là 89,47% (51/57).",
                "The report says 87,72% of indicators met; the data says 89.47% (51/57).",
                "indicators_pct"),
    ]


def test_the_seed_inside_the_whole_article():
    # Prose around the figures (an introduction ending in "như sau:", later paragraphs
    # mentioning "tiêu chí") adds no section.
    article = ("Bà Trần Thị Thuý, PCT. UBND – Phó BQL xây dựng nông thôn mới xã Khánh Bình báo cáo "
               "kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới, nông thôn "
               "mới nâng cao năm 2023, đề ra kế hoạch đạt được kết quả như sau:\n\n" + SEED
               + "\nHội nghị nhận định … Tiêu chí về môi trường, cảnh quan hiện nay có một số cụm "
               "dân cư tuy đã đầu tư…\n")
    assert [s.heading for s in parse_summary(article)] == [BASIC, ADVANCED]
    assert check_summary(article) == [SEED_COUNT_MISMATCH]


# --- variants of the basic section ----------------------------------------------------------

def _variant(old: str, new: str) -> str:
    assert old in SEED_BASIC
    return SEED_BASIC.replace(old, new)


VARIANTS = [
    pytest.param(_variant("84,21%", "84,12%"), [
        (ERROR, "ratio-mismatch", "Tỷ lệ tiêu chí đạt ghi 84,12% nhưng 16/19 = 84,21%."),
        SEED_COUNT_MISMATCH], id="wrong-ratio"),
    pytest.param(_variant("87,72%", "87,71%"), [
        (WARNING, "ratio-rounding", "Tỷ lệ chỉ tiêu đạt ghi 87,71% là số bị cắt bớt chứ không "
                                    "làm tròn: 50/57 = 87,72%."),
        SEED_COUNT_MISMATCH], id="truncated-ratio"),
    pytest.param(_variant("84,21%", "84%"), [SEED_COUNT_MISMATCH], id="ratio-at-its-own-precision"),
    pytest.param(_variant("84,21%", "84,2 %"), [SEED_COUNT_MISMATCH], id="one-decimal-with-space"),
    pytest.param(_variant("03 tiêu chí gồm", "04 tiêu chí gồm"), [
        (ERROR, "count-mismatch", "16/19 tiêu chí đạt nghĩa là 3 tiêu chí chưa đạt, nhưng báo cáo "
                                  "ghi 04 tiêu chí chưa đạt."),
        (ERROR, "list-count-mismatch", "Báo cáo ghi 04 tiêu chí chưa đạt nhưng liệt kê 3: "
                                       "1; 15; 17."),
        SEED_COUNT_MISMATCH], id="wrong-count"),
    pytest.param(_variant("50/57", "51/57").replace("87,72", "89,47")
                 .replace("17.7 và", "17.7; 17.9 và"), [
        (ERROR, "list-count-mismatch", "Báo cáo ghi 06 chỉ tiêu chưa đạt nhưng liệt kê 7: "
                                       "1.1; 1.2; 15.1; 17.2; 17.7; 17.9; 17.11.")],
        id="list-longer-than-count"),
    pytest.param(_variant("50/57", "51/57").replace("87,72", "89,47")
                 .replace("06 chỉ tiêu gồm", "07 chỉ tiêu gồm").replace("17.7 và", "17.7; 17.9 và"),
                 [(ERROR, "count-mismatch", "51/57 chỉ tiêu đạt nghĩa là 6 chỉ tiêu chưa đạt, nhưng "
                                            "lại liệt kê 7: 1.1; 1.2; 15.1; 17.2; 17.7; 17.9; 17.11.")],
                 id="count-and-list-both-too-long"),
    pytest.param(_variant("16/19", "20/19"), [
        (ERROR, "met-exceeds-total", "Số tiêu chí đạt 20/19 lớn hơn tổng số tiêu chí."),
        SEED_COUNT_MISMATCH], id="met-exceeds-total"),
    pytest.param(_variant("số 1; 15 và 17", "số 1; 15 và 16"), [
        SEED_COUNT_MISMATCH,
        (ERROR, "unmet-indicator-criterion-not-listed",
         "Chỉ tiêu 17.2; 17.7; 17.11 chưa đạt nên tiêu chí 17 cũng chưa đạt, nhưng tiêu chí 17 "
         "không có trong danh sách tiêu chí chưa đạt: 1; 15; 16."),
        (WARNING, "unmet-criterion-without-indicator",
         "Tiêu chí 16 ghi là chưa đạt nhưng không có chỉ tiêu nào của tiêu chí này trong danh sách "
         "chỉ tiêu chưa đạt.")], id="lists-name-different-criteria"),
    pytest.param(_variant("17.7 và", "17.2 và"), [
        (ERROR, "count-mismatch", "50/57 chỉ tiêu đạt nghĩa là 7 chỉ tiêu chưa đạt, nhưng chỉ liệt "
                                  "kê 6: 1.1; 1.2; 15.1; 17.2; 17.2; 17.11."),
        (WARNING, "list-duplicate", "Chỉ tiêu 17.2 được liệt kê 2 lần trong danh sách chưa đạt.")],
        id="duplicate-item"),
    pytest.param(_variant("Số chỉ tiêu chưa đạt 06 chỉ tiêu gồm: 1.1",
                          "Số chỉ tiêu chưa đạt: 06 chỉ tiêu gồm 1.1"), [SEED_COUNT_MISMATCH],
                 id="colon-moved"),
    pytest.param(_variant("gồm: tiêu chí số 1; 15 và 17.", "gồm tiêu chí số 1, 15 và 17"),
                 [SEED_COUNT_MISMATCH], id="no-colon-commas-no-period"),
    pytest.param(unicodedata.normalize("NFD", SEED_BASIC), [SEED_COUNT_MISMATCH], id="nfd"),
    pytest.param(_variant("chưa đạt 06 chỉ tiêu", "chưa đạt 07 chỉ tiêu")
                 .replace("17.7 và 17.11.", "17.7; 17.11 và 01 chỉ tiêu khác chưa có số liệu."), [],
        id="a-number-of-items-without-data-completes-the-list"),
    pytest.param("Hội nghị tổng kết công tác xây dựng nông thôn mới năm 2023.", [
        (WARNING, "nothing-found", "Không tìm thấy số liệu tiêu chí, chỉ tiêu nào (dạng “16/19 "
                                   "tiêu chí”) trong văn bản.")], id="no-figures"),
]


def _expected(items):
    out = []
    for item in items:
        if isinstance(item, Finding):
            out.append((item.severity, item.code, item.message))
        else:
            out.append(item)
    return out


@pytest.mark.parametrize("text, expected", VARIANTS)
def test_check_variants(text, expected):
    findings = check_summary(text)
    assert [(f.severity, f.code, f.message) for f in findings] == _expected(expected)
    assert all(f.message_en and f.message_en != f.message for f in findings)


def test_variant_findings_name_their_section():
    findings = check_summary(_variant("84,21%", "84,12%"))
    assert [f.section for f in findings] == [BASIC, BASIC]


# --- reading real typing --------------------------------------------------------------------

PARSE_CASES = [
    pytest.param("Số tiêu chí chưa đạt : 06 tiêu chí gồm: số 1; 11; 13 14; 16 và 17.",
                 {"unmet_criteria_count": 6,
                  "unmet_criteria": ("1", "11", "13", "14", "16", "17")}, id="missing-semicolon"),
    pytest.param("Số chỉ tiêu chưa đạt 12 chỉ tiêu gồm số 1.1; 1.2; và 17.12",
                 {"unmet_indicators_count": 12, "unmet_indicators": ("1.1", "1.2", "17.12")},
                 id="no-colon-semicolon-and"),
    pytest.param("còn 03 tiêu chí chưa đạt (1, 15, 17) và 02 chỉ tiêu chưa đạt: 17,2; 17,11.",
                 {"unmet_criteria_count": 3, "unmet_criteria": ("1", "15", "17"),
                  "unmet_indicators_count": 2, "unmet_indicators": ("17.2", "17.11")},
                 id="count-before-words-decimal-commas"),
    pytest.param("Các chỉ tiêu chưa đạt gồm: 05; 17.10.",
                 {"unmet_indicators_count": None, "unmet_indicators": ("5", "17.10")},
                 id="list-without-count"),
    pytest.param("Xã đạt 18/19 tiêu chí (94,74%), không đạt 01 tiêu chí là tiêu chí số 17.",
                 {"criteria_met": 18, "criteria_total": 19, "criteria_pct_text": "94,74",
                  "unmet_criteria_count": 1, "unmet_criteria": ("17",)}, id="khong-dat-la"),
    pytest.param("SỐ TIÊU CHÍ ĐẠT: 9/19 TIÊU CHÍ, CHIẾM TỶ LỆ 47,37%",
                 {"criteria_met": 9, "criteria_total": 19, "criteria_pct": 47.37}, id="upper-case"),
    pytest.param("- Số tiêu chí đạt: 19/19 tiêu chí, chiếm tỷ lệ 100%.\n- Đã đạt đủ 19/19 tiêu chí "
                 "và 57/57 chỉ tiêu.",
                 {"criteria_met": 19, "unmet_criteria_count": 0, "unmet_criteria": (),
                  "indicators_met": 57, "unmet_indicators_count": 0, "unmet_indicators": ()},
                 id="all-met"),
    pytest.param("Xã đạt 16/19 tiêu chí, trong đó tỷ lệ hộ nghèo 2,42%.",
                 {"criteria_met": 16, "criteria_pct": None}, id="a-later-percentage-is-not-the-ratio"),
    pytest.param("Số chỉ tiêu chưa đạt: 03 chỉ tiêu, trong đó:\n+ 1.1;\n+ 1.2\n+ 17.11.\nGhi chú: 20 hộ",
                 {"unmet_indicators_count": 3, "unmet_indicators": ("1.1", "1.2", "17.11")},
                 id="bulleted-list-and-trong-do"),
    pytest.param("Số chỉ tiêu chưa đạt: 35 chỉ tiêu gồm: 1.1; 13.5 và 33 chỉ tiêu chưa có số liệu.",
                 {"unmet_indicators_count": 35, "unmet_indicators": ("1.1", "13.5"),
                  "unmet_indicators_unnamed": 33}, id="items-stated-only-as-a-number"),
    pytest.param("Số chỉ tiêu chưa đạt: 35 chỉ tiêu, đều chưa có số liệu.",
                 {"unmet_indicators_count": 35, "unmet_indicators": None,
                  "unmet_indicators_unnamed": 35}, id="all-stated-only-as-a-number"),
]


@pytest.mark.parametrize("text, expected", PARSE_CASES)
def test_parse_real_typing(text, expected):
    (section,) = parse_summary(text)
    assert {k: getattr(section, k) for k in expected} == expected


def test_nfd_and_nfc_read_the_same():
    nfd = parse_summary(unicodedata.normalize("NFD", SEED))
    assert [_figures(s) for s in nfd] == [_figures(s) for s in parse_summary(SEED)]
    assert nfd[1].heading == ADVANCED  # headings come back composed (NFC)


def test_sections_without_headings_split_at_each_statement():
    text = ("Xã đạt 16/19 tiêu chí nông thôn mới, chưa đạt 03 tiêu chí gồm 1; 15 và 17.\n"
            "Xã đạt 13/19 tiêu chí nâng cao, chưa đạt 06 tiêu chí gồm 1; 11; 13; 14; 16 và 17.")
    sections = parse_summary(text)
    assert [(s.heading, s.criteria_met, s.unmet_criteria_count) for s in sections] == [
        ("", 16, 3), ("", 13, 6)]


def test_inline_heading():
    (section,) = parse_summary("* Về xã nông thôn mới nâng cao: đạt 13/19 tiêu chí (68,42%).")
    assert (section.heading, section.level, section.criteria_met) == (ADVANCED, "advanced", 13)


# --- against data ---------------------------------------------------------------------------

def test_sections_without_headings_are_matched_by_totals():
    text = SEED_ADVANCED.replace("* Về xã nông thôn mới nâng cao:", "")
    assert check_summary(text, [KHANH_BINH_BASIC, KHANH_BINH_ADVANCED]) == []
    wrong = record(criteria_set="ntm-nc-2021", indicators_total=70)
    assert [f.code for f in check_summary(text, [KHANH_BINH_BASIC, wrong])] == ["no-matching-record"]


def test_a_record_is_chosen_by_the_commune_named_in_the_text():
    other = {**KHANH_BINH_BASIC, "commune": "Lương Phi", "indicators_met": 50}
    text = "Xã Khánh Bình:\n" + write_summary(KHANH_BINH_BASIC)
    assert check_summary(text, [other, KHANH_BINH_BASIC]) == []
    findings = check_summary(write_summary(KHANH_BINH_BASIC), [other, KHANH_BINH_BASIC])
    assert [(f.severity, f.code) for f in findings] == [(WARNING, "ambiguous-record")]
    last_year = {**KHANH_BINH_BASIC, "year": 2022, "indicators_met": 49}
    text = "Kết quả năm 2023:\n" + write_summary(KHANH_BINH_BASIC)
    assert check_summary(text, [last_year, KHANH_BINH_BASIC]) == []


def test_a_level_without_data_is_said_not_compared():
    findings = check_summary(SEED_ADVANCED, [KHANH_BINH_BASIC])
    assert [(f.severity, f.code, f.section) for f in findings] == [
        (WARNING, "no-matching-record", ADVANCED)]


def test_every_differing_figure_and_list_is_reported():
    data = record(criteria_met=15, unmet_criteria=["1", "15", "16", "17"],
                  unmet_indicators=["1.1", "1.2", "15.1", "16.1", "17.2", "17.11"],
                  not_applicable=["17.7"], indicators_total=56, indicators_met=50)
    findings = check_summary(SEED_BASIC, pd.DataFrame([data]))
    assert [(f.code, f.field, f.message) for f in findings if f.code == "data-mismatch"] == [
        ("data-mismatch", "criteria", "Báo cáo ghi 16/19 tiêu chí đạt, dữ liệu là 15/19."),
        ("data-mismatch", "criteria_pct", "Báo cáo ghi tỷ lệ tiêu chí đạt 84,21%, dữ liệu là "
                                          "78,95% (15/19)."),
        ("data-mismatch", "unmet_criteria_count", "Báo cáo ghi 03 tiêu chí chưa đạt, dữ liệu có 4."),
        ("data-mismatch", "unmet_criteria", "Danh sách tiêu chí chưa đạt khác dữ liệu: dữ liệu có "
                                            "16 chưa đạt mà báo cáo không liệt kê."),
        ("data-mismatch", "indicators", "Báo cáo ghi 50/57 chỉ tiêu đạt, dữ liệu là 50/56."),
        ("data-mismatch", "indicators_pct", "Báo cáo ghi tỷ lệ chỉ tiêu đạt 87,72%, dữ liệu là "
                                            "89,29% (50/56)."),
        ("data-mismatch", "unmet_indicators", "Danh sách chỉ tiêu chưa đạt khác dữ liệu: dữ liệu "
                                              "có 16.1 chưa đạt mà báo cáo không liệt kê; báo cáo "
                                              "liệt kê 17.7 nhưng dữ liệu ghi không áp dụng."),
    ]


def test_criterion_level_data_leaves_indicator_figures_unchecked():
    data = record(indicators_met=None, indicators_total=None, unmet_indicators=None)
    assert check_summary(SEED_BASIC, [data]) == [SEED_COUNT_MISMATCH]


# --- round trip: what the writer writes, the checker reads and accepts ----------------------

def _assert_reads_back(score, text):
    """``text`` parses back to ``score``'s figures, and checks clean against ``score``."""
    (section,) = parse_summary(text)
    f = summary_figures(score)
    assert (section.criteria_met, section.criteria_total, section.criteria_pct) == (
        f.criteria_met, f.criteria_total, f.criteria_pct)
    assert (section.indicators_met, section.indicators_total, section.indicators_pct) == (
        f.indicators_met, f.indicators_total, f.indicators_pct)
    assert (section.unmet_criteria_count, section.unmet_criteria) == (
        f.unmet_criteria_count, f.unmet_criteria)
    # "35 chỉ tiêu, đều chưa có số liệu" states a count and no list.
    named = f.unmet_indicators or None if f.unnamed_indicators else f.unmet_indicators
    assert (section.unmet_indicators_count, section.unmet_indicators,
            section.unmet_indicators_unnamed) == (f.unmet_indicators_count, named,
                                                  f.unnamed_indicators)
    assert check_summary(text, [score]) == []


@pytest.mark.parametrize("score, heading, _", GOLDEN_VI)
def test_written_summaries_read_back(score, heading, _):
    _assert_reads_back(score, write_summary(score, heading=heading))


@st.composite
def consistent_records(draw):
    """A score record computed from random indicator statuses, the way scoring would."""
    n_criteria = draw(st.integers(1, 19))
    statuses = st.sampled_from(["met"] * 6 + ["not_met"] * 2 + ["na", "missing"])
    criteria, indicators = {}, {}
    for c in range(1, n_criteria + 1):
        k = draw(st.integers(1, 4))
        codes = [str(c)] if k == 1 else [f"{c}.{j}" for j in range(1, k + 1)]
        indicators.update({code: draw(statuses) for code in codes})
        applicable = [indicators[code] for code in codes if indicators[code] != "na"]
        criteria[str(c)] = ("na" if not applicable else
                            "met" if all(s == "met" for s in applicable) else "not_met")
    applicable_criteria = [c for c, s in criteria.items() if s != "na"]
    if not applicable_criteria:
        criteria["1"] = "met"
        indicators = {c: ("met" if c.split(".")[0] == "1" else s) for c, s in indicators.items()}
        applicable_criteria = ["1"]
    unmet_criteria = [c for c in applicable_criteria if criteria[c] == "not_met"]
    basically = draw(st.lists(st.sampled_from(unmet_criteria), unique=True)) if unmet_criteria else []
    listed_unmet = (unmet_criteria if draw(st.booleans())
                    else [c for c in unmet_criteria if c not in basically])
    live = {code: s for code, s in indicators.items()
            if s != "na" and criteria[code.split(".")[0]] != "na"}
    not_applicable = [c for c, s in criteria.items() if s == "na"] + [
        code for code, s in indicators.items() if s == "na" and criteria[code.split(".")[0]] != "na"]
    criteria_met = sum(criteria[c] == "met" for c in applicable_criteria)
    score = {
        "province": "An Giang", "district": None, "commune": "Khánh Bình", "commune_code": None,
        "year": 2024, "criteria_set": draw(st.sampled_from(["ntm-2021", "ntm-nc-2021"])),
        "criteria_met": criteria_met, "criteria_total": len(applicable_criteria),
        "criteria_basically_met": basically, "unmet_criteria": listed_unmet,
        "indicators_met": sum(s == "met" for s in live.values()), "indicators_total": len(live),
        "unmet_indicators": [c for c, s in live.items() if s == "not_met"],
        "missing_indicators": [c for c, s in live.items() if s == "missing"],
        "not_applicable": not_applicable,
        "reached_standard": criteria_met == len(applicable_criteria),
    }
    if draw(st.booleans()):
        # A partial file of a set the catalog does not list fully: absent indicators are counted
        # in the total but cannot be named as missing.
        score["missing_indicators"] = []
    if draw(st.booleans()):  # criterion-level-only data
        score.update(indicators_met=None, indicators_total=None, unmet_indicators=None,
                     missing_indicators=[])
    return score


@given(consistent_records())
def test_round_trip_over_random_consistent_records(score):
    _assert_reads_back(score, write_summary(score, heading=default_heading(score["criteria_set"])))


# --- the command line -----------------------------------------------------------------------

def test_format_findings():
    findings = check_summary(SEED, [KHANH_BINH_BASIC, KHANH_BINH_ADVANCED])
    assert format_findings(findings).splitlines() == [
        "LỖI       count-mismatch: [Về xã nông thôn mới] 50/57 chỉ tiêu đạt nghĩa là 7 chỉ tiêu "
        "chưa đạt, nhưng chỉ liệt kê 6: 1.1; 1.2; 15.1; 17.2; 17.7; 17.11.",
        "LỖI       data-mismatch: [Về xã nông thôn mới] Báo cáo ghi 50/57 chỉ tiêu đạt, dữ liệu là "
        "51/57.",
        "LỖI       data-mismatch: [Về xã nông thôn mới] Báo cáo ghi tỷ lệ chỉ tiêu đạt 87,72%, dữ "
        "liệu là 89,47% (51/57).",
        "3 lỗi, 0 cảnh báo.",
    ]
    english = format_findings(check_summary("Đạt 16/19 tiêu chí, chiếm 84,12%."), lang="en")
    assert english.splitlines() == [
        "ERROR    ratio-mismatch: The criteria ratio is written 84,12% but 16/19 = 84.21%.",
        "1 error(s), 0 warning(s).",
    ]


def test_format_no_findings():
    assert format_findings([]) == "Không phát hiện mâu thuẫn nào."
    assert format_findings([], lang="en") == "No inconsistencies found."
