"""The template's column-wise path gives exactly what the row-by-row path gives, or steps aside.

Each workbook is built in code, read by ``load_template_fast`` (with no size threshold, so small
workbooks take it) and by the general path (``open_workbook`` + ``read_sheets``); the results,
problems, unused rows, sheet lines, accounting and layout must be equal, frame for frame.
"""

from __future__ import annotations

import logging
import random
from io import BytesIO

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from ntm.loaders import LAYOUTS, load_workbook
from ntm.loaders.base import LoadOptions, ReadContext
from ntm.loaders.container import UnreadableWorkbook
from ntm.loaders.fast_template import load_template_fast
from ntm.loaders.read import read_sheets
from ntm.loaders.source import open_workbook
from ntm.template import write_template
from tests.helpers_workbooks import HEADER, HEADER_EN, build_xlsx, result_row, template_book


def _fast(data: bytes, catalog, name: str = "mau.xlsx"):
    return load_template_fast(data, name, catalog, ReadContext(catalog, name, LoadOptions()), LAYOUTS,
                              min_sheet_bytes=0)


def _general(data: bytes, catalog, name: str = "mau.xlsx"):
    return read_sheets(open_workbook(data, name), catalog, name)


def assert_same_load(data: bytes, catalog) -> None:
    """The fast path takes ``data`` and gives what the general path gives."""
    fast = _fast(data, catalog)
    assert fast is not None, "the column-wise path stepped aside"
    general = _general(data, catalog)
    for part in ("results", "problems", "unused", "sheets", "groups"):
        pd.testing.assert_frame_equal(getattr(fast, part), getattr(general, part), obj=part)
    assert fast.stats == general.stats
    assert fast.layout == general.layout
    assert fast.defined_sets == general.defined_sets if hasattr(general, "defined_sets") else True


def _full(catalog, set_id: str = "ntm-2021", status: object = "Đạt", **fields) -> list[list]:
    """One row per indicator of the set (its name written as the template writes it)."""
    criteria_set = catalog.get(set_id)
    fields.setdefault("criteria_set", criteria_set.label.split(" (")[0])
    return [result_row(code, status, **fields) for code in criteria_set.indicators["indicator"]]


def test_good_rows_of_several_communes_years_and_sets(catalog):
    rows = (_full(catalog, commune="Khánh Bình", year=2023, district="An Phú", commune_code="30316")
            + _full(catalog, commune="Khánh An", year=2024, status="Chưa đạt")
            + _full(catalog, "ntm-2016", commune="Khánh An", year=2019))
    assert_same_load(template_book(rows), catalog)


def test_every_kind_of_bad_row(catalog):
    # fastexcel reads a column holding both text and numbers as text: such files take the general
    # path (see test_steps_aside_when_unsure), so each column here holds one kind of cell.
    rows = _full(catalog)
    rows += [
        result_row("1.1", commune=None, year=2024),                       # missing-commune
        result_row("1.1", commune="   ", year=2024),                      # blank commune
        result_row("1.2", year=2023.5, commune="Khánh An"),                # bad-year
        result_row("1.2", year=1800, commune="Khánh An"),
        result_row("1.2", year=None, commune="Khánh An"),
        result_row("1.1", criteria_set="NTM 2099", commune="Khánh An", year=2024),   # unknown-set
        result_row("1.1", criteria_set=None, commune="Khánh An", year=2024),
        result_row(None, commune="Khánh An", year=2024),                   # missing-code
        result_row("2.1", status="Tốt", commune="Khánh An", year=2024),     # bad-status
        result_row("2.2", status=None, commune="Khánh An", year=2024),      # missing-status
        result_row("2.3", status=" ", commune="Khánh An", year=2024),
        result_row("25.1", commune="Khánh An", year=2024),                 # criterion-mismatch
        result_row("1.9", commune="Khánh An", year=2024),                  # unknown-indicator
        result_row("17.10", commune="Khánh An", year=2024, value="0,85", target="≥ 90%"),   # fraction
        result_row("3.1", commune="Khánh An", year=2024, value="50%", target="≥ 80%"),      # disagreement
        result_row("3.1", status="Chưa đạt", commune="Khánh Lợi", year=2024, value="95%"),  # catalog's
        result_row("2.1", commune="Khánh Lợi", year=2024),
        result_row("2.1", commune="Khánh Lợi", year=2024),                 # duplicate-result
        result_row("5", status="Đạt", commune="Khánh Hà", year=2024),      # criterion-level row
        result_row("5", status="Chưa đạt", commune="Khánh Hà", year=2024),  # repeated criterion row
        result_row("5.1", status="Chưa đạt", commune="Khánh Hà", year=2024),
        result_row(None, status=None, commune=None, year=None, criteria_set=None, province=None,
                   note="chỉ có ghi chú"),                                   # a row with only a note
        result_row("1.1", status="đạt", commune="  khánh  bình ", year=2023, province="KHÁNH HOÀ"),
    ]
    assert_same_load(template_book(rows), catalog)


