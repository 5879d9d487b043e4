"""Writing a table for people who open it in Excel: .csv bytes and .xlsx bytes.

CSV: UTF-8 with a BOM (Excel on Windows needs it to read Vietnamese), comma-separated, no
``sep=`` line (it would show up as a data row in every other program), CRLF line ends. A text
cell that a spreadsheet would run as a formula — starting with = + - @, a tab or a carriage
return (OWASP "CSV injection") — gets a leading apostrophe; a plain negative number written as
text ("-5", "-1.234,5") is left alone, and numeric columns are never touched.

XLSX: numbers are numbers (percentages as 84.21 with a "0.00" format under a "(%)" header), text
is text (``strings_to_formulas`` off: "=cmd" stays inert text, codes such as "17.10" stay text),
the header row is frozen and filterable, status cells wear the palette's colours, and a metadata
sheet says what was exported: filters, criteria set and legal basis, time of export.

``export_table`` picks the writer by kind ("xlsx" or "csv"): callers that offer both call it;
``export_kind`` reads the kind off a file name the user gave.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ntm.errors import NtmError
from ntm.export.tables import STATUS_HEADERS, join_list
from ntm.palette import STATUS_ORDER, status_label, xlsx_fill

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NEGATIVE = re.compile(r"-\d+(?:[.,]\d+)*%?\Z")
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row
VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")

EXPORTED_AT = ("Thời điểm xuất", "Exported at")
FILTER_LABELS = {
    "province": ("Tỉnh", "Province"), "district": ("Huyện", "District"), "commune": ("Xã", "Commune"),
    "commune_code": ("Mã xã", "Commune code"), "year": ("Năm", "Year"),
    "criteria_set": ("Bộ tiêu chí", "Criteria set"), "criterion": ("Tiêu chí", "Criterion"),
    "status": ("Đánh giá", "Status"),
}
_SHEET_NAMES = {"data": ("DuLieu", "Data"), "info": ("ThongTin", "Info")}
_STATUS_OF = {word: status for status in STATUS_ORDER
              for word in (status, status_label(status, "vi"), status_label(status, "en"))}


class ExportError(NtmError):
    """A table that cannot be written as asked (too many rows for Excel)."""


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert with a leading apostrophe.

    >>> neutralise("=cmd|' /C calc'!A0"), neutralise("-1+2"), neutralise("-5"), neutralise(-5)
    ("'=cmd|' /C calc'!A0", "'-1+2", '-5', -5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NEGATIVE.match(value):
        return "'" + value
    return value


def export_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV bytes for Excel: UTF-8 with BOM, no ``sep=`` line, formula-like text inert.

    Lists become "1; 15; 17"; missing values are empty cells; numeric columns are written as
    numbers (a decimal point: the file is for machines as much as for Excel — give people .xlsx).
    """
    out = frame.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if dtype == object or isinstance(dtype, (pd.StringDtype, pd.CategoricalDtype)):
            # Element by element into an object column: ``Series.map`` would turn whole numbers
            # beside blanks (a commune group: 3, None) into floats written "3.0".
            out[column] = pd.Series([neutralise(join_list(v)) if v is not None and v is not pd.NA else v
                                     for v in out[column].astype(object)], index=out.index, dtype=object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def format_time(moment: dt.datetime) -> str:
    """"2026-03-05 14:03 (UTC+07:00)": a time with its offset, so nobody guesses the zone."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def export_metadata(*, filters: Mapping[str, object] | None = None, criteria_sets: Iterable = (),
                    rows: int | None = None, exported_at: dt.datetime | None = None,
                    lang: str = "vi", **more: object) -> dict[str, object]:
    """The metadata sheet's content: what was exported, from which set, under which filters, when.

    Args:
        filters: the page's filters, e.g. ``{"province": "An Giang", "year": [2024, 2025],
            "commune": None}``; known keys get Vietnamese labels ("Bộ lọc – Tỉnh"), an empty
            filter reads "Tất cả".
        criteria_sets: the ``CriteriaSet`` objects of the exported data (name, id, legal basis).
        rows: the number of rows exported.
        exported_at: the time of export (default: now, Vietnam time).
        lang: "vi" (default) or "en".
        **more: further label → value rows, written as given.

    Returns:
        An ordered dict label → value for ``export_xlsx(metadata=...)``.
    """
    moment = exported_at or dt.datetime.now(VIETNAM_TIME)
    out: dict[str, object] = {_pick(EXPORTED_AT, lang): format_time(moment)}
    sets = list(criteria_sets)
    for cs in sets:
        suffix = f" ({cs.id})" if len(sets) > 1 else ""
        name = (cs.name_en if lang == "en" and cs.name_en else cs.name_vi) or cs.id
        out[_pick(("Bộ tiêu chí", "Criteria set"), lang) + suffix] = f"{name} ({cs.id})"
        out[_pick(("Căn cứ pháp lý", "Legal basis"), lang) + suffix] = cs.legal_basis or "–"
    for key, value in (filters or {}).items():
        label = _pick(FILTER_LABELS.get(key, (key, key)), lang)
        empty = value is None or (isinstance(value, (list, tuple, set)) and not value) or value == ""
        shown = _pick(("Tất cả", "All"), lang) if empty else (
            "; ".join(str(v) for v in value) if isinstance(value, (list, tuple, set)) else value)
        out[_pick(("Bộ lọc – ", "Filter – "), lang) + label] = shown
    if rows is not None:
        out[_pick(("Số dòng", "Rows"), lang)] = int(rows)
    out.update(more)
    out[_pick(("Tạo bởi", "Made by"), lang)] = "NTM Dashboard"
    return out


def sheet_title(name: str) -> str:
    """A valid worksheet name: no []:*?/\\ characters, at most 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "-", str(name)).strip("'") or "Sheet"
    return cleaned[:31]


