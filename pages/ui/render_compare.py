"""Drawing the compare page: which communes, the criterion matrix, the ranking with its caveat."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ntm.catalog import Catalog
from ntm.charts import build_compare_bars, build_radar, build_status_heatmap
from ntm.scoring import group_sets, ranking_note
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
    """Every commune of the selection ranked among its peers; the compared ones marked; a note on
    what ranks mean.

    For a set whose targets depend on the commune group (2026–2030: nhóm 1, 2, 3) each commune is
    ranked within its group (``ntm.scoring.rank_communes``), communes without a recorded group
    together under "Chưa rõ nhóm"; the table then shows the group and the rank in the whole set too.
    """
    by_group = group_sets(catalog)
    table = ranking(scores, by_group)
    table.insert(1, "compared", table["commune"].isin(compared).map({True: "●", False: ""}))
    grouped = set_id in by_group
    columns = ["rank", "compared", *(["group", "rank_in_set"] if grouped else []), "district", "commune",
               "criteria", "criteria_pct", "indicators", "indicators_pct", "reached_standard"]
    rank_title = t("Hạng trong nhóm", "Rank in group") if grouped else t("Hạng", "Rank")
    config = {**score_columns(), "rank": st.column_config.NumberColumn(rank_title, format="%d"),
              "compared": st.column_config.TextColumn(t("Đang so sánh", "Compared"), width="small"),
              "group": st.column_config.TextColumn(t("Nhóm xã", "Commune group")),
              "rank_in_set": st.column_config.NumberColumn(
                  t("Hạng chung", "Overall rank"), format="%d",
                  help=t("Hạng trong mọi xã cùng bộ, cùng năm (không tính nhóm): chỉ để tham khảo.",
                         "Rank among every commune of the set and year (groups ignored): for reference only."))}
    render_table(table[columns], columns=config)
    st.caption(ranking_note(table, lang()))
