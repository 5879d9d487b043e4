"""Workbooks typed in legacy fonts: converted to Unicode, said so, and nothing left garbled."""

from __future__ import annotations

from ntm.legacy_text import leftover
from ntm.scoring import score_assessments
from tests.helpers_biff import xls_workbook
from tests.helpers_layouts import (
    SheetSpec,
    assert_balanced,
    assessment,
    codes,
    encode_sheet,
    form_sheet,
    load,
    to_tcvn3,
    to_vni,
    write_xlsx,
)
from tests.helpers_workbooks import HEADER, result_row

UNMET = ("1.1", "13.2", "17.10")


def _no_mojibake(result) -> None:
    for column in ("province", "district", "commune", "value", "target", "note"):
        values = result.results[column].dropna()
        assert not any(leftover(v) for v in values), column


def _template_rows(encode) -> list[list]:
    rows = [[encode(h) for h in HEADER]]
    rows += [[encode(v) if isinstance(v, str) else v for v in result_row(code, status, province="Khánh Hòa")]
             for code, status in (("1.1", "Đạt"), ("1.2", "Chưa đạt"), ("2.1", "Cơ bản đạt"),
                                  ("7", "Không áp dụng"))]
    return rows


def test_template_typed_in_tcvn3_with_vntime_font(catalog):
    spec = SheetSpec("KetQua", _template_rows(to_tcvn3), fonts={"*": ".VnTime"})
    result = load(write_xlsx([spec]), catalog)
    assert list(result.results["status"]) == ["met", "not_met", "basically_met", "not_applicable"]
    assert set(result.results["commune"]) == {"Khánh Bình"}
    assert set(result.results["province"]) == {"Khánh Hòa"}
    warning = result.problems[result.problems["code"] == "legacy-encoding"].iloc[0]
    assert warning["severity"] == "warning" and warning["sheet"] == "KetQua"
    assert "TCVN3" in warning["message"] and "TCVN3" in warning["message_en"]
    assert ".VnTime" in warning["message"] and ".VnTime" in warning["message_en"]
    assert warning["row"] == 1  # the header row was converted first
    _no_mojibake(result)
    assert_balanced(result)


def test_tcvn3_without_font_information_is_recognised_by_its_characters(catalog):
    spec = SheetSpec("KetQua", _template_rows(to_tcvn3))  # Unicode font: only the characters tell
    result = load(write_xlsx([spec]), catalog)
    assert result.stats.rows_used == 4
    message = result.problems.loc[result.problems["code"] == "legacy-encoding", "message_en"].iloc[0]
    assert "TCVN3" in message and "recognised from its characters" in message
    _no_mojibake(result)


def test_vni_template(catalog):
    spec = SheetSpec("KetQua", _template_rows(to_vni), fonts={"*": "VNI-Times"})
    result = load(write_xlsx([spec]), catalog)
    assert list(result.results["status"]) == ["met", "not_met", "basically_met", "not_applicable"]
    assert set(result.results["commune"]) == {"Khánh Bình"}
    message = result.problems.loc[result.problems["code"] == "legacy-encoding", "message"].iloc[0]
    assert "VNI" in message and "VNI-Times" in message
    _no_mojibake(result)


def test_unicode_cells_in_a_legacy_sheet_are_left_alone(catalog):
    rows = _template_rows(to_tcvn3)
    rows.append(result_row("3.1", "Đạt", commune="Khánh Bình", province="Khánh Hòa"))  # typed in Unicode
    result = load(write_xlsx([SheetSpec("KetQua", rows)]), catalog)
    assert result.stats.rows_used == 5
    assert set(result.results["commune"]) == {"Khánh Bình"}
    assert set(result.results["province"]) == {"Khánh Hòa"}
    # "Ghi chó" holds no tell-tale character, but in this sheet it is the header "Ghi chú".
    assert "extra-column" not in codes(result)


def test_official_form_in_tcvn3_with_an_upper_case_title_font_scores_exactly(catalog):
    results = assessment(catalog, unmet=UNMET)
    spec = form_sheet("2023", catalog.get("ntm-2021"), results, commune="Khánh Bình", year=2023,
                      district="An Phú", province="An Giang")
    encode_sheet(spec, to_tcvn3)
    spec.fonts = {"*": ".VnTime", "A4": ".VnTimeH", "A1": ".VnTimeH"}
    result = load(write_xlsx([spec]), catalog)
    assert result.layout == "official-form"
    assert result.sheets["commune"].iloc[0] == "Khánh Bình" and int(result.sheets["year"].iloc[0]) == 2023
    scored = score_assessments(result.results, catalog).iloc[0]
    assert (scored["criteria_met"], scored["indicators_met"], scored["indicators_total"]) == (16, 54, 57)
    assert [str(c) for c in scored["unmet_indicators"]] == list(UNMET)
    assert set(result.results["district"]) == {"An Phú"} and set(result.results["province"]) == {"An Giang"}
    assert codes(result) == ["legacy-encoding"]
    _no_mojibake(result)


