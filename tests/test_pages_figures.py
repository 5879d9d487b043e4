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
    assert kept.to_dict() is kept.to_dict()  # computed once
    assert kept.to_dict() == figure.to_dict()


def test_a_spec_draws_what_its_figure_draws():
    """Every ``*_spec`` of the overview, sent as is, gives the JSON its ``build_*`` figure gives."""
    import pandas as pd
    import plotly.io as pio

    from ntm.charts import overview
    from ntm.scoring import band_distribution, criterion_share, most_unmet
    from pages.ui.figures import sendable

    criteria = pd.DataFrame({
        "province": ["An Giang"] * 6, "district": ["An Phú"] * 6, "commune": ["Đa Phước"] * 3 + ["Vĩnh Hậu"] * 3,
        "commune_code": [None] * 6, "year": [2025] * 6, "criteria_set": ["ntm-2021"] * 6,
        "criterion": ["1", "2", "10"] * 2, "status": ["met", "not_met", "missing", "not_applicable", "met", "not_met"]})
    scores = pd.DataFrame({"year": [2025, 2025], "criteria_set": ["ntm-2021"] * 2, "criteria_met": [17, 12],
                           "criteria_not_applicable": [1, 0], "criteria_count": [19, 19]})
    results = criteria.assign(indicator=["1.1", "2.1", "10.1"] * 2)
    cases = [
        ("band_chart", band_distribution(scores), {}),
        ("status_heatmap", criteria, {"criterion_names": {"1": "Quy hoạch"}}),
        ("unmet_chart", criterion_share(criteria), {"criterion_names": {"2": "Giao thông"}}),
        ("unmet_indicator_chart", most_unmet(criteria, results, top=10), {}),
        ("status_heatmap", criteria.iloc[0:0], {}),  # the empty figure
    ]
    for name, frame, options in cases:
        for lang in ("vi", "en"):
            built = getattr(overview, f"build_{name}")(frame, lang=lang, **options)
            spec = getattr(overview, f"{name}_spec")(frame, lang=lang, **options)
            sent = (json.loads(pio.to_json(sendable(f).to_dict(), validate=False)) for f in (spec, built))
            assert next(sent) == next(sent), name
