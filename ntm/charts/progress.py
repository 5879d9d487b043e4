"""Progress across years: criteria met per commune, first → last year, bands and shares by year.

Every series has a value for each year from the first to the last in the data; a year without an
assessment is ``None`` (a gap), never 0. Counts of criteria are compared within a criteria set;
a commune assessed under two sets gets one line per set, and the slope chart falls back to ratios
when its two years use different sets (DESIGN rule 7).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ntm.charts.base import (
    FONT_FAMILY,
    RIGHT_LEGEND,
    commune_labels,
    count_axis,
    criterion_label,
    dated_rows,
    empty_figure,
    is_empty,
    percent_axis,
    present,
    series_by_year,
    sets_by_first_year,
    sorted_codes,
    style,
    tr,
    with_year_and_set,
    year_axis,
    year_range,
)
from ntm.charts.grid import GAP, add_no_data_layer, add_status_layer, add_status_legend, grid_axes
from ntm.charts.overview import band_label
from ntm.charts.profile import level_suffix
from ntm.palette import (
    DOWN_COLOR,
    FLAT_COLOR,
    MISSING,
    NOT_APPLICABLE,
    SHARE_COLORSCALE,
    UP_COLOR,
    band_color,
    series_color,
    status_label,
)
from ntm.summary import set_level
from ntm.vnformat import format_number, format_pct

METRICS = ("criteria_met", "criteria_pct")
_DASHES = ("solid", "dash", "dot", "dashdot")


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}, not {metric!r}")


def _metric_axis(fig: go.Figure, metric: str, lang: str) -> None:
    """The y axis of ``metric``: a 0–100 % scale for ratios, a count from 0 for criteria met."""
    if metric == "criteria_pct":
        fig.update_yaxes(title_text=tr(lang, "Tỷ lệ tiêu chí đạt (%)", "Criteria met (%)"), **percent_axis())
    else:
        fig.update_yaxes(title_text=tr(lang, "Số tiêu chí đạt", "Criteria met"), **count_axis())


def _value_text(metric: str, row: Mapping) -> str:
    if metric == "criteria_pct":
        return format_pct(row["criteria_pct"]) or "–"
    return f"{int(row['criteria_met'])}/{int(row['criteria_total'])}"


def _places(scores: pd.DataFrame) -> pd.Series:
    """A commune label per row, without year or set (those are what the chart spreads over)."""
    return commune_labels(scores.drop(columns=[c for c in ("year", "criteria_set") if c in scores]))


def _by_year(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, dict[int, dict]]:
    """Rows grouped by ``keys`` (first-seen order), each group a dict year → row (first row wins).

    Plain dicts: a chart of hundreds of communes looks rows up thousands of times.
    """
    groups: dict[tuple, dict[int, dict]] = {}
    for row in frame.to_dict("records"):
        groups.setdefault(tuple(row[k] for k in keys), {}).setdefault(row["_year"], row)
    return groups


def build_progress_lines(scores: pd.DataFrame, *, lang: str = "vi", metric: str = "criteria_met",
                         title: str | None = None) -> go.Figure:
    """Criteria met per commune across years: one line per commune and criteria set.

    Args:
        scores: ``ntm.scoring.score_assessments`` rows (many communes, many years).
        lang: "vi" (default) or "en".
        metric: "criteria_met" (count, default) or "criteria_pct" (ratio, comparable across sets).
        title: replaces the default title.

    Returns:
        One ``go.Scatter`` (lines+markers) per (commune, set), ``x`` = every year from the first to
        the last, ``y`` = ``None`` for years without an assessment (``connectgaps`` off). A
        commune's lines share its colour; a second set is dashed.
    """
    _check_metric(metric)
    default = tr(lang, "Tiêu chí đạt của từng xã qua các năm", "Criteria met per commune by year")
    frame = dated_rows(scores, "commune", "year", "criteria_set", metric)
    if frame is None:
        return empty_figure(title or default, lang)
    frame = with_year_and_set(frame, _place=_places(frame))
    years = year_range(frame["_year"])
    sets = sets_by_first_year(frame)
    several_sets = len(sets) > 1
    places = list(dict.fromkeys(frame["_place"]))
    number = float if metric == "criteria_pct" else int
    fig = go.Figure()
    for (place, criteria_set), by_year in _by_year(frame, ["_place", "_set"]).items():
        y, hover = series_by_year(
            years, by_year, lambda row: number(row[metric]) if present(row[metric]) else None,
            lambda year, row, _: f"{place} · {year} · {criteria_set}<br>{_value_text(metric, row)}")
        colour = series_color(places.index(place))
        fig.add_scatter(x=years, y=y, name=f"{place} ({criteria_set})" if several_sets else place,
                        mode="lines+markers", connectgaps=False, legendgroup=place,
                        line={"color": colour, "width": 2,
                              "dash": _DASHES[sets.index(criteria_set) % len(_DASHES)]},
                        marker={"size": 7}, customdata=hover, hovertemplate="%{customdata}<extra></extra>")
    style(fig, title or default, lang, height=460)
    fig.update_layout(legend=RIGHT_LEGEND, margin={"r": 180})
    fig.update_xaxes(title_text=tr(lang, "Năm", "Year"), **year_axis(years))
    _metric_axis(fig, metric, lang)
    return fig


def build_slope_chart(scores: pd.DataFrame, *, lang: str = "vi", metric: str = "criteria_met",
                      first_year: int | None = None, last_year: int | None = None,
                      title: str | None = None) -> go.Figure:
    """First year → last year per commune: a slope chart, green up, red down, grey unchanged.

    A commune (per set level: basic and advanced are separate lines) is drawn when it has an
    assessment in both years; the others are counted in a note, not drawn as zeros. When some
    commune's two years use different criteria sets and ``metric`` is "criteria_met", the chart
    compares ``criteria_pct`` instead and says so.

    Args:
        scores: ``ntm.scoring.score_assessments`` rows.
        lang: "vi" (default) or "en".
        metric: "criteria_met" (default) or "criteria_pct".
        first_year, last_year: the two years (default: the first and last in ``scores``).
        title: replaces the default title.

    Returns:
        One ``go.Scatter`` (lines+markers+text) per commune drawn, ``x`` = [first, last] as text,
        coloured ``UP_COLOR`` / ``DOWN_COLOR`` / ``FLAT_COLOR``; the layout's ``meta["metric"]``
        says which measure was drawn.
    """
    _check_metric(metric)
    default = tr(lang, "Thay đổi từ năm đầu đến năm cuối", "Change from the first to the last year")
    frame = dated_rows(scores, "commune", "year", "criteria_set", "criteria_met", "criteria_pct")
    if frame is None:
        return empty_figure(title or default, lang)
    frame = with_year_and_set(frame, _place=_places(frame), _level=frame["criteria_set"].map(set_level))
    first = int(first_year) if first_year is not None else int(frame["_year"].min())
    last = int(last_year) if last_year is not None else int(frame["_year"].max())
    if first >= last:
        return empty_figure(title or default, lang, tr(lang, "Cần ít nhất hai năm có dữ liệu.",
                                                       "At least two years with data are needed."))
    pairs, left_out = [], 0
    # Two sets of one level in a year (a province's variant beside the national set): the first by id.
    ordered = frame.sort_values("_set", kind="stable")
    for (place, level), by_year in _by_year(ordered, ["_place", "_level"]).items():
        if first in by_year and last in by_year:
            pairs.append((place, level, by_year[first], by_year[last]))
        else:
            left_out += 1
    if not pairs:
        return empty_figure(title or default, lang, tr(
            lang, f"Không xã nào có dữ liệu cả năm {first} và năm {last}.",
            f"No commune has data for both {first} and {last}."))
    across_sets = any(a["_set"] != b["_set"] for _, _, a, b in pairs)
    drawn = "criteria_pct" if across_sets else metric
    x = [str(first), str(last)]
    fig = go.Figure()
    # Communes ending on the same value share one end label ("Khánh Bình, Phú Hữu +3 (19/19)"),
    # written on the first of them: fifteen labels at one height would be unreadable.
    ending: dict[float, list[str]] = {}
    for place, level, a, b in pairs:
        ending.setdefault(float(b[drawn]), []).append(place + level_suffix(a["_set"], lang))
    for place, level, a, b in pairs:
        name = place + level_suffix(a["_set"], lang)
        va, vb = float(a[drawn]), float(b[drawn])
        group = ending[vb]
        label = ""
        if group[0] == name:
            more = f" +{len(group) - 2}" if len(group) > 2 else ""
            shown = format_pct(vb) if drawn == "criteria_pct" else str(int(vb))
            label = f"{', '.join(group[:2])}{more}: {shown}"  # the fraction may differ (18 N/A): hover
        colour = UP_COLOR if vb > va else DOWN_COLOR if vb < va else FLAT_COLOR
        diff = vb - va
        unit = tr(lang, " điểm %", " pts") if drawn == "criteria_pct" else ""
        change = f"{'+' if diff > 0 else ''}{format_number(diff)}{unit}"
        hover = [f"{name}<br>{year} · {row['_set']}: {_value_text(drawn, row)}<br>"
                 + tr(lang, "Thay đổi: ", "Change: ") + change for year, row in ((first, a), (last, b))]
        fig.add_scatter(x=x, y=[va, vb], name=name, mode="lines+markers+text",
                        line={"color": colour, "width": 2},
                        marker={"size": 8, "color": colour}, text=["", label],
                        textposition="middle right", textfont={"size": 11, "color": colour}, cliponaxis=False,
                        customdata=hover, hovertemplate="%{customdata}<extra></extra>", showlegend=False)
    notes = []
    if across_sets and metric == "criteria_met":
        notes.append(tr(lang, "Khác bộ tiêu chí giữa hai năm: so sánh tỷ lệ tiêu chí đạt.",
                        "Different criteria sets in the two years: ratios compared."))
    if left_out:
        notes.append(tr(lang, f"{left_out} xã không có dữ liệu năm {first} hoặc {last}, không vẽ.",
                        f"{left_out} commune(s) without data for {first} or {last} are not drawn."))
    if notes:
        fig.add_annotation(text="<br>".join(notes), x=0, y=-0.12, xref="paper", yref="paper", showarrow=False,
                           xanchor="left", yanchor="top", align="left", font={"size": 11, "color": "#616161"})
    style(fig, title or f"{default} ({first} → {last})", lang, legend=False,
          height=max(420, 26 * len(pairs) + 200))
    fig.update_layout(meta={"lang": "en" if lang == "en" else "vi", "metric": drawn},
                      margin={"r": 220, "b": 90 if notes else 50})
    fig.update_xaxes(title_text=tr(lang, "Năm", "Year"), type="category", categoryorder="array",
                     categoryarray=x, range=[-0.15, 1.15])
    _metric_axis(fig, drawn, lang)
    return fig


def build_band_stack(bands: pd.DataFrame, *, lang: str = "vi", title: str | None = None) -> go.Figure:
    """Communes per band, stacked, year by year (one panel per criteria set).

    Args:
        bands: ``ntm.scoring.band_distribution`` output over several years.
        lang: "vi" (default) or "en".
        title: replaces the default title.

    Returns:
        One ``go.Bar`` per (set, band), top band first, coloured by band rank, stacked; ``x`` =
        every year from the first to the last, ``y`` = ``None`` where the set has no data that
        year (a gap, not a zero). Several sets get one panel (row) each.
    """
    default = tr(lang, "Số xã theo nhóm tiêu chí đạt qua các năm", "Communes by criteria band, by year")
    frame = dated_rows(bands, "year", "criteria_set", "band", "band_rank", "communes")
    if frame is None:
        return empty_figure(title or default, lang)
    frame = with_year_and_set(frame)
    years = year_range(frame["_year"])
    sets = sets_by_first_year(frame)
    fig = make_subplots(rows=len(sets), cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=sets if len(sets) > 1 else None)
    for k, criteria_set in enumerate(sets, start=1):
        part = frame[frame["_set"] == criteria_set]
        bands_of_set = part.drop_duplicates("band_rank").sort_values("band_rank")
        for band, rank in zip(bands_of_set["band"], bands_of_set["band_rank"]):
            cells = part[part["band_rank"] == rank].drop_duplicates("_year").set_index("_year")
            name = band_label(band, lang)
            y, hover = series_by_year(
                years, cells.to_dict("index"), lambda row: int(row["communes"]),
                lambda year, row, v: f"{year} · {criteria_set}<br>{name}: "
                + tr(lang, f"{v} xã", f"{v} communes") + f" ({format_pct(row['share_pct']) or '–'})")
            fig.add_bar(x=years, y=y, name=name, marker_color=band_color(rank),
                        legendgroup=f"{criteria_set}:{rank}", legend="legend" if k == 1 else f"legend{k}",
                        customdata=hover,
                        hovertemplate="%{customdata}<extra></extra>", row=k, col=1)
    style(fig, title or default, lang, height=max(420, 320 * len(sets)))
    fig.update_layout(barmode="stack", bargap=0.3, legend={"traceorder": "normal"})
    if len(sets) > 1:
        # Each set's bands differ ("19" … "<5" vs "10" … "<3"): a legend beside each panel.
        for k in range(1, len(sets) + 1):
            top = fig.layout[f"yaxis{'' if k == 1 else k}"].domain[1]
            fig.update_layout({"legend" if k == 1 else f"legend{k}": {
                **RIGHT_LEGEND, "y": top, "traceorder": "normal", "title": {"text": ""},
                "font": {"family": FONT_FAMILY}}})
        fig.update_layout(margin={"r": 170})
    fig.update_xaxes(**year_axis(years))
    fig.update_xaxes(title_text=tr(lang, "Năm", "Year"), row=len(sets), col=1)
    fig.update_yaxes(title_text=tr(lang, "Số xã", "Communes"), **count_axis())
    return fig


def build_criterion_share_chart(share: pd.DataFrame, *, lang: str = "vi",
                                criterion_names: Mapping[str, str] | None = None,
                                title: str | None = None) -> go.Figure:
    """Share of communes meeting each criterion, by year: a year × criterion heat map.

    Cells: ``share_met_pct`` (0–100 %, white to green, labelled "66,67%"). A year in a set's range
    without data is a row of hatched grey "?" cells ("no data", as in ``build_status_heatmap``);
    a criterion that applies to no commune that year is blue-grey "–" ("not applicable"); a
    criterion the set does not have stays blank.

    Args:
        share: ``ntm.scoring.criterion_share`` output over several years (and sets: rows are
            then "2025 · ntm-2021").
        lang: "vi" (default) or "en".
        criterion_names: criterion code → name, for the hover text.
        title: replaces the default title.

    Returns:
        On numeric axes named by tick labels (rows y = 0, 1, … from the top; criteria x = 0, 1, …):
        a ``go.Heatmap`` of shares (with a colour bar), then, when present, a ``go.Heatmap`` layer
        of "not applicable" cells, a hatched ``go.Bar`` layer of "no data" cells, and a legend
        entry for each of the two (``ntm.charts.grid``).
    """
    default = tr(lang, "Tỷ lệ xã đạt từng tiêu chí qua các năm",
                 "Share of communes meeting each criterion, by year")
    if is_empty(share, "year", "criteria_set", "criterion", "communes", "met", "share_met_pct"):
        return empty_figure(title or default, lang)
    frame = share[share["year"].notna() & share["criterion"].notna()]
    if frame.empty:
        return empty_figure(title or default, lang)
    frame = with_year_and_set(frame, _code=frame["criterion"].astype(object).astype(str))
    sets = sets_by_first_year(frame)
    several = len(sets) > 1
    rows: list[tuple[str, int, str]] = []  # (set, year, label)
    for criteria_set in sets:
        for year in year_range(frame.loc[frame["_set"] == criteria_set, "_year"]):
            rows.append((criteria_set, year, f"{year} · {criteria_set}" if several else str(year)))
    codes = sorted_codes(frame["_code"])
    columns = [criterion_label(c, lang) for c in codes]
    names = criterion_names or {}
    cells = frame.drop_duplicates(["_set", "_year", "_code"]).set_index(["_set", "_year", "_code"])
    set_codes = {s: set(frame.loc[frame["_set"] == s, "_code"]) for s in sets}

    z = [[None] * len(codes) for _ in rows]
    hover = [[None] * len(codes) for _ in rows]
    text = [[""] * len(codes) for _ in rows]
    kinds: dict[str, dict[tuple[int, int], str]] = {NOT_APPLICABLE: {}, MISSING: {}}
    for i, (criteria_set, year, label) in enumerate(rows):
        for j, code in enumerate(codes):
            name = f" – {names[code]}" if code in names else ""
            head = f"{label} · {criterion_label(code, lang)}{name}<br>"
            if code not in set_codes[criteria_set]:
                continue
            key = (criteria_set, year, code)
            if key not in cells.index:
                kind = MISSING
            elif int(cells.at[key, "communes"]) == 0:
                kind = NOT_APPLICABLE
            else:
                pct = float(cells.at[key, "share_met_pct"])
                z[i][j], text[i][j] = pct, format_pct(pct)
                counts = f"{int(cells.at[key, 'met'])}/{int(cells.at[key, 'communes'])}"
                hover[i][j] = (head + tr(lang, f"{counts} xã đạt", f"{counts} communes met it")
                               + f" ({format_pct(pct)})")
                continue
            kinds[kind][i, j] = head + status_label(kind, lang)
    labels = [r[2] for r in rows]
    fig = go.Figure()
    fig.add_heatmap(x=list(range(len(codes))), y=list(range(len(rows))), z=z, text=text, customdata=hover,
                    texttemplate="%{text}", textfont={"size": 10}, zmin=0, zmax=100,
                    colorscale=[list(p) for p in SHARE_COLORSCALE],
                    name=tr(lang, "Tỷ lệ xã đạt", "Share of communes"), xgap=GAP, ygap=GAP, hoverongaps=False,
                    colorbar={"title": {"text": tr(lang, "% xã đạt", "% met"), "side": "right"},
                              "tickmode": "array", "tickvals": [0, 25, 50, 75, 100],
                              "ticktext": ["0%", "25%", "50%", "75%", "100%"]},
                    hovertemplate="%{customdata}<extra></extra>")
    if kinds[NOT_APPLICABLE]:
        add_status_layer(fig, NOT_APPLICABLE, kinds[NOT_APPLICABLE], (len(rows), len(codes)), lang)
    add_no_data_layer(fig, kinds[MISSING], lang)
    add_status_legend(fig, [kind for kind in (NOT_APPLICABLE, MISSING) if kinds[kind]], lang)
    style(fig, title or default, lang, height=max(320, 34 * len(rows) + 170))
    grid_axes(fig, columns, labels, x_title=tr(lang, "Tiêu chí", "Criterion"),
              y_title=tr(lang, "Năm", "Year"), tick_size=11)
    fig.update_layout(legend={"y": -0.02, "yanchor": "top"}, margin={"t": 110})
    return fig
