"""Real-browser fixtures: a ``streamlit run dashboard.py`` on a free localhost port, and Debian's
Chromium driven by Playwright; and the steps the browser tests share (waiting for the app, choosing
in a widget, uploading a new commune). In CI a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ntm.catalog import load_catalog
from ntm.export import XLSX_MIME
from tests.conftest import ROOT
from tests.helpers_workbooks import assessment_rows, template_book

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Debian's), shared by the session."""
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: .ci/run must install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def serve(folder: Path, database_url: str | None = None):
    """``streamlit run dashboard.py`` on a free port; yields its URL.

    Args:
        folder: where its log (``streamlit.log``) and, by default, its store (an empty SQLite file) go.
        database_url: the store to use instead (``NTM_DATABASE_URL``), e.g. a PostgreSQL database
            several servers share.
    """
    port = _free_port()
    env = {**os.environ, "NTM_DATABASE_URL": database_url or f"sqlite:///{folder / 'ntm.sqlite3'}"}
    log = (folder / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
         "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
         "--server.runOnSave", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"streamlit did not start; see {log.name}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The dashboard served by a real ``streamlit run`` on a free port, with an empty store of its own."""
    with serve(tmp_path_factory.mktemp("store")) as url:
        yield url


@contextlib.contextmanager
def open_page(browser, name: str):
    """A fresh page in a browser context of its own (a user of its own: own cookies, own session);
    a screenshot of it is kept in test-artifacts/``name``.png afterwards."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    try:
        yield page
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; a screenshot of it is kept in test-artifacts/ after the test."""
    with open_page(browser, request.node.name) as page:
        yield page


def wait_for_app(page, heading: str) -> None:
    """Wait until the page shows ``heading`` and Streamlit has finished running the script."""
    page.get_by_role("heading", name=heading).wait_for(timeout=90_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_timeout(300)


def assert_no_exception(page) -> None:
    """No Streamlit exception box is shown."""
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()


def wait_for_tables(page, timeout: int = 30_000) -> None:
    """Wait until every visible table (st.dataframe, drawn on a canvas after the script ends) is drawn."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"]')].filter(e => "
        "e.checkVisibility() && e.getBoundingClientRect().height > 0).every(e => e.querySelector('canvas') "
        "&& e.getBoundingClientRect().width > 100)", timeout=timeout)
    page.wait_for_timeout(300)


def snap(page, name: str) -> None:
    """A screenshot of the whole page in test-artifacts/``name``.png.

    Streamlit scrolls inside its main section, so a "full page" screenshot would stop at the
    window: the window is made as tall as the content for the shot, then put back.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    wait_for_tables(page)
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], "
        "[data-testid=\"stSidebarContent\"]')].map(e => e.scrollHeight), window.innerHeight)")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


def wait_for_text(page, text: str, timeout: int = 60_000) -> None:
    """Wait until ``text`` is shown somewhere on the page (hidden copies, e.g. a table's
    accessibility grid, do not count)."""
    page.get_by_text(text, exact=False).filter(visible=True).first.wait_for(timeout=timeout)


def go_to(page, title: str, heading: str) -> None:
    """Follow the sidebar link ``title`` (the session, and its filters, are kept) to the page ``heading``."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    wait_for_app(page, heading)


def main_widget(page, testid: str, label: str):
    """The widget of type ``testid`` ("stSelectbox", "stMultiSelect") labelled ``label`` in the main area."""
    return page.locator(f'[data-testid="stMain"] [data-testid="{testid}"]').filter(
        has=page.get_by_text(label, exact=True)).first


def sidebar_widget(page, testid: str, label: str):
    """The widget of type ``testid`` labelled ``label`` in the sidebar (the shared filters)."""
    return page.locator(f'[data-testid="stSidebar"] [data-testid="{testid}"]').filter(
        has=page.get_by_text(label, exact=True)).first


def choose(page, widget, option: str) -> None:
    """Pick ``option`` in a selectbox or multiselect by typing it, as a user would."""
    widget.locator("input").first.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


OVERVIEW = "Tổng quan nông thôn mới"
"""The overview's heading: what the dashboard opens on."""
UPLOAD = "Tải lên dữ liệu đánh giá"
"""The upload page's heading."""
NEW_COMMUNE = "Tân Mỹ"
"""A commune (of "Tỉnh Thử") that no sample holds: the one the walks upload, for 2025 on ntm-2021."""
NEW_COMMUNE_FILE = "tan-my-2025.xlsx"


def new_commune_workbook(unmet: int = 0) -> bytes:
    """The template workbook of ``NEW_COMMUNE`` in 2025 on ntm-2021 (57 rows): every indicator met
    but the first ``unmet`` (1.1, 1.2, …), which are "Chưa đạt"."""
    rows = assessment_rows(load_catalog().get("ntm-2021"), commune=NEW_COMMUNE, province="Tỉnh Thử",
                           year=2025)
    for row in rows[:unmet]:
        row[10] = "Chưa đạt"
    return template_book(rows)


def save_new_commune(page, shots: tuple[str, str], unmet: int = 0) -> None:
    """From any page: go to Tải lên, drop ``new_commune_workbook(unmet)``, check its dry run (valid,
    every row used), save it and see it imported, with no exception box on the way.

    Args:
        page: a Playwright page showing the dashboard.
        shots: names of the screenshots taken after the dry run and after saving.
        unmet: how many indicators the commune has not met.
    """
    go_to(page, "Tải lên", UPLOAD)
    wait_for_text(page, "Tệp được chấp nhận")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": NEW_COMMUNE_FILE, "mimeType": XLSX_MIME, "buffer": new_commune_workbook(unmet)}])
    wait_for_text(page, "Tệp hợp lệ, sẵn sàng lưu")
    wait_for_text(page, "57 dòng đã đọc, 57 dòng dùng được, 0 lỗi")
    assert_no_exception(page)
    snap(page, shots[0])
    page.get_by_role("button", name="Lưu vào kho dữ liệu").click()
    wait_for_text(page, f"{NEW_COMMUNE_FILE}: đã nhập")
    assert_no_exception(page)
    snap(page, shots[1])
