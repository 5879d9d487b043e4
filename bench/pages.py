"""Item 6: the overview and profile pages through AppTest, first run and rerun after a filter change.

The dashboard reads the store ``NTM_DATABASE_URL`` names, so each size gets a SQLite store
holding its data (the workbook imported at S–L; at XL the national store ``bench.store`` built),
and the pages run on it exactly as a user's browser session would: ``dashboard.py`` through
``AppTest``, switched to the page.

Per page and run: a first run with every Streamlit cache cleared (opening the store, reading
every score, computing what the page shows), then a rerun after changing the year filter to a
year not seen yet (what the targets are about), then a rerun back to the first year (cached).
Floor: an AppTest run of a script that only draws a title (Streamlit's and AppTest's own cost
per run). Pages that do not exist yet, or that raise, are reported as not measured.

Also, without the page around it: the overview's status heat map of one year and set, at most
150 communes × 19 criteria, built as the overview builds it (``status_heatmap_spec`` kept as the
dict ``st.plotly_chart`` sends, ``pages.ui.figures.sendable``; once per year shown), then turned
into JSON as ``st.plotly_chart`` does on every run: the two costs of the biggest figure of the page.

Targets: overview rerun after a filter change under 150 ms at L and under 500 ms at XL.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from bench.context import Context
from bench.measure import FLOOR, Figure, Target, timed
from bench.profiles import profile

GROUP = "pages"
ROOT = Path(__file__).resolve().parent.parent
ENTRY = ROOT / "dashboard.py"
PAGES = {"overview": "pages/overview.py", "profile": "pages/profile.py"}
RERUN_TARGETS = {"L": Target(0.150, "< 150 ms"), "XL": Target(0.500, "< 500 ms")}
TIMEOUT = 1800
HEATMAP_COMMUNES = 150  # the most the overview draws one by one


@contextlib.contextmanager
def _store_for(ctx: Context, size: str):
    """The URL of a SQLite store holding ``size``'s data (built here unless the store group kept one)."""
    if size in ctx.stores:
        yield ctx.stores[size]
        return
    from bench.store import sqlite_url
    from ntm.store import open_store

    with sqlite_url(ctx, f"{size}-pages") as url:
        store = open_store(url)
        try:
            path = ctx.workbook(size)
            store.import_file(path.read_bytes(), path.name, ctx.catalog)
        finally:
            store.close()
        yield url


@contextlib.contextmanager
def _dashboard_on(url: str):
    """The dashboard's environment pointed at ``url``, with Streamlit's caches cleared around it."""
    import streamlit as st

    before = os.environ.get("NTM_DATABASE_URL")
    os.environ["NTM_DATABASE_URL"] = url
    try:
        yield
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
        if before is None:
            os.environ.pop("NTM_DATABASE_URL", None)
        else:
            os.environ["NTM_DATABASE_URL"] = before


def _errors(at) -> list[str]:
    return [str(e.value)[:300] for e in at.exception]


def run(ctx: Context, size: str) -> None:
    rec = ctx.recorder
    _measure_heatmap(ctx, size)
    try:
        import streamlit.logger
        from streamlit.testing.v1 import AppTest

        streamlit.logger.set_log_level("error")  # "missing ScriptRunContext" on every cache clear

        from pages.ui import state
    except ImportError as error:
        rec.skip(size, GROUP, "pages", f"the dashboard cannot be imported ({error})")
        return
    if not ctx.synthetic(size).size.workbook and size not in ctx.stores:
        rec.skip(size, GROUP, "pages", "no store holds this size (the store group builds it)")
        return
    floor = _floor(ctx, size, AppTest)
    with _store_for(ctx, size) as url, _dashboard_on(url):
        for page, path in PAGES.items():
            if not (ROOT / path).exists():
                rec.skip(size, GROUP, f"{page} page", f"{path} does not exist yet")
                continue
            _measure_page(ctx, size, page, path, AppTest, state, floor)


