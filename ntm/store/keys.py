"""The keys that say two assessments are "the same": same province, commune, year and set.

A newer upload supersedes an older one's assessment when both have the same supersede key:
(province, commune, year, criteria set), where the commune is its official code when the file
gives one and otherwise its name folded the way DESIGN.md says (no diacritics, lower case, the
"UBND"/"xã" prefixes dropped). The district is left out on purpose: districts were abolished on
1 July 2025, so a later file may not name one. Pure functions; the store saves the keys beside
each assessment so lookups are index scans.
"""

from __future__ import annotations

import re

from ntm.text import fold, is_blank, nfc

_PREFIX = re.compile(r"^(?:ubnd\s+)?(?:xa\s+)")
_DIGITS = re.compile(r"^\d+$")


def province_key(province: object) -> str:
    """"Tỉnh An Giang", "an giang" → "an giang" (a blank province gives "")."""
    key = fold(province)
    return re.sub(r"^(?:tinh|thanh pho|tp\.?)\s+", "", key)


def district_key(district: object) -> str | None:
    """"Huyện Châu Phú", "chau phu" → "chau phu"; None for a blank district."""
    key = fold(district)
    return re.sub(r"^(?:huyen|quan|thi xa|thanh pho|tp\.?)\s+", "", key) if key else None


def name_key(commune: object) -> str:
    """A commune name as a matching key: "UBND xã Khánh Bình" → "khanh binh"."""
    return _PREFIX.sub("", fold(commune))


def code_key(code: object) -> str:
    """An official unit code as a key ("" when blank): "01234" and 1234 give "1234"."""
    if is_blank(code):
        return ""
    text = nfc(code)
    if text.endswith(".0"):  # a code that went through a float in Excel
        text = text[:-2]
    return text.lstrip("0") or "0" if _DIGITS.match(text) else text.lower()


def commune_key(commune: object, code: object) -> str:
    """The commune part of the supersede key: "code:<code>" if known, else "name:<name key>"."""
    code = code_key(code)
    return f"code:{code}" if code else f"name:{name_key(commune)}"
