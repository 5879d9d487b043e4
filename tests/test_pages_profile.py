"""Hồ sơ xã: the seed commune's report card, what it lacks, its history and its summary paragraph."""

from __future__ import annotations

import io

import openpyxl

from ntm.store import open_store
from ntm.summary import write_summary
from pages.ui import state
from tests.test_pages_support import (  # noqa: F401
    chart_titles,
    charts,
    download_bytes,
    frames,
    media,
    rerun,
    run_page,
    seeded_store_dir,
    store_url,
    texts,
)

SEED = {state.FILTER_SET: "ntm-2021", state.FILTER_YEAR: 2023, state.PROFILE_COMMUNE: "Khánh Bình"}


def test_profile_shows_the_seed_communes_figures(store_url):
    at = run_page("profile", **SEED)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tiêu chí đạt"] == "16/19 tiêu chí · 84,21%"
    assert metrics["Chỉ tiêu đạt"] == "51/57 chỉ tiêu · 89,47%"
    assert metrics["Đạt chuẩn"] == "Không"


def test_profile_lists_unmet_criteria_and_indicators_with_names_and_gaps(store_url):
    at = run_page("profile", **SEED)
    page = texts(at)
    # "1\\." keeps Markdown from making a numbered list of "1. Quy hoạch".
    for line in ("1\\. Quy hoạch — Chưa đạt", "15\\. Y tế — Chưa đạt", "17\\. Môi trường"):
        assert line in page
    gaps = frames(at)[0]
    assert gaps["indicator"].tolist() == ["1.1", "1.2", "15.1", "17.2", "17.7", "17.11"]
    assert gaps["name"].str.len().min() > 5  # every indicator is named
    assert gaps["status"].str.contains("Chưa đạt").all()


def test_profile_criterion_table_has_every_criterion_with_a_status_icon(store_url):
    at = run_page("profile", **SEED)
    table = frames(at)[1]
    assert len(table) == 19
    assert table["criterion"].iloc[0].startswith("1. ")
    status = dict(zip(table["criterion"].str.split(".").str[0], table["status"]))
    assert status["1"] == "✗ Chưa đạt" and status["2"] == "✓ Đạt"


def test_profile_history_lists_each_year_with_criteria_gained_and_lost(store_url):
    at = run_page("profile", **SEED)
    history = frames(at)[2]
    basic = history[history["criteria_set"] == "ntm-2021"]
    assert basic["year"].tolist() == [2021, 2022, 2023, 2024, 2025]
    assert basic["criteria"].tolist() == ["15/19", "16/19", "16/19", "18/19", "19/19"]
    # 2021 unmet 1, 13, 15, 17 → 2022 unmet 1, 15, 17: criterion 13 gained.
    assert basic.set_index("year").loc[2022, "gained"] == "13"
    assert basic["criteria_pct"].tolist()[2] == "84,21%"


def test_profile_summary_is_the_scoring_modules_paragraph(store_url):
    at = run_page("profile", **SEED)
    score = open_store(store_url).scores(commune="Khánh Bình", year=2023, criteria_set="ntm-2021").iloc[0]
    paragraph = at.code[0].value
    assert write_summary(score) in paragraph
    assert paragraph.startswith("* Về xã nông thôn mới:")
    assert "16/19 tiêu chí, chiếm tỷ lệ 84,21%" in paragraph


