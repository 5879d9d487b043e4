"""Tiến độ — progress over the years: who gained and who lost criteria, and how shares moved."""

import streamlit as st

from pages.ui.data import all_scores, get_catalog, set_criteria, todays_map
from pages.ui.filters import render_filters, render_view_switch, select_rows, select_scores, selection_key
from pages.ui.i18n import t
from pages.ui.labels import TODAY_VIEW
from pages.ui.render_common import render_sample_note, stop_if_empty, stop_without_data
from pages.ui.render_progress import (
    changes_in_view,
    render_band_stack,
    render_lines,
    render_lost,
    render_share,
    render_todays_lines,
)

selection = stop_without_data(render_filters(year=False))
st.title(t("Tiến độ qua các năm", "Progress over the years"))
catalog = get_catalog()
view = render_view_switch()
name = f"tien-do-{selection.criteria_set}"

# 1. Every year of the chosen set and place.
scores = select_scores(all_scores(), selection, all_years=True)
stop_if_empty(scores, "kết quả đánh giá", "assessment results")
key = selection_key(selection, all_years=True)
years = list(range(int(scores["year"].min()), int(scores["year"].max()) + 1))
span = f"{selection.criteria_set}, {years[0]}–{years[-1]}"
st.caption(t(f"Bộ {span}; năm không có dữ liệu để trống, không tính là 0.",
             f"Set {span}; a year without data is a gap, not 0."))
render_sample_note(scores)

# 2. Criteria met per commune: every year, then first year → last year (as reported); or the
#    communes of today, each set of years under the commune it belongs to now, ratios only.
if view == TODAY_VIEW:
    render_todays_lines(scores, todays_map(), key, name)
    st.caption(t("Các phần dưới đây theo đơn vị khi báo cáo, trong bộ tiêu chí đã chọn.",
                 "The parts below are as reported, within the chosen criteria set."))
else:
    render_lines(scores, key, name)

# 3. The bands, year by year.
render_band_stack(scores, key, name)

# 4. Communes that lost criteria.
st.subheader(t("Xã bị mất tiêu chí", "Communes that lost criteria"))
commune_criteria = select_rows(set_criteria(selection.criteria_set), selection, all_years=True)
render_lost(changes_in_view(scores, commune_criteria, catalog, key))

# 5. Share of communes meeting each criterion, by year.
st.subheader(t("Tỷ lệ xã đạt từng tiêu chí theo năm", "Share of communes meeting each criterion, by year"))
render_share(commune_criteria, years, catalog, selection.criteria_set, key, name)
