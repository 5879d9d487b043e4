"""What calamine does not tell about an .xlsx: number formats, fonts and formulas without a value.

calamine reads cell values fast but exposes neither styles nor formulas. Three things need them:

* a number shown as a percentage (the user typed "85%", Excel stored 0.85) is read as "85%";
* a cell in a legacy font (".VnTime", "VNI-Times") holds TCVN3/VNI text to convert;
* a formula whose cached value is missing (a file written by a program, never opened in Excel)
  reads as blank, and the user must be told which cells.

Each sheet's XML is scanned with byte-level regular expressions (no XML tree per cell), and only
for what the workbook can have: cells of percent or legacy-font styles, formulas when the sheet
has any. Indexes are 0-based (row, column), like the loader's grids.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from xml.etree import ElementTree

from ntm.legacy_text import font_encoding, is_upper_case_font

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PERCENT_BUILTIN = {"9", "10"}
_QUOTED = re.compile(r'"[^"]*"|\\.')
_CELL_START = re.compile(rb"<c\b([^>]*?)(/?)>")
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
# A cell holding a formula and no value: <c r="E5"><f>SUM(A1:A4)</f></c>, or an empty <v/>.
_FORMULA_NO_VALUE = re.compile(
    rb'<c\b([^>]*)>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')


@dataclass(frozen=True)
class LegacyFonts:
    """Cells of one sheet written in a legacy font.

    Attributes:
        cells: (row, column) → (encoding, upper): the encoding ("tcvn3", "vni") and whether the
            font draws upper case (".VnTimeH").
        default: the same for cells not listed, when the workbook's default style is a legacy font
            (then ``cells`` lists the cells whose style differs); None otherwise.
        fonts: the legacy font names the sheet uses.
    """

    cells: dict[tuple[int, int], tuple[str, bool] | None] = field(default_factory=dict)
    default: tuple[str, bool] | None = None
    fonts: tuple[str, ...] = ()

    def of(self, row: int, column: int) -> tuple[str, bool] | None:
        """The legacy font of a cell, or None when its font is a Unicode font."""
        return self.cells.get((row, column), self.default)


@dataclass(frozen=True)
class SheetExtras:
    """What the XML says about one sheet beyond its values."""

    percent: list[tuple[int, int]] = field(default_factory=list)
    uncached_formulas: list[tuple[int, int]] = field(default_factory=list)
    legacy_fonts: LegacyFonts | None = None


@dataclass(frozen=True)
class Styles:
    """Cell style indexes (as bytes, the way sheet XML writes them) of percent formats and legacy fonts."""

    percent: set[bytes]
    legacy: dict[bytes, tuple[str, bool, str]]  # style index → (encoding, upper, font name)
    default_legacy: tuple[str, bool, str] | None


def sheet_extras(data: bytes, names: Collection[str] | None = None) -> dict[str, SheetExtras]:
    """Sheet name → its extras, for an .xlsx/.xlsm in ``data`` (empty for anything unreadable).

    Args:
        data: the workbook's bytes.
        names: the sheets to scan (default: every sheet).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = read_styles(archive)
            extras = {}
            for name, part in sheet_parts(archive).items():
                if names is not None and name not in names:
                    continue
                try:
                    xml = archive.read(part)
                except KeyError:
                    continue
                extras[name] = _scan(xml, styles)
            return extras
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError, OSError):
        return {}


