"""Template round trip: write the template, fill it in as a user would, load it back."""

from __future__ import annotations

from io import BytesIO

import openpyxl
import pandas as pd

from ntm.loaders import LoadStats, load_workbook
from ntm.schema import results_frame
from ntm.template import write_template

# What the user types, by indicator code: (Kết quả, Đánh giá). Everything else is "Đạt".
TYPED = {
    "1.1": (None, "Chưa đạt"),
    "1.2": (None, "chưa  đạt"),
    "2.1": ("100%", "đạt"),
    "3.1": (0.85, "Đ"),            # stored 0.85 with a percent format: the user typed 85%
    "5": ("85,5", "x"),
    "7": (None, "Không áp dụng"),  # no market in the commune
    "9.2": (None, "CBĐ"),
    "17.10": ("92", "ĐẠT"),
    "17.11": (None, None),         # left blank
}


def _filled_template(catalog) -> bytes:
    buffer = BytesIO()
    write_template(buffer, catalog.get("ntm-2021"), catalog=catalog)
    book = openpyxl.load_workbook(BytesIO(buffer.getvalue()))
    sheet = book["KetQua"]
    for row in range(2, sheet.max_row + 1):
        code = sheet.cell(row, 7).value
        value, status = TYPED.get(code, (None, "Đạt"))
        sheet.cell(row, 1, "Khánh Hòa")
        sheet.cell(row, 2, "Cam Lâm")
        sheet.cell(row, 3, "Khánh Bình")
        sheet.cell(row, 4, "22480")
        sheet.cell(row, 5, 2023)
        sheet.cell(row, 10, value)
        sheet.cell(row, 11, status)
        if code == "3.1":
            sheet.cell(row, 10).number_format = "0%"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_filled_template_loads_exactly(catalog):
    ntm2021 = catalog.get("ntm-2021")
    result = load_workbook(_filled_template(catalog), catalog, file_name="mau.xlsx")

    codes = list(ntm2021.indicators["indicator"])
    statuses = {"1.1": "not_met", "1.2": "not_met", "7": "not_applicable", "9.2": "basically_met",
                "17.11": "missing"}
    values = {"2.1": ("100%", 100.0), "3.1": ("85%", 85.0), "5": ("85,5", 85.5), "17.10": ("92", 92.0)}
    targets = dict(zip(codes, (t if t else pd.NA for t in _catalog_targets(ntm2021))))
    expected = results_frame([
        {"province": "Khánh Hòa", "district": "Cam Lâm", "commune": "Khánh Bình", "commune_code": "22480",
         "year": 2023, "criteria_set": "ntm-2021", "criterion": code.split(".")[0], "indicator": code,
         "value": values.get(code, (pd.NA,))[0], "value_num": values.get(code, (None, pd.NA))[1],
         "target": targets[code], "status": statuses.get(code, "met"), "note": pd.NA,
         "source": f"mau.xlsx:KetQua:{row}"}
        for row, code in enumerate(codes, start=2)
    ])
    pd.testing.assert_frame_equal(result.results, expected)
    assert result.stats == LoadStats(rows_read=57, rows_used=57, rows_rejected=0)
    # The one blank status is the only problem: "missing" is flagged, never silent.
    assert list(result.problems["code"]) == ["missing-status"]
    assert result.problems["row"].iloc[0] == codes.index("17.11") + 2
    assert result.accounting() == "57 dòng đã đọc, 57 dòng dùng được, 0 lỗi"


def _catalog_targets(criteria_set) -> list[str]:
    """The targets the template prefilled, as it writes them ("≥ 80%")."""
    out = []
    for row in criteria_set.indicators.itertuples():
        if row.target and row.comparator and row.comparator != "=":
            out.append(f"{row.comparator} {row.target}")
        else:
            out.append(row.target)
    return out


def test_written_results_load_back_to_the_same_frame(catalog):
    """Our own export format: several communes, years and sets in one sheet survive a round trip."""
    original = results_frame([
        {"province": "Khánh Hòa", "district": "Cam Lâm", "commune": "Khánh Bình", "commune_code": "022480",
         "year": 2023, "criteria_set": "ntm-2021", "criterion": "17", "indicator": "17.10", "value": "85",
         "value_num": 85.0, "target": "≥ 90%", "status": "not_met", "note": "đang làm"},
        {"province": "Khánh Hòa", "commune": "Khánh Bình", "year": 2023, "criteria_set": "ntm-2021",
         "criterion": "17", "indicator": pd.NA, "value": pd.NA, "status": "not_met"},
        {"province": "Khánh Hòa", "commune": "Khánh Phú", "year": 2024, "criteria_set": "ntm-nc-2021",
         "criterion": "11", "indicator": "11", "value": "2,5%", "value_num": 2.5, "status": "met"},
        {"province": "Khánh Hòa", "commune": "Khánh Phú", "year": 2026, "criteria_set": "ntm-2026",
         "criterion": "3", "indicator": pd.NA, "status": "missing"},
        {"province": "Khánh Hòa", "commune": "Khánh Phú", "year": 2026, "criteria_set": "ntm-2026",
         "criterion": "4", "indicator": pd.NA, "status": "not_applicable"},
    ])
    buffer = BytesIO()
    write_template(buffer, "ntm-2021", original, catalog=catalog)
    result = load_workbook(buffer.getvalue(), catalog, file_name="export.xlsx")
    expected = results_frame(original.drop(columns=["source_sheet", "source_row"]).assign(
        source=[f"export.xlsx:KetQua:{r}" for r in range(2, 7)]))
    pd.testing.assert_frame_equal(result.results, expected)
    assert result.stats.rows_rejected == 0


def test_english_template_round_trip(catalog):
    original = results_frame([
        {"province": "Khánh Hòa", "commune": "Khánh Bình", "year": 2023, "criteria_set": "ntm-2021",
         "criterion": "1", "indicator": code, "status": status}
        for code, status in (("1.1", "met"), ("1.2", "basically_met"), ("2.1", "not_met"),
                             ("2.2", "not_applicable"))
    ])
    buffer = BytesIO()
    write_template(buffer, "ntm-2021", original, lang="en", catalog=catalog)
    book = openpyxl.load_workbook(BytesIO(buffer.getvalue()))
    assert [c.value for c in book["KetQua"]["K"][1:5]] == ["Met", "Basically met", "Not met", "Not applicable"]
    result = load_workbook(buffer.getvalue(), catalog, file_name="en.xlsx")
    assert list(result.results["status"]) == ["met", "basically_met", "not_met", "not_applicable"]
    assert list(result.problems["code"]) == ["missing-indicator"]
