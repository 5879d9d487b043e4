"""Writing a frame to a file people open in Excel: .csv (UTF-8 with BOM) or .xlsx (frozen header).

CSV: Excel on Windows needs the BOM to read Vietnamese correctly, and a text cell starting with
= + - @ (or a tab / carriage return) would be run as a formula when opened, so such cells get a
leading apostrophe (OWASP "CSV injection"). XLSX: every text cell is written as text, never as a
formula, so nothing needs changing; the header row is frozen and filterable.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ntm.store.errors import StoreError

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = (".csv", ".xlsx")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_frame(frame: pd.DataFrame, path: Path, *, sheet_name: str = "DuLieu") -> None:
    """Write ``frame`` to ``path`` (.csv or .xlsx, by its suffix); list cells become "a; b".

    Raises:
        StoreError: an unsupported suffix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise StoreError(f"Chỉ xuất được tệp .csv hoặc .xlsx, không phải '{path.name}'.",
                         f"Can only export .csv or .xlsx files, not '{path.name}'.")
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
    if suffix == ".csv":
        _export_csv(frame, path)
    else:
        _export_xlsx(frame, path, sheet_name)


def _export_csv(frame: pd.DataFrame, path: Path) -> None:
    text_columns = [c for c in frame.columns if frame[c].dtype == object or isinstance(frame[c].dtype, pd.StringDtype)
                    or isinstance(frame[c].dtype, pd.CategoricalDtype)]
    safe = frame.copy()
    for column in text_columns:
        safe[column] = safe[column].astype(object).map(neutralise)
    safe.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")


def _export_xlsx(frame: pd.DataFrame, path: Path, sheet_name: str) -> None:
    import xlsxwriter

    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
               "constant_memory": True}
    with xlsxwriter.Workbook(str(path), options) as workbook:
        sheet = workbook.add_worksheet(sheet_name)
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
        for col, name in enumerate(frame.columns):
            sheet.write_string(0, col, str(name), bold)
            sheet.set_column(col, col, max(10, min(40, len(str(name)) + 4)))
        columns = [frame[c].astype(object).where(frame[c].notna(), None).to_list() for c in frame.columns]
        for row, values in enumerate(zip(*columns), start=1):
            for col, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(row, col, value)
                elif isinstance(value, (int, float)):
                    sheet.write_number(row, col, value)
                elif hasattr(value, "isoformat"):
                    sheet.write_string(row, col, value.isoformat())
                else:
                    sheet.write_string(row, col, str(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))
