"""Converting sheets typed in legacy fonts (TCVN3, VNI) to Unicode, and saying so.

A cell is converted when its font is a legacy font (the .xlsx styles say so; what the user sees on
screen is what the font draws), or, without font information, when its characters give it away
(``ntm.legacy_text.looks_legacy``: "§¹t", "Ch\\xada ®¹t", "Ñaït"). Cells already in Unicode
("Đạt") are never touched. Every sheet with converted cells gets one ``legacy-encoding`` warning
naming the encoding, how many cells, and an example; text that still looks legacy after
conversion gets a ``legacy-text-unconverted`` warning naming its cells. Nothing is converted
silently and no mojibake is left unreported.

In a sheet known to be typed in a legacy encoding (its fonts, or characters only that encoding
writes), some texts hold only letters Unicode also has: "Ghi chó" is TCVN3 for "Ghi chú", "Cã" for
"Có", "Tèt" for "Tốt". Each such text is weighed both ways (``_QuietCells``): how each reading is
spelled (a word no Vietnamese syllable is spelled like counts against it: "Tèt", "hãa", "tÕ") and
whether its words are known (the catalog's wording, the layouts' header and status words, and the
words of the workbook's clear text — its Unicode cells and its cells already converted); where that
does not settle it, the cells of the same column decide (a column of converted cells converts, a
column of Unicode cells keeps), then the sheet. "Khánh Hòa" typed in Unicode in a TCVN3 sheet stays
as it is: its words are the workbook's own. Cells converted on the strength of their column alone
are named in the warning, so the user can check them; a cell whose spelling reads as legacy text
but is kept is listed as not converted.

This runs on the grids before any layout looks at them, so header words and title lines typed in
TCVN3 are found too. The grids are changed in place.
"""

from __future__ import annotations

from collections.abc import Iterable

from ntm.legacy_text import (
    ENCODING_LABELS,
    ENCODING_LABELS_EN,
    font_encoding,
    guess_encoding,
    is_unicode,
    leftover,
    looks_legacy,
    spelling_score,
    to_unicode,
    words_of,
)
from ntm.loaders.base import column_letter
from ntm.loaders.source import SheetData
from ntm.schema import WARNING, Problem
from ntm.statuses import LABELS_VI
from ntm.template import TEMPLATE_COLUMNS

_EXAMPLE_CHARS = 40
_LISTED_CELLS = 5
# What a column's cells weigh for a text its own spelling leaves undecided (and a sheet's, when its
# column says nothing): enough to settle a tie, never to overrule what a text says itself (a known
# word +1, a misspelled one −3).
_COLUMN_WEIGHT = 0.75
_SHEET_WEIGHT = 0.25
# Words a legacy sheet holds that may be typed without any tell-tale character.
_VOCABULARY = frozenset(word.lower() for word in (
    *(c.vi for c in TEMPLATE_COLUMNS), *LABELS_VI.values(), "Ghi chú", "Có", "Không", "Xã", "Tên xã",
    "Tên tiêu chí", "Nội dung", "Nội dung tiêu chí", "Kết quả", "Kết quả thực hiện", "Chỉ tiêu",
    "Chỉ tiêu đạt chuẩn", "Đánh giá",
    "Tự đánh giá", "Xã tự đánh giá", "Thẩm tra", "Thẩm định", "Huyện thẩm tra", "Tỉnh thẩm định", "Đạt chuẩn",
    "Tổng", "Tổng cộng", "Số tiêu chí đạt", "Tổng số tiêu chí đạt", "Tiêu chí", "Đơn vị tính"))


def decode_legacy_sheets(sheets: list[SheetData], known_words: Iterable[str] = ()) -> list[Problem]:
    """Convert legacy-encoded text in ``sheets`` (in place); the warnings that say what was done.

    Args:
        sheets: the visible sheets.
        known_words: Vietnamese words the workbook is likely to hold (e.g. the catalog's wording),
            which help tell a legacy text without a tell-tale character from Unicode text.
    """
    font_hint = _workbook_font_encoding(sheets)
    lexicon = _Lexicon(sheets, known_words)
    problems: list[Problem] = []
    for sheet in sheets:
        problems.extend(_decode_sheet(sheet, font_hint, lexicon))
    return problems


