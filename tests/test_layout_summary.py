"""The multi-commune summary (one row per commune, one column per criterion), and workbooks that mix
layouts — realistic workbooks built in code, with exact criterion counts."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.scoring import score_assessments
from tests.helpers_layouts import (
    SheetSpec,
    assert_balanced,
    assessment,
    codes,
    form_sheet,
    load,
    summary_sheet,
    write_xlsx,
)
from tests.helpers_workbooks import HEADER, result_row

CRITERIA = [str(c) for c in range(1, 20)]
# commune → criterion → criterion status (as ntm.scoring.criterion_results writes it)
COMMUNES = {
    "Khánh Bình": {"1": "not_met", "15": "not_met", "17": "not_met"},
    "Khánh An": {"13": "basically_met", "17": "not_met"},
    "Vĩnh Hậu": {"7": "not_applicable"},
    "Phú Hữu": {},
}


def _statuses(communes=COMMUNES, criteria=CRITERIA, district="An Phú") -> pd.DataFrame:
    return pd.DataFrame([{"district": district, "commune": name, "criterion": c, "status": odd.get(c, "met")}
                         for name, odd in communes.items() for c in criteria])


def _district_summary(**kwargs) -> SheetSpec:
    return summary_sheet("TongHop", _statuses(), CRITERIA, year=2023, district="An Phú", province="An Giang",
                         **kwargs)


def _scores(result, catalog) -> pd.DataFrame:
    return score_assessments(result.results, catalog).set_index("commune")


def test_district_summary_gives_exact_criteria_counts(catalog):
    result = load(write_xlsx([_district_summary()]), catalog)
    assert result.layout == "summary-matrix"
    assert result.problems.empty, result.problems[["code", "row", "message_en"]].to_string()
    scores = _scores(result, catalog)
    assert scores.loc["Khánh Bình", ["criteria_met", "criteria_total"]].tolist() == [16, 19]
    assert [str(c) for c in scores.loc["Khánh Bình", "unmet_criteria"]] == ["1", "15", "17"]
    assert scores.loc["Khánh An", ["criteria_met", "criteria_basically_met"]].tolist() == [17, 1]
    assert scores.loc["Vĩnh Hậu", ["criteria_met", "criteria_total"]].tolist() == [18, 18]
    assert scores.loc[["Vĩnh Hậu", "Phú Hữu"], "reached_standard"].all()
    # Criterion level only: indicator fields stay empty.
    assert result.results["indicator"].isna().all()
    assert scores["indicators_total"].isna().all() and scores["indicators_met"].isna().all()
    assert set(result.results["district"]) == {"An Phú"} and set(result.results["province"]) == {"An Giang"}
    assert set(result.results["year"]) == {2023} and set(result.results["criteria_set"]) == {"ntm-2021"}
    # Four commune rows read; the totals row and the signature line are not data.
    assert (result.stats.rows_read, result.stats.rows_used) == (4, 4)
    assert sorted(result.unused["reason"]) == ["below-table", "total"]
    assert_balanced(result)


@pytest.mark.parametrize(("marks", "expected"), [
    ({"met": "Đạt", "not_met": "Chưa đạt", "basically_met": "Cơ bản đạt", "not_applicable": "Không áp dụng"},
     (16, 17, 1, 18)),
    ({"met": "x", "not_met": "CĐ", "basically_met": "CBĐ", "not_applicable": "-"}, (16, 17, 1, 18)),
    ({"met": "đ", "not_met": "KĐ", "basically_met": "cbđ", "not_applicable": "KAD"}, (16, 17, 1, 18)),
])
def test_marks_in_any_spelling(catalog, marks, expected):
    result = load(write_xlsx([_district_summary(marks=marks)]), catalog)
    scores = _scores(result, catalog)
    got = (scores.loc["Khánh Bình", "criteria_met"], scores.loc["Khánh An", "criteria_met"],
           scores.loc["Khánh An", "criteria_basically_met"], scores.loc["Vĩnh Hậu", "criteria_total"])
    assert got == expected


def test_a_total_that_disagrees_with_the_marks_is_a_warning(catalog):
    spec = _district_summary()
    row = next(r for r in spec.rows if len(r) > 1 and r[1] == "Khánh Bình")
    row[2 + 19] = 17  # the total column says 17; the marks say 16
    result = load(write_xlsx([spec]), catalog)
    found = result.problems[result.problems["code"] == "total-disagrees"]
    assert len(found) == 1 and found["value"].iloc[0] == "17"
    assert "16" in found["message"].iloc[0]
    assert _scores(result, catalog).loc["Khánh Bình", "criteria_met"] == 16


def test_blank_marks_are_missing_and_reported_once_per_row(catalog):
    spec = _district_summary()
    row = next(r for r in spec.rows if len(r) > 1 and r[1] == "Phú Hữu")
    row[2 + 2] = row[2 + 6] = None  # criteria 3 and 7 left blank
    row[2 + 19] = 17
    result = load(write_xlsx([spec]), catalog)
    found = result.problems[result.problems["code"] == "blank-criteria"]
    assert list(found["value"]) == ["3, 7"] and found["column"].iloc[0] == "Tiêu chí 3"
    score = _scores(result, catalog).loc["Phú Hữu"]
    assert (score["criteria_met"], score["criteria_total"], score["reached_standard"]) == (17, 19, False)
    assert [str(c) for c in score["unmet_criteria"]] == ["3", "7"]


def test_an_unreadable_mark_rejects_the_commune_row(catalog):
    spec = _district_summary()
    row = next(r for r in spec.rows if len(r) > 1 and r[1] == "Khánh An")
    row[2 + 4] = "Đạt 80%"
    result = load(write_xlsx([spec]), catalog)
    errors = result.problems[result.problems["severity"] == "error"]
    assert list(errors["code"]) == ["bad-status"] and errors["column"].iloc[0] == "Tiêu chí 5"
    assert "Khánh An" not in set(result.results["commune"])
    assert (result.stats.rows_read, result.stats.rows_used, result.stats.rows_rejected) == (4, 3, 1)
    assert_balanced(result)


def test_province_summary_with_district_rows(catalog):
    statuses = pd.concat([_statuses({"Khánh Bình": {}, "Nhơn Hội": {"13": "not_met"}}, district="An Phú"),
                          _statuses({"Mỹ Đức": {"17": "not_met"}}, district="Châu Phú")])
    spec = summary_sheet("Tinh", statuses, CRITERIA, year=2024, province="An Giang", district_rows=True)
    result = load(write_xlsx([spec]), catalog)
    assert result.problems.empty
    by_commune = result.results.drop_duplicates("commune").set_index("commune")
    districts = by_commune["district"].to_dict()
    assert districts == {"Khánh Bình": "An Phú", "Nhơn Hội": "An Phú", "Mỹ Đức": "Châu Phú"}
    assert set(result.results["province"]) == {"An Giang"}
    assert (result.unused["reason"] == "heading").sum() == 2
    met = _scores(result, catalog)["criteria_met"].to_dict()
    assert met == {"Khánh Bình": 19, "Mỹ Đức": 18, "Nhơn Hội": 18}


def test_communes_named_like_a_district_word_are_communes(catalog):
    # "Quan Hoa", "Huyền Sơn", "Quán Toan" hold the letters of "quận"/"huyện"; in a sheet written with
    # diacritics they are communes, under a district heading that carries counts of communes.
    odd = {"Quan Hoa": {"3": "not_met"}, "Huyền Sơn": {}, "Quán Toan": {"7": "not_met", "8": "not_met"},
           "Khánh Bình": {}}
    spec = summary_sheet("Tinh", _statuses(odd, district="An Phú"), CRITERIA, year=2023, province="An Giang",
                         district_rows=True)
    heading = next(r for r in spec.rows if len(r) > 1 and r[1] == "Huyện An Phú")
    heading += [4, 4, 3] + [4] * 16  # how many of its communes met each criterion
    result = load(write_xlsx([spec]), catalog)
    assert result.problems.empty, result.problems[["code", "row", "message_en"]].to_string()
    met = _scores(result, catalog)["criteria_met"].to_dict()
    assert met == {"Quan Hoa": 18, "Huyền Sơn": 19, "Quán Toan": 17, "Khánh Bình": 19}
    assert set(result.results["district"]) == {"An Phú"}
    assert (result.unused["reason"] == "heading").sum() == 1
    assert_balanced(result)


def _plain_summary(*rows: list) -> SheetSpec:
    """A summary typed without any diacritics, one commune per row of ``rows``."""
    head = [["UBND TINH AN GIANG"], ["BANG TONG HOP XA NONG THON MOI NAM 2023"], [],
            ["STT", "Ten xa", *range(1, 20), "Ghi chu"]]
    return SheetSpec("TongHop", head + [list(r) for r in rows])


def test_a_row_with_marks_is_a_commune_even_when_it_reads_like_a_heading(catalog):
    met = ["Dat"] * 19
    spec = _plain_summary(["I", "Huyen An Phu"], [1, "Khanh Binh", *met],
                          [2, "Quan Hoa", *met[:-1], "Chua dat"], [3, "Xa Tan Hoa", *met])
    result = load(write_xlsx([spec]), catalog)
    assert codes(result) == ["heading-with-marks"]  # "Quan Hoa" typed so could be "quận Hoa"
    found = result.problems.iloc[0]
    assert (found["row"], found["value"]) == (7, "Quan Hoa") and "district heading" in found["message_en"]
    frame = result.results.drop_duplicates("commune").set_index("commune")
    assert frame["district"].to_dict() == {"Khanh Binh": "An Phu", "Quan Hoa": "An Phu", "Tan Hoa": "An Phu"}
    assert _scores(result, catalog)["criteria_met"].to_dict() == {"Khanh Binh": 19, "Quan Hoa": 18,
                                                                   "Tan Hoa": 19}
    assert list(result.unused["reason"]) == ["heading"]
    assert_balanced(result)


def test_names_beginning_with_the_letters_of_xa_keep_them(catalog):
    # "Xà Phiên", "Xá Lượng" … are names, not "xã Phiên"; "Xa Dung" is spelled so in a sheet written
    # with diacritics; a "Xã" written as such is dropped.
    written = ["Xà Phiên", "Xá Lượng", "Xà Bang", "Xã Xà Hồ", "UBND xã Xá Nhè", "Xa Dung", "Xã Khánh Bình"]
    spec = summary_sheet("TongHop", _statuses({name: {} for name in written}), CRITERIA, year=2023,
                         district="An Phú", province="An Giang")
    result = load(write_xlsx([spec]), catalog)
    assert result.problems.empty, result.problems[["code", "row", "message_en"]].to_string()
    assert list(result.results["commune"].drop_duplicates()) == [
        "Xà Phiên", "Xá Lượng", "Xà Bang", "Xà Hồ", "Xá Nhè", "Xa Dung", "Khánh Bình"]


def test_2026_summary_has_ten_criteria_and_no_district(catalog):
    criteria = [str(c) for c in range(1, 11)]
    odd = {"Khánh Bình": {"3": "not_met", "8": "not_met"}, "Mỹ Đức": {}}
    statuses = _statuses(odd, criteria, district="")
    spec = summary_sheet("2026", statuses, criteria, year=2026, province="An Giang")
    result = load(write_xlsx([spec]), catalog)
    assert result.problems.empty
    assert set(result.results["criteria_set"]) == {"ntm-2026"} and result.results["district"].isna().all()
    scores = _scores(result, catalog)
    assert scores.loc["Khánh Bình", ["criteria_met", "criteria_total", "criteria_pct"]].tolist() == [
        8, 10, 80.0]


def test_one_row_header_with_year_and_district_columns_and_other_spellings(catalog):
    header = ["TT", "Huyện", "Xã", "Năm"] + [f"TC{c}" for c in range(1, 20)] + ["Số tiêu chí đạt", "Xếp loại"]
    rows = [header,
            [1, "An Phú", "Xã Khánh Bình", 2022] + ["Đ"] * 19 + [19, "Đạt chuẩn"],
            [2, "Châu Phú", "Bình Long", 2022] + ["Đ"] * 12 + ["CĐ"] + ["Đ"] * 6 + [18, None]]
    result = load(write_xlsx([SheetSpec("Sheet1", rows)]), catalog, province="An Giang")
    assert codes(result) == ["set-assumed"]  # no title: the year's set, said so
    frame = result.results.drop_duplicates("commune").set_index("commune")
    assert frame["district"].to_dict() == {"Khánh Bình": "An Phú", "Bình Long": "Châu Phú"}
    assert set(result.results["year"]) == {2022} and set(result.results["province"]) == {"An Giang"}
    assert _scores(result, catalog)["criteria_met"].to_dict() == {"Bình Long": 18, "Khánh Bình": 19}


def test_criterion_names_row_and_numbering_row_below_the_numbers(catalog):
    names = ["Quy hoạch", "Giao thông", "Thủy lợi", "Điện", "Trường học"]
    rows = [["TỔNG HỢP XÃ NÔNG THÔN MỚI NĂM 2023 HUYỆN AN PHÚ"],
            ["STT", "Tên xã", 1, 2, 3, 4, 5],
            [None, None, *names],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
            [1, "Khánh Bình", "x", "x", "x", "x", None]]
    result = load(write_xlsx([SheetSpec("TH", rows)]), catalog)
    assert result.layout == "summary-matrix"
    warning = result.problems[result.problems["code"] == "missing-criteria-columns"]
    assert list(warning["value"]) == [", ".join(str(c) for c in range(6, 20))]
    blank = result.problems[result.problems["code"] == "blank-criteria"]
    assert blank["column"].iloc[0] == "Tiêu chí 5 (Trường học)"
    assert list(result.unused["reason"]) == ["sub-header"]
    assert _scores(result, catalog).loc["Khánh Bình", "criteria_met"] == 4


def test_a_workbook_mixing_layouts(catalog):
    form = form_sheet("Bieu mau", catalog.get("ntm-2021"), assessment(catalog, unmet=("17.2",)),
                      commune="Khánh Bình", year=2024, district="An Phú", province="An Giang")
    summary = _district_summary()
    template = SheetSpec("KetQua", [HEADER, result_row("1", "Đạt", commune="Phú Hữu", year=2022,
                                                       province="An Giang", district="An Phú")])
    result = load(write_xlsx([form, summary, template]), catalog)
    assert result.layout == "template+official-form+summary-matrix"
    assert list(result.sheets["layout"]) == ["template", "official-form", "summary-matrix"]
    scores = score_assessments(result.results, catalog)
    assert len(scores) == 6
    kb = scores[(scores["commune"] == "Khánh Bình")].set_index("year")
    assert (kb.loc[2024, "indicators_met"], kb.loc[2023, "criteria_met"]) == (56, 16)
    assert_balanced(result)


# --- criterion columns named, not numbered ----------------------------------------------------------------

# ntm-2021's criteria as summaries write them: shortened, upper case, without diacritics, "-" for "và".
WRITTEN_NAMES = ["Quy hoạch", "GIAO THÔNG", "Thủy lợi", "Điện", "Truong hoc", "Cơ sở vật chất văn hóa",
                 "Cơ sở hạ tầng thương mại nông thôn", "Thông tin - Truyền thông", "Nhà ở dân cư",
                 "Thu nhập", "Nghèo đa chiều", "Lao động", "Tổ chức sản xuất", "Giáo dục và đào tạo",
                 "Y tế", "Văn hoá", "Môi trường và ATTP", "Hệ thống chính trị", "Quốc phòng & an ninh"]


def _named_summary(names=WRITTEN_NAMES, order=None) -> SheetSpec:
    """The district summary with criterion names, not numbers, under its merged "Tiêu chí" band
    (columns in ``order`` of criterion numbers when given)."""
    spec = _district_summary()
    top = next(r for r, row in enumerate(spec.rows) if len(row) > 2 and row[2] == 1)
    order = order or list(range(1, 20))
    spec.rows[top][2:21] = [names[n - 1] for n in order]
    for row in spec.rows[top + 1:]:
        if len(row) > 20 and isinstance(row[0], int):  # a commune row: its marks follow the columns
            marks = row[2:21]
            row[2:21] = [marks[n - 1] for n in order]
    return spec


def test_a_summary_with_named_criterion_columns_under_a_merged_band_scores_exactly(catalog):
    spec = _named_summary()
    band = next(row for row in spec.rows if "Tiêu chí" in row)
    band_row = str(spec.rows.index(band) + 1)
    assert any(m.startswith("C") and m.split(":")[0][1:] == band_row for m in spec.merges)
    result = load(write_xlsx([spec]), catalog)
    assert result.layout == "summary-matrix"
    assert codes(result) == ["criteria-by-name"]
    message = result.problems["message_en"].iloc[0]
    assert "'Quy hoạch' → 1" in message and "'Thủy lợi' → 3" in message
    assert "'Quốc phòng & an ninh' → 19" in message
    assert "'Môi trường và ATTP' → 17" in result.problems["message"].iloc[0]
    scores = _scores(result, catalog)
    assert scores.loc["Khánh Bình", ["criteria_met", "criteria_total"]].tolist() == [16, 19]
    assert [str(c) for c in scores.loc["Khánh Bình", "unmet_criteria"]] == ["1", "15", "17"]
    assert scores.loc["Khánh An", ["criteria_met", "criteria_basically_met"]].tolist() == [17, 1]
    assert scores.loc["Vĩnh Hậu", ["criteria_met", "criteria_total"]].tolist() == [18, 18]
    assert set(result.results["criteria_set"]) == {"ntm-2021"}
    assert_balanced(result)


def test_named_columns_in_another_order_follow_their_names(catalog):
    order = [2, 1, 19, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 15, 18, 17]
    result = load(write_xlsx([_named_summary(order=order)]), catalog)
    scores = _scores(result, catalog)
    assert [str(c) for c in scores.loc["Khánh Bình", "unmet_criteria"]] == ["1", "15", "17"]
    assert scores.loc["Khánh An", "criteria_basically_met"] == 1
    assert "'GIAO THÔNG' → 2, 'Quy hoạch' → 1" in result.problems["message_en"].iloc[0]


def test_a_blank_named_column_is_reported_by_its_number_and_name(catalog):
    spec = _named_summary()
    row = next(r for r in spec.rows if len(r) > 1 and r[1] == "Phú Hữu")
    row[2 + 2] = None
    row[2 + 19] = 18
    result = load(write_xlsx([spec]), catalog)
    found = result.problems[result.problems["code"] == "blank-criteria"]
    assert found["column"].iloc[0] == "Tiêu chí 3 (Thủy lợi)"


def test_a_one_row_header_with_named_columns_and_the_2026_set(catalog):
    names = ["Quy hoạch", "Hạ tầng kinh tế - xã hội", "Phát triển kinh tế nông thôn",
             "Đào tạo nguồn nhân lực", "Văn hóa, giáo dục, y tế", "Giảm nghèo và an sinh xã hội",
             "Khoa học công nghệ và chuyển đổi số", "Môi trường và cảnh quan nông thôn",
             "Xây dựng hệ thống chính trị", "Tiếp cận pháp luật và an ninh"]
    rows = [["UBND TỈNH AN GIANG"], ["TỔNG HỢP KẾT QUẢ XÃ NÔNG THÔN MỚI NĂM 2026"], [],
            ["STT", "Tên xã", *names, "Ghi chú"],
            [1, "Khánh Bình", *(["Đạt"] * 7), "Chưa đạt", "Đạt", "Đạt", None],
            [2, "Mỹ Đức", *(["Đạt"] * 10), None]]
    result = load(write_xlsx([SheetSpec("2026", rows)]), catalog)
    assert codes(result) == ["criteria-by-name"]
    assert set(result.results["criteria_set"]) == {"ntm-2026"}
    scores = _scores(result, catalog)
    assert scores.loc["Khánh Bình", ["criteria_met", "criteria_total"]].tolist() == [9, 10]
    assert [str(c) for c in scores.loc["Khánh Bình", "unmet_criteria"]] == ["8"]


@pytest.mark.parametrize(("written", "expected"), [
    ("Quy hoạch", "1"), ("quy hoach", "1"), ("THỦY LỢI", "3"), ("Thông tin & truyền thông", "8"),
    ("Tiêu chí Giao thông", "2"), ("Môi trường và ATTP", "17"), ("Văn hóa", "16"),
    ("Cơ sở", None),        # the first words of two criteria: no guess
    ("Hộ nghèo", None),     # the 2016 name of a criterion that 2021 calls "Nghèo đa chiều"
    ("Ghi chú", None), ("", None),
])
def test_criterion_names_are_matched_without_case_diacritics_or_guesses(catalog, written, expected):
    from ntm.loaders.summary_matrix import criteria_by_name

    assert criteria_by_name([written], catalog.get("ntm-2021")) == [expected]
