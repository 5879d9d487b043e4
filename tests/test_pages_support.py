"""Support for the page tests (no tests here): a store of their own, running a page, reading downloads.

Every page test gets a fresh copy of a store that already holds the sample data (built once per
session), named by ``NTM_DATABASE_URL``, with Streamlit's caches cleared, so tests never share
state. ``run_page`` runs ``dashboard.py`` on one page with AppTest and fails on any exception
shown on the page; ``download_bytes`` returns the bytes a download button would give the user.

Import the fixtures into a test module: ``from tests.test_pages_support import store_url, media``.
"""

from __future__ import annotations

import json
import shutil

import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from ntm.catalog import load_catalog
from ntm.store import open_store
from tests.conftest import ROOT, SAMPLE_DIR

ENTRY = str(ROOT / "dashboard.py")
TIMEOUT = 180  # seconds per run: the CI machine is loaded
PAGES = {
    "overview": "pages/overview.py", "profile": "pages/profile.py", "compare": "pages/compare.py",
    "progress": "pages/progress.py", "data": "pages/data.py", "upload": "pages/upload.py",
    "method": "pages/method.py",
}


@pytest.fixture(scope="session")
def seeded_store_dir(tmp_path_factory):
    """A folder holding a SQLite store with the sample data imported (as the dashboard does)."""
    folder = tmp_path_factory.mktemp("seeded-store")
    store = open_store(f"sqlite:///{folder / 'ntm.sqlite3'}")
    store.load_samples_if_empty(SAMPLE_DIR, load_catalog())
    store.close()
    return folder


class _ServerPagesManager(PagesManager):
    """AppTest's pages manager, as on a running server: dashboard.py's st.navigation decides.

    AppTest starts every run as if no session had run ``st.navigation`` yet, so with a ``pages/``
    folder beside dashboard.py it would run page scripts on their own (Streamlit's old page-folder
    mode), and ``pages/ui/router.py`` would rerun every run, dropping button clicks.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


def _use_store(monkeypatch, url: str) -> str:
    monkeypatch.setattr(app_test_module, "PagesManager", _ServerPagesManager)
    monkeypatch.setenv("NTM_DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    return url


@pytest.fixture
def store_url(seeded_store_dir, tmp_path, monkeypatch):
    """The URL of this test's own store, holding the sample data; the dashboard will use it."""
    for file in seeded_store_dir.iterdir():
        shutil.copy(file, tmp_path / file.name)
    yield _use_store(monkeypatch, f"sqlite:///{tmp_path / 'ntm.sqlite3'}")
    st.cache_resource.clear()  # closes nothing, but drops the engine so the file can go


@pytest.fixture
def empty_store_url(store_url):
    """A store whose sample data was removed: it holds nothing and stays empty."""
    store = open_store(store_url)
    store.remove_samples()
    store.close()
    st.cache_data.clear()
    st.cache_resource.clear()
    return store_url


class _RecordingMediaFileManager(MediaFileManager):
    """AppTest's media file manager, remembered so a test can read what a download button holds."""

    latest: MediaFileManager | None = None

    def __init__(self, storage) -> None:
        super().__init__(storage)
        type(self).latest = self


@pytest.fixture
def media(monkeypatch):
    """Record AppTest's media file manager (use with ``download_bytes``)."""
    monkeypatch.setattr(app_test_module, "MediaFileManager", _RecordingMediaFileManager)
    return _RecordingMediaFileManager


def download_bytes(at: AppTest, key: str) -> bytes:
    """The bytes the download button ``key`` gives the user (building them as a click would)."""
    button = at.download_button(key=key)
    manager = _RecordingMediaFileManager.latest
    assert manager is not None, "use the `media` fixture"
    proto = button.proto
    url = manager.execute_deferred(proto.deferred_file_id) if proto.deferred_file_id else proto.url
    stored = manager.read_file(url.rsplit("/", 1)[-1].split(".", 1)[0])
    assert stored is not None, f"no file behind {key}"
    return stored.content


def assert_no_exception(at: AppTest) -> None:
    """No exception box on the page (never allow-listed)."""
    assert not at.exception, [e.value for e in at.exception]


def run_page(page: str, *, at: AppTest | None = None, **session_state) -> AppTest:
    """Run ``dashboard.py`` on ``page`` (a key of ``PAGES``) with ``session_state`` preset."""
    if at is None:
        at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    for key, value in session_state.items():
        at.session_state[key] = value
    at.switch_page(PAGES[page])
    at.run()
    assert_no_exception(at)
    return at


def rerun(at: AppTest) -> AppTest:
    """Run again after interacting with a widget; fail on any exception."""
    at.run()
    assert_no_exception(at)
    return at


def texts(at: AppTest) -> str:
    """Everything written on the page as markdown, captions, alerts and code, joined (for `in` checks)."""
    parts = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "code", "subheader", "title"):
        parts += [str(element.value) for element in getattr(at, kind)]
    return "\n".join(parts)


def frames(at: AppTest) -> list:
    """The pandas frames shown by ``st.dataframe`` on the page, in order."""
    return [element.value for element in at.dataframe]


def charts(at: AppTest) -> list[dict]:
    """The Plotly figures on the page, as their JSON specs (``{"data": [...], "layout": {...}}``)."""
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def chart_titles(at: AppTest) -> list[str]:
    """The titles of the Plotly figures on the page."""
    return [spec["layout"].get("title", {}).get("text", "") for spec in charts(at)]
