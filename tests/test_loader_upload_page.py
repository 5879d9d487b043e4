"""The dashboard's upload reads the real layouts too: an official form and a summary dropped on the
upload page are read in their layout and previewed with exact scores (page helpers from the page
tests; the upload page is not changed by the loader)."""

from __future__ import annotations

import pandas as pd

from tests.helpers_layouts import assessment, form_sheet, summary_sheet, write_xlsx
from tests.test_pages_support import (  # noqa: F401
    frames,
    rerun,
    run_page,
    seeded_store_dir,
    store_url,
    texts,
)
from tests.test_pages_upload import UPLOADER, XLSX

WHERE = {"commune": "Tân Mỹ", "year": 2024, "district": "Một", "province": "Tỉnh Thử"}


def _drop(file: tuple[str, bytes, str]):
    at = run_page("upload")
    at.file_uploader(key=UPLOADER).set_value([file])
    return rerun(at)


def _preview(at) -> pd.Series:
    preview = frames(at)[0]
    return preview.iloc[0]


def test_an_official_form_is_previewed_with_its_scores(store_url, catalog):
    results = assessment(catalog, unmet=("17.2", "17.7"))
    data = write_xlsx([form_sheet("2024", catalog.get("ntm-2021"), results, **WHERE)])
    at = _drop(("bieu-mau-tan-my.xlsx", data, XLSX))
    assert "Đọc theo dạng: **biểu mẫu tự đánh giá của xã**" in texts(at)
    assert "Tệp hợp lệ, sẵn sàng lưu" in texts(at)
    row = _preview(at)
    assert row[["commune", "criteria", "indicators"]].tolist() == ["Tân Mỹ", "18/19", "55/57"]


def test_a_summary_is_previewed_with_criterion_counts(store_url, catalog):
    statuses = pd.DataFrame([{"district": "Một", "commune": "Tân Mỹ", "criterion": str(c),
                              "status": "not_met" if c == 13 else "met"} for c in range(1, 20)])
    sheet = summary_sheet("TH", statuses, [str(c) for c in range(1, 20)], year=2024, district="Một",
                          province="Tỉnh Thử")
    at = _drop(("tong-hop.xlsx", write_xlsx([sheet]), XLSX))
    assert "Đọc theo dạng: **bảng tổng hợp nhiều xã**" in texts(at)
    assert _preview(at)[["commune", "criteria"]].tolist() == ["Tân Mỹ", "18/19"]
