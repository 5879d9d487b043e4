"""Pieces every page draws: how a filtered page starts, empty states that say what to do, and
the sample-data note.

An empty state never crashes and never leaves a blank page: it says what is missing and points to
the page that fixes it, then stops the script (``st.stop``).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ntm.catalog import Catalog
from ntm.charts import plotly_config
from pages.ui.data import get_catalog
from pages.ui.figures import SentFigure, sendable
from pages.ui.filters import Selection, render_filters
from pages.ui.i18n import t
from pages.ui.labels import status_legend

UPLOAD_PAGE = "pages/upload.py"


def stop_without_data(selection: Selection | None) -> Selection:
    """Stop with a pointer to the upload page when the store holds nothing; else the selection."""
    if selection is not None:
        return selection
    st.info(t("Kho dữ liệu chưa có kết quả đánh giá nào. Hãy tải lên tệp Excel đánh giá (hoặc mẫu nhập "
              "liệu đã điền) ở trang Tải lên.",
              "The store holds no assessment results yet. Upload an assessment workbook (or a filled-in "
              "template) on the Upload page."), icon=":material/inbox:")
    st.page_link(UPLOAD_PAGE, label=t("Đến trang Tải lên", "Go to Upload"), icon=":material/upload_file:")
    st.stop()


def start_page(title_vi: str, title_en: str) -> Selection:
    """The start of a filtered page: the sidebar filters, then the title; when the store holds
    nothing, a pointer to the upload page instead, and the page stops."""
    selection = stop_without_data(render_filters())
    st.title(t(title_vi, title_en))
    return selection


def start_chart_page(title_vi: str, title_en: str, slug: str) -> tuple[Selection, Catalog, str]:
    """``start_page``, plus the catalog and the stem of the page's chart files: ``slug``, the set
    and the year ("so-sanh-ntm-2021-2023")."""
    selection = start_page(title_vi, title_en)
    return selection, get_catalog(), f"{slug}-{selection.criteria_set}-{selection.year}"


def stop_if_empty(frame: pd.DataFrame, what_vi: str, what_en: str) -> None:
    """Stop with "no data for this filter" and what to try, when ``frame`` is empty."""
    if not frame.empty:
        return
    st.info(t(f"Không có {what_vi} cho bộ lọc đang chọn. Hãy chọn năm, bộ tiêu chí hoặc địa bàn khác "
              "ở thanh bên, hoặc bỏ bớt xã đã chọn.",
              f"No {what_en} for the current filters. Choose another year, criteria set or place in "
              "the sidebar, or clear some of the chosen communes."), icon=":material/filter_alt_off:")
    st.stop()


def render_sample_note(scores: pd.DataFrame) -> None:
    """Say so when what is shown includes the shipped sample data."""
    if "sample" in scores and scores["sample"].astype(bool).any():
        st.caption(t(":material/warning: Đang hiển thị dữ liệu mẫu minh họa, không phải số liệu chính thức. "
                     "Có thể xóa dữ liệu mẫu ở trang Tải lên.",
                     ":material/warning: Showing illustrative sample data, not official figures. The sample "
                     "data can be removed on the Upload page."))


def render_figure(figure: go.Figure | SentFigure, name: str) -> None:
    """A figure from ``ntm.charts`` (or one kept as sent, ``figures.sendable``); the toolbar's camera
    saves it as a PNG called ``name``."""
    st.plotly_chart(figure if isinstance(figure, SentFigure) else sendable(figure),
                    config=plotly_config(name), theme=None)


def render_status_legend() -> None:
    """The status marks and colours, as a line of chips under a table."""
    st.caption(status_legend(), unsafe_allow_html=True)


ROW_HEIGHT = 35  # pixels per row of st.dataframe (header included)


def render_table(frame, columns: dict | None = None, *, fit: bool = False) -> None:
    """A read-only table: no index, "–" for a missing value, the given column config.

    Args:
        frame: a DataFrame, or a pandas Styler (``tables.style_statuses``).
        columns: ``column_config``.
        fit: tall enough to show every row (up to 40) without a scroll bar inside the table.
    """
    rows = len(getattr(frame, "data", frame))
    height = ROW_HEIGHT * (min(rows, 40) + 1) + 3 if fit else "auto"
    st.dataframe(frame, hide_index=True, placeholder="–", column_config=columns, height=height)
