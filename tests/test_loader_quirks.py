"""Real-world quirks, each on a workbook built in code: Unicode forms and tone-mark placement, codes
typed as numbers, numbers as people write them, formulas without values, empty sheets and trailing
blank rows, .xlsm and .xls files."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest

from ntm.scoring import score_assessments
from tests.helpers_biff import xls_workbook
from tests.helpers_layouts import SheetSpec, assert_balanced, assessment, codes, form_sheet, load, write_xlsx
from tests.helpers_workbooks import HEADER, assessment_rows, build_xlsx, result_row, template_book

WHERE = {"commune": "Khánh Bình", "year": 2023, "district": "An Phú", "province": "An Giang"}


# --- Unicode ------------------------------------------------------------------------------------------------

def test_decomposed_text_is_composed_everywhere(catalog):
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    rows = [[nfd(h) for h in HEADER],
            result_row("1.1", nfd("Đạt"), commune=nfd("Khánh Bình"), province=nfd("Khánh Hòa"),
                       note=nfd("Ghi chú")),
            result_row("1.2", nfd("Cơ bản đạt"), commune="Khánh Bình", province="Khánh Hòa")]
    result = load(template_book(rows[1:], header=rows[0]), catalog)
    assert result.problems[result.problems["code"] != "missing-indicator"].empty
    for column in ("commune", "province", "note"):
        values = result.results[column].dropna()
        assert all(unicodedata.is_normalized("NFC", v) for v in values)
    assert set(result.results["commune"]) == {"Khánh Bình"}
    assert list(result.results["status"]) == ["met", "basically_met"]


def test_one_spelling_per_name_whatever_the_tone_mark_placement_or_case(catalog):
    rows = [result_row("1.1", province="Khánh Hòa"), result_row("1.2", province="Khánh Hoà"),
            result_row("2.1", province="KHÁNH HÒA"), result_row("2.2", province="Khánh Hóa")]
    result = load(template_book(rows), catalog)
    assert list(result.results["province"]) == ["Khánh Hòa", "Khánh Hòa", "Khánh Hòa", "Khánh Hóa"]
    found = result.problems[result.problems["code"] == "name-variant"]
    assert list(found["value"]) == ["Khánh Hoà", "KHÁNH HÒA"] and list(found["row"]) == [3, 4]
    # "Hòa" and "Hóa" are different names: two assessments, not one.
    assert len(score_assessments(result.results, catalog)) == 2


# --- codes typed as numbers ---------------------------------------------------------------------------------

def test_template_codes_typed_as_numbers(catalog):
    rows = assessment_rows(catalog.get("ntm-2021"))
    for row in rows:
        code = row[6]
        row[6] = float(code)  # Excel stores "17.10" as 17.1, "5" as 5.0, "1.1" as 1.1
    result = load(template_book(rows), catalog)
    assert sorted(result.results["indicator"]) == sorted(catalog.get("ntm-2021").indicator_codes)
    recovered = result.problems[result.problems["code"] == "code-recovered"]
    row_of_17_10 = 2 + list(catalog.get("ntm-2021").indicators["indicator"]).index("17.10")
    assert list(recovered["value"]) == ["17.1"] and list(recovered["row"]) == [row_of_17_10]
    assert result.problems["code"].isin(["code-recovered"]).all()
    assert result.stats.rows_used == 57


def test_a_lone_number_code_is_taken_as_written(catalog):
    result = load(template_book([result_row(17.1), result_row(17.2)]), catalog)
    assert list(result.results["indicator"]) == ["17.1", "17.2"]
    assert "code-recovered" not in codes(result)


# --- numbers ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "number_format", "shown", "number"), [
    ("85,5", None, "85,5", 85.5), ("85%", None, "85%", 85.0), ("85,5%", None, "85,5%", 85.5),
    (0.85, "0%", "85%", 85.0), (0.855, "0.0%", "85.5%", 85.5), ("0,85", None, "0,85", 85.0),
    (0.85, None, "0.85", 85.0),
    ("1.234,5", None, "1.234,5", 1234.5), (92, None, "92", 92.0),
])
def test_numbers_as_people_write_them_in_a_form(catalog, written, number_format, shown, number):
    results = assessment(catalog)
    results.loc[results["indicator"] == "17.9", "value"] = written
    spec = form_sheet("2023", catalog.get("ntm-2021"), results, **WHERE)
    r = next(i for i, row in enumerate(spec.rows) if len(row) > 2 and str(row[2]).startswith("17.9. "))
    spec.rows[r][3] = "≥ 90%" if number > 10 else None
    if number_format:
        spec.formats[f"E{r + 1}"] = number_format
    result = load(write_xlsx([spec]), catalog)
    row = result.results.set_index("indicator").loc["17.9"]
    assert (row["value"], row["value_num"]) == (shown, number)
    if number == 85.0 or number == 85.5:  # below "≥ 90%" while reported Đạt
        assert "status-value-disagreement" in codes(result)


# --- formulas, empty sheets, trailing rows ------------------------------------------------------------------

def test_formulas_without_a_cached_value_are_named(catalog):
    rows = [HEADER, result_row("1.1", value="=SUM(1,2)"), result_row("1.2", status="=IF(1>0,\"Đạt\",\"\")")]
    result = load(build_xlsx({"KetQua": rows}), catalog)  # openpyxl stores formulas without values
    found = result.problems[result.problems["code"] == "formula-without-value"]
    assert len(found) == 1
    assert found["value"].iloc[0] == "J2, K3" and "J2, K3" in found["message_en"].iloc[0]
    assert "missing-status" in codes(result)  # K3 reads as blank: said so too


def test_empty_sheets_and_trailing_blank_rows(catalog):
    rows = [HEADER, result_row("1.1"), result_row("1.2")] + [[None] * 12] * 40 + [[" "] * 12]
    result = load(build_xlsx({"Trống": [], "KetQua": rows, "Trống 2": [[None, None]]}), catalog)
    assert result.stats.rows_read == 2 and result.stats.rows_skipped == 0
    assert codes(result) == ["missing-indicator"]
    assert_balanced(result)


# --- other file kinds ---------------------------------------------------------------------------------------

def _as_xlsm(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            target.writestr(info, content)
    return out.getvalue()


def test_xlsm(catalog):
    data = _as_xlsm(template_book(assessment_rows(catalog.get("ntm-2021"))))
    assert b"macroEnabled" in zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    result = load(data, catalog)
    assert result.problems.empty and result.stats.rows_used == 57


def test_xls_template(catalog):
    rows = [HEADER, *assessment_rows(catalog.get("ntm-2021"), province="An Giang")]
    result = load(xls_workbook({"KetQua": rows, "Cũ": [["x"]]}, hidden=("Cũ",)), catalog)
    assert result.stats.rows_used == 57
    assert codes(result) == ["hidden-sheet"]


def test_xls_official_form_with_merged_cells(catalog):
    spec = form_sheet("2023", catalog.get("ntm-2021"), assessment(catalog, unmet=("13.2",)), **WHERE)
    merges = []
    for ref in spec.merges:
        first, last = ref.split(":")
        (r0, c0), (r1, c1) = _cell_index(first), _cell_index(last)
        merges.append((r0, r1, c0, c1))
        for r in range(r0, r1 + 1):  # a merged range keeps only its top-left value
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and c < len(spec.rows[r]):
                    spec.rows[r][c] = None
    result = load(xls_workbook({"2023": spec.rows}, merges={"2023": merges}), catalog)
    assert result.problems.empty
    row = score_assessments(result.results, catalog).iloc[0]
    assert (row["criteria_met"], row["indicators_met"]) == (18, 56)
    assert_balanced(result)


def _cell_index(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(ref[len(letters):]) - 1, column - 1


def test_xls_percent_number_is_read_as_the_user_sees_it(catalog):
    """An .xls cell holding 0.95 in a percent format reads as "95%", as in .xlsx: no guess needed."""
    rows = [HEADER, result_row("2.1", value=0.95, target="≥ 90%")]
    result = load(xls_workbook({"KetQua": rows}, percent={"KetQua": {(1, 9)}}), catalog)
    row = result.results.iloc[0]
    assert (row["value"], row["value_num"]) == ("95%", 95.0)
    assert "fraction-read-as-percent" not in codes(result)


def test_sheet_spec_round_trip_keeps_fonts_and_formats():
    data = write_xlsx([SheetSpec("A", [["x", 0.5]], fonts={"A1": ".VnTime"}, formats={"B1": "0%"})])
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data))["A"]
    assert sheet["A1"].font.name == ".VnTime" and sheet["B1"].number_format == "0%"
