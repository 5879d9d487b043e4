"""Status grids: row × column maps whose cells each have a status, and their legend.

The commune × criterion map (``build_status_heatmap``) and the "no data" / "not applicable" cells
of the year × criterion share map (``build_criterion_share_chart``) are drawn the same way:

* the grid sits on numeric axes — row ``i`` at y = i, column ``j`` at x = j, named by tick
  labels — so that layers of other trace types can cover a cell exactly;
* each status is one single-colour heat map layer with its mark ("✓", "✗" …) as cell text; its
  ``z`` is 1 on its cells and NaN (a gap: nothing drawn, no hover) elsewhere;
* "no data" is a bar layer over the grid: one bar per cell, exactly the cell, light grey with
  grey stripes (``ntm.palette.NO_DATA_PATTERN``) and a "?" — Plotly cannot hatch a heat map
  cell, and no data must never look like "not met", not even in greyscale or to a colour-blind
  reader;
* the legend is one bar entry per status (a square of its colour, striped for no data), in the
  same ``legendgroup`` as the status's cells, so clicking an entry hides them.

Cells are given as ``Cells`` (parallel arrays: row, column, hover text of each cell) or as a
mapping ``{(row, column): hover text}``. ``status_layer``, ``no_data_layer``, ``legend_entries``
and ``grid_axes_layout`` give plain dicts for ``ntm.charts.base.assemble``; the ``add_*`` and
``grid_axes`` functions draw the same on a ``go.Figure``. Numbers stay NumPy arrays (sent as
base64); cell texts are nested lists of ``str``, filled cell by cell, as they are sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ntm.palette import (
    MISSING,
    NO_DATA_EDGE,
    NO_DATA_PATTERN,
    STATUS_MARKS,
    STATUS_TEXT_COLORS,
    status_color,
    status_label,
)

GAP = 2  # pixels between cells


@dataclass(frozen=True)
class Cells:
    """Cells of a grid as parallel arrays: cell k is at row ``rows[k]``, column ``columns[k]``.

    Attributes:
        rows, columns: integer positions (0-based).
        hover: the hover text of each cell (an array of ``str``).
    """

    rows: np.ndarray
    columns: np.ndarray
    hover: np.ndarray

    @classmethod
    def of(cls, cells: Cells | Mapping[tuple[int, int], str]) -> Cells:
        """``cells`` as ``Cells`` (a mapping ``{(row, column): hover text}`` is converted)."""
        if isinstance(cells, Cells):
            return cells
        places = np.array(list(cells), dtype=np.int64).reshape(-1, 2)
        return cls(places[:, 0], places[:, 1], np.array(list(cells.values()), dtype=object))

    def __len__(self) -> int:
        return len(self.rows)


def status_layer(status: str, cells: Cells | Mapping[tuple[int, int], str], shape: tuple[int, int],
                 lang: str) -> dict:
    """One single-colour heat map layer: ``status``'s colour and mark on ``cells``, gaps elsewhere.

    Args:
        status: one of ``ntm.palette.STATUS_ORDER`` (not ``MISSING``: see ``no_data_layer``).
        cells: the cells of that status.
        shape: (rows, columns) of the grid.
        lang: "vi" or "en", for the trace name.

    Returns:
        A "heatmap" trace dict: ``z`` (float32 array of ``shape``, 1 or NaN), ``text`` (the
        mark or "") and ``customdata`` (the hover text or ""), nested lists of ``shape``.
    """
    cells = Cells.of(cells)
    rows, columns = shape
    z = np.full(shape, np.nan, dtype=np.float32)
    z[cells.rows, cells.columns] = 1
    # Text as nested lists, filled cell by cell: what is sent to the browser in the end (NumPy
    # text arrays would be turned into lists again on every send, string by string).
    mark = STATUS_MARKS[status]
    text = [[""] * columns for _ in range(rows)]
    hover = [[""] * columns for _ in range(rows)]
    for row, column, words in zip(cells.rows.tolist(), cells.columns.tolist(), _texts(cells.hover)):
        text[row][column] = mark
        hover[row][column] = words
    color = status_color(status)
    return {
        "type": "heatmap", "x": list(range(columns)), "y": list(range(rows)), "z": z, "text": text,
        "customdata": hover, "name": status_label(status, lang), "colorscale": [[0, color], [1, color]],
        "zmin": 0, "zmax": 1, "showscale": False, "showlegend": False, "legendgroup": status,
        "xgap": GAP, "ygap": GAP, "texttemplate": "%{text}",
        "textfont": {"color": STATUS_TEXT_COLORS[status], "size": 12},
        "hovertemplate": "%{customdata}<extra></extra>", "hoverongaps": False,
    }


def _texts(values) -> list[str]:
    """``values`` (a NumPy text array or a list of ``str``) as a list of ``str``."""
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def no_data_layer(cells: Cells | Mapping[tuple[int, int], str], lang: str) -> dict | None:
    """The "no data" cells: a bar per cell covering it exactly, grey, striped, with a "?".

    Returns:
        A "bar" trace dict, or None when there are no such cells.
    """
    cells = Cells.of(cells)
    if not len(cells):
        return None
    count = len(cells)
    return {
        "type": "bar", "x": cells.columns.tolist(), "base": (cells.rows - 0.5).tolist(), "y": [1] * count,
        "width": 1, "name": status_label(MISSING, lang), "showlegend": False, "legendgroup": MISSING,
        "marker": {"color": status_color(MISSING), "pattern": dict(NO_DATA_PATTERN),
                   "line": {"color": "#FFFFFF", "width": GAP / 2}},
        "text": [STATUS_MARKS[MISSING]] * count, "textposition": "inside", "insidetextanchor": "middle",
        "textangle": 0, "textfont": {"color": STATUS_TEXT_COLORS[MISSING], "size": 12},
        "customdata": _texts(cells.hover), "hovertemplate": "%{customdata}<extra></extra>",
    }


def legend_entries(statuses: Iterable[str], lang: str) -> list[dict]:
    """A legend entry per status, in the given order: a square of its colour (striped for no data).

    The entries draw nothing (their one point is empty); each shares its status's
    ``legendgroup``, so clicking it hides or shows that status's cells.
    """
    entries = []
    for status in statuses:
        missing = status == MISSING
        entries.append({
            "type": "bar", "x": [None], "y": [None], "name": status_label(status, lang),
            "legendgroup": status, "showlegend": True,
            "marker": {"color": status_color(status),
                       **({"pattern": dict(NO_DATA_PATTERN)} if missing else {}),
                       "line": {"color": NO_DATA_EDGE if missing else status_color(status), "width": 1}},
            "hoverinfo": "skip",
        })
    return entries


def grid_axes_layout(columns: Sequence[str], rows: Sequence[str], *, x_title: str, y_title: str,
                     tick_size: int | None = None) -> dict:
    """Layout settings for a grid: numeric axes naming the columns (on top) and rows (first row at
    the top), no grid lines, bars overlaid (so that a "no data" bar sits on its cell alone)."""
    return {
        "barmode": "overlay",
        "xaxis": {"title": {"text": x_title}, "tickmode": "array", "tickvals": list(range(len(columns))),
                  "ticktext": list(columns), "range": [-0.5, len(columns) - 0.5], "side": "top",
                  "showgrid": False, "tickangle": 0,
                  **({"tickfont": {"size": tick_size}} if tick_size else {})},
        "yaxis": {"title": {"text": y_title}, "tickmode": "array", "tickvals": list(range(len(rows))),
                  "ticktext": list(rows), "range": [len(rows) - 0.5, -0.5], "showgrid": False},
    }


def add_status_layer(fig: go.Figure, status: str, cells: Cells | Mapping[tuple[int, int], str],
                     shape: tuple[int, int], lang: str) -> None:
    """``status_layer`` drawn on ``fig``."""
    fig.add_trace(status_layer(status, cells, shape, lang))


def add_no_data_layer(fig: go.Figure, cells: Cells | Mapping[tuple[int, int], str], lang: str) -> None:
    """``no_data_layer`` drawn on ``fig`` (nothing when there are no cells)."""
    layer = no_data_layer(cells, lang)
    if layer is not None:
        fig.add_trace(layer)


def add_status_legend(fig: go.Figure, statuses: Iterable[str], lang: str) -> None:
    """``legend_entries`` drawn on ``fig``."""
    fig.add_traces(legend_entries(statuses, lang))


def grid_axes(fig: go.Figure, columns: Sequence[str], rows: Sequence[str], *, x_title: str, y_title: str,
              tick_size: int | None = None) -> None:
    """``grid_axes_layout`` applied to ``fig``."""
    settings = grid_axes_layout(columns, rows, x_title=x_title, y_title=y_title, tick_size=tick_size)
    fig.update_layout(barmode=settings["barmode"])
    fig.update_xaxes(settings["xaxis"])
    fig.update_yaxes(settings["yaxis"])
