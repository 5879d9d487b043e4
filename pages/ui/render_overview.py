"""Drawing the overview: headline metrics against the previous year, bands, heat map, most unmet."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ntm.catalog import Catalog
from ntm.charts.overview import band_chart_spec, status_heatmap_spec, unmet_chart_spec, unmet_indicator_chart_spec
from ntm.charts.base import criterion_label
from ntm.scoring import UNMET_CRITERION_STATUSES
from ntm.text import code_sort_key
from ntm.vnformat import format_number, format_pct, ratio_pct
from pages.ui.data import remembered
from pages.ui.figures import sendable
from pages.ui.i18n import lang, t
from pages.ui.labels import criterion_names, indicator_names
from pages.ui.render_common import render_figure, render_table
from pages.ui.render_data import score_columns
from ntm.units.history import COMBINED_SERIES, UNIT_SERIES


def previous_year(years, year: int) -> int | None:
    """The latest of ``years`` before ``year``, or None."""
    earlier = [int(y) for y in years if int(y) < year]
    return max(earlier) if earlier else None


def _signed(value: float, suffix: str = "") -> str:
    text = format_number(value)
    return f"+{text}{suffix}" if value > 0 else f"{text}{suffix}"


def render_headline(summary: pd.DataFrame, before: pd.DataFrame, before_year: int | None) -> None:
    """Communes, share that reached the standard, average criteria met, each against the year before.

    Args:
        summary, before: ``rollup_summary`` of the year shown and of ``before_year`` (one row
            each; ``before`` empty when there is no earlier year).
    """
    now = summary.iloc[0]
    then = before.iloc[0] if not before.empty else None
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


def render_commune_table(table: pd.DataFrame) -> None:
    """Every commune of the selection with its figures (``tables.score_table`` of one year)."""
    columns = ["district", "commune", "criteria", "criteria_pct", "indicators", "indicators_pct",
               "reached_standard", "unmet_criteria"]
    render_table(table[columns], columns=score_columns())


def todays_commune_table(scores: pd.DataFrame, todays_map: pd.DataFrame) -> pd.DataFrame:
    """The selection's year and set grouped under today's communes: one row per commune of today,
    the units (as reported) it was made of, how many were assessed and reached the standard, and
    the mean of their ratios (0–100 %). Counts of criteria are not added across units."""
    codes = set(scores["new_code"].dropna().astype(str))
    years, sets = set(scores["year"].dropna().astype(int)), set(scores["criteria_set"].dropna().astype(str))
    rows = todays_map[todays_map["today_code"].isin(codes).to_numpy()
                      & todays_map["year"].isin(years).to_numpy() & todays_map["criteria_set"].isin(sets).to_numpy()]
    units = rows[rows["series"] == UNIT_SERIES]
    combined = rows[rows["series"] == COMBINED_SERIES]
    names = units.groupby("today_code")["series_name"].agg(lambda s: ", ".join(dict.fromkeys(s)))
    out = pd.DataFrame({
        "commune": combined["today_name"].to_numpy(), "code": combined["today_code"].to_numpy(),
        "units": combined["today_code"].map(names).fillna("").to_numpy(),
        "assessed": [f"{a}/{n}" for a, n in zip(combined["units_assessed"], combined["units_total"])],
        "reached": combined["units_reached"].astype(int).to_numpy(),
        "criteria_pct": combined["criteria_pct"].map(format_pct).to_numpy(),
    })
    return out.sort_values("commune", kind="stable").reset_index(drop=True)


def render_todays_communes(scores: pd.DataFrame, todays_map: pd.DataFrame, key: tuple) -> None:
    """The communes of the selection grouped under today's communes (``todays_commune_table``)."""
    table = remembered("todays-communes", key, lambda: todays_commune_table(scores, todays_map))
    unresolved = scores.loc[scores["new_code"].isna(), "commune"].astype(object).dropna().unique().tolist()
    render_table(table, columns={
        "commune": st.column_config.TextColumn(t("Xã hiện nay", "Commune today"), pinned=True),
        "code": t("Mã xã", "Code"),
        "units": st.column_config.TextColumn(t("Gồm các đơn vị có số liệu", "Made of (units with data)"),
                                             width="large"),
        "assessed": t("Đơn vị có số liệu", "Units with data"),
        "reached": st.column_config.NumberColumn(t("Số đơn vị đạt chuẩn", "Units at the standard"), format="%d"),
        "criteria_pct": t("Tỷ lệ tiêu chí bình quân", "Mean criteria ratio")})
    st.caption(t("Tỷ lệ bình quân: trung bình tỷ lệ tiêu chí đạt của các đơn vị có số liệu; không cộng số tiêu "
                 "chí của các đơn vị.",
                 "Mean ratio: the mean of the criteria ratios of the units with data; criteria counts of units "
                 "are never added."))
    if unresolved:
        st.warning(t(f"{len(unresolved)} xã chưa khớp đơn vị hành chính chính thức, không có trong bảng: "
                     f"{', '.join(map(str, unresolved))}.",
                     f"{len(unresolved)} commune(s) do not match an official unit and are not in the table: "
                     f"{', '.join(map(str, unresolved))}."))


