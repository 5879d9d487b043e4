"""Numbers written the Vietnamese way: decimal comma, dot thousands, no trailing zeros.

16/19 → "84,21%", 63/75 → "84%", 1234567 → "1.234.567". Also the exact half-up rounding every
ratio in the product uses.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd


def ratio_pct(met, total):
    """Percentage ``met / total × 100`` rounded half-up to 2 decimals, exactly.

    Works on scalars and on array-likes (vectorised, integer arithmetic: no float ties lost); a
    scalar and an array broadcast against each other. Returns NaN where ``met`` or ``total`` is
    missing or ``total`` is 0 (no denominator). Array input gives a NumPy float array.

    >>> ratio_pct(16, 19), ratio_pct(50, 57), ratio_pct(63, 75)
    (84.21, 87.72, 84.0)
    """
    m_values, m_missing = _int_array(met)
    t_values, t_missing = _int_array(total)
    m_values, m_missing, t_values, t_missing = np.broadcast_arrays(m_values, m_missing, t_values, t_missing)
    valid = ~m_missing & ~t_missing & (t_values > 0)
    m0 = np.where(valid, m_values, 0)
    t0 = np.where(valid, t_values, 1)
    hundredths = (m0 * 20000 + t0) // (2 * t0)  # floor(m*10000/t + 1/2)
    out = np.where(valid, hundredths / 100.0, np.nan)
    if np.ndim(met) == 0 and np.ndim(total) == 0:
        return float(out[0])
    return out


def _int_array(values) -> tuple[np.ndarray, np.ndarray]:
    """(int64 values with 0 for missing, missing mask) of a scalar or 1-D array-like of counts."""
    array = pd.array(np.atleast_1d(np.asarray(values, dtype=object)), dtype="Int64")
    return array.to_numpy(dtype=np.int64, na_value=0), np.asarray(array.isna())


def format_number(value: float | int | None, decimals: int = 2) -> str:
    """``value`` with a decimal comma, dot thousands and no trailing zeros.

    Rounded half-up to ``decimals`` places: 1234567 → "1.234.567", -1234.5 → "-1.234,5",
    84.0 → "84". Missing values (None, NaN, pd.NA) and infinities give "".
    """
    if value is None or pd.isna(value) or not np.isfinite(float(value)):
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    d = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    frac = frac.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def format_pct(value: float | None, decimals: int = 2) -> str:
    """A percentage the Vietnamese way: 84.21 → "84,21%", 84.0 → "84%"."""
    text = format_number(value, decimals)
    return f"{text}%" if text else ""


def format_count(n: int, width: int = 2) -> str:
    """A count as officials write it in reports: 3 → "03", 12 → "12"."""
    return f"{int(n):0{width}d}"
