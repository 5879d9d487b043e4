"""What an .xls says beyond its values: percent formats and formulas without a cached value.

Each workbook is a real BIFF8 file written in code (``tests.helpers_biff``), read through
``load_workbook`` as an upload would be.
"""

from __future__ import annotations

from ntm.loaders import load_workbook
from ntm.loaders.xls_parts import ole_stream, sheet_extras
from tests.helpers_biff import ole_file, xls_workbook
from tests.helpers_workbooks import HEADER, result_row

VALUE, STATUS = HEADER.index("Kết quả"), HEADER.index("Đánh giá")


def _load(data: bytes, catalog):
    return load_workbook(data, catalog, file_name="ket-qua.xls")


def test_a_number_in_a_percent_format_reads_as_a_percentage(catalog):
    rows = [HEADER, result_row("2.1", value=0.95, target="≥ 90%"),
            result_row("3.1", value=0.855, target="≥ 80%"), result_row("3.2", value=0.5)]
    data = xls_workbook({"KetQua": rows}, percent={"KetQua": {(1, VALUE)}},
                        formats={"KetQua": {(2, VALUE): "0.0%"}})
    result = _load(data, catalog)
    assert result.results["value"].astype(str).tolist() == ["95%", "85.5%", "0.5"]
    assert result.results["value_num"].tolist() == [95.0, 85.5, 0.5]
    # Read as the user sees it, so no fraction is guessed to be a percentage.
    assert "fraction-read-as-percent" not in set(result.problems["code"])


def test_only_percent_formats_count(catalog):
    """A custom format with a quoted or escaped % is not a percentage; "#,##0" neither."""
    # Codes whose catalog targets are not percentages (no fraction is read as one).
    rows = [HEADER, result_row("1.1", value=0.95), result_row("1.2", value=0.85),
            result_row("3.2", value=1234.5)]
    data = xls_workbook({"KetQua": rows}, formats={"KetQua": {(1, VALUE): '0.00" %"', (2, VALUE): "0.0\\%",
                                                              (3, VALUE): "#,##0.0"}})
    assert sheet_extras(data)["KetQua"].percent == []
    assert _load(data, catalog).results["value_num"].tolist() == [0.95, 0.85, 1234.5]


def test_a_formula_result_in_a_percent_format_reads_as_a_percentage(catalog):
    rows = [HEADER, result_row("2.1", value=None, target="≥ 90%")]
    data = xls_workbook({"KetQua": rows}, percent={"KetQua": {(1, VALUE)}},
                        formulas={"KetQua": {(1, VALUE): 0.92}})
    result = _load(data, catalog)
    assert result.results["value"].astype(str).tolist() == ["92%"]


def test_formulas_without_a_cached_value_are_named_by_cell(catalog):
    rows = [HEADER, *[result_row(code) for code in ("1.1", "1.2", "2.1")]]
    data = xls_workbook({"KetQua": rows}, formulas={"KetQua": {(1, VALUE): None, (3, STATUS): None,
                                                               (2, VALUE): 12.5, (3, VALUE): "có"}})
    assert sheet_extras(data)["KetQua"].uncached_formulas == [(1, VALUE), (3, STATUS)]
    result = _load(data, catalog)
    found = result.problems[result.problems["code"] == "formula-without-value"]
    assert len(found) == 1
    assert "J2, K4" in found["message"].iloc[0] and "J2, K4" in found["message_en"].iloc[0]
    assert found[["sheet", "row", "column"]].iloc[0].tolist() == ["KetQua", 2, "J"]
    # The cell without a value reads as blank: the status is missing, and said so.
    assert result.results["status"].astype(str).tolist() == ["met", "met", "missing"]
    assert result.results["value"].astype(str).tolist()[1:] == ["12.5", "có"]


def test_a_text_result_without_its_string_record_is_a_missing_value():
    data = xls_workbook({"A": [["x", "y"]]}, formulas={"A": {(0, 1): "y"}})
    # Drop the STRING record (type 0x0207) that follows the formula.
    at = data.find(b"\x07\x02\x05\x00")
    broken = data[:at] + b"\x3c\x00" + data[at + 2:]  # the record becomes a CONTINUE
    assert sheet_extras(broken)["A"].uncached_formulas == [(0, 1)]


def test_streams_are_read_from_sectors_and_from_the_mini_stream():
    small, large = b"abc" * 30, bytes(range(256)) * 40
    for mini in (False, True):
        data = ole_file({"Workbook": large, "Khac": small, "Trong": b"x"}, mini_stream=mini)
        assert ole_stream(data, ("Book", "Workbook")) == large
        assert ole_stream(data, ("Khac",)) == (small if mini else small + b"\x00" * (4096 - len(small)))
        assert ole_stream(data, ("Khong co",)) is None
    assert ole_stream(b"not an ole file" * 100, ("Workbook",)) is None
    assert ole_stream(data[:1024], ("Workbook",)) is None


def test_a_small_xls_in_the_mini_stream(catalog):
    rows = [HEADER, result_row("2.1", value=0.95, target="≥ 90%")]
    data = xls_workbook({"KetQua": rows}, percent={"KetQua": {(1, VALUE)}}, mini_stream=True)
    assert len(ole_stream(data, ("Workbook",))) < 4096
    assert _load(data, catalog).results["value"].astype(str).tolist() == ["95%"]


def test_a_damaged_xls_gives_no_extras():
    data = xls_workbook({"A": [["x", 0.5]]}, percent={"A": {(0, 1)}})
    assert sheet_extras(data[:600]) == {}
    assert sheet_extras(b"") == {}