class Book:
    """An .xlsx workbook in memory, written sheet by sheet with the project's formats.

    Use ``table`` for a data sheet, ``pairs`` for a label/value sheet, then ``close`` for bytes.
    """

    def __init__(self) -> None:
        import xlsxwriter  # only needed when exporting

        self._buffer = io.BytesIO()
        self._book = xlsxwriter.Workbook(self._buffer, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False})
        self._formats: dict[str, object] = {}
        self._book.set_properties({"title": "NTM Dashboard", "comments": "Xuất từ NTM Dashboard"})

    def fmt(self, key: str):
        """A cached cell format: "header", "pct", "wrap", "bold", "title", or "status:<status>"."""
        if key not in self._formats:
            if key.startswith("status:"):
                fill, font = xlsx_fill(key.split(":", 1)[1])
                spec = {"bg_color": fill, "font_color": font, "border": 1, "border_color": "#FFFFFF"}
            else:
                spec = {
                    "header": {"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top",
                               "bottom": 1},
                    "pct": {"num_format": "0.00"},
                    "wrap": {"text_wrap": True, "valign": "top"},
                    "bold": {"bold": True, "valign": "top"},
                    "title": {"bold": True, "font_size": 14},
                }[key]
            self._formats[key] = self._book.add_format(spec)
        return self._formats[key]

    def write_cell(self, sheet, row: int, col: int, value: object, *, pct: bool = False,
                   status: bool = False) -> None:
        """One cell: numbers as numbers, text as text, a status coloured, blanks left blank."""
        value = join_list(value)
        if value is None or value is pd.NA or value == "" or (isinstance(value, float) and math.isnan(value)):
            return
        if status and str(value) in _STATUS_OF:
            sheet.write_string(row, col, str(value), self.fmt(f"status:{_STATUS_OF[str(value)]}"))
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, numbers.Number):
            # 100 − 93.4 is 6.599999999999994 in floats: 9 decimals keep every real digit.
            number = value if isinstance(value, numbers.Integral) else round(float(value), 9)
            if math.isfinite(number):
                sheet.write_number(row, col, number, self.fmt("pct") if pct else None)
        elif isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
            text = format_time(value) if isinstance(value, dt.datetime) else value.isoformat()
            sheet.write_string(row, col, text)
        else:
            sheet.write_string(row, col, str(value))

    def table(self, name: str, frame: pd.DataFrame, *, percent_columns: Sequence[str] | None = None,
              status_columns: Sequence[str] | None = None) -> None:
        """A data sheet: bold frozen header, autofilter, coloured statuses, sensible column widths."""
        if len(frame) > XLSX_MAX_ROWS:
            raise ExportError(
                f"Bảng có {len(frame):,} dòng, quá giới hạn {XLSX_MAX_ROWS:,} dòng của Excel. "
                "Hãy lọc bớt dữ liệu hoặc xuất tệp .csv.".replace(",", "."),
                f"The table has {len(frame):,} rows, more than Excel's {XLSX_MAX_ROWS:,}. "
                "Filter the data or export a .csv file.")
        sheet = self._book.add_worksheet(sheet_title(name))
        columns = [str(c) for c in frame.columns]
        pct = set(percent_columns) if percent_columns is not None else {c for c in columns if _is_percent(c)}
        status = (set(status_columns) if status_columns is not None
                  else {c for c in columns if c in STATUS_HEADERS})
        for col, header in enumerate(columns):
            sheet.write_string(0, col, header, self.fmt("header"))
        for col, column in enumerate(frame.columns):
            series = frame[column]
            values = series.astype(object).tolist()
            is_pct, is_status = str(column) in pct, str(column) in status
            if _is_number_column(series):
                # The common case, kept tight: a numeric column is numbers or blanks.
                cell_format = self.fmt("pct") if is_pct else None
                numbers_ = np.round(series.astype("Float64").to_numpy(dtype=float, na_value=np.nan), 9)
                for row in np.flatnonzero(np.isfinite(numbers_)).tolist():
                    sheet.write_number(row + 1, col, numbers_[row], cell_format)
            else:
                for row, value in enumerate(values, start=1):
                    if isinstance(value, str) and not is_status:
                        if value:
                            sheet.write_string(row, col, value)
                    else:
                        self.write_cell(sheet, row, col, value, pct=is_pct, status=is_status)
            sample = [len(str(join_list(v))) for v in values[:500] if v is not None and not _is_blank(v)]
            width = max([min(len(columns[col]), 30), *sample]) if sample else len(columns[col])
            sheet.set_column(col, col, max(8, min(60, width + 2)))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(frame), 1), max(len(columns) - 1, 0))

    def pairs(self, name: str, rows: Mapping[str, object] | Iterable[tuple[str, object]], *,
              headers: tuple[str, str] | None = None, title: str | None = None,
              percent_labels: Iterable[str] = ()) -> None:
        """A label/value sheet (metadata, a summary): labels bold, long values wrapped."""
        sheet = self._book.add_worksheet(sheet_title(name))
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 90)
        r = 0
        if title:
            sheet.write_string(r, 0, title, self.fmt("title"))
            r += 2
        if headers:
            sheet.write_string(r, 0, headers[0], self.fmt("header"))
            sheet.write_string(r, 1, headers[1], self.fmt("header"))
            r += 1
        percent = set(percent_labels)
        for label, value in (rows.items() if isinstance(rows, Mapping) else rows):
            sheet.write_string(r, 0, str(label), self.fmt("bold"))
            if isinstance(value, Mapping):
                value = "; ".join(f"{k}: {join_list(v)}" for k, v in value.items())
            if isinstance(value, str):
                # A paragraph goes one line per row: easy to copy, no row height to guess.
                lines = value.split("\n") or [""]
                for i, line in enumerate(lines):
                    sheet.write_string(r + i, 1, line, self.fmt("wrap"))
                r += len(lines) - 1
            else:
                self.write_cell(sheet, r, 1, value, pct=str(label) in percent)
            r += 1

    def close(self) -> bytes:
        """The finished workbook's bytes."""
        self._book.close()
        return self._buffer.getvalue()


