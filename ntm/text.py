"""Vietnamese text handling: Unicode normalisation, diacritics-free keys, codes and numbers.

Everything here is pure and cheap. ``fold`` gives the key used to match headers, names and status
words regardless of case, spacing, tone-mark placement (hòa/hoà) and Unicode form (NFC/NFD).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

_SPACES = re.compile(r"\s+")
_COMBINING = re.compile(r"[\u0300-\u036f]")
# Zero-width characters that arrive with text pasted from web pages and PDFs.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# "Ð" (Icelandic eth) stands in for "Đ" in text typed with some legacy keyboards and fonts.
_D_LIKE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def _is_na(value: object) -> bool:
    """True for None and the scalar missing markers NaN, pd.NA and NaT."""
    if value is None:
        return True
    if isinstance(value, (str, bytes)):
        return False
    try:
        return bool(pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):
        return False


def nfc(text: object) -> str:
    """``text`` as an NFC string with outer white space removed ("" for None/NaN/pd.NA)."""
    if _is_na(text):
        return ""
    return unicodedata.normalize("NFC", str(text)).strip()


def fold(text: object) -> str:
    """A matching key: no diacritics, đ→d, lower case, single spaces.

    >>> fold("  Tự  đánh GIÁ ") == fold("tu danh gia")
    True
    """
    decomposed = unicodedata.normalize("NFD", _INVISIBLE.sub("", nfc(text)))
    stripped = _COMBINING.sub("", decomposed).translate(_D_LIKE)
    return _SPACES.sub(" ", stripped.lower()).strip()


def is_blank(value: object) -> bool:
    """True for None, NaN, pd.NA, NaT, and strings with nothing but white space."""
    if _is_na(value):
        return True
    return isinstance(value, str) and not _INVISIBLE.sub("", value).strip()


_CODE_SEP = re.compile(r"\s*[.,]\s*")


def normalize_code(value: object) -> str:
    """An indicator or criterion code as a canonical string ("" when blank).

    "05" → "5", "17,2" → "17.2", " 17.10. " → "17.10", 5.0 → "5". A float such as 17.1 stays
    "17.1": telling 17.1 from a mangled 17.10 needs the sequence around it (done by loaders).
    """
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int,)):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = repr(value)
    else:
        text = nfc(value)
    text = text.strip().rstrip(".").strip()
    parts = [p for p in _CODE_SEP.split(text)]
    parts = [p.lstrip("0") or "0" if p.isdigit() else p for p in parts]
    return ".".join(parts)


def criterion_of(code: str) -> str:
    """The criterion number of an indicator code: "17.11" → "17", "5" → "5"."""
    return code.split(".", 1)[0]


def code_sort_key(code: str) -> tuple:
    """Sort codes numerically part by part: 1.2 < 1.10 < 2 < 10."""
    key = []
    for part in str(code).split("."):
        key.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return tuple(key)


# A number as typed: digits grouped by spaces ("1 234 567"), or digits joined by dots and commas
# ("1.234,5", "85,5", ",5"). The sign may be a hyphen or the Unicode minus.
_NUMBER = re.compile(
    r"(?P<sign>[-+\u2212]?)"
    r"(?P<digits>\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|(?:\d+|(?=[.,]\d))(?:[.,]\d+)*)"
)
# One dot followed by exactly three digits is a Vietnamese thousands separator: "1.500" = 1500.
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}\.\d{3}")


def parse_number(value: object) -> float | None:
    """A number from a cell as people type it, or None.

    Text is read the Vietnamese way: a comma is the decimal mark and dots group thousands
    ("85,5" → 85.5, "1.234.567" → 1234567, "1.234,5" → 1234.5, "1.500" → 1500). A single dot
    that is not followed by exactly three digits is a decimal point ("85.5", "0.850", "2.42%").
    When both marks appear, the last one is the decimal mark ("1,234.5" → 1234.5). A percent
    sign is dropped, not divided: "85%" → 85.0 (the unit says it is a percentage). Numbers and
    numeric cells are returned as they are; booleans, blanks and text without digits give None.
    """
    if is_blank(value) or isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    match = _NUMBER.search(nfc(value))
    if not match:
        return None
    raw = re.sub(r"[ \u00a0\u202f]", "", match.group("digits"))
    if "," in raw and "." in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        raw = raw.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in raw:
        raw = raw.replace(",", ".") if raw.count(",") == 1 else raw.replace(",", "")
    elif raw.count(".") > 1 or _DOT_THOUSANDS.fullmatch(raw):
        raw = raw.replace(".", "")
    try:
        number = float(raw)
    except ValueError:
        return None
    return -number if match.group("sign") in ("-", "\u2212") else number