class _Lexicon:
    """The words a text's reading is checked against, built only when a sheet needs it: the known
    words, the layouts' vocabulary, the workbook's Unicode text, and the text converted so far."""

    def __init__(self, sheets: list[SheetData], known_words: Iterable[str]) -> None:
        self._sheets, self._known = sheets, known_words
        self._words: set[str] | None = None

    @property
    def words(self) -> set[str]:
        if self._words is None:
            words = {word.lower() for word in self._known}
            for phrase in _VOCABULARY:
                words |= words_of(phrase)
            for sheet in self._sheets:
                for row in sheet.rows:
                    for value in row:
                        if value.__class__ is str and is_unicode(value):
                            words |= words_of(value)
            self._words = words
        return self._words

    def add(self, texts: Iterable[str]) -> None:
        if self._words is not None:
            for text in texts:
                self._words |= words_of(text)


def catalog_words(catalog) -> Iterable[str]:
    """The words of a catalog's Vietnamese wording (set, criterion and indicator names), lazily."""
    for criteria_set in catalog:
        yield from words_of(criteria_set.name_vi)
        rows = criteria_set.rows
        for column in ("criterion_name_vi", "indicator_name_vi"):
            for text in rows[column].drop_duplicates():
                yield from words_of(text)


def _workbook_font_encoding(sheets: list[SheetData]) -> str | None:
    """The legacy encoding the workbook's fonts point to, when they point to one."""
    encodings = {font_encoding(name) for sheet in sheets if sheet.legacy_fonts
                 for name in sheet.legacy_fonts.fonts}
    encodings.discard(None)
    return encodings.pop() if len(encodings) == 1 else None


def _decode_sheet(sheet: SheetData, font_hint: str | None, lexicon: _Lexicon) -> list[Problem]:
    fonts = sheet.legacy_fonts
    cell_fonts = fonts if fonts is not None and (fonts.cells or fonts.default) else None
    # The same texts repeat thousands of times: look at each distinct one once.
    distinct = {value for row in sheet.rows for value in row
                if value.__class__ is str and not value.isascii()}
    legacy = {value for value in distinct if looks_legacy(value)}
    if cell_fonts is None and not legacy and font_hint is None:
        return _residue(sheet, distinct)
    sheet_encoding = guess_encoding("\n".join(legacy)) or font_hint
    converted: dict[str, list[tuple[int, int, str, str]]] = {}
    every_cell = cell_fonts is not None and cell_fonts.default is not None
    font_cells = cell_fonts.cells if cell_fonts is not None else {}
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if value.__class__ is not str or not (every_cell or value in legacy or (r, c) in font_cells):
                continue
            if value.isascii() and not (cell_fonts and _upper_font(cell_fonts, r, c)):
                continue
            picked = sheet_encoding if value in legacy else None
            encoding, upper = _cell_encoding(value, cell_fonts, r, c, picked)
            if encoding is None:
                continue
            new = to_unicode(value, encoding, upper=upper)
            if new != value:
                row[c] = new
                converted.setdefault(encoding, []).append((r, c, value, new))
    quiet = None
    if sheet_encoding is not None:
        done = {(r, c) for cells in converted.values() for r, c, _, _ in cells}
        lexicon.add(new for cells in converted.values() for _, _, _, new in cells)
        quiet = _QuietCells(sheet, sheet_encoding, cell_fonts, done, lexicon)
        quiet.decide()
        if quiet.converted:
            converted.setdefault(sheet_encoding, []).extend(quiet.converted)
            converted[sheet_encoding].sort()
    by_column = quiet.by_column if quiet is not None else []
    problems = [_converted_warning(sheet, encoding, cells, fonts.fonts if fonts else (),
                                   by_column if encoding == sheet_encoding else [])
                for encoding, cells in converted.items()]
    after = {value for row in sheet.rows for value in row if value.__class__ is str and not value.isascii()}
    kept = quiet.kept if quiet is not None else []
    return problems + _residue(sheet, after, kept)