def render_bands(bands: pd.DataFrame, key: tuple, name: str) -> None:
    """Communes per band (19, 15–18, 10–14, 5–9, under 5 criteria): ``band_distribution`` of one year."""
    figure = remembered("bands", key, lambda: sendable(band_chart_spec(bands, lang=lang())))
    render_figure(figure, f"{name}-nhom-tieu-chi")


MAX_HEATMAP_COMMUNES = 150  # more rows than this cannot be read on a screen


def render_heatmap(criteria: pd.DataFrame, communes: pd.DataFrame, catalog: Catalog, set_id: str, key: tuple,
                   name: str) -> None:
    """Commune × criterion in traffic-light colours; no data has its own grey.

    More communes than ``MAX_HEATMAP_COMMUNES`` are too many to read one by one: they are counted
    by province (or by district within one province) instead, every commune included; where there
    is no place to group by, the communes with the most criteria unmet are drawn, and the note says
    how many are not.

    Args:
        criteria: ``criterion_results`` of one year and set.
        communes: their distinct places (province, district, commune).
    """
    if len(communes) <= MAX_HEATMAP_COMMUNES:
        names = criterion_names(catalog, set_id)
        figure = remembered("heatmap", key, lambda: sendable(status_heatmap_spec(
            criteria, lang=lang(), criterion_names=names)))
        render_figure(figure, f"{name}-ban-do-nhiet")
        return
    level = _grouping(communes)
    too_many = t(f"Có {format_number(len(communes))} xã: quá nhiều để đọc trên một bản đồ nhiệt.",
                 f"{format_number(len(communes))} communes are too many to read on one heat map.")
    if level is None:
        worst = remembered("heatmap-worst", key, lambda: _most_unmet_communes(criteria, communes))
        st.info(too_many + " " + t(
            f"Bản đồ dưới đây vẽ {MAX_HEATMAP_COMMUNES} xã còn nhiều tiêu chí chưa đạt nhất; "
            f"{format_number(len(communes) - MAX_HEATMAP_COMMUNES)} xã còn lại không được vẽ. Hãy chọn xã ở "
            "thanh bên để xem xã khác.",
            f"The map below draws the {MAX_HEATMAP_COMMUNES} communes with the most criteria unmet; the "
            f"other {format_number(len(communes) - MAX_HEATMAP_COMMUNES)} are not drawn. Choose communes in "
            "the sidebar to see others."), icon=":material/filter_alt:")
        names = criterion_names(catalog, set_id)
        figure = remembered("heatmap-worst-figure", key, lambda: sendable(status_heatmap_spec(
            worst, lang=lang(), criterion_names=names)))
        render_figure(figure, f"{name}-ban-do-nhiet")
        return
    where = t("tỉnh", "province") if level == "province" else t("huyện", "district")
    st.info(too_many + " " + t(
        f"Bảng dưới đây cho tỷ lệ xã đạt từng tiêu chí theo {where} (mọi xã đều được tính). Hãy chọn "
        f"tỉnh, huyện hoặc tối đa {MAX_HEATMAP_COMMUNES} xã ở thanh bên để xem từng xã.",
        f"The table below gives the share of communes meeting each criterion by {where} (every commune "
        f"counted). Choose a province, district or at most {MAX_HEATMAP_COMMUNES} communes in the sidebar "
        "to see each commune."), icon=":material/filter_alt:")
    table = remembered("heatmap-places", key, lambda: criteria_by_place(criteria, level))
    names = criterion_names(catalog, set_id)
    columns = {level: st.column_config.TextColumn(t("Tỉnh", "Province") if level == "province"
                                                  else t("Huyện", "District"), pinned=True),
               "communes": st.column_config.NumberColumn(t("Số xã", "Communes"), format="%d")}
    columns |= {c: st.column_config.TextColumn(criterion_label(c, lang()), help=names.get(c))
                for c in table.columns[2:]}
    render_table(table, columns=columns)


