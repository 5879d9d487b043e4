"""Phương pháp — method: the criteria sets with their legal basis, every indicator, the scoring rules."""

import streamlit as st

from pages.ui import state
from pages.ui.data import get_catalog
from pages.ui.filters import render_filters
from pages.ui.i18n import t
from pages.ui.labels import set_label
from pages.ui.render_method import render_indicators, render_rules, render_sets

render_filters()
st.title(t("Phương pháp và bộ tiêu chí", "Method and criteria sets"))
catalog = get_catalog()

# 1. The criteria sets and their legal basis.
st.subheader(t("1. Các bộ tiêu chí", "1. Criteria sets"))
render_sets(catalog)

# 2. Every indicator of one set: code, name, target, confidence of the source.
st.subheader(t("2. Chỉ tiêu của từng bộ", "2. Indicators of each set"))
ids = catalog.ids()
set_id = st.selectbox(t("Bộ tiêu chí", "Criteria set"), ids, key=state.METHOD_SET,
                      index=ids.index("ntm-2021") if "ntm-2021" in ids else 0,
                      format_func=lambda s: set_label(catalog, s))
render_indicators(catalog.get(set_id))
st.caption(t("Độ tin cậy cho biết nội dung và mức đạt chuẩn đã được đối chiếu với văn bản gốc đến đâu; "
             "mức nhớ lại chưa đối chiếu không bao giờ được trình bày như số liệu chính thức.",
             "Confidence says how far a wording and target were checked against the legal text; a recalled "
             "target is never presented as official."))

# 3. How scores are computed, in plain words.
st.subheader(t("3. Cách tính điểm", "3. How scores are computed"))
render_rules()
