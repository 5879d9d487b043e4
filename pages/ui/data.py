"""Cached calls into ``ntm``: the store, the catalog, store reads, scoring and dry runs.

Caching lives here, in the shell; ``ntm`` knows nothing of Streamlit. The store connection and the
catalog are resources (one per store URL, shared by every session); reads are data cached per
store URL and cleared by ``clear_store_reads`` after anything is written, so every page shows the
new data. A dry run of an uploaded file is cached on the file's bytes, per session.

Reads also expire after ``READ_TTL``, so writes made elsewhere (the CLI, another server on the same
PostgreSQL) show up within minutes.

The store is the one ``NTM_DATABASE_URL`` names (``ntm.store.settings``); on first opening an
empty store the sample workbooks are imported, marked as sample, so a newcomer sees a populated
dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from ntm.catalog import Catalog, load_catalog
from ntm.errors import NtmError
from ntm.loaders import load_workbook
from ntm.scoring import criterion_results, indicator_gaps, score_assessments, year_over_year
from ntm.store import Store, database_url, open_store
from pages.ui.i18n import lang

SAMPLE_DIR = Path(__file__).resolve().parent.parent.parent / "sample_data"
READ_TTL = "5m"  # cached store reads are dropped after this, for writes made outside this server


def store_url() -> str:
    """The URL of the store this process uses (``NTM_DATABASE_URL`` or the default SQLite file)."""
    return database_url().render_as_string(hide_password=False)


@st.cache_resource(show_spinner=False)
def _base_catalog() -> Catalog:
    """The criteria sets shipped with the product."""
    return load_catalog()


@st.cache_resource(show_spinner="Đang mở kho dữ liệu… / Opening the store…")
def _open_store(url: str) -> Store:
    """The store at ``url``, with the sample data imported if it has never held anything."""
    store = open_store(url)
    store.load_samples_if_empty(SAMPLE_DIR, store.catalog(_base_catalog()))
    return store


@st.cache_resource(show_spinner=False)
def _catalog(url: str) -> Catalog:
    """The shipped sets plus the sets users saved in the store at ``url`` (never mutated)."""
    return _open_store(url).catalog(_base_catalog())


def _or_stop(call):
    """``call()``; a ``NtmError`` (e.g. an unreachable database) is shown and stops the page."""
    try:
        return call()
    except NtmError as error:
        st.error(error.message(lang()))
        st.stop()


def get_store() -> Store:
    """The store (opened once per URL and process)."""
    return _or_stop(lambda: _open_store(store_url()))


def get_catalog() -> Catalog:
    """The criteria sets: shipped ones and the user's own."""
    return _or_stop(lambda: _catalog(store_url()))


# -- store reads (cleared after every write) ---------------------------------------------------
@st.cache_data(show_spinner=False, ttl=READ_TTL)
def _scores(url: str) -> pd.DataFrame:
    return _open_store(url).scores()


@st.cache_data(show_spinner=False, ttl=READ_TTL)
def _results(url: str, filters: tuple) -> pd.DataFrame:
    return _open_store(url).results(**dict(filters))


@st.cache_data(show_spinner=False, ttl=READ_TTL)
def _uploads(url: str) -> pd.DataFrame:
    return _open_store(url).uploads()


@st.cache_data(show_spinner=False, ttl=READ_TTL)
def _criteria(url: str, filters: tuple) -> pd.DataFrame:
    return criterion_results(_results(url, filters), _catalog(url))


@st.cache_data(show_spinner=False, ttl=READ_TTL)
def _gaps(url: str, filters: tuple) -> pd.DataFrame:
    return indicator_gaps(_results(url, filters), _catalog(url))


@st.cache_data(show_spinner=False, ttl=READ_TTL)
def _progress(url: str, filters: tuple) -> pd.DataFrame:
    scores = _scores_matching(_scores(url), dict(filters))
    return year_over_year(scores, _criteria(url, filters), _catalog(url))


def _scores_matching(scores: pd.DataFrame, filters: dict) -> pd.DataFrame:
    keep = pd.Series(True, index=scores.index)
    for column, value in filters.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        keep &= scores[column].isin(values)
    return scores[keep.to_numpy()]