def read_styles(archive: zipfile.ZipFile) -> Styles:
    """The styles that matter to the loader: percent formats and legacy fonts, by cell style index."""
    try:
        root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return Styles(set(), {}, None)
    custom = {fmt.get("numFmtId"): fmt.get("formatCode", "") for fmt in root.iter(f"{_MAIN}numFmt")}
    percent_ids = _PERCENT_BUILTIN | {i for i, code in custom.items() if "%" in _QUOTED.sub("", code)}
    fonts = []
    fonts_node = root.find(f"{_MAIN}fonts")
    for font in (fonts_node.findall(f"{_MAIN}font") if fonts_node is not None else []):
        name = font.find(f"{_MAIN}name")
        fonts.append(name.get("val", "") if name is not None else "")
    cell_xfs = root.find(f"{_MAIN}cellXfs")
    xfs = cell_xfs.findall(f"{_MAIN}xf") if cell_xfs is not None else []
    percent, legacy = set(), {}
    for index, xf in enumerate(xfs):
        key = str(index).encode()
        if xf.get("numFmtId") in percent_ids:
            percent.add(key)
        font_id = int(xf.get("fontId", "0") or 0)
        font = fonts[font_id] if font_id < len(fonts) else ""
        encoding = font_encoding(font)
        if encoding:
            legacy[key] = (encoding, is_upper_case_font(font), font)
    return Styles(percent, legacy, legacy.get(b"0"))


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding that sheet."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(_PKG_REL)}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_DOC_REL), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _scan(xml: bytes, styles: Styles) -> SheetExtras:
    percent: list[tuple[int, int]] = []
    legacy_cells: dict[tuple[int, int], tuple[str, bool] | None] = {}
    fonts: set[str] = set()
    default = styles.default_legacy
    wanted = styles.percent | set(styles.legacy) if default is None else None
    if wanted or default is not None:
        for match in _CELL_START.finditer(xml):
            attributes = match.group(1)
            style = _STYLE.search(attributes)
            key = style.group(1) if style else b"0"
            if wanted is not None and key not in wanted:
                continue
            ref = _REF.search(attributes)
            if ref is None:
                continue
            place = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
            if key in styles.percent:
                kind = _TYPE.search(attributes)
                if kind is None or kind.group(1) == b"n":
                    percent.append(place)
            font = styles.legacy.get(key)
            if default is None:
                if font is not None:
                    legacy_cells[place] = font[:2]
                    fonts.add(font[2])
            elif font != default:
                legacy_cells[place] = font[:2] if font else None
                if font:
                    fonts.add(font[2])
    if default is not None:
        fonts.add(default[2])
    uncached = []
    if b"<f" in xml:
        for match in _FORMULA_NO_VALUE.finditer(xml):
            ref = _REF.search(match.group(1))
            if ref:
                uncached.append((int(ref.group(2)) - 1, _column_index(ref.group(1))))
    legacy = None
    if legacy_cells or default is not None:
        legacy = LegacyFonts(legacy_cells, default[:2] if default else None, tuple(sorted(fonts)))
    return SheetExtras(percent, uncached, legacy)


def plain_sheet_reason(xml: bytes, styles: Styles) -> str:
    """Why a sheet's cell values alone may not be what the loader reads from it ("" when they are).

    A sheet is plain when its cells use no percent format and no legacy font, and it has no
    formula (whose value may be missing) and no error cell. Each test is one substring search over
    the XML (regular expressions are far slower on a sheet of 50 MB); a style index found anywhere
    in it, even on a row, counts as used: a false alarm only costs the slower reading.

    Returns:
        "" for a plain sheet, else a short reason ("percent format", "legacy font", …).
    """
    if styles.default_legacy is not None:
        return "legacy font"
    # Only the cells count: data validations and conditional formats below hold <formula1>.
    start = max(xml.find(b"<sheetData"), 0)
    end = xml.rfind(b"</sheetData>")
    end = len(xml) if end < 0 else end
    for key in (*styles.percent, *styles.legacy):
        if xml.find(b's="' + key + b'"', start, end) >= 0:
            return "percent format" if key in styles.percent else "legacy font"
    if _has_formula(xml, start, end):
        return "formulas"
    if xml.find(b't="e"', start, end) >= 0:
        return "error cells"
    return ""


def _has_formula(xml: bytes, start: int, end: int) -> bool:
    """Whether a cell between ``start`` and ``end`` holds an <f> element (not rich text's <family>)."""
    at = xml.find(b"<f", start, end)
    while at >= 0:
        if xml[at + 2:at + 3] in (b">", b" ", b"/", b"\t", b"\n", b"\r"):
            return True
        at = xml.find(b"<f", at + 2, end)
    return False


def content_rows(xml: bytes) -> tuple[int, int] | None:
    """The Excel rows (1-based) of the first and last cells with content (None when none has)."""
    first = last = None
    for match in _CELL_START.finditer(xml):
        if not match.group(2):
            first = match
            break
    if first is None:
        return None
    window = 1 << 16
    while last is None:
        start = max(len(xml) - window, first.start())
        cells = [m for m in _CELL_START.finditer(xml, start) if not m.group(2)]
        last = cells[-1] if cells else None
        if start == first.start():
            break
        window *= 4
    rows = []
    for match in (first, last or first):
        ref = _REF.search(match.group(1))
        if ref is None:
            return None
        rows.append(int(ref.group(2)))
    return rows[0], rows[1]


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1
