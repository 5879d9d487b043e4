"""Numeric targets ("≥ 90%", "100%", "≤ 6%") and whether a numeric result reaches them.

Reported status is authoritative (DESIGN rule 5); these functions let the loaders warn when a
reported status and the numbers disagree, and let scoring compute gaps to target.
"""

from __future__ import annotations

import math
import re

from ntm.text import fold, nfc, parse_number

_COMPARATORS = {"≥": ">=", "⩾": ">=", ">=": ">=", "=>": ">=", "≤": "<=", "⩽": "<=", "<=": "<=",
                "=<": "<=", ">": ">", "<": "<", "=": "="}
# A comparator sign just before the number: "≥ 90%", "Tỷ lệ ≥90%", "<= 6".
_SIGN = re.compile(r"(≥|⩾|>=|=>|≤|⩽|<=|=<|>|<|=)\s*[-+\u2212]?[.,]?\d")
# Words before the number (compared folded, as whole words).
_WORDS = [("toi thieu", ">="), ("it nhat", ">="), ("tu", ">="), ("tren", ">"), ("lon hon", ">"),
          ("toi da", "<="), ("khong qua", "<="), ("khong vuot qua", "<="), ("duoi", "<"), ("nho hon", "<")]
# Words after the number: "90% trở lên", "5% trở xuống".
_SUFFIXES = [("tro len", ">="), ("tro xuong", "<=")]
_TOLERANCE = 1e-9


def parse_target(text: object, default_comparator: str = "") -> tuple[str, float] | None:
    """(comparator, number) for a numeric target, or None when the target is not a number.

    The comparator is one of ">=", "<=", ">", "<", "=": from a sign before the number ("≥ 90%",
    "Tỷ lệ ≤ 6%") or from words ("Tối thiểu 70%", "Từ 90% trở lên", "Không quá 5%"); without
    either, ``default_comparator`` (from the catalog: "≥" for most rates) is used, else "=" for
    100% and ">=" otherwise.

    >>> parse_target("≥ 90%"), parse_target("≤6%"), parse_target("Đạt")
    (('>=', 90.0), ('<=', 6.0), None)
    """
    raw = nfc(text)
    number = parse_number(raw)
    if number is None:
        return None
    match = _SIGN.search(raw)
    if match:
        return _COMPARATORS[match.group(1)], number
    folded = fold(raw)
    for word, comparator in _WORDS:
        if re.match(rf"{word}\b", folded):
            return comparator, number
    for word, comparator in _SUFFIXES:
        if word in folded:
            return comparator, number
    if default_comparator:
        return _COMPARATORS.get(default_comparator.strip(), ">="), number
    return ("=" if number == 100 and "%" in raw else ">="), number


def reaches(value: float, comparator: str, target: float) -> bool:
    """Whether ``value`` satisfies ``comparator target``.

    "=" of 100% means at least 100. Values within 1e-9 of the target count as equal, so a rate
    computed as 89.99999999999999 reaches "≥ 90" and does not pass "< 90".
    """
    equal = math.isclose(value, target, rel_tol=_TOLERANCE, abs_tol=_TOLERANCE)
    if comparator == ">=" or (comparator == "=" and target == 100):
        return equal or value > target
    if comparator == "=":
        return equal
    if comparator == "<=":
        return equal or value < target
    if comparator == ">":
        return value > target and not equal
    return value < target and not equal


def gap(value: float, comparator: str, target: float) -> float:
    """Distance still to cover, in the indicator's unit (0 when the target is reached)."""
    if reaches(value, comparator, target):
        return 0.0
    return abs(target - value)