def test_years_codes_and_statuses_written_as_text(catalog):
    rows = _full(catalog, year="2023")
    rows += [result_row("1.2", year="năm 2023", commune="Khánh An"),
             result_row("1.2", year=" 2024 ", commune="Khánh An"),
             result_row("17,2", year="2024", commune="Khánh An"),
             result_row(" 05 ", year="2024", commune="Khánh An"),
             result_row("1.1", year="2024", status="1", commune="Khánh An")]
    assert_same_load(template_book(rows), catalog)


@pytest.mark.parametrize("values", [
    ["85,5", "85%", "0,85", "1.500", "1.234,5", "100", "0", "≥ 90%", "khoảng 90", "-", " "],
    [85.5, 0.85, 1.234, 100, 0, 0.9, 95, 12.25, 1e-7],
], ids=["text", "numbers"])
def test_values_numbers_and_targets(catalog, values):
    statuses = ["Đạt", "Chưa đạt", "Cơ bản đạt", "KAD", "x", "CĐ", "đạt chuẩn"]
    targets = ["≥ 90%", None, "100%", "Đạt", "≤ 5%", "> 1", "≤ 0,5"]
    codes = list(catalog.get("ntm-2021").indicators["indicator"])
    rows = [result_row(code, statuses[i % len(statuses)], value=values[i % len(values)],
                       target=targets[i % len(targets)]) for i, code in enumerate(codes)]
    rows += [result_row(code, "Chưa đạt", commune="Khánh An", value=values[i % len(values)])
             for i, code in enumerate(codes)]
    assert_same_load(template_book(rows), catalog)


def test_statuses_written_as_numbers(catalog):
    codes = catalog.get("ntm-2021").indicators["indicator"]
    rows = [result_row(code, [1, 0, 0.5][i % 3]) for i, code in enumerate(codes)]
    assert_same_load(template_book(rows), catalog)


def test_blank_rows_extra_columns_and_stray_cells(catalog):
    header = [*HEADER, "Người nhập", None, "Ghi chú"]   # a named extra, an unnamed column, a repeat
    rows = [row + ["Lan", None, None] for row in _full(catalog)]
    rows[3][-2] = "dữ liệu lạc"                             # data under a blank header
    rows.insert(5, [None] * len(header))                    # blank rows inside and at the end
    rows.insert(9, [None] * 13 + ["chỉ cột thừa", None])    # a row with data only in ignored columns
    rows += [[None] * len(header)] * 3
    data = build_xlsx({"KetQua": [header, *rows]})
    # A repeated header name is renamed by fastexcel: the general path reads that file.
    assert _fast(data, catalog) is None
    header[-1] = None
    data = build_xlsx({"KetQua": [header, *[row[:-1] + [None] for row in rows]]})
    assert_same_load(data, catalog)


