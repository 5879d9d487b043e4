"""Dữ liệu — data and export: the filtered tables, and exactly those rows as .xlsx and .csv."""

import streamlit as st

from pages.ui import state
from pages.ui.data import all_scores, results
from pages.ui.filters import select_scores
from pages.ui.i18n import t
from pages.ui.render_common import render_sample_note, start_page, stop_if_empty
from pages.ui.render_data import (
    render_export_note,
    render_result_downloads,
    render_results,
    render_score_downloads,
    render_scores,
)

selection = start_page("Dữ liệu và xuất bảng", "Data and export")

# 1. What to show: the sidebar filters, for the chosen year or every year.
all_years = st.toggle(t("Mọi năm (bỏ qua bộ lọc năm)", "Every year (ignore the year filter)"),
                      key=state.DATA_ALL_YEARS)
filters = selection.store_filters(all_years=all_years)
scores = select_scores(all_scores(), selection, all_years=all_years)
stop_if_empty(scores, "kết quả đánh giá", "assessment results")
tidy = results(**filters)
name = selection.label(all_years=all_years)
render_sample_note(scores)
render_export_note()

# 2. The tables, each with its downloads (built only when clicked; the page is not reset).
by_commune, by_indicator = st.tabs([
    t(f"Điểm theo xã ({len(scores)})", f"Scores by commune ({len(scores)})"),
    t(f"Kết quả từng chỉ tiêu ({len(tidy)})", f"Indicator results ({len(tidy)})"),
])
with by_commune:
    render_scores(scores)
    render_score_downloads(scores, filters, name)
with by_indicator:
    render_results(tidy)
    render_result_downloads(tidy, filters, name, scores)
