"""Comparing 2–10 communes: criteria and indicators met side by side, and a completion radar.

The commune × criterion matrix of the compare page is ``build_status_heatmap`` (overview), fed
with the compared communes' criterion results.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ntm.charts.base import (
    commune_labels,
    criterion_label,
    empty_figure,
    is_empty,
    percent_axis,
    present,
    sorted_codes,
    style,
    tr,
)
from ntm.palette import series_color
from ntm.vnformat import format_pct, ratio_pct


def build_compare_bars(scores: pd.DataFrame, *, lang: str = "vi", title: str | None = None) -> go.Figure:
    """Grouped bars, one group per commune: share of criteria met and share of indicators met.

    Both measures are ratios (0–100 %) so that 16/19 criteria and 50/57 indicators share one
    axis; each bar is labelled with its counts ("16/19"). A commune with criterion-level data
    only has no indicator bar (``None``, not 0) and its axis label says so.

    Args:
        scores: ``ntm.scoring.score_assessments`` rows of the compared communes (one year and set
            each, usually; otherwise labels add the year or set).
        lang: "vi" (default) or "en".
        title: replaces the default title.

    Returns:
        Two ``go.Bar`` traces: criteria (``criteria_pct``) then indicators (``indicators_pct``).
    """
    default = tr(lang, "So sánh tiêu chí và chỉ tiêu đạt", "Criteria and indicators met, compared")
    if is_empty(scores, "commune", "criteria_met", "criteria_total", "criteria_pct"):
        return empty_figure(title or default, lang)
    frame = scores.reset_index(drop=True)
    labels = commune_labels(frame).tolist()
    no_indicators = [not present(t) for t in frame.get("indicators_total", pd.Series([None] * len(frame)))]
    ticks = [f"{lab}<br><i>({tr(lang, 'chưa có dữ liệu chỉ tiêu', 'no indicator data')})</i>" if none else lab
             for lab, none in zip(labels, no_indicators)]
    fig = go.Figure()
    measures = (
        ("criteria", tr(lang, "Tiêu chí đạt", "Criteria met"), tr(lang, "tiêu chí", "criteria")),
        ("indicators", tr(lang, "Chỉ tiêu đạt", "Indicators met"), tr(lang, "chỉ tiêu", "indicators")),
    )
    for k, (prefix, name, noun) in enumerate(measures):
        met = frame.get(f"{prefix}_met", pd.Series([None] * len(frame))).astype(object)
        total = frame.get(f"{prefix}_total", pd.Series([None] * len(frame))).astype(object)
        pct = frame.get(f"{prefix}_pct", pd.Series([np.nan] * len(frame))).astype(object)
        y = [float(p) if present(p) and present(t) else None for p, t in zip(pct, total)]
        text = [f"{int(m)}/{int(t)}" if present(m) and present(t) else "" for m, t in zip(met, total)]
        hover = [f"{lab}<br>{name}: {int(m)}/{int(t)} {noun} ({format_pct(p) or '–'})" if v is not None
                 else f"{lab}<br>{name}: {tr(lang, 'không có dữ liệu', 'no data')}"
                 for lab, m, t, p, v in zip(labels, met, total, pct, y)]
        fig.add_bar(x=ticks, y=y, name=name, text=text, textposition="outside", cliponaxis=False,
                    marker_color=series_color(0 if k == 0 else 4), customdata=hover,
                    hovertemplate="%{customdata}<extra></extra>")
    style(fig, title or default, lang, height=420)
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05)
    fig.update_xaxes(title_text=tr(lang, "Xã", "Commune"), categoryorder="array", categoryarray=ticks,
                     type="category")
    fig.update_yaxes(title_text=tr(lang, "Tỷ lệ đạt (%)", "Share met (%)"), **percent_axis(20, 112))
    return fig


def build_radar(criteria: pd.DataFrame, *, lang: str = "vi", criterion_names: Mapping[str, str] | None = None,
                title: str | None = None) -> go.Figure:
    """Per-criterion completion: the share of a criterion's applicable indicators met, per commune.

    ``r`` = indicators_met ÷ indicators_applicable × 100 (``ratio_pct``). A criterion without
    indicator data (criterion-level file, or nothing applicable) is ``None`` (a gap in the
    outline), never 0.

    Args:
        criteria: ``ntm.scoring.criterion_results`` rows of the compared communes.
        lang: "vi" (default) or "en".
        criterion_names: criterion code → name, for the hover text.
        title: replaces the default title.

    Returns:
        One ``go.Scatterpolar`` per commune (closed outline: the first criterion repeated at the
        end); an empty-data figure when no commune has indicator data.
    """
    default = tr(lang, "Mức hoàn thành từng tiêu chí (tỷ lệ chỉ tiêu đạt)",
                 "Completion of each criterion (share of indicators met)")
    if is_empty(criteria, "commune", "criterion", "indicators_met", "indicators_applicable"):
        return empty_figure(title or default, lang)
    frame = criteria[criteria["criterion"].notna()].reset_index(drop=True)
    frame = frame.assign(_row=commune_labels(frame), _code=frame["criterion"].astype(object).astype(str))
    met = frame["indicators_met"].astype("Int64")
    applicable = frame["indicators_applicable"].astype("Int64")
    known = met.notna() & applicable.notna() & (applicable.fillna(0) > 0)
    if not known.any():
        return empty_figure(title or default, lang, tr(
            lang, "Không có dữ liệu chỉ tiêu (chỉ có kết quả cấp tiêu chí).",
            "No indicator data (criterion-level results only)."))
    frame = frame.assign(_r=np.where(known, ratio_pct(met.fillna(0), applicable.fillna(0)), np.nan))
    codes = sorted_codes(frame["_code"])
    theta = [criterion_label(c, lang) for c in codes]
    names = criterion_names or {}
    fig = go.Figure()
    for i, (row, part) in enumerate(frame.groupby("_row", sort=False)):
        part = part.drop_duplicates("_code").set_index("_code")
        r, hover = [], []
        for code in codes:
            value = part.at[code, "_r"] if code in part.index else np.nan
            r.append(None if pd.isna(value) else float(value))
            head = f"{row}<br>{criterion_label(code, lang)}{' – ' + names[code] if code in names else ''}<br>"
            if r[-1] is None:
                hover.append(head + tr(lang, "không có dữ liệu chỉ tiêu", "no indicator data"))
            else:
                hover.append(head + tr(lang, f"{int(part.at[code, 'indicators_met'])}/"
                                             f"{int(part.at[code, 'indicators_applicable'])} chỉ tiêu đạt",
                                       f"{int(part.at[code, 'indicators_met'])}/"
                                       f"{int(part.at[code, 'indicators_applicable'])} indicators met")
                             + f" ({format_pct(r[-1])})")
        color = series_color(i)
        fig.add_scatterpolar(r=[*r, r[0]], theta=[*theta, theta[0]], name=row, mode="lines+markers",
                             connectgaps=False, line={"color": color, "width": 2}, marker={"size": 6},
                             customdata=[*hover, hover[0]], hovertemplate="%{customdata}<extra></extra>")
    style(fig, title or default, lang, height=520)
    # The radial axis runs between the first two criteria, so its labels do not cover "TC 1".
    fig.update_layout(polar={"radialaxis": {**percent_axis(25, 100), "angle": 90 - 180 / len(codes),
                                            "tickfont": {"size": 10}, "tickangle": 0},
                             "angularaxis": {"direction": "clockwise", "rotation": 90}},
                      margin={"t": 110})
    return fig
