"""What every layout hands to validation: data rows as fields, and problems with their place.

A layout (our template, later the official per-commune form and the multi-commune summary) knows
where the fields of a row are; it turns each non-blank data row of a sheet into an ``Entry``
(field → raw cell value, Excel row, header texts). Validation (``rows``, ``checks``) only sees
entries, so every layout gets the same checks and the same messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ntm.loaders.header import HeaderMatch
from ntm.loaders.source import SheetData
from ntm.schema import Problem
from ntm.text import is_blank, nfc

# The fields an entry may carry (the template's columns; other layouts fill what they can).
FIELDS = ("province", "district", "commune", "commune_code", "year", "criteria_set", "code",
          "indicator_name", "target", "value", "status", "note")


@dataclass(frozen=True)
class Entry:
    """One non-blank data row, before validation.

    Attributes:
        sheet: sheet name.
        row: Excel row number (1-based, as the user sees it).
        cells: field → raw cell value ("" when blank or absent).
        labels: field → header text as written in the file (shared by a sheet's entries).
    """

    sheet: str
    row: int
    cells: Mapping[str, object]
    labels: Mapping[str, str]

    def label(self, field_name: str) -> str:
        return self.labels.get(field_name, field_name)


@dataclass
class SheetRead:
    """What a layout read from one sheet.

    ``usable`` is False when the sheet lacks a column validation cannot do without: every entry
    is then counted as read and rejected, the sheet-level problem saying why.
    """

    entries: list[Entry]
    problems: list[Problem] = field(default_factory=list)
    usable: bool = True


@dataclass(frozen=True)
class Layout:
    """A kind of workbook the loader understands.

    Attributes:
        name: reported as ``LoadResult.layout``.
        find_header: the sheet's header row, or None when the sheet is not in this layout.
        read_sheet: the sheet's entries and sheet-level problems, given its header.
    """

    name: str
    find_header: Callable[[SheetData], HeaderMatch | None]
    read_sheet: Callable[[SheetData, HeaderMatch], SheetRead]


def cell_text(value: object) -> str:
    """A cell as the text a person reads in it ("" when blank): 85.0 → "85", 85.5 → "85.5"."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return nfc(value)


def column_letter(index: int) -> str:
    """Excel column letters for a 0-based column index (0 → "A", 27 → "AB")."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
