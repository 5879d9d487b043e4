"""The keys that say two assessments are "the same": same province, commune, year and set.

A newer upload supersedes an older one's assessment when both have the same supersede key:
(province, commune, year, criteria set), where the commune is its official code when the file
gives one and otherwise its name as a key. Name keys follow DESIGN.md: Unicode form, case,
spacing and tone-mark placement ("Hòa"/"Hoà") do not matter, the "UBND"/"xã" (for provinces
"tỉnh", for districts "huyện"...) prefixes are dropped, but the letters and tones themselves
do: "Hòa" and "Hóa" are different communes, and superseding one by the other would hide data.
The district is left out of the supersede key on purpose: districts were abolished on 1 July 2025,
so a later file may not name one. Pure functions; the store saves the keys beside each assessment.
"""

from __future__ import annotations

import re
import unicodedata

from ntm.text import is_blank, nfc

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_TONE = re.compile(f"[{_TONES}]")
_DIGITS = re.compile(r"^\d+$")


def place_key(text: object) -> str:
    """A place name as a key: equal for spellings that differ only in form, case, spacing or
    where the tone mark sits; different for different letters or tones.

    >>> place_key("Khánh Hòa") == place_key("KHÁNH HOÀ") == place_key("khánh  hoà")
    True
    >>> place_key("Hòa") == place_key("Hóa")
    False
    """
    words = []
    for word in unicodedata.normalize("NFD", nfc(text)).lower().split():
        words.append(_TONE.sub("", word) + "".join(sorted(_TONE.findall(word))))
    return " ".join(words)


def _prefixes(*phrases: str) -> list[list[str]]:
    return [place_key(p).split() for p in phrases]


_PROVINCE_PREFIXES = _prefixes("tỉnh", "thành phố", "tp.", "tp")
_DISTRICT_PREFIXES = _prefixes("huyện", "quận", "thị xã", "thành phố", "tp.", "tp")
_COMMUNE_PREFIXES = _prefixes("xã")


def _without(key: str, prefixes: list[list[str]], *, ubnd: bool = False) -> str:
    words = key.split()
    if ubnd and words[:1] == ["ubnd"]:
        words = words[1:]
    for prefix in prefixes:
        if len(words) > len(prefix) and words[: len(prefix)] == prefix:
            words = words[len(prefix):]
            break
    return " ".join(words)


def province_key(province: object) -> str:
    """"Tỉnh An Giang", "an giang" → the same key ("" for a blank province)."""
    return _without(place_key(province), _PROVINCE_PREFIXES)


def district_key(district: object) -> str | None:
    """"Huyện Châu Phú", "châu phú" → the same key; None for a blank district."""
    key = place_key(district)
    return _without(key, _DISTRICT_PREFIXES) if key else None


def name_key(commune: object) -> str:
    """A commune name as a key: "UBND xã Khánh Bình" and "khánh bình" give the same key."""
    return _without(place_key(commune), _COMMUNE_PREFIXES, ubnd=True)


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
