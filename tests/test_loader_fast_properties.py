"""Property-based: random template sheets read column-wise and row by row give the same load.

Each column draws its cells from one kind (text or numbers), as most real columns are; a sheet
the column-wise path does not take (a column of mixed kinds, codes typed as numbers) is allowed
and then must match the general path through ``load_workbook`` too.
"""

from __future__ import annotations

from io import BytesIO

import pandas as pd
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.loaders import LAYOUTS, load_workbook
from ntm.loaders.base import LoadOptions, ReadContext
from ntm.loaders.fast_template import load_template_fast
from ntm.loaders.read import read_sheets
from ntm.loaders.source import open_workbook
from tests.helpers_workbooks import FIELDS, HEADER, HEADER_EN

TEXT = {
    "province": ["Khánh Hòa", "Khánh Hoà", "KHÁNH HÒA", " ", "An Giang"],
    "district": ["Diên Khánh", "Cam Lâm", ""],
    "commune": ["Khánh Bình", "khánh  bình", "Khánh An", "  ", "Xã Khánh Lợi"],
    "commune_code": ["22480", "022480", "30316"],
    "year": ["2023", "năm 2024", "2025", "20 23"],
    "criteria_set": ["NTM 2021-2025", "ntm-2021", "NTM 2016-2020", "NTM nâng cao 2021-2025", "Không rõ"],
    "code": ["1.1", "1.2", "2.1", "3.1", "17.10", "17.1", "5", "19.2", "25.1", "1.9", "17,2", "05", "a)"],
    "indicator_name": ["Quy hoạch", "Giao thông"],
    "target": ["≥ 90%", "Đạt", "100%", "≤ 5%", "> 1"],
    "value": ["85%", "0,85", "95,5", "1.500", "không", "-", "0,5"],
    "status": ["Đạt", "Chưa đạt", "Cơ bản đạt", "Không áp dụng", "x", "CĐ", "Tốt", " ", "1"],
    "note": ["ghi chú", " "],
    "commune_group": ["1", "Nhóm 2", "nhom 3", "4", "miền núi", " "],
}
NUMBERS = {"commune_code": [22480, 30316], "year": [2023, 2024, 2023.5, 1800],
           "value": [85, 0.85, 1.234, 0, 100], "status": [1, 0, 0.5], "target": [90, 0.9],
           "commune_group": [1, 2.0, 3, 7]}


@st.composite
def sheets(draw):
    fields = list(FIELDS)
    if draw(st.booleans()):
        fields = draw(st.permutations(fields))
    english = draw(st.booleans())
    n_rows = draw(st.integers(0, 60))
    columns = []
    for name in fields:
        pool = TEXT[name]
        if name in NUMBERS and draw(st.booleans()):
            pool = NUMBERS[name]
        cells = draw(st.lists(st.one_of(st.none(), st.sampled_from(pool)), min_size=n_rows, max_size=n_rows))
        columns.append(cells)
    header = [(HEADER_EN if english else HEADER)[FIELDS.index(name)] for name in fields]
    stray = draw(st.lists(st.one_of(st.none(), st.just("lạc")), min_size=n_rows, max_size=n_rows))
    return header, columns, stray


def _xlsx(header, columns, stray) -> bytes:
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("KetQua")
    sheet.write_row(0, 0, header)
    for c, cells in enumerate([*columns, stray]):
        for r, value in enumerate(cells, start=1):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets())
def test_random_template_sheets_load_alike(catalog, sheet):
    data = _xlsx(*sheet)
    name = "mau.xlsx"
    general = read_sheets(open_workbook(data, name), catalog, name)
    fast = load_template_fast(data, name, catalog, ReadContext(catalog, name, LoadOptions()), LAYOUTS,
                              min_sheet_bytes=0)
    if fast is None:
        fast = load_workbook(data, catalog, file_name=name)
    for part in ("results", "problems", "unused", "sheets", "groups"):
        pd.testing.assert_frame_equal(getattr(fast, part), getattr(general, part), obj=part)
    assert fast.stats == general.stats and fast.layout == general.layout
