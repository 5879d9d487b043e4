"""Drawing the progress page: lines and slopes per commune, bands by year, losses, criterion shares."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ntm.catalog import Catalog
from ntm.charts import (
    build_band_stack,
    build_criterion_share_chart,
    build_progress_lines,
    build_slope_chart,
    build_todays_map_chart,
)
from ntm.scoring import band_distribution, criterion_share, year_over_year
from ntm.text import code_sort_key
from ntm.vnformat import format_pct
from pages.ui.data import remembered
from pages.ui.i18n import lang, t
from pages.ui.labels import criterion_label, criterion_names
from pages.ui.render_common import render_figure, render_table
from pages.ui.tables import codes, fraction


MAX_LINE_COMMUNES = 40  # one line per commune: more cannot be told apart


def changes_in_view(scores: pd.DataFrame, criteria: pd.DataFrame, catalog: Catalog, key: tuple) -> pd.DataFrame:
    """``year_over_year`` of the selection's scores and criterion results (remembered per ``key``)."""
    return remembered("year-over-year", key, lambda: year_over_year(scores, criteria, catalog))


def render_lines(scores: pd.DataFrame, key: tuple, name: str) -> None:
    """Criteria met per commune across years (a year without data is a gap), then first → last year."""
    communes = scores[["province", "district", "commune"]].drop_duplicates()
    if len(communes) > MAX_LINE_COMMUNES:
        st.info(t(f"Có {len(communes)} xã: quá nhiều để vẽ mỗi xã một đường. Hãy chọn huyện hoặc tối đa "
                  f"{MAX_LINE_COMMUNES} xã ở thanh bên; các biểu đồ theo nhóm và theo tiêu chí bên dưới vẫn "
                  "tính mọi xã.",
                  f"{len(communes)} communes are too many for one line each. Choose a district or at most "
                  f"{MAX_LINE_COMMUNES} communes in the sidebar; the band and criterion charts below count "
                  "every commune."), icon=":material/filter_alt:")
        return
    render_figure(remembered("lines", key, lambda: build_progress_lines(scores, lang=lang())), f"{name}-duong")
    render_figure(remembered("slopes", key, lambda: build_slope_chart(scores, lang=lang())), f"{name}-doc")