def test_vni_summary_recognised_by_its_characters(catalog):
    from tests.helpers_layouts import summary_sheet
    import pandas as pd

    statuses = pd.DataFrame([{"district": "An Phú", "commune": commune, "criterion": str(c),
                              "status": "not_met" if c == 13 else "met"}
                             for commune in ("Khánh Bình", "Nhơn Hội") for c in range(1, 20)])
    spec = summary_sheet("TH", statuses, [str(c) for c in range(1, 20)], year=2023, district="An Phú",
                         province="An Giang")
    encode_sheet(spec, to_vni)
    result = load(write_xlsx([spec]), catalog)
    assert result.layout == "summary-matrix"
    assert sorted(set(result.results["commune"])) == ["Khánh Bình", "Nhơn Hội"]
    assert set(result.results["district"]) == {"An Phú"}
    scored = score_assessments(result.results, catalog)
    assert list(scored["criteria_met"]) == [18, 18]
    assert "VNI" in result.problems.loc[result.problems["code"] == "legacy-encoding", "message_en"].iloc[0]


def test_xls_in_tcvn3_names_the_font_found_in_the_file(catalog):
    rows = _template_rows(to_tcvn3)
    data = xls_workbook({"KetQua": rows}, font=".VnTime")
    result = load(data, catalog)
    assert list(result.results["status"]) == ["met", "not_met", "basically_met", "not_applicable"]
    message = result.problems.loc[result.problems["code"] == "legacy-encoding", "message"].iloc[0]
    assert "TCVN3" in message and ".VnTime" in message


def test_text_that_cannot_be_converted_reliably_is_reported(catalog):
    rows = [HEADER, result_row("1.1", "Đạt", note="Đã kiểm tra §¹t")]  # Unicode and TCVN3 in one cell
    result = load(write_xlsx([SheetSpec("KetQua", rows)]), catalog)
    found = result.problems[result.problems["code"] == "legacy-text-unconverted"]
    assert len(found) == 1 and found["row"].iloc[0] == 2 and found["column"].iloc[0] == "L"
    assert "L2" in found["message"].iloc[0] and "L2" in found["message_en"].iloc[0]


# --- text without a tell-tale character, in a sheet known to be legacy ----------------------------------

# Results and notes as officials write them: each holds only letters Unicode also has once typed in
# TCVN3 ("Có" → "Cã", "Tốt" → "Tèt", "Số hộ" → "Sè hé") or VNI ("Tốt" → "Toát", "Cơ sở" …).
QUIET = ["Có", "Tốt", "Số hộ", "Hộ nghèo", "Xóm", "Từ năm 2020", "Bộ phận một cửa", "Cơ sở", "Dựng mới"]


def _quiet_form(catalog, encode, *, notes_encoded: bool = True):
    """A form whose results (and, unless ``notes_encoded`` is False, notes) are the QUIET texts,
    everything typed with ``encode`` except the notes when they are kept in Unicode."""
    results = assessment(catalog, unmet=UNMET)
    results["value"] = [QUIET[i % len(QUIET)] for i in range(len(results))]
    results["note"] = [QUIET[(i + 4) % len(QUIET)] for i in range(len(results))]
    spec = form_sheet("2023", catalog.get("ntm-2021"), results, commune="Khánh Bình", year=2023,
                      district="An Phú", province="An Giang")
    note_col = spec.rows[6].index("Ghi chú")
    header_rows = 9
    spec.rows = [[v if not isinstance(v, str) or (r >= header_rows and c == note_col and not notes_encoded)
                  else encode(v) for c, v in enumerate(row)] for r, row in enumerate(spec.rows)]
    return results.set_index("indicator"), spec


