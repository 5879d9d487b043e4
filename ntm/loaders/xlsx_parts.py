"""What calamine does not tell about an .xlsx: number formats, fonts and formulas without a value.

calamine reads cell values fast but exposes neither styles nor formulas. Three things need them:

* a number shown as a percentage (the user typed "85%", Excel stored 0.85) is read as "85%";
* a cell in a legacy font (".VnTime", "VNI-Times") holds TCVN3/VNI text to convert;
* a formula whose cached value is missing (a file written by a program, never opened in Excel)
  reads as blank, and the user must be told which cells.

Each sheet's XML is scanned with byte-level regular expressions (no XML tree per cell), and only
for what the workbook can have: cells of percent or legacy-font styles, formulas when the sheet
has any. Indexes are 0-based (row, column), like the loader's grids. ``scan_sheet`` answers the
template's fast path in one streamed pass of substring searches: does the sheet need any of this,
and which cells of row 1 (the header) hold a value?
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
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


def hidden_sheets(archive: zipfile.ZipFile) -> set[str]:
    """The names of the workbook's hidden sheets (state "hidden" or "veryHidden")."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return {sheet.get("name") for sheet in book.iter(f"{_MAIN}sheet")
            if sheet.get("state", "visible") != "visible"}


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


@dataclass(frozen=True)
class SheetScan:
    """What a sheet's XML says beyond its values, as far as the template's fast path needs.

    Attributes:
        reason: why its values alone may not be what the loader reads ("" when they are):
            "legacy font", "formulas", "percent format" (of the default style), "no content",
            "unreadable".
        first_row, last_row: the Excel rows (1-based) of its first and last cells with content.
        percent: (row, column), 0-based, of the number cells in a percent format (read as "85%").
        header_columns: the columns (0-based) of row 1's cells holding a value; None when unknown
            (cells without a reference, or row 1 not ending in the sheet's first piece).
    """

    reason: str
    first_row: int = 0
    last_row: int = 0
    percent: frozenset[tuple[int, int]] = frozenset()
    header_columns: frozenset[int] | None = None


_SCAN_CHUNK = 1 << 18
# A cell's content holding a value: a number or shared string's index, or an inline string.
_VALUE = re.compile(rb"<v>[^<]|<is>")
# Bytes of one piece kept before the next, so that no tag is missed where they join.
_OVERLAP = 1 << 10


def scan_sheet(data: bytes, info: zipfile.ZipInfo, styles: Styles) -> SheetScan:
    """Scan one sheet of the .xlsx in ``data`` (its zip member ``info``) without holding its XML.

    A sheet is plain when its cells use no legacy font and it has no formula (whose value may be
    missing; error cells read as empty either way); the number cells in a percent format are
    listed, as ``sheet_extras`` lists them. Each test is a substring search over the cells' XML,
    decompressed piece by piece (regular expressions are far slower on a sheet of 50 MB); a legacy
    font's style index found anywhere in the cells, even on a row, counts as used: a false alarm
    only costs the slower reading.
    """
    if styles.default_legacy is not None:
        return SheetScan("legacy font")
    if b"0" in styles.percent:  # cells without a style attribute would be in a percent format
        return SheetScan("percent format")
    legacy = [b's="' + key + b'"' for key in styles.legacy]
    percent_styles = [b's="' + key + b'"' for key in styles.percent]
    percent: set[tuple[int, int]] = set()
    first = header = None
    head = previous = last_piece = b""
    try:
        for piece in _inflate(data, info):
            # Each test runs over the piece and over where it joins the one before.
            joint = last_piece[-_OVERLAP:] + piece[:_OVERLAP]
            for pattern in legacy:
                if piece.find(pattern) >= 0 or joint.find(pattern) >= 0:
                    return SheetScan("legacy font")
            if _has_formula(piece, 0, len(piece)) or _has_formula(joint, 0, len(joint)):
                return SheetScan("formulas")
            if percent_styles:
                _percent_cells(last_piece[-_OVERLAP:] + piece, percent_styles, styles.percent, percent)
            if first is None:
                head = head[-_OVERLAP:] + piece
                first = _valued_cell(head, 0, len(head), first=True)
                header = _row_one_columns(head) if first == 1 else None
            previous, last_piece = last_piece, piece
    except (zlib.error, ValueError, OSError, EOFError):
        return SheetScan("unreadable")
    end = previous + last_piece
    stop = end.rfind(b"</sheetData>")
    stop = len(end) if stop < 0 else stop
    last = (_valued_cell(end, max(0, stop - _OVERLAP * 64), stop, first=False)
            or _valued_cell(end, 0, stop, first=False))
    if first is None or last is None:
        return SheetScan("no content")
    return SheetScan("", first, last, frozenset(percent), header)