def todays_communes(scores: pd.DataFrame, todays_map: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``todays_map`` (every year and set) of the communes that ``scores`` (a
    selection, every year) are part of today."""
    codes = set(scores["new_code"].dropna().astype(str)) if "new_code" in scores else set()
    return todays_map[todays_map["today_code"].isin(codes).to_numpy()].reset_index(drop=True)


def render_todays_lines(scores: pd.DataFrame, todays_map: pd.DataFrame, key: tuple, name: str) -> None:
    """The selection on today's map: one line per commune of today (the mean ratio of the units it
    was made of; with one commune, each unit's line too), cut and marked where the criteria set
    changes. Communes whose names did not resolve are counted in a note."""
    rows = remembered("todays-rows", key, lambda: todays_communes(scores, todays_map))
    unresolved = scores.loc[scores["new_code"].isna(), "commune"].astype(object).dropna().unique().tolist()
    if unresolved:
        st.warning(t(f"{len(unresolved)} xã chưa khớp đơn vị hành chính chính thức, không có trên bản đồ hiện nay: "
                     f"{', '.join(map(str, unresolved))}.",
                     f"{len(unresolved)} commune(s) do not match an official unit and are not on today's map: "
                     f"{', '.join(map(str, unresolved))}."))
    todays = rows["today_code"].nunique()
    if todays > MAX_LINE_COMMUNES:
        st.info(t(f"{todays} xã hiện nay: quá nhiều để vẽ mỗi xã một đường. Hãy chọn huyện hoặc ít xã hơn ở thanh "
                  "bên.", f"{todays} communes of today are too many for one line each. Choose a district or fewer "
                          "communes in the sidebar."), icon=":material/filter_alt:")
        return
    figure = remembered("todays-lines", key, lambda: build_todays_map_chart(rows, lang=lang()))
    render_figure(figure, f"{name}-ban-do-hien-nay")
    breaks = rows.loc[rows["set_break"].astype(bool), t("note", "note_en")].drop_duplicates().tolist()
    for note in breaks:
        st.caption(":material/warning: " + note)


def render_band_stack(scores: pd.DataFrame, key: tuple, name: str) -> None:
    """Communes per band, stacked, year by year."""
    figure = remembered("band-stack", key, lambda: build_band_stack(band_distribution(scores), lang=lang()))
    render_figure(figure, f"{name}-nhom-theo-nam")


def render_lost(changes: pd.DataFrame) -> None:
    """Every commune-year that lost a criterion against its previous assessed year."""
    lost = changes[changes["comparable"].astype(bool) & changes["criteria_lost"].map(bool)]
    if lost.empty:
        st.success(t("Không xã nào bị mất tiêu chí so với năm đánh giá trước.",
                     "No commune lost a criterion against its previous assessed year."))
        return
    table = pd.DataFrame({
        "commune": lost["commune"].to_numpy(), "district": lost["district"].to_numpy(),
        "years": [f"{a} → {b}" for a, b in zip(lost["from_year"], lost["to_year"])],
        "criteria": [f"{fraction(a, n)} → {fraction(b, m)}" for a, n, b, m in zip(
            lost["from_criteria_met"], lost["from_criteria_total"], lost["to_criteria_met"],
            lost["to_criteria_total"])],
        "lost": lost["criteria_lost"].map(codes).to_numpy(),
        "gained": lost["criteria_gained"].map(codes).to_numpy(),
        "after_standard": lost["lost_after_standard"].map(lambda v: t("Có", "Yes") if v else "").to_numpy(),
    })
    render_table(table, columns={
        "commune": t("Xã", "Commune"), "district": t("Huyện", "District"), "years": t("Năm", "Years"),
        "criteria": t("Tiêu chí đạt", "Criteria met"), "lost": t("Tiêu chí bị mất", "Criteria lost"),
        "gained": t("Tiêu chí tăng thêm", "Criteria gained"),
        "after_standard": st.column_config.TextColumn(t("Đã từng đạt chuẩn", "Had reached the standard"),
                                                      help=t("Mất tiêu chí sau khi đã đạt chuẩn.",
                                                             "Lost a criterion after reaching the "
                                                             "standard."))})


def share_by_year(share: pd.DataFrame, years: list[int], catalog: Catalog, set_id: str) -> pd.DataFrame:
    """Criterion × year: the share of communes meeting it ("84,21%"); a year without data stays blank."""
    table = share.pivot_table(index="criterion", columns="year", values="share_met_pct", aggfunc="first")
    table = table.reindex(columns=years)
    out = pd.DataFrame({"criterion": [criterion_label(catalog, set_id, c) for c in table.index]})
    for year in years:
        out[str(year)] = [format_pct(v) if pd.notna(v) else "" for v in table[year]]
    order = sorted(range(len(table.index)), key=lambda i: code_sort_key(table.index[i]))
    return out.iloc[order].reset_index(drop=True)


def render_share(criteria: pd.DataFrame, years: list[int], catalog: Catalog, set_id: str, key: tuple,
                 name: str) -> None:
    """The share of communes meeting each criterion by year (from ``criterion_results`` of the
    selection): heat map, then the same as a table."""
    share = remembered("criterion-share", key, lambda: criterion_share(criteria))
    names = criterion_names(catalog, set_id)
    figure = remembered("criterion-share-figure", key, lambda: build_criterion_share_chart(
        share, lang=lang(), criterion_names=names))
    render_figure(figure, f"{name}-ty-le-tieu-chi")
    render_share_table(share, years, catalog, set_id)


def render_share_table(share: pd.DataFrame, years: list[int], catalog: Catalog, set_id: str) -> None:
    """The criterion × year table of shares."""
    render_table(share_by_year(share, years, catalog, set_id), fit=True, columns={
        "criterion": st.column_config.TextColumn(t("Tiêu chí", "Criterion"), width="large", pinned=True)})
    st.caption(t("Ô trống: năm không có dữ liệu (không phải 0%).",
                 "Blank cell: a year without data (not 0%)."))
