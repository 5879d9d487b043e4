"""User-supplied criteria sets as workbooks: reading, writing, round trips and broken variants."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata

import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import ntm.catalog
from ntm.catalog import SET_COLUMNS, Catalog, build_set
from ntm.catalog.workbook import (
    INDICATOR_SHEET,
    SET_SHEET,
    USER_CONFIDENCE,
    read_set_workbook,
    write_set_workbook,
)
from ntm.errors import CatalogError, WorkbookError
from tests.conftest import ROOT

VI_HEADER = ["TT tiêu chí", "Tên tiêu chí", "Mã chỉ tiêu", "Nội dung chỉ tiêu", "Đơn vị",
             "Chỉ tiêu đạt chuẩn", "Độ tin cậy", "Nguồn", "Ghi chú"]


def make_workbook(meta: list[tuple[object, object]] | None, rows: list[list[object]] | None,
                  header: list[str] = VI_HEADER, *, title_rows: int = 0, sheets=(SET_SHEET, INDICATOR_SHEET),
                  code_format: str | None = None) -> bytes:
    """A set workbook built in memory: key/value rows on BoTieuChi, header + rows on ChiTieu."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    if meta is not None and sheets[0]:
        sheet = workbook.create_sheet(sheets[0])
        for key, value in meta:
            sheet.append([key, value])
    if rows is not None and sheets[1]:
        sheet = workbook.create_sheet(sheets[1])
        for i in range(title_rows):
            sheet.append([f"Dòng tiêu đề {i + 1}: BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI"])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
            if code_format:
                sheet.cell(sheet.max_row, header.index("Mã chỉ tiêu") + 1).number_format = code_format
    if not workbook.sheetnames:
        workbook.create_sheet("Sheet1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def structure_rows(structure: dict[int, int], *, target: str = "Đạt") -> list[list[object]]:
    """Rows with Vietnamese columns for criteria → number of indicators (1 → a bare code)."""
    rows = []
    for crit, n in structure.items():
        codes = [str(crit)] if n == 1 else [f"{crit}.{i}" for i in range(1, n + 1)]
        for code in codes:
            rows.append([str(crit), f"Tiêu chí {crit}", code, f"Chỉ tiêu {code}", "", target, "", "", ""])
    return rows


def meta_rows(set_id: str, n_criteria: int, n_indicators: int | None, **extra) -> list[tuple[object, object]]:
    rows = [("Mã bộ", set_id), ("Tên bộ", f"Bộ tiêu chí {set_id}"), ("Căn cứ pháp lý", "QĐ 1261/QĐ-UBND"),
            ("Số tiêu chí", n_criteria)]
    if n_indicators is not None:
        rows.append(("Số chỉ tiêu", n_indicators))
    rows += list(extra.items())
    return rows


COUNTS_2021 = {1: 2, 2: 4, 3: 2, 4: 2, 5: 1, 6: 3, 7: 1, 8: 4, 9: 2, 10: 1, 11: 1, 12: 1, 13: 5, 14: 3,
               15: 5, 16: 1, 17: 11, 18: 6, 19: 2}


# --- round trips ----------------------------------------------------------------------------

@pytest.mark.parametrize("set_id", ["ntm-2021", "ntm-2016", "ntm-nc-2021", "ntm-2026"])
def test_round_trip_of_every_shipped_set(catalog, set_id, tmp_path):
    original = catalog.get(set_id)
    path = tmp_path / f"{set_id}.xlsx"
    write_set_workbook(original, path)
    read = read_set_workbook(path)
    assert read.origin == f"tệp {set_id}.xlsx"
    for field_name in SET_COLUMNS:
        assert getattr(read, field_name) == getattr(original, field_name), field_name
    assert_frame_equal(read.rows, original.rows)


def test_round_trip_ntm_2021_keeps_codes_names_and_counts(catalog):
    original = catalog.get("ntm-2021")
    buffer = io.BytesIO()
    write_set_workbook(original, buffer)
    read = read_set_workbook(buffer.getvalue(), file_name="ntm-2021.xlsx")
    assert read.indicator_codes == original.indicator_codes and len(read.indicator_codes) == 57
    assert (read.criteria_count, read.indicator_count) == (19, 57)
    assert list(read.indicators["indicator_name_vi"]) == list(original.indicators["indicator_name_vi"])
    assert list(read.criteria["indicators"]) == list(COUNTS_2021.values())


def test_writer_keeps_codes_as_text_cells(catalog, tmp_path):
    path = tmp_path / "set.xlsx"
    write_set_workbook(catalog.get("ntm-2021"), path)
    sheet = openpyxl.load_workbook(path)[INDICATOR_SHEET]
    header = [cell.value for cell in sheet[1]]
    column = header.index("Mã chỉ tiêu (indicator)") + 1
    cells = {sheet.cell(r, column).value: sheet.cell(r, column) for r in range(2, sheet.max_row + 1)}
    assert cells["17.10"].data_type == "s" and cells["17.10"].number_format == "@"
    assert "17.1" in cells and "17.10" in cells


def test_writer_keeps_text_that_starts_with_an_equals_sign(tmp_path):
    rows = pd.DataFrame({"criterion": ["6"], "criterion_name_vi": ["Văn hóa"], "indicator": ["6"],
                         "indicator_name_vi": ["Nhà văn hóa"], "comparator": ["="], "target": ["=100%"]})
    original = build_set({"id": "eq", "criteria_count": 1, "indicator_count": 1}, rows)
    path = tmp_path / "eq.xlsx"
    write_set_workbook(original, path)
    sheet = openpyxl.load_workbook(path)[INDICATOR_SHEET]
    assert {cell.value: cell.data_type for cell in sheet[2]}["=100%"] == "s"  # not a formula
    assert read_set_workbook(path).indicators["target"].item() == "=100%"


def test_writer_writes_the_three_sheets_with_bilingual_labels(catalog, tmp_path):
    path = tmp_path / "set.xlsx"
    write_set_workbook(catalog.get("ntm-nc-2021"), path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [SET_SHEET, INDICATOR_SHEET, "HuongDan"]
    keys = [row[0].value for row in workbook[SET_SHEET].iter_rows(min_row=2)]
    assert keys[0] == "Mã bộ (id)" and "Số chỉ tiêu (indicator_count)" in keys
    values = {row[0].value: row[1].value for row in workbook[SET_SHEET].iter_rows(min_row=2)}
    assert values["Số chỉ tiêu (indicator_count)"] == 75
    assert values["Đủ danh sách chỉ tiêu (indicators_complete)"] == "không"


# --- province variants ----------------------------------------------------------------------

def test_a_province_variant_with_extra_indicators_registers_and_resolves(fresh_catalog):
    structure = {**COUNTS_2021, 13: 6, 17: 12, 19: 3}  # three provincial indicators: 60 in all
    rows = structure_rows(structure)
    rows[0][5] = "≥ 95%"  # the province's own threshold
    data = make_workbook(meta_rows("ntm-2021-angiang", 19, 60, **{"Tên gọi khác": "NTM An Giang 2021-2025; QĐ 1261"}),
                         rows)
    variant = read_set_workbook(data, file_name="an-giang.xlsx")
    assert (variant.criteria_count, variant.indicator_count, variant.indicators_complete) == (19, 60, True)
    assert len(variant.indicator_codes) == 60 and {"13.6", "17.12", "19.3", "17.10"} <= variant.indicator_codes
    assert variant.indicators.loc[variant.indicators["indicator"] == "1.1", "target"].item() == "≥ 95%"
    assert variant.origin == "tệp an-giang.xlsx"
    assert variant.legal_basis == "QĐ 1261/QĐ-UBND"

    fresh_catalog.add(variant)
    assert fresh_catalog.get("ntm-2021-angiang") is variant
    assert fresh_catalog.get("ntm an giang 2021 - 2025") is variant
    assert fresh_catalog.get("NTM AN GIANG 2021–2025") is variant
    assert fresh_catalog.get("qđ 1261") is variant
    assert fresh_catalog.get("ntm-2021").indicator_count == 57  # the national set is still there


def test_a_75_indicator_advanced_variant(fresh_catalog):
    structure = {1: 3, 2: 5, 3: 4, 4: 2, 5: 4, 6: 3, 7: 2, 8: 4, 9: 2, 10: 1, 11: 1, 12: 2, 13: 5, 14: 4,
                 15: 4, 16: 3, 17: 12, 18: 10, 19: 4}
    assert sum(structure.values()) == 75
    meta = meta_rows("ntm-nc-2021-angiang", 19, 75, **{"Tên bộ": "NTM nâng cao An Giang",
                                                        "Họ bộ tiêu chí": "ntm-nc"})
    variant = read_set_workbook(make_workbook(meta, structure_rows(structure)), file_name="nc.xlsx")
    assert len(variant.indicator_codes) == 75 and variant.family == "ntm-nc"
    seed = {"1.1", "1.2", "1.3", "11", "13.5", "14.1", "14.2", "14.3", "16.2", "17.2", "17.6", "17.12"}
    assert seed <= variant.indicator_codes
    fresh_catalog.add(variant)
    assert fresh_catalog.resolve("NTM NÂNG CAO AN GIANG") == "ntm-nc-2021-angiang"


def test_blank_confidence_and_source_are_marked_user_supplied():
    rows = structure_rows({1: 2})
    rows[1][6] = "cao (high)"
    variant = read_set_workbook(make_workbook(meta_rows("x", 1, 2), rows), file_name="x.xlsx")
    assert list(variant.rows["confidence"]) == [USER_CONFIDENCE, "cao (high)"]
    assert set(variant.rows["source"]) == {"tệp x.xlsx"}


@pytest.mark.parametrize(
    "keys",
    [
        ["id", "name_vi", "legal_basis", "criteria_count", "indicator_count"],
        ["Mã bộ", "Tên bộ", "Căn cứ pháp lý", "Số tiêu chí", "Số chỉ tiêu"],
        ["MÃ BỘ:", "tên bộ", "CĂN CỨ PHÁP LÝ", "số tiêu chí", "Tổng số chỉ tiêu"],
        [unicodedata.normalize("NFD", k) for k in ["Mã bộ", "Tên bộ", "Căn cứ pháp lý", "Số tiêu chí", "Số chỉ tiêu"]],
        ["Mã bộ (id)", "Tên bộ (name_vi)", "Căn cứ pháp lý (legal_basis)", "Số tiêu chí (criteria_count)",
         "Số chỉ tiêu (indicator_count)"],
    ],
)
def test_metadata_keys_in_english_or_vietnamese(keys):
    meta = list(zip(keys, ["tinh-x", "Bộ tỉnh X", "QĐ 1/QĐ-UBND", 2, 3]))
    variant = read_set_workbook(make_workbook(meta, structure_rows({1: 2, 2: 1})))
    assert (variant.id, variant.name_vi, variant.legal_basis) == ("tinh-x", "Bộ tỉnh X", "QĐ 1/QĐ-UBND")
    assert (variant.criteria_count, variant.indicator_count) == (2, 3)


def test_english_headers_and_a_title_above_the_header():
    header = ["criterion", "criterion_name_vi", "indicator", "indicator_name_vi", "target", "confidence"]
    rows = [["1", "Quy hoạch", "1.1", "Quy hoạch chung", "Đạt", "cao"],
            ["1", "Quy hoạch", "1.2", "Quy chế quản lý", "Đạt", "cao"]]
    variant = read_set_workbook(make_workbook(meta_rows("en", 1, 2), rows, header, title_rows=3))
    assert variant.indicator_codes == {"1.1", "1.2"}
    assert variant.criterion_name("1") == "Quy hoạch"


def test_form_style_criterion_headings_and_blank_criterion_cells():
    # As in the official forms: a criterion row, then indicator rows whose criterion cell is empty.
    rows = [
        ["Tiêu chí 1", "Quy hoạch", "", "", "", "", "", "", "Tỉnh quy định"],
        ["", "", "1.1", "Quy hoạch chung", "", "Đạt", "", "", ""],
        ["", "", "1.2", "Quy chế quản lý", "", "Đạt", "", "", ""],
        ["TC số 2", "Giao thông", "", "", "", "", "", "", ""],  # a criterion whose indicators are unknown
        [3, "Thủy lợi", 3, "Tưới tiêu", "%", "≥ 80%", "", "", ""],
    ]
    variant = read_set_workbook(make_workbook(meta_rows("form", 3, 10, **{"Đủ danh sách chỉ tiêu": "không"}), rows))
    assert variant.criterion_codes == ("1", "2", "3")
    assert variant.indicator_codes == {"1.1", "1.2", "3"}
    assert variant.criterion_name("1") == "Quy hoạch"
    first = variant.indicators.iloc[0]
    assert first["criterion_name_vi"] == "Quy hoạch" and "Tỉnh quy định" in first["notes"]
    assert list(variant.criteria["indicators"]) == [2, 0, 1]


def test_sheet_names_match_without_case_or_diacritics():
    data = make_workbook(meta_rows("s", 1, 2), structure_rows({1: 2}), sheets=("Bộ tiêu chí", "chi_tieu"))
    assert read_set_workbook(data).indicator_codes == {"1.1", "1.2"}


def test_source_as_path_and_as_file_object(tmp_path):
    data = make_workbook(meta_rows("p", 1, 2), structure_rows({1: 2}))
    path = tmp_path / "tinh-p.xlsx"
    path.write_bytes(data)
    assert read_set_workbook(path).origin == "tệp tinh-p.xlsx"
    assert read_set_workbook(str(path), file_name="khác.xlsx").origin == "tệp khác.xlsx"
    with path.open("rb") as fh:
        assert read_set_workbook(fh).origin == "tệp tinh-p.xlsx"  # a file object's own name
    assert read_set_workbook(io.BytesIO(data)).id == "p"


# --- codes typed as numbers -----------------------------------------------------------------

def test_codes_typed_as_numbers_are_fine_when_unambiguous():
    rows = [[1, "Quy hoạch", 1.1, "a", "", "", "", "", ""], [1, "Quy hoạch", 1.2, "b", "", "", "", "", ""],
            [5, "Trường học", 5, "c", "", "", "", "", ""]]
    variant = read_set_workbook(make_workbook(meta_rows("num", 2, 3), rows))
    assert variant.indicator_codes == {"1.1", "1.2", "5"}


@pytest.mark.parametrize(
    "codes",
    [
        [17.1, 17.2, 17.3, 17.4, 17.5, 17.6, 17.7, 17.8, 17.9, 17.1, 17.11],  # 17.10 became 17.1
        [17.1, 17.2, 17.11],  # 17.10 missing: the numbers skip
    ],
)
def test_codes_typed_as_numbers_that_collide_or_skip_ask_for_text(codes):
    rows = [[17, "Môi trường", code, f"c{i}", "", "", "", "", ""] for i, code in enumerate(codes)]
    data = make_workbook(meta_rows("amb", 1, len(codes)), rows, code_format="0.00")
    with pytest.raises(CatalogError) as info:
        read_set_workbook(data, file_name="amb.xlsx")
    assert "17" in info.value.message_vi and "Text" in info.value.message_vi
    assert "as text" in info.value.message_en


def test_codes_typed_as_text_may_skip():
    rows = [[17, "Môi trường", code, "c", "", "", "", "", ""] for code in ["17.2", "17.6", "17.12"]]
    variant = read_set_workbook(make_workbook(meta_rows("t", 1, 75, **{"Đủ danh sách chỉ tiêu": "không"}), rows))
    assert variant.indicator_codes == {"17.2", "17.6", "17.12"}


# --- broken variants ------------------------------------------------------------------------

def test_duplicate_code():
    rows = structure_rows({1: 2, 2: 1}) + [["1", "Quy hoạch", "1.2", "again", "", "", "", "", ""]]
    with pytest.raises(CatalogError) as info:
        read_set_workbook(make_workbook(meta_rows("dup", 2, 4), rows), file_name="dup.xlsx")
    assert "mã chỉ tiêu trùng: 1.2" in info.value.message_vi
    assert "duplicate indicator codes: 1.2" in info.value.message_en
    assert "tệp dup.xlsx" in info.value.message_vi


def test_orphan_indicator_under_the_wrong_criterion():
    rows = structure_rows({1: 2, 2: 1}) + [["1", "Quy hoạch", "3.1", "lạc chỗ", "", "", "", "", ""]]
    with pytest.raises(CatalogError) as info:
        read_set_workbook(make_workbook(meta_rows("orphan", 2, 4), rows))
    assert "3.1→1" in info.value.message_vi and "filed under another criterion" in info.value.message_en


@pytest.mark.parametrize(
    ("declared_criteria", "declared_indicators", "vi", "en"),
    [
        (19, 59, "có 60 chỉ tiêu, khai báo 59", "60 indicators found, 59 declared"),
        (20, 60, "có 19 tiêu chí, khai báo 20", "19 criteria found, 20 declared"),
    ],
)
def test_counts_that_disagree(declared_criteria, declared_indicators, vi, en):
    structure = {**COUNTS_2021, 13: 6, 17: 12, 19: 3}
    data = make_workbook(meta_rows("counts", declared_criteria, declared_indicators), structure_rows(structure))
    with pytest.raises(CatalogError) as info:
        read_set_workbook(data)
    assert vi in info.value.message_vi and en in info.value.message_en


@pytest.mark.parametrize(
    ("meta", "rows", "missing"),
    [
        (meta_rows("m", 1, 2), None, INDICATOR_SHEET),
        (None, structure_rows({1: 2}), SET_SHEET),
    ],
)
def test_missing_sheet(meta, rows, missing):
    with pytest.raises(WorkbookError) as info:
        read_set_workbook(make_workbook(meta, rows), file_name="thieu.xlsx")
    assert missing in info.value.message_vi and missing in info.value.message_en
    assert "thieu.xlsx" in info.value.message_vi
    assert f"{SET_SHEET} và {INDICATOR_SHEET}" in info.value.message_vi


@pytest.mark.parametrize(
    "data",
    [b"This is not a workbook", "Mã bộ,Tên bộ\nx,y\n".encode("utf-8"), b"", b"PK\x03\x04broken zip"],
)
def test_not_an_excel_file(data):
    with pytest.raises(WorkbookError) as info:
        read_set_workbook(data, file_name="bo-tieu-chi.csv")
    assert "không phải là tệp Excel" in info.value.message_vi
    assert "not a readable Excel workbook" in info.value.message_en
    assert "bo-tieu-chi.csv" in info.value.message_vi


def test_a_path_that_does_not_exist(tmp_path):
    with pytest.raises(WorkbookError, match="Không mở được"):
        read_set_workbook(tmp_path / "khong-co.xlsx")


def test_no_header_row():
    data = make_workbook(meta_rows("h", 1, 2), [["1", "a"]], header=["Cột 1", "Cột 2"])
    with pytest.raises(WorkbookError) as info:
        read_set_workbook(data)
    assert "Mã chỉ tiêu" in info.value.message_vi and "header row" in info.value.message_en


def test_unknown_metadata_key_is_not_ignored():
    meta = meta_rows("k", 1, 2) + [("Số chỉ têu", 75)]  # a typo that would otherwise be lost
    with pytest.raises(CatalogError) as info:
        read_set_workbook(make_workbook(meta, structure_rows({1: 2})))
    assert "Số chỉ têu" in info.value.message_vi and "A6" in info.value.message_en


def test_a_row_without_criterion_or_code_is_reported_with_its_excel_row():
    rows = structure_rows({1: 2}) + [["Tổng cộng", "", "", "2 chỉ tiêu", "", "", "", "", ""]]
    with pytest.raises(CatalogError) as info:
        read_set_workbook(make_workbook(meta_rows("t", 1, 2), rows))
    assert "dòng 4" in info.value.message_vi and "Tổng cộng" in info.value.message_vi


def test_a_count_that_is_not_a_number():
    meta = meta_rows("n", 1, None) + [("Số chỉ tiêu", "hai mươi")]
    with pytest.raises(CatalogError) as info:
        read_set_workbook(make_workbook(meta, structure_rows({1: 2})), file_name="n.xlsx")
    assert "hai mươi" in info.value.message_vi and "tệp n.xlsx" in info.value.message_vi


def test_a_set_without_an_id():
    meta = [("Tên bộ", "Không mã"), ("Số tiêu chí", 1)]
    with pytest.raises(CatalogError, match="thiếu mã bộ"):
        read_set_workbook(make_workbook(meta, structure_rows({1: 2})))


# --- packaging ------------------------------------------------------------------------------

def test_reader_and_writer_are_reachable_from_ntm_catalog():
    assert ntm.catalog.read_set_workbook is read_set_workbook
    assert ntm.catalog.write_set_workbook is write_set_workbook
    with pytest.raises(AttributeError):
        ntm.catalog.no_such_function  # noqa: B018


def test_importing_ntm_catalog_does_not_import_the_workbook_module():
    code = "import sys, ntm.catalog; print('ntm.catalog.workbook' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_user_set_in_a_catalog_of_its_own():
    data = make_workbook(meta_rows("rieng", 1, 2, **{"Tên gọi khác": "Bộ riêng"}), structure_rows({1: 2}))
    catalog = Catalog([read_set_workbook(data)])
    assert catalog.get("bo rieng").id == "rieng"
    assert isinstance(catalog.get("rieng").rows, pd.DataFrame)