def _grouping(communes: pd.DataFrame) -> str | None:
    """"province" when the communes span several provinces, "district" when one province's communes
    have districts, None when there is nothing to group by (one district, or no districts)."""
    if communes["province"].nunique(dropna=True) > 1:
        return "province"
    if communes["district"].nunique(dropna=True) > 1:
        return "district"
    return None


def criteria_by_place(criteria: pd.DataFrame, level: str) -> pd.DataFrame:
    """Place × criterion: the share of communes meeting each criterion ("84,21%"; "–" where it
    applies to none), with the number of communes of each place.

    Args:
        criteria: ``criterion_results`` of one year and set.
        level: "province" or "district".

    Returns:
        Columns ``level``, ``communes``, then one per criterion in code order; places in name order.
    """
    # Everything by integer codes: a national year is some 190,000 criterion rows.
    place_of, places = _factorized_text(criteria[level])
    code_of, codes = pd.factorize(criteria["criterion"], use_na_sentinel=True)
    status = criteria["status"]
    met = (status == "met").to_numpy(dtype=np.int64, na_value=0)
    applicable = (status != "not_applicable").to_numpy(dtype=np.int64, na_value=1)
    listed = code_of >= 0
    cell = place_of[listed] * len(codes) + code_of[listed]
    size = len(places) * len(codes)
    met_count = np.bincount(cell, weights=met[listed], minlength=size).reshape(len(places), len(codes))
    applies = np.bincount(cell, weights=applicable[listed], minlength=size).reshape(len(places), len(codes))
    present = np.bincount(cell, minlength=size).reshape(len(places), len(codes)) > 0
    share = ratio_pct(met_count.astype(np.int64).ravel(), applies.astype(np.int64).ravel()).reshape(present.shape)
    # Communes per place: distinct (commune, district) pairs, a commune named alike in two
    # districts counted twice.
    commune_of, _ = _factorized_text(criteria["commune"])
    district_of, districts = _factorized_text(criteria["district"])
    pairs = np.unique((place_of * (commune_of.max(initial=0) + 1) + commune_of) * (len(districts) + 1) + district_of)
    communes = np.bincount(pairs // ((commune_of.max(initial=0) + 1) * (len(districts) + 1)), minlength=len(places))
    order = sorted(np.flatnonzero(present.any(axis=1)).tolist(), key=lambda i: places[i])
    columns = sorted(range(len(codes)), key=lambda j: code_sort_key(str(codes[j])))
    out = pd.DataFrame({level: [places[i] for i in order], "communes": communes[order]})
    for j in columns:
        out[str(codes[j])] = [format_pct(share[i, j]) if present[i, j] and pd.notna(share[i, j]) else "–"
                              for i in order]
    return out


def _factorized_text(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes of ``column``'s values and the values as text, a missing value being "?"."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return codes.astype(np.int64), ["?" if pd.isna(v) else str(v) for v in uniques]


def _most_unmet_communes(criteria: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """The criterion rows of the ``MAX_HEATMAP_COMMUNES`` communes with the most criteria unmet
    (ties by name), in that order."""
    unmet = criteria["status"].astype(object).isin(UNMET_CRITERION_STATUSES)
    place = criteria["commune"].astype(object).fillna("?") + "|" + criteria["district"].astype(object).fillna("")
    count = unmet.groupby(place.to_numpy()).sum()
    order = sorted(count.index, key=lambda p: (-count[p], p))[:MAX_HEATMAP_COMMUNES]
    rank = {p: i for i, p in enumerate(order)}
    position = place.map(rank)
    kept = criteria[position.notna().to_numpy()].assign(_rank=position[position.notna()].to_numpy())
    return kept.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)


def render_most_unmet(share: pd.DataFrame, unmet: pd.DataFrame, catalog: Catalog, set_id: str, key: tuple,
                      name: str) -> None:
    """The criteria, then the indicators, most often unmet (full width: their names are long).

    Args:
        share, unmet: ``criterion_share`` and ``most_unmet`` (criteria and indicators) of one year.
    """
    figure = remembered("unmet-criteria", key, lambda: sendable(unmet_chart_spec(
        share, lang=lang(), criterion_names=criterion_names(catalog, set_id))))
    render_figure(figure, f"{name}-tieu-chi-chua-dat")
    figure = remembered("unmet-indicators", key, lambda: sendable(unmet_indicator_chart_spec(
        unmet, lang=lang(), indicator_names=indicator_names(catalog, set_id))))
    render_figure(figure, f"{name}-chi-tieu-chua-dat")
