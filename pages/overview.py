"""Tổng quan — overview: how the communes of the chosen place, year and set stand."""

import streamlit as st

from pages.ui.data import all_scores, get_catalog, remembered, set_criteria, set_results, todays_map
from pages.ui.filters import render_filters, render_view_switch, select_rows, select_scores, selection_key
from pages.ui.i18n import t
from pages.ui.labels import TODAY_VIEW
from pages.ui.render_common import render_sample_note, stop_if_empty, stop_without_data
from pages.ui.render_overview import (
    previous_year,
    render_bands,
    render_commune_table,
    render_headline,
    render_heatmap,
    render_most_unmet,
    render_todays_communes,
)
from pages.ui.rollups import place_rollups

selection = stop_without_data(render_filters())
st.title(t("Tổng quan nông thôn mới", "New Rural Development overview"))
catalog = get_catalog()
view = render_view_switch()
set_id, year = selection.criteria_set, selection.year
name = f"tong-quan-{set_id}-{year}"
key = selection_key(selection)

# 1. The place's communes in every year of the set, rolled up once: changing the year only draws.
rollups = remembered("place-rollups", selection_key(selection, all_years=True), lambda: place_rollups(
    select_scores(all_scores(), selection, all_years=True),
    select_rows(set_criteria(set_id), selection, all_years=True),
    select_rows(set_results(set_id), selection, all_years=True)))
scores = rollups.year("scores", year)
stop_if_empty(scores, "kết quả đánh giá", "assessment results")
st.caption(selection.describe())
render_sample_note(scores)

# 2. Headline figures against the place's previous year.
before_year = previous_year(rollups.scores, year)
render_headline(rollups.year("summary", year), rollups.year("summary", before_year), before_year)

# 3. Communes per band of criteria met.
render_bands(rollups.year("bands", year), key, name)

# 4. Commune × criterion, in traffic-light colours (by place when there are too many communes).
st.subheader(t("Tiêu chí của từng xã", "Each commune's criteria"))
render_heatmap(rollups.year("criteria", year), rollups.year("communes", year), catalog, set_id, key, name)

# 5. What is most often unmet.
st.subheader(t("Chưa đạt nhiều nhất", "Most often unmet"))
render_most_unmet(rollups.year("share", year), rollups.year("unmet", year), catalog, set_id, key, name)

# 6. Every commune: as reported, or grouped under today's communes.
if view == TODAY_VIEW:
    st.subheader(t("Các xã theo bản đồ hiện nay", "Communes on today's map"))
    st.caption(t("Bảng này xếp theo bản đồ hiện nay; các số liệu và biểu đồ phía trên đếm từng xã như đã báo cáo.",
                 "This table is on today's map; the figures and charts above count each commune as reported."))
    render_todays_communes(scores, todays_map(), key)
else:
    st.subheader(t("Các xã", "Communes"))
    render_commune_table(rollups.year("table", year))
