"""Figures kept as what ``st.plotly_chart`` sends, so that a cached chart costs nothing to draw again.

``st.plotly_chart`` turns a figure into its dict on every run (``Figure.to_dict``: a deep copy of
every trace, then each NumPy array encoded as base64), and that is most of what drawing an
unchanged page costs: about 40% of a rerun of the overview with every roll-up cached. A figure
built once per selection (``data.remembered``) is therefore kept as that dict, computed once.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.basedatatypes import BaseFigure


class SentFigure(BaseFigure):
    """A figure as ``st.plotly_chart`` sends it: ``to_dict()`` gives the dict computed once.

    Only ``to_dict`` is meant to be used (it is all ``st.plotly_chart`` reads of a figure); the
    figure itself is kept as ``figure`` for anything else. Shared between sessions once cached:
    never change it or its dict.
    """

    def __init__(self, figure: go.Figure) -> None:  # noqa: D107 — BaseFigure's set-up is not needed
        self._figure = figure
        self._sent = figure.to_dict()

    @property
    def figure(self) -> go.Figure:
        """The figure this was made from."""
        return self._figure

    def to_dict(self) -> dict:
        """The figure's dict, base64 arrays included, as ``go.Figure.to_dict`` gave it once."""
        return self._sent


def sendable(figure: go.Figure) -> SentFigure:
    """``figure`` ready to be drawn again and again by ``st.plotly_chart`` at no cost."""
    return SentFigure(figure)
