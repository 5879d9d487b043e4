"""Real .xlsx workbooks built in code for the loader tests, and the row-accounting check.

Everything is deterministic and in memory: ``build_xlsx`` returns the file's bytes.
"""

from __future__ import annotations

from io import BytesIO

import openpyxl

from ntm.catalog import CriteriaSet
from ntm.template import TEMPLATE_COLUMNS

HEADER = [c.vi for c in TEMPLATE_COLUMNS]
HEADER_EN = [c.en for c in TEMPLATE_COLUMNS]
FIELDS = [c.field for c in TEMPLATE_COLUMNS]


def result_row(code: object, status: object = "Đạt", *, commune: object = "Khánh Bình", year: object = 2023,
               criteria_set: object = "NTM 2021-2025", province: object = "Khánh Hòa", value: object = None,
               target: object = None, note: object = None, district: object = None,
               commune_code: object = None, indicator_name: object = None,
               commune_group: object = None) -> list:
    """One template row, in ``HEADER`` order."""
    fields = {"province": province, "district": district, "commune": commune, "commune_code": commune_code,
              "year": year, "criteria_set": criteria_set, "code": code, "indicator_name": indicator_name,
              "target": target, "value": value, "status": status, "note": note, "commune_group": commune_group}
    return [fields[f] for f in FIELDS]


def assessment_rows(criteria_set: CriteriaSet, status: object = "Đạt", **fields) -> list[list]:
    """One row per known indicator of ``criteria_set``, all with ``status``."""
    return [result_row(code, status, **fields) for code in criteria_set.indicators["indicator"]]


def build_xlsx(sheets: dict[str, list[list]], *, hidden: tuple[str, ...] = (),
               formats: dict[tuple[str, str], str] | None = None) -> bytes:
    """A workbook with one sheet per item (rows written from A1; None leaves a cell empty).

    ``formats`` maps (sheet, cell) to a number format, e.g. {("KetQua", "J5"): "0%"}.
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        if name in hidden:
            sheet.sheet_state = "hidden"
    for (name, ref), number_format in (formats or {}).items():
        book[name][ref].number_format = number_format
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_book(rows: list[list], *, header: list | None = None, **kwargs) -> bytes:
    """A one-sheet ``KetQua`` workbook: the header, then ``rows``."""
    return build_xlsx({"KetQua": [header or HEADER, *rows]}, **kwargs)


def sources(results) -> list[str]:
    """Each result's place as one text "file:sheet:row" (from ``source``, or from ``source_sheet``
    and ``source_row`` where the frame keeps them apart)."""
    if "source" in results:
        return [str(s) for s in results["source"]]
    return [f"{sheet}:{row}" for sheet, row in zip(results["source_sheet"], results["source_row"])]


def used_rows(result, sheet: str = "KetQua") -> list[int]:
    """Excel rows of ``sheet`` that became results, from their ``source``."""
    return [int(s.rsplit(":", 1)[1]) for s in sources(result.results) if s.split(":")[-2] == sheet]


def assert_accounted(result, data_rows: set[int], sheet: str = "KetQua") -> None:
    """Every non-blank data row is a result or a rejected row with an error, never both or neither."""
    stats = result.stats
    assert stats.rows_read == stats.rows_used + stats.rows_rejected
    used = used_rows(result, sheet)
    errors = result.problems[(result.problems["severity"] == "error") & (result.problems["sheet"] == sheet)]
    rejected = {int(r) for r in errors["row"].dropna()}
    assert len(used) == len(set(used)) == stats.rows_used == len(result.results)
    assert not set(used) & rejected, "a row is both used and rejected"
    assert set(used) | rejected == data_rows
    assert stats.rows_read == len(data_rows)
    assert stats.rows_rejected == len(rejected)
