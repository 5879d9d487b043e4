"""Finding a layout's header row: which row, and which column holds which field.

Header words are compared by ``header_key``: no case, no diacritics, no spaces or punctuation,
decomposed (NFD) and composed text alike, so "MÃ CHỈ TIÊU", "ma chi tieu", "Mã  chỉ tiêu" and
"Mã chỉ tiêu (*)" are the same word. Every layout describes its columns as field → accepted names;
``find_header`` looks for the row that names most of them in the first rows of a sheet.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from ntm.text import fold, is_blank, nfc

# Official forms put title lines above the header; it is always within the first ~30 rows.
HEADER_SEARCH_ROWS = 30
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_REQUIRED_MARK = re.compile(r"\(\s*\*\s*\)|\*")


def header_key(text: object) -> str:
    """The key header words are matched by ("Mã chỉ tiêu (*)" → "machitieu")."""
    if isinstance(text, str):
        return _text_key(text)
    return _NOT_ALNUM.sub("", fold(_REQUIRED_MARK.sub("", nfc(text))))


@functools.lru_cache(maxsize=8192)
def _text_key(text: str) -> str:
    # Every sheet's first rows are looked at by every layout: the same words come back often.
    return _NOT_ALNUM.sub("", fold(_REQUIRED_MARK.sub("", nfc(text))))


# field → accepted names, as a key → field lookup, built once per names table.
_LOOKUPS: dict[int, tuple[Mapping, dict[str, str]]] = {}


def _lookup(names: Mapping[str, Sequence[str]]) -> dict[str, str]:
    found = _LOOKUPS.get(id(names))
    if found is None or found[0] is not names:
        found = (names, {header_key(name): field_name for field_name, words in names.items() for name in words})
        _LOOKUPS[id(names)] = found
    return found[1]


@dataclass(frozen=True)
class HeaderMatch:
    """A header row and what its columns mean.

    Attributes:
        row: index of the header row in the sheet's grid (Excel row ``row + 1``).
        columns: field → column index.
        labels: field → the header text as written in the file.
        extras: (column index, header text) of named columns no field claims, including a second
            column with a field's name.
    """

    row: int
    columns: dict[str, int]
    labels: dict[str, str]
    extras: list[tuple[int, str]] = field(default_factory=list)


def match_header(cells: Sequence[object], names: Mapping[str, Sequence[str]], row: int = 0) -> HeaderMatch:
    """Which ``names`` (field → accepted header words) the cells of one row carry."""
    lookup = _lookup(names)
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    extras: list[tuple[int, str]] = []
    for index, cell in enumerate(cells):
        if is_blank(cell):
            continue
        field_name = lookup.get(header_key(cell))
        if field_name is None or field_name in columns:
            extras.append((index, nfc(cell)))
        else:
            columns[field_name] = index
            labels[field_name] = nfc(cell)
    return HeaderMatch(row=row, columns=columns, labels=labels, extras=extras)


def find_header(rows: Sequence[Sequence[object]], names: Mapping[str, Sequence[str]], min_fields: int,
                anchors: Collection[str] = (), max_rows: int = HEADER_SEARCH_ROWS) -> HeaderMatch | None:
    """The row among the first ``max_rows`` naming the most fields.

    A header names at least ``min_fields`` fields, one of them among ``anchors`` (the columns
    that tell this layout from others) when given. Ties go to the upper row. None when no row
    qualifies.
    """
    best: HeaderMatch | None = None
    for index, cells in enumerate(rows[:max_rows]):
        found = match_header(cells, names, index)
        if len(found.columns) < min_fields or (anchors and not set(anchors) & set(found.columns)):
            continue
        if best is None or len(found.columns) > len(best.columns):
            best = found
    return best
