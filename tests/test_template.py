"""The template writer: sheets, header, prefilled rows, text codes, drop-downs, guide and catalog."""

from __future__ import annotations

from io import BytesIO

import openpyxl
import pandas as pd
import pytest

from ntm.schema import results_frame
from ntm.template import TEMPLATE_COLUMNS, write_template

HEADER_VI = ["Tỉnh", "Huyện", "Xã", "Mã xã", "Năm", "Bộ tiêu chí", "Mã chỉ tiêu", "Nội dung chỉ tiêu",
             "Chỉ tiêu đạt chuẩn", "Kết quả", "Đánh giá", "Ghi chú", "Nhóm xã"]


def _written(catalog, set_id="ntm-2021", **kwargs) -> openpyxl.Workbook:
    buffer = BytesIO()
    write_template(buffer, catalog.get(set_id), catalog=catalog, **kwargs)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


@pytest.fixture(scope="module")
def book_2021(catalog):
    return _written(catalog)


def test_sheets_in_order(book_2021):
    assert book_2021.sheetnames == ["KetQua", "HuongDan", "DanhMuc"]


def test_header_is_exactly_the_thirteen_names(book_2021):
    sheet = book_2021["KetQua"]
    assert [c.value for c in sheet[1]] == HEADER_VI
    assert [c.vi for c in TEMPLATE_COLUMNS] == HEADER_VI
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:M")


def test_prefilled_block_has_one_row_per_indicator_with_text_codes(book_2021, catalog):
    sheet = book_2021["KetQua"]
    rows = list(sheet.iter_rows(min_row=2))
    codes = [r[6].value for r in rows]
    assert codes == list(catalog.get("ntm-2021").indicators["indicator"])
    assert len(codes) == 57 and "17.10" in codes and "5" in codes
    for row in rows:
        assert isinstance(row[6].value, str) and row[6].number_format == "@"
        assert row[5].value == "NTM 2021-2025"
        assert row[7].value  # the indicator's wording
        assert all(row[i].value is None for i in (0, 1, 2, 3, 4, 9, 10, 11))
    targets = {r[6].value: r[8].value for r in rows}
    assert targets["3.1"] == "≥ 80%" and targets["1.1"] == "Đạt" and targets["2.2"] is None
    # Codes the user types later stay text too: the whole column is formatted as text.
    assert sheet.column_dimensions["G"].number_format == "@"


def test_validations_on_status_and_set_allow_blanks_and_cover_many_rows(book_2021):
    sheet = book_2021["KetQua"]
    by_column = {str(v.sqref).split(":")[0][0]: v for v in sheet.data_validations.dataValidation}
    assert set(by_column) == {"K", "F", "M"}
    guide = book_2021["HuongDan"]

    def listed(validation):
        ref = validation.formula1.split("!")[1].replace("$", "")
        return [c.value for row in guide[ref] for c in row]

    status, criteria_set = by_column["K"], by_column["F"]
    assert listed(status) == ["Đạt", "Cơ bản đạt", "Chưa đạt", "Không áp dụng"]
    assert {"NTM 2021-2025", "ntm-2021", "NTM nâng cao 2021-2025", "ntm-nc-2021", "NTM 2026-2030",
            "ntm-2026"} <= set(listed(criteria_set))
    for validation in (status, criteria_set):
        assert validation.type == "list" and validation.allow_blank
        assert validation.showErrorMessage and validation.error and validation.errorTitle
        assert str(validation.sqref).endswith("5000")
    assert "Đạt" in status.error


def test_the_commune_group_column_offers_1_2_3_with_a_vietnamese_note(book_2021):
    sheet = book_2021["KetQua"]
    group = next(v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith("M2"))
    assert group.type == "list" and group.formula1 == '"1,2,3"' and group.allow_blank
    assert str(group.sqref).endswith("5000")
    assert group.showInputMessage and group.promptTitle == "Nhóm xã" and "2026–2030" in group.prompt
    assert group.showErrorMessage and "1, 2 hoặc 3" in group.error
    guide = [c.value for row in book_2021["HuongDan"].iter_rows() for c in row if c.value]
    assert "6. Nhóm xã (bộ tiêu chí 2026–2030)" in guide


def test_groups_are_written_on_every_row_of_their_assessment(catalog):
    rows = [{"province": "An Giang", "commune": commune, "year": 2026, "criteria_set": "ntm-2026",
             "criterion": str(c), "status": "met"} for commune in ("Khánh Bình", "Mỹ Đức") for c in (1, 2)]
    groups = pd.DataFrame([{"province": "An Giang", "district": None, "commune": "Khánh Bình",
                            "commune_code": None, "year": 2026, "criteria_set": "ntm-2026", "commune_group": 3}])
    book = _written(catalog, "ntm-2026", results=results_frame(rows), groups=groups)
    sheet = book["KetQua"]
    assert sheet["M1"].value == "Nhóm xã"
    assert [(sheet[f"C{r}"].value, sheet[f"M{r}"].value) for r in range(2, 6)] == [
        ("Khánh Bình", 3), ("Khánh Bình", 3), ("Mỹ Đức", None), ("Mỹ Đức", None)]


