"""Chart builders: frames from ``ntm.scoring`` in, ``plotly.graph_objects.Figure`` out.

Builders never call Streamlit; pages draw what they return with
``st.plotly_chart(fig, config=PLOTLY_CONFIG)`` (the toolbar's camera button then downloads a PNG).
Every builder takes ``lang="vi"`` (default) or ``"en"`` for titles, axis titles, legends and hover
texts; numbers are written the Vietnamese way (``separators=",."``, ``ntm.vnformat``); a year
without data is a gap (``None``), never 0; missing data has its own neutral colour, never the red
of "not met" (``ntm.palette``). Empty input gives a figure saying "Không có dữ liệu".

| builder | frame it takes | page |
|---|---|---|
| ``build_band_chart`` | ``band_distribution`` | overview |
| ``build_status_heatmap`` | ``criterion_results`` | overview, compare |
| ``build_unmet_chart`` | ``criterion_share`` | overview |
| ``build_unmet_indicator_chart`` | ``most_unmet(criteria, results)`` | overview |
| ``build_history_chart`` | ``score_assessments`` (one commune) | commune profile |
| ``build_compare_bars`` | ``score_assessments`` | compare |
| ``build_radar`` | ``criterion_results`` | compare |
| ``build_progress_lines`` | ``score_assessments`` | progress |
| ``build_slope_chart`` | ``score_assessments`` | progress |
| ``build_band_stack`` | ``band_distribution`` | progress |
| ``build_criterion_share_chart`` | ``criterion_share`` | progress |
| ``build_todays_map_chart`` | ``history_on_todays_map`` | progress, commune profile |
"""

from ntm.charts.base import FONT_FAMILY, PLOTLY_CONFIG, SEPARATORS, empty_figure, plotly_config
from ntm.charts.compare import build_compare_bars, build_radar
from ntm.charts.overview import (
    band_label,
    build_band_chart,
    build_status_heatmap,
    build_unmet_chart,
    build_unmet_indicator_chart,
)
from ntm.charts.profile import build_history_chart
from ntm.charts.progress import (
    build_band_stack,
    build_criterion_share_chart,
    build_progress_lines,
    build_slope_chart,
)
from ntm.charts.todays_map import build_todays_map_chart

__all__ = [
    "FONT_FAMILY", "PLOTLY_CONFIG", "SEPARATORS", "band_label", "build_band_chart", "build_band_stack",
    "build_compare_bars", "build_criterion_share_chart", "build_history_chart", "build_progress_lines",
    "build_radar", "build_slope_chart", "build_status_heatmap", "build_todays_map_chart", "build_unmet_chart",
    "build_unmet_indicator_chart", "empty_figure", "plotly_config",
]