def _row_one_columns(xml: bytes) -> frozenset[int] | None:
    """The columns of row 1's cells holding a value, from the first bytes of a sheet's XML (None
    when a cell has no reference or row 1 does not end within ``xml``)."""
    columns: set[int] = set()
    for match in _CELL_START.finditer(xml, max(0, xml.find(b"<sheetData"))):
        ref = _REF.search(match.group(1))
        if ref is None:
            return None
        if ref.group(2) != b"1":
            return frozenset(columns)
        if match.group(2):
            continue
        end = xml.find(b"</c>", match.end())
        if end < 0:
            return None
        if _VALUE.search(xml, match.end(), end):
            columns.add(_column_index(ref.group(1)))
    return frozenset(columns) if b"</sheetData>" in xml else None


def _percent_cells(xml: bytes, patterns: list[bytes], keys: set[bytes], out: set[tuple[int, int]]) -> None:
    """Add to ``out`` the number cells of ``xml`` whose style is a percent format (as ``_scan``
    reads them); a cell cut off at either end of ``xml`` is left to the piece that holds it."""
    for pattern in patterns:
        at = xml.find(pattern)
        while at >= 0:
            start = xml.rfind(b"<", 0, at)
            match = _CELL_START.match(xml, start) if start >= 0 else None
            if match is not None and match.end() > at:
                attributes = match.group(1)
                style, ref = _STYLE.search(attributes), _REF.search(attributes)
                kind = _TYPE.search(attributes)
                if style and style.group(1) in keys and ref and (kind is None or kind.group(1) == b"n"):
                    out.add((int(ref.group(2)) - 1, _column_index(ref.group(1))))
            at = xml.find(pattern, at + len(pattern))


def _inflate(data: bytes, info: zipfile.ZipInfo):
    """The member's bytes, decompressed a piece at a time (no CRC check: the cell reader makes it)."""
    offset = info.header_offset
    if data[offset:offset + 4] != b"PK\x03\x04":
        raise ValueError("no local file header")
    name_length = int.from_bytes(data[offset + 26:offset + 28], "little")
    extra_length = int.from_bytes(data[offset + 28:offset + 30], "little")
    start = offset + 30 + name_length + extra_length
    raw = memoryview(data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for at in range(0, len(raw), _SCAN_CHUNK):
            yield bytes(raw[at:at + _SCAN_CHUNK])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ValueError("unsupported compression")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    for at in range(0, len(raw), _SCAN_CHUNK):
        piece = inflater.decompress(raw[at:at + _SCAN_CHUNK])
        if piece:
            yield piece
    rest = inflater.flush()
    if rest:
        yield rest


def _valued_cell(xml: bytes, start: int, end: int, first: bool) -> int | None:
    """The row of the first (or last) cell with content between ``start`` and ``end``."""
    found = None
    for match in _CELL_START.finditer(xml, start, end):
        if match.group(2):
            continue
        found = match
        if first:
            break
    if found is None:
        return None
    ref = _REF.search(found.group(1))
    return int(ref.group(2)) if ref else None


def _has_formula(xml: bytes, start: int, end: int) -> bool:
    """Whether a cell between ``start`` and ``end`` holds an <f> element (not rich text's <family>)."""
    at = xml.find(b"<f", start, end)
    while at >= 0:
        if xml[at + 2:at + 3] in (b">", b" ", b"/", b"\t", b"\n", b"\r"):
            return True
        at = xml.find(b"<f", at + 2, end)
    return False


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1
