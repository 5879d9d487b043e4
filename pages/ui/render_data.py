"""Drawing the data page: the filtered scores and tidy results as tables with column config."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.ui.i18n import t
from pages.ui.labels import status_legend
from pages.ui.tables import results_table, score_table


def score_columns() -> dict:
    """Column config of ``tables.score_table``: ratios as progress bars, the standard as a tick."""
    return {
        "province": t("Tỉnh", "Province"), "district": t("Huyện", "District"), "commune": t("Xã", "Commune"),
        "year": st.column_config.NumberColumn(t("Năm", "Year"), format="%d"),
        "criteria_set": t("Bộ tiêu chí", "Criteria set"), "criteria": t("Tiêu chí đạt", "Criteria met"),
        "criteria_pct": st.column_config.ProgressColumn(t("Tỷ lệ tiêu chí (%)", "Criteria ratio (%)"),
                                                        min_value=0, max_value=100, format="localized"),
        "indicators": t("Chỉ tiêu đạt", "Indicators met"),
        "indicators_pct": st.column_config.ProgressColumn(t("Tỷ lệ chỉ tiêu (%)", "Indicator ratio (%)"),
                                                          min_value=0, max_value=100, format="localized"),
        "reached_standard": st.column_config.CheckboxColumn(t("Đạt chuẩn", "Reached standard")),
        "unmet_criteria": t("Tiêu chí chưa đạt", "Criteria not met"),
        "unmet_indicators": t("Chỉ tiêu chưa đạt", "Indicators not met"),
    }


def render_scores(scores: pd.DataFrame) -> None:
    """One row per commune-year."""
    st.dataframe(score_table(scores), hide_index=True, column_config=score_columns())


def render_results(results: pd.DataFrame) -> None:
    """The tidy results frame, one row per indicator result, status as icon and word."""
    st.dataframe(results_table(results), hide_index=True, column_config={
        "province": t("Tỉnh", "Province"), "district": t("Huyện", "District"), "commune": t("Xã", "Commune"),
        "commune_code": t("Mã xã", "Commune code"), "year": st.column_config.NumberColumn(t("Năm", "Year"), format="%d"),
        "criteria_set": t("Bộ tiêu chí", "Criteria set"), "criterion": t("Tiêu chí", "Criterion"),
        "indicator": t("Chỉ tiêu", "Indicator"), "value": t("Kết quả", "Result"),
        "value_num": st.column_config.NumberColumn(t("Kết quả (số)", "Result (number)"), format="localized"),
        "target": t("Mức đạt chuẩn", "Target"), "status": t("Đánh giá", "Status"), "note": t("Ghi chú", "Note"),
        "source": t("Nguồn (tệp:trang:dòng)", "Source (file:sheet:row)")})
    st.caption(status_legend())
