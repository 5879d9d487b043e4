"""What calamine does not tell about an .xls (BIFF8): percent formats and formulas without a value.

The .xls twin of ``xlsx_parts``. calamine reads the cells' values but neither their number
formats nor their formulas. Two things need them:

* a number shown as a percentage (the user typed "85%", Excel stored 0.85) is read as "85%": its
  cell's XF record points to a percent number format (built-in 9 "0%" and 10 "0.00%", or a
  FORMAT record whose code has a % outside quotes);
* a formula whose cached value is missing reads as blank, and the user must be told which cells.
  BIFF always has room for a cached value; a program that does not compute formulas (xlwt, for
  one) writes the "empty text" result there, and a string result without its STRING record is
  missing too. As for .xlsx, a formula whose value is the empty text is named.

The file is an OLE compound file (``ole_stream`` reads one stream of it); the ``Workbook`` stream
is a sequence of records: the globals (FORMAT, XF, BOUNDSHEET …) up to an EOF, then one substream
per sheet at the offset its BOUNDSHEET gives. Indexes are 0-based (row, column), like the
loader's grids. Anything unreadable gives no extras: calamine reports damaged files itself.
References: [MS-CFB] (compound files), [MS-XLS] (BIFF8 records).
"""

from __future__ import annotations

import re
import struct

from ntm.loaders.xlsx_parts import SheetExtras

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LAST_SECTOR = 0xFFFFFFFA  # sector numbers from here up mark ends of chains and free sectors
_STREAMS = ("Workbook", "Book")
_QUOTED = re.compile(r'"[^"]*"|\\.')
_PERCENT_BUILTIN = {9, 10}
# BIFF8 record types.
_EOF, _FORMAT, _XF, _BOUNDSHEET = 0x000A, 0x041E, 0x00E0, 0x0085
_NUMBER, _RK, _MULRK, _FORMULA, _STRING = 0x0203, 0x027E, 0x00BD, 0x0006, 0x0207
_NO_VALUE, _STRING_RESULT = 3, 0  # FORMULA result types stored in byte 0 when bytes 6-7 are FFFF


def sheet_extras(data: bytes) -> dict[str, SheetExtras]:
    """Sheet name → its extras (percent cells, formulas without a value), for an .xls in ``data``.

    Empty for anything that is not a readable BIFF8 workbook.
    """
    stream = ole_stream(data, _STREAMS)
    if stream is None:
        return {}
    try:
        return _read_workbook(stream)
    except (struct.error, IndexError, ValueError, UnicodeDecodeError):
        return {}


def ole_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """The first stream of the OLE compound file ``data`` named one of ``names`` (None if none)."""
    try:
        return _OleFile(data).stream(names)
    except (struct.error, IndexError, ValueError, UnicodeDecodeError):
        return None


