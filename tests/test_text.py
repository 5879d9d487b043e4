"""ntm.text: NFC/fold keys, indicator codes and numbers typed the Vietnamese way."""

from __future__ import annotations

import math
import unicodedata

import numpy as np
import pandas as pd
import pytest

from ntm.text import code_sort_key, criterion_of, fold, is_blank, nfc, normalize_code, parse_number


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- nfc ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (nfd("Đạt"), "Đạt"),
        (nfd("  Khánh Bình "), "Khánh Bình"),
        ("Hòa", "Hòa"),
        (None, ""),
        (float("nan"), ""),
        (np.nan, ""),
        (pd.NA, ""),
        (pd.NaT, ""),
        (17, "17"),
        (1.5, "1.5"),
    ],
)
def test_nfc(value, expected):
    result = nfc(value)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


def test_nfc_composes_decomposed_text_to_fewer_code_points():
    assert len(nfd("Đạt")) > len(nfc(nfd("Đạt")))


# --- fold -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hòa", "hoà"),  # tone mark on the o or on the a
        ("Thanh Hóa", "Thanh Hoá"),
        ("Thủy lợi", "Thuỷ lợi"),
        ("Đạt", nfd("Đạt")),
        ("Đạt", "đạt"),
        ("Đạt", "DAT"),
        ("  Tự  đánh GIÁ ", "tu danh gia"),
        ("Chưa\u00a0đạt", "chua dat"),  # non-breaking space
        ("\ufeffĐạt\u200b", "dat"),  # byte-order mark and zero-width space from pasted text
        ("Ðạt", "Đạt"),  # Icelandic eth typed for Đ
        (nfd("Không áp dụng"), "khong ap dung"),
    ],
)
def test_fold_makes_spellings_equal(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Đạt", "dat"),
        ("đ", "d"),
        ("Đ", "d"),
        (nfd("Cơ bản đạt"), "co ban dat"),
        ("Nông thôn mới  nâng cao", "nong thon moi nang cao"),
        (None, ""),
        (float("nan"), ""),
        (5, "5"),
    ],
)
def test_fold_values(value, expected):
    assert fold(value) == expected


@pytest.mark.parametrize(("a", "b"), [("Đạt", "Chưa đạt"), ("Cơ bản đạt", "Đạt"), ("1.1", "1.10")])
def test_fold_keeps_different_words_apart(a, b):
    assert fold(a) != fold(b)


# --- is_blank -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, True), (float("nan"), True), (np.nan, True), (pd.NA, True), (pd.NaT, True),
        ("", True), ("   ", True), ("\t\n", True), ("\u200b", True),
        (0, False), (0.0, False), ("0", False), ("-", False), (False, False), ("x", False),
    ],
)
def test_is_blank(value, expected):
    assert is_blank(value) is expected


# --- normalize_code -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05", "5"),
        ("5", "5"),
        (5, "5"),
        (np.int64(5), "5"),
        (5.0, "5"),
        (np.float64(11.0), "11"),
        (1.1, "1.1"),
        (17.1, "17.1"),  # a float cannot say whether 17.10 was meant (see the catalog reader)
        ("17.1", "17.1"),
        ("17.10", "17.10"),
        ("17.10.", "17.10"),
        (" 17.10. ", "17.10"),
        ("17,2", "17.2"),
        ("17 , 2", "17.2"),
        ("01.02", "1.2"),
        ("1.1.", "1.1"),
        ("", ""),
        ("   ", ""),
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
    ],
)
def test_normalize_code(value, expected):
    assert normalize_code(value) == expected


def test_normalize_code_tells_17_1_from_17_10():
    assert normalize_code("17.1") != normalize_code("17.10")


@pytest.mark.parametrize(("code", "criterion"), [("17.11", "17"), ("5", "5"), ("1.1", "1"), ("", "")])
def test_criterion_of(code, criterion):
    assert criterion_of(code) == criterion


# --- code_sort_key --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["10", "2", "1.10", "1.2", "1.1"], ["1.1", "1.2", "1.10", "2", "10"]),
        (["17.11", "17.2", "17.1", "17.10", "17"], ["17", "17.1", "17.2", "17.10", "17.11"]),
        (["19.2", "5", "19.1", "11"], ["5", "11", "19.1", "19.2"]),
        (["2.x", "2.1", "2.2"], ["2.1", "2.2", "2.x"]),  # text parts after numbers
    ],
)
def test_code_sort_key_orders_numerically(codes, expected):
    assert sorted(codes, key=code_sort_key) == expected


def test_code_sort_key_is_not_lexicographic():
    assert code_sort_key("1.2") < code_sort_key("1.10")
    assert "1.2" > "1.10"  # what plain string sorting would do


# --- parse_number ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("85,5", 85.5),
        ("85%", 85.0),
        ("85 %", 85.0),
        ("≥ 90%", 90.0),
        ("≤6%", 6.0),
        ("0,85", 0.85),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1.000.000,25", 1000000.25),
        ("1,234.5", 1234.5),  # English marks: the last one is the decimal mark
        ("1,234,567", 1234567.0),
        ("1 234 567", 1234567.0),
        ("10 000,5", 10000.5),
        ("1.500", 1500.0),  # one dot and three digits: Vietnamese thousands
        ("100.000 đồng", 100000.0),
        ("0.850", 0.85),
        ("85.5", 85.5),
        ("2.42%", 2.42),
        ("12.3456", 12.3456),
        (",5", 0.5),
        ("85.", 85.0),
        ("-5", -5.0),
        ("\u22125,5", -5.5),
        ("-1.500", -1500.0),
        ("Tối thiểu 70%", 70.0),
        ("45 triệu đồng/người/năm", 45.0),
        (nfd("Đạt 95,5%"), 95.5),
        (85, 85.0),
        (85.5, 85.5),
        (0, 0.0),
        (np.int64(3), 3.0),
        (np.float64(0.5), 0.5),
    ],
)
def test_parse_number(value, expected):
    assert parse_number(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value",
    ["Đạt", "Chưa đạt", "x", "-", "%", "", "   ", None, float("nan"), pd.NA, True, False, np.bool_(True)],
)
def test_parse_number_gives_none_for_text_blanks_and_booleans(value):
    assert parse_number(value) is None


def test_parse_number_returns_floats():
    assert isinstance(parse_number(85), float)
    assert isinstance(parse_number("85"), float)
    assert not math.isnan(parse_number("0"))
