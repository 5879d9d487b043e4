"""Two dashboard servers on one PostgreSQL, as a province runs them behind a reverse proxy.

Server B is opened first, so its cached reads (scores, upload history) are warm; a workbook is then
checked and saved through server A's upload page. A user of B — a new session, as after a reload or
a proxy sending them to another process — must see the new upload in the history and the new
commune on the overview, without an exception box. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import pg
from tests.browser.conftest import (
    NEW_COMMUNE,
    NEW_COMMUNE_FILE,
    OVERVIEW,
    UPLOAD,
    assert_no_exception,
    choose,
    go_to,
    open_page,
    save_new_commune,
    serve,
    sidebar_widget,
    snap,
    wait_for_app,
    wait_for_text,
)
from tests.store_fixtures import postgres_admin_url

pytestmark = pytest.mark.browser

# The overview opens on the first criteria set and the latest year the store holds: with the sample
# data that is ntm-2021 in 2025, every province — the place and year the new commune is uploaded for.
DEFAULT_SELECTION = "ntm-2021 · 2025 · mọi tỉnh"


@pytest.fixture
def two_servers(tmp_path):
    """Two ``streamlit run dashboard.py`` processes on their own ports, one new PostgreSQL store."""
    admin = postgres_admin_url()
    database_url = pg.create_database(admin)
    try:
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        with serve(tmp_path / "a", database_url) as url_a, serve(tmp_path / "b", database_url) as url_b:
            assert url_a != url_b
            yield url_a, url_b
    finally:
        pg.drop_database(admin, database_url)


def _newest_upload(page):
    """The upload history's selector: a new session shows the newest upload in it ("#7 — name.xlsx")."""
    return page.get_by_role("combobox", name="Chọn lần tải lên")


def _communes_shown(page) -> int:
    """The overview's headline number of communes."""
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Số xã").first
    return int(metric.locator('[data-testid="stMetricValue"]').inner_text().replace(".", ""))


def test_an_upload_through_one_server_is_seen_through_the_other(two_servers, browser):
    url_a, url_b = two_servers
    with open_page(browser, "two-servers-b") as page_b, open_page(browser, "two-servers-a") as page_a:
        # 1. Server B first: it loads the sample data into the empty store; its overview and upload
        #    history are read (and cached) before anything is uploaded.
        page_b.goto(url_b)
        wait_for_app(page_b, OVERVIEW)
        wait_for_text(page_b, DEFAULT_SELECTION)
        communes_before = _communes_shown(page_b)
        go_to(page_b, "Tải lên", UPLOAD)
        wait_for_text(page_b, "Lịch sử tải lên")
        expect(_newest_upload(page_b)).to_have_value(re.compile(r"^#\d+ — an-giang-"))
        assert_no_exception(page_b)
        snap(page_b, "two-servers-1-b-before")

        # 2. Server A: drop the workbook (Tân Mỹ, every indicator met), read the dry run, save.
        page_a.goto(url_a)
        wait_for_app(page_a, OVERVIEW)
        save_new_commune(page_a, ("two-servers-2-a-dry-run", "two-servers-3-a-saved"))

        # 3. Server B again, in a new session (a reload): the upload is the newest in the history ...
        page_b.reload()
        wait_for_app(page_b, UPLOAD)
        expect(_newest_upload(page_b)).to_have_value(re.compile(rf"^#\d+ — {re.escape(NEW_COMMUNE_FILE)}$"))
        assert_no_exception(page_b)
        snap(page_b, "two-servers-4-b-history")

        # ... and the commune is on the overview: one commune more, and it can be chosen.
        go_to(page_b, "Tổng quan", OVERVIEW)
        wait_for_text(page_b, DEFAULT_SELECTION)
        assert _communes_shown(page_b) == communes_before + 1
        choose(page_b, sidebar_widget(page_b, "stMultiSelect", "Xã"), NEW_COMMUNE)
        wait_for_text(page_b, f"{DEFAULT_SELECTION} · {NEW_COMMUNE}")
        assert _communes_shown(page_b) == 1
        assert_no_exception(page_b)
        snap(page_b, "two-servers-5-b-overview")
