"""Drawing the overview: headline metrics against the previous year, bands, heat map, most unmet."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ntm.catalog import Catalog
from ntm.charts import build_band_chart, build_status_heatmap, build_unmet_chart, build_unmet_indicator_chart
from ntm.scoring import band_distribution, criterion_share, most_unmet, rollup_summary
from ntm.vnformat import format_number, format_pct
from pages.ui.i18n import lang, t
from pages.ui.labels import criterion_names, indicator_names
from pages.ui.render_common import render_figure, render_table
from pages.ui.render_data import score_columns
from pages.ui.tables import score_table


def previous_year(scores: pd.DataFrame, criteria_set: str, year: int) -> int | None:
    """The latest year before ``year`` with data for ``criteria_set``, or None."""
    years = scores.loc[(scores["criteria_set"] == criteria_set) & (scores["year"] < year), "year"]
    return int(years.max()) if len(years) else None


def _signed(value: float, suffix: str = "") -> str:
    text = format_number(value)
    return f"+{text}{suffix}" if value > 0 else f"{text}{suffix}"


def render_headline(scores: pd.DataFrame, before: pd.DataFrame, before_year: int | None) -> None:
    """Communes, share that reached the standard, average criteria met, each against the year before."""
    now = rollup_summary(scores).iloc[0]
    then = rollup_summary(before).iloc[0] if not before.empty else None
    a, b, c, d = st.columns(4)
    a.metric(t("Số xã", "Communes"), format_number(now["communes"]),
             delta=None if then is None else _signed(now["communes"] - then["communes"]), delta_color="off")
    share_change = None if then is None else now["reached_standard_pct"] - then["reached_standard_pct"]
    b.metric(t("Tỷ lệ xã đạt chuẩn", "Share that reached the standard"),
             format_pct(now["reached_standard_pct"]),
             delta=None if then is None else _signed(share_change, t(" điểm %", " pts")))
    c.metric(t("Tiêu chí đạt bình quân/xã", "Average criteria met"), format_number(now["avg_criteria_met"]),
             delta=None if then is None else _signed(now["avg_criteria_met"] - then["avg_criteria_met"]))
    d.metric(t("Số xã đạt chuẩn", "Communes at the standard"),
             f"{format_number(now['reached_standard'])}/{format_number(now['communes'])}",
             delta=None if then is None else _signed(now["reached_standard"] - then["reached_standard"]))
    if then is None:
        st.caption(t("Chưa có năm trước với cùng bộ tiêu chí để so sánh.",
                     "No earlier year with the same criteria set to compare with."))
    else:
        st.caption(t(f"So với năm {before_year} (cùng bộ tiêu chí, cùng địa bàn): {then['summary_vi']}",
                     f"Compared with {before_year} (same set, same place): {then['summary_en']}"))


def render_commune_table(scores: pd.DataFrame) -> None:
    """Every commune of the selection with its figures."""
    columns = ["district", "commune", "criteria", "criteria_pct", "indicators", "indicators_pct",
               "reached_standard", "unmet_criteria"]
    render_table(score_table(scores)[columns], columns=score_columns())


def render_bands(scores: pd.DataFrame, name: str) -> None:
    """Communes per band (19, 15–18, 10–14, 5–9, under 5 criteria)."""
    render_figure(build_band_chart(band_distribution(scores), lang=lang()), f"{name}-nhom-tieu-chi")


MAX_HEATMAP_COMMUNES = 150  # more rows than this cannot be read on a screen


def render_heatmap(criteria: pd.DataFrame, catalog: Catalog, set_id: str, name: str) -> None:
    """Commune × criterion in traffic-light colours; no data has its own grey."""
    communes = criteria[["province", "district", "commune"]].drop_duplicates()
    if len(communes) > MAX_HEATMAP_COMMUNES:
        st.info(t(f"Có {format_number(len(communes))} xã: quá nhiều để đọc trên một bản đồ nhiệt. Hãy chọn "
                  f"tỉnh, huyện hoặc một số xã ở thanh bên (tối đa {MAX_HEATMAP_COMMUNES} xã).",
                  f"{format_number(len(communes))} communes are too many to read on one heat map. Choose a "
                  f"province, district or some communes in the sidebar (at most {MAX_HEATMAP_COMMUNES})."),
                icon=":material/filter_alt:")
        return
    names = criterion_names(catalog, set_id)
    render_figure(build_status_heatmap(criteria, lang=lang(), criterion_names=names), f"{name}-ban-do-nhiet")


def render_most_unmet(criteria: pd.DataFrame, results: pd.DataFrame, catalog: Catalog, set_id: str,
                      name: str) -> None:
    """The criteria, then the indicators, most often unmet (full width: their names are long)."""
    share = criterion_share(criteria)
    render_figure(build_unmet_chart(share, lang=lang(), criterion_names=criterion_names(catalog, set_id)),
                  f"{name}-tieu-chi-chua-dat")
    unmet = most_unmet(criteria, results, top=10)
    names = indicator_names(catalog, set_id)
    render_figure(build_unmet_indicator_chart(unmet, lang=lang(), indicator_names=names),
                  f"{name}-chi-tieu-chua-dat")
