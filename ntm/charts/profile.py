"""The commune profile's chart: one commune's criteria met and ratios, year by year.

Counts of criteria are compared only within a criteria set; across a change of set (ntm-2021 in
2025 → ntm-2026 in 2026) the chart draws a dashed break and only the ratio lines continue
(DESIGN rule 7). A year without an assessment is a gap in every series, never a zero.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ntm.charts.base import (
    add_set_break,
    count_axis,
    dated_rows,
    empty_figure,
    percent_axis,
    place_title,
    present,
    series_by_year,
    sets_by_first_year,
    style,
    tr,
    with_year_and_set,
    year_axis,
    year_range,
)
from ntm.palette import series_color
from ntm.scoring.progress import commune_keys
from ntm.summary import ADVANCED, MODEL, set_level
from ntm.vnformat import format_pct

_LEVEL_NAMES = {ADVANCED: ("nâng cao", "advanced"), MODEL: ("kiểu mẫu", "model")}
_LEVEL_COLORS = {ADVANCED: "#6A1B9A", MODEL: "#00695C"}  # basic: near-black
_RATIO_LINES = (("criteria_pct", "Tỷ lệ tiêu chí đạt", "Criteria met", "solid"),
                ("indicators_pct", "Tỷ lệ chỉ tiêu đạt", "Indicators met", "dash"))


def level_suffix(criteria_set: object, lang: str = "vi") -> str:
    """" (nâng cao)" for an advanced set, " (kiểu mẫu)" for a model one, "" for a basic set."""
    names = _LEVEL_NAMES.get(set_level(criteria_set))
    return f" ({tr(lang, *names)})" if names else ""


def _count_text(met: object, total: object, pct: object, noun_vi: str, noun_en: str, lang: str) -> str:
    if not present(met) or not present(total):
        return tr(lang, f"không có dữ liệu {noun_vi}", f"no {noun_en} data")
    return f"{int(met)}/{int(total)} {tr(lang, noun_vi, noun_en)} ({format_pct(pct) or '–'})"


def build_history_chart(scores: pd.DataFrame, *, lang: str = "vi", title: str | None = None) -> go.Figure:
    """One commune's criteria met (bars) and ratios (lines) by year, with gaps and set breaks.

    Traces: one ``go.Bar`` of ``criteria_met`` per criteria set (left axis), then per set level
    (basic; advanced) a ``go.Scatter`` of ``criteria_pct`` and one of ``indicators_pct`` (dashed;
    only when some year has indicator data) on the right axis, 0–100 %. Each series has one value
    per year from the first to the last assessed year: ``None`` where there is no assessment (a
    gap: ``connectgaps`` is off). Where consecutive assessments of a level change set, a dashed
    vertical line and a note mark the break.

    Args:
        scores: ``ntm.scoring.score_assessments`` rows of one commune (any years and sets).
        lang: "vi" (default) or "en".
        title: replaces the default title.

    Raises:
        ValueError: ``scores`` holds more than one commune (filter it first).
    """
    default = tr(lang, "Kết quả qua các năm", "Results by year")
    frame = dated_rows(scores, "year", "criteria_set", "criteria_met", "criteria_pct")
    if frame is None:
        return empty_figure(title or default, lang)
    if commune_keys(frame).nunique() > 1:
        raise ValueError("build_history_chart draws one commune: filter scores to one commune first")
    commune = str(frame["commune"].dropna().iloc[0]) if frame["commune"].notna().any() else ""
    years = year_range(frame["year"])
    frame = with_year_and_set(frame, _level=frame["criteria_set"].map(set_level))
    sets = sets_by_first_year(frame)

    fig = go.Figure()
    for i, criteria_set in enumerate(sets):
        part = frame[frame["_set"] == criteria_set].drop_duplicates("_year").set_index("_year")
        y, hover = series_by_year(
            years, part.to_dict("index"), lambda row: int(row["criteria_met"]),
            lambda year, row, _: f"{year} · {criteria_set}<br>" + _count_text(
                row["criteria_met"], row["criteria_total"], row["criteria_pct"], "tiêu chí", "criteria",
                lang))
        fig.add_bar(x=years, y=y, name=tr(lang, "Tiêu chí đạt", "Criteria met") + f" ({criteria_set})",
                    marker_color=series_color(i), opacity=0.55, offsetgroup=criteria_set, customdata=hover,
                    hovertemplate="%{customdata}<extra></extra>", yaxis="y")

    breaks: dict[float, str] = {}
    for level, part in frame.sort_values(["_year", "_set"], kind="stable").groupby("_level", sort=True):
        part = part.drop_duplicates("_year").set_index("_year")
        suffix = level_suffix(part["_set"].iloc[0], lang)
        rows = part.to_dict("index")
        for column, name_vi, name_en, dash in _RATIO_LINES:
            if column not in part or not part[column].notna().any():
                continue
            name = tr(lang, name_vi, name_en)
            y, hover = series_by_year(
                years, rows, lambda row: float(row[column]) if present(row[column]) else None,
                lambda year, row, v: f"{year} · {row['_set']}<br>{name}: {format_pct(v) or '–'}")
            fig.add_scatter(x=years, y=y, name=f"{name} (%){suffix}",
                            mode="lines+markers", connectgaps=False, yaxis="y2",
                            line={"color": _LEVEL_COLORS.get(level, "#263238"), "dash": dash, "width": 2},
                            customdata=hover, hovertemplate="%{customdata}<extra></extra>")
        assessed = list(part.index)
        for before, after in zip(assessed, assessed[1:]):
            old, new = part.at[before, "_set"], part.at[after, "_set"]
            if old != new:
                breaks[(before + after) / 2] = tr(
                    lang, f"Đổi bộ tiêu chí {old} → {new}: chỉ so sánh tỷ lệ",
                    f"Criteria set changed {old} → {new}: ratios only")
    for x, note in breaks.items():
        add_set_break(fig, x, note)

    style(fig, title or place_title(commune, default), lang, height=500)
    top = int(frame["criteria_count" if "criteria_count" in frame else "criteria_total"].max())
    fig.update_layout(
        barmode="group", bargap=0.25, margin={"r": 70, "t": 90},
        yaxis={"title": {"text": tr(lang, "Số tiêu chí đạt", "Criteria met")}, "range": [0, top + 1],
               **count_axis()},
        yaxis2={"title": {"text": tr(lang, "Tỷ lệ đạt (%)", "Share met (%)")}, "overlaying": "y",
                "side": "right", "showgrid": False, **percent_axis()},
    )
    fig.update_xaxes(title_text=tr(lang, "Năm", "Year"), **year_axis(years, pad=0.6))
    return fig

