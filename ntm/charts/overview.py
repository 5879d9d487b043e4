"""Overview charts: communes per band, the commune × criterion status map, the most unmet items.

Every builder takes a frame ``ntm.scoring`` produces, usually already filtered by the page to one
year and one criteria set, and returns a ``plotly.graph_objects.Figure``. Each has a ``*_spec`` twin
returning the same figure as the plain dict it holds (``{"data": [...], "layout": {...}}``), for a
page that caches what it sends rather than the figure (building the figure twice copies it all).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ntm.charts.base import (
    assemble,
    commune_labels,
    count_axis,
    criterion_label,
    empty_figure,
    is_empty,
    merge_layout,
    present,
    sorted_codes,
    styled_layout,
    tr,
)
from ntm.charts.grid import Cells, grid_axes_layout, legend_entries, no_data_layer, status_layer
from ntm.palette import (
    BASICALLY_MET,
    INCOMPLETE,
    MISSING,
    NO_DATA_EDGE,
    NO_DATA_PATTERN,
    NOT_MET,
    STATUS_ORDER,
    band_color,
    series_color,
    status_color,
    status_label,
)
from ntm.text import code_sort_key
from ntm.vnformat import format_pct, ratio_pct

def from_spec(spec: dict) -> go.Figure:
    """The figure of a ``*_spec`` dict (assembled without Plotly's checks, like every builder's)."""
    return assemble(spec["data"], spec["layout"])


# Criterion statuses that count as "unmet" in roll-ups, stacked in this order (no data last).
UNMET_STACK = (NOT_MET, BASICALLY_MET, INCOMPLETE, MISSING)


def band_label(band: str, lang: str = "vi") -> str:
    """"15–18" → "15–18 tiêu chí" / "15–18 criteria"; "<5" → "Dưới 5 tiêu chí" / "Under 5 criteria"."""
    band = str(band)
    if band.startswith("<"):
        return tr(lang, f"Dưới {band[1:]} tiêu chí", f"Under {band[1:]} criteria")
    return tr(lang, f"{band} tiêu chí", f"{band} criteria")


def group_name(year: object, criteria_set: object) -> str:
    """"2025 · ntm-2021": the name of a (year, criteria_set) group; blank parts left out."""
    parts = [str(int(year))] if present(year) else []
    return " · ".join([*parts, *([str(criteria_set)] if present(criteria_set) else [])])


def build_band_chart(bands: pd.DataFrame, *, lang: str = "vi", title: str | None = None) -> go.Figure:
    """Communes per band (19, 15–18, 10–14, 5–9, under 5 criteria satisfied): a bar chart.

    Args:
        bands: ``ntm.scoring.band_distribution`` output. One (year, criteria_set) group gives one
            trace coloured band by band (top band green … lowest red); several groups give one
            trace per group, side by side, named "2025 · ntm-2021".
        lang: "vi" (default) or "en".
        title: replaces the default title.

    Returns:
        Bars of ``communes`` per band, top band first; hover and bar text say "4 xã (26,67%)".
    """
    return from_spec(band_chart_spec(bands, lang=lang, title=title))


def band_chart_spec(bands: pd.DataFrame, *, lang: str = "vi", title: str | None = None) -> dict:
    """``build_band_chart``'s figure as the plain dict it holds (``{"data": [...], "layout": {...}}``)."""
    default = tr(lang, "Số xã theo số tiêu chí đạt", "Communes by criteria met")
    if is_empty(bands, "band", "communes"):
        return empty_figure(title or default, lang).to_dict()
    groups = list(bands.groupby(["year", "criteria_set"], dropna=False, sort=True))
    single = len(groups) == 1
    categories: list[str] = []
    traces = []
    for i, ((year, criteria_set), part) in enumerate(groups):
        part = part.sort_values("band_rank", kind="stable")
        labels = [band_label(b, lang) for b in part["band"]]
        categories += [c for c in labels if c not in categories]
        texts = [tr(lang, f"{n} xã", f"{n}") + f" ({format_pct(p) or '–'})"
                 for n, p in zip(part["communes"], part["share_pct"])]
        traces.append({
            "type": "bar", "x": labels, "y": part["communes"].astype(int).tolist(),
            "name": group_name(year, criteria_set),
            "marker": {"color": [band_color(r) for r in part["band_rank"]] if single else series_color(i)},
            "text": texts, "textposition": "outside", "customdata": texts, "cliponaxis": False,
            "hovertemplate": "%{x}: %{customdata}<extra>%{fullData.name}</extra>",
        })
    subtitle = group_name(*groups[0][0]) if single else ""
    full_title = title or (f"{default} — {subtitle}" if subtitle else default)
    layout = styled_layout(full_title, lang, legend=not single)
    merge_layout(layout, {
        "barmode": "group", "bargap": 0.3,
        "xaxis": {"title": {"text": tr(lang, "Số tiêu chí đạt", "Criteria met")},
                  "categoryorder": "array", "categoryarray": categories},
        "yaxis": {"title": {"text": tr(lang, "Số xã", "Communes")}, **count_axis()},
    })
    return {"data": traces, "layout": layout}


