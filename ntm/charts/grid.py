"""Status grids: row × column maps whose cells each have a status, and their legend.

The commune × criterion map (``build_status_heatmap``) and the "no data" / "not applicable" cells
of the year × criterion share map (``build_criterion_share_chart``) are drawn the same way:

* the grid sits on numeric axes — row ``i`` at y = i, column ``j`` at x = j, named by tick
  labels — so that layers of other trace types can cover a cell exactly;
* each status is one single-colour ``go.Heatmap`` layer with its mark ("✓", "✗" …) as cell text;
* "no data" is a ``go.Bar`` layer over the grid: one bar per cell, exactly the cell, light grey
  with grey stripes (``ntm.palette.NO_DATA_PATTERN``) and a "?" — Plotly cannot hatch a heat map
  cell, and no data must never look like "not met", not even in greyscale or to a colour-blind
  reader;
* the legend is one ``go.Bar`` entry per status (a square of its colour, striped for no data), in
  the same ``legendgroup`` as the status's cells, so clicking an entry hides them.

Cells are given as ``{(row, column): hover text}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

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

Cells = Mapping[tuple[int, int], str]
GAP = 2  # pixels between cells


def add_status_layer(fig: go.Figure, status: str, cells: Cells, shape: tuple[int, int], lang: str) -> None:
    """One single-colour heat map layer: ``status``'s colour and mark on ``cells``, nothing elsewhere.

    Args:
        fig: the figure to draw on.
        status: one of ``ntm.palette.STATUS_ORDER`` (not ``MISSING``: see ``add_no_data_layer``).
        cells: (row, column) → hover text.
        shape: (rows, columns) of the grid.
        lang: "vi" or "en", for the trace name.
    """
    rows, columns = shape
    z = [[None] * columns for _ in range(rows)]
    text = [[""] * columns for _ in range(rows)]
    hover = [[""] * columns for _ in range(rows)]
    for (i, j), tip in cells.items():
        z[i][j], text[i][j], hover[i][j] = 1, STATUS_MARKS[status], tip
    color = status_color(status)
    fig.add_heatmap(
        x=list(range(columns)), y=list(range(rows)), z=z, text=text, customdata=hover,
        name=status_label(status, lang), colorscale=[[0, color], [1, color]], zmin=0, zmax=1,
        showscale=False, showlegend=False, legendgroup=status, xgap=GAP, ygap=GAP,
        texttemplate="%{text}", textfont={"color": STATUS_TEXT_COLORS[status], "size": 12},
        hovertemplate="%{customdata}<extra></extra>", hoverongaps=False,
    )


def add_no_data_layer(fig: go.Figure, cells: Cells, lang: str) -> None:
    """The "no data" cells: a bar per cell covering it exactly, grey, striped, with a "?"."""
    if not cells:
        return
    places = list(cells)
    fig.add_bar(
        x=[j for _, j in places], base=[i - 0.5 for i, _ in places], y=[1] * len(places), width=1,
        name=status_label(MISSING, lang), showlegend=False, legendgroup=MISSING,
        marker={"color": status_color(MISSING), "pattern": dict(NO_DATA_PATTERN),
                "line": {"color": "#FFFFFF", "width": GAP / 2}},
        text=[STATUS_MARKS[MISSING]] * len(places), textposition="inside", insidetextanchor="middle",
        textangle=0, textfont={"color": STATUS_TEXT_COLORS[MISSING], "size": 12},
        customdata=list(cells.values()), hovertemplate="%{customdata}<extra></extra>",
    )


def add_status_legend(fig: go.Figure, statuses: Iterable[str], lang: str) -> None:
    """A legend entry per status, in the given order: a square of its colour (striped for no data).

    The entries draw nothing (their one point is empty); each shares its status's
    ``legendgroup``, so clicking it hides or shows that status's cells.
    """
    for status in statuses:
        missing = status == MISSING
        fig.add_bar(
            x=[None], y=[None], name=status_label(status, lang), legendgroup=status, showlegend=True,
            marker={"color": status_color(status), "pattern": dict(NO_DATA_PATTERN) if missing else {},
                    "line": {"color": NO_DATA_EDGE if missing else status_color(status), "width": 1}},
            hoverinfo="skip",
        )


def grid_axes(fig: go.Figure, columns: Sequence[str], rows: Sequence[str], *, x_title: str, y_title: str,
              tick_size: int | None = None) -> None:
    """Numeric axes naming the columns (on top) and rows (first row at the top), no grid lines."""
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title_text=x_title, tickmode="array", tickvals=list(range(len(columns))),
                     ticktext=list(columns), range=[-0.5, len(columns) - 0.5], side="top", showgrid=False,
                     tickangle=0, **({"tickfont": {"size": tick_size}} if tick_size else {}))
    fig.update_yaxes(title_text=y_title, tickmode="array", tickvals=list(range(len(rows))),
                     ticktext=list(rows), range=[len(rows) - 0.5, -0.5], showgrid=False)
