"""Figures kept as what ``st.plotly_chart`` sends, so that a cached chart costs nothing to draw again.

``st.plotly_chart`` turns a figure into its dict on every run (``Figure.to_dict``: a deep copy of
every trace, then each NumPy array encoded as base64), and that is most of what drawing an
unchanged page costs: about 40% of a rerun of the overview with every roll-up cached. A figure
built once per selection (``data.remembered``) is therefore kept as that dict, computed once.

Builders with a ``*_spec`` twin (``ntm.charts.overview``) give that dict without a figure at all:
building a ``go.Figure`` copies every trace, and ``to_dict`` copies it again.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from _plotly_utils.utils import to_typed_array_spec
from plotly.basedatatypes import BaseFigure

NUMBER_KINDS = "iuf"  # NumPy kinds Plotly sends as base64 typed arrays


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
        figure: a figure, or a ``*_spec`` dict (``{"data": [...], "layout": {...}}``), left as it is.
    """
    return SentFigure(_encoded(figure.to_dict() if isinstance(figure, BaseFigure) else figure))


def _encoded(value: object) -> object:
    """``value`` as ``Figure.to_dict`` encodes it: number arrays as base64 typed arrays.

    Other arrays (text) become lists here, once, instead of at every ``json.dumps`` (and orjson,
    which Plotly uses when it is installed, does not encode NumPy text arrays: it would fall back
    to a slow path); the layout's template (plain lists and dicts, some two thousand of them) is
    passed through unwalked. Arrays ``Figure.to_dict`` already encoded are dicts by then.
    """
    if isinstance(value, np.ndarray):
        typed = to_typed_array_spec(value) if value.dtype.kind in NUMBER_KINDS else value
        return typed if isinstance(typed, dict) else value.tolist()
    if isinstance(value, dict):
        return {key: item if key == "template" else _encoded(item) for key, item in value.items()}
    # Lists here are of one kind (traces, rows of a grid, or plain values): the first item tells,
    # and a grid of plain values (rows of text) is sent as it is.
    if isinstance(value, list) and value and isinstance(value[0], (dict, list, np.ndarray)):
        first = value[0]
        if isinstance(first, list) and not (first and isinstance(first[0], (dict, list, np.ndarray))):
            return value
        return [_encoded(item) for item in value]
    return value