def build_status_heatmap(criteria: pd.DataFrame, *, lang: str = "vi",
                         criterion_names: Mapping[str, str] | None = None,
                         title: str | None = None) -> go.Figure:
    """A commune × criterion matrix in traffic-light colours, with a legend naming every status.

    Drawn by ``ntm.charts.grid``: one single-colour ``go.Heatmap`` layer per status present (met,
    basically met, not met, incomplete, not applicable), each cell with its mark ("✓", "~", "✗",
    "✗?", "–") so that colour is not the only cue; "no data" cells are a ``go.Bar`` layer on top,
    light grey, hatched, with a "?", so that no data never looks like "not met". The legend names
    met, basically met, not met, not applicable and no data always (and incomplete when present).

    Args:
        criteria: ``ntm.scoring.criterion_results`` output (one row per assessment × criterion),
            e.g. one year and set of a district, or the 2–10 communes being compared. Rows are
            named by ``commune_labels`` (district, year or set added when needed to tell apart).
        lang: "vi" (default) or "en".
        criterion_names: criterion code → name, for the hover text (e.g. from
            ``CriteriaSet.criteria``).
        title: replaces the default title.

    Returns:
        Rows in the frame's order (first at the top, y = 0, 1, …), criteria in code order (x = 0,
        1, …); the axes' tick labels name them.
    """
    return from_spec(status_heatmap_spec(criteria, lang=lang, criterion_names=criterion_names, title=title))


def status_heatmap_spec(criteria: pd.DataFrame, *, lang: str = "vi",
                        criterion_names: Mapping[str, str] | None = None, title: str | None = None) -> dict:
    """``build_status_heatmap``'s figure as the plain dict it holds (``{"data": [...], "layout": {...}}``)."""
    default = tr(lang, "Tình trạng từng tiêu chí theo xã", "Criteria status by commune")
    if is_empty(criteria, "commune", "criterion", "status"):
        return empty_figure(title or default, lang).to_dict()
    labels = commune_labels(criteria).to_numpy()
    listed = np.flatnonzero(criteria["criterion"].notna().to_numpy())
    row_of, rows = pd.factorize(labels[listed])  # rows in order of appearance
    rows = rows.tolist()
    code_index, code_values = pd.factorize(criteria["criterion"].to_numpy(dtype=object)[listed])
    code_text = [str(c) for c in code_values]
    codes = sorted_codes(code_text)
    column_of = pd.Index(codes).get_indexer(code_text)  # each distinct code's column (-1: blank)
    code_of = column_of[code_index]
    # One cell per row × criterion, the first row given for it (a blank code has no column).
    placed = np.flatnonzero(code_of >= 0)
    _, first = np.unique(row_of[placed] * len(codes) + code_of[placed], return_index=True)
    keep = placed[np.sort(first)]
    frame = criteria.iloc[listed[keep]]
    row_of, code_of = row_of[keep], code_of[keep]
    # Each distinct status once: a status outside the palette's is "no data".
    status_index, status_values = pd.factorize(frame["status"].to_numpy(dtype=object), use_na_sentinel=False)
    known = [str(v) if str(v) in STATUS_ORDER else MISSING for v in status_values]
    status = np.array(known, dtype=object)[status_index]
    hover = _heatmap_hover(frame, rows, codes, row_of, code_of, status, lang, criterion_names or {})
    shape = (len(rows), len(codes))
    cells = {st: Cells(row_of[status == st], code_of[status == st], hover[status == st])
             for st in STATUS_ORDER}
    traces = [status_layer(st, cells[st], shape, lang)
              for st in STATUS_ORDER if st != MISSING and len(cells[st])]
    no_data = no_data_layer(cells[MISSING], lang)
    traces += [no_data] if no_data else []
    traces += legend_entries([st for st in STATUS_ORDER if st != INCOMPLETE or len(cells[st])], lang)
    layout = styled_layout(title or default, lang, height=max(320, 30 * len(rows) + 170))
    merge_layout(layout, grid_axes_layout([criterion_label(c, lang) for c in codes], rows,
                                    x_title=tr(lang, "Tiêu chí", "Criterion"),
                                    y_title=tr(lang, "Xã", "Commune")))
    merge_layout(layout, {"legend": {"y": -0.02, "yanchor": "top"}, "margin": {"t": 110}})
    return {"data": traces, "layout": layout}