def test_profile_in_english(store_url):
    at = run_page("profile", **SEED, **{state.LANG: "en"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Criteria met"] == "16/19 criteria · 84,21%"
    assert "Criteria met: 16/19 (84.21%)" in at.code[0].value


def test_profile_follows_the_filters(store_url):
    at = run_page("profile", **{**SEED, state.FILTER_YEAR: 2025})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tiêu chí đạt"] == "19/19 tiêu chí · 100%"
    at.selectbox(key=state.FILTER_SET).set_value("ntm-nc-2021")
    rerun(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tiêu chí đạt"] == "18/19 tiêu chí · 94,74%"  # advanced set, 2025


def test_profile_draws_the_communes_history(store_url):
    at = run_page("profile", **SEED)
    assert chart_titles(at) == ["Khánh Bình: kết quả qua các năm"]
    bars = [t for t in charts(at)[0]["data"] if t["type"] == "bar"]
    assert {t["name"] for t in bars} >= {"Tiêu chí đạt (ntm-2021)"}


def test_profile_report_download_is_the_communes_workbook(store_url, media):
    at = run_page("profile", **SEED)
    assert at.download_button(key=state.PROFILE_REPORT).proto.ignore_rerun  # clicking does not reset the page
    book = openpyxl.load_workbook(io.BytesIO(download_bytes(at, state.PROFILE_REPORT)))
    assert book.sheetnames == ["TomTat", "TieuChi", "ChiTieuChuaDat", "LichSu", "ThongTin"]
    assert "Khánh Bình, An Giang – 2023" in book["TomTat"]["A1"].value
    criteria = list(book["TieuChi"].iter_rows(values_only=True))
    assert len(criteria) == 1 + 19 and criteria[1][:3] == ("1", "Quy hoạch", "Chưa đạt")
    unmet = [row[1] for row in book["ChiTieuChuaDat"].iter_rows(min_row=2, values_only=True)]
    assert unmet == ["1.1", "1.2", "15.1", "17.2", "17.7", "17.11"]


def test_a_merged_communes_history_as_reported_and_on_todays_map(store_url):
    """Khánh Bình and Khánh An (An Phú) merged into Xã Khánh Bình (30341) on 1 July 2025."""
    at = run_page("profile", **SEED)
    assert at.toggle(key=state.HISTORY_TODAY).value is False
    assert "Đang xem **theo đơn vị khi báo cáo**" in texts(at)
    reported = frames(at)[2]
    assert set(reported["criteria_set"]) == {"ntm-2021", "ntm-nc-2021", "ntm-2026"}  # its own years only

    at.toggle(key=state.HISTORY_TODAY).set_value(True)
    at = rerun(at)
    page = texts(at)
    assert "Đang xem **theo bản đồ hành chính hiện nay**" in page
    assert "Xã Khánh Bình (mã 30341) theo bản đồ hành chính hiện nay" in page
    assert "Xã Khánh An, Xã Khánh Bình" in page and "chỉ so sánh tỷ lệ" in page
    table = frames(at)[2]
    units = table[table["unit"] != "Tổng hợp"]
    basic = units[units["criteria_set"] == "ntm-2021"]
    # Each predecessor keeps its own series, side by side, before the reorganisation.
    assert set(basic["unit"]) == {"Xã Khánh An [30340]", "Xã Khánh Bình [30343]"}
    assert sorted(basic["year"].unique()) == [2021, 2022, 2023, 2024, 2025]
    assert basic.set_index(["unit", "year"]).loc[("Xã Khánh Bình [30343]", 2023), "criteria"] == "16/19"
    combined = table[(table["unit"] == "Tổng hợp") & (table["criteria_set"] == "ntm-2021")].set_index("year")
    assert combined.loc[2025, "reached"] == "1/3 đơn vị" and combined.loc[2023, "criteria"] == ""
    after = table[table["year"] == 2026]
    assert set(after["unit"]) == {"Xã Khánh Bình [30341]", "Tổng hợp"}
    assert after["note"].str.contains("chỉ so sánh tỷ lệ").all()
    [figure] = [c for c in charts(at) if "bản đồ hành chính hiện nay" in c["layout"]["title"]["text"]]
    assert figure["layout"]["meta"]["set_breaks"] == [2026]
    names = [trace["name"] for trace in figure["data"]]
    assert "Xã Khánh An [30340]" in names and "Tổng hợp" in names
    # The view is remembered on the other pages.
    at = run_page("progress", at=at)
    assert at.toggle(key=state.HISTORY_TODAY).value is True


def test_a_commune_whose_name_did_not_resolve_says_so_and_shows_its_history_as_reported(store_url):
    from tests.helpers_workbooks import assessment_rows, template_book
    from ntm.catalog import load_catalog

    rows = assessment_rows(load_catalog().get("ntm-2021"), commune="Khanh Bnh", province="An Giang", year=2023)
    store = open_store(store_url)
    outcome = store.import_file(template_book(rows), "go-nham.xlsx", load_catalog())
    store.close()
    assert outcome.ok and "unknown-commune" in set(outcome.problems["code"])
    at = run_page("profile", **{**SEED, state.PROFILE_COMMUNE: "Khanh Bnh", state.HISTORY_TODAY: True})
    assert any("chưa khớp với đơn vị hành chính chính thức" in w.value for w in at.warning)
    assert frames(at)[-1]["year"].tolist() == [2023]  # the history as reported
