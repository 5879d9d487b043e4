"""What every chart shares: the font, the layout, the toolbar config, the empty figure, labels.

Numbers are written the Vietnamese way: ``separators=",."`` in the layout makes Plotly's own tick
labels use a decimal comma and dot thousands, and hover texts are pre-formatted with
``ntm.vnformat`` (Plotly's d3 formats would not drop trailing zeros the way reports do).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from ntm.palette import GRID_COLOR
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


def style(fig: go.Figure, title: str, lang: str, *, legend: bool = True,
          height: int | None = None) -> go.Figure:
    """The project's layout on ``fig``: title, font, separators, white background, legend on top."""
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
    fig = go.Figure()
    style(fig, title, lang, legend=False, height=320)
    fig.add_annotation(text=message or tr(lang, NO_DATA_VI, NO_DATA_EN), x=0.5, y=0.5,
                       xref="paper", yref="paper", showarrow=False, font={"size": 16, "color": "#616161"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def is_empty(frame: pd.DataFrame | None, *columns: str) -> bool:
    """True for None, an empty frame, or a frame lacking any of ``columns``."""
    return frame is None or frame.empty or any(c not in frame.columns for c in columns)


def sorted_codes(codes: Iterable) -> list[str]:
    """Distinct non-blank codes as strings, in code order ("2" before "10")."""
    distinct = {str(c) for c in codes if c is not None and not pd.isna(c) and str(c) != ""}
    return sorted(distinct, key=code_sort_key)


def year_range(years: Iterable) -> list[int]:
    """Every year from the first to the last of ``years`` (so that a year without data is a gap)."""
    known = sorted({int(y) for y in years if y is not None and not pd.isna(y)})
    return list(range(known[0], known[-1] + 1)) if known else []


def dated(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` that have a year, renumbered from 0 (empty when none has)."""
    return frame[frame["year"].notna()].reset_index(drop=True)


def year_axis(years: list[int]) -> dict:
    """Axis settings ticking every one of ``years`` (as "2024": no thousands dot, no "2.024")."""
    return {"tickmode": "array", "tickvals": years, "ticktext": [str(y) for y in years]}


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
    name = frame["commune"].astype(object).where(frame["commune"].notna(), "?").astype(str)
    label = name.copy()
    for place in ("district", "province"):
        if place not in frame:
            continue
        where = frame[place].astype(object).where(frame[place].notna(), "").astype(str)
        # A blank place is no evidence of another commune (districts ended on 1 July 2025).
        known = pd.DataFrame({"n": name, "w": where})[where != ""].drop_duplicates()
        clash = name.map(known.groupby("n")["w"].nunique()).fillna(1) > 1
        if clash.any():
            label = label.where(~clash, label + " (" + where.where(where != "", "?") + ")")
            break
    if "year" in frame and frame["year"].nunique(dropna=True) > 1:
        label = label + " · " + frame["year"].astype(object).map(lambda y: "?" if pd.isna(y) else str(int(y)))
    if "criteria_set" in frame and frame["criteria_set"].nunique(dropna=True) > 1:
        label = label + " · " + frame["criteria_set"].astype(object).astype(str)
    return label
