"""The official per-commune form: title lines, header words, criterion blocks, appraisal columns,
codes, and what is not data — each on a realistic workbook built in code, with exact scores."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.scoring import score_assessments
from tests.helpers_layouts import (
    TOOL,
    SheetSpec,
    assert_balanced,
    assessment,
    codes,
    form_sheet,
    load,
    write_xlsx,
)

UNMET = ("1.1", "1.2", "15.1", "17.2", "17.7", "17.11")  # Khánh Bình 2023 (the seed report)
WHERE = {"commune": "Khánh Bình", "year": 2023, "district": "An Phú", "province": "An Giang"}


def _form(catalog, name="2023", *, results=None, set_id="ntm-2021", **kwargs) -> SheetSpec:
    results = assessment(catalog, set_id, unmet=UNMET) if results is None else results
    return form_sheet(name, catalog.get(set_id), results, **{**WHERE, **kwargs})


def _score(result, catalog) -> pd.Series:
    scores = score_assessments(result.results, catalog)
    assert len(scores) == 1
    return scores.iloc[0]


def _cell(spec: SheetSpec, text: str) -> tuple[int, int]:
    """(row, column), 0-based, of the first cell of ``spec`` starting with ``text``."""
    for r, row in enumerate(spec.rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.startswith(text):
                return r, c
    raise AssertionError(text)


# --- a complete form ------------------------------------------------------------------------------------

def test_complete_form_scores_exactly_and_every_row_is_accounted_for(catalog):
    spec = _form(catalog, notes=("Ghi chú: số liệu minh họa.",))
    result = load(write_xlsx([spec]), catalog)
    assert result.layout == "official-form"
    assert result.problems.empty, result.problems[["code", "row", "message_en"]].to_string()
    row = _score(result, catalog)
    assert (row["commune"], row["district"], row["province"], row["year"], row["criteria_set"]) == (
        "Khánh Bình", "An Phú", "An Giang", 2023, "ntm-2021")
    assert (row["criteria_met"], row["criteria_total"], row["criteria_pct"]) == (16, 19, 84.21)
    assert (row["indicators_met"], row["indicators_total"], row["indicators_pct"]) == (51, 57, 89.47)
    assert [str(c) for c in row["unmet_indicators"]] == list(UNMET)
    # 57 indicator rows; the rest of the table is headings, criterion rows, numbering, notes, signatures.
    stats = result.stats
    assert (stats.rows_read, stats.rows_used, stats.rows_rejected) == (57, 57, 0)
    reasons = result.unused["reason"].value_counts().to_dict()
    assert reasons == {"criterion-row": 13, "heading": 5, "sub-header": 1, "below-table": 3}
    assert stats.rows_skipped == 22
    assert result.accounting("en").startswith("57 rows read, 57 used, 0 problems (22 other rows")
    assert_balanced(result)
    sheet = result.sheets.iloc[0]
    described = [sheet[k] for k in ("layout", "commune", "year", "criteria_set", "status_column")]
    assert described == ["official-form", "Khánh Bình", 2023, "ntm-2021", "Xã tự đánh giá"]


def test_codes_names_values_and_the_single_indicator_criteria(catalog):
    values = {"3.1": "85,5%", "5": "85%", "17.10": "0,9"}
    results = assessment(catalog, values=values)
    result = load(write_xlsx([_form(catalog, results=results)]), catalog)
    frame = result.results.set_index("indicator")
    # Single-indicator criteria carry no code in the form: they are the bare criterion number.
    assert {"5", "7", "10", "11", "12", "16"} <= set(frame.index)
    assert frame.loc["1.1", "criterion"] == "1" and frame.loc["17.10", "criterion"] == "17"
    assert frame.loc["3.1", "value"] == "85,5%" and frame.loc["3.1", "value_num"] == 85.5
    assert frame.loc["5", "value_num"] == 85.0
    assert frame.loc["3.1", "target"] == "80%"


def test_first_indicator_on_the_criterion_row(catalog):
    spec = _form(catalog, criterion_rows=False)
    result = load(write_xlsx([spec]), catalog)
    assert result.problems.empty
    row = _score(result, catalog)
    assert (row["criteria_met"], row["indicators_met"]) == (16, 51)
    assert "criterion-row" not in set(result.unused["reason"])


def test_several_sheets_hidden_empty_and_other_sheets(catalog):
    sheets = [_form(catalog, "2022", year=2022), _form(catalog, "2023"),
              SheetSpec("Cũ", [["bản cũ"]], hidden=True), SheetSpec("Trống", []),
              SheetSpec("Ghi chú", [["Tổng hợp ý kiến của các thôn"]])]
    result = load(write_xlsx(sheets), catalog)
    assert sorted(set(result.results["year"])) == [2022, 2023]
    assert sorted(codes(result)) == ["hidden-sheet", "unread-sheet"]
    assert list(result.sheets["sheet"]) == ["2022", "2023"]
    assert result.stats.rows_used == 114


# --- title lines and the caller's options ------------------------------------------------------------------

def test_missing_title_says_what_to_add_and_no_row_is_used(catalog):
    result = load(write_xlsx([_form(catalog, title=False)]), catalog)
    errors = result.problems[result.problems["severity"] == "error"]
    assert sorted(errors["code"]) == ["missing-commune", "missing-year"]
    commune = errors[errors["code"] == "missing-commune"].iloc[0]
    assert "commune=" in commune["message"] and "Xã Khánh Bình" in commune["message"]
    assert "title line" in commune["message_en"]
    assert (result.stats.rows_read, result.stats.rows_used, result.stats.rows_rejected) == (57, 0, 57)
    assert_balanced(result)


def test_caller_fills_what_the_title_lacks(catalog):
    result = load(write_xlsx([_form(catalog, title=False)]), catalog, commune="xã Khánh Bình", year=2023,
                  province="An Giang")
    assert codes(result) == ["set-assumed"]  # nothing says which set: the year's basic set, said so
    row = _score(result, catalog)
    described = [row[k] for k in ("commune", "year", "province", "criteria_met")]
    assert described == ["Khánh Bình", 2023, "An Giang", 16]
    assert result.sheets["commune"].iloc[0] == "Khánh Bình"


def test_the_title_wins_over_a_contradicting_caller_and_says_so(catalog):
    result = load(write_xlsx([_form(catalog)]), catalog, commune="Nhơn Hội", year=2023)
    assert set(result.results["commune"]) == {"Khánh Bình"}
    differs = result.problems[result.problems["code"] == "option-differs"]
    assert len(differs) == 1 and "Nhơn Hội" in differs["message"].iloc[0]


def test_names_match_ignoring_case_and_tone_mark_placement(catalog):
    spec = _form(catalog, commune="Khánh Hoà")
    result = load(write_xlsx([spec]), catalog, commune="KHÁNH HÒA")
    assert "option-differs" not in codes(result)


@pytest.mark.parametrize("given", ["Xa Dung", "xã Xa Dung", "UBND xã Xa Dung"])
def test_a_commune_named_with_the_letters_of_xa_matches_the_callers_name(catalog, given):
    spec = _form(catalog, commune="Xa Dung", district="Điện Biên Đông", province="Điện Biên")
    result = load(write_xlsx([spec]), catalog, commune=given)
    assert "option-differs" not in codes(result)  # "Xa Dung" is the name, not "xã Dung"
    assert set(result.results["commune"]) == {"Xa Dung"}


@pytest.mark.parametrize(("commune", "district", "province"), [
    ("Cổ Loa", "Đông Anh", "Hà Nội"),  # "có"
    ("Phúc Xá", "Ba Đình", "Hà Nội"),  # "xã"
    ("La Phù", "Hoài Đức", "Hà Nội"),  # "là"
    ("Tân Xã", "Thạch Thất", "Hà Nội"),  # spelled like "xã" itself
    ("Năm Căn", "Năm Căn", "Cà Mau"),  # spelled like "năm" itself, as the first word
    ("Phước Tỉnh", "Long Đất", "Bà Rịa - Vũng Tàu"),  # "tỉnh", "đạt"; a hyphenated province
])
def test_real_names_holding_the_letters_of_title_words_are_read_whole(catalog, commune, district, province):
    spec = _form(catalog, commune=commune, district=district, province=province)
    result = load(write_xlsx([spec]), catalog)
    assert not {"missing-commune", "missing-year"} & set(codes(result))
    row = _score(result, catalog)
    where = (row["commune"], row["district"], row["province"], row["year"])
    assert where == (commune, district, province, 2023)
    assert (row["criteria_met"], row["indicators_met"]) == (16, 51)
    assert result.sheets["commune"].iloc[0] == commune


def test_the_commune_named_only_beside_the_motto_is_read(catalog):
    # "UBND XÃ KHÁNH BÌNH" shares its row with "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (another cell); the
    # line "Xã Khánh Bình, huyện …" is left out, so that row is the only one naming the commune.
    spec = _form(catalog)
    where, _ = _cell(spec, "Xã Khánh Bình, huyện")
    spec.rows[where] = []
    assert spec.rows[0][0] == "UBND XÃ KHÁNH BÌNH" and spec.rows[0][4].startswith("CỘNG HÒA")
    result = load(write_xlsx([spec]), catalog)
    assert not any(code.startswith("missing-") for code in codes(result)), codes(result)
    row = _score(result, catalog)
    described = (row["commune"], row["year"], row["criteria_met"], row["indicators_met"])
    assert described == ("Khánh Bình", 2023, 16, 51)
    assert result.sheets["commune"].iloc[0] == "Khánh Bình"
    assert_balanced(result)


def test_the_mixed_case_line_spells_the_commune_that_capitals_name(catalog):
    spec = _form(catalog, commune="Cư M'gar", district="Cư M'gar", province="Đắk Lắk")
    assert spec.rows[0][0] == "UBND XÃ CƯ M'GAR"  # read alone, in title case: "Cư M'Gar"
    result = load(write_xlsx([spec]), catalog)
    assert "title-disagrees" not in codes(result)
    assert set(result.results["commune"]) == {"Cư M'gar"} and set(result.results["district"]) == {"Cư M'gar"}


def test_capitals_and_mixed_case_naming_two_communes_is_a_warning(catalog):
    spec = _form(catalog)
    spec.rows[0][0] = "UBND XÃ KHÁNH AN"  # a copy of another commune's form, half edited
    result = load(write_xlsx([spec]), catalog)
    found = result.problems[result.problems["code"] == "title-disagrees"]
    assert len(found) == 1 and found["severity"].iloc[0] == "warning"
    where, _ = _cell(spec, "Xã Khánh Bình, huyện")
    assert (found["row"].iloc[0], found["value"].iloc[0]) == (where + 1, "Khánh Bình")
    assert "Khánh An" in found["message"].iloc[0] and "'Khánh Bình' is used" in found["message_en"].iloc[0]
    assert set(result.results["commune"]) == {"Khánh Bình"}
    assert _score(result, catalog)["criteria_met"] == 16


def test_year_from_the_header_when_the_title_has_none(catalog):
    spec = _form(catalog)
    r, c = _cell(spec, "BẢNG TỰ ĐÁNH GIÁ")
    spec.rows[r][c] = "BẢNG TỰ ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI"
    r, c = _cell(spec, "Kết quả thực hiện")
    spec.rows[r][c] = "Kết quả thực hiện đến 31/12/2023"
    result = load(write_xlsx([spec]), catalog)
    assert result.problems.empty and set(result.results["year"]) == {2023}


def test_a_title_without_the_set_assumes_it_from_the_year_and_says_so(catalog):
    spec = _form(catalog)
    r, c = _cell(spec, "BẢNG TỰ ĐÁNH GIÁ")
    spec.rows[r][c] = "BẢNG TỰ ĐÁNH GIÁ KẾT QUẢ NĂM 2023"
    result = load(write_xlsx([spec]), catalog)
    assert codes(result) == ["set-assumed"]
    assert set(result.results["criteria_set"]) == {"ntm-2021"}


def test_unknown_set_for_the_level_and_year(catalog):
    # Criterion 3's rows are missing: the form cannot stand for a set of its own (see below).
    results = assessment(catalog, unmet=UNMET)
    results = results[~results["indicator"].str.startswith("3.")]
    spec = _form(catalog, results=results)
    r, c = _cell(spec, "BẢNG TỰ ĐÁNH GIÁ")
    spec.rows[r][c] = "BẢNG TỰ ĐÁNH GIÁ XÃ NÔNG THÔN MỚI KIỂU MẪU NĂM 2023"
    result = load(write_xlsx([spec]), catalog)
    assert codes(result) == ["unknown-set", "form-set-not-learned"]
    assert "criteria 3 are missing" in result.problems["message_en"].iloc[1]
    assert result.stats.rows_used == 0 and result.stats.rows_rejected == 55
    # The caller may say which set the form follows.
    chosen = load(write_xlsx([spec]), catalog, criteria_set="NTM 2021-2025")
    assert codes(chosen) == ["missing-indicator"] and chosen.stats.rows_used == 55


# --- appraisal copies ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def appraised(catalog):
    """Self-assessment: 17.11 unmet. District: also 15.1 unmet. Province: 15.1 met again, 2.2 unmet."""
    results = assessment(catalog, unmet=("17.11",))
    district = {"15.1": "not_met"}
    province = {"2.2": "not_met"}
    spec = form_sheet("2023", catalog.get("ntm-2021"), results, **WHERE,
                      appraisals={"Huyện thẩm tra": district, "Tỉnh thẩm định": province})
    return write_xlsx([spec])


@pytest.mark.parametrize(("choice", "column", "unmet"), [
    ("latest", "Tỉnh thẩm định", ["2.2", "17.11"]),
    ("province", "Tỉnh thẩm định", ["2.2", "17.11"]),
    ("district", "Huyện thẩm tra", ["15.1", "17.11"]),
    ("self", "Xã tự đánh giá", ["17.11"]),
])
def test_the_caller_chooses_which_status_column_counts(catalog, appraised, choice, column, unmet):
    result = load(appraised, catalog, status_column=choice)
    assert result.sheets["status_column"].iloc[0] == column
    assert [str(c) for c in _score(result, catalog)["unmet_indicators"]] == unmet
    differs = result.problems[result.problems["code"] == "appraisal-differs"]
    if choice == "self":
        assert differs.empty
    else:
        assert list(differs["value"]) == [", ".join(c for c in unmet if c != "17.11")]


def test_latest_appraisal_present_is_the_default_even_when_a_later_column_is_empty(catalog):
    results = assessment(catalog, unmet=("17.11",))
    spec = form_sheet("2023", catalog.get("ntm-2021"), results, **WHERE,
                      appraisals={"Huyện thẩm tra": {"15.1": "not_met"}, "Tỉnh thẩm định": {}})
    col = _cell(spec, "Tỉnh thẩm định")[1]
    for row in spec.rows[_cell(spec, "Tỉnh thẩm định")[0] + 2:]:
        if len(row) > col:
            row[col] = None  # the province has not appraised yet
    result = load(write_xlsx([spec]), catalog)
    assert result.sheets["status_column"].iloc[0] == "Huyện thẩm tra"
    assert [str(c) for c in _score(result, catalog)["unmet_indicators"]] == ["15.1", "17.11"]


def test_asking_for_a_column_the_form_lacks_is_an_error_on_the_sheet(catalog):
    result = load(write_xlsx([_form(catalog)]), catalog, status_column="province")
    assert codes(result) == ["missing-status-column"]
    assert result.stats.rows_used == 0 and result.stats.rows_rejected == 57


def test_bad_status_column_option_is_a_programming_error(catalog):
    with pytest.raises(ValueError):
        load(write_xlsx([_form(catalog)]), catalog, status_column="huyen")


def test_tick_columns_under_a_status_band(catalog):
    rows = [["BẢNG TỰ ĐÁNH GIÁ XÃ NÔNG THÔN MỚI NĂM 2023"], ["Xã Khánh Bình, huyện An Phú, tỉnh An Giang"],
            ["TT", "Nội dung tiêu chí", "Kết quả", "Tự đánh giá", None, "Ghi chú"],
            [None, None, None, "Đạt", "Chưa đạt", None],
            [1, "Quy hoạch"], [None, "1.1. Có quy hoạch chung", "Có", "x", None],
            [None, "1.2. Ban hành quy định", "Chưa", None, "x"]]
    result = load(write_xlsx([SheetSpec("TT", rows, merges=["D3:E3"])]), catalog)
    assert list(result.results["status"]) == ["met", "not_met"]
    assert result.sheets["status_column"].iloc[0] == "Tự đánh giá"


# --- codes --------------------------------------------------------------------------------------------------

def _tt_coded(catalog, tt_values: dict[str, object]) -> SheetSpec:
    """A form whose criterion 17 indicators carry their code in the TT cell, not the content."""
    spec = _form(catalog)
    start = next(i for i, row in enumerate(spec.rows) if row and row[0] == 17) + 1
    spec.merges.remove(f"A{start}:A{start + 11}")  # merging would clear the TT cells
    for code, tt in tt_values.items():
        r, c = _cell(spec, f"{code}. ")
        spec.rows[r][c] = spec.rows[r][c].split(". ", 1)[1]
        spec.rows[r][0] = tt
    return spec


def test_codes_typed_as_numbers_are_recovered_from_the_sequence(catalog):
    tt = {f"17.{i}": float(f"17.{i}") for i in range(1, 12)}  # "17.10" typed as a number is 17.1
    result = load(write_xlsx([_tt_coded(catalog, tt)]), catalog)
    frame = result.results
    assert sorted(frame.loc[frame["criterion"] == "17", "indicator"], key=lambda c: int(c.split(".")[1])) == [
        f"17.{i}" for i in range(1, 12)]
    recovered = result.problems[result.problems["code"] == "code-recovered"]
    assert len(recovered) == 1 and recovered["value"].iloc[0] == "17.1"
    assert "17.10" in recovered["message"].iloc[0] and "17.10" in recovered["message_en"].iloc[0]
    assert (_score(result, catalog)["indicators_met"], result.stats.rows_used) == (51, 57)


def test_letter_codes_and_codes_in_other_spellings(catalog):
    spec = _form(catalog)
    for old, new in (("2.1. ", "a) "), ("2.2. ", "b) "), ("2.3. ", "c) "), ("2.4. ", "d) "),
                     ("17.10. ", "17.10- "), ("13.2. ", "13,2 ")):
        r, c = _cell(spec, old)
        spec.rows[r][c] = new + spec.rows[r][c][len(old):]
    result = load(write_xlsx([spec]), catalog)
    assert result.problems.empty
    assert {"2.1", "2.2", "2.3", "2.4", "17.10", "13.2"} <= set(result.results["indicator"])


def test_indicators_without_any_code_are_numbered_in_order_and_said_so(catalog):
    spec = _form(catalog)
    for code in ("19.1", "19.2"):
        r, c = _cell(spec, f"{code}. ")
        spec.rows[r][c] = spec.rows[r][c].split(". ", 1)[1]
    result = load(write_xlsx([spec]), catalog)
    assigned = result.problems[result.problems["code"] == "code-assigned"]
    assert list(assigned["value"]) == ["19.1, 19.2"]
    assert {"19.1", "19.2"} <= set(result.results["indicator"])


# --- criterion rows, merged cells, statuses ------------------------------------------------------------

def test_criterion_row_disagreeing_with_its_indicators_is_a_warning(catalog):
    spec = _form(catalog)
    r = next(i for i, row in enumerate(spec.rows) if row and row[0] == 17)
    spec.rows[r][5] = "Đạt"  # but 17.2, 17.7, 17.11 are not met
    result = load(write_xlsx([spec]), catalog)
    found = result.problems[result.problems["code"] == "criterion-row-disagreement"]
    assert list(found["row"]) == [r + 1] and found["value"].iloc[0] == "Đạt"
    assert "17.2" in found["message"].iloc[0] and "17.11" in found["message_en"].iloc[0]
    assert _score(result, catalog)["criteria_met"] == 16  # scores come from the indicators


def test_merged_status_cell_applies_to_each_row_with_a_warning(catalog):
    results = assessment(catalog)
    spec = form_sheet("2023", catalog.get("ntm-2021"), results, **WHERE)
    r, _ = _cell(spec, "18.1. ")
    for offset in range(1, 6):
        spec.rows[r + offset][5] = None
    spec.merges.append(f"F{r + 1}:F{r + 6}")
    result = load(write_xlsx([spec]), catalog)
    assert codes(result) == ["merged-status"]
    assert _score(result, catalog)["indicators_met"] == 57


@pytest.mark.parametrize(("written", "status"), [
    ("ĐẠT", "met"), ("đạt", "met"), ("Đ", "met"), ("x", "met"), ("Cơ bản đạt", "basically_met"),
    ("CBĐ", "basically_met"),
    ("Chưa đạt", "not_met"), ("Không đạt", "not_met"), ("Không áp dụng", "not_applicable"),
    ("Không thực hiện", "not_applicable"), ("-", "not_applicable"), ("Cơ Bản Đạt", "basically_met"),
])
def test_status_words_in_any_case_and_spelling(catalog, written, status):
    spec = _form(catalog)
    r, _ = _cell(spec, "13.4. ")
    spec.rows[r][5] = written
    result = load(write_xlsx([spec]), catalog)
    assert result.results.set_index("indicator").loc["13.4", "status"] == status


def test_a_row_with_a_status_but_no_criterion_or_code_is_rejected_and_named(catalog):
    spec = _form(catalog)
    numbering = _cell(spec, "(1)")[0]
    # Above the first criterion:
    spec.rows[numbering] = [None, None, "Chỉ tiêu không rõ mã", None, "50%", "Đạt"]
    result = load(write_xlsx([spec]), catalog)
    errors = result.problems[result.problems["severity"] == "error"]
    assert list(errors["code"]) == ["missing-code"] and list(errors["row"]) == [numbering + 1]
    assert result.stats.rows_rejected == 1 and result.stats.rows_used == 57
    assert_balanced(result)


def test_a_row_with_a_status_under_a_coded_indicator_is_a_detail_and_said_so(catalog):
    spec = _form(catalog)
    r, c = _cell(spec, "19.2. ")
    # In the blank row after the table:
    spec.rows[r + 1] = [None, None, "- Lực lượng dân quân", None, None, "Đạt"]
    result = load(write_xlsx([spec]), catalog)
    found = result.problems[result.problems["code"] == "detail-row-ignored"]
    assert list(found["row"]) == [r + 2]
    assert result.unused.set_index("row").loc[r + 2, "reason"] == "detail"
    assert result.stats.rows_used == 57
    assert_balanced(result)


# --- a set the catalog does not fully know: the form defines it -----------------------------------------

ADVANCED_UNMET = ("1.1", "1.2", "1.3", "11", "13.5", "14.1", "14.2", "14.3", "16.2", "17.2", "17.6", "17.12")


def _advanced(catalog, name="NC2023", *, extra: dict[str, int] | None = None, drop: tuple[str, ...] = (),
              targets: dict[str, str] | None = None, **where) -> SheetSpec:
    """An advanced (nâng cao) form in the 75-indicator structure, ``extra`` indicators added per
    criterion, the ``drop`` codes left out, ``targets`` written for some codes."""
    counts = dict(TOOL.samples.ADVANCED_STRUCTURE)
    for criterion, n in (extra or {}).items():
        counts[criterion] += n
    structure = {c: [code for code in TOOL.samples._codes(c, n) if code not in drop]
                 for c, n in counts.items()}
    results = assessment(catalog, "ntm-nc-2021", unmet=ADVANCED_UNMET, structure=structure)
    for code, target in (targets or {}).items():
        results.loc[results["indicator"] == code, "target"] = target
    return form_sheet(name, catalog.get("ntm-nc-2021"), results, **{**WHERE, **where}, advanced=True)


def _scored(result, catalog) -> pd.DataFrame:
    return score_assessments(result.results, result.scoring_catalog(catalog))


def test_a_complete_advanced_form_defines_its_own_set_and_scores_against_it(catalog):
    spec = _advanced(catalog, targets={"2.1": "≥ 95%", "5.1": "100%"})
    result = load(write_xlsx([spec]), catalog)
    # One set, named for the set it adapts and the province; every row of the form is in it.
    assert [s.id for s in result.defined_sets] == ["ntm-nc-2021-an-giang"]
    learned = result.defined_sets[0]
    assert (learned.criteria_count, learned.indicator_count, learned.indicators_complete) == (19, 75, True)
    assert learned.family == "ntm-nc" and (learned.year_from, learned.year_to) == (2021, 2025)
    assert "ntm-nc-2021-an-giang" not in catalog  # the caller's catalog is left as it was
    assert set(result.results["criteria_set"]) == {"ntm-nc-2021-an-giang"}
    assert set(result.sheets["criteria_set"]) == {"ntm-nc-2021-an-giang"}
    # Names and targets come from the form's rows; what the catalog knows fills the rest.
    indicators = learned.indicators.set_index("indicator")
    assert indicators.loc["2.1", "target"] == "≥ 95%" and indicators.loc["5.1", "target"] == "100%"
    assert indicators.loc["2.1", "confidence"] == "biểu mẫu (form)"
    assert indicators.loc["1.1", "indicator_name_vi"] == catalog.get("ntm-nc-2021").indicators.set_index(
        "indicator").loc["1.1", "indicator_name_vi"]
    assert learned.criterion_name("1") == "Quy hoạch" and learned.criterion_name("1", "en") == "Planning"
    # Said once, in both languages; codes outside the catalog's partial list are no longer warned about.
    assert codes(result) == ["form-defines-set"]
    found = result.problems.iloc[0]
    assert "19 criteria with 75 indicators" in found["message_en"]
    assert "ntm-nc-2021-an-giang" in found["message_en"]
    assert "19 tiêu chí với 75 chỉ tiêu" in found["message"] and "ntm-nc-2021-an-giang" in found["message"]
    assert (found["sheet"], found["severity"]) == ("NC2023", "warning")
    row = _scored(result, catalog).iloc[0]
    counts = [row[k] for k in ("criteria_met", "criteria_total", "indicators_met", "indicators_total")]
    assert counts == [13, 19, 63, 75]
    assert row["indicators_pct"] == 84.0
    assert_balanced(result)


def test_a_province_variant_with_more_indicators_is_scored_out_of_its_own_count(catalog):
    spec = _advanced(catalog, extra={"17": 1, "18": 1})  # 17.13 and 18.8: 77 indicators
    result = load(write_xlsx([spec]), catalog)
    assert [s.indicator_count for s in result.defined_sets] == [77]
    message = result.problems.loc[result.problems["code"] == "form-defines-set", "message_en"].iloc[0]
    assert "19 criteria with 77 indicators" in message and "(the catalog declares 75)" in message
    row = _scored(result, catalog).iloc[0]
    assert (row["indicators_met"], row["indicators_total"], row["indicators_pct"]) == (65, 77, 84.42)
    assert (row["criteria_met"], row["criteria_total"]) == (13, 19)


def test_the_forms_of_several_communes_share_one_learned_set(catalog):
    first = _advanced(catalog, "Khánh Bình")
    second = _advanced(catalog, "Nhơn Hội", commune="Nhơn Hội")
    result = load(write_xlsx([first, second]), catalog)
    assert [s.id for s in result.defined_sets] == ["ntm-nc-2021-an-giang"]
    assert codes(result) == ["form-defines-set"]
    assert "'Khánh Bình', 'Nhơn Hội'" in result.problems["message_en"].iloc[0]
    scores = _scored(result, catalog)
    assert list(scores["commune"]) == ["Khánh Bình", "Nhơn Hội"]
    assert list(scores["indicators_total"]) == [75, 75] and list(scores["indicators_met"]) == [63, 63]


def test_an_incomplete_sheet_is_scored_against_the_set_its_workbook_defined(catalog):
    complete = _advanced(catalog, "Khánh Bình")
    short = _advanced(catalog, "Nhơn Hội", commune="Nhơn Hội", drop=("17.12",))  # its last row is lost
    result = load(write_xlsx([complete, short]), catalog)
    assert [s.id for s in result.defined_sets] == ["ntm-nc-2021-an-giang"]
    assert "form-set-not-learned" not in codes(result)
    message = result.problems.loc[result.problems["code"] == "form-defines-set", "message_en"].iloc[0]
    assert "incomplete sheets 'Nhơn Hội' are scored against it" in message
    missing = result.problems[result.problems["code"] == "missing-indicator"]
    assert set(missing["sheet"]) == {"Nhơn Hội"} and "17.12" in missing["message_en"].iloc[0]
    scores = _scored(result, catalog).set_index("commune")
    assert scores.loc["Nhơn Hội", "indicators_total"] == 75
    assert [str(c) for c in scores.loc["Nhơn Hội", "missing_indicators"]] == ["17.12"]


@pytest.mark.parametrize(("drop", "extra", "reason"), [
    (("17.5",), None, "criterion 17 lacks code(s) 17.5"),
    (("3.1", "3.2", "3.3"), None, "criteria 3 are missing"),
    (("1.1",), None, "criterion 1 lacks code(s) 1.1"),
])
def test_a_form_that_is_not_complete_does_not_define_a_set_and_says_why(catalog, drop, extra, reason):
    result = load(write_xlsx([_advanced(catalog, drop=drop, extra=extra)]), catalog)
    assert result.defined_sets == ()
    assert set(result.results["criteria_set"]) == {"ntm-nc-2021"}
    found = result.problems[result.problems["code"] == "form-set-not-learned"]
    assert len(found) == 1 and reason in found["message_en"].iloc[0]
    assert "out of the catalog's declared 75" in found["message_en"].iloc[0]
    row = score_assessments(result.results, catalog).iloc[0]
    assert row["indicators_total"] == 75
    assert_balanced(result)


def test_codes_numbered_by_position_do_not_define_a_set(catalog):
    spec = _advanced(catalog)
    r, c = _cell(spec, "17.1. ")
    for row in spec.rows[r:r + 12]:  # criterion 17's twelve indicators lose their codes
        row[2] = row[2].split(". ", 1)[1]
    result = load(write_xlsx([spec]), catalog)
    assert "code-assigned" in codes(result) and result.defined_sets == ()
    message = result.problems.loc[result.problems["code"] == "form-set-not-learned", "message_en"].iloc[0]
    assert "some codes were numbered by position" in message


def test_a_kept_learned_set_serves_later_forms_of_its_province_only(catalog):
    first = load(write_xlsx([_advanced(catalog)]), catalog)
    kept = first.scoring_catalog(catalog)  # as a store keeping the learned set would give it back
    later = load(write_xlsx([_advanced(catalog, "NC2024", year=2024)]), kept)
    assert later.defined_sets == () and codes(later) == []
    assert set(later.results["criteria_set"]) == {"ntm-nc-2021-an-giang"}
    other = load(write_xlsx([_advanced(catalog, province="Đắk Nông", district="Đắk Mil")]), kept)
    assert [s.id for s in other.defined_sets] == ["ntm-nc-2021-dak-nong"]
    basic = load(write_xlsx([_form(catalog)]), kept)  # a basic form of the same province
    assert set(basic.results["criteria_set"]) == {"ntm-2021"} and basic.problems.empty


def test_an_advanced_form_of_nam_da_is_read_as_nam_da_not_as_the_year_word(catalog):
    # "Xã Nam Đà, huyện Krông Nô, tỉnh Đắk Nông": "Nam" has the letters of "năm" (year).
    spec = _advanced(catalog, province="Đắk Nông", district="Krông Nô", commune="Nam Đà")
    result = load(write_xlsx([spec]), catalog)
    assert codes(result) == ["form-defines-set"]
    assert [s.id for s in result.defined_sets] == ["ntm-nc-2021-dak-nong"]
    row = _scored(result, catalog).iloc[0]
    assert (row["commune"], row["district"], row["province"], row["year"]) == (
        "Nam Đà", "Krông Nô", "Đắk Nông", 2023)
    assert (row["criteria_met"], row["indicators_met"], row["indicators_total"]) == (13, 63, 75)
    assert_balanced(result)


def test_a_complete_form_for_a_level_the_catalog_has_no_set_for_defines_it(catalog):
    spec = _form(catalog)
    r, c = _cell(spec, "BẢNG TỰ ĐÁNH GIÁ")
    spec.rows[r][c] = "BẢNG TỰ ĐÁNH GIÁ XÃ NÔNG THÔN MỚI KIỂU MẪU NĂM 2023"
    result = load(write_xlsx([spec]), catalog)
    assert codes(result) == ["form-defines-set"]  # the unknown-set error is answered by the form
    assert [s.id for s in result.defined_sets] == ["bieu-mau-kieu-mau-2023-an-giang"]
    learned = result.defined_sets[0]
    counts = (learned.criteria_count, learned.indicator_count, learned.year_from, learned.year_to)
    assert counts == (19, 57, 2023, 2023)
    assert "kiểu mẫu" in learned.name_vi
    message = result.problems["message_en"].iloc[0]
    assert "The catalog has no model NTM criteria set for 2023" in message
    assert result.stats.rows_used == 57
    row = _scored(result, catalog).iloc[0]
    assert (row["criteria_met"], row["criteria_total"], row["indicators_met"], row["indicators_total"]) == (
        16, 19, 51, 57)
    assert_balanced(result)


def test_a_single_indicator_not_assessed_yet_is_a_result_with_no_status(catalog):
    results = assessment(catalog, statuses={"7": "missing"})
    result = load(write_xlsx([form_sheet("2023", catalog.get("ntm-2021"), results, **WHERE)]), catalog)
    assert codes(result) == ["missing-status"]
    assert result.results.set_index("indicator").loc["7", "status"] == "missing"
    assert result.stats.rows_used == 57


def test_lettered_lines_under_a_numbered_indicator_are_its_parts_not_indicators(catalog):
    spec = _form(catalog)
    r, _ = _cell(spec, "17.2. ")
    # The blank row after the table becomes two lettered parts of 17.2: move the table's end down.
    spec.rows[r + 1:r + 1] = [[None, None, "a) Nước sạch tập trung", None, "60%", "Chưa đạt"],
                              [None, None, "b) Nước hợp vệ sinh", None, "95%", "Đạt"]]
    spec.merges = [m for m in spec.merges if not m.startswith(("A", "B")) or int(m.split(":")[1][1:]) <= r]
    result = load(write_xlsx([spec]), catalog)
    assert "duplicate-result" not in codes(result)
    details = result.unused[result.unused["reason"] == "detail"]
    assert list(details["row"]) == [r + 2, r + 3]
    assert result.stats.rows_used == 57