class _QuietCells:
    """Texts of a legacy sheet without a tell-tale character, each converted or kept on the
    evidence of its spelling, its words, its column and its sheet (see the module docstring).

    Only text not already converted by its font or its characters, holding letters beyond ASCII
    but nothing beyond Latin-1 (text beyond Latin-1 is Unicode), whose conversion changes it.

    Attributes:
        converted: (row, column, before, after) of the cells converted.
        by_column: (row, column) of the cells converted although their own reading did not say so.
        kept: (row, column, text) of the cells kept although their own reading said legacy.
    """

    def __init__(self, sheet: SheetData, encoding: str, fonts, done: set[tuple[int, int]],
                 lexicon: _Lexicon) -> None:
        self.sheet, self.encoding, self.fonts, self.done, self.lexicon = sheet, encoding, fonts, done, lexicon
        self.converted: list[tuple[int, int, str, str]] = []
        self.by_column: list[tuple[int, int]] = []
        self.kept: list[tuple[int, int, str]] = []

    def decide(self) -> None:
        candidates = []
        legacy_in: dict[int, int] = {}
        unicode_in: dict[int, int] = {}
        for r, row in enumerate(self.sheet.rows):
            for c, value in enumerate(row):
                if value.__class__ is not str or value.isascii():
                    continue
                if (r, c) in self.done:
                    legacy_in[c] = legacy_in.get(c, 0) + 1
                elif is_unicode(value):
                    unicode_in[c] = unicode_in.get(c, 0) + 1
                elif not looks_legacy(value):
                    candidates.append((r, c, value))
        if not candidates:
            return
        sheet_lean = _sign(sum(legacy_in.values()) - sum(unicode_in.values()))
        words = self.lexicon.words
        readings: dict[str, tuple[int, str]] = {}
        for r, c, value in candidates:
            if value not in readings:
                after = to_unicode(value, self.encoding, upper=False)
                readings[value] = (spelling_score(after, words) - spelling_score(value, words), after)
            own, after = readings[value]
            if after == value:
                continue
            column = _sign(legacy_in.get(c, 0) - unicode_in.get(c, 0))
            lean = column * _COLUMN_WEIGHT if column else sheet_lean * _SHEET_WEIGHT
            if self._font_says_unicode(r, c):
                lean = -_SHEET_WEIGHT  # the cell's own font is a Unicode font: only its spelling can say
            if own + lean > 0:
                new = to_unicode(value, self.encoding)
                self.sheet.rows[r][c] = new
                self.converted.append((r, c, value, new))
                if own <= 0:
                    self.by_column.append((r, c))
            elif own > 0:
                self.kept.append((r, c, value))
        self.lexicon.add(new for _, _, _, new in self.converted)

    def _font_says_unicode(self, r: int, c: int) -> bool:
        return self.fonts is not None and self.fonts.of(r, c) is None


def _sign(number: float) -> int:
    return (number > 0) - (number < 0)


def _residue(sheet: SheetData, distinct: set[str], kept: list | None = None) -> list[Problem]:
    """A warning naming the cells whose text still looks legacy-encoded, if any (``kept``: cells whose
    spelling reads as legacy text but that their column or font kept)."""
    left = {value for value in distinct if leftover(value)}
    if not left and not kept:
        return []
    residue = [(r, c, value) for r, row in enumerate(sheet.rows) for c, value in enumerate(row)
               if value.__class__ is str and value in left]
    residue = sorted(set(residue) | set(kept or []))
    return [_residue_warning(sheet, residue)]


def _upper_font(fonts, r: int, c: int) -> bool:
    font = fonts.of(r, c)
    return bool(font and font[1])


