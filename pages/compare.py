"""So sánh — compare: 2 to 10 communes side by side, and where they rank."""

import streamlit as st

from pages.ui.data import all_scores, criteria
from pages.ui.filters import select_scores
from pages.ui.i18n import t
from pages.ui.render_common import render_sample_note, start_chart_page, stop_if_empty
from pages.ui.render_compare import (
    MIN_COMMUNES,
    choose_communes,
    render_bars,
    render_matrix,
    render_radar,
    render_ranking,
)

selection, catalog, name = start_chart_page("So sánh các xã", "Compare communes", "so-sanh")

# 1. Choose the communes, among those the filters keep.
in_view = select_scores(all_scores(), selection)
stop_if_empty(in_view, "kết quả đánh giá xã nào", "commune assessments")
compared = choose_communes(in_view, selection.communes)
if len(compared) < MIN_COMMUNES:
    st.info(t(f"Hãy chọn ít nhất {MIN_COMMUNES} xã để so sánh.",
              f"Choose at least {MIN_COMMUNES} communes to compare."), icon=":material/info:")
    st.stop()
scores = in_view[in_view["commune"].isin(compared)]
compared_criteria = criteria(**{**selection.store_filters(), "commune": compared})
render_sample_note(scores)

# 2. Criteria and indicators met.
render_bars(scores, name)

# 3. Commune × criterion, and each criterion's completion.
st.subheader(t("Tiêu chí từng xã", "Each commune's criteria"))
render_matrix(compared_criteria, catalog, selection.criteria_set, name)
render_radar(compared_criteria, catalog, selection.criteria_set, name)

# 4. Ranking within the same set, year and place — and commune group where the set's targets depend on it.
st.subheader(t("Xếp hạng", "Ranking"))
render_ranking(in_view, compared, catalog, selection.criteria_set)
