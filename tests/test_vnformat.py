"""ntm.vnformat: exact half-up ratios and numbers written the Vietnamese way."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm.vnformat import format_count, format_number, format_pct, ratio_pct


@pytest.mark.parametrize(
    ("met", "total", "expected"),
    [
        (16, 19, 84.21),  # the seed report's criteria ratio
        (50, 57, 87.72),  # its indicator ratio
        (63, 75, 84.0),  # advanced set: 84%, not 84.00%
        (13, 19, 68.42),
        (1, 8, 12.5),  # 12.5 exactly
        (2, 3, 66.67),
        (1, 3, 33.33),
        (1, 200, 0.5),
        (1, 400, 0.25),  # 0.25 exactly
        (1, 800, 0.13),  # 0.125 → half-up 0.13 (banker's rounding would give 0.12)
        (3, 800, 0.38),  # 0.375 → 0.38
        (5, 800, 0.63),  # 0.625 → 0.63 (float rounding gives 0.62)
        (1, 1600, 0.06),  # 0.0625 → 0.06
        (0, 19, 0.0),
        (19, 19, 100.0),
        (18, 18, 100.0),  # a commune without a market: 18 applicable criteria
    ],
)
def test_ratio_pct_scalar(met, total, expected):
    result = ratio_pct(met, total)
    assert isinstance(result, float)
    assert result == expected


@pytest.mark.parametrize(("met", "total"), [(5, 0), (0, 0), (None, 19), (5, None), (np.nan, 19), (5, pd.NA)])
def test_ratio_pct_without_a_denominator_or_count_is_nan(met, total):
    assert math.isnan(ratio_pct(met, total))


def test_ratio_pct_vectorised():
    met = np.array([16, 50, 63, 1, 2, 5, 0])
    total = np.array([19, 57, 75, 8, 3, 0, 19])
    result = ratio_pct(met, total)
    assert isinstance(result, np.ndarray)
    np.testing.assert_array_equal(result, [84.21, 87.72, 84.0, 12.5, 66.67, np.nan, 0.0])


def test_ratio_pct_vectorised_on_series_with_missing_counts():
    met = pd.Series([16, None, 63], dtype="Int64")
    total = pd.Series([19, 57, 75], dtype="Int64")
    np.testing.assert_array_equal(ratio_pct(met, total), [84.21, np.nan, 84.0])


def test_ratio_pct_broadcasts_a_scalar_total():
    np.testing.assert_array_equal(ratio_pct([16, 19, 0], 19), [84.21, 100.0, 0.0])
    np.testing.assert_array_equal(ratio_pct(16, [19, 0]), [84.21, np.nan])


def test_ratio_pct_accepts_numpy_integers():
    assert ratio_pct(np.int64(50), np.int64(57)) == 87.72


def _half_up(met: int, total: int) -> float:
    return float((Decimal(met) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_ratio_pct_is_decimal_half_up(met, total):
    assert ratio_pct(met, total) == _half_up(met, total)


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 5000)), min_size=1, max_size=30))
def test_ratio_pct_vectorised_matches_decimal(pairs):
    met, total = zip(*pairs)
    expected = [_half_up(m, t) for m, t in pairs]
    assert ratio_pct(np.array(met), np.array(total)).tolist() == expected


# --- formatting -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (84.21, "84,21%"),
        (84.0, "84%"),
        (87.72, "87,72%"),
        (12.5, "12,5%"),
        (100.0, "100%"),
        (0.0, "0%"),
        (ratio_pct(16, 19), "84,21%"),
        (ratio_pct(63, 75), "84%"),
        (66.666, "66,67%"),
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
    ],
)
def test_format_pct(value, expected):
    assert format_pct(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, 2, "1.234.567"),
        (1234567.891, 2, "1.234.567,89"),
        (1234.5, 2, "1.234,5"),
        (999, 2, "999"),
        (1000, 2, "1.000"),
        (0.5, 2, "0,5"),
        (-1234567, 2, "-1.234.567"),
        (-1234.5, 2, "-1.234,5"),
        (-0.5, 2, "-0,5"),
        (-0.004, 2, "0"),  # rounds to zero: no "-0"
        (2.675, 2, "2,68"),  # half-up on the written value (float 2.675 is 2.67499…)
        (0.125, 2, "0,13"),
        (2.5, 0, "3"),
        (45.0, 2, "45"),
        (np.int64(5), 2, "5"),
        (np.float64(84.21), 2, "84,21"),
        (None, 2, ""),
        (float("nan"), 2, ""),
        (pd.NA, 2, ""),
        (float("inf"), 2, ""),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(("n", "width", "expected"), [(3, 2, "03"), (12, 2, "12"), (6, 2, "06"), (7, 3, "007")])
def test_format_count(n, width, expected):
    assert format_count(n, width) == expected