def _measure_heatmap(ctx: Context, size: str) -> None:
    """Build the status heat map of one year and set (at most ``HEATMAP_COMMUNES`` communes) as the
    overview does, and encode it as ``st.plotly_chart`` does on every run."""
    import pandas as pd
    import plotly.io as pio

    from ntm.charts.overview import status_heatmap_spec
    from ntm.scoring import criterion_results
    from pages.ui.figures import sendable

    frame = ctx.frame(size)
    year, criteria_set = frame["year"].iloc[0], frame["criteria_set"].iloc[0]
    rows = frame[((frame["year"] == year) & (frame["criteria_set"] == criteria_set)).to_numpy()]
    communes = pd.unique(rows["commune_code"])[:HEATMAP_COMMUNES]
    criteria = criterion_results(rows[rows["commune_code"].isin(communes).to_numpy()], ctx.catalog)
    catalog_criteria = ctx.catalog.get(str(criteria_set)).criteria
    names = dict(zip(catalog_criteria["criterion"], catalog_criteria["name_vi"]))

    def build():
        # The figure as the overview keeps it: its plain dict, encoded once (pages.ui.figures).
        return sendable(status_heatmap_spec(criteria, criterion_names=names))

    sent = build()

    def encode():
        return pio.to_json(sent.to_dict(), validate=False)  # what st.plotly_chart does on every run

    shape = f"{len(communes)} communes × {criteria['criterion'].nunique()} criteria"
    times = [timed(build)[0] for _ in range(ctx.repeat)]
    ctx.recorder.figure(Figure(size, GROUP, "status heat map: status_heatmap_spec, kept as sent", "s", times,
                               note=shape))
    times = [timed(encode)[0] for _ in range(ctx.repeat)]
    ctx.recorder.figure(Figure(size, GROUP, "status heat map: to JSON (as st.plotly_chart, every run)", "s",
                               times, note=f"{len(encode()) / 1e3:.0f} kB"))


def _floor(ctx: Context, size: str, app_test) -> Figure:
    times = []
    for _ in range(ctx.repeat):
        at = app_test.from_string("import streamlit as st\nst.title('floor')\n", default_timeout=TIMEOUT)
        at.run()
        seconds, _ = timed(at.run)
        times.append(seconds)
    return ctx.recorder.figure(Figure(size, GROUP, "AppTest run of a title-only script", "s", times, FLOOR))


def _measure_page(ctx: Context, size: str, page: str, path: str, app_test, state, floor: Figure) -> None:
    import streamlit as st

    rec = ctx.recorder
    first, changed, back = [], [], []
    for _ in range(ctx.repeat):
        st.cache_data.clear()
        st.cache_resource.clear()
        at = app_test.from_file(str(ENTRY), default_timeout=TIMEOUT)
        at.switch_page(path)
        seconds, _ = timed(at.run)
        if _errors(at):
            rec.skip(size, GROUP, f"{page} page", f"the page raised: {_errors(at)}")
            return
        first.append(seconds)
        year = at.selectbox(key=state.FILTER_YEAR)
        others = [y for y in year.options if str(y) != str(year.value)]
        if not others:
            rec.skip(size, GROUP, f"{page} page rerun", "only one year to choose from")
            return
        start_year = year.value
        at.selectbox(key=state.FILTER_YEAR).set_value(int(others[0]))
        seconds, _ = timed(at.run)
        changed.append(seconds)
        at.selectbox(key=state.FILTER_YEAR).set_value(int(start_year))
        seconds, _ = timed(at.run)
        back.append(seconds)
        if _errors(at):
            rec.skip(size, GROUP, f"{page} page rerun", f"the page raised: {_errors(at)}")
            return
    if page == "overview" and size in RERUN_TARGETS:
        _profile_rerun(ctx, size, path, app_test, state)
    rec.figure(Figure(size, GROUP, f"{page}: first run (cold caches)", "s", first))
    rerun = rec.figure(Figure(size, GROUP, f"{page}: rerun after a year change", "s", changed,
                              note="a year not shown yet in this session"))
    rec.figure(Figure(size, GROUP, f"{page}: rerun back to a year already shown", "s", back))
    rec.ratio(size, f"{page} rerun vs AppTest floor", rerun, floor)
    if page == "overview" and size in RERUN_TARGETS:
        rec.against(size, "overview rerun after a filter change", rerun, RERUN_TARGETS[size])


def _profile_rerun(ctx: Context, size: str, path: str, app_test, state) -> None:
    """Profile the first run and a rerun after a year change (the script thread is profiled too)."""
    import streamlit as st

    if not ctx.profile:
        return
    st.cache_data.clear()
    st.cache_resource.clear()
    at = app_test.from_file(str(ENTRY), default_timeout=TIMEOUT)
    at.switch_page(path)
    profile(ctx, f"{size}: {Path(path).stem} page, first run (cold caches)", at.run, script_thread=True)
    year = at.selectbox(key=state.FILTER_YEAR)
    other = next(y for y in year.options if str(y) != str(year.value))
    at.selectbox(key=state.FILTER_YEAR).set_value(int(other))
    profile(ctx, f"{size}: {Path(path).stem} page, rerun after a year change", at.run, script_thread=True)
