"""Chart builders: traces, colours, axis titles in both languages, gaps for missing years, empty input.

Data is built in code (tests.test_scoring_helpers) and scored by ``ntm.scoring``, so each builder
is fed exactly the frame the pages will give it.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from ntm import charts
from ntm.charts import grid
from ntm.charts.base import (
    assemble,
    dated_rows,
    place_title,
    series_by_year,
    sets_by_first_year,
    styled_layout,
    with_year_and_set,
    year_axis,
)
from ntm.palette import (
    BAND_COLORS,
    DOWN_COLOR,
    MET,
    MISSING,
    NOT_APPLICABLE,
    NOT_MET,
    STATUS_COLORS,
    UP_COLOR,
)
from ntm.scoring import band_distribution, criterion_results, criterion_share, most_unmet, score_assessments
from tests.test_scoring_helpers import criterion_rows, frame, indicator_rows

DISTRICT = {"province": "An Giang", "district": "An Phú"}


@pytest.fixture(scope="module")
def data(catalog):
    """Three communes of ntm-2021 in 2021, 2023 and 2025 (2022 and 2024 never assessed), one of
    them (Khánh Bình) then assessed at criterion level on ntm-2026 in 2026; and one commune with
    a missing indicator (criterion 5 incomplete) and a not-applicable criterion 7 in 2025."""
    ntm = catalog.get("ntm-2021")
    records = []
    unmet = {"Khánh An": {2021: ["2.1", "13.1", "17.2"], 2023: ["13.1"], 2025: ["13.1", "17.2"]},
             "Khánh Bình": {2021: ["1.1", "1.2", "15.1"], 2023: [], 2025: []},
             "Nhơn Hội": {2021: ["17.1"], 2023: ["17.1"], 2025: []}}
    for commune, years in unmet.items():
        for year, codes in years.items():
            statuses = {c: "not_met" for c in codes}
            if commune == "Nhơn Hội" and year == 2025:
                statuses.update({"5": None, "7": "not_applicable"})
            records += indicator_rows(ntm, statuses, year=year, commune=commune, commune_code=None,
                                      **DISTRICT)
    records += criterion_rows({str(c): ("met" if c <= 6 else "not_met") for c in range(1, 11)}, "ntm-2026",
                              year=2026, commune="Khánh Bình", commune_code=None, province="An Giang",
                              district=None)
    results = frame(records)
    scores = score_assessments(results, catalog)
    criteria = criterion_results(results, catalog)
    return {"results": results, "scores": scores, "criteria": criteria,
            "bands": band_distribution(scores), "share": criterion_share(criteria),
            "unmet": most_unmet(criteria, results, top=5)}


def _year(f: pd.DataFrame, year: int, criteria_set: str = "ntm-2021") -> pd.DataFrame:
    return f[(f["year"] == year) & (f["criteria_set"] == criteria_set)]


# (builder, frame key, filter) — every builder with the frame the pages pass it.
BUILDERS = [
    (charts.build_band_chart, "bands", lambda f: _year(f, 2025)),
    (charts.build_status_heatmap, "criteria", lambda f: _year(f, 2025)),
    (charts.build_unmet_chart, "share", lambda f: _year(f, 2021)),
    (charts.build_unmet_indicator_chart, "unmet", lambda f: _year(f, 2021)),
    (charts.build_history_chart, "scores", lambda f: f[f["commune"] == "Khánh Bình"]),
    (charts.build_compare_bars, "scores", lambda f: _year(f, 2025)),
    (charts.build_radar, "criteria", lambda f: _year(f, 2025)),
    (charts.build_progress_lines, "scores", lambda f: f[f["criteria_set"] == "ntm-2021"]),
    (charts.build_slope_chart, "scores", lambda f: f[f["criteria_set"] == "ntm-2021"]),
    (charts.build_band_stack, "bands", lambda f: f),
    (charts.build_criterion_share_chart, "share", lambda f: f),
]
IDS = [b[0].__name__ for b in BUILDERS]


def _traces(fig: go.Figure, kind: str | None = None) -> list:
    return [t for t in fig.data if kind is None or t.type == kind]


def _annotations(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


@pytest.mark.parametrize(("build", "key", "pick"), BUILDERS, ids=IDS)
def test_every_builder_returns_a_figure_in_the_project_style(data, build, key, pick):
    fig = build(pick(data[key]))
    assert isinstance(fig, go.Figure) and len(fig.data) > 0
    assert fig.layout.separators == ",."
    assert fig.layout.font.family.startswith('"Noto Sans"')
    assert fig.layout.title.text


@pytest.mark.parametrize(("build", "key", "pick"), BUILDERS, ids=IDS)
def test_titles_and_axis_titles_come_in_vietnamese_and_english(data, build, key, pick):
    vi, en = build(pick(data[key])), build(pick(data[key]), lang="en")
    assert vi.layout.title.text != en.layout.title.text
    axes = [name for name in vi.layout if name.startswith(("xaxis", "yaxis")) and vi.layout[name].title.text]
    assert axes or "polar" in vi.layout  # the radar has no cartesian axes
    for name in axes:
        assert vi.layout[name].title.text != en.layout[name].title.text, name


@pytest.mark.parametrize(("build", "key", "pick"), BUILDERS, ids=IDS)
@pytest.mark.parametrize("lang, words", [("vi", "Không có dữ liệu"), ("en", "No data")])
def test_empty_input_gives_a_figure_saying_no_data(data, build, key, pick, lang, words):
    for empty in (data[key].iloc[0:0], None):
        fig = build(empty, lang=lang)
        assert isinstance(fig, go.Figure) and len(fig.data) == 0
        assert any(words in text for text in _annotations(fig))


@pytest.mark.parametrize(("build", "key", "pick"), BUILDERS, ids=IDS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_figure_passes_plotly_checks_unchanged(data, build, key, pick, lang):
    # Some builders assemble figures without Plotly's property checks (ntm.charts.base.assemble):
    # rebuilt with the checks on, every figure must be accepted and come out the same.
    for fig in (build(pick(data[key]), lang=lang), build(None, lang=lang)):
        checked = go.Figure(fig.to_dict())  # raises on an unknown property or a bad value
        assert json.loads(checked.to_json()) == json.loads(fig.to_json())


def test_plotly_checks_catch_a_misspelt_property():
    fig = assemble([{"type": "bar", "x": [1], "textpositon": "inside"}], styled_layout("x", "vi"))
    with pytest.raises(ValueError, match="textpositon"):
        go.Figure(fig.to_dict())


def test_the_toolbar_config_downloads_a_png_without_the_plotly_logo():
    config = charts.PLOTLY_CONFIG
    assert config["displaylogo"] is False
    assert config["toImageButtonOptions"]["format"] == "png" and config["toImageButtonOptions"]["filename"]
    named = charts.plotly_config("Tiến độ Khánh Bình 2021–2025")
    assert named["toImageButtonOptions"]["filename"] == "tien-do-khanh-binh-2021-2025"
    assert config["toImageButtonOptions"]["filename"] == "ntm-bieu-do"  # the shared dict is untouched


# --- overview -------------------------------------------------------------------------------------

def test_band_chart_draws_every_band_top_first_in_band_colours(data):
    fig = charts.build_band_chart(_year(data["bands"], 2025))
    (bar,) = _traces(fig)
    assert bar.type == "bar"
    assert list(bar.x) == ["19 tiêu chí", "15–18 tiêu chí", "10–14 tiêu chí", "5–9 tiêu chí",
                           "Dưới 5 tiêu chí"]
    assert list(bar.y) == [1, 2, 0, 0, 0]  # Khánh Bình at 19; Khánh An 17, Nhơn Hội 17 met + 1 N/A
    assert list(bar.marker.color) == list(BAND_COLORS)
    assert bar.text[1] == "2 xã (66,67%)"
    assert fig.layout.xaxis.title.text == "Số tiêu chí đạt" and fig.layout.yaxis.title.text == "Số xã"
    en = charts.build_band_chart(_year(data["bands"], 2025), lang="en")
    assert en.data[0].x[-1] == "Under 5 criteria" and en.layout.yaxis.title.text == "Communes"


def test_band_chart_with_several_groups_has_one_trace_per_group(data):
    fig = charts.build_band_chart(data["bands"][data["bands"]["criteria_set"] == "ntm-2021"])
    assert [t.name for t in fig.data] == ["2021 · ntm-2021", "2023 · ntm-2021", "2025 · ntm-2021"]


def _cell(trace, fig, row: str, column: str):
    """The value of ``trace`` at the cell named ``row`` × ``column`` (by the axes' tick labels);
    None for a gap (z null, or NaN in a float array)."""
    i, j = list(fig.layout.yaxis.ticktext).index(row), list(fig.layout.xaxis.ticktext).index(column)
    value = trace.z[i][j]
    return None if value is None or value != value else value


def test_status_heatmap_has_one_single_colour_layer_per_status_present(data):
    fig = charts.build_status_heatmap(_year(data["criteria"], 2025))
    layers = _traces(fig, "heatmap")
    assert [t.name for t in layers] == ["Đạt", "Chưa đạt", "Chưa đạt (thiếu dữ liệu)", "Không áp dụng"]
    for trace, status in zip(layers, [MET, NOT_MET, "incomplete", NOT_APPLICABLE]):
        assert trace.showscale is False and trace.legendgroup == status
        assert {c[1] for c in trace.colorscale} == {STATUS_COLORS[status]}
    assert list(fig.layout.yaxis.ticktext) == ["Khánh An", "Khánh Bình", "Nhơn Hội"]
    assert list(fig.layout.yaxis.range) == [2.5, -0.5]  # the first row at the top
    assert list(fig.layout.xaxis.ticktext)[:3] == ["TC 1", "TC 2", "TC 3"]
    not_met = layers[1]
    assert _cell(not_met, fig, "Khánh An", "TC 13") == 1 and _cell(not_met, fig, "Khánh An", "TC 1") is None
    assert not_met.text[0][12] == "✗"  # a mark, so colour is not the only cue
    incomplete = layers[2]
    assert _cell(incomplete, fig, "Nhơn Hội", "TC 5") == 1
    assert "Chưa đạt (thiếu dữ liệu)" in incomplete.customdata[2][4]


@pytest.mark.parametrize("lang, names", [
    ("vi", ["Đạt", "Cơ bản đạt", "Chưa đạt", "Không áp dụng", "Chưa có dữ liệu"]),
    ("en", ["Met", "Basically met", "Not met", "Not applicable", "No data"]),
])
def test_status_heatmap_legend_names_every_state_in_both_languages(data, lang, names):
    criteria = _year(data["criteria"], 2025)
    only_met = criteria[criteria["commune"] == "Khánh Bình"]
    fig = charts.build_status_heatmap(only_met, lang=lang)  # every cell met: the legend still names all
    legend = [t for t in fig.data if t.showlegend]
    assert [t.name for t in legend] == names
    for trace, status in zip(legend, [MET, "basically_met", NOT_MET, NOT_APPLICABLE, MISSING]):
        assert trace.type == "bar" and trace.marker.color == STATUS_COLORS[status]
        assert trace.legendgroup == status  # clicking the entry hides that status's cells
        assert all(v is None for v in trace.x)  # an entry only: it draws nothing
    assert [t.marker.pattern.shape for t in legend] == [None, None, None, None, "/"]  # no data: hatched


def test_status_heatmap_names_incomplete_in_the_legend_only_when_present(data):
    fig = charts.build_status_heatmap(_year(data["criteria"], 2025), lang="en")
    assert [t.name for t in fig.data if t.showlegend] == [
        "Met", "Basically met", "Not met", "Not met (incomplete data)", "Not applicable", "No data"]


def test_no_data_cells_are_hatched_grey_bars_covering_exactly_those_cells(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(criterion_rows({"1": "met", "2": None, "3": "not_met"}, "ntm-2021"))
    fig = charts.build_status_heatmap(criterion_results(results, catalog), lang="en")
    assert "No data" not in [t.name for t in _traces(fig, "heatmap")]  # never a plain cell ...
    (hatch,) = [t for t in _traces(fig, "bar") if not t.showlegend]  # ... but the hatched layer
    assert hatch.name == "No data" and hatch.legendgroup == MISSING
    assert hatch.marker.color == STATUS_COLORS[MISSING] != STATUS_COLORS[NOT_MET]
    assert hatch.marker.pattern.shape == "/" and hatch.marker.pattern.fgcolor != STATUS_COLORS[MISSING]
    columns = list(fig.layout.xaxis.ticktext)
    assert len(columns) == len(ntm.criteria)  # criteria 4..19 have no row: no data too
    covered = sorted(columns[int(x)] for x in hatch.x)
    assert covered == sorted(f"C {n}" for n in [2, *range(4, 20)])
    # Each bar is its cell: one unit wide and tall, centred on the cell's row and column.
    assert hatch.width == 1 and set(hatch.y) == {1} and set(hatch.base) == {-0.5}
    assert set(hatch.text) == {"?"} and "No data" in hatch.customdata[0]
    assert fig.layout.barmode == "overlay"  # bars sit on their cells, side by side with nothing


def test_grid_layers_take_cells_as_arrays_or_as_a_mapping_and_keep_long_hover_texts_whole():
    long = ("<b>Khánh Bình</b><br>TC 17 – Môi trường và an toàn thực phẩm<br>"
            "Chưa đạt (3/11 chỉ tiêu đạt)")
    mapping = {(0, 1): "a", (1, 0): long}
    arrays = grid.Cells(np.array([0, 1]), np.array([1, 0]), np.array(["a", long], dtype=object))
    for cells in (mapping, arrays):
        layer = grid.status_layer(NOT_MET, cells, (2, 3), "en")
        assert layer["customdata"][1][0] == long and layer["customdata"][0][1] == "a"
        assert layer["customdata"][0][0] == "" and layer["text"][1][0] == "✗" and layer["text"][0][0] == ""
        assert layer["z"][0][1] == 1 and np.isnan(layer["z"][0][0])  # a gap: nothing drawn, no hover
        bar = grid.no_data_layer(cells, "en")
        assert bar["x"] == [1, 0] and bar["base"] == [-0.5, 0.5] and bar["customdata"] == ["a", long]
    assert grid.no_data_layer({}, "en") is None


def test_heatmap_rows_of_several_years_and_sets_name_them(data):
    criteria = data["criteria"][data["criteria"]["commune"] == "Khánh Bình"]
    fig = charts.build_status_heatmap(criteria)
    assert list(fig.layout.yaxis.ticktext) == [
        "Khánh Bình · 2021 · ntm-2021", "Khánh Bình · 2023 · ntm-2021",
        "Khánh Bình · 2025 · ntm-2021", "Khánh Bình · 2026 · ntm-2026"]


def test_heatmap_rows_say_the_district_when_two_communes_share_a_name(catalog):
    ntm = catalog.get("ntm-2021")
    results = frame(indicator_rows(ntm, commune="Bình Thạnh", district="Cao Lãnh", commune_code=None),
                    indicator_rows(ntm, commune="Bình Thạnh", district="Thanh Bình", commune_code=None))
    fig = charts.build_status_heatmap(criterion_results(results, catalog))
    assert list(fig.layout.yaxis.ticktext) == ["Bình Thạnh (Cao Lãnh)", "Bình Thạnh (Thanh Bình)"]


def test_unmet_chart_ranks_criteria_and_stacks_the_reasons_apart(data):
    share = _year(data["share"], 2025)
    fig = charts.build_unmet_chart(share)
    names = [t.name for t in fig.data]
    assert names == ["Chưa đạt", "Chưa đạt (thiếu dữ liệu)"]
    assert list(fig.layout.yaxis.categoryarray) == ["TC 5", "TC 13", "TC 17"]  # 1, 1, 1: code order
    assert fig.layout.yaxis.autorange == "reversed"  # the first is drawn at the top
    incomplete = fig.data[1]
    assert incomplete.marker.color == STATUS_COLORS["incomplete"] != STATUS_COLORS[NOT_MET]
    assert list(incomplete.x) == [1, None, None]
    assert _annotations(fig) == ["1/3 (33,33%)"] * 3


def test_unmet_chart_hatches_missing_data_in_grey(catalog):
    results = frame(criterion_rows({"1": None, "2": "not_met", "3": "met"}, "ntm-2021"))
    fig = charts.build_unmet_chart(criterion_share(criterion_results(results, catalog)), top=3, lang="en")
    missing = next(t for t in fig.data if t.name == "No data")
    assert missing.marker.color == STATUS_COLORS[MISSING] and missing.marker.pattern.shape == "/"
    assert len(fig.layout.yaxis.categoryarray) == 3  # top=3 of the 18 unmet criteria


def test_unmet_indicator_chart_ranks_the_indicators(data):
    fig = charts.build_unmet_indicator_chart(_year(data["unmet"], 2021))
    (bar,) = fig.data
    assert bar.orientation == "h" and bar.marker.color == STATUS_COLORS[NOT_MET]
    assert list(bar.y)[:2] == ["1.1", "1.2"] and list(bar.x)[:2] == [1, 1]
    assert fig.layout.yaxis.type == "category"  # "1.1" is a code, not a number


# --- commune profile ------------------------------------------------------------------------------

def test_history_chart_leaves_gaps_for_years_without_data_and_breaks_at_a_change_of_set(data):
    scores = data["scores"][data["scores"]["commune"] == "Khánh Bình"]
    fig = charts.build_history_chart(scores)
    bars = _traces(fig, "bar")
    assert [t.name for t in bars] == ["Tiêu chí đạt (ntm-2021)", "Tiêu chí đạt (ntm-2026)"]
    assert list(bars[0].x) == [2021, 2022, 2023, 2024, 2025, 2026]
    assert list(bars[0].y) == [17, None, 19, None, 19, None]
    assert list(bars[1].y) == [None] * 5 + [6]
    ratio = next(t for t in fig.data if t.name == "Tỷ lệ tiêu chí đạt (%)")
    assert list(ratio.y) == [89.47, None, 100.0, None, 100.0, 60.0]  # ratios continue across the break
    assert ratio.connectgaps is False and ratio.yaxis == "y2"
    indicators = next(t for t in fig.data if t.name == "Tỷ lệ chỉ tiêu đạt (%)")
    assert indicators.y[-1] is None  # 2026 is criterion-level: no indicator ratio, not 0
    (line,) = [s for s in fig.layout.shapes if s.type == "line"]
    assert line.x0 == line.x1 == 2025.5
    assert any("ntm-2021 → ntm-2026" in text for text in _annotations(fig))
    assert fig.layout.yaxis2.title.text == "Tỷ lệ đạt (%)" and fig.layout.xaxis.title.text == "Năm"


def test_history_chart_refuses_two_communes(data):
    with pytest.raises(ValueError):
        charts.build_history_chart(data["scores"])


# --- compare --------------------------------------------------------------------------------------

def test_compare_bars_put_criteria_and_indicators_side_by_side(data):
    fig = charts.build_compare_bars(_year(data["scores"], 2025))
    criteria, indicators = fig.data
    assert (criteria.name, indicators.name) == ("Tiêu chí đạt", "Chỉ tiêu đạt")
    assert list(criteria.text) == ["17/19", "19/19", "17/18"]
    assert list(indicators.text) == ["55/57", "57/57", "55/56"]
    assert criteria.y[0] == 89.47 and fig.layout.barmode == "group"


def test_compare_bars_show_no_indicator_bar_for_criterion_level_data(data):
    scores = data["scores"]
    scores = scores[scores["year"].isin([2025, 2026]) & (scores["commune"] == "Khánh Bình")]
    fig = charts.build_compare_bars(scores)
    assert list(fig.data[1].y) == [100.0, None]
    assert "chưa có dữ liệu chỉ tiêu" in fig.data[1].x[1]


def test_radar_gives_the_share_of_indicators_met_per_criterion_and_none_without_data(data):
    fig = charts.build_radar(_year(data["criteria"], 2025))
    assert [t.type for t in fig.data] == ["scatterpolar"] * 3
    nhon_hoi = next(t for t in fig.data if t.name == "Nhơn Hội")
    theta = list(nhon_hoi.theta)
    assert theta[0] == theta[-1] == "TC 1" and len(theta) == 20  # closed outline
    assert nhon_hoi.r[theta.index("TC 7")] is None  # not applicable: no share, not 0
    assert nhon_hoi.r[theta.index("TC 5")] == 0.0  # its one indicator is applicable but missing
    khanh_an = next(t for t in fig.data if t.name == "Khánh An")
    assert khanh_an.r[theta.index("TC 13")] == 80.0  # 4/5


def test_radar_without_indicator_data_says_so(data):
    fig = charts.build_radar(_year(data["criteria"], 2026, "ntm-2026"), lang="en")
    assert len(fig.data) == 0 and "criterion-level" in _annotations(fig)[0]


# --- progress -------------------------------------------------------------------------------------

def test_progress_lines_have_a_gap_not_a_zero_for_years_without_data(data):
    fig = charts.build_progress_lines(data["scores"][data["scores"]["criteria_set"] == "ntm-2021"])
    assert [t.name for t in fig.data] == ["Khánh An", "Khánh Bình", "Nhơn Hội"]
    khanh_an = fig.data[0]
    assert list(khanh_an.x) == [2021, 2022, 2023, 2024, 2025]
    assert list(khanh_an.y) == [16, None, 18, None, 17]
    assert khanh_an.connectgaps is False
    assert fig.layout.yaxis.title.text == "Số tiêu chí đạt"
    ratios = charts.build_progress_lines(data["scores"], lang="en", metric="criteria_pct")
    assert ratios.layout.yaxis.title.text == "Criteria met (%)"


def test_progress_lines_draw_each_set_separately(data):
    fig = charts.build_progress_lines(data["scores"])
    names = [t.name for t in fig.data]
    assert "Khánh Bình (ntm-2021)" in names and "Khánh Bình (ntm-2026)" in names
    assert len({t.line.color for t in fig.data if t.name.startswith("Khánh Bình")}) == 1


def test_slope_chart_colours_rises_green_and_falls_red(data):
    fig = charts.build_slope_chart(data["scores"][data["scores"]["criteria_set"] == "ntm-2021"])
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["Khánh Bình"].x) == ["2021", "2025"] and list(by_name["Khánh Bình"].y) == [17, 19]
    assert by_name["Khánh Bình"].line.color == UP_COLOR
    assert by_name["Khánh An"].line.color == UP_COLOR  # 16 → 17
    # Khánh An and Nhơn Hội both end on 17: one shared end label, on the first of them.
    assert by_name["Khánh An"].text[1] == "Khánh An, Nhơn Hội: 17" and by_name["Nhơn Hội"].text[1] == ""
    assert fig.layout.meta["metric"] == "criteria_met"


def test_slope_chart_compares_ratios_across_a_change_of_set_and_counts_who_is_left_out(data):
    fig = charts.build_slope_chart(data["scores"])  # 2021 → 2026: only Khánh Bình has both years
    (line,) = fig.data
    assert list(line.y) == [89.47, 60.0] and line.line.color == DOWN_COLOR
    assert fig.layout.meta["metric"] == "criteria_pct"
    notes = _annotations(fig)[0]
    assert "so sánh tỷ lệ" in notes and "2 xã không có dữ liệu" in notes


def test_band_stack_stacks_bands_by_year_with_gaps(data):
    bands = data["bands"][data["bands"]["criteria_set"] == "ntm-2021"]
    fig = charts.build_band_stack(bands)
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["19 tiêu chí", "15–18 tiêu chí", "10–14 tiêu chí", "5–9 tiêu chí",
                                          "Dưới 5 tiêu chí"]
    assert [t.marker.color for t in fig.data] == list(BAND_COLORS)
    top = fig.data[0]
    assert list(top.x) == [2021, 2022, 2023, 2024, 2025]
    assert list(top.y) == [0, None, 1, None, 1]


def test_band_stack_gives_each_set_its_own_panel_and_legend(data):
    fig = charts.build_band_stack(data["bands"])
    assert {t.legend for t in fig.data} == {"legend", "legend2"}
    assert [t.name for t in fig.data if t.legend == "legend2"][0] == "10 tiêu chí"
    assert [a.text for a in fig.layout.annotations] == ["ntm-2021", "ntm-2026"]


def test_criterion_share_chart_is_a_year_by_criterion_map_with_no_data_rows_hatched(data):
    fig = charts.build_criterion_share_chart(data["share"][data["share"]["criteria_set"] == "ntm-2021"])
    share = fig.data[0]
    assert list(fig.layout.yaxis.ticktext) == ["2021", "2022", "2023", "2024", "2025"]
    col = list(fig.layout.xaxis.ticktext).index("TC 1")
    assert share.z[0][col] == pytest.approx(66.67) and share.text[0][col] == "66,67%"
    assert all(v is None for v in share.z[1])  # 2022: no assessment → no share ...
    (hatch,) = [t for t in _traces(fig, "bar") if not t.showlegend]  # ... but hatched "no data" cells
    assert hatch.marker.color == STATUS_COLORS[MISSING] and hatch.marker.pattern.shape == "/"
    rows = {int(b + 0.5) for b in hatch.base}
    assert {fig.layout.yaxis.ticktext[r] for r in rows} == {"2022", "2024"}
    assert len(hatch.x) == 2 * len(fig.layout.xaxis.ticktext)
    assert [t.name for t in fig.data if t.showlegend] == ["Chưa có dữ liệu"]  # no criterion is N/A everywhere


# -- what the year-by-year charts share (ntm.charts.base) --------------------------------------------
def test_a_year_without_a_row_or_a_value_is_a_gap_with_no_hover_text():
    rows = {2021: {"v": 3}, 2022: {"v": None}, 2024: {"v": 5}}
    y, hover = series_by_year([2021, 2022, 2023, 2024], rows, lambda row: row["v"],
                              lambda year, row, v: f"{year}: {v}")
    assert y == [3, None, None, 5] and hover == ["2021: 3", "", "", "2024: 5"]


def test_criteria_sets_come_in_the_order_of_their_first_year_then_by_id():
    sets = ["ntm-2026", "ntm-nc-2021", "ntm-2021", "ntm-2021"]
    frame = with_year_and_set(pd.DataFrame({"year": [2026.0, 2021.0, 2021.0, 2025.0], "criteria_set": sets}))
    assert frame["_year"].tolist() == [2026, 2021, 2021, 2025]
    assert sets_by_first_year(frame) == ["ntm-2021", "ntm-nc-2021", "ntm-2026"]


def test_a_padded_year_axis_and_a_title_about_one_place():
    assert year_axis([2021, 2022], pad=0.6) == {"tickmode": "array", "tickvals": [2021, 2022],
                                                "ticktext": ["2021", "2022"], "range": [2020.4, 2022.6]}
    assert "range" not in year_axis([2021])
    assert place_title("Khánh Bình", "Kết quả qua các năm") == "Khánh Bình: kết quả qua các năm"
    assert place_title("", "Results by year") == "Results by year"


def test_a_frame_without_a_dated_row_is_nothing_to_draw():
    frame = pd.DataFrame({"year": [None, 2023.0], "communes": [1, 2]}, index=[5, 6])
    assert dated_rows(None, "year") is None and dated_rows(frame, "year", "band") is None
    assert dated_rows(frame.iloc[:1], "year") is None
    assert dated_rows(frame, "year", "communes").to_dict("list") == {"year": [2023.0], "communes": [2]}
