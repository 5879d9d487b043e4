"""The bytes behind download buttons, built lazily, and why a file cannot be offered.

Download buttons get a callable (``st.download_button(data=callable, on_click="ignore")``): the
file is built only when the user clicks, and clicking does not rerun (or reset) the page.

That callable runs on Streamlit's download thread, after the page script has finished, where no
message can be drawn on the page. So everything a file needs from the store (the rows, the
criterion statuses, the gaps, the catalog) is read when the button is drawn — the same cached
reads the page shows, so a store error is shown as the page shows it — and the callable only
writes bytes from frames in memory. What is known to fail before building (more rows than an
Excel sheet holds) is checked when drawing too: ``xlsx_problem`` gives the message the page shows
instead of the button. A build that fails anyway on the click (an error of the project's family,
``NtmError``) has its cause logged on the server (logger ``pages.ui.downloads``); the user sees
Streamlit's short "failed" note under the button, never a traceback.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st

from ntm.catalog import Catalog
from ntm.errors import NtmError
from ntm.export import (
    CSV_MIME,
    UNIT_HEADERS,
    XLSX_MIME,
    ExportError,
    commune_report_xlsx,
    export_csv,
    export_metadata,
    export_xlsx,
    results_table,
    scores_table,
    with_unit_columns,
)
from ntm.export.writers import XLSX_MAX_ROWS
from ntm.scoring import SCORE_KEYS
from ntm.template import write_template
from ntm.text import fold
from ntm.vnformat import format_number
from pages.ui import data
from pages.ui.data import get_catalog, store_url

__all__ = ["CSV_MIME", "XLSX_MIME", "commune_report_builder", "file_stem", "results_builder",
           "scores_builder", "template_builder", "template_file_name", "xlsx_problem"]

LOG = logging.getLogger(__name__)


def _logged(build: Callable[[], bytes], what: str) -> Callable[[], bytes]:
    """``build``, logging the cause when it fails with an ``NtmError`` (then failing as before)."""
    def run() -> bytes:
        try:
            return build()
        except NtmError as error:
            LOG.warning("Download %s could not be built: %s", what, error.message("en"), exc_info=True)
            raise
    return run


def xlsx_problem(rows: int) -> ExportError | None:
    """Why ``rows`` rows cannot be offered as one .xlsx sheet (more than Excel holds), or None."""
    if rows <= XLSX_MAX_ROWS:
        return None
    return ExportError(
        f"Không tạo được tệp .xlsx: {format_number(rows)} dòng, quá giới hạn {format_number(XLSX_MAX_ROWS)} "
        "dòng của một trang Excel. Hãy lọc bớt (chọn năm, tỉnh, huyện hoặc xã) hoặc tải tệp .csv.",
        f"No .xlsx file: {rows:,} rows, more than the {XLSX_MAX_ROWS:,} rows an Excel sheet holds. "
        "Filter the data (a year, province, district or communes) or download the .csv file.")


@st.cache_data(show_spinner=False, max_entries=20)
def _template(set_id: str, lang: str, url: str, _catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, set_id, lang=lang, catalog=_catalog)
    return buffer.getvalue()


def template_builder(set_id: str, lang: str) -> Callable[[], bytes]:
    """A callable returning the template workbook for ``set_id`` (headers in ``lang``)."""
    url, catalog = store_url(), get_catalog()
    return _logged(lambda: _template(set_id, lang, url, catalog), f"template {set_id}")


def template_file_name(set_id: str) -> str:
    return f"mau-nhap-lieu-{set_id}.xlsx"


def _metadata(catalog: Catalog, filters: dict, lang: str, rows: int) -> dict:
    sets = filters.get("criteria_set")
    sets = [sets] if isinstance(sets, str) else list(sets or [])
    return export_metadata(filters=filters, criteria_sets=[catalog.get(s) for s in sets if s in catalog],
                           rows=rows, lang=lang)


def _table_builder(table: Callable[[], pd.DataFrame], filters: dict, kind: str, lang: str,
                   what: str) -> Callable[[], bytes]:
    """A callable writing ``table()`` as "xlsx" (with the metadata sheet) or "csv" bytes."""
    catalog = get_catalog()

    def build() -> bytes:
        frame = table()
        if kind == "csv":
            return export_csv(frame)
        return export_xlsx(frame, metadata=_metadata(catalog, filters, lang, len(frame)), lang=lang)
    return _logged(build, f"{what}.{kind}")


def results_builder(results: pd.DataFrame, filters: dict, kind: str, lang: str,
                    scores: pd.DataFrame | None = None) -> Callable[[], bytes]:
    """A callable returning ``results`` (the tidy rows ``filters`` selected, as the page shows
    them) as "xlsx" or "csv" bytes; the workbook's metadata sheet names the filters, the set and
    its legal basis, and the time of export. With ``scores`` (as the store reads them), each row
    carries its assessment's official unit beside the commune as reported."""
    def table() -> pd.DataFrame:
        rows = with_unit_columns(results, scores) if scores is not None else results
        return results_table(rows, lang=lang)
    return _table_builder(table, filters, kind, lang, "results")


def scores_builder(scores: pd.DataFrame, filters: dict, kind: str, lang: str) -> Callable[[], bytes]:
    """A callable returning ``scores`` (one row per commune-year, as shown, with the official unit
    beside the commune as reported) as "xlsx" or "csv" bytes."""
    columns = [*SCORE_KEYS, *(c for c in UNIT_HEADERS if c in scores.columns)]
    return _table_builder(lambda: scores_table(scores[columns], lang=lang), filters, kind, lang, "scores")


def commune_report_builder(score: pd.Series, place: dict, history: pd.DataFrame,
                           lang: str) -> Callable[[], bytes]:
    """A callable returning one commune-year's report workbook (``ntm.export.commune_report_xlsx``).

    The commune's criterion statuses and gaps are read now, while the page is drawn (the reads
    the profile page makes anyway); the click only writes the workbook.
    """
    criteria, gaps, catalog = data.criteria(**place), data.gaps(**place), get_catalog()

    def build() -> bytes:
        return commune_report_xlsx(score, criteria, gaps, history, catalog=catalog, lang=lang)
    return _logged(build, f"report {score.get('commune')} {score.get('year')}")


def file_stem(*parts: object) -> str:
    """An ASCII file name without extension from the parts: "ket-qua-ntm-2021-2023-an-giang"."""
    words = " ".join(str(p) for p in parts if p is not None and str(p) != "")
    return "-".join("".join(c if c.isalnum() else " " for c in fold(words)).split()) or "ntm"
