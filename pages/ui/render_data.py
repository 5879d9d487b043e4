"""Drawing the data page: the filtered scores and tidy results as tables, and their downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.ui import state
from pages.ui.downloads import CSV_MIME, XLSX_MIME, file_stem, results_builder, scores_builder, xlsx_problem
from pages.ui.i18n import lang, t
from pages.ui.render_common import render_status_legend, render_table
from pages.ui.tables import results_table, score_table, style_statuses


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
    render_table(score_table(scores), columns=score_columns())


def render_results(results: pd.DataFrame) -> None:
    """The tidy results frame, one row per indicator result, status as icon and word."""
    render_table(style_statuses(results_table(results), ["status"]), columns={
        "province": t("Tỉnh", "Province"), "district": t("Huyện", "District"), "commune": t("Xã", "Commune"),
        "commune_code": t("Mã xã", "Commune code"),
        "year": st.column_config.NumberColumn(t("Năm", "Year"), format="%d"),
        "criteria_set": t("Bộ tiêu chí", "Criteria set"), "criterion": t("Tiêu chí", "Criterion"),
        "indicator": t("Chỉ tiêu", "Indicator"), "value": t("Kết quả", "Result"),
        "value_num": st.column_config.NumberColumn(t("Kết quả (số)", "Result (number)"), format="localized"),
        "target": t("Mức đạt chuẩn", "Target"), "status": t("Đánh giá", "Status"),
        "note": t("Ghi chú", "Note"), "source": t("Nguồn (tệp:trang:dòng)", "Source (file:sheet:row)")})
    render_status_legend()


def _buttons(builders: dict, rows: int, name: str, keys: tuple[str, str]) -> None:
    """The .xlsx and .csv buttons; where a file cannot be built, the reason in the button's place."""
    left, right, _ = st.columns([1, 1, 3])
    problem = xlsx_problem(rows)
    if problem is None:
        left.download_button(t("Tải .xlsx", "Download .xlsx"), data=builders["xlsx"],
                             file_name=f"{name}.xlsx", mime=XLSX_MIME, key=keys[0], on_click="ignore",
                             type="primary", icon=":material/download:")
    right.download_button(t("Tải .csv", "Download .csv"), data=builders["csv"], file_name=f"{name}.csv",
                          mime=CSV_MIME, key=keys[1], on_click="ignore", icon=":material/download:")
    if problem is not None:
        st.warning(problem.message(lang()), icon=":material/table_rows:")


def render_score_downloads(scores: pd.DataFrame, filters: dict, name: str) -> None:
    """Download exactly these commune-years: .xlsx (with a metadata sheet) and .csv."""
    _buttons({kind: scores_builder(scores, filters, kind, lang()) for kind in ("xlsx", "csv")}, len(scores),
             file_stem("diem", name), (state.DATA_SCORES_XLSX, state.DATA_SCORES_CSV))


def render_result_downloads(results: pd.DataFrame, filters: dict, name: str,
                            scores: pd.DataFrame | None = None) -> None:
    """Download exactly these indicator results (the rows ``filters`` selected, as shown): .xlsx
    (with a metadata sheet) and .csv; with ``scores``, each row names its official unit too."""
    _buttons({kind: results_builder(results, filters, kind, lang(), scores) for kind in ("xlsx", "csv")},
             len(results), file_stem("ket-qua", name), (state.DATA_RESULTS_XLSX, state.DATA_RESULTS_CSV))


def render_export_note() -> None:
    st.caption(t("Tệp tải về chứa đúng các dòng đang hiển thị theo bộ lọc. Tệp .xlsx giữ số ở dạng số và có "
                 "trang ThongTin ghi bộ lọc, bộ tiêu chí, căn cứ pháp lý và thời điểm xuất; tệp .csv (UTF-8) "
                 "mở được bằng Excel và các phần mềm khác. Bấm tải không làm mất trang đang xem.",
                 "Downloads hold exactly the rows shown under the current filters. The .xlsx keeps numbers "
                 "as numbers and has an Info sheet with the filters, criteria set, legal basis and time of "
                 "export; the .csv (UTF-8) opens in Excel and other programs. Downloading does not reset the "
                 "page."))
