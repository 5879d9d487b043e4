"""Vietnamese text handling: Unicode normalisation, diacritics-free keys, codes and numbers.

Everything here is pure and cheap. ``fold`` gives the key used to match headers, names and status
words regardless of case, spacing, tone-mark placement (hòa/hoà) and Unicode form (NFC/NFD).
"""

from __future__ import annotations

import math
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def nfc(text: object) -> str:
    """``text`` as an NFC string with outer white space removed ("" for None/NaN)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return unicodedata.normalize("NFC", str(text)).strip()


def fold(text: object) -> str:
    """A matching key: no diacritics, đ→d, lower case, single spaces.

    >>> fold("  Tự  đánh GIÁ ") == fold("tu danh gia")
    True
    """
    decomposed = unicodedata.normalize("NFD", nfc(text))
    stripped = _COMBINING.sub("", decomposed).replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.lower()).strip()


def is_blank(value: object) -> bool:
    """True for None, NaN, and strings with nothing but white space."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


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


_NUMBER = re.compile(r"[-+]?\d[\d.,\s]*")


def parse_number(value: object) -> float | None:
    """A number from a cell as people type it, or None.

    Accepts 85, 85.5, "85,5", "85%", "≥ 90%", "1.234.567" (thousands dots), "1.234,5".
    A percent sign is dropped, not divided: "85%" → 85.0 (the unit says it is a percentage).
    """
    if is_blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    match = _NUMBER.search(nfc(value))
    if not match:
        return None
    raw = match.group(0).replace(" ", "").rstrip(".,")
    if "," in raw and "." in raw:
        raw = raw.replace(".", "").replace(",", ".")  # Vietnamese: 1.234,5
    elif "," in raw:
        raw = raw.replace(",", ".") if raw.count(",") == 1 else raw.replace(",", "")
    elif raw.count(".") > 1:
        raw = raw.replace(".", "")  # 1.234.567
    try:
        return float(raw)
    except ValueError:
        return None
