"""Property-based tests: random cell contents and shapes fed to the loaders.

Whatever the grid — any header at any height, title lines, random words, numbers, dates, merged
ranges — only the project's own errors come out, and the accounting always balances: every
non-blank row below a sheet's header is used, rejected or listed as not data, exactly once.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.errors import NtmError
from ntm.loaders import UnreadableWorkbook, load_workbook
from ntm.loaders.base import LoadOptions
from ntm.loaders.read import read_sheets
from ntm.loaders.source import SheetData
from ntm.schema import PROBLEM_COLUMNS, RESULT_COLUMNS, source_text
from ntm.text import is_blank
from tests.helpers_layouts import assert_balanced
from tests.helpers_workbooks import HEADER, HEADER_EN

WORDS = ["Đạt", "Chưa đạt", "Cơ bản đạt", "CBĐ", "CĐ", "Đ", "x", "KAD", "-", "Không áp dụng", "??", "§¹t",
         "Ñaït", "1.1", "17.10", "17.1", "5", "a)", "b) Tỷ lệ", "1.2. Có quy hoạch", "I", "II", "QUY HOẠCH",
         "Khánh Bình", "Xã Nhơn Hội", "Huyện An Phú", "An Giang", "Tổng cộng", "Người lập biểu",
         "TM. UBND XÃ",
         "NTM 2021-2025", "ntm-2026", "NTM nâng cao 2021-2025", "2023", "85%", "85,5", "≥ 90%", "(1)", "(2)",
         "Tiêu chí 3", "Ghi chú: minh họa", "Quy hoạch", "Trường học", "ngày 5 tháng 1 năm 2024"]
TITLES = ["Xã Khánh Bình, huyện An Phú, tỉnh An Giang", "BẢNG TỰ ĐÁNH GIÁ XÃ NÔNG THÔN MỚI NĂM 2023",
          "XÃ NÔNG THÔN MỚI NÂNG CAO NĂM 2024", "UBND HUYỆN AN PHÚ", "NĂM 2026",
          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "KẾT QUẢ NĂM 2021-2025", "tỉnh Khánh Hòa", "Tính đến 31/12/2022"]
FORM_HEADER = ["TT", "Tên tiêu chí", "Nội dung tiêu chí", "Chỉ tiêu đạt chuẩn", "Kết quả thực hiện",
               "Xã tự đánh giá", "Huyện thẩm tra", "Tỉnh thẩm định", "Ghi chú"]

cells = st.one_of(
    st.none(), st.just(""), st.sampled_from(WORDS), st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 3000), st.booleans(),
    st.sampled_from([17.1, 1.1, 2.0, 5.0, 0.85, 2023.0]),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)


@st.composite
def headers(draw) -> list:
    kind = draw(st.sampled_from(["none", "template", "template-en", "form", "summary"]))
    if kind == "template":
        return draw(st.permutations(HEADER))[: draw(st.integers(4, 12))]
    if kind == "template-en":
        return list(HEADER_EN)
    if kind == "form":
        keep = draw(st.lists(st.sampled_from(FORM_HEADER), min_size=0, max_size=9, unique=True))
        return ["TT", "Nội dung tiêu chí", *keep, "Tự đánh giá"]
    if kind == "summary":
        n = draw(st.sampled_from([5, 10, 19, 20]))
        return ["STT", "Tên xã", *range(1, n + 1), "Tổng số tiêu chí đạt"]
    return []


@st.composite
def grids(draw) -> SheetData:
    titles = [[t] for t in draw(st.lists(st.sampled_from(TITLES), max_size=4))]
    header = draw(headers())
    width = max(len(header), 1)
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 2), max_size=25))
    position = draw(st.integers(0, len(rows)))
    grid = [list(r) for r in titles + rows[:position] + ([header] if header else []) + rows[position:]]
    merged = []
    if grid:
        for _ in range(draw(st.integers(0, 4))):
            r0 = draw(st.integers(0, len(grid) - 1))
            c0 = draw(st.integers(0, width))
            merged.append((r0, c0, r0 + draw(st.integers(0, 5)), c0 + draw(st.integers(0, 2))))
    return SheetData(draw(st.sampled_from(["KetQua", "2023", "Sheet1"])), True, grid, tuple(merged))


def _check_accounting(result, sheets: list[SheetData]) -> None:
    assert list(result.results.columns) == RESULT_COLUMNS
    assert list(result.problems.columns) == PROBLEM_COLUMNS
    assert result.problems["code"].notna().all() and result.problems["message_en"].notna().all()
    assert_balanced(result)
    grids_by_name = {sheet.name: sheet.rows for sheet in sheets}
    parts = source_text(result.results).str.rsplit(":", n=2)
    used = {(p[1], int(p[2])) for p in parts}
    listed = set(zip(result.unused["sheet"], result.unused["row"].astype(int)))
    for info in result.sheets.itertuples():
        rows = grids_by_name[info.sheet]
        below = {(info.sheet, r + 1) for r in range(int(info.first_data_row) - 1, len(rows))
                 if not all(is_blank(v) for v in rows[r])}
        accounted = {place for place in used | listed if place[0] == info.sheet}
        assert below <= accounted, f"rows lost: {sorted(below - accounted)[:5]}"
        assert all(row >= info.first_data_row for _, row in accounted)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sheets=st.lists(grids(), min_size=1, max_size=3, unique_by=lambda s: s.name),
       options=st.builds(LoadOptions, commune=st.sampled_from([None, "Khánh Bình"]),
                         year=st.sampled_from([None, 2023, 2026]),
                         status_column=st.sampled_from(["latest", "self", "district", "province"])))
def test_random_grids_give_only_our_errors_and_balanced_accounting(catalog, sheets, options):
    try:
        copies = [SheetData(s.name, s.visible, [list(r) for r in s.rows], s.merged) for s in sheets]
        result = read_sheets(copies, catalog, "f.xlsx", options)
    except UnreadableWorkbook as error:
        assert error.code in ("empty-workbook", "no-known-layout")
        assert error.message_vi and error.message_en
        return
    _check_accounting(result, sheets)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sheet=grids())
def test_random_workbooks_through_real_files(catalog, sheet):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet.name
    for row in sheet.rows:
        ws.append([_writable(v) for v in row])
    for r0, c0, r1, c1 in sheet.merged:
        if (r1, c1) != (r0, c0):
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    out = io.BytesIO()
    book.save(out)
    try:
        result = load_workbook(out.getvalue(), catalog, file_name="f.xlsx")
    except NtmError:
        return
    stats = result.stats
    assert stats.rows_read == stats.rows_used + stats.rows_rejected
    assert_balanced(result)


def _writable(value):
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None  # a workbook cannot hold NaN or infinity
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable() or ch in "\t\n") or None
    return value


@settings(max_examples=60, deadline=None)
@given(data=st.one_of(st.binary(max_size=3000),
                      st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
                      st.binary(max_size=300).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b)))
def test_random_bytes_give_only_our_errors(catalog, data):
    try:
        load_workbook(data, catalog, file_name="f.xlsx")
    except NtmError as error:
        assert error.message_vi and error.message_en


def test_problem_and_result_frames_keep_their_shape_on_an_empty_read(catalog):
    result = read_sheets([SheetData("KetQua", True, [HEADER])], catalog, "f.xlsx")
    assert result.results.empty and list(result.results.columns) == RESULT_COLUMNS
    assert result.stats.rows_read == 0 and isinstance(result.unused, pd.DataFrame)
