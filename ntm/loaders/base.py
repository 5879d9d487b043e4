"""What every layout hands to validation: data rows as fields, and problems with their place.

A layout (our template, the official per-commune form, the multi-commune summary) knows where the
fields of a row are; it turns each non-blank data row of a sheet into one ``Entry`` (field → raw
cell value, Excel row, header texts), or several for a summary row (one per criterion). Rows of
the table that hold no result (group headings, criterion rows, a numbering row, signatures below
the table) are ``Unused`` with the reason. Validation (``rows``, ``checks``) only sees entries, so
every layout gets the same checks and the same messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ntm.catalog import Catalog
from ntm.loaders.header import HeaderMatch
from ntm.loaders.source import SheetData
from ntm.schema import Problem
from ntm.text import is_blank, nfc

# The fields an entry may carry (the template's columns; other layouts fill what they can).
FIELDS = ("province", "district", "commune", "commune_code", "year", "criteria_set", "code",
          "indicator_name", "target", "value", "status", "note", "commune_group")


@dataclass(frozen=True)
class Entry:
    """One non-blank data row, before validation.

    Attributes:
        sheet: sheet name.
        row: Excel row number (1-based, as the user sees it).
        cells: field → raw cell value ("" when blank or absent).
        labels: field → header text as written in the file (shared by a sheet's entries).
        criterion_level: the entry is a whole criterion's result (a summary's cell): its code is
            the criterion number and its indicator stays empty, even for a single-indicator
            criterion.
        quiet_blank: a blank status needs no warning of its own (the layout reports it per row).
    """

    sheet: str
    row: int
    cells: Mapping[str, object]
    labels: Mapping[str, str]
    criterion_level: bool = False
    quiet_blank: bool = False

    def label(self, field_name: str) -> str:
        return self.labels.get(field_name, field_name)


# Why a non-blank row of a table gave no result (besides "rejected": errors).
UNUSED_REASONS = {
    "heading": ("tiêu đề nhóm", "group heading"),
    "criterion-row": ("dòng tiêu chí (đối chiếu với các chỉ tiêu)",
                      "criterion row (checked against its indicators)"),
    "sub-header": ("dòng tiêu đề phụ / đánh số cột", "sub-header or column numbering"),
    "detail": ("dòng diễn giải của chỉ tiêu", "detail line of an indicator"),
    "total": ("dòng tổng cộng", "total row"),
    "below-table": ("ghi chú, chữ ký dưới bảng", "notes or signatures below the table"),
    "ignored-columns": ("chỉ có dữ liệu ở cột bị bỏ qua", "data only in ignored columns"),
    "text": ("dòng chữ không có kết quả", "text without a result"),
}


@dataclass(frozen=True)
class Unused:
    """A non-blank row of a table that holds no result, and why (a key of ``UNUSED_REASONS``)."""

    sheet: str
    row: int
    reason: str
    text: str = ""


@dataclass(frozen=True)
class CriterionMark:
    """A criterion row's own status in an official form, to check against its indicators."""

    sheet: str
    row: int
    criterion: str
    status: object
    column: str


@dataclass(frozen=True)
class LoadOptions:
    """What the caller says about a workbook, filling what its title lines lack.

    Attributes:
        province, district, commune, year, criteria_set: used where a sheet does not say (the
            sheet's own title lines and columns win, with a warning when they disagree).
        status_column: which status column of an official form counts: "self" (tự đánh giá),
            "district" (thẩm tra), "province" (thẩm định) or "latest" (the latest one present).
    """

    province: str | None = None
    district: str | None = None
    commune: str | None = None
    year: int | None = None
    criteria_set: str | None = None
    status_column: str = "latest"


@dataclass(frozen=True)
class ReadContext:
    """What a layout may use besides the sheet: the catalog, the file's name, the caller's options."""

    catalog: Catalog
    file_name: str
    options: LoadOptions = field(default_factory=LoadOptions)


@dataclass
class SheetRead:
    """What a layout read from one sheet.

    ``usable`` is False when the sheet lacks something validation cannot do without (a required
    column; for a form, the commune, year or set): every entry is then counted as read and
    rejected, the sheet-level problem saying why.

    Attributes:
        entries: the data rows (several per row for a summary).
        problems: sheet-level problems.
        usable: see above.
        unused: non-blank rows of the table that hold no result.
        marks: criterion rows' statuses (official forms), checked against their indicators.
        info: what the sheet said about itself (header row, commune, year, set, status column).
        form_set: for an official form whose set the catalog does not fully know, what its rows
            say about that set (``ntm.loaders.form_set.FormSetEvidence``); None otherwise.
    """

    entries: list[Entry]
    problems: list[Problem] = field(default_factory=list)
    usable: bool = True
    unused: list[Unused] = field(default_factory=list)
    marks: list[CriterionMark] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    form_set: object = None


@dataclass(frozen=True)
class Layout:
    """A kind of workbook the loader understands.

    Attributes:
        name: reported as ``LoadResult.layout``.
        find_header: the sheet's header, or None when the sheet is not in this layout.
        read_sheet: the sheet's entries, unused rows and sheet-level problems, given its header.
        looked_for: what the layout's header looks like, (Vietnamese, English), for the message
            given when no sheet is in a known layout.
    """

    name: str
    find_header: Callable[[SheetData, ReadContext], HeaderMatch | None]
    read_sheet: Callable[[SheetData, HeaderMatch, ReadContext], SheetRead]
    looked_for: tuple[str, str] = ("", "")


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


def row_text(cells: list, limit: int = 80) -> str:
    """The non-blank cells of a row as one line of text (for the unused-rows table)."""
    text = " | ".join(cell_text(value) for value in cells if not is_blank(value))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def column_letter(index: int) -> str:
    """Excel column letters for a 0-based column index (0 → "A", 27 → "AB")."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
