"""Tổng quan — overview: every commune's score for the chosen year and criteria set."""

import streamlit as st

from ntm.vnformat import format_pct
from pages.ui.data import get_catalog, load_samples, score
from pages.ui.i18n import render_language_switch, t

render_language_switch()
st.title(t("Tổng quan nông thôn mới", "New Rural Development overview"))

# 1. Data: the sample workbooks until uploads and the store arrive.
results = load_samples()
if results.empty:
    st.info(t("Chưa có dữ liệu. Hãy thêm tệp vào thư mục sample_data/.",
              "No data yet. Add workbooks to sample_data/."))
    st.stop()
st.caption(t("Dữ liệu mẫu minh họa, không phải số liệu chính thức.",
             "Illustrative sample data, not official figures."))

# 2. Score every assessment.
scores = score(results)

# 3. Choose a criteria set and a year.
catalog = get_catalog()
set_ids = [s for s in catalog.ids() if s in set(scores["criteria_set"])]
left, right = st.columns(2)
set_id = left.selectbox(t("Bộ tiêu chí", "Criteria set"), set_ids, format_func=lambda i: catalog.get(i).label)
years = sorted(scores.loc[scores["criteria_set"] == set_id, "year"].dropna().unique(), reverse=True)
year = right.selectbox(t("Năm", "Year"), years)
shown = scores[(scores["criteria_set"] == set_id) & (scores["year"] == year)]

# 4. Headline figures and the table.
a, b, c = st.columns(3)
a.metric(t("Số xã", "Communes"), len(shown))
b.metric(t("Đạt chuẩn", "Reached the standard"), int(shown["reached_standard"].sum()))
c.metric(t("Tiêu chí đạt bình quân", "Average criteria met"),
         f"{shown['criteria_met'].mean():.1f}".replace(".", ","))
table = shown.assign(
    criteria=shown["criteria_met"].astype(str) + "/" + shown["criteria_total"].astype(str),
    criteria_ratio=shown["criteria_pct"].map(format_pct),
    unmet=shown["unmet_criteria"].map(lambda codes: "; ".join(codes)),
)[["district", "commune", "criteria", "criteria_ratio", "reached_standard", "unmet"]]
st.dataframe(
    table,
    hide_index=True,
    column_config={
        "district": t("Huyện", "District"),
        "commune": t("Xã", "Commune"),
        "criteria": t("Tiêu chí đạt", "Criteria met"),
        "criteria_ratio": t("Tỷ lệ", "Ratio"),
        "reached_standard": st.column_config.CheckboxColumn(t("Đạt chuẩn", "Standard")),
        "unmet": t("Tiêu chí chưa đạt", "Unmet criteria"),
    },
)
