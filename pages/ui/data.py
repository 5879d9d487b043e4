"""Cached calls into ``ntm``: the store, the catalog, store reads, scoring and dry runs.

Caching lives here, in the shell; ``ntm`` knows nothing of Streamlit. The store connection is a
resource (one per store URL, shared by every session). Everything read from the store, and
everything computed from it, is cached on the store's URL **and its revision**
(``Store.revision``: a counter every write moves, one cheap query): once another process (the
CLI, a second server on the same PostgreSQL) has written, the next run asks for a revision no
cache entry has, so a stale hit is impossible. ``clear_store_reads`` also drops everything after
this process's own writes, to free memory at once.

The official units (``unit_registry``: the dataset with the store's lineage corrections) and the
history on today's map (``todays_map``) are cached the same way.

Frames shared between sessions (``all_scores``, ``set_criteria``, ``set_results``, ``todays_map``
and what ``remembered`` returns) are not copied on each use: callers select from them and never change
them in place. ``results``, ``criteria``, ``gaps``, ``progress`` and ``uploads`` return a copy.

The store is the one ``NTM_DATABASE_URL`` names (``ntm.store.settings``); on first opening an
empty store the sample workbooks are imported, marked as sample, so a newcomer sees a populated
dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from ntm.catalog import Catalog, load_catalog
from ntm.errors import NtmError
from ntm.loaders import load_workbook
from ntm.schema import WARNING, problem_count
from ntm.scoring import commune_keys, criterion_results, indicator_gaps, score_assessments, year_over_year
from ntm.store import Store, database_url, open_store
from ntm.units.history import history_on_todays_map
from ntm.units.registry import Registry
from ntm.units.uploads import merge_problems, upload_units
from pages.ui import state
from pages.ui.i18n import lang

SAMPLE_DIR = Path(__file__).resolve().parent.parent.parent / "sample_data"
# The columns the set-wide criterion statuses are computed from (what ``criterion_results`` reads).
SET_RESULT_COLUMNS = ("criterion", "indicator", "status")
T = TypeVar("T")


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


def _or_stop(call: Callable[[], T]) -> T:
    """``call()``; a ``NtmError`` (e.g. an unreachable database) is shown and stops the page."""
    try:
        return call()
    except NtmError as error:
        st.error(error.message(lang()))
        st.stop()


def get_store() -> Store:
    """The store (opened once per URL and process)."""
    return _or_stop(lambda: _open_store(store_url()))


def _read_snapshot() -> tuple[str, int]:
    """The store's URL and its revision now (one query)."""
    url = store_url()
    return url, _or_stop(lambda: _open_store(url).revision())


def begin_run() -> None:
    """Read the store's revision once for this script run; the router calls it first.

    A page makes some twenty cached reads per run, each keyed on the revision: one query per
    run instead of one per read. Nothing is remembered when the store cannot be opened, so the
    page's first read shows why, as it would without this.
    """
    try:
        url = store_url()
        st.session_state[state.STORE_SNAPSHOT] = (url, _open_store(url).revision())
    except NtmError:
        st.session_state[state.STORE_SNAPSHOT] = None


def _snapshot() -> tuple[str, int]:
    """The store's URL and revision as read at the start of this run (``begin_run``), or now
    when the run did not start through the router: the key of every cached read."""
    snapshot = st.session_state.get(state.STORE_SNAPSHOT)
    return snapshot if snapshot is not None and snapshot[0] == store_url() else _read_snapshot()


# -- the catalog and store reads, cached per store revision -----------------------------------
@st.cache_resource(show_spinner=False, max_entries=4)
def _catalog(url: str, revision: int) -> Catalog:
    """The shipped sets plus the sets users saved in the store (never mutated)."""
    return _open_store(url).catalog(_base_catalog())


@st.cache_resource(show_spinner=False, max_entries=2)
def _scores(url: str, revision: int) -> pd.DataFrame:
    return _open_store(url).scores()


@st.cache_resource(show_spinner=False, max_entries=2)
def _unit_registry(url: str, revision: int) -> Registry:
    """The store's units: the dataset with the lineage corrections in force (never mutated)."""
    return _open_store(url).unit_registry()


@st.cache_resource(show_spinner="Đang xếp lịch sử theo bản đồ hiện nay… / Placing history on today's map…",
                   max_entries=2)
