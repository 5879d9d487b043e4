"""Real legacy files built in code: a minimal BIFF8 .xls writer and OLE (compound file) container.

No .xls writer is installed, and real officials still send .xls. This writes the smallest BIFF8
workbook Excel-compatible readers accept — globals (BOF, CODEPAGE, FONT, FORMAT, XF, BOUNDSHEET,
SST, EOF) and per sheet (BOF, DIMENSIONS, LABELSST/NUMBER/FORMULA (+STRING) cells, MERGEDCELLS,
EOF) — in an OLE compound file (version 3, 512-byte sectors; streams padded to 4096 bytes, or
small ones in the mini stream).
The same container writer makes an "encrypted .xlsx" (EncryptionInfo + EncryptedPackage streams)
for the password-protected case. References: [MS-XLS], [MS-CFB].
"""

from __future__ import annotations

import struct

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_NO_STREAM = 0xFFFFFFFF


def ole_file(streams: dict[str, bytes], *, mini_stream: bool = False) -> bytes:
    """An OLE compound file holding ``streams``.

    By default each stream is padded to at least 4096 bytes (kept in ordinary sectors); with
    ``mini_stream`` a stream under 4096 bytes is kept as it is in the mini stream (64-byte mini
    sectors, chained by the mini FAT), as Excel and other writers do with small streams.
    """
    names = list(streams)
    small = {n for n in names if mini_stream and len(streams[n]) < 4096}
    sizes = {n: len(streams[n]) if n in small else max(len(streams[n]), 4096) for n in names}
    blobs: list[bytes] = []   # in ordinary sectors, in order: big streams, mini stream, mini FAT
    for n in names:
        if n not in small:
            blobs.append(streams[n] + b"\x00" * (sizes[n] - len(streams[n])))
    mini_starts, mini_data, mini_fat = {}, b"", []
    for n in names:
        if n in small:
            data = streams[n] + b"\x00" * (-len(streams[n]) % 64)
            first, count = len(mini_data) // 64, max(len(data) // 64, 1)
            mini_starts[n] = first if streams[n] else _END
            mini_fat += [first + i + 1 if i < count - 1 else _END for i in range(count)] if streams[n] else []
            mini_data += data
    if small:
        blobs.append(mini_data)
        blobs.append(struct.pack(f"<{len(mini_fat)}I", *mini_fat))
    blobs = [d + b"\x00" * (-len(d) % _SECTOR) for d in blobs]
    starts, sector = [], 0
    for d in blobs:
        starts.append(sector)
        sector += len(d) // _SECTOR
    n_entries = 1 + len(names)
    dir_sectors = -(-n_entries * 128 // _SECTOR)
    dir_start = sector
    sector += dir_sectors
    # FAT sectors: enough to describe every sector including themselves.
    n_fat = 1
    while (sector + n_fat) > n_fat * (_SECTOR // 4):
        n_fat += 1
    fat_start = sector
    total = sector + n_fat
    fat = [_FREE] * (n_fat * (_SECTOR // 4))
    for start, d in zip(starts, blobs):
        count = len(d) // _SECTOR
        for i in range(count):
            fat[start + i] = start + i + 1 if i < count - 1 else _END
    for i in range(dir_sectors):
        fat[dir_start + i] = dir_start + i + 1 if i < dir_sectors - 1 else _END
    for i in range(n_fat):
        fat[fat_start + i] = _FAT
    big_starts = iter(starts)
    stream_starts = {n: next(big_starts) for n in names if n not in small}
    root_start, root_size = (starts[-2], len(mini_data)) if small else (_END, 0)
    minifat_start, n_minifat = (starts[-1], len(blobs[-1]) // _SECTOR) if small else (_END, 0)
    directory = _dir_entry("Root Entry", 5, child=1 if names else _NO_STREAM, start=root_start,
                           size=root_size)
    # Siblings as a simple right-leaning chain (a valid red-black tree when all nodes are black).
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else _NO_STREAM
        start = mini_starts[name] if name in small else stream_starts[name]
        directory += _dir_entry(name, 2, start=start, size=sizes[name], right=right)
    directory += b"\x00" * (dir_sectors * _SECTOR - len(directory))
    difat = [fat_start + i for i in range(n_fat)] + [_FREE] * (109 - n_fat)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIII", 0, n_fat, dir_start, 0, 4096, minifat_start, n_minifat, _END)
              + struct.pack("<I", 0) + struct.pack("<109I", *difat))
    header = header[:76] + struct.pack("<109I", *difat)
    assert len(header) == _SECTOR
    body = b"".join(blobs) + directory + struct.pack(f"<{len(fat)}I", *fat)
    assert len(body) == total * _SECTOR
    return header + body


def _dir_entry(name: str, kind: int, *, start: int, size: int, child: int = _NO_STREAM,
               right: int = _NO_STREAM) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (encoded + b"\x00" * (64 - len(encoded))
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NO_STREAM, right, child)
            + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
            + struct.pack("<IQ", start, size))


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _short_string(text: str) -> bytes:
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


def _font(name: str) -> bytes:
    fields = struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0)
    return _record(0x0031, fields + _short_string(name))


def _xf(font: int, number_format: int, style: bool) -> bytes:
    flags = 0xFFF5 if style else 0x0001
    fields = struct.pack("<HHHBBBBIIH", font, number_format, flags, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    return _record(0x00E0, fields)


def xls_workbook(sheets: dict[str, list[list]], *, hidden: tuple[str, ...] = (), font: str = "Arial",
                 merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
                 percent: dict[str, set[tuple[int, int]]] | None = None, encrypted: bool = False,
                 formats: dict[str, dict[tuple[int, int], str]] | None = None,
                 formulas: dict[str, dict[tuple[int, int], object]] | None = None,
                 mini_stream: bool = False) -> bytes:
    """A real BIFF8 .xls with ``sheets`` (rows from A1; str, int/float or None cells).

    Args:
        hidden: names of hidden sheets.
        font: the default font's name (".VnTime" for a legacy workbook).
        merges: sheet → merged ranges (first row, last row, first column, last column), 0-based.
        percent: sheet → (row, column) of numbers shown with the built-in "0%" format.
        encrypted: add the FILEPASS record (RC4) that marks a password-protected workbook; the
            cells are not actually encrypted (a reader must stop at FILEPASS).
        formats: sheet → (row, column) → a custom number format code ("0.0%", "#,##0"), written
            as FORMAT records (ids from 164) with an XF each.
        formulas: sheet → (row, column) → the cached value of a formula (=1) written there: a
            number, a text (in the STRING record that follows), or None for no value (the
            "empty" result a program that does not compute formulas writes, as xlwt does).
        mini_stream: keep a Workbook stream under 4096 bytes in the OLE mini stream.
    """
    strings: list[str] = []
    index: dict[str, int] = {}
    for rows in sheets.values():
        for row in rows:
            for value in row:
                if isinstance(value, str) and value not in index:
                    index[value] = len(strings)
                    strings.append(value)
    fonts = b"".join(_font(font) for _ in range(5))  # font 4 is skipped by convention: write five
    codes = sorted({code for cells in (formats or {}).values() for code in cells.values()})
    format_ids = {code: 164 + k for k, code in enumerate(codes)}
    number_formats = b"".join(_record(0x041E, struct.pack("<HHB", format_ids[code], len(code), 1)
                                      + code.encode("utf-16-le")) for code in codes)
    xfs = (b"".join(_xf(0, 0, True) for _ in range(16)) + _xf(0, 0, False) + _xf(0, 9, False)
           + b"".join(_xf(0, format_ids[code], False) for code in codes))
    cell_xfs = {name: {cell: 18 + codes.index(code) for cell, code in cells.items()}
                for name, cells in (formats or {}).items()}
    total = sum(1 for rows in sheets.values() for row in rows for v in row if isinstance(v, str))
    sst_records = _continued(0x00FC, struct.pack("<II", total, len(strings)), strings)
    filepass = _record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\x00" * 48) if encrypted else b""
    globals_before = (_bof(0x0005) + filepass + _record(0x0042, struct.pack("<H", 1200)) + fonts
                      + number_formats + xfs)
    merges, percent, formulas = merges or {}, percent or {}, formulas or {}
    sheet_streams = [_sheet_stream(rows, index, merges.get(name, []), percent.get(name, set()),
                                   cell_xfs.get(name, {}), formulas.get(name, {}))
                     for name, rows in sheets.items()]
    bound_sizes = [len(_bound_sheet(0, name, name in hidden)) for name in sheets]
    offset = len(globals_before) + sum(bound_sizes) + len(sst_records) + len(_record(0x000A))
    bounds = b""
    for name, stream in zip(sheets, sheet_streams):
        bounds += _bound_sheet(offset, name, name in hidden)
        offset += len(stream)
    stream = globals_before + bounds + sst_records + _record(0x000A) + b"".join(sheet_streams)
    return ole_file({"Workbook": stream}, mini_stream=mini_stream)


def _continued(kind: int, head: bytes, strings: list[str]) -> bytes:
    """An SST record split into CONTINUE records at string boundaries (records hold ≤ 8224 bytes)."""
    records, current = [], head
    for text in strings:
        piece = struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")
        if len(current) + len(piece) > 8224:
            records.append(current)
            current = b""
        current += piece
    records.append(current)
    return _record(kind, records[0]) + b"".join(_record(0x003C, r) for r in records[1:])


def _bound_sheet(offset: int, name: str, hidden: bool) -> bytes:
    return _record(0x0085, struct.pack("<IBB", offset, 1 if hidden else 0, 0) + _short_string(name))


def _sheet_stream(rows: list[list], index: dict[str, int], merges: list, percent: set,
                  cell_xfs: dict[tuple[int, int], int], formulas: dict[tuple[int, int], object]) -> bytes:
    cells = b""
    n_cols = max((len(r) for r in rows), default=0)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            xf = 17 if (r, c) in percent else cell_xfs.get((r, c), 16)
            if (r, c) in formulas:
                cells += _formula(r, c, xf, formulas[(r, c)])
            elif isinstance(value, str):
                cells += _record(0x00FD, struct.pack("<HHHI", r, c, xf, index[value]))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cells += _record(0x0203, struct.pack("<HHHd", r, c, xf, float(value)))
    dims = _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, n_cols, 0))
    merged = b""
    if merges:
        merged = _record(0x00E5, struct.pack("<H", len(merges)) +
                         b"".join(struct.pack("<HHHH", *m) for m in merges))
    return _bof(0x0010) + dims + cells + merged + _record(0x000A)


def _formula(row: int, column: int, xf: int, cached: object) -> bytes:
    """A FORMULA record for =1 (ptgInt) with ``cached`` as its stored result."""
    tokens = struct.pack("<HBH", 3, 0x1E, 1)
    if isinstance(cached, str):
        result = b"\x00" * 6 + b"\xff\xff"
    elif cached is None:
        result = struct.pack("<Q", 0xFFFF000000000003)
    else:
        result = struct.pack("<d", float(cached))
    record = _record(0x0006, struct.pack("<HHH", row, column, xf) + result + struct.pack("<HI", 0, 0)
                     + tokens)
    if isinstance(cached, str):
        record += _record(0x0207, struct.pack("<HB", len(cached), 1) + cached.encode("utf-16-le"))
    return record
