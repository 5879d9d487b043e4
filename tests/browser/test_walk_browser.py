"""End to end in a real Chromium: a commune followed from upload to profile to comparison to export.

The walk a newcomer takes without reading code: drop a workbook on Tải lên, check the dry run,
save; open its report card on Hồ sơ xã; compare it with other communes on So sánh; download the
filtered table on Dữ liệu and open the file. Every step checks what the user sees and that no
exception box appears; screenshots go to test-artifacts/.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    NEW_COMMUNE,
    OVERVIEW,
    assert_no_exception,
    choose,
    go_to,
    main_widget,
    save_new_commune,
    snap,
    wait_for_app,
    wait_for_text,
)

pytestmark = pytest.mark.browser


def test_upload_profile_compare_export(page, app_url):
    # 1. Open the dashboard (the overview), go to Tải lên, drop the file (Tân Mỹ, Tỉnh Thử, 2025 on
    #    ntm-2021: everything met except 1.1 and 1.2, so criterion 1), read the dry run, save.
    page.goto(app_url)
    wait_for_app(page, OVERVIEW)
    save_new_commune(page, ("walk-1-upload-dry-run", "walk-2-upload-saved"), unmet=2)

    # 2. Hồ sơ xã: the new commune's report card.
    go_to(page, "Hồ sơ xã", "Hồ sơ xã")
    choose(page, main_widget(page, "stSelectbox", "Xã"), NEW_COMMUNE)
    wait_for_text(page, "18/19 tiêu chí · 94,74%")
    wait_for_text(page, "55/57 chỉ tiêu · 96,49%")
    wait_for_text(page, "1. Quy hoạch — Chưa đạt")
    code = page.locator('[data-testid="stCode"]').first
    assert "Số tiêu chí đạt: 18/19 tiêu chí, chiếm tỷ lệ 94,74%" in code.inner_text()
    assert_no_exception(page)
    snap(page, "walk-3-profile")

    # 3. So sánh: add the commune to the comparison.
    go_to(page, "So sánh", "So sánh các xã")
    choose(page, main_widget(page, "stMultiSelect", "Chọn 2–10 xã để so sánh"), NEW_COMMUNE)
    page.locator(".js-plotly-plot").filter(has_text=NEW_COMMUNE).first.wait_for(timeout=60_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=30_000)  # bars, heat map, radar
    wait_for_text(page, "ít có ý nghĩa")
    assert_no_exception(page)
    snap(page, "walk-4-compare")

    # 4. Dữ liệu: download what is filtered; the page stays as it was.
    go_to(page, "Dữ liệu", "Dữ liệu và xuất bảng")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Tải .xlsx").first.click()
    assert download.value.suggested_filename == "diem-ntm-2021-2025.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    mine = [dict(zip(header, r)) for r in rows[1:] if r[header.index("Xã")] == NEW_COMMUNE]
    assert len(mine) == 1 and mine[0]["Số tiêu chí đạt"] == 18 and mine[0]["Tỷ lệ tiêu chí đạt (%)"] == 94.74
    assert {r[header.index("Năm")] for r in rows[1:]} == {2025}  # exactly the filtered year
    assert "ThongTin" in book.sheetnames
    wait_for_app(page, "Dữ liệu và xuất bảng")  # no reset: still here, same tab
    assert_no_exception(page)

    page.get_by_role("tab", name="Kết quả từng chỉ tiêu").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Tải .csv").last.click()
    assert download.value.suggested_filename.endswith(".csv")
    text = download.value.path().read_bytes().decode("utf-8-sig")
    results = [r for r in csv.DictReader(io.StringIO(text)) if r["Xã"] == NEW_COMMUNE]
    assert len(results) == 57
    assert {r["Mã chỉ tiêu"]: r["Đánh giá"] for r in results}["1.1"] == "Chưa đạt"
    assert_no_exception(page)
    snap(page, "walk-5-export")
