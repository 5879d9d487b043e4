"""Exports: the .xlsx opened with openpyxl (header, frozen pane, autofilter, numbers, status colours,
metadata), the .csv read back with pandas (BOM, no sep= line, Vietnamese text, formula injection),
readable tables, and the commune report."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ntm.export import (
    ExportError,
    commune_report_xlsx,
    criteria_table,
    export_csv,
    export_kind,
    export_metadata,
    export_table,
    export_xlsx,
    gaps_table,
    neutralise,
    results_table,
    scores_table,
    with_unit_columns,
)
from ntm.export import writers
from ntm.palette import STATUS_COLORS
from ntm.scoring import criterion_results, indicator_gaps, score_assessments
from tests.test_scoring_helpers import criterion_rows, frame, indicator_rows

PLACE = {"province": "An Giang", "district": "An Phú", "commune_code": None}
NOON = dt.datetime(2026, 3, 5, 14, 3, tzinfo=writers.VIETNAM_TIME)


@pytest.fixture(scope="module")
def scored(catalog):
    """Khánh Bình 2023 and 2025 (ntm-2021) and 2026 (ntm-2026, criterion level), Khánh An 2025."""
    ntm = catalog.get("ntm-2021")
    results = frame(
        indicator_rows(ntm, {"1.1": "not_met", "15.1": "basically_met", "17.2": None}, year=2023,
                       commune="Khánh Bình", **PLACE),
        indicator_rows(ntm, {"7": "not_applicable"}, year=2025, commune="Khánh Bình", **PLACE),
        indicator_rows(ntm, {"13.1": "not_met"}, year=2025, commune="Khánh An", **PLACE),
        criterion_rows({str(c): "met" for c in range(1, 11)}, "ntm-2026", year=2026, commune="Khánh Bình",
                       province="An Giang", district=None, commune_code=None),
    )
    odd_values = ["Đường bê tông hóa 93,4%", "=cmd|' /C calc'!A0"]
    results["value"] = results["value"].cat.add_categories(odd_values)  # a categorical column
    results.loc[results.index[:2], "value"] = odd_values
    return {"results": results, "scores": score_assessments(results, catalog),
            "criteria": criterion_results(results, catalog), "gaps": indicator_gaps(results, catalog)}


def _open(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def _fill(cell) -> str:
    return "#" + cell.fill.fgColor.rgb[-6:].upper()


# --- CSV ------------------------------------------------------------------------------------------

def test_csv_starts_with_the_bom_has_no_sep_line_and_round_trips_vietnamese(scored):
    table = results_table(scored["results"])
    raw = export_csv(table)
    assert raw.startswith(b"\xef\xbb\xbf")
    first_line = raw[3:].split(b"\r\n", 1)[0].decode("utf-8")
    assert not first_line.lower().startswith("sep=")
    assert first_line.split(",")[:3] == ["Tỉnh", "Huyện", "Xã"]
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == list(table.columns)
    assert back["Xã"].iloc[0] == "Khánh Bình" and back["Kết quả"].iloc[0] == "Đường bê tông hóa 93,4%"
    assert set(back["Đánh giá"]) == {"Đạt", "Chưa đạt", "Cơ bản đạt", "Chưa có dữ liệu", "Không áp dụng"}
    assert {"17.1", "17.10"} <= set(back["Mã chỉ tiêu"])  # codes stay text: "17.10" is not 17.1


@pytest.mark.parametrize(("cell", "written"), [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"), ("+1", "'+1"), ("-1+2", "'-1+2"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("\t=1", "'\t=1"), ("-", "'-"), ("-5", "-5"), ("-1.234,5", "-1.234,5"),
    ("Đạt", "Đạt"), ("17.10", "17.10"),
])
def test_csv_neutralises_formula_like_text_but_not_plain_negative_numbers(cell, written):
    assert neutralise(cell) == written
    raw = export_csv(pd.DataFrame({"ghi_chu": [cell], "so": [-3.5]}))
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype={"ghi_chu": str})
    assert back["ghi_chu"].iloc[0] == written
    assert back["so"].iloc[0] == -3.5  # a negative number stays a number


def test_csv_writes_lists_joined_and_blanks_empty():
    table = pd.DataFrame({"unmet": [["1", "15", "17"], None], "pct": [84.21, float("nan")],
                          "n": pd.array([16, None], dtype="Int64")})
    text = export_csv(table).decode("utf-8-sig")
    assert text.split("\r\n")[1:3] == ["1; 15; 17,84.21,16", ",,"]


# --- XLSX -----------------------------------------------------------------------------------------

def test_xlsx_has_a_frozen_filterable_header_numbers_as_numbers_and_a_metadata_sheet(scored, catalog):
    table = scores_table(scored["scores"])
    metadata = export_metadata(filters={"province": "An Giang", "year": [2025, 2026], "commune": None},
                               criteria_sets=[catalog.get("ntm-2021")], rows=len(table), exported_at=NOON)
    book = _open(export_xlsx(table, metadata=metadata))
    assert book.sheetnames == ["DuLieu", "ThongTin"]
    sheet = book["DuLieu"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Tỉnh", "Huyện", "Xã", "Mã xã", "Năm", "Bộ tiêu chí"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}{len(table) + 1}"
    row = {h: c for h, c in zip(header, sheet[3])}  # Khánh An 2025, then Khánh Bình 2023
    assert row["Xã"].value == "Khánh Bình" and row["Năm"].value == 2023
    assert row["Số tiêu chí đạt"].data_type == "n"
    pct = row["Tỷ lệ tiêu chí đạt (%)"]
    assert pct.data_type == "n" and pct.value == pytest.approx(84.21) and pct.number_format == "0.00"
    assert row["Tiêu chí chưa đạt"].value == "1; 15; 17" and row["Đạt chuẩn"].value == "Không"
    info = dict(_rows(book["ThongTin"])[1:])
    assert info["Thời điểm xuất"] == "2026-03-05 14:03 (UTC+07:00)"
    assert info["Bộ tiêu chí"] == "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025 (ntm-2021)"
    assert info["Căn cứ pháp lý"].startswith("Quyết định 318/QĐ-TTg")
    assert info["Bộ lọc – Tỉnh"] == "An Giang" and info["Bộ lọc – Năm"] == "2025; 2026"
    assert info["Bộ lọc – Xã"] == "Tất cả" and info["Số dòng"] == len(table)


def test_xlsx_colours_status_cells_with_the_palette_and_keeps_text_inert(scored):
    table = results_table(scored["results"])
    sheet = _open(export_xlsx(table, metadata={}, sheet_name="KetQua")).active
    header = [c.value for c in sheet[1]]
    status_col = header.index("Đánh giá")
    seen = {}
    for cells in sheet.iter_rows(min_row=2):
        seen.setdefault(cells[status_col].value, _fill(cells[status_col]))
    assert seen == {"Chưa đạt": STATUS_COLORS["not_met"], "Đạt": STATUS_COLORS["met"],
                    "Cơ bản đạt": STATUS_COLORS["basically_met"], "Chưa có dữ liệu": STATUS_COLORS["missing"],
                    "Không áp dụng": STATUS_COLORS["not_applicable"]}
    value = sheet.cell(row=3, column=header.index("Kết quả") + 1)
    assert value.value == "=cmd|' /C calc'!A0" and value.data_type == "s"  # text, never a formula
    code = sheet.cell(row=2, column=header.index("Mã chỉ tiêu") + 1)
    assert code.data_type == "s" and code.value == "1.1"
    assert sheet.cell(row=2, column=header.index("Tỉnh") + 1).fill.fgColor.rgb in (None, "00000000")


def test_xlsx_adds_the_export_time_and_speaks_english(scored):
    book = _open(export_xlsx(scores_table(scored["scores"], lang="en"), metadata={"Note": "x"}, lang="en"))
    assert book.sheetnames == ["Data", "Info"]
    labels = [r[0] for r in _rows(book["Info"])]
    assert labels[:3] == ["Item", "Exported at", "Note"]
    assert [c.value for c in book["Data"][1]][6] == "Criteria met"


def test_xlsx_refuses_more_rows_than_excel_holds(monkeypatch):
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 2)
    with pytest.raises(ExportError) as error:
        export_xlsx(pd.DataFrame({"a": [1, 2, 3]}), metadata={})
    assert ".csv" in error.value.message("vi")


# --- one table, by kind ---------------------------------------------------------------------------

def test_export_table_as_xlsx_writes_the_data_and_metadata_sheets(scored, catalog):
    table = scores_table(scored["scores"], lang="en")
    metadata = export_metadata(filters={"province": "An Giang"}, criteria_sets=[catalog.get("ntm-2021")],
                               rows=len(table), exported_at=NOON, lang="en")
    book = _open(export_table(table, "xlsx", metadata=metadata, lang="en", sheet_name="Scores"))
    assert book.sheetnames == ["Scores", "Info"]
    rows = _rows(book["Scores"])
    assert list(rows[0]) == list(table.columns) and len(rows) == len(table) + 1
    assert rows[2][table.columns.get_loc("Commune")] == "Khánh Bình"
    info = dict(_rows(book["Info"])[1:])
    assert info["Exported at"] == "2026-03-05 14:03 (UTC+07:00)" and info["Filter – Province"] == "An Giang"
    assert info["Rows"] == len(table)


def test_export_table_as_csv_is_the_csv_writer_for_excel_in_vietnamese(scored):
    table = results_table(scored["results"])
    raw = export_table(table, "csv", metadata={"Ghi chú": "không ghi vào .csv"}, lang="en", sheet_name="x")
    assert raw == export_csv(table)  # one table: no metadata, no sheet
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == list(table.columns)
    assert back["Kết quả"].iloc[0] == "Đường bê tông hóa 93,4%"
    assert back["Kết quả"].iloc[1] == "'=cmd|' /C calc'!A0"  # formula-like text made inert


@pytest.mark.parametrize("kind", ["pdf", "XLSX", ".csv", ""])
def test_export_table_refuses_a_kind_it_cannot_write(kind):
    with pytest.raises(ExportError) as error:
        export_table(pd.DataFrame({"a": [1]}), kind)
    assert ".xlsx" in error.value.message("vi") and ".csv" in error.value.message("en")


@pytest.mark.parametrize(("name", "kind"), [
    ("ket-qua.xlsx", "xlsx"), ("nhat-ky.csv", "csv"), ("NHAT-KY.CSV", "csv"), (Path("a/b.XLSX"), "xlsx")])
def test_export_kind_reads_the_kind_off_the_file_name(name, kind):
    assert export_kind(name) == kind
    assert kind in writers.EXPORT_KINDS


@pytest.mark.parametrize("name", ["bao-cao.pdf", "cu.xls", "ket-qua", "a.csv.txt", ".csv"])
def test_export_kind_refuses_any_other_name_in_both_languages(name):
    with pytest.raises(ExportError) as error:
        export_kind(name)
    shown = Path(name).name
    assert error.value.message("vi") == f"Chỉ xuất được tệp .csv hoặc .xlsx, không phải '{shown}'."
    assert error.value.message("en") == f"Can only export .csv or .xlsx files, not '{shown}'."


def test_export_table_as_xlsx_refuses_more_rows_than_excel_holds(monkeypatch):
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 2)
    with pytest.raises(ExportError):
        export_table(pd.DataFrame({"a": [1, 2, 3]}), "xlsx")
    assert export_table(pd.DataFrame({"a": [1, 2, 3]}), "csv").decode("utf-8-sig").split("\r\n")[1:4] == [
        "1", "2", "3"]


# --- readable tables ------------------------------------------------------------------------------

def test_scores_table_has_vietnamese_headers_joined_lists_and_english_twins(scored):
    vi = scores_table(scored["scores"])
    assert vi.columns[6:9].tolist() == ["Số tiêu chí đạt", "Số tiêu chí phải đạt", "Tỷ lệ tiêu chí đạt (%)"]
    first = vi.iloc[1]
    assert (first["Xã"], first["Năm"]) == ("Khánh Bình", 2023)
    assert first["Chỉ tiêu chưa đạt"] == "1.1; 15.1" and first["Chỉ tiêu chưa có dữ liệu"] == "17.2"
    assert "Số tiêu chí của bộ" not in vi
    assert "Số tiêu chí của bộ" in scores_table(scored["scores"], extra=True)
    en = scores_table(scored["scores"], lang="en")
    assert en.columns[6] == "Criteria met" and en["Reached the standard"].tolist()[:3] == ["No", "No", "Yes"]


def test_criteria_and_gaps_tables_name_statuses_in_words(scored, catalog):
    ntm = catalog.get("ntm-2021")
    criteria = scored["criteria"][scored["criteria"]["year"] == 2023]
    table = criteria_table(criteria, criterion_names={c: ntm.criterion_name(c) for c in ntm.criterion_codes})
    assert table.loc[0, "Tên tiêu chí"] == "Quy hoạch" and table.loc[0, "Đánh giá"] == "Chưa đạt"
    assert table.loc[16, "Đánh giá"] == "Chưa đạt (thiếu dữ liệu)"
    assert table.loc[0, "Đánh giá theo"] == "Theo chỉ tiêu"
    gaps = gaps_table(scored["gaps"][scored["gaps"]["commune"] == "Khánh Bình"], lang="en")
    assert {"Indicator", "Gap to target", "Note"} <= set(gaps.columns) and "comparator" not in gaps
    assert gaps["Status"].tolist()[:3] == ["Not met", "Basically met", "No data"]


# --- the commune report ---------------------------------------------------------------------------

def test_commune_report_has_summary_criteria_unmet_indicators_history_and_metadata(scored, catalog):
    scores = scored["scores"]
    record = scores[(scores["commune"] == "Khánh Bình") & (scores["year"] == 2023)].iloc[0]
    content = commune_report_xlsx(record, scored["criteria"], scored["gaps"], scores, catalog=catalog,
                                  metadata={"Người xuất": "cán bộ"})
    book = _open(content)
    assert book.sheetnames == ["TomTat", "TieuChi", "ChiTieuChuaDat", "LichSu", "ThongTin"]

    summary = _rows(book["TomTat"])
    assert summary[0][0].startswith("Báo cáo kết quả xây dựng nông thôn mới – Khánh Bình, An Giang – 2023")
    values = {r[0]: r[1] for r in summary if r[0]}
    assert values["Số tiêu chí đạt"] == 16 and values["Tỷ lệ tiêu chí đạt (%)"] == pytest.approx(84.21)
    pct_row = 1 + [r[0] for r in summary].index("Tỷ lệ tiêu chí đạt (%)")
    assert book["TomTat"][f"B{pct_row}"].number_format == "0.00"
    lines = [r[1] for r in summary[[r[0] for r in summary].index("Tóm tắt"):]]
    assert lines[0] == "* Về xã nông thôn mới:"
    assert lines[1].startswith("- Số tiêu chí đạt: 16/19 tiêu chí, chiếm tỷ lệ 84,21%")

    criteria = _rows(book["TieuChi"])
    assert criteria[0][:3] == ("Tiêu chí", "Tên tiêu chí", "Đánh giá") and len(criteria) == 20
    assert criteria[1][:3] == ("1", "Quy hoạch", "Chưa đạt")
    assert _fill(book["TieuChi"]["C2"]) == STATUS_COLORS["not_met"]
    assert _fill(book["TieuChi"]["C3"]) == STATUS_COLORS["met"]

    gaps = _rows(book["ChiTieuChuaDat"])
    assert [r[1] for r in gaps[1:]] == ["1.1", "15.1", "17.2"]  # this assessment's only

    history = _rows(book["LichSu"])
    assert [(r[4], r[5]) for r in history[1:]] == [(2023, "ntm-2021"), (2025, "ntm-2021"), (2026, "ntm-2026")]

    info = dict(_rows(book["ThongTin"])[1:])
    assert info["Căn cứ pháp lý"].startswith("Quyết định 318") and info["Người xuất"] == "cán bộ"
    assert "Thời điểm xuất" in info


def test_commune_report_of_a_commune_without_gaps_says_so_in_english(scored, catalog):
    scores = scored["scores"]
    record = scores[(scores["commune"] == "Khánh Bình") & (scores["year"] == 2026)].iloc[0].to_dict()
    book = _open(commune_report_xlsx(record, scored["criteria"], scored["gaps"], lang="en", catalog=catalog))
    assert book.sheetnames == ["Summary", "Criteria", "UnmetIndicators", "Info"]
    assert _rows(book["UnmetIndicators"])[1] == ("No indicator is unmet or lacks data.",)
    criteria = _rows(book["Criteria"])
    assert len(criteria) == 11 and criteria[1][2] == "Met" and criteria[1][-1] == "From the criterion"


# --- the official unit beside the reported name ---------------------------------------------------

@pytest.fixture(scope="module")
def with_units(scored):
    """The scores with the official unit columns, as the store reads them back."""
    from ntm.units import default_registry
    from ntm.units.history import attach_units

    scores = scored["scores"].copy()
    scores["commune"] = scores["commune"].astype(object).replace({"Khánh An": "UBND xã Khánh An"})
    return attach_units(scores, default_registry()).frame


def test_scores_export_carries_the_reported_name_and_the_official_unit_old_and_new(with_units):
    table = scores_table(with_units)
    columns = list(table.columns)
    assert columns[:6] == ["Tỉnh", "Huyện", "Xã", "Mã xã", "Năm", "Bộ tiêu chí"]
    assert columns[6:15] == ["Bản đồ hành chính", "Mã đơn vị chính thức", "Đơn vị chính thức",
                             "Mã xã trước 1/7/2025", "Xã trước 1/7/2025", "Mã xã hiện nay", "Xã hiện nay",
                             "Tỉnh hiện nay", "Khớp đơn vị theo"]
    an = table[table["Xã"] == "UBND xã Khánh An"].iloc[0]
    assert (an["Xã trước 1/7/2025"], an["Mã xã trước 1/7/2025"]) == ("Xã Khánh An", "30340")
    assert (an["Xã hiện nay"], an["Mã xã hiện nay"], an["Tỉnh hiện nay"]) == ("Xã Khánh Bình", "30341",
                                                                              "Tỉnh An Giang")
    assert an["Bản đồ hành chính"].startswith("Trước 1/7/2025") and an["Khớp đơn vị theo"] == "Tên xã"
    new = table[table["Năm"] == 2026].iloc[0]
    assert pd.isna(new["Xã trước 1/7/2025"]) and new["Mã xã hiện nay"] == "30341"
    english = scores_table(with_units, lang="en")
    assert {"Commune", "Commune code before 1 July 2025", "Commune today", "Commune code today"} <= set(
        english.columns)
    # Both names and codes reach the file, codes as text ("30341", never 30341.0).
    sheet = _open(export_xlsx(table, metadata={})).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[1 + 1 + list(table["Xã"]).index("UBND xã Khánh An")]]
    assert row[header.index("Mã xã hiện nay")] == "30341" and row[header.index("Xã")] == "UBND xã Khánh An"
    csv = pd.read_csv(io.BytesIO(export_csv(table)), encoding="utf-8-sig", dtype=str)
    assert set(csv["Mã xã trước 1/7/2025"].dropna()) == {"30340", "30343"}


def test_results_export_gets_the_unit_of_each_rows_assessment(scored, with_units):
    results = scored["results"].copy()
    results["commune"] = results["commune"].astype(object).replace({"Khánh An": "UBND xã Khánh An"})
    table = results_table(with_unit_columns(results, with_units))
    assert len(table) == len(results)
    by_commune = table.drop_duplicates(["Xã", "Năm"]).set_index(["Xã", "Năm"])
    assert by_commune.loc[("UBND xã Khánh An", 2025), "Mã xã trước 1/7/2025"] == "30340"
    assert by_commune.loc[("Khánh Bình", 2023), ["Mã xã trước 1/7/2025", "Mã xã hiện nay"]].tolist() == [
        "30343", "30341"]
    assert with_unit_columns(results, scored["scores"]) is results  # no unit columns to add


def test_commune_report_names_the_official_unit_before_and_after_the_reorganisation(scored, with_units,
                                                                                     catalog):
    record = with_units[(with_units["commune"] == "Khánh Bình") & (with_units["year"] == 2023)].iloc[0]
    book = _open(commune_report_xlsx(record, scored["criteria"], scored["gaps"], with_units, catalog=catalog))
    values = {r[0]: r[1] for r in _rows(book["TomTat"]) if r[0]}
    assert values["Xã"] == "Khánh Bình"
    assert (values["Xã trước 1/7/2025"], values["Mã xã trước 1/7/2025"]) == ("Xã Khánh Bình", "30343")
    assert (values["Xã hiện nay"], values["Mã xã hiện nay"]) == ("Xã Khánh Bình", "30341")
    history = _rows(book["LichSu"])
    assert "Mã xã hiện nay" in history[0]


def test_exports_carry_the_commune_group_when_one_is_recorded(scored, with_units):
    scores = with_units.assign(commune_group=pd.array(
        [2 if s == "ntm-2026" else None for s in with_units["criteria_set"]], dtype="Int8"))
    table = scores_table(scores)
    assert list(table.columns[5:8]) == ["Bộ tiêu chí", "Nhóm xã", "Bản đồ hành chính"]
    assert table.loc[table["Năm"] == 2026, "Nhóm xã"].tolist() == [2]
    assert table.loc[table["Năm"] != 2026, "Nhóm xã"].isna().all()
    assert "Commune group" in scores_table(scores, lang="en").columns
    sheet = _open(export_xlsx(table, metadata={})).worksheets[0]
    header = [c.value for c in sheet[1]]
    values = [row[header.index("Nhóm xã")] for row in _rows(sheet)[1:]]
    assert sorted(v for v in values if v is not None) == [2] and isinstance(max(v or 0 for v in values), int)
    # Results get their assessment's group, as they get its unit.
    results = results_table(with_unit_columns(scored["results"], scores.assign(
        commune=scored["scores"]["commune"].to_numpy())))
    assert set(results.loc[results["Năm"] == 2026, "Nhóm xã"]) == {2}
    # No group recorded anywhere: no empty column.
    assert "Nhóm xã" not in scores_table(scores.assign(commune_group=pd.NA)).columns
