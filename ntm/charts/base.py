"""What every chart shares: the font, the layout, the toolbar config, the empty figure, labels.

Numbers are written the Vietnamese way: ``separators=",."`` in the layout makes Plotly's own tick
labels use a decimal comma and dot thousands, and hover texts are pre-formatted with
``ntm.vnformat`` (Plotly's d3 formats would not drop trailing zeros the way reports do).

Two ways to make a figure, with the same result: ``style`` a ``go.Figure`` drawn trace by trace,
or ``assemble`` one from plain trace and layout dicts (``styled_layout`` gives the project's
layout as a dict). ``assemble`` skips Plotly's property-by-property checks, which cost far more
than drawing: about 50 ms per figure for the ``plotly_white`` template alone, and a Python call
per cell of a big array. The builders that use it are checked by the tests instead, which
rebuild every figure with Plotly's checks on and compare.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ntm.palette import BREAK_COLOR, GRID_COLOR
from ntm.text import code_sort_key, fold

# Fonts with full Vietnamese coverage (precomposed letters with two diacritics, e.g. "ệ", "ữ"),
# the first one installed wins: Noto Sans (Linux, Android), Roboto, Segoe UI (Windows), Arial.
FONT_FAMILY = '"Noto Sans", Roboto, "Segoe UI", Arial, sans-serif'
SEPARATORS = ",."  # decimal comma, dot thousands
NO_DATA_VI = "Không có dữ liệu"
NO_DATA_EN = "No data"

# What pages pass to ``st.plotly_chart(fig, config=PLOTLY_CONFIG)``: the toolbar's camera button
# downloads a PNG (2× scale, readable when pasted into a report); no Plotly logo.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "filename": "ntm-bieu-do", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def plotly_config(filename: str | None = None) -> dict:
    """``PLOTLY_CONFIG`` with the PNG named after ``filename`` (ASCII, "-" for spaces).

    >>> plotly_config("Tổng quan 2025")["toImageButtonOptions"]["filename"]
    'tong-quan-2025'
    """
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": dict(PLOTLY_CONFIG["toImageButtonOptions"])}
    if filename:
        slug = "-".join("".join(c if c.isalnum() else " " for c in fold(filename)).split())
        config["toImageButtonOptions"]["filename"] = slug or "ntm-bieu-do"
    return config


def tr(lang: str, vi: str, en: str) -> str:
    """``vi`` or its English twin ``en``, by ``lang``."""
    return en if lang == "en" else vi


TEMPLATE = "plotly_white"


@cache
def _template() -> dict:
    # Plotly's registered template, as the plain dict a validated figure would hold.
    return pio.templates[TEMPLATE].to_plotly_json()


def styled_layout(title: str, lang: str, *, legend: bool = True, height: int | None = None) -> dict:
    """What ``style`` sets, as a layout dict for ``assemble`` (one x and one y axis).

    Returns:
        A new dict (the caller may add to it): title, font, separators, the ``plotly_white``
        template, white background, legend below the plot, margins, ``meta.lang``, light grid
        lines without zero lines on ``xaxis`` and ``yaxis``, and ``height`` when given.
    """
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "font": {"family": FONT_FAMILY, "size": 13},
        "separators": SEPARATORS,
        "template": _template(),
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "showlegend": legend,
        # Below the plot: a long Vietnamese legend on top would run into the title.
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "xanchor": "left",
                   "title": {"text": ""}},
        "margin": {"l": 60, "r": 20, "t": 70, "b": 60},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "meta": {"lang": "en" if lang == "en" else "vi"},
        "xaxis": {"gridcolor": GRID_COLOR, "zeroline": False},
        "yaxis": {"gridcolor": GRID_COLOR, "zeroline": False},
    }
    if height:
        layout["height"] = height
    return layout


def assemble(traces: list[dict], layout: dict) -> go.Figure:
    """A ``go.Figure`` holding ``traces`` and ``layout`` as given, without Plotly's checks.

    Args:
        traces: plain trace dicts, each with its ``type`` ("bar", "heatmap" …); arrays may be
            NumPy arrays (text as ``str`` arrays, numbers as float arrays with NaN for a gap).
        layout: a plain layout dict, usually ``styled_layout(...)`` plus axes; nested dicts only
            (no "magic underscore" names such as ``title_text``).

    Returns:
        The figure (held as deep copies: ``traces`` and ``layout`` may be reused). Every builder
        using this is rebuilt with Plotly's checks on by the tests, which compare the two.
    """
    # ``_validate=False`` is Plotly's figure-level switch for input it can trust (its own
    # default template is set that way); the property names and values here are fixed by code
    # and covered by tests, so checking them again on every rerun only costs time.
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


def merge_layout(layout: dict, extra: dict) -> dict:
    """Add ``extra`` into ``layout`` in place, merging nested dicts (as ``update_layout`` does);
    returns ``layout``."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            merge_layout(layout[key], value)
        else:
            layout[key] = value
    return layout


