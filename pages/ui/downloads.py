"""The bytes behind download buttons, built lazily and cached.

Download buttons get a callable (``st.download_button(data=callable, on_click="ignore")``): the
file is built only when the user clicks, and clicking does not rerun (or reset) the page. The
builders are cached on what decides their content.
"""

from __future__ import annotations

import io

import streamlit as st

from ntm.template import write_template
from pages.ui.data import get_catalog, store_url

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


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
