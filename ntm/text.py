"""Vietnamese text handling: Unicode normalisation, diacritics-free keys, codes and numbers.

Everything here is pure and cheap. ``fold`` gives the key used to match headers, names and status
words regardless of case, spacing, tone-mark placement (hòa/hoà) and Unicode form (NFC/NFD).
"""

from __future__ import annotations

import functools
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


# --- place names -----------------------------------------------------------------------------

# Words written before a unit's name, folded (no diacritics, lower case): the unit's kind at every
# level, and "UBND"/"Ủy ban nhân dân" (a form often names the commune by its People's Committee).
# Longer spellings first, so that "thi tran" wins over a bare "t…".
_PLACE_PREFIXES = (
    "uy ban nhan dan", "ubnd",
    "thanh pho truc thuoc trung uong", "thanh pho", "thi tran", "thi xa", "dac khu",
    "xa", "phuong", "huyen", "quan", "tinh",
)
# Abbreviations: "TT." / "TT " (thị trấn), "TX", "TP", and one letter followed by a dot or a
# number ("P.1", "P1", "Q.3", "X.", "H.") — never one letter followed by a word.
_PLACE_PREFIX = re.compile(
    r"(?:(?:" + "|".join(p.replace(" ", r"\s+") for p in _PLACE_PREFIXES) + r")(?=[\s.:,\-]|$)"
    r"|(?:tt|tx|tp)(?=[\s.:,\-]|\d|$)"
    r"|[pxhq](?=\.|\s*\d))"
    r"[\s.:,\-]*"
)
_PLACE_PUNCT = re.compile(r"[\-\u2010-\u2015\u2212_/,.;:()\[\]\"]+")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`´]")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_TONE = re.compile(f"[{_TONE_MARKS}]")


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded (usually one character; "" for a lone combining mark)."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", char)).translate(_D_LIKE).lower()


def _fold_aligned(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, with the index in ``text`` of each folded character."""
    folded, where = [], []
    for i, char in enumerate(text):
        for piece in _fold_char(char):
            folded.append(piece)
            where.append(i)
    return "".join(folded), where


def split_place_prefix(text: object) -> tuple[str, str]:
    """The administrative words before a place name, and the name itself.

    Returns ``(kind, name)``: ``kind`` is the folded word of the unit's kind ("xa", "phuong",
    "thi tran", "huyen", "thanh pho", "tinh" …; abbreviations are expanded: "tt" → "thi tran",
    "p" → "phuong"; "" when there is none); ``name`` is the rest, NFC, outer spaces removed.
    "UBND"/"Ủy ban nhân dân" is dropped. When nothing would be left (a commune named just "Xã"),
    the text is returned whole.

    Text written with diacritics must write the prefix with its own ("Phương Trung" and "Tịnh
    Biên" are names, not "phường Trung" and "tỉnh Biên"); text typed without any diacritics is
    read by its letters alone ("Xa Khanh Binh" → "Khanh Binh"), so a caller matching names
    typed that way should also try the whole text (see ``place_key(..., prefix=False)``).

    >>> split_place_prefix("UBND xã Khánh Bình")
    ('xa', 'Khánh Bình')
    >>> split_place_prefix("TT.Long Bình")
    ('thi tran', 'Long Bình')
    >>> split_place_prefix("Phương Trung")
    ('', 'Phương Trung')
    """
    original = _INVISIBLE.sub("", nfc(text))
    folded, where = _fold_aligned(original)
    plain = folded == original.lower()
    kind, start = "", 0
    while True:
        match = _PLACE_PREFIX.match(folded, start)
        if not match or match.end() >= len(folded):
            break
        word = _SPACES.sub(" ", match.group(0).strip(" .:,-\t\n"))
        if not plain:
            written = original[where[match.start()]:where[match.end() - 1] + 1]
            # Punctuation off first: tone marks moved to a word's end would land after a ":".
            written = _SPACES.sub(" ", _tone_placed(written.lower().strip(" .:,-\t\n")))
            if written not in _PREFIX_SPELLINGS:
                break
        if word not in ("uy ban nhan dan", "ubnd"):
            kind = _ABBREVIATED_KINDS.get(word, word)
        start = match.end()
    if start == 0:
        return "", _SPACES.sub(" ", original)
    return kind, _SPACES.sub(" ", original[where[start]:].strip())


def _tone_placed(text: str) -> str:
    """``text`` with each word's tone marks moved to its end (NFD): "hòa" and "hoà" become equal."""
    words = []
    for word in unicodedata.normalize("NFD", text).split(" "):
        words.append(_TONE.sub("", word) + "".join(sorted(_TONE.findall(word))))
    return " ".join(words)


_ABBREVIATED_KINDS = {"tt": "thi tran", "tx": "thi xa", "tp": "thanh pho", "p": "phuong", "x": "xa",
                      "h": "huyen", "q": "quan", "thanh pho truc thuoc trung uong": "thanh pho"}
# The prefixes as written with diacritics (tone marks moved to the end of each word).
_PREFIX_SPELLINGS = frozenset(_tone_placed(p) for p in (
    "ủy ban nhân dân", "ubnd", "thành phố trực thuộc trung ương", "thành phố", "thị trấn", "thị xã",
    "đặc khu", "xã", "phường", "huyện", "quận", "tỉnh", "tt", "tx", "tp", "p", "x", "h", "q"))


def place_key(text: object, *, tones: bool = False, prefix: bool = True) -> str:
    """A key for matching place names however they are typed.

    The administrative prefix is dropped (``split_place_prefix``; kept when ``prefix`` is
    False), hyphens and other punctuation become spaces, apostrophes go ("K'Dang" = "KDang"),
    numbers lose leading zeros ("Phường 01" = "Phường 1"), case and spacing are ignored. With
    ``tones`` False (the default) diacritics are dropped too (``fold``): "Khanh Binh" = "Khánh
    Bình". With ``tones`` True letters keep their marks and only the place of the tone mark is
    ignored: "Hòa" = "Hoà" but "Hòa" ≠ "Hóa".

    >>> place_key("UBND xã Khánh  Hoà") == place_key("khanh hoa") == place_key("Khánh Hòa")
    True
    >>> place_key("Hòa", tones=True) == place_key("Hóa", tones=True)
    False
    """
    if isinstance(text, str):
        return _place_key(text, tones, prefix)
    return _place_key(nfc(text), tones, prefix)


@functools.lru_cache(maxsize=65536)  # the same names come back row after row
def _place_key(text: str, tones: bool, prefix: bool) -> str:
    name = split_place_prefix(text)[1] if prefix else _INVISIBLE.sub("", nfc(text))
    name = _PLACE_PUNCT.sub(" ", _APOSTROPHES.sub("", name))
    if tones:
        key = _SPACES.sub(" ", _tone_placed(_SPACES.sub(" ", name.lower().strip())))
    else:
        key = fold(name)
    return " ".join(w.lstrip("0") or "0" if w.isdigit() else w for w in key.split())
