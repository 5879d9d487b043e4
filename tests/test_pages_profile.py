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