def test_reordered_english_columns_without_province(catalog):
    order = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]   # every column but the province, reversed
    header = [HEADER_EN[i] for i in order]
    rows = [[row[i] for i in order] for row in _full(catalog, status="Cơ bản đạt")]
    assert_same_load(template_book(rows, header=header), catalog)


def test_name_variants_and_decomposed_text(catalog):
    import unicodedata

    rows = (_full(catalog, province="Khánh Hòa")
            + _full(catalog, province="Khánh Hoà", commune="Khánh An")
            + _full(catalog, province=unicodedata.normalize("NFD", "Khánh Hòa"), commune="Khánh Lợi",
                    district=" Diên  Khánh "))
    assert_same_load(template_book(rows), catalog)


def test_incomplete_catalog_and_missing_indicators(catalog):
    rows = _full(catalog)[:20]                                             # missing-indicator
    rows += [result_row("1.1", criteria_set="NTM nâng cao 2021-2025", commune="Khánh An"),
             result_row("1.7", criteria_set="NTM nâng cao 2021-2025", commune="Khánh An"),  # not listed
             result_row("3", criteria_set="NTM 2026-2030", commune="Khánh An", year=2026)]
    assert_same_load(template_book(rows), catalog)


def test_the_shipped_template_written_with_results(catalog):
    rows = _full(catalog, status="Chưa đạt") + _full(catalog, commune="Khánh An", year=2022)
    frame = _general(template_book(rows), catalog).results
    buffer = BytesIO()
    write_template(buffer, "ntm-2021", frame, catalog=catalog)
    assert_same_load(buffer.getvalue(), catalog)


def test_random_rows(catalog):
    """Rows drawn from valid and invalid cells (fixed seed), written by xlsxwriter."""
    rng = random.Random(20240601)
    pools = {
        "province": ["Khánh Hòa", "Khánh Hoà", "KHÁNH HÒA", None, " "],
        "district": ["Diên Khánh", None, "Cam Lâm"],
        "commune": ["Khánh Bình", "Khánh An", "khánh bình", None, "  "],
        "commune_code": ["22480", None, "022480"],
        "year": [2023, 2024, 2023.0, 1500, None],
        "criteria_set": ["NTM 2021-2025", "ntm-2021", "NTM 2016-2020", "Không rõ", None],
        "code": ["1.1", "1.2", "2.1", "17.10", "17.1", "5", "19.2", "25.1", "1.9", None, "17,2"],
        "indicator_name": ["Quy hoạch", None],
        "target": ["≥ 90%", "Đạt", None, "100%"],
        "value": ["85%", "0,85", "95,5", 12.5, 0.9, None, "không"],
        "status": ["Đạt", "Chưa đạt", "Cơ bản đạt", "Không áp dụng", "x", None, "Tốt", 1],
        "note": [None, "ghi chú"],
    }
    for _ in range(3):
        buffer = BytesIO()
        book = xlsxwriter.Workbook(buffer)
        sheet = book.add_worksheet("KetQua")
        sheet.write_row(0, 0, HEADER)
        for r in range(1, 400):
            for c, name in enumerate(pools):
                value = rng.choice(pools[name])
                if value is not None:
                    sheet.write(r, c, value)
        book.close()
        data = buffer.getvalue()
        if _fast(data, catalog) is None:   # a column drew both text and numbers
            assert load_workbook(data, catalog, file_name="mau.xlsx").stats == _general(data, catalog).stats
            continue
        assert_same_load(data, catalog)


def _percent_cells(book, sheet) -> None:
    """Numbers in percent formats (built-in and custom, one with a quoted %), an empty cell and a
    text in one (each column holds one kind of cell: see test_steps_aside_when_unsure)."""
    for row, (value, number_format) in enumerate([(0.85, "0%"), (0.955, "0.0%"), (1, "0%"), (0.5, "0.00%"),
                                                   (None, "0%"), (0.7, '0.0" %"'), (0.95, "0%")], start=2):
        cell = sheet.cell(row, 10)
        cell.value, cell.number_format = value, number_format
    note = sheet.cell(3, 12)
    note.value, note.number_format = "ghi chú", "0%"
    sheet.row_dimensions[4].number_format = "0%"   # a row style: only cells count