def test_catalog_sheet_lists_57_indicators_with_confidence(book_2021):
    sheet = book_2021["DanhMuc"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if r[:2] == ["criterion", "criterion_name_vi"])
    assert rows[header_at] == ["criterion", "criterion_name_vi", "indicator", "indicator_name_vi",
                               "indicator_name_en", "unit", "comparator", "target", "confidence"]
    indicators = [r for r in rows[header_at + 1:] if r[2]]
    assert len(indicators) == 57
    assert all(r[8] for r in indicators), "every row shows its confidence"
    meta = {r[0]: r[1] for r in rows[:header_at] if r[0]}
    assert meta["Mã bộ"] == "ntm-2021" and meta["Số chỉ tiêu"] == 57 and meta["Số tiêu chí"] == 19
    assert "318" in meta["Căn cứ pháp lý"] and meta["Danh mục chỉ tiêu đầy đủ?"] == "Có"


def test_guide_explains_every_column_statuses_and_codes(book_2021):
    text = "\n".join(str(c.value) for row in book_2021["HuongDan"].iter_rows() for c in row if c.value)
    rows = [[c.value for c in row] for row in book_2021["HuongDan"].iter_rows()]
    explained = {r[0]: r for r in rows if r[0] in HEADER_VI}
    assert set(explained) == set(HEADER_VI)
    assert all(r[1] and r[3] for r in explained.values())  # meaning and required?
    assert explained["Xã"][3] == "Bắt buộc" and explained["Ghi chú"][3] == "Không bắt buộc"
    for needle in ("mẫu số", '"17.10"', '"5"', "cấp tiêu chí", "một dòng cho mỗi chỉ tiêu", "Không áp dụng"):
        assert needle in text


def test_set_without_known_indicators_gets_one_row_per_criterion(catalog):
    sheet = _written(catalog, "ntm-2026")["KetQua"]
    codes = [r[6].value for r in sheet.iter_rows(min_row=2)]
    assert codes == [str(n) for n in range(1, 11)]
    assert sheet["H2"].value == "Tiêu chí 1: Quy hoạch"
    meta = {r[0].value: r[1].value for r in _written(catalog, "ntm-2026")["DanhMuc"].iter_rows(max_row=8)}
    assert meta["Danh mục chỉ tiêu đầy đủ?"].startswith("Chưa")


def test_partly_known_set_mixes_indicator_and_criterion_rows(catalog):
    sheet = _written(catalog, "ntm-nc-2021")["KetQua"]
    codes = [r[6].value for r in sheet.iter_rows(min_row=2)]
    assert codes[:5] == ["1.1", "1.2", "1.3", "2.1", "3"]
    assert "11" in codes and "17.12" in codes


def test_results_fill_the_sheet(catalog):
    results = results_frame([
        {"province": "Khánh Hòa", "commune": "Khánh Bình", "commune_code": "022480", "year": 2023,
         "criteria_set": "ntm-2021", "criterion": "17", "indicator": "17.10", "value": "85",
         "value_num": 85.0, "target": "≥ 90%", "status": "met", "note": "ghi chú"},
        {"province": "Khánh Hòa", "commune": "Khánh Bình", "year": 2024, "criteria_set": "ntm-nc-2021",
         "criterion": "3", "indicator": pd.NA, "value": "85,5", "status": "missing"},
        {"province": "Khánh Hòa", "commune": "Khánh Bình", "year": 2024, "criteria_set": "ntm-2021",
         "criterion": "1", "indicator": "1.1", "status": "not_applicable"},
    ])
    sheet = _written(catalog, results=results)["KetQua"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0] == ["Khánh Hòa", None, "Khánh Bình", "022480", 2023, "NTM 2021-2025", "17.10",
                       rows[0][7], "≥ 90%", 85, "Đạt", "ghi chú", None]
    assert rows[0][7]  # wording from the catalog
    assert rows[1][5:8] == ["NTM nâng cao 2021-2025", "3", rows[1][7]] and rows[1][7].startswith("Tiêu chí 3")
    assert rows[1][9] == "85,5" and rows[1][10] is None
    assert rows[2][10] == "Không áp dụng"
    assert sheet["G2"].number_format == "@" and sheet["D2"].number_format == "@"
    assert len(rows) == 3


def test_english_template_uses_english_headers(catalog):
    book = _written(catalog, lang="en")
    assert [c.value for c in book["KetQua"][1]] == [c.en for c in TEMPLATE_COLUMNS]
    assert book.sheetnames == ["KetQua", "HuongDan", "DanhMuc"]


def test_writes_to_a_path(tmp_path, catalog):
    path = tmp_path / "mau.xlsx"
    write_template(path, "ntm-2021", catalog=catalog)
    assert openpyxl.load_workbook(path).sheetnames[0] == "KetQua"


def test_results_that_read_differently_as_numbers_stay_text(catalog):
    results = results_frame([{"commune": "Khánh Bình", "year": 2023, "criteria_set": "ntm-2021",
                              "criterion": "10", "indicator": "10", "value": value, "status": "met"}
                             for value in ("1.500", "85.5", "85", "0.85", "85,5")])
    sheet = _written(catalog, results=results)["KetQua"]
    # "1.500" is 1500 the Vietnamese way; writing it as the number 1.5 would change it.
    assert [sheet.cell(r, 10).value for r in range(2, 7)] == ["1.500", 85.5, 85, 0.85, "85,5"]
