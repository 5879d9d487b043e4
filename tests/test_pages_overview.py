"""Tổng quan: headline figures follow the filters, compare with the previous year, and empty states speak."""

from __future__ import annotations

from ntm.catalog import load_catalog
from ntm.scoring import rollup_summary
from ntm.store import open_store
from tests.helpers_workbooks import assessment_rows, template_book
from ntm.vnformat import format_number, format_pct
from pages.ui import state
from tests.test_pages_support import (  # noqa: F401
    chart_titles,
    charts,
    empty_store_url,
    frames,
    rerun,
    run_page,
    seeded_store_dir,
    store_url,
    texts,
)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _expected(store_url, **filters) -> dict:
    return rollup_summary(open_store(store_url).scores(**filters)).iloc[0].to_dict()


def test_first_run_lands_on_a_populated_overview_of_the_latest_year(store_url):
    at = run_page("overview")
    assert at.title[0].value == "Tổng quan nông thôn mới"
    assert at.selectbox(key=state.FILTER_SET).value == "ntm-2021"
    assert at.selectbox(key=state.FILTER_YEAR).value == 2025
    expected = _expected(store_url, criteria_set="ntm-2021", year=2025)
    metrics = _metrics(at)
    assert metrics["Số xã"] == "15"
    assert metrics["Tỷ lệ xã đạt chuẩn"] == format_pct(expected["reached_standard_pct"])
    assert metrics["Tiêu chí đạt bình quân/xã"] == format_number(expected["avg_criteria_met"])
    assert "dữ liệu mẫu minh họa" in texts(at)  # the sample data says it is a sample


def test_headline_compares_with_the_previous_year(store_url):
    at = run_page("overview", **{state.FILTER_YEAR: 2024})
    now = _expected(store_url, criteria_set="ntm-2021", year=2024)
    then = _expected(store_url, criteria_set="ntm-2021", year=2023)
    average = at.metric[2]
    change = now["avg_criteria_met"] - then["avg_criteria_met"]
    assert average.delta == ("+" if change > 0 else "") + format_number(change)
    assert "So với năm 2023" in texts(at)


def test_filters_change_what_is_shown(store_url):
    at = run_page("overview")
    at.selectbox(key=state.FILTER_YEAR).set_value(2021)
    rerun(at)
    expected = _expected(store_url, criteria_set="ntm-2021", year=2021)
    assert _metrics(at)["Tỷ lệ xã đạt chuẩn"] == format_pct(expected["reached_standard_pct"])
    assert "Chưa có năm trước" in texts(at)  # 2021 is the set's first year

    at.multiselect(key=state.FILTER_COMMUNES).set_value(["Khánh Bình", "Mỹ Đức"])
    rerun(at)
    assert _metrics(at)["Số xã"] == "2"
    assert sorted(frames(at)[-1]["commune"]) == ["Khánh Bình", "Mỹ Đức"]

    at.selectbox(key=state.FILTER_SET).set_value("ntm-2026")
    rerun(at)
    assert at.selectbox(key=state.FILTER_YEAR).value == 2026  # the remembered year is not in this set
    assert _metrics(at)["Số xã"] == "2"  # the communes chosen still apply


def test_district_filter_narrows_the_communes(store_url):
    scores = open_store(store_url).scores(criteria_set="ntm-2021", year=2025)
    district = sorted(scores["district"].dropna().unique())[0]
    at = run_page("overview", **{state.FILTER_DISTRICT: district})
    assert _metrics(at)["Số xã"] == str((scores["district"] == district).sum())
    assert set(frames(at)[-1]["district"]) == {district}


def test_filters_are_remembered_across_pages(store_url):
    at = run_page("overview")
    at.selectbox(key=state.FILTER_YEAR).set_value(2023)
    at.multiselect(key=state.FILTER_COMMUNES).set_value(["Khánh Bình"])
    rerun(at)
    at.switch_page("pages/profile.py")
    rerun(at)
    assert at.selectbox(key=state.FILTER_YEAR).value == 2023
    assert at.multiselect(key=state.FILTER_COMMUNES).value == ["Khánh Bình"]
    assert {m.label: m.value for m in at.metric}["Tiêu chí đạt"] == "16/19 tiêu chí · 84,21%"
    at.switch_page("pages/overview.py")
    rerun(at)
    assert _metrics(at)["Số xã"] == "1"


def test_english_switch(store_url):
    at = run_page("overview")
    at.radio(key=state.LANG).set_value("en")
    rerun(at)
    assert at.title[0].value == "New Rural Development overview"
    assert "Communes" in _metrics(at)
    assert _metrics(at)["Share that reached the standard"].endswith("%")
    at.switch_page("pages/method.py")
    rerun(at)
    assert at.title[0].value == "Method and criteria sets"  # the language is kept across pages


def test_an_empty_store_says_what_to_do(empty_store_url):
    for page in ("overview", "profile", "compare", "progress", "data"):
        at = run_page(page)
        assert any("chưa có kết quả đánh giá nào" in i.value for i in at.info), page
        assert at.get("page_link"), page  # a link to the upload page
    at = run_page("upload")
    assert "Tệp được chấp nhận" in texts(at)


