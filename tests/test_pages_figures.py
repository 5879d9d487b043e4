"""Figures kept as sent (``pages.ui.figures``) draw exactly what the figure itself draws."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import pandas as pd
    import streamlit as st

    from ntm.charts import build_status_heatmap
    from pages.ui.figures import sendable

    criteria = pd.DataFrame({
        "province": ["An Giang"] * 4, "district": ["An Phú"] * 4, "commune": ["Đa Phước"] * 2 + ["Vĩnh Hậu"] * 2,
        "commune_code": [None] * 4, "year": [2025] * 4, "criteria_set": ["ntm-2021"] * 4,
        "criterion": ["1", "2", "1", "2"], "status": ["met", "not_met", "missing", "not_applicable"]})
    figure = build_status_heatmap(criteria, criterion_names={"1": "Quy hoạch", "2": "Giao thông"})
    kept = sendable(figure)
    st.plotly_chart(figure, theme=None, key="figure")
    st.plotly_chart(kept, theme=None, key="kept")
    st.plotly_chart(kept, theme=None, key="again")  # drawn again from the same dict


def test_a_sent_figure_draws_the_same_chart_every_time():
    at = AppTest.from_function(_script).run()
    assert not at.exception
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert len(specs) == 3
    assert specs[0]["data"] and specs[0]["layout"]["title"]["text"]
    assert specs[1] == specs[0]
    assert specs[2] == specs[0]


def test_a_sent_figure_keeps_its_figure_and_dict():
    import plotly.graph_objects as go

    from pages.ui.figures import sendable

    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    kept = sendable(figure)
    assert kept.figure is figure
    assert kept.to_dict() is kept.to_dict()  # computed once
    assert kept.to_dict() == figure.to_dict()