def test_tcvn3_words_without_a_tell_tale_character_are_converted_too(catalog):
    expected, spec = _quiet_form(catalog, to_tcvn3)
    assert any(to_tcvn3(t) == "Cã" for t in QUIET) and not any(
        c in to_tcvn3("Tốt Số hộ") for c in "§¹\xad®")  # no tell-tale character in these
    result = load(write_xlsx([spec]), catalog)  # no font information: the characters tell
    got = result.results.set_index("indicator")
    assert [str(v) for v in got["value"]] == list(expected["value"])
    assert [str(v) for v in got["note"]] == list(expected["note"])
    assert codes(result) == ["legacy-encoding"]
    message = result.problems["message_en"].iloc[0]
    assert "TCVN3" in message and "recognised from its characters" in message
    assert "TCVN3" in result.problems["message"].iloc[0]
    _no_mojibake(result)
    assert_balanced(result)


def test_vni_words_without_a_tell_tale_character_are_converted_too(catalog):
    expected, spec = _quiet_form(catalog, to_vni)
    assert to_vni("Tốt") == "Toát"  # a word Unicode has too ("thoát"): only the sheet tells
    result = load(write_xlsx([spec]), catalog)
    got = result.results.set_index("indicator")
    assert [str(v) for v in got["value"]] == list(expected["value"])
    assert [str(v) for v in got["note"]] == list(expected["note"])
    assert codes(result) == ["legacy-encoding"] and "VNI" in result.problems["message_en"].iloc[0]


def test_unicode_text_in_a_legacy_sheet_is_never_converted(catalog):
    # The notes were typed later, in Unicode: "Có", "Xóm", "Cơ sở" in a sheet otherwise in TCVN3.
    expected, spec = _quiet_form(catalog, to_tcvn3, notes_encoded=False)
    result = load(write_xlsx([spec]), catalog)
    got = result.results.set_index("indicator")
    assert [str(v) for v in got["note"]] == list(expected["note"])
    assert [str(v) for v in got["value"]] == list(expected["value"])
    assert "legacy-text-unconverted" not in codes(result)


def test_a_cell_converted_on_the_strength_of_its_column_is_named(catalog):
    # "An Phó" (TCVN3 for "An Phú") reads as Unicode too; its column is TCVN3, so it is converted,
    # and the warning names the cell for the user to check.
    rows = [["BẢNG TỔNG HỢP XÃ NÔNG THÔN MỚI NĂM 2023"],
            [to_tcvn3("STT"), to_tcvn3("Tên xã"), to_tcvn3("Huyện"), *range(1, 20)],
            [1, "Kh¸nh B×nh", "An Phó", *(["§¹t"] * 19)],
            [2, "Nh¬n Héi", "An Phó", *(["§¹t"] * 18), "Ch\xada ®¹t"]]
    result = load(write_xlsx([SheetSpec("TH", rows)]), catalog, province="An Giang")
    assert set(result.results["district"]) == {"An Phú"}
    assert sorted(set(result.results["commune"])) == ["Khánh Bình", "Nhơn Hội"]
    warning = result.problems[result.problems["code"] == "legacy-encoding"].iloc[0]
    assert "C3, C4" in warning["message_en"]
    assert "converted like the rest of their column" in warning["message_en"]
    assert "C3, C4" in warning["message"]


def test_an_xls_whose_font_is_vntime_converts_text_without_tell_tale_characters(catalog):
    # The only legacy text is quiet ("Cã", "Tèt"); the workbook's .VnTime font says it is TCVN3.
    rows = [HEADER] + [result_row(code, "Dat", note=to_tcvn3(note), province="An Giang")
                       for code, note in (("1.1", "Có"), ("1.2", "Tốt"), ("2.1", "Số hộ"))]
    data = xls_workbook({"KetQua": rows}, font=".VnTime")
    result = load(data, catalog)
    assert list(result.results["note"]) == ["Có", "Tốt", "Số hộ"]
    message = result.problems.loc[result.problems["code"] == "legacy-encoding", "message_en"].iloc[0]
    assert "TCVN3" in message and ".VnTime" in message


def test_a_template_with_a_unicode_header_and_tcvn3_names_is_converted(catalog):
    # Names pasted from an old .VnTime file into the downloaded template (Unicode header and statuses).
    names = {"commune": to_tcvn3("Khánh Bình"), "province": to_tcvn3("Khánh Hòa")}
    rows = [HEADER] + [result_row(code, "Đạt", **names) for code in ("1.1", "1.2")]
    result = load(write_xlsx([SheetSpec("KetQua", rows)]), catalog)
    assert set(result.results["commune"]) == {"Khánh Bình"}
    assert set(result.results["province"]) == {"Khánh Hòa"}
    assert "legacy-encoding" in codes(result)
    _no_mojibake(result)