def style(fig: go.Figure, title: str, lang: str, *, legend: bool = True,
          height: int | None = None) -> go.Figure:
    """The project's layout on ``fig``: title, font, separators, white background, legend below."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 13},
        separators=SEPARATORS,
        template="plotly_white",
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        showlegend=legend,
        # Below the plot: a long Vietnamese legend on top would run into the title.
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "xanchor": "left",
                "title": {"text": ""}},
        margin={"l": 60, "r": 20, "t": 70, "b": 60},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        meta={"lang": "en" if lang == "en" else "vi"},
    )
    fig.update_xaxes(gridcolor=GRID_COLOR, zeroline=False)
    fig.update_yaxes(gridcolor=GRID_COLOR, zeroline=False)
    if height:
        fig.update_layout(height=height)
    return fig


def empty_figure(title: str, lang: str = "vi", message: str | None = None) -> go.Figure:
    """A figure with no traces and a centred "Không có dữ liệu" (or ``message``) annotation."""
    layout = styled_layout(title, lang, legend=False, height=320)
    layout["annotations"] = [{"text": message or tr(lang, NO_DATA_VI, NO_DATA_EN), "x": 0.5, "y": 0.5,
                              "xref": "paper", "yref": "paper", "showarrow": False,
                              "font": {"size": 16, "color": "#616161"}}]
    layout["xaxis"]["visible"] = False
    layout["yaxis"]["visible"] = False
    return assemble([], layout)


def is_empty(frame: pd.DataFrame | None, *columns: str) -> bool:
    """True for None, an empty frame, or a frame lacking any of ``columns``."""
    return frame is None or frame.empty or any(c not in frame.columns for c in columns)


def sorted_codes(codes: Iterable) -> list[str]:
    """Distinct non-blank codes as strings, in code order ("2" before "10")."""
    values = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype=object)
    distinct = {str(c) for c in values.astype(object).dropna().unique() if str(c) != ""}
    return sorted(distinct, key=code_sort_key)


def year_range(years: Iterable) -> list[int]:
    """Every year from the first to the last of ``years`` (so that a year without data is a gap)."""
    known = sorted({int(y) for y in years if y is not None and not pd.isna(y)})
    return list(range(known[0], known[-1] + 1)) if known else []


def dated(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` that have a year, renumbered from 0 (empty when none has)."""
    return frame[frame["year"].notna()].reset_index(drop=True)


def dated_rows(frame: pd.DataFrame | None, *columns: str) -> pd.DataFrame | None:
    """``dated(frame)``, or None when a year-by-year chart has nothing to draw: no frame, a frame
    lacking any of ``columns`` ("year" among them), or no row with a year."""
    if is_empty(frame, *columns):
        return None
    rows = dated(frame)
    return None if rows.empty else rows


def year_axis(years: list[int], pad: float | None = None) -> dict:
    """Axis settings ticking every one of ``years`` (as "2024": no thousands dot, no "2.024");
    with ``pad``, the axis runs from ``pad`` years before the first to ``pad`` after the last."""
    axis = {"tickmode": "array", "tickvals": years, "ticktext": [str(y) for y in years]}
    if pad is not None:
        axis["range"] = [years[0] - pad, years[-1] + pad]
    return axis


def with_year_and_set(frame: pd.DataFrame, **columns: Any) -> pd.DataFrame:
    """``frame`` (rows that have a year: ``dated``) with ``_year`` (int) and ``_set`` (the criteria
    set id as text), and ``columns`` added as ``DataFrame.assign`` adds them."""
    return frame.assign(_year=frame["year"].astype(int),
                        _set=frame["criteria_set"].astype(object).astype(str), **columns)


def sets_by_first_year(frame: pd.DataFrame) -> list[str]:
    """The criteria sets of a ``with_year_and_set`` frame, by the first year each is used, then by id
    ("ntm-2021" before "ntm-2026")."""
    return sorted(frame["_set"].unique(), key=lambda s: (frame.loc[frame["_set"] == s, "_year"].min(), s))


def series_by_year(years: list[int], rows: Mapping[int, Any], value: Callable[[Any], Any],
                   text: Callable[[int, Any, Any], str]) -> tuple[list, list[str]]:
    """One point per year of ``years``, and its hover text: a year without data is a gap, never 0.

    Args:
        years: the axis (``year_range``).
        rows: year → that year's row (any row type ``value`` and ``text`` read).
        value: the point of a row; ``None`` when the row has none (a gap).
        text: the hover text of (year, row, point).

    Returns:
        (points, texts): ``None`` and "" where ``rows`` lacks the year or ``value`` gives ``None``.
    """
    points, texts = [], []
    for year in years:
        row = rows.get(year)
        point = value(row) if row is not None else None
        points.append(point)
        texts.append(text(year, row, point) if point is not None else "")
    return points, texts


