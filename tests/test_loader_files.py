"""Whole files: what can be passed in, which sheets are read, and files that are not workbooks."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from ntm.errors import NtmError, WorkbookError
from ntm.loaders import load_workbook
from ntm.schema import source_text
from tests.helpers_workbooks import HEADER, HEADER_EN, build_xlsx, result_row, template_book, used_rows

ROWS = [result_row(str(c)) for c in range(1, 20)]  # a complete criterion-level assessment


def _zip_of(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


# --- what can be passed in ----------------------------------------------------------------------------

def test_path_bytes_and_file_objects_give_the_same_results(tmp_path, catalog):
    data = template_book(ROWS)
    path = tmp_path / "xa-khanh-binh.xlsx"
    path.write_bytes(data)
    from_path = load_workbook(path, catalog)
    from_str = load_workbook(str(path), catalog)
    from_bytes = load_workbook(data, catalog, file_name="xa-khanh-binh.xlsx")
    with path.open("rb") as handle:
        from_handle = load_workbook(handle, catalog)
    from_buffer = load_workbook(io.BytesIO(data), catalog, file_name="xa-khanh-binh.xlsx")
    for result in (from_str, from_bytes, from_handle, from_buffer):
        assert result.results.equals(from_path.results)
    assert source_text(from_path.results).iloc[0] == "xa-khanh-binh.xlsx:KetQua:2"


def test_file_name_overrides_the_path_name(tmp_path, catalog):
    path = tmp_path / "upload-123.xlsx"
    path.write_bytes(template_book(ROWS))
    result = load_workbook(path, catalog, file_name="Báo cáo.xlsx")
    assert source_text(result.results).iloc[0] == "Báo cáo.xlsx:KetQua:2"


# --- which sheets are read ------------------------------------------------------------------------------

def test_template_written_by_the_app_reads_only_ketqua_without_sheet_warnings(catalog):
    from ntm.template import write_template

    buffer = io.BytesIO()
    write_template(buffer, "ntm-2026", catalog=catalog)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    for row in range(2, 12):
        book["KetQua"].cell(row, 3, "Khánh Bình")
        book["KetQua"].cell(row, 5, 2026)
        book["KetQua"].cell(row, 11, "Đạt")
    out = io.BytesIO()
    book.save(out)
    result = load_workbook(out.getvalue(), catalog, file_name="f.xlsx")
    assert result.problems.empty
    assert result.stats.rows_used == 10 and set(result.results["criteria_set"]) == {"ntm-2026"}


def test_ketqua_is_read_first_then_other_template_sheets(catalog):
    data = build_xlsx({"Xa2": [HEADER_EN, result_row("1", commune="Khánh Phú")],
                       "KetQua": [HEADER, result_row("1")]})
    result = load_workbook(data, catalog, file_name="f.xlsx")
    assert list(source_text(result.results)) == ["f.xlsx:KetQua:2", "f.xlsx:Xa2:2"]


def test_any_visible_sheet_with_the_header_is_read(catalog):
    result = load_workbook(build_xlsx({"Sheet1": [HEADER, *ROWS]}), catalog, file_name="f.xlsx")
    assert result.stats.rows_used == 19 and result.problems.empty


def test_duplicates_across_sheets_name_both_sheets(catalog):
    data = build_xlsx({"KetQua": [HEADER, *ROWS], "Ban sao": [HEADER, ROWS[0]]})
    result = load_workbook(data, catalog, file_name="f.xlsx")
    problem = result.problems.iloc[0]
    assert (problem["code"], problem["sheet"], problem["row"]) == ("duplicate-result", "Ban sao", 2)
    assert "KetQua" in problem["message"] and "KetQua" in problem["message_en"]
    assert used_rows(result) == list(range(2, 21))


def test_hidden_sheets_are_ignored_with_a_warning(catalog):
    data = build_xlsx({"KetQua": [HEADER, *ROWS], "Cu": [HEADER, result_row("1", year=2022)]}, hidden=("Cu",))
    result = load_workbook(data, catalog, file_name="f.xlsx")
    assert list(result.problems["code"]) == ["hidden-sheet"]
    problem = result.problems.iloc[0]
    assert problem["severity"] == "warning" and problem["sheet"] == "Cu"
    assert "Cu" in problem["message"] and "Cu" in problem["message_en"]
    assert set(result.results["year"]) == {2023}


def test_other_visible_sheets_with_data_are_reported(catalog):
    data = build_xlsx({"KetQua": [HEADER, *ROWS], "Tong hop": [["Tổng số xã", 12]], "Trong": [],
                       "HuongDan": [["Hướng dẫn"]]})
    result = load_workbook(data, catalog, file_name="f.xlsx")
    assert list(result.problems["code"]) == ["unread-sheet"]
    assert result.problems["sheet"].iloc[0] == "Tong hop"


# --- files that are not workbooks ---------------------------------------------------------------------

def _assert_workbook_error(error: WorkbookError, *needles: str) -> None:
    assert isinstance(error, NtmError)
    assert error.message_vi and error.message_en and error.message_vi != error.message_en
    for needle in needles:
        assert needle in error.message_vi and needle in error.message_en


@pytest.mark.parametrize(("content", "what"), [
    (b"Tinh,Xa,Nam\nKhanh Hoa,Khanh Binh,2023\n", "CSV"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "PDF"),
    ("Tỉnh;Xã\n".encode("utf-16"), "UTF-16 text"),
    (_zip_of("hello.txt", "not a workbook"), "zip without a workbook"),
    (template_book(ROWS)[:2000], "truncated xlsx"),
])
def test_not_an_excel_file(catalog, content, what):
    with pytest.raises(WorkbookError) as caught:
        load_workbook(content, catalog, file_name="bao-cao.xlsx")
    _assert_workbook_error(caught.value, "bao-cao.xlsx", ".xlsx")
    assert "Excel" in caught.value.message_vi


def test_zero_byte_file(catalog):
    with pytest.raises(WorkbookError) as caught:
        load_workbook(b"", catalog, file_name="rong.xlsx")
    _assert_workbook_error(caught.value, "rong.xlsx")


def test_empty_workbook(catalog):
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(WorkbookError) as caught:
        load_workbook(buffer.getvalue(), catalog, file_name="trong.xlsx")
    _assert_workbook_error(caught.value, "trong.xlsx", "'Sheet'", "KetQua")


def test_workbook_without_a_recognisable_header(catalog):
    data = build_xlsx({"Bao cao": [["STT", "Tên xã", "Số tiêu chí đạt"], [1, "Khánh Bình", 16]]})
    with pytest.raises(WorkbookError) as caught:
        load_workbook(data, catalog, file_name="tong-hop.xlsx")
    # It says what was looked for, and where.
    _assert_workbook_error(caught.value, "tong-hop.xlsx", "'Bao cao'", "30")
    assert "Mã chỉ tiêu" in caught.value.message_vi and "Indicator code" in caught.value.message_en


def test_header_below_row_30_is_not_looked_for(catalog):
    data = build_xlsx({"KetQua": [["tiêu đề"]] * 30 + [HEADER, ROWS[0]]})
    with pytest.raises(WorkbookError):
        load_workbook(data, catalog, file_name="f.xlsx")


def test_only_a_hidden_template_sheet(catalog):
    data = build_xlsx({"Bia": [["Báo cáo NTM"]], "KetQua": [HEADER, *ROWS]}, hidden=("KetQua",))
    with pytest.raises(WorkbookError) as caught:
        load_workbook(data, catalog, file_name="f.xlsx")
    assert "'KetQua' (ẩn)" in caught.value.message_vi and "'KetQua' (hidden)" in caught.value.message_en


def test_a_summary_sheet_is_not_taken_for_a_broken_template(catalog):
    # Tỉnh, Huyện, Xã, Năm but no indicator code or status column: another layout, not our template.
    summary = [["Tỉnh", "Huyện", "Xã", "Năm", "Tiêu chí 1", "Tiêu chí 2"],
               ["Khánh Hòa", "", "Khánh Bình", 2023, "x", ""]]
    data = build_xlsx({"KetQua": [HEADER, *ROWS], "Tong hop": summary})
    result = load_workbook(data, catalog, file_name="f.xlsx")
    assert list(result.problems["code"]) == ["unread-sheet"]
    assert result.stats.rows_used == 19
