"""Indicator codes that Excel turned into numbers, recovered from their neighbours.

Typed into a cell formatted as a number, "17.10" becomes 17.1 and "5" becomes 5.0. 5.0 is
harmless ("5"), but 17.1 may mean 17.1 or 17.10 (or 2.2 may mean 2.20): only the sequence of codes
within the criterion tells. Rows are taken in file order, per sheet and assessment: after 17.9
comes 17.10, and a second 17.1 in a criterion that already has one is 17.10. Every code read as
other than it looks gets a ``code-recovered`` warning; the advice is to format the column as text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ntm.loaders.base import Entry, cell_text
from ntm.schema import WARNING, Problem
from ntm.text import criterion_of, normalize_code

# A float with one decimal digit: "17.1" (which may have been "17.10").
_ONE_DECIMAL = re.compile(r"(\d+)\.(\d)")


def recover_codes(entries: list[Entry]) -> tuple[list[Entry], list[Problem]]:
    """``entries`` with codes typed as numbers read from their sequence, and a warning for each
    code that was read as other than it looks."""
    if not any(type(e.cells.get("code")) is float for e in entries):
        return entries, []
    out = list(entries)
    problems: list[Problem] = []
    last: dict[tuple, int] = {}       # (assessment, criterion) → last indicator number seen
    seen: dict[tuple, set[int]] = {}  # (assessment, criterion) → indicator numbers seen
    for index, entry in enumerate(entries):
        raw = entry.cells.get("code")
        assessment = _assessment(entry)
        code = normalize_code(raw)
        if "." not in code:
            continue
        criterion, _, rest = code.partition(".")
        key = (assessment, criterion)
        match = _ONE_DECIMAL.fullmatch(code) if type(raw) is float else None
        if match is None:
            if rest.isdigit():
                _note(last, seen, key, int(rest))
            continue
        digit = int(match.group(2))
        number = _choose(digit, last.get(key), seen.get(key, set()), _next_number(entries, index, assessment,
                                                                                  criterion))
        _note(last, seen, key, number)
        recovered = f"{criterion}.{number}"
        out[index] = replace(entry, cells={**entry.cells, "code": recovered})
        if number != digit:
            problems.append(_recovered(entry, raw, recovered, criterion, last_before=number - 1))
    return out, problems


def _assessment(entry: Entry) -> tuple:
    cells = entry.cells
    return (entry.sheet, cell_text(cells.get("commune")), cell_text(cells.get("year")),
            cell_text(cells.get("criteria_set")))


def _note(last: dict, seen: dict, key: tuple, number: int) -> None:
    last[key] = number
    seen.setdefault(key, set()).add(number)


def _next_number(entries: list[Entry], index: int, assessment: tuple, criterion: str) -> int | None:
    """The indicator number of the next row of the same assessment and criterion, if it says one
    unambiguously (text, or a number with two decimals)."""
    for entry in entries[index + 1:index + 3]:
        if _assessment(entry) != assessment:
            return None
        raw = entry.cells.get("code")
        code = normalize_code(raw)
        if criterion_of(code) != criterion or "." not in code:
            return None
        if type(raw) is float and _ONE_DECIMAL.fullmatch(code):
            continue
        rest = code.partition(".")[2]
        return int(rest) if rest.isdigit() else None
    return None


def _choose(digit: int, previous: int | None, seen: set[int], following: int | None) -> int:
    """17.1 read as 17.1 or 17.10: whichever continues the sequence."""
    tens = digit * 10
    if digit == 0:
        return digit
    expected = (previous or 0) + 1
    if digit == expected:
        return digit
    if tens == expected or (following is not None and following == tens + 1):
        return tens
    if digit in seen and tens not in seen:
        return tens
    return digit


def _recovered(entry: Entry, raw: object, recovered: str, criterion: str, last_before: int) -> Problem:
    shown = cell_text(raw)
    column = entry.label("code")
    return Problem(
        WARNING, "code-recovered",
        f"Mã '{shown}' được lưu dạng số (Excel bỏ số 0 cuối); theo thứ tự các mã của tiêu chí {criterion} "
        f"(sau {criterion}.{last_before}) được hiểu là '{recovered}'. Hãy định dạng cột '{column}' là Văn "
        f"bản (Text) và ghi lại '{recovered}'.",
        f"Code '{shown}' is stored as a number (Excel drops the trailing zero); from the order of criterion "
        f"{criterion}'s codes (after {criterion}.{last_before}) it is read as '{recovered}'. Format the "
        f"'{column}' column as Text and type '{recovered}' again.",
        sheet=entry.sheet, row=entry.row, column=column, value=shown)
