"""ntm.targets: numeric targets as officials write them, and whether a result reaches them."""

from __future__ import annotations

import unicodedata

import pytest

from ntm.targets import gap, parse_target, reaches


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥ 90%", (">=", 90.0)),
        ("≥90%", (">=", 90.0)),
        (">= 90", (">=", 90.0)),
        ("=> 90", (">=", 90.0)),
        ("⩾ 80%", (">=", 80.0)),
        ("≤6%", ("<=", 6.0)),
        ("≤ 6%", ("<=", 6.0)),
        ("=< 6", ("<=", 6.0)),
        ("> 50", (">", 50.0)),
        ("< 5%", ("<", 5.0)),
        ("= 100%", ("=", 100.0)),
        ("100%", ("=", 100.0)),  # no sign: 100% means all
        ("90%", (">=", 90.0)),  # no sign: at least
        ("Tỷ lệ ≥ 85,5%", (">=", 85.5)),  # sign in the middle of the text
        ("Tỷ lệ hộ nghèo ≤ 6%", ("<=", 6.0)),
        ("⩽ 6%", ("<=", 6.0)),
        ("Tối thiểu 70%", (">=", 70.0)),
        ("Ít nhất 2 điểm", (">=", 2.0)),
        ("Từ 90% trở lên", (">=", 90.0)),
        ("90% trở lên", (">=", 90.0)),
        ("5% trở xuống", ("<=", 5.0)),
        ("Trên 50%", (">", 50.0)),
        ("Tối đa 6%", ("<=", 6.0)),
        ("Không quá 5%", ("<=", 5.0)),
        ("Dưới 5%", ("<", 5.0)),
        (unicodedata.normalize("NFD", "Tối thiểu 70%"), (">=", 70.0)),
        ("≥ 45 triệu đồng/người/năm", (">=", 45.0)),
        ("≥ 1.500 người", (">=", 1500.0)),
        (90, (">=", 90.0)),
        (100, (">=", 100.0)),  # a bare number carries no "%"
    ],
)
def test_parse_target(text, expected):
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Đạt", "Có", "Không", "UBND tỉnh quy định cụ thể (province specifies)", "", None, float("nan")],
)
def test_parse_target_gives_none_without_a_number(text):
    assert parse_target(text) is None


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("90%", "≥", (">=", 90.0)),
        ("6%", "≤", ("<=", 6.0)),
        ("100%", "≥", (">=", 100.0)),
        ("100%", "=", ("=", 100.0)),
        ("≤ 6%", "≥", ("<=", 6.0)),  # a written sign wins over the catalog's default
        ("90%", "??", (">=", 90.0)),
    ],
)
def test_parse_target_default_comparator(text, default, expected):
    assert parse_target(text, default) == expected


def test_words_match_whole_words_only():
    # "Tuổi" folds to "tuoi", which starts with "tu" ("từ", from): it must not read as ">=".
    assert parse_target("Tuổi 60", "≤") == ("<=", 60.0)


@pytest.mark.parametrize(
    ("value", "comparator", "target", "expected"),
    [
        (90, ">=", 90, True),
        (89.9, ">=", 90, False),
        (95, ">=", 90, True),
        (89.99999999999999, ">=", 90, True),  # float noise from a computed rate
        (6, "<=", 6, True),
        (6.1, "<=", 6, False),
        (6.000000000000001, "<=", 6, True),
        (51, ">", 50, True),
        (50, ">", 50, False),
        (50.00000000000001, ">", 50, False),
        (4, "<", 5, True),
        (5, "<", 5, False),
        (100, "=", 100, True),
        (99.5, "=", 100, False),
        (101, "=", 100, True),  # "= 100%" means at least 100
        (2, "=", 2, True),
        (3, "=", 2, False),
        (0, "=", 0, True),
    ],
)
def test_reaches(value, comparator, target, expected):
    assert reaches(value, comparator, target) is expected


@pytest.mark.parametrize(
    ("value", "comparator", "target", "expected"),
    [
        (85, ">=", 90, 5.0),
        (95, ">=", 90, 0.0),
        (8.5, "<=", 6, 2.5),
        (4, "<=", 6, 0.0),
        (97.5, "=", 100, 2.5),
        (44.2, ">=", 45, 0.8),
    ],
)
def test_gap_is_in_the_indicator_unit(value, comparator, target, expected):
    assert gap(value, comparator, target) == pytest.approx(expected)


def test_parse_then_check_a_reported_result():
    comparator, target = parse_target("≥ 90%")
    assert not reaches(85.0, comparator, target)
    assert gap(85.0, comparator, target) == 5.0