def _cell_encoding(value: str, fonts, r: int, c: int,
                   sheet_encoding: str | None) -> tuple[str | None, bool | None]:
    """(encoding, upper) for one text cell: from its font when known, else the sheet's encoding when
    its text was picked for conversion (``sheet_encoding`` is None otherwise)."""
    if fonts is not None:
        font = fonts.of(r, c)
        if font is not None:
            # A legacy-font cell shows what its font draws, unless it holds Unicode beyond Latin-1
            # (which Excel draws with a fallback font).
            return (None, None) if is_unicode(value) else (font[0], True if font[1] else None)
    if sheet_encoding is not None and not is_unicode(value):
        return sheet_encoding, None  # a text picked for conversion by its characters
    return None, None


def _ref(r: int, c: int) -> str:
    return f"{column_letter(c)}{r + 1}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXAMPLE_CHARS else text[:_EXAMPLE_CHARS - 1] + "…"


def _converted_warning(sheet: SheetData, encoding: str, cells: list, fonts: tuple[str, ...],
                       by_column: list[tuple[int, int]] = ()) -> Problem:
    r, c, before, after = cells[0]
    how_vi = f"phông {', '.join(fonts)}" if fonts else "nhận ra qua các ký tự"
    how_en = f"fonts {', '.join(fonts)}" if fonts else "recognised from its characters"
    n = len(cells)
    check_vi = check_en = ""
    if by_column:
        refs = ", ".join(_ref(rr, cc) for rr, cc in by_column[:_LISTED_CELLS])
        refs += " …" if len(by_column) > _LISTED_CELLS else ""
        check_vi = (f" {len(by_column)} ô không có ký tự đặc trưng của bảng mã cũ được chuyển theo các ô "
                    f"cùng cột ({refs}): hãy kiểm tra kỹ các ô này.")
        check_en = (f" {len(by_column)} cell(s) without a character typical of the legacy encoding were "
                    f"converted like the rest of their column ({refs}): check these closely.")
    return Problem(
        WARNING, "legacy-encoding",
        f"Trang '{sheet.name}': {n} ô được gõ bằng bảng mã cũ {ENCODING_LABELS[encoding]} ({how_vi}) và đã "
        f"được chuyển sang Unicode, ví dụ ô {_ref(r, c)}: '{_short(before)}' → '{_short(after)}'.{check_vi} "
        "Hãy kiểm tra lại các tên và đánh giá; nên chuyển cả tệp sang Unicode (Unikey: Công cụ chuyển mã).",
        f"Sheet '{sheet.name}': {n} cell{'s' if n != 1 else ''} typed in the legacy encoding "
        f"{ENCODING_LABELS_EN[encoding]} ({how_en}) were converted to Unicode, e.g. {_ref(r, c)}: "
        f"'{_short(before)}' → '{_short(after)}'.{check_en} Check the names and statuses; better convert the "
        "whole file to Unicode (Unikey's converter).",
        sheet=sheet.name, row=r + 1, column=column_letter(c), value=_short(before))


def _residue_warning(sheet: SheetData, residue: list) -> Problem:
    r, c, value = residue[0]
    refs = ", ".join(_ref(rr, cc) for rr, cc, _ in residue[:5]) + (" …" if len(residue) > 5 else "")
    return Problem(
        WARNING, "legacy-text-unconverted",
        f"Trang '{sheet.name}': {len(residue)} ô có chữ trông như bảng mã cũ (TCVN3/VNI) nhưng không chuyển "
        f"được chắc chắn: {refs}. Hãy chuyển các ô này sang Unicode rồi tải lên lại.",
        f"Sheet '{sheet.name}': {len(residue)} cell(s) hold text that looks like a legacy encoding "
        f"(TCVN3/VNI) but could not be converted reliably: {refs}. Convert them to Unicode and upload again.",
        sheet=sheet.name, row=r + 1, column=column_letter(c), value=_short(value))
