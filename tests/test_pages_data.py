"""Dữ liệu: the filtered tables (scores and tidy results) follow the filters and the all-years toggle."""

from __future__ import annotations

import json

from ntm.store import open_store
from pages.ui import state
from tests.test_pages_support import frames, rerun, run_page, seeded_store_dir, store_url  # noqa: F401

BASE = {state.FILTER_SET: "ntm-2021", state.FILTER_YEAR: 2023}


def test_data_tables_show_exactly_the_filtered_rows(store_url):
    at = run_page("data", **BASE, **{state.FILTER_COMMUNES: ["Khánh Bình", "Mỹ Đức"]})
    scores, tidy = frames(at)[:2]
    assert sorted(scores["commune"]) == ["Khánh Bình", "Mỹ Đức"]
    assert len(tidy) == len(open_store(store_url).results(criteria_set="ntm-2021", year=2023,
                                                          commune=["Khánh Bình", "Mỹ Đức"]))
    khanh_binh = scores.set_index("commune").loc["Khánh Bình"]
    assert khanh_binh["criteria"] == "16/19" and khanh_binh["criteria_pct"] == 84.21
    assert set(tidy["status"]) <= {"🟢 Đạt", "🟡 Cơ bản đạt", "🔴 Chưa đạt", "⚪ Không áp dụng", "❔ Chưa có dữ liệu"}


def test_status_and_percentages_have_column_config(store_url):
    at = run_page("data", **BASE)
    scores = json.loads(at.dataframe[0].proto.columns)
    assert scores["criteria_pct"]["type_config"]["type"] == "progress"
    assert scores["indicators_pct"]["type_config"]["max_value"] == 100
    assert scores["criteria_pct"]["label"] == "Tỷ lệ tiêu chí (%)"
    results = json.loads(at.dataframe[1].proto.columns)
    assert results["status"]["label"] == "Đánh giá"
    assert frames(at)[1]["status"].str.match(r"^(🟢|🟡|🔴|⚪|❔) ").all()  # coloured icon, then the word


def test_every_year_toggle(store_url):
    at = run_page("data", **BASE, **{state.FILTER_COMMUNES: ["Khánh Bình"]})
    assert len(frames(at)[0]) == 1
    at.toggle(key=state.DATA_ALL_YEARS).set_value(True)
    rerun(at)
    assert frames(at)[0]["year"].tolist() == [2021, 2022, 2023, 2024, 2025]