class _OleFile:
    """Just enough of [MS-CFB] to read one stream: FAT and DIFAT chains, directory, mini stream."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(_OLE):
            raise ValueError("not an OLE file")
        self.data = data
        self.size = 1 << struct.unpack_from("<H", data, 30)[0]
        self.mini_size = 1 << struct.unpack_from("<H", data, 32)[0]
        n_fat, self.directory_start = struct.unpack_from("<II", data, 44)
        fields = struct.unpack_from("<IIIII", data, 56)
        self.cutoff, self.minifat_start, n_minifat, difat_start, n_difat = fields
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < _LAST_SECTOR]
        sector, per_sector = difat_start, self.size // 4 - 1
        for _ in range(n_difat):
            if sector >= _LAST_SECTOR:
                break
            entries = struct.unpack_from(f"<{per_sector + 1}I", self._sector(sector))
            fat_sectors += [s for s in entries[:-1] if s < _LAST_SECTOR]
            sector = entries[-1]
        raw = b"".join(self._sector(s) for s in fat_sectors[:n_fat])
        self.fat = struct.unpack(f"<{len(raw) // 4}I", raw)
        self.n_minifat = n_minifat

    def _sector(self, number: int) -> bytes:
        start = (number + 1) * self.size
        if start >= len(self.data):
            raise ValueError("sector out of the file")
        return self.data[start:start + self.size]

    def _chain(self, start: int, table: tuple[int, ...]) -> list[int]:
        chain: list[int] = []
        while start < _LAST_SECTOR:
            if start >= len(table) or len(chain) > len(table):
                raise ValueError("broken sector chain")
            chain.append(start)
            start = table[start]
        return chain

    def _read(self, start: int) -> bytes:
        return b"".join(self._sector(s) for s in self._chain(start, self.fat))

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        directory = self._read(self.directory_start)
        entries = []
        for at in range(0, len(directory) - 127, 128):
            length = struct.unpack_from("<H", directory, at + 64)[0]
            name = directory[at:at + max(length - 2, 0)].decode("utf-16-le")
            kind = directory[at + 66]
            start, size = struct.unpack_from("<II", directory, at + 116)
            entries.append((name, kind, start, size))
        if not entries:
            return None
        _, _, root_start, root_size = entries[0]
        for wanted in names:
            for name, kind, start, size in entries[1:]:
                if kind != 2 or name != wanted:
                    continue
                if size >= self.cutoff:
                    return self._read(start)[:size]
                mini_stream = self._read(root_start)[:root_size]
                raw = self._read(self.minifat_start) if self.n_minifat else b""
                minifat = struct.unpack(f"<{len(raw) // 4}I", raw)
                return b"".join(mini_stream[s * self.mini_size:(s + 1) * self.mini_size]
                                for s in self._chain(start, minifat))[:size]
        return None


def _records(stream: bytes, start: int):
    """(type, body, offset of the next record) of each record from ``start`` on."""
    at = start
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        body = stream[at + 4:at + 4 + length]
        at += 4 + length
        yield kind, body, at


def _unicode_string(body: bytes, at: int, count_bytes: int) -> str:
    """An XLUnicodeString (``count_bytes`` 2) or ShortXLUnicodeString (1) starting at ``at``."""
    count = body[at] if count_bytes == 1 else struct.unpack_from("<H", body, at)[0]
    flags = body[at + count_bytes]
    at += count_bytes + 1
    if flags & 0x08:  # rich text: a run count before the characters
        at += 2
    if flags & 0x04:  # phonetic data: its size before the characters
        at += 4
    if flags & 0x01:
        return body[at:at + 2 * count].decode("utf-16-le")
    return body[at:at + count].decode("latin-1")


def _read_workbook(stream: bytes) -> dict[str, SheetExtras]:
    formats: dict[int, str] = {}
    xf_formats: list[int] = []
    sheets: list[tuple[str, int]] = []
    for kind, body, _ in _records(stream, 0):
        if kind == _EOF:
            break
        if kind == _FORMAT:
            formats[struct.unpack_from("<H", body)[0]] = _unicode_string(body, 2, 2)
        elif kind == _XF:
            xf_formats.append(struct.unpack_from("<H", body, 2)[0])
        elif kind == _BOUNDSHEET:
            sheets.append((_unicode_string(body, 6, 1), struct.unpack_from("<I", body)[0]))
    percent_ids = _PERCENT_BUILTIN | {i for i, code in formats.items() if "%" in _QUOTED.sub("", code)}
    percent_xf = {index for index, number_format in enumerate(xf_formats) if number_format in percent_ids}
    return {name: _read_sheet(stream, offset, percent_xf) for name, offset in sheets}


def _read_sheet(stream: bytes, offset: int, percent_xf: set[int]) -> SheetExtras:
    percent: list[tuple[int, int]] = []
    uncached: list[tuple[int, int]] = []
    records = _records(stream, offset)
    for kind, body, after in records:
        if kind == _EOF:
            break
        if kind in (_NUMBER, _RK):
            row, column, xf = struct.unpack_from("<HHH", body)
            if xf in percent_xf:
                percent.append((row, column))
        elif kind == _MULRK:
            row, first = struct.unpack_from("<HH", body)
            for k in range((len(body) - 6) // 6):
                if struct.unpack_from("<H", body, 4 + 6 * k)[0] in percent_xf:
                    percent.append((row, first + k))
        elif kind == _FORMULA:
            row, column, xf = struct.unpack_from("<HHH", body)
            result = body[6:14]
            if result[6:8] != b"\xff\xff":
                if xf in percent_xf:
                    percent.append((row, column))
            elif result[0] == _NO_VALUE or (result[0] == _STRING_RESULT
                                             and not _string_follows(stream, after)):
                uncached.append((row, column))
    return SheetExtras(percent, uncached)


def _string_follows(stream: bytes, at: int) -> bool:
    """Whether the record at ``at`` is the STRING record holding a formula's text result."""
    return at + 4 <= len(stream) and struct.unpack_from("<H", stream, at)[0] == _STRING
