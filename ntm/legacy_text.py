"""Vietnamese text typed in the legacy 8-bit encodings TCVN3 (ABC) and VNI, and its conversion.

Before Unicode, Vietnamese was typed in 8-bit fonts: TCVN3 (".VnTime", ".VnArial"; "H" fonts such
as ".VnTimeH" draw every letter upper case) and VNI ("VNI-Times", "VNI-Helve"). Excel stores what
was typed as the Latin-1 characters of those bytes, so a cell shows "§¹t" or "Ñaït" where the
official meant "Đạt". This module recognises such text and converts it; it never decides alone:
the loader applies it to cells whose font is a legacy font, or whose characters give them away,
and says so in a warning.

* TCVN3 maps one byte to one letter ("§" → "Đ", "¹" → "ạ", "\\xad" → "ư"). It has no upper-case
  accented letters: headings typed in an "H" font use the lower-case bytes.
* VNI writes a base letter followed by mark bytes ("a" + "ï" → "ạ", "o" + "â" + "ä"... ), plus a
  few one-byte letters ("ñ" → "đ", "ö" → "ư", "ô" → "ơ", "ò" → "ị").

Text without any character only a legacy encoding writes ("Cã" is TCVN3 for "Có") is told apart
by its spelling: ``is_syllable`` knows how a Vietnamese syllable may be spelled, ``spelling_score``
weighs a reading of a text by its misspelled and its known words.

Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata

TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = (TCVN3, VNI)
# How the encodings are named to users.
ENCODING_LABELS = {TCVN3: "TCVN3 (ABC, phông .VnTime)", VNI: "VNI (phông VNI-Times)"}
ENCODING_LABELS_EN = {TCVN3: "TCVN3 (ABC, .VnTime fonts)", VNI: "VNI (VNI-Times fonts)"}

# TCVN3 (TCVN 5712:1993, ABC): byte as Latin-1 character → letter. A1–A7 are the upper-case base
# letters, A8–AE their lower-case forms; the tone-marked letters are lower case only.
_TCVN3_TABLE = {
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư", "®": "đ",
    "µ": "à", "¸": "á", "¶": "ả", "·": "ã", "¹": "ạ",
    "»": "ằ", "¾": "ắ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    "Ç": "ầ", "Ê": "ấ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    "Ì": "è", "Ð": "é", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    "Ò": "ề", "Õ": "ế", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    "×": "ì", "Ý": "í", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    "ß": "ò", "ã": "ó", "á": "ỏ", "â": "õ", "ä": "ọ",
    "å": "ồ", "è": "ố", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    "ê": "ờ", "í": "ớ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    "ï": "ù", "ó": "ú", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    "õ": "ừ", "ø": "ứ", "ö": "ử", "÷": "ữ", "ù": "ự",
    "ú": "ỳ", "ý": "ý", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
}
_TCVN3_TRANSLATE = str.maketrans(_TCVN3_TABLE)

# VNI: marks typed after the base letter. Lower-case and upper-case mark bytes.
_VNI_MARKS = {
    # tone marks: grave, acute, hook, tilde, dot below
    "ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
    "Ø": "\u0300", "Ù": "\u0301", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323",
}
# Circumflex (â) and breve (ê) alone, and combined with a tone.
_VNI_HATS = {
    "â": ("\u0302", ""), "á": ("\u0302", "\u0301"), "à": ("\u0302", "\u0300"), "å": ("\u0302", "\u0309"),
    "ã": ("\u0302", "\u0303"), "ä": ("\u0302", "\u0323"),
    "Â": ("\u0302", ""), "Á": ("\u0302", "\u0301"), "À": ("\u0302", "\u0300"), "Å": ("\u0302", "\u0309"),
    "Ã": ("\u0302", "\u0303"), "Ä": ("\u0302", "\u0323"),
}
_VNI_BREVES = {
    "ê": ("\u0306", ""), "é": ("\u0306", "\u0301"), "è": ("\u0306", "\u0300"), "ú": ("\u0306", "\u0309"),
    "ü": ("\u0306", "\u0303"), "ë": ("\u0306", "\u0323"),
    "Ê": ("\u0306", ""), "É": ("\u0306", "\u0301"), "È": ("\u0306", "\u0300"), "Ú": ("\u0306", "\u0309"),
    "Ü": ("\u0306", "\u0303"), "Ë": ("\u0306", "\u0323"),
}
# One-byte VNI letters.
_VNI_SINGLE = {
    "ñ": "đ", "Ñ": "Đ", "ö": "ư", "Ö": "Ư", "ô": "ơ", "Ô": "Ơ",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}
_VNI_PAIR = re.compile(
    "([aAeEoO])([" + "".join(_VNI_HATS) + "])"        # â ê ô and their tones
    "|([aA])([" + "".join(_VNI_BREVES) + "])"          # ă and its tones
    "|([aeiouyAEIOUYôöÔÖ])([" + "".join(_VNI_MARKS) + "])"  # a tone on any vowel (ơ, ư too)
)

# Vietnamese letters that Unicode text legitimately holds in the Latin-1 range.
VALID_LATIN1 = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
# Characters that no Unicode Vietnamese word holds but legacy text is full of.
_TCVN3_FOREIGN = frozenset(_TCVN3_TABLE) - VALID_LATIN1
_VNI_FOREIGN = (frozenset(_VNI_MARKS) | frozenset(_VNI_HATS) | frozenset(_VNI_BREVES)
                | frozenset(_VNI_SINGLE)) - VALID_LATIN1
FOREIGN = _TCVN3_FOREIGN | _VNI_FOREIGN
# A regex that finds any such character (fast test over a whole sheet's text).
FOREIGN_PATTERN = re.compile("[" + re.escape("".join(sorted(FOREIGN))) + "]")
# Bytes A1–BE only TCVN3 uses; a vowel followed by a VNI mark byte only VNI writes.
# (Unicode text has "oà", "oá", "oã" in "hoà", "hoá": only the VNI pairs Unicode never has count.)
_TCVN3_EVIDENCE = re.compile("[¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾]")
_VNI_EVIDENCE = re.compile(
    "[aeiouyAEIOUYôöÔÖ][øùûõïØÙÛÕÏ]|[aAeE][âáàåãäÂÁÀÅÃÄ]|[oO][âåäÂÅÄ]|[aA][êéèúüëÊÉÈÚÜË]|(?<![A-Za-z])[ñÑ]")
# Text beyond Latin-1 is Unicode: legacy text never holds it.
_BEYOND_LATIN1 = re.compile("[^\u0000-\u00ff]")
_ASCII_LETTERS = re.compile("[A-Za-z]")


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a font name implies (".VnTime" → TCVN3, "VNI-Times" → VNI), else None."""
    name = (font_name or "").strip().lower()
    if name.startswith(".vn"):
        return TCVN3
    if name.startswith("vni-") or name.startswith("vni "):
        return VNI
    return None


