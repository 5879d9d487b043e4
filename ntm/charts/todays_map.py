"""History on today's administrative map: criteria ratios by year, cut at each change of criteria set.

``build_todays_map_chart`` draws ``ntm.units.history.history_on_todays_map`` rows: for one of
today's units, each predecessor (an old commune merged into it, or the unit itself) as a thin line
beside a thick combined line; for several, the combined line of each. Ratios only (0–100 %): a
line is cut, and the cut marked, at each change of criteria set (DESIGN rule 7).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ntm.charts.base import (
    RIGHT_LEGEND,
    add_set_break,
    empty_figure,
    is_empty,
    percent_axis,
    place_title,
    present,
    series_by_year,
    style,
    tr,
    year_axis,
    year_range,
)
from ntm.charts.profile import level_suffix
from ntm.palette import series_color
from ntm.vnformat import format_pct


def build_todays_map_chart(history: pd.DataFrame, *, lang: str = "vi", title: str | None = None) -> go.Figure:
    """History on today's map: criteria ratios by year, cut at each change of criteria set.

    Ratios only (0–100 %): a 19-criteria count and a 10-criteria count are different measures, so
    counts are never drawn or added across units or sets (issue: the set break).

    Args:
        history: ``ntm.units.history.history_on_todays_map`` rows (one or many of today's units):
            the ``ntm.scoring.score_assessments`` rows, each placed under the unit it belongs to today.
        lang: "vi" (default) or "en".
        title: replaces the default title.

    Returns:
        With one of today's units: one ``go.Scatter`` per predecessor series (``series`` "unit":
        each old unit, or today's unit itself) and per set family segment, thin, then the combined
        line per segment (thick, black; hover "2/3 đơn vị đạt chuẩn"). With several: the combined
        line of each of today's units per segment. A line never crosses a set break (a new
        segment is a new trace; ``connectgaps`` off; a year without data is ``None``); each break
        year gets a dotted vertical line and a note, and ``layout.meta["set_breaks"]`` lists them.
    """
    default = tr(lang, "Lịch sử theo bản đồ hành chính hiện nay", "History on today's map")
    if is_empty(history, "today_code", "series", "year", "criteria_pct", "segment"):
        return empty_figure(title or default, lang)
    frame = history[history["year"].notna()].assign(_year=lambda f: f["year"].astype(int))
    years = year_range(frame["_year"])
    todays = list(dict.fromkeys(frame["today_code"]))
    single = len(todays) == 1
    fig = go.Figure()
    units = frame[frame["series"] == "unit"] if single else frame.iloc[0:0]
    names = list(dict.fromkeys(units["series_code"]))
    for (code, family, segment), part in units.groupby(["series_code", "family", "segment"], sort=False):
        # The code tells apart an old unit and today's unit of the same name (30343 and 30341).
        name = f"{part['series_name'].iloc[0]} [{code}]{level_suffix(part['criteria_set'].iloc[0], lang)}"
        _add_ratio_line(fig, part, years, lang, name=name,
                        colour=series_color(names.index(code) + 1), width=1.5, dash="dot" if "nc" in str(family)
                        else "solid", group=str(code), hover_extra=lambda row: "")
    combined = frame[frame["series"] == "combined"]
    for (code, family, segment), part in combined.groupby(["today_code", "family", "segment"], sort=False):
        label = tr(lang, "Tổng hợp", "Combined") if single else str(part["today_name"].iloc[0])
        _add_ratio_line(fig, part, years, lang, name=f"{label}{level_suffix(part['criteria_set'].iloc[0], lang)}",
                        colour="#212121" if single else series_color(todays.index(code)), width=3.5 if single else 2,
                        dash="dash" if "nc" in str(family) else "solid", group=f"combined-{code}",
                        hover_extra=lambda row: tr(
                            lang, f"{int(row['units_reached'])}/{int(row['units_total'])} đơn vị đạt chuẩn "
                                  f"({int(row['units_assessed'])} có số liệu)",
                            f"{int(row['units_reached'])}/{int(row['units_total'])} units at the standard "
                            f"({int(row['units_assessed'])} with data)"))
    breaks = sorted({int(y) for y in frame.loc[frame["set_break"].astype(bool), "_year"]})
    notes = frame[frame["set_break"].astype(bool)].drop_duplicates("_year").set_index("_year")
    for year in breaks:
        before_after = notes.at[year, "note_en" if lang == "en" else "note"]
        short = before_after.split(":")[0] if before_after else ""
        add_set_break(fig, year - 0.5, short + tr(lang, ": chỉ so sánh tỷ lệ", ": ratios only"))
    style(fig, title or place_title(frame["today_name"].iloc[0] if single else "", default), lang, height=480)
    fig.update_layout(legend=RIGHT_LEGEND, margin={"r": 200, "t": 90},
                      meta={"lang": "en" if lang == "en" else "vi", "set_breaks": breaks,
                            "metric": "criteria_pct"})
    fig.update_xaxes(title_text=tr(lang, "Năm", "Year"), **year_axis(years, pad=0.6))
    # The same ratio axis as the progress page's other charts (ntm.charts.progress).
    fig.update_yaxes(title_text=tr(lang, "Tỷ lệ tiêu chí đạt (%)", "Criteria met (%)"), **percent_axis())
    return fig


def _add_ratio_line(fig: go.Figure, part: pd.DataFrame, years: list[int], lang: str, *, name: str, colour: str,
                    width: float, dash: str, group: str, hover_extra) -> None:
    """One segment's ratios as a line over every year (``None`` outside the segment or without data)."""
    def text(year: int, row: dict, _) -> str:
        extra = hover_extra(row)
        counts = (f"{int(row['criteria_met'])}/{int(row['criteria_total'])} · "
                  if present(row.get("criteria_met")) and present(row.get("criteria_total")) else "")
        return (f"{name} · {year} · {row['criteria_set']}<br>{counts}{format_pct(row['criteria_pct'])}"
                + (f"<br>{extra}" if extra else ""))

    rows = {int(r["_year"]): r for r in part.to_dict("records")}
    y, hover = series_by_year(
        years, rows, lambda row: float(row["criteria_pct"]) if present(row["criteria_pct"]) else None, text)
    # A later segment of the same line (after a set break) shares its legend entry.
    first = not any(trace.legendgroup == group and trace.name == name for trace in fig.data)
    fig.add_scatter(x=years, y=y, name=name, mode="lines+markers", connectgaps=False, legendgroup=group,
                    showlegend=first,
                    line={"color": colour, "width": width, "dash": dash}, marker={"size": 7 if width > 2 else 5},
                    customdata=hover, hovertemplate="%{customdata}<extra></extra>")