def _todays_map(url: str, revision: int) -> pd.DataFrame:
    return history_on_todays_map(_scores(url, revision), _unit_registry(url, revision), _catalog(url, revision))


@st.cache_resource(show_spinner=False, max_entries=2)
def _commune_keys(url: str, revision: int) -> pd.Series:
    return commune_keys(_scores(url, revision))


@st.cache_resource(show_spinner=False, max_entries=4)
def _set_results(url: str, revision: int, criteria_set: str) -> pd.DataFrame:
    return _open_store(url).results(criteria_set=criteria_set, columns=SET_RESULT_COLUMNS)


@st.cache_resource(show_spinner=False, max_entries=4)
def _set_criteria(url: str, revision: int, criteria_set: str) -> pd.DataFrame:
    return criterion_results(_set_results(url, revision, criteria_set), _catalog(url, revision))


@st.cache_data(show_spinner=False, max_entries=32)
def _results(url: str, revision: int, filters: tuple) -> pd.DataFrame:
    return _open_store(url).results(**dict(filters))


@st.cache_data(show_spinner=False, max_entries=4)
def _uploads(url: str, revision: int) -> pd.DataFrame:
    return _open_store(url).uploads()


@st.cache_data(show_spinner=False, max_entries=32)
def _criteria(url: str, revision: int, filters: tuple) -> pd.DataFrame:
    return criterion_results(_results(url, revision, filters), _catalog(url, revision))


@st.cache_data(show_spinner=False, max_entries=32)
def _gaps(url: str, revision: int, filters: tuple) -> pd.DataFrame:
    return indicator_gaps(_results(url, revision, filters), _catalog(url, revision))


@st.cache_data(show_spinner=False, max_entries=32)
def _progress(url: str, revision: int, filters: tuple) -> pd.DataFrame:
    scores = _scores_matching(_scores(url, revision), dict(filters))
    return year_over_year(scores, _criteria(url, revision, filters), _catalog(url, revision))


@st.cache_resource(show_spinner=False, max_entries=256)
def _remembered(url: str, revision: int, kind: str, key: tuple, lang_code: str, _compute: Callable):
    return _compute()


def _scores_matching(scores: pd.DataFrame, filters: dict) -> pd.DataFrame:
    keep = pd.Series(True, index=scores.index)
    for column, value in filters.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        keep &= scores[column].isin(values)
    return scores[keep.to_numpy()]


def _key(filters: dict) -> tuple:
    """A hashable, order-independent form of store filters (lists become tuples)."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.items()))


def get_catalog() -> Catalog:
    """The criteria sets: shipped ones and the user's own."""
    return _or_stop(lambda: _catalog(*_snapshot()))


def all_scores() -> pd.DataFrame:
    """Every current assessment's scores (``Store.scores``); shared: select, never change in place."""
    return _or_stop(lambda: _scores(*_snapshot()))


def unit_registry() -> Registry:
    """The official units and lineage the store uses (its corrections applied)."""
    return _or_stop(lambda: _unit_registry(*_snapshot()))


def todays_map() -> pd.DataFrame:
    """``history_on_todays_map`` of every current assessment (every year and set), computed once
    per store revision; pages select their today's units (``today_code``). Shared: never change it."""
    return _or_stop(lambda: _todays_map(*_snapshot()))


def score_commune_keys() -> pd.Series:
    """``commune_keys`` of ``all_scores()`` (aligned with it): who is who across years and files."""
    return _or_stop(lambda: _commune_keys(*_snapshot()))


def set_results(criteria_set: str) -> pd.DataFrame:
    """The current results of one criteria set, narrowed to ``ASSESSMENT_KEYS`` and
    ``SET_RESULT_COLUMNS`` (every year and place; shared: select, never change in place)."""
    return _or_stop(lambda: _set_results(*_snapshot(), criteria_set))


def set_criteria(criteria_set: str) -> pd.DataFrame:
    """``criterion_results`` of every current assessment of one criteria set (every year and
    place), computed once per store revision; pages select their rows (``filters.select_rows``)."""
    return _or_stop(lambda: _set_criteria(*_snapshot(), criteria_set))


def results(**filters) -> pd.DataFrame:
    """The tidy results frame of current assessments matching ``filters`` (``Store.results``)."""
    return _or_stop(lambda: _results(*_snapshot(), _key(filters)))


def criteria(**filters) -> pd.DataFrame:
    """``criterion_results`` of the results matching ``filters``."""
    return _or_stop(lambda: _criteria(*_snapshot(), _key(filters)))


