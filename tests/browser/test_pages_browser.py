"""Every page renders in a real Chromium without an exception, in Vietnamese and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OVERVIEW, assert_no_exception, open_page, serve, snap, wait_for_app

pytestmark = pytest.mark.browser

PAGES = [
    ("", OVERVIEW, 4),  # the default page is served at the root URL
    ("profile", "Hồ sơ xã", 1),
    ("compare", "So sánh các xã", 3),
    ("progress", "Tiến độ qua các năm", 4),
    ("data", "Dữ liệu và xuất bảng", 0),
    ("upload", "Tải lên dữ liệu đánh giá", 0),
    ("groups", "Nhóm xã (bộ tiêu chí 2026–2030)", 0),
    ("method", "Phương pháp và bộ tiêu chí", 0),
]


@pytest.mark.parametrize(("url_path", "heading", "charts"), PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_page_renders(page, app_url, url_path, heading, charts):
    page.goto(f"{app_url}/{url_path}")
    wait_for_app(page, heading)
    if charts:
        page.locator(".js-plotly-plot").nth(charts - 1).wait_for(timeout=60_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=30_000)
    assert_no_exception(page)
    snap(page, f"page-{url_path or 'overview'}")


def test_english_switch_in_the_browser(page, app_url):
    page.goto(app_url)
    wait_for_app(page, OVERVIEW)
    page.get_by_text("English", exact=True).click()
    wait_for_app(page, "New Rural Development overview")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Method").click()
    wait_for_app(page, "Method and criteria sets")  # the language is kept across pages
    assert_no_exception(page)
    snap(page, "page-method-english")


def test_a_deep_link_is_routed_in_the_first_session_after_a_start(browser, tmp_path, request):
    # Until some session has run st.navigation, Streamlit reads pages/ as an old-style page folder;
    # pages/ui/router.py brings the first session back to dashboard.py's menu.
    with serve(tmp_path) as url, open_page(browser, request.node.name) as page:
        page.goto(f"{url}/data")
        wait_for_app(page, "Dữ liệu và xuất bảng")
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav.get_by_role("link", name="Hồ sơ xã")).to_be_visible()
        expect(nav.get_by_role("link", name="data")).to_have_count(0)  # no menu of file names
        expect(page.get_by_text("Page not found")).to_have_count(0)
        assert_no_exception(page)
        snap(page, "page-first-deep-link")