def is_upper_case_font(font_name: str | None) -> bool:
    """True for TCVN3 "H" fonts (".VnTimeH", ".VnArialH"), which draw every letter upper case."""
    name = (font_name or "").strip()
    return font_encoding(name) == TCVN3 and name.endswith("H")


def evidence(text: str) -> tuple[int, int]:
    """(TCVN3, VNI) evidence counts in ``text``: characters or pairs only that encoding writes."""
    return len(_TCVN3_EVIDENCE.findall(text)), len(_VNI_EVIDENCE.findall(text))


def guess_encoding(text: str) -> str | None:
    """The legacy encoding ``text`` (e.g. a whole sheet's text) is most likely in, or None."""
    tcvn3, vni = evidence(text)
    if not tcvn3 and not vni:
        return None
    return TCVN3 if tcvn3 >= vni else VNI


def is_unicode(text: str) -> bool:
    """True when ``text`` holds characters beyond Latin-1 ("ạ", "ư", "đ"): it is not legacy text."""
    return bool(_BEYOND_LATIN1.search(text))


def looks_legacy(text: str) -> bool:
    """True when ``text`` holds characters (or VNI letter pairs) no Unicode Vietnamese word has, and
    nothing beyond Latin-1."""
    return not is_unicode(text) and bool(FOREIGN_PATTERN.search(text) or _VNI_EVIDENCE.search(text))