def test_numbers_in_a_percent_format_read_as_the_user_sees_them(catalog):
    data = _with_sheet_change(catalog, _percent_cells)
    fast = _fast(data, catalog)
    assert fast is not None
    assert "85%" in fast.results["value"].astype(str).tolist()
    assert_same_load(data, catalog)


def _with_sheet_change(catalog, change) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KetQua"
    for row in [HEADER, *_full(catalog)]:
        sheet.append(row)
    change(book, sheet)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("change", [
    pytest.param(lambda book, sheet: setattr(sheet["J3"], "value", "=1+1"), id="formula"),
    pytest.param(lambda book, sheet: sheet.insert_rows(1), id="header-below-row-1"),
    pytest.param(lambda book, sheet: setattr(sheet["G3"], "value", 1.1), id="code-typed-as-number"),
    pytest.param(lambda book, sheet: setattr(sheet["C3"], "value", 5), id="text-and-numbers"),
    pytest.param(lambda book, sheet: book.create_sheet("Khac").append(["ghi chú"]), id="another-sheet"),
    pytest.param(lambda book, sheet: setattr(book.create_sheet("An"), "sheet_state", "hidden"), id="hidden"),
    pytest.param(lambda book, sheet: setattr(sheet["E3"], "value", True), id="boolean"),
    # The Arrow batch starts at the first column with content: A1 must hold the first header.
    pytest.param(lambda book, sheet: sheet.insert_cols(1), id="table-from-column-B"),
    pytest.param(lambda book, sheet: setattr(sheet["A1"], "value", None), id="column-A-without-header"),
    # fastexcel names a column without a header "__UNNAMED__<position>": a header written so is not one.
    pytest.param(lambda book, sheet: setattr(sheet["N1"], "value", "__UNNAMED__13"),
                 id="header-named-unnamed"),
    pytest.param(lambda book, sheet: setattr(sheet["K3"], "value", "Ch\xada \xae\xb9t"), id="tcvn3-text"),
    pytest.param(lambda book, sheet: setattr(sheet["C3"], "value", "Kh\xb8nh B\xddnh"), id="tcvn3-name"),
])
def test_steps_aside_when_unsure(catalog, change):
    data = _with_sheet_change(catalog, change)
    assert _fast(data, catalog) is None
    loaded = load_workbook(data, catalog, file_name="mau.xlsx")
    general = _general(data, catalog)
    pd.testing.assert_frame_equal(loaded.problems, general.problems)


def test_a_hidden_results_sheet_is_left_to_the_general_path(catalog):
    data = _with_sheet_change(catalog, lambda book, sheet: (book.create_sheet("Trong"),
                                                            setattr(sheet, "sheet_state", "hidden")))
    assert _fast(data, catalog) is None
    with pytest.raises(UnreadableWorkbook, match="hidden sheets are not read"):
        load_workbook(data, catalog, file_name="mau.xlsx")


def test_small_workbooks_take_the_general_path(catalog):
    data = template_book(_full(catalog))
    assert load_template_fast(data, "mau.xlsx", catalog, ReadContext(catalog, "mau.xlsx", LoadOptions()),
                              LAYOUTS) is None


def test_a_header_without_rows(catalog):
    assert_same_load(template_book([]), catalog)


def test_empty_optional_columns_log_nothing(catalog, caplog):
    # The notes column left empty on every row: fastexcel reads it as text and would warn so.
    note = HEADER.index("Ghi chú")
    rows = [[*row[:note], None, *row[note + 1:]] for row in _full(catalog)]
    data = template_book(rows)
    with caplog.at_level(logging.DEBUG):
        assert_same_load(data, catalog)
    assert not [record for record in caplog.records if record.name.startswith("fastexcel")]
