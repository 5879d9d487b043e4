"""Tiến độ: communes that lost criteria, and criterion shares by year with gaps for missing years."""

from __future__ import annotations

from ntm.catalog import load_catalog
from ntm.scoring import criterion_results, year_over_year
from ntm.store import open_store
from pages.ui import state
from tests.helpers_workbooks import assessment_rows, template_book
from tests.test_pages_support import (  # noqa: F401
    chart_titles,
    charts,
    frames,
    run_page,
    seeded_store_dir,
    store_url,
    texts,
)


def test_progress_lists_the_communes_that_lost_criteria(store_url):
    at = run_page("progress", **{state.FILTER_SET: "ntm-2021"})
    assert at.selectbox(key=state.FILTER_YEAR).disabled  # every year is shown
    store, catalog = open_store(store_url), load_catalog()
    results = store.results(criteria_set="ntm-2021")
    scores = store.scores(criteria_set="ntm-2021")
    changes = year_over_year(scores, criterion_results(results, catalog), catalog)
    lost = changes[changes["criteria_lost"].map(bool)]
    table = frames(at)[0]
    assert len(table) == len(lost) > 0
    assert set(table["commune"]) == set(lost["commune"])
    assert table["years"].str.match(r"^\d{4} → \d{4}$").all()


def test_share_of_communes_meeting_each_criterion_by_year(store_url):
    at = run_page("progress", **{state.FILTER_SET: "ntm-nc-2021"})
    share = frames(at)[-1]
    assert list(share.columns) == ["criterion", "2022", "2023", "2024", "2025"]
    assert len(share) == 19
    assert share["criterion"].iloc[0].startswith("1. ")
    assert share["2025"].str.endswith("%").all()
    assert "năm không có dữ liệu" in texts(at)


def test_a_year_without_data_is_a_gap_not_a_zero(store_url):
    catalog = load_catalog()
    rows = [row for year in (2021, 2023) for row in assessment_rows(
        catalog.get("ntm-2021"), commune="Tân Mỹ", province="Tỉnh Thử", year=year)]
    open_store(store_url).import_file(template_book(rows), "tan-my.xlsx", catalog)
    at = run_page("progress", **{state.FILTER_SET: "ntm-2021", state.FILTER_PROVINCE: "Tỉnh Thử"})
    share = frames(at)[-1]
    assert list(share.columns) == ["criterion", "2021", "2022", "2023"]
    assert set(share["2021"]) == set(share["2023"]) == {"100%"}
    assert set(share["2022"]) == {""}  # no data in 2022: blank, not 0%


def test_progress_draws_lines_slopes_bands_and_shares(store_url):
    at = run_page("progress", **{state.FILTER_SET: "ntm-2021"})
    assert chart_titles(at) == ["Tiêu chí đạt của từng xã qua các năm",
                                "Thay đổi từ năm đầu đến năm cuối (2021 → 2025)",
                                "Số xã theo nhóm tiêu chí đạt qua các năm",
                                "Tỷ lệ xã đạt từng tiêu chí qua các năm"]
    lines = charts(at)[0]["data"]
    assert len(lines) == 15 and all(len(t["x"]) == 5 for t in lines)


def test_a_year_without_data_is_a_gap_in_the_lines(store_url):
    catalog = load_catalog()
    rows = [row for year in (2021, 2023) for row in assessment_rows(
        catalog.get("ntm-2021"), commune="Tân Mỹ", province="Tỉnh Thử", year=year)]
    open_store(store_url).import_file(template_book(rows), "tan-my.xlsx", catalog)
    at = run_page("progress", **{state.FILTER_SET: "ntm-2021", state.FILTER_PROVINCE: "Tỉnh Thử"})
    line = charts(at)[0]["data"][0]
    assert line["y"] == [19, None, 19]


def test_too_many_communes_for_lines_asks_to_filter(store_url, monkeypatch):
    monkeypatch.setattr("pages.ui.render_progress.MAX_LINE_COMMUNES", 5)
    at = run_page("progress", **{state.FILTER_SET: "ntm-2021"})
    assert any("quá nhiều để vẽ mỗi xã một đường" in i.value for i in at.info)
    assert chart_titles(at) == ["Số xã theo nhóm tiêu chí đạt qua các năm",
                                "Tỷ lệ xã đạt từng tiêu chí qua các năm"]


def test_on_todays_map_the_lines_are_ratios_cut_and_marked_at_the_set_break(store_url):
    at = run_page("progress", **{state.FILTER_SET: "ntm-2021", state.HISTORY_TODAY: True})
    assert "Đang xem **theo bản đồ hành chính hiện nay**" in texts(at)
    [figure] = [c for c in charts(at) if c["layout"].get("meta", {}).get("set_breaks") is not None]
    assert figure["layout"]["meta"]["set_breaks"] == [2026] and figure["layout"]["meta"]["metric"] == "criteria_pct"
    assert "%" in figure["layout"]["yaxis"]["title"]["text"]  # ratios, never counts
    names = [trace["name"] for trace in figure["data"]]
    assert "Xã Khánh Bình" in names and "Xã Óc Eo" in names  # today's communes, not the old ones
    for trace in figure["data"]:  # no line crosses the change of set: 19 criteria and 10 are not one measure
        years = [x for x, y in zip(trace["x"], trace["y"]) if y is not None]
        assert all(y < 2026 for y in years) or all(y >= 2026 for y in years), trace["name"]
    khanh_binh = [t for t in figure["data"] if t["name"] == "Xã Khánh Bình"]
    assert len(khanh_binh) == 2  # 2021–2025 (ntm-2021), then 2026 (ntm-2026)
    assert any(shape.get("line", {}).get("dash") == "dot" and shape["x0"] == 2025.5
               for shape in figure["layout"]["shapes"])
    assert "Đổi bộ tiêu chí (ntm-2021 → ntm-2026)" in texts(at)
    assert "chỉ so sánh tỷ lệ" in " ".join(a["text"] for a in figure["layout"]["annotations"])


def test_as_reported_the_lines_stay_within_the_set(store_url):
    at = run_page("progress", **{state.FILTER_SET: "ntm-2021", state.HISTORY_TODAY: False})
    assert "Đang xem **theo đơn vị khi báo cáo**" in texts(at)
    assert not [c for c in charts(at) if c["layout"].get("meta", {}).get("set_breaks") is not None]