RIGHT_LEGEND = {"orientation": "v", "y": 1, "yanchor": "top", "x": 1.02, "xanchor": "left"}
"""A legend in a column right of the plot, top-aligned: for many or long series names."""


def add_set_break(fig: go.Figure, x: float, note: str) -> None:
    """Mark a change of criteria set at ``x`` on a year axis: a dotted vertical line, and ``note``
    ("Đổi bộ tiêu chí …: chỉ so sánh tỷ lệ") above the plot."""
    fig.add_vline(x=x, line={"color": BREAK_COLOR, "dash": "dot", "width": 2})
    fig.add_annotation(x=x, y=1.0, xref="x", yref="paper", text=note, showarrow=False, yanchor="bottom",
                       font={"size": 11, "color": BREAK_COLOR}, bgcolor="rgba(255,255,255,0.85)")


def place_title(place: str, title: str) -> str:
    """``title`` about one place: "Khánh Bình: kết quả qua các năm" (its first letter lowered);
    ``title`` itself when ``place`` is blank."""
    return f"{place}: {title[0].lower()}{title[1:]}" if place else title


def count_axis() -> dict:
    """Axis settings for a count (communes, criteria): from 0, whole-number ticks."""
    return {"rangemode": "tozero", "tickformat": "d"}


def percent_axis(step: int = 25, top: int = 105) -> dict:
    """Axis settings for a 0–100 % scale: ticks every ``step`` written "50%" (set as ``ticktext``:
    Plotly drops ``ticksuffix`` when tick values are given)."""
    values = list(range(0, 101, step))
    return {"range": [0, top], "tickmode": "array", "tickvals": values, "ticktext": [f"{v}%" for v in values]}


def criterion_label(code: str, lang: str = "vi") -> str:
    """The axis label of a criterion: "TC 5" (tiêu chí) / "C 5"."""
    return f"{tr(lang, 'TC', 'C')} {code}"


def present(value: object) -> bool:
    """False for None, NaN and pd.NA."""
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NA


def commune_labels(frame: pd.DataFrame) -> pd.Series:
    """A label per row naming its commune unambiguously within ``frame``.

    The commune's name; plus the district (or province) when two communes share a name; plus the
    year when the frame has several years, and the criteria set when it has several sets.
    """
    # Labels depend only on the distinct places, years and sets: work out each distinct
    # combination once (a criteria frame repeats each assessment once per criterion).
    keys = [c for c in ("commune", "district", "province", "year", "criteria_set") if c in frame]
    # One number per distinct combination (missing values alike), key by key: factorizing a
    # categorical reads its codes, where a grouping by five columns costs far more on a rerun.
    combined = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(frame[key], use_na_sentinel=False)
        combined = pd.factorize(combined * (len(uniques) + 1) + codes)[0]
    _, first, group = np.unique(combined, return_index=True, return_inverse=True)
    labels = _distinct_labels(frame.iloc[first].reset_index(drop=True))
    return pd.Series(np.array(labels, dtype=object)[group.ravel()], index=frame.index, dtype=object)


def _distinct_labels(frame: pd.DataFrame) -> list[str]:
    # A plain loop: it runs over distinct assessments only.
    def texts(column: str, blank: str) -> list[str]:
        return [blank if pd.isna(v) else str(v) for v in frame[column].astype(object)]

    names = texts("commune", "?")
    labels = list(names)
    for place in ("district", "province"):
        if place not in frame:
            continue
        where = texts(place, "")
        places: dict[str, set[str]] = {}
        for name, at in zip(names, where):
            if at:  # a blank place is no evidence of another commune (districts ended on 1 July 2025)
                places.setdefault(name, set()).add(at)
        clash = [len(places.get(name, ())) > 1 for name in names]
        if any(clash):
            labels = [f"{label} ({at or '?'})" if c else label for label, at, c in zip(labels, where, clash)]
            break
    if "year" in frame and frame["year"].nunique(dropna=True) > 1:
        years = frame["year"].astype(object)
        labels = [f"{label} · {'?' if pd.isna(y) else int(y)}" for label, y in zip(labels, years)]
    if "criteria_set" in frame and frame["criteria_set"].nunique(dropna=True) > 1:
        sets = frame["criteria_set"].astype(object).astype(str)
        labels = [f"{label} · {s}" for label, s in zip(labels, sets)]
    return labels
