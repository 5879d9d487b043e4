"""So sánh — compare: 2 to 10 communes side by side, and where they rank."""

import streamlit as st

from pages.ui.data import all_scores, criteria, get_catalog
from pages.ui.filters import render_filters, select_scores
from pages.ui.i18n import t
from pages.ui.render_common import render_sample_note, stop_if_empty, stop_without_data
from pages.ui.render_compare import MIN_COMMUNES, choose_communes, render_matrix, render_ranking

selection = stop_without_data(render_filters())
st.title(t("So sánh các xã", "Compare communes"))
catalog = get_catalog()

# 1. Choose the communes, among those the filters keep.
in_view = select_scores(all_scores(), selection)
stop_if_empty(in_view, "kết quả đánh giá xã nào", "commune assessments")
compared = choose_communes(in_view, selection.communes)
if len(compared) < MIN_COMMUNES:
    st.info(t(f"Hãy chọn ít nhất {MIN_COMMUNES} xã để so sánh.", f"Choose at least {MIN_COMMUNES} communes to compare."),
              icon="☝️")
    st.stop()
scores = in_view[in_view["commune"].isin(compared)]
render_sample_note(scores)
filters = {**selection.store_filters(), "commune": compared}

# 2. Commune × criterion.
st.subheader(t("Tiêu chí từng xã", "Each commune's criteria"))
render_matrix(criteria(**filters), catalog, selection.criteria_set)

# 3. Ranking within the same set, year and place.
st.subheader(t("Xếp hạng", "Ranking"))
render_ranking(in_view, compared)
