"""load_workbook on our template layout: tidy rows, every problem code, and the row accounting."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.loaders import LoadStats, load_workbook
from ntm.schema import PROBLEM_COLUMNS, RESULT_COLUMNS, RESULT_DTYPES, source_text
from tests.helpers_workbooks import (
    FIELDS,
    HEADER,
    assert_accounted,
    assessment_rows,
    build_xlsx,
    result_row,
    template_book,
    used_rows,
)


@pytest.fixture(scope="module")
def ntm2021(catalog):
    return catalog.get("ntm-2021")


def _load(catalog, data: bytes):
    return load_workbook(data, catalog, file_name="f.xlsx")


def _codes(result) -> list[str]:
    return list(result.problems["code"])


# --- tidy rows ------------------------------------------------------------------------------------

def test_a_clean_assessment_has_57_rows_and_no_problems(catalog, ntm2021):
    result = _load(catalog, template_book(assessment_rows(ntm2021)))
    assert result.problems.empty
    assert result.layout == "template"
    assert result.stats == LoadStats(rows_read=57, rows_used=57, rows_rejected=0)
    assert list(result.results.columns) == RESULT_COLUMNS
    assert result.results.dtypes.astype(str).to_dict() == {k: str(v) for k, v in RESULT_DTYPES.items()}
    assert list(result.results["indicator"]) == list(ntm2021.indicators["indicator"])
    assert set(result.results["criteria_set"]) == {"ntm-2021"}
    assert list(source_text(result.results)[:2]) == ["f.xlsx:KetQua:2", "f.xlsx:KetQua:3"]
    assert_accounted(result, set(range(2, 59)))


def test_fields_are_read_and_normalised(catalog):
    rows = [
        result_row("17.10", "  đạt ", value=85, target="≥ 80%", note="ghi\u0300 chú",
                   province="Kha\u0301nh Hòa", district="Diên  Khánh", commune_code=22480.0,
                   commune=" Khánh  Bình "),
        result_row(5.0, "CĐ", value="85,5", year="2023"),
        result_row(17.1, "Không áp dụng", value="Có"),
        result_row("17", "Đạt"),
    ]
    result = _load(catalog, template_book(rows))
    first = result.results.iloc[0]
    assert first["province"] == "Khánh Hòa" and first["district"] == "Diên Khánh"
    assert first["commune"] == "Khánh Bình" and first["commune_code"] == "22480"
    assert first["year"] == 2023 and first["criteria_set"] == "ntm-2021"
    assert (first["criterion"], first["indicator"]) == ("17", "17.10")
    assert (first["value"], first["value_num"], first["target"]) == ("85", 85.0, "≥ 80%")
    assert first["status"] == "met" and first["note"] == "gh\u00ec chú"
    assert list(result.results["indicator"].astype(object).fillna("NA")) == ["17.10", "5", "17.1", "NA"]
    assert list(result.results["criterion"]) == ["17", "5", "17", "17"]
    assert list(result.results["status"]) == ["met", "not_met", "not_applicable", "met"]
    assert result.results["value_num"].iloc[1] == 85.5 and result.results["value"].iloc[1] == "85,5"
    assert pd.isna(result.results["value_num"].iloc[2]) and result.results["value"].iloc[2] == "Có"
    assert pd.isna(result.results["district"].iloc[1]) and pd.isna(result.results["target"].iloc[1])


def test_set_column_accepts_names_ids_and_aliases(catalog):
    rows = [result_row("1.1", criteria_set=name) for name in
            ("NTM 2021-2025", "ntm-2021", "ntm 2021 - 2025", "QĐ 318 Phụ lục I")]
    rows += [result_row("1.1", criteria_set="NTM nâng cao 2021-2025", year=2024),
             result_row("1.1", criteria_set="NTM 2026-2030", year=2026),
             result_row("1.1", criteria_set="ntm-2016", year=2019)]
    result = _load(catalog, template_book(rows))
    assert list(result.results["criteria_set"]) == ["ntm-2021", "ntm-nc-2021", "ntm-2026", "ntm-2016"]
    assert _codes(result).count("duplicate-result") == 3  # the first four rows are one result


@pytest.mark.parametrize(("set_name", "code", "criterion", "indicator"), [
    ("NTM 2021-2025", "17", "17", None),      # criterion-level: 17 has eleven indicators
    ("NTM 2021-2025", "5", "5", "5"),         # 5 is both criterion 5 and its only indicator
    ("NTM 2021-2025", 5.0, "5", "5"),         # typed as a number
    ("NTM 2021-2025", "05", "5", "5"),
    ("NTM 2021-2025", "17,2", "17", "17.2"),
    ("NTM 2026-2030", "3", "3", None),        # indicators of ntm-2026 are not known
    ("NTM nâng cao 2021-2025", "11", "11", "11"),
    ("NTM nâng cao 2021-2025", "13", "13", None),
])
def test_criterion_level_and_bare_codes(catalog, set_name, code, criterion, indicator):
    result = _load(catalog, template_book([result_row(code, criteria_set=set_name)]))
    row = result.results.iloc[0]
    assert row["criterion"] == criterion
    assert (None if pd.isna(row["indicator"]) else row["indicator"]) == indicator
    assert "criterion-mismatch" not in _codes(result) and "unknown-indicator" not in _codes(result)


def test_percent_formatted_result_and_target_read_as_shown(catalog):
    rows = [result_row("3.1", value=0.85, target=0.8), result_row("17.1", value=0.855)]
    data = template_book(rows, formats={("KetQua", "J2"): "0%", ("KetQua", "I2"): "0%",
                                        ("KetQua", "J3"): "0.0%"})
    results = _load(catalog, data).results
    assert list(results["value"]) == ["85%", "85.5%"]
    assert list(results["value_num"]) == [85.0, 85.5]
    assert results["target"].iloc[0] == "80%"


def test_fraction_for_a_percent_target_is_read_as_a_percentage_and_said(catalog):
    rows = [result_row("3.1", value=0.85), result_row("2.1", value="0,95", target="≥ 90%"),
            result_row("1.1", value=0.5), result_row("17.1", value="0,85%")]
    result = _load(catalog, template_book(rows))
    results = result.results
    assert list(results["value"]) == ["0.85", "0,95", "0.5", "0,85%"]  # as written
    # 3.1 has the catalog's target "80%", 2.1 its own "≥ 90%"; 1.1 has no numeric target; "0,85%" says %.
    assert list(results["value_num"]) == [85.0, 95.0, 0.5, 0.85]
    found = result.problems[result.problems["code"] == "fraction-read-as-percent"]
    assert list(found["row"]) == [2, 3] and set(found["severity"]) == {"warning"}
    assert "85%" in found["message"].iloc[0] and "85%" in found["message_en"].iloc[0]


def test_blank_rows_between_and_after_data_are_skipped(catalog):
    rows = [result_row("1.1"), [None] * 12, result_row("1.2"), ["", " ", None] + [None] * 9]
    result = _load(catalog, template_book(rows))
    assert used_rows(result) == [2, 4]
    assert result.stats.rows_read == 2


def test_header_below_title_lines(catalog):
    data = build_xlsx({"KetQua": [["BÁO CÁO KẾT QUẢ"], ["Năm 2023"], [], HEADER, result_row("1.1")]})
    result = _load(catalog, data)
    assert list(source_text(result.results)) == ["f.xlsx:KetQua:5"]


# --- problems: one case per code --------------------------------------------------------------------

def _full(catalog, **fields):
    return assessment_rows(catalog.get("ntm-2021"), **fields)


def _set(rows, index, **fields):
    """``rows`` with some fields of data row ``index`` changed (0-based: Excel row ``index + 2``)."""
    rows = [list(r) for r in rows]
    for name, value in fields.items():
        rows[index][FIELDS.index(name)] = value
    return rows


def _without(rows, *codes):
    return [r for r in rows if r[6] not in codes]


# Each case: (rows builder, kept: is the row used?, severity, code, Excel row, column, value).
CASES = {
    "unknown-set": (lambda c: _set(_full(c), 0, criteria_set="NTM 2099"), False,
                    "error", 2, "Bộ tiêu chí", "NTM 2099"),
    "unknown-indicator": (lambda c: _full(c) + [result_row("17.12")], False,
                          "error", 59, "Mã chỉ tiêu", "17.12"),
    "bad-status": (lambda c: _set(_full(c), 1, status="Đạt lắm"), False, "error", 3, "Đánh giá", "Đạt lắm"),
    "bad-year": (lambda c: _set(_full(c), 2, year=1899), False, "error", 4, "Năm", "1899"),
    "missing-commune": (lambda c: _set(_full(c), 3, commune=None), False, "error", 5, "Xã", None),
    "missing-code": (lambda c: _full(c) + [result_row(None, note="thiếu mã")], False,
                     "error", 59, "Mã chỉ tiêu", None),
    "duplicate-result": (lambda c: _full(c) + [result_row("1.1", "Chưa đạt")], False,
                         "error", 59, "Mã chỉ tiêu", "1.1"),
    "criterion-mismatch": (lambda c: _full(c) + [result_row("20.1")], False,
                           "error", 59, "Mã chỉ tiêu", "20.1"),
    "missing-status": (lambda c: _set(_full(c), 4, status=None), True, "warning", 6, "Đánh giá", None),
    "missing-indicator": (lambda c: _without(_full(c), "1.2", "17.10"), True,
                          "warning", 2, "Mã chỉ tiêu", "1.2, 17.10"),
    "status-value-disagreement": (lambda c: _set(_full(c), 6, value="75%"), True,
                                  "warning", 8, "Đánh giá", "Đạt"),
    # Row 41 is 17.2, now not met; the criterion row for 17 says met.
    "criterion-row-disagreement": (lambda c: _set(_full(c), 39, status="Chưa đạt") + [result_row("17")],
                                   True, "warning", 59, "Đánh giá", "Đạt"),
}


@pytest.mark.parametrize("code", list(CASES))
def test_each_problem_code_with_its_place(catalog, code):
    build, kept, severity, row, column, value = CASES[code]
    rows = build(catalog)
    result = _load(catalog, template_book(rows))
    found = result.problems[result.problems["code"] == code]
    assert len(found) == 1, result.problems[["code", "row", "message_en"]].to_string()
    problem = found.iloc[0]
    assert (problem["severity"], problem["sheet"], problem["row"], problem["column"]) == (
        severity, "KetQua", row, column)
    assert (None if pd.isna(problem["value"]) else problem["value"]) == value
    assert problem["message"] and problem["message_en"] and problem["message"] != problem["message_en"]
    assert (row in used_rows(result)) == kept
    data_rows = {i + 2 for i, r in enumerate(rows)}
    assert_accounted(result, data_rows)


def test_messages_say_how_to_fix(catalog):
    rows = _full(catalog) + [result_row("17.12"), result_row("1.1", "Chưa đạt"), result_row("2.3", "??")]
    problems = _load(catalog, template_book(rows)).problems.set_index("code")
    unknown = problems.loc["unknown-indicator"]
    assert "17.11" in unknown["message"] and "17.11" in unknown["message_en"]  # nearest known codes
    duplicate = problems.loc["duplicate-result"]
    assert "dòng 2" in duplicate["message"] and "60" in duplicate["message"]
    assert "row 2" in duplicate["message_en"] and "60" in duplicate["message_en"]
    bad_status = problems.loc["bad-status"]
    for word in ("Đạt", "Cơ bản đạt", "Chưa đạt", "Không áp dụng"):
        assert word in bad_status["message"] and word in bad_status["message_en"]


def test_duplicate_keeps_the_first_row(catalog):
    rows = [result_row("1.1", "Đạt"), result_row("1.2"), result_row("1.1", "Chưa đạt")]
    result = _load(catalog, template_book(rows))
    assert used_rows(result) == [2, 3]
    assert result.results["status"].iloc[0] == "met"


def test_same_code_in_other_commune_year_or_set_is_no_duplicate(catalog):
    rows = [result_row("1.1"), result_row("1.1", commune="Khánh Phú"), result_row("1.1", year=2024),
            result_row("1.1", criteria_set="NTM nâng cao 2021-2025")]
    result = _load(catalog, template_book(rows))
    assert result.stats.rows_used == 4 and "duplicate-result" not in _codes(result)


def test_bad_year_variants(catalog):
    rows = [result_row("1.1", year=y) for y in ("2023a", 2023.5, "", 2101, "năm 2023", True)]
    rows.append(result_row("1.2", year="2023"))
    result = _load(catalog, template_book(rows))
    assert _codes(result).count("bad-year") == 6
    assert used_rows(result) == [8]


def test_status_value_disagreement_both_ways_and_catalog_target(catalog):
    rows = [
        result_row("3.1", "Đạt", value="75%"),                      # catalog target: ≥ 80%
        result_row("3.1", "Chưa đạt", value=85, year=2024),          # reaches the catalog target
        result_row("2.1", "Đạt", value="95%", target="≥ 90%"),      # the row's target wins: fine
        result_row("2.1", "Đạt", value="85%", target="≥ 90%", year=2024),
        result_row("1.1", "Đạt", value="Có"),                        # not a number: nothing to say
        result_row("3.1", "Cơ bản đạt", value="75%", year=2025),     # only Đạt/Chưa đạt are compared
    ]
    problems = _load(catalog, template_book(rows)).problems
    flagged = problems[problems["code"] == "status-value-disagreement"]
    assert list(flagged["row"]) == [2, 3, 5]
    assert "75%" in flagged["message_en"].iloc[0] and "≥ 80%" in flagged["message_en"].iloc[0]
    # A target from the catalog is named as such, with its confidence; the row's own is not.
    assert "danh mục" in flagged["message"].iloc[0] and "high" in flagged["message_en"].iloc[0]
    assert "catalog" not in flagged["message_en"].iloc[2]


def test_codes_outside_an_incomplete_set_give_one_warning_per_assessment(catalog):
    nc = "NTM nâng cao 2021-2025"
    rows = [result_row("1.1", criteria_set=nc), result_row("3.2", criteria_set=nc),
            result_row("3.1", criteria_set=nc), result_row("3.1", criteria_set=nc, year=2024)]
    result = _load(catalog, template_book(rows))
    found = result.problems[result.problems["code"] == "indicator-not-in-catalog"]
    assert list(found["row"]) == [3, 5]
    assert list(found["value"]) == ["3.1, 3.2", "3.1"]
    assert result.stats.rows_used == 4
    assert "missing-indicator" not in _codes(result)  # the set's list is incomplete


def test_criterion_rows_against_their_indicators(catalog, ntm2021):
    rows = assessment_rows(ntm2021)
    rows += [result_row("1", "Chưa đạt"),   # 1.1 and 1.2 both met: contradiction
             result_row("2", "Đạt")]        # all met: consistent
    result = _load(catalog, template_book(rows))
    found = result.problems[result.problems["code"] == "criterion-row-disagreement"]
    assert list(found["row"]) == [59]
    assert result.stats.rows_used == 59


def test_criterion_level_rows_cover_their_indicators_for_missing_indicator(catalog, ntm2021):
    rows = _without(assessment_rows(ntm2021), *[f"17.{i}" for i in range(1, 12)]) + [result_row("17", "Đạt")]
    result = _load(catalog, template_book(rows))
    assert result.problems.empty


def test_criterion_level_only_assessment_has_no_missing_indicator_warning(catalog):
    rows = [result_row(str(c), "Đạt") for c in range(1, 20)]
    result = _load(catalog, template_book(rows))
    assert result.problems.empty
    # Criteria with a single indicator coded bare (5, 7, 10, 11, 12, 16) are indicator rows.
    indicators = result.results["indicator"]
    assert list(indicators.dropna()) == ["5", "7", "10", "11", "12", "16"]
    assert indicators.isna().sum() == 13


def test_rows_with_several_errors_report_them_all_and_count_once(catalog):
    rows = [result_row("99.1", "???", commune=None, year="x", criteria_set="NTM 2021-2025")]
    result = _load(catalog, template_book(rows))
    assert sorted(_codes(result)) == ["bad-status", "bad-year", "criterion-mismatch", "missing-commune"]
    assert result.stats == LoadStats(rows_read=1, rows_used=0, rows_rejected=1)


def test_many_problems_in_one_load(catalog, ntm2021):
    rows = _without(assessment_rows(ntm2021), "19.2")                         # missing-indicator
    rows = _set(rows, 0, criteria_set="NTM 2099")                           # unknown-set (row 2)
    rows = _set(rows, 1, status="Đạt lắm")                                  # bad-status (row 3)
    rows = _set(rows, 2, year=1800)                                         # bad-year (row 4)
    rows = _set(rows, 3, commune=None)                                      # missing-commune (row 5)
    rows = _set(rows, 4, status=None)                                       # missing-status (row 6)
    rows = _set(rows, 6, value="75%")                                       # status-value-disagr. (row 8)
    rows = _set(rows, 39, status="Chưa đạt")                                # 17.2 not met
    rows += [
        result_row("17.12"),                                                 # unknown-indicator (row 58)
        result_row(None),                                                    # missing-code (row 59)
        result_row("4.1", "Chưa đạt"),                                       # duplicate-result (row 60)
        result_row("20.1"),                                                  # criterion-mismatch (row 61)
        result_row("17", "Đạt"),                                             # criterion-row-disagreement
        result_row("3.9", criteria_set="NTM nâng cao 2021-2025"),            # indicator-not-in-catalog
    ]
    header = HEADER + ["Người nhập"]                                         # extra-column
    data = build_xlsx({"KetQua": [header, *rows], "An": [["ghi chú"]]}, hidden=("An",))  # hidden-sheet
    result = _load(catalog, data)
    expected = {"unknown-set", "bad-status", "bad-year", "missing-commune", "missing-status",
                "status-value-disagreement", "unknown-indicator", "missing-code", "duplicate-result",
                "criterion-mismatch", "criterion-row-disagreement", "indicator-not-in-catalog",
                "missing-indicator", "extra-column", "hidden-sheet"}
    assert set(_codes(result)) == expected
    assert len(result.problems) == len(expected)
    assert_accounted(result, {i + 2 for i in range(len(rows))})
    assert result.stats.rows_rejected == 8
    # Errors come first, then by sheet and row.
    severities = list(result.problems["severity"])
    assert severities == sorted(severities)


def test_problem_table_shape(catalog):
    result = _load(catalog, template_book([result_row("1.1", "??")]))
    assert list(result.problems.columns) == PROBLEM_COLUMNS
    assert result.problems.dtypes.astype(str).to_dict() == {
        "severity": "string", "code": "string", "sheet": "string", "row": "Int64", "column": "string",
        "value": "string", "message": "string", "message_en": "string"}


def test_untouched_template_rows_are_rejected_not_dropped(catalog, ntm2021):
    rows = [result_row(code, None, commune=None, year=None, province=None) for code in ["1.1", "1.2"]]
    result = _load(catalog, template_book(rows))
    assert result.stats == LoadStats(rows_read=2, rows_used=0, rows_rejected=2)
    assert sorted(set(_codes(result))) == ["bad-year", "missing-commune", "missing-status"]


# --- accounting sentence ----------------------------------------------------------------------------

@pytest.mark.parametrize(("stats", "vi", "en"), [
    (LoadStats(57, 56, 1), "57 dòng đã đọc, 56 dòng dùng được, 1 lỗi", "57 rows read, 56 used, 1 problem"),
    (LoadStats(1, 1, 0), "1 dòng đã đọc, 1 dòng dùng được, 0 lỗi", "1 row read, 1 used, 0 problems"),
])
def test_accounting_sentence(stats, vi, en):
    assert stats.sentence() == vi and stats.sentence("en") == en


def test_accounting_on_the_result(catalog):
    result = _load(catalog, template_book([result_row("1.1"), result_row("1.1")]))
    assert result.accounting() == "2 dòng đã đọc, 1 dòng dùng được, 1 lỗi"
    assert result.accounting("en") == "2 rows read, 1 used, 1 problem"