def to_unicode(text: str, encoding: str, *, upper: bool | None = None) -> str:
    """``text`` typed in ``encoding`` ("tcvn3" or "vni") as NFC Unicode.

    Args:
        text: the text as Excel stores it (Latin-1 characters of the typed bytes).
        encoding: ``TCVN3`` or ``VNI``.
        upper: True to upper-case the result (a TCVN3 "H" font); None decides from the text: a cell
            whose ASCII letters (two or more) are all upper case was typed as a heading.

    >>> to_unicode("§¹t", "tcvn3"), to_unicode("Ch\\xada ®¹t", "tcvn3"), to_unicode("Ñaït", "vni")
    ('Đạt', 'Chưa đạt', 'Đạt')
    """
    if encoding == TCVN3:
        converted = text.translate(_TCVN3_TRANSLATE)
    elif encoding == VNI:
        converted = _vni_to_unicode(text)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    if upper is None:
        letters = _ASCII_LETTERS.findall(text)
        upper = len(letters) >= 2 and all(c.isupper() for c in letters) and converted != converted.upper()
    if upper:
        converted = converted.upper()
    return unicodedata.normalize("NFC", converted)


def _vni_to_unicode(text: str) -> str:
    def pair(match: re.Match) -> str:
        if match.group(1):
            hat, tone = _VNI_HATS[match.group(2)]
            return match.group(1) + hat + tone
        if match.group(3):
            breve, tone = _VNI_BREVES[match.group(4)]
            return match.group(3) + breve + tone
        base = _VNI_SINGLE.get(match.group(5), match.group(5))
        return base + _VNI_MARKS[match.group(6)]

    combined = _VNI_PAIR.sub(pair, text)
    singles = "".join(_VNI_SINGLE.get(c, c) for c in combined)
    return unicodedata.normalize("NFC", singles)


def leftover(text: str) -> bool:
    """True when converted text still holds legacy characters (it is not clean Unicode)."""
    return bool(_TCVN3_EVIDENCE.search(text)) or bool(_VNI_EVIDENCE.search(text))


# --- telling Vietnamese from legacy text by its syllables -------------------------------------------------
# Some legacy text holds only letters Unicode Vietnamese also has ("Cã" is TCVN3 for "Có", "Tèt" for
# "Tốt"): only the spelling tells. A Vietnamese syllable is an initial consonant, a rhyme from a closed
# list, and at most one tone mark; a rhyme closed by c, ch, p or t takes only the sắc or nặng tone.
_TONE_MARKS = {"\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}
_STOP_TONES = frozenset({"\u0301", "\u0323"})
_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
             "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_RHYMES = frozenset("""
a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot oong ooc ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u uc ui um un ung up ut ua uôc uôi uôm uôn uông uôt
ư ưc ưi ưm ưn ưng ưt ưu ưa ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêng yêt yêu
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
uân uâng uât uây uê uêch uênh uy uya uych uyên uyêt uynh uyp uyt uyu uơ
""".split())
_FRONT = ("i", "e", "ê", "y")
_SYLLABLE_TOKEN = re.compile(r"[^\W\d_]+")


def is_syllable(word: str) -> bool:
    """True when ``word`` is spelled like a Vietnamese syllable (Unicode; any case, but not mixed).

    >>> is_syllable("Tốt"), is_syllable("Tèt"), is_syllable("hãa"), is_syllable("tÕ")
    (True, False, False, False)
    """
    rest = word[1:]
    if not (word.islower() or word.isupper() or (word[:1].isupper() and (not rest or rest.islower()))):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [mark for mark in decomposed if mark in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONE_MARKS))
    for initial in _INITIALS:
        if not bare.startswith(initial):
            continue
        rhyme = bare[len(initial):]
        if initial == "gi" and not rhyme:
            return True  # "gì"
        if rhyme not in _RHYMES:
            continue
        if initial in ("k", "gh", "ngh") and not rhyme.startswith(_FRONT):
            continue
        if initial in ("c", "ng") and rhyme.startswith(_FRONT):
            continue
        if initial == "qu" and rhyme.startswith(("o", "u")):
            continue
        if rhyme.endswith(("c", "ch", "p", "t")) and not (tones and tones[0] in _STOP_TONES):
            continue
        return True
    return False


def spelling_score(text: str, known: frozenset[str] | set[str] = frozenset()) -> int:
    """How Vietnamese ``text`` reads: −3 for each word with letters beyond ASCII that no syllable is
    spelled like, +1 for each such word in ``known`` (lower case), 0 for the others."""
    score = 0
    for word in _SYLLABLE_TOKEN.findall(text):
        if word.isascii():
            continue
        if not is_syllable(word):
            score -= 3
        elif word.lower() in known:
            score += 1
    return score


def words_of(text: str) -> set[str]:
    """The lower-case words of ``text`` that hold letters beyond ASCII (a lexicon's entries)."""
    return {word.lower() for word in _SYLLABLE_TOKEN.findall(text) if not word.isascii()}
