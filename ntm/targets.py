"""Numeric targets ("≥ 90%", "100%", "≤ 6%") and whether a numeric result reaches them.

Reported status is authoritative (DESIGN rule 5); these functions let the loaders warn when a
reported status and the numbers disagree, and let scoring compute gaps to target.
"""

from __future__ import annotations

import re

from ntm.text import fold, nfc, parse_number

_COMPARATORS = {"≥": ">=", ">=": ">=", "=>": ">=", "≤": "<=", "<=": "<=", "=<": "<=",
                ">": ">", "<": "<", "=": "="}
_LEADING = re.compile(r"^\s*(≥|>=|=>|≤|<=|=<|>|<|=)")
_WORDS = {"toi thieu": ">=", "it nhat": ">=", "tu": ">=", "toi da": "<=", "duoi": "<", "khong qua": "<="}


def parse_target(text: object, default_comparator: str = "") -> tuple[str, float] | None:
    """(comparator, number) for a numeric target, or None when the target is not a number.

    The comparator is one of ">=", "<=", ">", "<", "="; without a sign, ``default_comparator``
    (from the catalog: "≥" for most rates) is used, else "=" for 100% and ">=" otherwise.

    >>> parse_target("≥ 90%"), parse_target("≤6%"), parse_target("Đạt")
    (('>=', 90.0), ('<=', 6.0), None)
    """
    raw = nfc(text)
    number = parse_number(raw)
    if number is None:
        return None
    match = _LEADING.match(raw)
    if match:
        return _COMPARATORS[match.group(1)], number
    folded = fold(raw)
    for word, comparator in _WORDS.items():
        if folded.startswith(word):
            return comparator, number
    if default_comparator:
        return _COMPARATORS.get(default_comparator.strip(), ">="), number
    return ("=" if number == 100 and "%" in raw else ">="), number


def reaches(value: float, comparator: str, target: float) -> bool:
    """Whether ``value`` satisfies ``comparator target`` ("=" of 100% means at least 100)."""
    if comparator == ">=" or comparator == "=":
        return value >= target if comparator == ">=" or target == 100 else abs(value - target) < 1e-9
    if comparator == "<=":
        return value <= target
    if comparator == ">":
        return value > target
    return value < target


def gap(value: float, comparator: str, target: float) -> float:
    """Distance still to cover, in the indicator's unit (0 when the target is reached)."""
    if reaches(value, comparator, target):
        return 0.0
    return abs(target - value)