def _is_number_column(series: pd.Series) -> bool:
    """A column of numbers only (not booleans): written with one fast loop."""
    return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)


def _is_blank(value: object) -> bool:
    return value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _is_percent(column: str) -> bool:
    return column.endswith("_pct") or column.rstrip().endswith("(%)")


def metadata_rows(metadata: Mapping[str, object] | None, lang: str) -> dict[str, object]:
    """``metadata`` with the time of export added when it does not say it already."""
    rows = dict(metadata or {})
    if not any(label in rows for label in EXPORTED_AT):
        rows = {_pick(EXPORTED_AT, lang): format_time(dt.datetime.now(VIETNAM_TIME)), **rows}
    return rows


def export_xlsx(frame: pd.DataFrame, *, metadata: Mapping[str, object] | None, sheet_name: str | None = None,
                lang: str = "vi", percent_columns: Sequence[str] | None = None,
                status_columns: Sequence[str] | None = None) -> bytes:
    """``frame`` as .xlsx bytes: a data sheet and a metadata sheet.

    Args:
        frame: the table, exactly as filtered (e.g. ``results_table(...)``, ``scores_table(...)``).
        metadata: label → value rows for the metadata sheet, e.g. ``export_metadata(...)``; the
            time of export is added when missing.
        sheet_name: the data sheet's name (default "DuLieu" / "Data").
        lang: "vi" (default) or "en": sheet names and labels.
        percent_columns: columns written with the "0.00" format (default: names ending "_pct"
            or "(%)").
        status_columns: columns whose cells are coloured by status (default: "status",
            "Đánh giá", "Status").

    Raises:
        ExportError: more rows than an Excel sheet holds.
    """
    book = Book()
    book.table(sheet_name or _pick(_SHEET_NAMES["data"], lang), frame, percent_columns=percent_columns,
               status_columns=status_columns)
    book.pairs(_pick(_SHEET_NAMES["info"], lang), metadata_rows(metadata, lang),
               headers=(_pick(("Mục", "Item"), lang), _pick(("Nội dung", "Value"), lang)))
    return book.close()