def _heatmap_hover(frame: pd.DataFrame, rows: list[str], codes: list[str], row_of: np.ndarray,
                   code_of: np.ndarray, status: np.ndarray, lang: str,
                   names: Mapping[str, str]) -> np.ndarray:
    """The hover text of each row of ``frame`` (an array of ``str``): "<b>commune</b><br>TC 5 – name<br>
    status (3/4 chỉ tiêu đạt)", the counts when the criterion has applicable indicator results.

    Put together from the few distinct pieces (rows, criteria, statuses), one f-string per cell.
    """
    heads = [f"<b>{row}</b><br>" for row in rows]
    criteria = [criterion_label(code, lang) + (f" – {names[code]}" if names.get(code) else "") for code in codes]
    words = {kind: "<br>" + status_label(kind, lang) for kind in set(status.tolist())}
    counts = [""] * len(frame)
    if "indicators_met" in frame and "indicators_applicable" in frame:
        met, applicable = (pd.array(frame[c], dtype="Float64").fillna(-1).to_numpy(dtype=np.float64)
                           for c in ("indicators_met", "indicators_applicable"))
        counted = (met >= 0) & (applicable > 0)
        if counted.any():
            suffix = tr(lang, " chỉ tiêu đạt)", " indicators met)")
            counts = [f" ({m}/{a}{suffix}" if c else "" for m, a, c in
                      zip(met.astype(np.int64).tolist(), applicable.astype(np.int64).tolist(), counted.tolist())]
    return np.array([heads[r] + criteria[c] + words[s] + n for r, c, s, n in
                     zip(row_of.tolist(), code_of.tolist(), status.tolist(), counts)], dtype=object)


def build_unmet_chart(share: pd.DataFrame, *, lang: str = "vi", top: int = 10,
                      criterion_names: Mapping[str, str] | None = None,
                      title: str | None = None) -> go.Figure:
    """The criteria most often unmet: horizontal bars stacked by why (not met … no data).

    A criterion is unmet in a commune when it applies but is not met (not met, basically met,
    incomplete or no data, as in ``ntm.scoring.most_unmet``); the stack keeps those apart so that
    missing data never reads as "not met" (grey, hatched).

    Args:
        share: ``ntm.scoring.criterion_share`` output. With several years, the latest year of
            each set is used; with several sets, labels name the set.
        lang: "vi" (default) or "en".
        top: how many criteria (the most often unmet first; ties in code order).
        criterion_names: criterion code → name, appended to the axis labels.
        title: replaces the default title.

    Returns:
        One ``go.Bar`` (orientation "h") per reason present, in ``UNMET_STACK`` order; the most
        often unmet criterion at the top; an annotation per bar with the unmet share.
    """
    return from_spec(unmet_chart_spec(share, lang=lang, top=top, criterion_names=criterion_names, title=title))


