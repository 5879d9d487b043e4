"""The bytes behind download buttons, built lazily and cached.

Download buttons get a callable (``st.download_button(data=callable, on_click="ignore")``): the
file is built only when the user clicks, and clicking does not rerun (or reset) the page. The
builders are cached on what decides their content.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import streamlit as st

from ntm.export import (
    CSV_MIME,
    XLSX_MIME,
    commune_report_xlsx,
    export_csv,
    export_metadata,
    export_xlsx,
    results_table,
    scores_table,
)
from ntm.scoring import SCORE_KEYS
from ntm.template import write_template
from ntm.text import fold
from pages.ui import data
from pages.ui.data import get_catalog, store_url

__all__ = ["CSV_MIME", "XLSX_MIME", "commune_report_builder", "file_stem", "results_builder",
           "scores_builder", "template_builder", "template_file_name"]


@st.cache_data(show_spinner=False, max_entries=20)
def _template(set_id: str, lang: str, url: str) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, set_id, lang=lang, catalog=get_catalog())
    return buffer.getvalue()


def template_builder(set_id: str, lang: str):
    """A callable returning the template workbook for ``set_id`` (headers in ``lang``)."""
    url = store_url()
    return lambda: _template(set_id, lang, url)


def template_file_name(set_id: str) -> str:
    return f"mau-nhap-lieu-{set_id}.xlsx"


def _metadata(filters: dict, lang: str, rows: int) -> dict:
    catalog = get_catalog()
    sets = filters.get("criteria_set")
    sets = [sets] if isinstance(sets, str) else list(sets or [])
    return export_metadata(filters=filters, criteria_sets=[catalog.get(s) for s in sets if s in catalog],
                           rows=rows, lang=lang)


def results_builder(filters: dict, kind: str, lang: str) -> Callable[[], bytes]:
    """A callable returning the tidy results ``filters`` select, as "xlsx" or "csv" bytes.

    The rows are exactly those the data page shows (the same cached read); the workbook's
    metadata sheet names the filters, the set and its legal basis, and the time of export.
    """
    def build() -> bytes:
        frame = results_table(data.results(**filters), lang=lang)
        if kind == "csv":
            return export_csv(frame)
        return export_xlsx(frame, metadata=_metadata(filters, lang, len(frame)), lang=lang)
    return build


def scores_builder(scores: pd.DataFrame, filters: dict, kind: str, lang: str) -> Callable[[], bytes]:
    """A callable returning ``scores`` (one row per commune-year, as shown) as "xlsx" or "csv" bytes."""
    def build() -> bytes:
        frame = scores_table(scores[SCORE_KEYS], lang=lang)
        if kind == "csv":
            return export_csv(frame)
        return export_xlsx(frame, metadata=_metadata(filters, lang, len(frame)), lang=lang)
    return build


def commune_report_builder(score: pd.Series, place: dict, history: pd.DataFrame,
                           lang: str) -> Callable[[], bytes]:
    """A callable returning one commune-year's report workbook (``ntm.export.commune_report_xlsx``)."""
    def build() -> bytes:
        return commune_report_xlsx(score, data.criteria(**place), data.gaps(**place), history,
                                   catalog=get_catalog(), lang=lang)
    return build


def file_stem(*parts: object) -> str:
    """An ASCII file name without extension from the parts: "ket-qua-ntm-2021-2023-an-giang"."""
    words = " ".join(str(p) for p in parts if p is not None and str(p) != "")
    return "-".join("".join(c if c.isalnum() else " " for c in fold(words)).split()) or "ntm"
