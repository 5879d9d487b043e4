"""Drawing the compare page: which communes, the criterion matrix, the ranking with its caveat."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ntm.catalog import Catalog
from ntm.charts import build_compare_bars, build_radar, build_status_heatmap
from ntm.vnformat import format_number
from pages.ui import state
from pages.ui.i18n import lang, t
from pages.ui.labels import criterion_names
from pages.ui.render_common import render_figure, render_status_legend, render_table
from pages.ui.render_data import score_columns
from pages.ui.tables import criterion_matrix, ranking, style_statuses

MIN_COMMUNES, MAX_COMMUNES = 2, 10


def choose_communes(scores: pd.DataFrame, preferred: tuple[str, ...]) -> list[str]:
    """The 2–10 communes to compare (remembered; first the sidebar's choice, else the first three)."""
    options = sorted(scores["commune"].dropna().unique().tolist())
    remembered = [c for c in st.session_state.get(state.COMPARE_COMMUNES, []) if c in options]
    if not remembered and state.COMPARE_COMMUNES not in st.session_state:
        remembered = [c for c in preferred if c in options] if len(preferred) >= MIN_COMMUNES else options[:3]
    st.session_state[state.COMPARE_COMMUNES] = remembered[:MAX_COMMUNES]
    return st.multiselect(t(f"Chọn {MIN_COMMUNES}–{MAX_COMMUNES} xã để so sánh",
                            f"Choose {MIN_COMMUNES}–{MAX_COMMUNES} communes to compare"),
                          options, key=state.COMPARE_COMMUNES, max_selections=MAX_COMMUNES,
                          persist_state="session", placeholder=t("Chọn xã", "Choose communes"))


def render_bars(scores: pd.DataFrame, name: str) -> None:
    """Grouped bars: the share of criteria and of indicators met, per commune."""
    render_figure(build_compare_bars(scores, lang=lang()), f"{name}-tieu-chi-chi-tieu")


def render_matrix(criteria: pd.DataFrame, catalog: Catalog, set_id: str, name: str) -> None:
    """Commune × criterion in traffic-light colours, and the same as a table of icons."""
    names = criterion_names(catalog, set_id)
    render_figure(build_status_heatmap(criteria, lang=lang(), criterion_names=names), f"{name}-ma-tran")
    with st.expander(t("Xem dạng bảng", "Show as a table")):
        render_matrix_table(criteria, catalog, set_id)


def render_radar(criteria: pd.DataFrame, catalog: Catalog, set_id: str, name: str) -> None:
    """Per-criterion completion (share of each criterion's indicators met), one outline per commune."""
    render_figure(build_radar(criteria, lang=lang(), criterion_names=criterion_names(catalog, set_id)),
                  f"{name}-radar")


def render_matrix_table(criteria: pd.DataFrame, catalog: Catalog, set_id: str) -> None:
    """Commune × criterion, one status icon per cell; criterion names in the column help."""
    matrix = criterion_matrix(criteria)
    cs = catalog.get(set_id) if set_id in catalog else None
    config = {"commune": st.column_config.TextColumn(t("Xã", "Commune"), pinned=True)}
    for code in matrix.columns[1:]:
        name = cs.criterion_name(code, lang()) if cs is not None else ""
        config[code] = st.column_config.TextColumn(code, help=name or None, width="small")
    render_table(style_statuses(matrix, list(matrix.columns[1:])), config, fit=True)
    render_status_legend()


def render_ranking(scores: pd.DataFrame, compared: list[str], catalog: Catalog, set_id: str) -> None:
    """Every commune of the selection ranked; the compared ones marked; a note on what ranks mean.

    For a set whose targets depend on the commune group (2026–2030: nhóm 1, 2, 3), the note says
    the ranking is not split by group: the files carry no group yet.
    """
    table = ranking(scores)
    table.insert(1, "compared", table["commune"].isin(compared).map({True: "●", False: ""}))
    columns = ["rank", "compared", "district", "commune", "criteria", "criteria_pct", "indicators",
               "indicators_pct", "reached_standard"]
    config = {**score_columns(), "rank": st.column_config.NumberColumn(t("Hạng", "Rank"), format="%d"),
              "compared": st.column_config.TextColumn(t("Đang so sánh", "Compared"), width="small")}
    render_table(table[columns], columns=config)
    st.caption(t(f"Xếp hạng trong {format_number(len(table))} xã cùng bộ tiêu chí, cùng năm và cùng địa bàn "
                 "đang lọc: theo số tiêu chí đạt, rồi tỷ lệ chỉ tiêu đạt; xã bằng điểm cùng hạng. Chênh lệch "
                 "một vài hạng thường chỉ do một chỉ tiêu, nên ít có ý nghĩa.",
                 f"Ranked among the {format_number(len(table))} communes with the same set, year and "
                 "filtered place: by criteria met, then indicator ratio; ties share a rank. A difference of "
                 "a few places often comes down to one indicator and means little."))
    if set_id in catalog and catalog.get(set_id).target_scheme == "group":
        st.caption(t("Bộ tiêu chí này đặt mức đạt chuẩn theo nhóm xã (nhóm 1, 2, 3 do tỉnh phân loại), "
                     "nhưng tệp dữ liệu chưa ghi nhóm của từng xã, nên bảng trên chưa xếp hạng riêng trong "
                     "từng nhóm: chỉ nên so sánh các xã cùng nhóm.",
                     "This set's targets depend on the commune group (groups 1, 2 and 3, set by the "
                     "province), but the files do not record each commune's group yet, so the table is not "
                     "ranked within each group: compare communes of the same group only."))
