"""One spelling per place name within a workbook: "Khánh Hòa" and "Khánh Hoà" are one province.

Vietnamese has two conventions for where the tone mark goes ("hòa"/"hoà", "thủy"/"thuỷ"), and
people type names in any case. Two spellings that differ only so would make two communes of one;
the first spelling met in the workbook is kept and every other is reported once
(``name-variant``). Names that differ in their letters or tones ("Hòa" and "Hóa") stay apart.
"""

from __future__ import annotations

import re
import unicodedata

from ntm.schema import WARNING, Problem

NAME_FIELDS = ("province", "district", "commune")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE = re.compile(f"[{_TONES}]")
_SPACES = re.compile(r"\s+")
_FIELD_LABELS = {"province": ("tỉnh", "province"), "district": ("huyện", "district"),
                 "commune": ("xã", "commune")}


def name_key(text: str) -> str:
    """A key equal for spellings that differ only in case, spacing or tone-mark placement.

    >>> name_key("Khánh Hòa") == name_key("KHÁNH HOÀ") == name_key("khánh  hoà")
    True
    >>> name_key("Hòa") == name_key("Hóa")
    False
    """
    words = []
    for word in _SPACES.split(unicodedata.normalize("NFD", text).strip().lower()):
        tones = "".join(sorted(_TONE.findall(word)))
        words.append(_TONE.sub("", word) + tones)
    return " ".join(words)


def unify_names(records: list[dict], places: list[tuple[str, int]]) -> list[Problem]:
    """Give each place name one spelling across ``records`` (in place); a warning per variant.

    Args:
        records: tidy rows, in file order.
        places: (sheet, Excel row) of each record, for the warnings.
    """
    problems: list[Problem] = []
    for field_name in NAME_FIELDS:
        chosen: dict[str, str] = {}     # key → the spelling kept
        resolved: dict[str, str] = {}   # spelling → the spelling kept (cache)
        for record, (sheet, row) in zip(records, places):
            value = record[field_name]
            if not isinstance(value, str):
                continue
            kept = resolved.get(value)
            if kept is None:
                kept = chosen.setdefault(name_key(value), value)
                resolved[value] = kept
                if kept != value:
                    problems.append(_variant(field_name, value, kept, sheet, row))
            if kept != value:
                record[field_name] = kept
    return problems


def _variant(field_name: str, value: str, kept: str, sheet: str, row: int) -> Problem:
    what_vi, what_en = _FIELD_LABELS[field_name]
    return Problem(
        WARNING, "name-variant",
        f"Tên {what_vi} '{value}' chỉ khác '{kept}' ở chữ hoa/thường hoặc vị trí dấu thanh (hòa/hoà), nên "
        f"được hiểu là '{kept}' (cách viết gặp trước trong tệp). Nên thống nhất một cách viết.",
        f"The {what_en} name '{value}' differs from '{kept}' only in case or tone-mark placement (hòa/hoà), "
        f"so it is read as '{kept}' (the spelling met first in the file). Better use one spelling.",
        sheet=sheet, row=row, value=value)