def unmet_chart_spec(share: pd.DataFrame, *, lang: str = "vi", top: int = 10,
                     criterion_names: Mapping[str, str] | None = None, title: str | None = None) -> dict:
    """``build_unmet_chart``'s figure as the plain dict it holds (``{"data": [...], "layout": {...}}``)."""
    default = tr(lang, "Tiêu chí chưa đạt nhiều nhất", "Criteria most often unmet")
    if is_empty(share, "criterion", "communes", *UNMET_STACK):
        return empty_figure(title or default, lang).to_dict()
    # A few dozen rows at most: plain records, not frame operations (this runs on every year change).
    rows = share[["year", "criteria_set", "criterion", "communes", *UNMET_STACK]].to_dict("records")
    rows = _latest_year_of_each_set(rows)
    for row in rows:
        row["_unmet"] = sum(int(row[st]) for st in UNMET_STACK)
    rows = [row for row in rows if row["_unmet"] > 0]
    if not rows:
        return empty_figure(title or default, lang, tr(lang, "Không có tiêu chí nào chưa đạt.",
                                                       "No criterion is unmet.")).to_dict()
    several_sets = len({row["criteria_set"] for row in rows if present(row["criteria_set"])}) > 1
    names = criterion_names or {}

    def label(code: object, criteria_set: object) -> str:
        code = str(code)
        text = criterion_label(code, lang) + (f" – {names[code]}" if code in names else "")
        return f"{criteria_set} · {text}" if several_sets else text

    rows.sort(key=lambda row: (-row["_unmet"], code_sort_key(str(row["criterion"]))))
    rows = rows[:top]
    labels = [label(row["criterion"], row["criteria_set"]) for row in rows]
    communes = [int(row["communes"]) for row in rows]
    traces = []
    for st in UNMET_STACK:
        values = [int(row[st]) for row in rows]
        if not any(v > 0 for v in values):
            continue
        hover = [f"{lab}<br>{status_label(st, lang)}: " + tr(lang, f"{v}/{n} xã", f"{v}/{n} communes")
                 for lab, v, n in zip(labels, values, communes)]
        traces.append({
            "type": "bar", "x": [v if v > 0 else None for v in values], "y": labels, "orientation": "h",
            "name": status_label(st, lang), "legendgroup": st,
            "marker": {"color": status_color(st),
                       **({"pattern": dict(NO_DATA_PATTERN)} if st == MISSING else {}),
                       "line": {"color": NO_DATA_EDGE if st == MISSING else status_color(st), "width": 1}},
            "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>",
        })
    notes = []
    unmets = [row["_unmet"] for row in rows]
    pcts = ratio_pct(np.array(unmets, dtype=np.int64), np.array(communes, dtype=np.int64))  # NaN for 0
    for lab, unmet, count, pct in zip(labels, unmets, communes, map(format_pct, pcts.tolist())):
        notes.append({"x": unmet, "y": lab, "text": f"{unmet}/{count}" + (f" ({pct})" if pct else ""),
                      "showarrow": False, "xanchor": "left", "xshift": 4, "font": {"size": 12}})
    layout = styled_layout(title or default, lang, height=max(300, 34 * len(labels) + 150))
    merge_layout(layout, {
        "annotations": notes, "barmode": "stack", "bargap": 0.35, "margin": {"r": 80},
        "xaxis": {"title": {"text": tr(lang, "Số xã chưa đạt", "Communes not meeting it")},
                  **count_axis()},
        "yaxis": {"title": {"text": tr(lang, "Tiêu chí", "Criterion")}, "categoryorder": "array",
                  "categoryarray": labels, "autorange": "reversed", "showgrid": False},
    })
    return {"data": traces, "layout": layout}


def _set_key(criteria_set: object) -> object:
    """A criteria set as a dict key (a missing set is one key, whatever missing value it is)."""
    return criteria_set if present(criteria_set) else None


