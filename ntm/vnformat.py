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

    Works on scalars and on array-likes (vectorised, integer arithmetic: no float ties lost).
    Returns NaN where ``total`` is 0 or missing.

    >>> ratio_pct(16, 19), ratio_pct(50, 57), ratio_pct(63, 75)
    (84.21, 87.72, 84.0)
    """
    m = pd.array(np.atleast_1d(met), dtype="Int64")
    t = pd.array(np.atleast_1d(total), dtype="Int64")
    valid = (~m.isna()) & (~t.isna()) & (t > 0)
    m0 = np.where(valid, m.fillna(0), 0).astype(np.int64)
    t0 = np.where(valid, t.fillna(1), 1).astype(np.int64)
    hundredths = (m0 * 20000 + t0) // (2 * t0)  # floor(m*10000/t + 1/2)
    out = np.where(valid, hundredths / 100.0, np.nan)
    if np.ndim(met) == 0 and np.ndim(total) == 0:
        return float(out[0])
    return out


def format_number(value: float | int | None, decimals: int = 2) -> str:
    """``value`` with a decimal comma, dot thousands and no trailing zeros ("" for missing)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
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
