"""Support for the page tests (no tests here): a store of their own, running a page, reading downloads.

Every page test gets a fresh copy of a store that already holds the sample data (built once per
session), named by ``NTM_DATABASE_URL``, with Streamlit's caches cleared, so tests never share
state. ``run_page`` runs ``dashboard.py`` on one page with AppTest and fails on any exception
shown on the page; ``download_bytes`` returns the bytes a download button would give the user.

The store is a SQLite file. A test that reads or writes the store in a way the backends could
disagree on is marked ``@on_both_backends``: it runs once more on PostgreSQL (a throwaway server,
``tests/pg.py``; PostgreSQL 15 or later), on a database copied from a seeded template
(``CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY``, a tenth of a second), so the seeding is
paid once per session. Under CI a missing PostgreSQL fails those
tests instead of skipping them (``tests.store_fixtures.postgres_admin_url``).

Import the fixtures into a test module: ``from tests.test_pages_support import store_url, media``
(with ``seeded_store_dir`` and ``seeded_postgres``, which ``store_url`` uses).
"""

from __future__ import annotations

import itertools
import json
import os
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
from tests.store_fixtures import postgres_admin_url

ENTRY = str(ROOT / "dashboard.py")
TIMEOUT = 180  # seconds per run: the CI machine is loaded
PAGES = {
    "overview": "pages/overview.py", "profile": "pages/profile.py", "compare": "pages/compare.py",
    "progress": "pages/progress.py", "data": "pages/data.py", "upload": "pages/upload.py",
    "groups": "pages/groups.py", "method": "pages/method.py",
}


BACKENDS = ("sqlite", "postgresql")
on_both_backends = pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
"""Run the marked test on a SQLite store and again on a PostgreSQL one."""
_databases = itertools.count(1)


def _seed(url: str) -> None:
    """Import the sample data into the empty store at ``url``, as the dashboard does on first run."""
    store = open_store(url)
    try:
        store.load_samples_if_empty(SAMPLE_DIR, load_catalog())
    finally:
        store.close()


# Seeded stores, made once per test process. Each test module imports the session fixtures below,
# which makes each module's copy a fixture of its own: without this, every module would seed again.
_SEEDED: dict[str, object] = {}


@pytest.fixture(scope="session")
def seeded_store_dir(tmp_path_factory):
    """A folder holding a SQLite store with the sample data imported (as the dashboard does)."""
    if "sqlite" not in _SEEDED:
        folder = tmp_path_factory.mktemp("seeded-store")
        _seed(f"sqlite:///{folder / 'ntm.sqlite3'}")
        _SEEDED["sqlite"] = folder
    return _SEEDED["sqlite"]


def _postgres(admin_url: str, sql: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    libpq = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as connection:
        connection.execute(sql)


def _database_url(admin_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def seeded_postgres():
    """(admin URL, name) of a PostgreSQL database holding the sample data: the template of every
    PostgreSQL page test's database. Nothing may stay connected to it (``CREATE DATABASE`` refuses
    a template in use)."""
    made_here = "postgresql" not in _SEEDED
    if made_here:
        admin = postgres_admin_url()
        name = f"ntm_pages_seed_{os.getpid()}"
        _postgres(admin, f'DROP DATABASE IF EXISTS "{name}"')
        _postgres(admin, f'CREATE DATABASE "{name}"')
        _seed(_database_url(admin, name))
        _SEEDED["postgresql"] = (admin, name)
    yield _SEEDED["postgresql"]
    if made_here:
        admin, name = _SEEDED.pop("postgresql")
        _postgres(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store_url(request, tmp_path, monkeypatch):
    """The URL of this test's own store, holding the sample data; the dashboard will use it.

    SQLite unless the test is marked ``@on_both_backends``, which adds a PostgreSQL run.
    """
    if getattr(request, "param", "sqlite") == "sqlite":
        for file in request.getfixturevalue("seeded_store_dir").iterdir():
            shutil.copy(file, tmp_path / file.name)
        yield _use_store(monkeypatch, f"sqlite:///{tmp_path / 'ntm.sqlite3'}")
        st.cache_resource.clear()  # closes nothing, but drops the engine so the file can go
        return
    admin, template = request.getfixturevalue("seeded_postgres")
    name = f"ntm_pages_{os.getpid()}_{next(_databases)}"
    _postgres(admin, f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')  # 0.1 s
    yield _use_store(monkeypatch, _database_url(admin, name))
    st.cache_resource.clear()
    # The dashboard's cached engine and the test's own stores may still hold connections.
    _postgres(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
