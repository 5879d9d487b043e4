"""Real-browser fixtures: a ``streamlit run dashboard.py`` on a free localhost port, and Debian's
Chromium driven by Playwright. In CI a missing browser is a failure, never a skip.
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

from tests.conftest import ROOT

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