def test_overview_draws_bands_heat_map_and_most_unmet(store_url):
    at = run_page("overview", **{state.FILTER_YEAR: 2023})
    assert chart_titles(at) == ["Số xã theo số tiêu chí đạt — 2023 · ntm-2021",
                                "Tình trạng từng tiêu chí theo xã", "Tiêu chí chưa đạt nhiều nhất",
                                "Chỉ tiêu chưa đạt nhiều nhất"]
    bands, heatmap = charts(at)[:2]
    assert sum(bands["data"][0]["y"]) == 15
    statuses = [trace["name"] for trace in heatmap["data"]]
    assert statuses[0] == "Đạt" and "Chưa đạt" in statuses
    assert len(heatmap["data"][0]["y"]) == 15  # one row per commune


def test_overview_in_english_draws_english_charts(store_url):
    at = run_page("overview", **{state.LANG: "en"})
    assert chart_titles(at)[1] == "Criteria status by commune"


def test_too_many_communes_for_a_heat_map_are_counted_by_district(store_url, monkeypatch):
    monkeypatch.setattr("pages.ui.render_overview.MAX_HEATMAP_COMMUNES", 5)
    at = run_page("overview")
    assert any("quá nhiều để đọc trên một bản đồ nhiệt" in i.value for i in at.info)
    assert "Tình trạng từng tiêu chí theo xã" not in chart_titles(at)
    scores = open_store(store_url).scores(criteria_set="ntm-2021", year=2025)
    by_district = frames(at)[0]  # every commune is counted, by district
    assert list(by_district["district"]) == sorted(scores["district"].dropna().unique())
    assert by_district["communes"].sum() == len(scores)
    assert list(by_district.columns[2:5]) == ["1", "2", "3"]
    assert by_district.iloc[:, 2:].stack().str.match(r"^(\d+(,\d+)?%|–)$").all()
    at.multiselect(key=state.FILTER_COMMUNES).set_value(["Khánh Bình", "Mỹ Đức"])
    rerun(at)
    assert "Tình trạng từng tiêu chí theo xã" in chart_titles(at)


def test_too_many_communes_of_one_district_draws_the_most_unmet_and_says_so(store_url, monkeypatch):
    monkeypatch.setattr("pages.ui.render_overview.MAX_HEATMAP_COMMUNES", 2)
    scores = open_store(store_url).scores(criteria_set="ntm-2021", year=2025)
    district = scores["district"].value_counts().index[0]
    at = run_page("overview", **{state.FILTER_DISTRICT: district})
    assert any("2 xã còn nhiều tiêu chí chưa đạt nhất" in i.value for i in at.info)
    heatmap = charts(at)[1]
    axis = heatmap["layout"]["yaxis"]  # rows named on the axis, or by the traces' y values
    drawn = set(axis.get("ticktext") or axis.get("categoryarray") or
                [y for trace in heatmap["data"] for y in trace["y"]])
    mine = scores[scores["district"] == district]
    worst = mine.assign(unmet=mine["unmet_criteria"].map(len)).sort_values(["unmet", "commune"],
                                                                          ascending=[False, True])
    assert drawn == set(worst["commune"].head(2))


def test_a_write_by_another_process_shows_on_the_next_run(store_url):
    """Two servers on one database: what one imports, the other's next run shows (issue #5)."""
    at = run_page("overview", **{state.FILTER_YEAR: 2025})
    assert "Tân Mỹ" not in set(frames(at)[-1]["commune"])
    catalog = load_catalog()
    other = open_store(store_url)  # another process's store object on the same database
    rows = assessment_rows(catalog.get("ntm-2021"), commune="Tân Mỹ", province="An Giang", year=2025)
    assert other.import_file(template_book(rows), "tan-my.xlsx", catalog).status == "imported"
    other.close()
    rerun(at)
    assert "Tân Mỹ" in set(frames(at)[-1]["commune"])
    assert "Tân Mỹ" in at.multiselect(key=state.FILTER_COMMUNES).options


def test_overview_on_todays_map_groups_the_communes_under_todays(store_url):
    seed = {state.FILTER_SET: "ntm-2021", state.FILTER_YEAR: 2025, state.FILTER_PROVINCE: "An Giang"}
    at = run_page("overview", **seed)
    assert "Đang xem **theo đơn vị khi báo cáo**" in texts(at)
    reported = frames(at)[-1]
    assert {"Khánh Bình", "Khánh An"} <= set(reported["commune"])
    at.toggle(key=state.HISTORY_TODAY).set_value(True)
    at = rerun(at)
    assert "Đang xem **theo bản đồ hành chính hiện nay**" in texts(at)
    assert "các số liệu và biểu đồ phía trên đếm từng xã như đã báo cáo" in texts(at)
    table = frames(at)[-1].set_index("commune")
    assert "Khánh An" not in table.index
    row = table.loc["Xã Khánh Bình"]
    assert (row["code"], row["units"], row["assessed"], row["reached"]) == (
        "30341", "Xã Khánh An, Xã Khánh Bình", "2/3", 1)
    assert table.loc["Xã Châu Phú", "units"] == "Xã Bình Long, Xã Bình Phú"


def test_the_view_switch_survives_a_language_switch(store_url):
    at = run_page("overview", **{state.HISTORY_TODAY: True})
    at.radio(key=state.LANG).set_value("en")
    at = rerun(at)
    assert "Shown **on today's map**" in texts(at) and at.toggle(key=state.HISTORY_TODAY).label == "On today's map"
    at.switch_page("pages/profile.py")
    at = rerun(at)
    assert at.toggle(key=state.HISTORY_TODAY).value is True
