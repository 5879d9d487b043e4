"""Figures kept as what ``st.plotly_chart`` sends, so that a cached chart costs nothing to draw again.

``st.plotly_chart`` turns a figure into its dict on every run (``Figure.to_dict``: a deep copy of
every trace, then each NumPy array encoded as base64), and that is most of what drawing an
unchanged page costs: about 40% of a rerun of the overview with every roll-up cached. A figure
built once per selection (``data.remembered``) is therefore kept as that dict, computed once.

Builders with a ``*_spec`` twin (``ntm.charts.overview``) give that dict without a figure at all:
building a ``go.Figure`` copies every trace, and ``to_dict`` copies it again.
"""

from __future__ import annotations

import plotly.graph_objects as go
from _plotly_utils.utils import convert_to_base64
from plotly.basedatatypes import BaseFigure


class SentFigure(BaseFigure):
    """A figure as ``st.plotly_chart`` sends it: ``to_dict()`` gives the dict computed once.

    Only ``to_dict`` is meant to be used (it is all ``st.plotly_chart`` reads of a figure).
    Shared between sessions once cached: never change its dict.
    """

    def __init__(self, sent: dict) -> None:  # BaseFigure's own set-up is deliberately skipped
        self._sent = sent

    def to_dict(self) -> dict:
        """The figure's dict, base64 arrays included, as ``go.Figure.to_dict`` gave it once."""
        return self._sent


def sendable(figure: go.Figure | dict) -> SentFigure:
    """``figure`` ready to be drawn again and again by ``st.plotly_chart`` at no cost.

    Args:
        figure: a figure, or a ``*_spec`` dict (``{"data": [...], "layout": {...}}``, made for
            this call: its arrays are encoded in place, as ``Figure.to_dict`` does to its copy).
    """
    if isinstance(figure, BaseFigure):
        return SentFigure(figure.to_dict())
    convert_to_base64(figure)
    return SentFigure(figure)