EXPORT_KINDS = ("xlsx", "csv")


def export_kind(path: str | os.PathLike) -> str:
    """The kind of file ``path`` names, by its suffix: "xlsx" or "csv" (any case), for ``export_table``.

    >>> export_kind("nhat-ky.CSV"), export_kind(Path("ket-qua.xlsx"))
    ('csv', 'xlsx')

    Raises:
        ExportError: a name ending otherwise (".pdf", ".xls", none), before anything is read or written.
    """
    path = Path(path)
    kind = path.suffix.lower().removeprefix(".")
    if kind not in EXPORT_KINDS:
        raise ExportError(f"Chỉ xuất được tệp .csv hoặc .xlsx, không phải '{path.name}'.",
                          f"Can only export .csv or .xlsx files, not '{path.name}'.")
    return kind


def export_table(table: pd.DataFrame, kind: str, *, metadata: Mapping[str, object] | None = None,
                 lang: str = "vi", sheet_name: str | None = None) -> bytes:
    """``table`` as the bytes of one file of ``kind``: the one place a kind picks its writer.

    Args:
        table: the table, exactly as filtered (e.g. ``results_table(...)``).
        kind: "xlsx" (``export_xlsx``: a data sheet and a metadata sheet) or "csv"
            (``export_csv``: UTF-8 with BOM; one table, so ``metadata`` and ``sheet_name`` are
            not written).
        metadata: label → value rows for the .xlsx metadata sheet, e.g. ``export_metadata(...)``.
        lang: "vi" (default) or "en": the .xlsx sheet names and labels.
        sheet_name: the .xlsx data sheet's name (default "DuLieu" / "Data").

    Raises:
        ExportError: a kind other than ``EXPORT_KINDS``, or more rows than an Excel sheet holds.
    """
    if kind == "csv":
        return export_csv(table)
    if kind == "xlsx":
        return export_xlsx(table, metadata=metadata, lang=lang, sheet_name=sheet_name)
    raise ExportError(f"Không xuất được tệp .{kind}: chỉ xuất được tệp .xlsx hoặc .csv.",
                      f"Cannot export a .{kind} file: only .xlsx or .csv.")
