"""Hồ sơ xã — commune profile: one commune's report card for the chosen year and criteria set."""

import streamlit as st

from pages.ui.data import all_scores, criteria, gaps, get_catalog, progress, score_commune_keys, todays_map
from pages.ui.filters import render_filters, render_view_switch, select_scores, selection_key
from pages.ui.i18n import t
from pages.ui.labels import TODAY_VIEW
from pages.ui.render_common import render_sample_note, stop_if_empty, stop_without_data
from pages.ui.rollups import rows_of_year
from pages.ui.render_profile import (
    choose_commune,
    commune_history,
    render_criteria_table,
    render_history,
    render_report_card,
    render_report_download,
    render_summary,
    render_todays_history,
    render_unmet,
)

selection = stop_without_data(render_filters())
st.title(t("Hồ sơ xã", "Commune profile"))
catalog = get_catalog()
view = render_view_switch()

# 1. Choose the commune among those the filters keep.
in_view = select_scores(all_scores(), selection)
stop_if_empty(in_view, "kết quả đánh giá xã nào", "commune assessments")
score = choose_commune(in_view, selection_key(selection))
render_sample_note(score.to_frame().T)

# The commune's criterion statuses and gaps are read for every year of the set at once, and this
# year's rows picked: choosing another year reads nothing.
commune = {"criteria_set": score["criteria_set"], "province": score["province"], "commune": score["commune"]}
year = int(score["year"])
commune_criteria, commune_gaps = (rows_of_year(frame, year) for frame in (criteria(**commune), gaps(**commune)))

# 2. The report card, and the same as a workbook to download.
history = commune_history(all_scores(), score, score_commune_keys())
render_report_card(score)
render_report_download(score, commune_criteria, commune_gaps, history)

# 3. What is not met yet, with names and gaps to target.
st.subheader(t("Tiêu chí, chỉ tiêu chưa đạt", "What is not met yet"))
render_unmet(score, commune_criteria, commune_gaps, catalog)

# 4. Every criterion, with its status.
st.subheader(t("Từng tiêu chí", "Criterion by criterion"))
render_criteria_table(commune_criteria, catalog)

# 5. History: as reported (criteria met and ratios by year, criteria gained and lost), or on today's
#    map (the units this commune is part of today, each one's series and a combined line).
st.subheader(t("Qua các năm", "Over the years"))
if view != TODAY_VIEW or not render_todays_history(score, todays_map()):
    changes = progress(criteria_set=history["criteria_set"].unique().tolist(), province=score["province"],
                       commune=score["commune"])
    render_history(history, changes)

# 6. The summary paragraph for the report.
st.subheader(t("Đoạn tóm tắt cho báo cáo", "Summary paragraph for the report"))
render_summary(score)
