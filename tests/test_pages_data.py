"""Dữ liệu: the filtered tables (scores and tidy results) follow the filters and the all-years toggle."""

from __future__ import annotations

import csv
import io
import json

import openpyxl

from ntm.palette import STATUS_COLORS
from ntm.store import open_store
from pages.ui import state
from tests.test_pages_support import (  # noqa: F401
    download_bytes,
    frames,
    media,
    on_both_backends,
    rerun,
    run_page,
    seeded_postgres,
    seeded_store_dir,
    store_url,
)

BASE = {state.FILTER_SET: "ntm-2021", state.FILTER_YEAR: 2023}


@on_both_backends
def test_data_tables_show_exactly_the_filtered_rows(store_url):
    at = run_page("data", **BASE, **{state.FILTER_COMMUNES: ["Khánh Bình", "Mỹ Đức"]})
    scores, tidy = frames(at)[:2]
    assert sorted(scores["commune"]) == ["Khánh Bình", "Mỹ Đức"]
    assert len(tidy) == len(open_store(store_url).results(criteria_set="ntm-2021", year=2023,
                                                          commune=["Khánh Bình", "Mỹ Đức"]))
    khanh_binh = scores.set_index("commune").loc["Khánh Bình"]
    assert khanh_binh["criteria"] == "16/19" and khanh_binh["criteria_pct"] == 84.21
    assert set(tidy["status"]) <= {"✓ Đạt", "~ Cơ bản đạt", "✗ Chưa đạt", "– Không áp dụng",
                                   "? Chưa có dữ liệu"}


def test_status_and_percentages_have_column_config(store_url):
    at = run_page("data", **BASE)
    scores = json.loads(at.dataframe[0].proto.columns)
    assert scores["criteria_pct"]["type_config"]["type"] == "progress"
    assert scores["indicators_pct"]["type_config"]["max_value"] == 100
    assert scores["criteria_pct"]["label"] == "Tỷ lệ tiêu chí (%)"
    results = json.loads(at.dataframe[1].proto.columns)
    assert results["status"]["label"] == "Đánh giá"
    assert frames(at)[1]["status"].str.match(r"^(✓|~|✗|–|\?) ").all()  # a mark, then the word
    styles = at.dataframe[1].proto.arrow_data.styler.styles
    assert f"background-color: {STATUS_COLORS['met']}" in styles  # met cells are green


def test_every_year_toggle(store_url):
    at = run_page("data", **BASE, **{state.FILTER_COMMUNES: ["Khánh Bình"]})
    assert len(frames(at)[0]) == 1
    at.toggle(key=state.DATA_ALL_YEARS).set_value(True)
    rerun(at)
    assert frames(at)[0]["year"].tolist() == [2021, 2022, 2023, 2024, 2025]


TWO = {**BASE, state.FILTER_COMMUNES: ["Khánh Bình", "Mỹ Đức"]}


def _sheet(content: bytes, name: str | None = None) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return list((book[name] if name else book.worksheets[0]).iter_rows(values_only=True))


@on_both_backends
def test_results_xlsx_holds_exactly_the_filtered_rows(store_url, media):
    at = run_page("data", **TWO)
    rows = _sheet(download_bytes(at, state.DATA_RESULTS_XLSX))
    header, body = rows[0], rows[1:]
    expected = open_store(store_url).results(criteria_set="ntm-2021", year=2023,
                                             commune=["Khánh Bình", "Mỹ Đức"])
    assert len(body) == len(expected) == len(frames(at)[1])
    column = {name: i for i, name in enumerate(header)}
    assert {r[column["Xã"]] for r in body} == {"Khánh Bình", "Mỹ Đức"}
    assert {r[column["Năm"]] for r in body} == {2023}
    khanh_binh = {r[column["Mã chỉ tiêu"]]: r[column["Đánh giá"]]
                  for r in body if r[column["Xã"]] == "Khánh Bình"}
    assert khanh_binh["1.1"] == "Chưa đạt" and khanh_binh["2.1"] == "Đạt"
    assert khanh_binh["17.10"] == "Đạt"  # codes stay text: 17.10 is not 17.1
    # Beside the commune as reported, its official unit before and after 1 July 2025.
    units = {(r[column["Xã"]], r[column["Xã hiện nay"]], r[column["Mã xã hiện nay"]]) for r in body}
    assert ("Khánh Bình", "Xã Khánh Bình", "30341") in units
    info = dict(_sheet(download_bytes(at, state.DATA_RESULTS_XLSX), "ThongTin")[1:])
    assert info["Bộ lọc – Xã"] == "Khánh Bình; Mỹ Đức" and info["Số dòng"] == len(body)
    assert "318/QĐ-TTg" in info["Căn cứ pháp lý"]


def test_results_csv_holds_the_same_rows(store_url, media):
    at = run_page("data", **TWO)
    content = download_bytes(at, state.DATA_RESULTS_CSV)
    assert content.startswith("\ufeff".encode())  # Excel reads the Vietnamese right
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == len(frames(at)[1])
    first = next(r for r in rows if r["Xã"] == "Khánh Bình" and r["Mã chỉ tiêu"] == "1.1")
    assert first["Đánh giá"] == "Chưa đạt" and first["Năm"] == "2023"


def test_scores_downloads_hold_one_row_per_commune_year(store_url, media):
    at = run_page("data", **TWO)
    rows = _sheet(download_bytes(at, state.DATA_SCORES_XLSX))
    header = rows[0]
    body = {r[header.index("Xã")]: dict(zip(header, r)) for r in rows[1:]}
    assert sorted(body) == ["Khánh Bình", "Mỹ Đức"]
    assert body["Khánh Bình"]["Số tiêu chí đạt"] == 16
    assert body["Khánh Bình"]["Tỷ lệ tiêu chí đạt (%)"] == 84.21
    assert body["Khánh Bình"]["Tiêu chí chưa đạt"] == "1; 15; 17"
    assert (body["Khánh Bình"]["Xã trước 1/7/2025"], body["Khánh Bình"]["Xã hiện nay"]) == (
        "Xã Khánh Bình", "Xã Khánh Bình")
    table = list(csv.DictReader(io.StringIO(download_bytes(at, state.DATA_SCORES_CSV).decode("utf-8-sig"))))
    assert {r["Xã"] for r in table} == {"Khánh Bình", "Mỹ Đức"}


def test_downloads_do_not_rerun_the_page_and_follow_the_toggle(store_url, media):
    at = run_page("data", **TWO)
    keys = (state.DATA_RESULTS_XLSX, state.DATA_RESULTS_CSV, state.DATA_SCORES_XLSX, state.DATA_SCORES_CSV)
    for key in keys:
        button = at.download_button(key=key)
        assert button.proto.ignore_rerun and button.proto.deferred_file_id  # built lazily, on click
    at.toggle(key=state.DATA_ALL_YEARS).set_value(True)
    rerun(at)
    rows = _sheet(download_bytes(at, state.DATA_SCORES_XLSX))
    assert sorted({r[rows[0].index("Năm")] for r in rows[1:]}) == [2021, 2022, 2023, 2024, 2025]