def _latest_year_of_each_set(rows: list[dict]) -> list[dict]:
    """The records (with ``year`` and ``criteria_set``) of the latest year of each set, in order;
    records without a year are left out."""
    latest: dict[object, object] = {}
    for row in rows:
        key = _set_key(row["criteria_set"])
        if present(row["year"]) and (key not in latest or row["year"] > latest[key]):
            latest[key] = row["year"]
    return [row for row in rows if present(row["year"]) and row["year"] == latest.get(_set_key(row["criteria_set"]))]


def build_unmet_indicator_chart(unmet: pd.DataFrame, *, lang: str = "vi", top: int = 10,
                                indicator_names: Mapping[str, str] | None = None,
                                title: str | None = None) -> go.Figure:
    """The indicators most often unmet (reported not met or basically met): horizontal bars.

    Args:
        unmet: ``ntm.scoring.most_unmet(criteria, results, top=...)`` output; its "indicator"
            rows are drawn (missing indicators are a data problem and are not counted there).
            With several years, the latest year of each set is used.
        lang: "vi" (default) or "en".
        top: how many indicators.
        indicator_names: indicator code → name, for the hover text.
        title: replaces the default title.

    Returns:
        One ``go.Bar`` (orientation "h"), red, the most often unmet indicator at the top.
    """
    return from_spec(unmet_indicator_chart_spec(unmet, lang=lang, top=top, indicator_names=indicator_names,
                                                title=title))


def unmet_indicator_chart_spec(unmet: pd.DataFrame, *, lang: str = "vi", top: int = 10,
                               indicator_names: Mapping[str, str] | None = None,
                               title: str | None = None) -> dict:
    """``build_unmet_indicator_chart``'s figure as the plain dict it holds (``{"data": [...], "layout": {...}}``)."""
    default = tr(lang, "Chỉ tiêu chưa đạt nhiều nhất", "Indicators most often unmet")
    if is_empty(unmet, "level", "code", "unmet"):
        return empty_figure(title or default, lang).to_dict()
    # A few dozen rows at most: plain records, not frame operations (this runs on every year change).
    rows = [row for row in unmet[["level", "year", "criteria_set", "code", "rank", "unmet", "communes",
                                  "share_pct"]].to_dict("records") if row["level"] == "indicator"]
    if not rows:
        return empty_figure(title or default, lang).to_dict()
    rows = _latest_year_of_each_set(rows)
    rows = sorted(rows, key=lambda row: row["rank"])[:top]
    several_sets = len({row["criteria_set"] for row in rows if present(row["criteria_set"])}) > 1
    labels = [f"{row['criteria_set']} · {row['code']}" if several_sets else str(row["code"]) for row in rows]
    names = indicator_names or {}
    hover = [f"{tr(lang, 'Chỉ tiêu', 'Indicator')} {c}{' – ' + names[str(c)] if str(c) in names else ''}<br>"
             + tr(lang, f"{u}/{n} xã chưa đạt", f"{u}/{n} communes not meeting it")
             + f" ({format_pct(p) or '–'})"
             for c, u, n, p in ((r["code"], r["unmet"], r["communes"], r["share_pct"]) for r in rows)]
    bar = {
        "type": "bar", "x": [int(row["unmet"]) for row in rows], "y": labels, "orientation": "h",
        "name": status_label(NOT_MET, lang), "marker": {"color": status_color(NOT_MET)}, "customdata": hover,
        "hovertemplate": "%{customdata}<extra></extra>",
        "text": [f"{row['unmet']}/{row['communes']}" for row in rows], "textposition": "outside",
        "cliponaxis": False,
    }
    layout = styled_layout(title or default, lang, legend=False, height=max(300, 30 * len(labels) + 140))
    merge_layout(layout, {
        "xaxis": {"title": {"text": tr(lang, "Số xã chưa đạt", "Communes not meeting it")},
                  **count_axis()},
        "yaxis": {"title": {"text": tr(lang, "Chỉ tiêu", "Indicator")}, "categoryorder": "array",
                  "categoryarray": labels, "autorange": "reversed", "showgrid": False, "type": "category"},
    })
    return {"data": [bar], "layout": layout}
