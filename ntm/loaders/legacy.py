"""Converting sheets typed in legacy fonts (TCVN3, VNI) to Unicode, and saying so.

A cell is converted when its font is a legacy font (the .xlsx styles say so; what the user sees on
screen is what the font draws), or, without font information, when its characters give it away
(``ntm.legacy_text.looks_legacy``: "§¹t", "Ch\\xada ®¹t", "Ñaït"). Cells already in Unicode
("Đạt") are never touched. Every sheet with converted cells gets one ``legacy-encoding`` warning
naming the encoding, how many cells, and an example; text that still looks legacy after
conversion gets a ``legacy-text-unconverted`` warning naming its cells. Nothing is converted
silently and no mojibake is left unreported.

Without font information, a short text such as "Ghi chó" holds only letters Unicode also has
("ó"), yet in a sheet typed in TCVN3 it means "Ghi chú". Such a text is converted only when its
conversion is a word the layouts know (a header word or a status word) and the text itself is not:
"Khánh Hòa" typed in Unicode in the same sheet stays as it is.

This runs on the grids before any layout looks at them, so header words and title lines typed in
TCVN3 are found too. The grids are changed in place.
"""

from __future__ import annotations

from ntm.legacy_text import (
    ENCODING_LABELS,
    ENCODING_LABELS_EN,
    font_encoding,
    guess_encoding,
    is_unicode,
    leftover,
    looks_legacy,
    to_unicode,
)
from ntm.loaders.base import column_letter
from ntm.loaders.source import SheetData
from ntm.schema import WARNING, Problem
from ntm.statuses import LABELS_VI
from ntm.template import TEMPLATE_COLUMNS

_EXAMPLE_CHARS = 40
# Words a legacy sheet holds that may be typed without any tell-tale character.
_VOCABULARY = frozenset(word.lower() for word in (
    *(c.vi for c in TEMPLATE_COLUMNS), *LABELS_VI.values(), "Ghi chú", "Có", "Không", "Xã", "Tên xã",
    "Tên tiêu chí", "Nội dung", "Nội dung tiêu chí", "Kết quả", "Kết quả thực hiện", "Chỉ tiêu",
    "Chỉ tiêu đạt chuẩn", "Đánh giá",
    "Tự đánh giá", "Xã tự đánh giá", "Thẩm tra", "Thẩm định", "Huyện thẩm tra", "Tỉnh thẩm định", "Đạt chuẩn",
    "Tổng", "Tổng cộng", "Số tiêu chí đạt", "Tổng số tiêu chí đạt", "Tiêu chí", "Đơn vị tính"))


def decode_legacy_sheets(sheets: list[SheetData]) -> list[Problem]:
    """Convert legacy-encoded text in ``sheets`` (in place); the warnings that say what was done."""
    font_hint = _workbook_font_encoding(sheets)
    problems: list[Problem] = []
    for sheet in sheets:
        problems.extend(_decode_sheet(sheet, font_hint))
    return problems


def _workbook_font_encoding(sheets: list[SheetData]) -> str | None:
    """The legacy encoding the workbook's fonts point to, when they point to one."""
    encodings = {font_encoding(name) for sheet in sheets if sheet.legacy_fonts
                 for name in sheet.legacy_fonts.fonts}
    encodings.discard(None)
    return encodings.pop() if len(encodings) == 1 else None


def _decode_sheet(sheet: SheetData, font_hint: str | None) -> list[Problem]:
    fonts = sheet.legacy_fonts
    cell_fonts = fonts if fonts is not None and (fonts.cells or fonts.default) else None
    # The same texts repeat thousands of times: look at each distinct one once.
    distinct = {value for row in sheet.rows for value in row
                if value.__class__ is str and not value.isascii()}
    legacy = {value for value in distinct if looks_legacy(value)}
    if cell_fonts is None and not legacy:
        return _residue(sheet, distinct)
    sheet_encoding = guess_encoding("\n".join(legacy)) or font_hint
    if sheet_encoding is not None:
        legacy |= {value for value in distinct - legacy if not is_unicode(value)
                   and value.lower() not in _VOCABULARY
                   and to_unicode(value, sheet_encoding, upper=False).lower() in _VOCABULARY}
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
    problems = [_converted_warning(sheet, encoding, cells, fonts.fonts if fonts else ())
                for encoding, cells in converted.items()]
    after = {value for row in sheet.rows for value in row if value.__class__ is str and not value.isascii()}
    return problems + _residue(sheet, after)


def _residue(sheet: SheetData, distinct: set[str]) -> list[Problem]:
    """A warning naming the cells whose text still looks legacy-encoded, if any."""
    left = {value for value in distinct if leftover(value)}
    if not left:
        return []
    residue = [(r, c, value) for r, row in enumerate(sheet.rows) for c, value in enumerate(row)
               if value.__class__ is str and value in left]
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


def _converted_warning(sheet: SheetData, encoding: str, cells: list, fonts: tuple[str, ...]) -> Problem:
    r, c, before, after = cells[0]
    how_vi = f"phông {', '.join(fonts)}" if fonts else "nhận ra qua các ký tự"
    how_en = f"fonts {', '.join(fonts)}" if fonts else "recognised from its characters"
    n = len(cells)
    return Problem(
        WARNING, "legacy-encoding",
        f"Trang '{sheet.name}': {n} ô được gõ bằng bảng mã cũ {ENCODING_LABELS[encoding]} ({how_vi}) và đã "
        f"được chuyển sang Unicode, ví dụ ô {_ref(r, c)}: '{_short(before)}' → '{_short(after)}'. Hãy kiểm "
        "tra lại các tên và đánh giá; nên chuyển cả tệp sang Unicode (Unikey: Công cụ chuyển mã).",
        f"Sheet '{sheet.name}': {n} cell{'s' if n != 1 else ''} typed in the legacy encoding "
        f"{ENCODING_LABELS_EN[encoding]} ({how_en}) were converted to Unicode, e.g. {_ref(r, c)}: "
        f"'{_short(before)}' → '{_short(after)}'. Check the names and statuses; better convert the whole "
        "file to Unicode (Unikey's converter).",
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