def gaps(**filters) -> pd.DataFrame:
    """``indicator_gaps`` of the results matching ``filters``."""
    return _or_stop(lambda: _gaps(*_snapshot(), _key(filters)))


def progress(**filters) -> pd.DataFrame:
    """``year_over_year`` of the assessments matching ``filters`` (every year they have)."""
    return _or_stop(lambda: _progress(*_snapshot(), _key(filters)))


def uploads() -> pd.DataFrame:
    """The upload history, newest first (``Store.uploads``)."""
    return _or_stop(lambda: _uploads(*_snapshot()))


def remembered(kind: str, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, done once per store revision, ``kind``, ``key`` and UI language.

    For what a page derives from store reads and draws again on every rerun (roll-ups, figures,
    display tables). ``key`` must name everything ``compute`` depends on besides the store and
    the language (the selection, usually). The result is shared between sessions: never change
    it in place.
    """
    return _or_stop(lambda: _remembered(*_snapshot(), kind, key, lang(), compute))


def clear_store_reads() -> None:
    """Forget every cached read, after this process changed the store (a save, a delete, an undo).

    Not needed for correctness (every entry is keyed on the store revision, which the write
    moved), but it frees the memory held by reads of the old revision at once.
    """
    for cached in (_scores, _unit_registry, _todays_map, _commune_keys, _set_results, _set_criteria, _results, _uploads, _criteria,
                   _gaps, _progress, _remembered, _catalog):
        cached.clear()
    begin_run()  # the rest of this run reads what was just written


# -- dry runs of uploaded files ----------------------------------------------------------------
@dataclass(frozen=True)
class DryRun:
    """What a workbook would bring, before anything is saved.

    Attributes:
        file_name: the uploaded file's name.
        results: the tidy results read from it.
        problems: the problems table (errors block saving; warnings do not), with a warning for each
            commune that does not resolve to an official unit (it would be saved without one).
        scores: one row per commune-year found (empty when it cannot be scored), with its
            ``commune_group`` when the file gives any.
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
        return problem_count(self.problems)

    @property
    def warnings(self) -> int:
        return problem_count(self.problems, WARNING)

    @property
    def can_save(self) -> bool:
        """True when saving would store something: readable, no errors, some results."""
        return not self.error_vi and self.errors == 0 and not self.results.empty


@st.cache_data(show_spinner=False, scope="session", max_entries=50)
def _dry_run(content: bytes, file_name: str, url: str, revision: int) -> DryRun:
    from ntm.schema import problems_frame, results_frame

    catalog = _catalog(url, revision)
    try:
        loaded = load_workbook(content, catalog, file_name=file_name)
    except NtmError as error:
        return DryRun(file_name, results_frame(), problems_frame(), pd.DataFrame(),
                      error_vi=error.message_vi, error_en=error.message_en)
    if not loaded.results.empty:
        # What the import will say about the communes' official units (never blocking).
        from ntm.schema import ASSESSMENT_KEYS

        places = loaded.results[ASSESSMENT_KEYS].drop_duplicates().reset_index(drop=True)
        units = upload_units(places, _unit_registry(url, revision), results=loaded.results)
        loaded = replace(loaded, problems=merge_problems(loaded.problems, units.problems))
    try:
        # A complete form may define its own set (a province's variant): score against it too.
        scores = (score_assessments(loaded.results, loaded.scoring_catalog(catalog))
                  if not loaded.results.empty else pd.DataFrame())
    except NtmError as error:
        return DryRun(file_name, loaded.results, loaded.problems, pd.DataFrame(), str(loaded.layout),
                      loaded.accounting("vi"), loaded.accounting("en"), error.message_vi, error.message_en)
    if not scores.empty and not loaded.groups.empty:  # the commune groups the file gives, beside
        from ntm.schema import ASSESSMENT_KEYS    # the scores they will be saved with

        scores = scores.merge(loaded.groups, on=ASSESSMENT_KEYS, how="left", validate="one_to_one")
    return DryRun(file_name, loaded.results, loaded.problems, scores, str(loaded.layout),
                  loaded.accounting("vi"), loaded.accounting("en"))


def dry_run(content: bytes, file_name: str) -> DryRun:
    """Read and score an uploaded workbook without saving it (cached on its bytes, per session)."""
    return _dry_run(content, file_name, *_snapshot())