def _key(filters: dict) -> tuple:
    """A hashable, order-independent form of store filters (lists become tuples)."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.items()))


def all_scores() -> pd.DataFrame:
    """Every current assessment's scores (``Store.scores``)."""
    get_store()
    return _or_stop(lambda: _scores(store_url()))


def results(**filters) -> pd.DataFrame:
    """The tidy results frame of current assessments matching ``filters`` (``Store.results``)."""
    get_store()
    return _or_stop(lambda: _results(store_url(), _key(filters)))


def criteria(**filters) -> pd.DataFrame:
    """``criterion_results`` of the results matching ``filters``."""
    get_store()
    return _or_stop(lambda: _criteria(store_url(), _key(filters)))


def gaps(**filters) -> pd.DataFrame:
    """``indicator_gaps`` of the results matching ``filters``."""
    get_store()
    return _or_stop(lambda: _gaps(store_url(), _key(filters)))


def progress(**filters) -> pd.DataFrame:
    """``year_over_year`` of the assessments matching ``filters`` (every year they have)."""
    get_store()
    return _or_stop(lambda: _progress(store_url(), _key(filters)))


def uploads() -> pd.DataFrame:
    """The upload history, newest first (``Store.uploads``)."""
    get_store()
    return _or_stop(lambda: _uploads(store_url()))


def clear_store_reads() -> None:
    """Forget every cached read, after the store changed (a save, a delete, an undo)."""
    for cached in (_scores, _results, _uploads, _criteria, _gaps, _progress):
        cached.clear()
    _catalog.clear()


# -- dry runs of uploaded files ----------------------------------------------------------------
@dataclass(frozen=True)
class DryRun:
    """What a workbook would bring, before anything is saved.

    Attributes:
        file_name: the uploaded file's name.
        results: the tidy results read from it.
        problems: the problems table (errors block saving; warnings do not).
        scores: one row per commune-year found (empty when it cannot be scored).
        layout: the layout the file was read as ("" when it could not be read at all).
        accounting_vi, accounting_en: "57 dòng đã đọc, 56 dòng dùng được, 1 lỗi".
        error_vi, error_en: why the file could not be read at all ("" otherwise).
    """

    file_name: str
    results: pd.DataFrame
    problems: pd.DataFrame
    scores: pd.DataFrame
    layout: str = ""
    accounting_vi: str = ""
    accounting_en: str = ""
    error_vi: str = ""
    error_en: str = ""

    @property
    def errors(self) -> int:
        return int((self.problems["severity"] == "error").sum()) if len(self.problems) else 0

    @property
    def warnings(self) -> int:
        return int((self.problems["severity"] == "warning").sum()) if len(self.problems) else 0

    @property
    def can_save(self) -> bool:
        """True when saving would store something: readable, no errors, some results."""
        return not self.error_vi and self.errors == 0 and not self.results.empty


@st.cache_data(show_spinner=False, scope="session", max_entries=50)
def _dry_run(content: bytes, file_name: str, url: str) -> DryRun:
    from ntm.schema import problems_frame, results_frame

    catalog = _catalog(url)
    try:
        loaded = load_workbook(content, catalog, file_name=file_name)
    except NtmError as error:
        return DryRun(file_name, results_frame(), problems_frame(), pd.DataFrame(),
                      error_vi=error.message_vi, error_en=error.message_en)
    try:
        scores = score_assessments(loaded.results, catalog) if not loaded.results.empty else pd.DataFrame()
    except NtmError as error:
        return DryRun(file_name, loaded.results, loaded.problems, pd.DataFrame(), str(loaded.layout),
                      loaded.accounting("vi"), loaded.accounting("en"), error.message_vi, error.message_en)
    return DryRun(file_name, loaded.results, loaded.problems, scores, str(loaded.layout),
                  loaded.accounting("vi"), loaded.accounting("en"))


def dry_run(content: bytes, file_name: str) -> DryRun:
    """Read and score an uploaded workbook without saving it (cached on its bytes, per session)."""
    get_store()
    return _dry_run(content, file_name, store_url())
