"""End to end in a real Chromium: a newcomer opens the dashboard and sees the sample data."""

from __future__ import annotations

import pytest

from tests.browser.conftest import OVERVIEW, assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser


def test_overview_shows_sample_communes_without_errors(page, app_url):
    page.goto(app_url)
    wait_for_app(page, OVERVIEW)
    assert_no_exception(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for(timeout=30_000)
    assert page.get_by_text("Số xã").first.is_visible()
