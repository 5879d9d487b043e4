"""Item 5: importing into the store and reading back, on SQLite (and PostgreSQL when a URL is given).

Import (S, M, L): ``Store.import_file`` of the size's workbook into a fresh, migrated store
(opening it is not timed): read, check, score and write, in one transaction. Baseline: the
openpyxl read of the same file (the target: importing costs less than merely reading the file
the usual way). Reference: ``DataFrame.to_sql`` of the tidy frame into a fresh SQLite file.

Import (XL): 5.3 million rows do not fit a workbook, so each province's rows are prepared as an
import of their own (scored with ``score_assessments``, as ``prepare_import`` would) and written
with ``Store.write_prepared``: 63 transactions, once (n=1, it takes minutes). After the reads,
the L workbook is imported into that national store, to show how an import's cost grows with the
store (its communes have the codes of the first province's, so it supersedes 1,500 assessments).

On PostgreSQL the national store is vacuumed and analysed before its reads (``vacuum_analyze``).

Reads, each against the plain SQL fetch of the same rows (the floor: what the driver costs
without building a frame): one province's scores and results, one commune's history, and the
national summary (the current scores of every commune for one set and year: what an overview
of the whole country reads; at S–L it covers the one province).

Targets: import at L under the openpyxl read (ratio < 1); national summary at XL under 0.3 s.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections.abc import Iterator

import pandas as pd
from sqlalchemy import create_engine, select, text

from bench.context import Context
from bench.measure import BASELINE, FLOOR, REFERENCE, Figure, Target, interleaved, timed
from bench.profiles import profile

GROUP = "store"
IMPORT_TARGET = Target(1.0, "< 1 (cheaper than the openpyxl read)")
SUMMARY_TARGET = Target(0.3, "< 0.3 s")
_counter = itertools.count(1)


# -- where stores live -------------------------------------------------------------------------

@contextlib.contextmanager
def sqlite_url(ctx: Context, label: str) -> Iterator[str]:
    folder = ctx.workdir / "stores" / f"{label}-{os.getpid()}-{next(_counter)}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield f"sqlite:///{folder / 'ntm.sqlite3'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def postgres_url(ctx: Context, label: str) -> Iterator[str]:
    """A fresh schema on the server (first on ``search_path``), dropped afterwards."""
    from sqlalchemy.engine import make_url

    name = f"ntm_bench_{label.lower()}_{os.getpid()}_{next(_counter)}"
    admin = create_engine(make_url(ctx.pg_url).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield make_url(ctx.pg_url).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        admin.dispose()


def backends(ctx: Context) -> list[tuple[str, object]]:
    found = [("sqlite", sqlite_url)]
    if ctx.pg_url:
        found.append(("postgresql", postgres_url))
    return found


# -- imports -----------------------------------------------------------------------------------

def run(ctx: Context, size: str) -> None:
    if not ctx.pg_url:
        ctx.recorder.skip(size, GROUP, "PostgreSQL", "no server given (--pg URL)")
    for backend, make_url in backends(ctx):
        if ctx.synthetic(size).size.workbook:
            _workbook_import(ctx, size, backend, make_url)
        else:
            _national_import(ctx, size, backend, make_url)


def _workbook_import(ctx: Context, size: str, backend: str, make_url) -> None:
    from ntm.store import IMPORTED, open_store

    rec = ctx.recorder
    path = ctx.workbook(size)
    content = path.read_bytes()
    frame = ctx.frame(size)
    stack = contextlib.ExitStack()
    stores: list = []
    outcomes: list = []

    def fresh(name: str) -> None:
        stack.close()
        stores.clear()
        if name.startswith("store"):
            url = stack.enter_context(make_url(ctx, size))
            stores.append(stack.enter_context(contextlib.closing(open_store(url))))
        elif name.startswith("pandas.to_sql"):
            url = stack.enter_context(sqlite_url(ctx, f"{size}-to-sql"))
            engine = create_engine(url)
            stack.callback(engine.dispose)
            stores.append(engine)

    def import_file():
        outcomes.append(stores[0].import_file(content, path.name, ctx.catalog))

    def read_openpyxl():
        return pd.read_excel(path, engine="openpyxl")

    def to_sql():
        frame.to_sql("results", stores[0], index=False, chunksize=50_000)

    name = f"store.import_file ({backend})"
    calls = {name: import_file}
    # Quick runs compare with the load group's openpyxl read rather than measure it again.
    measured = ctx.figures.get((size, "pandas.read_excel(openpyxl)")) if ctx.quick else None
    if measured is None:
        calls["pandas.read_excel(openpyxl)"] = read_openpyxl
    if backend == "sqlite" and not ctx.quick:
        calls["pandas.to_sql (sqlite)"] = to_sql
    try:
        times = interleaved(calls, ctx.repeat, before=fresh)
        if any(o.status != IMPORTED for o in outcomes):
            rec.note(size, GROUP, f"WARNING: import outcomes {[o.status for o in outcomes]}")
        imported = rec.figure(Figure(size, GROUP, name, "s", times[name],
                                     note=f"{len(frame):,} rows, fresh store each run"))
        baseline = measured or rec.figure(Figure(size, GROUP, "pandas.read_excel(openpyxl)", "s",
                                                 times["pandas.read_excel(openpyxl)"], BASELINE))
        if "pandas.to_sql (sqlite)" in times:
            rec.figure(Figure(size, GROUP, "pandas.to_sql (sqlite)", "s", times["pandas.to_sql (sqlite)"],
                              REFERENCE, "the tidy frame only: no scores, no checks"))
        rec.ratio(size, f"import vs openpyxl ({backend})", imported, baseline,
                  IMPORT_TARGET if size == "L" else None)
        fresh(name)
        if size == "L" and backend == "sqlite":
            profile(ctx, f"{size}: store.import_file of the {size} workbook (SQLite)", import_file)
        else:
            import_file()
        _reads(ctx, size, backend, stores[0])
    finally:
        stack.close()


def prepared_imports(ctx: Context, size: str):
    """One prepared import per province file of ``size`` (scored as ``prepare_import`` would)."""
    from bench.data import file_rows
    from ntm.schema import problems_frame
    from ntm.scoring import score_assessments
    from ntm.store.imports import PreparedImport, sha256_of

    synthetic, frame = ctx.synthetic(size), ctx.frame(size)
    for index, file_name in enumerate(synthetic.file_names):
        rows = file_rows(synthetic, index)
        results = frame.iloc[rows].reset_index(drop=True)
        content = f"bench {size} {file_name}: {len(results)} rows (no workbook at this size)".encode()
        yield PreparedImport(content, file_name, sha256_of(content), results,
                             score_assessments(results, ctx.catalog), problems_frame(), "template")


def _national_import(ctx: Context, size: str, backend: str, make_url) -> None:
    from ntm.store import open_store

    rec = ctx.recorder
    frame = ctx.frame(size)
    with contextlib.ExitStack() as stack:
        if backend == "sqlite":  # kept for the pages, which run on it
            url = ctx.hold(size, make_url(ctx, size))
            ctx.stores[size] = url
        else:
            url = stack.enter_context(make_url(ctx, size))
        store = stack.enter_context(contextlib.closing(open_store(url)))
        prepare_seconds = write_seconds = 0.0
        imports = iter(prepared_imports(ctx, size))
        files = 0
        while True:
            seconds, prepared = timed(lambda: next(imports, None))
            if prepared is None:
                break
            prepare_seconds += seconds
            seconds, _ = timed(lambda: store.write_prepared(prepared))
            write_seconds += seconds
            files += 1
        rec.figure(Figure(size, GROUP, f"prepare {files} province imports (score)", "s", [prepare_seconds],
                          note="score_assessments per province, as prepare_import does"))
        rec.figure(Figure(size, GROUP, f"store.write_prepared × {files} ({backend})", "s", [write_seconds],
                          note=f"{len(frame):,} rows, {len(frame) / write_seconds:,.0f} rows/s; once"))
        if backend == "postgresql":
            seconds, _ = timed(lambda: vacuum_analyze(store))
            rec.note(size, GROUP, f"postgresql: VACUUM (ANALYZE) after the load took {seconds:.0f} s; "
                                  "the reads below run on settled tables (autovacuum could work during them)")
        _reads(ctx, size, backend, store)
        # Last, as it supersedes communes the reads look at (the L communes have the same codes).
        path = ctx.workbook("L")
        seconds, outcome = timed(lambda: store.import_file(path.read_bytes(), path.name, ctx.catalog))
        rec.figure(Figure(size, GROUP, f"store.import_file of the L workbook into it ({backend})", "s",
                          [seconds], note=f"{outcome.status}, {outcome.rows:,} rows, superseded "
                                          f"{outcome.superseded:,}; once"))


def vacuum_analyze(store) -> None:
    """What autovacuum does after a bulk load, done at once: its work on 5.3 million new rows
    (on one of the two cores) could otherwise fall inside the timed reads."""
    with store.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text("VACUUM (ANALYZE)"))


# -- reads -------------------------------------------------------------------------------------

def _floor_scores(store, **filters):
    from ntm.schema import ASSESSMENT_KEYS
    from ntm.store.reads import Filters
    from ntm.store.schema import assessments, scores

    a = assessments.c
    query = (select(*(a[k] for k in ASSESSMENT_KEYS), scores)
             .select_from(assessments.join(scores, scores.c.assessment_id == a.id))
             .where(a.is_current, *Filters(**filters).clauses()))
    with store.engine.connect() as connection:
        return connection.execute(query).fetchall()


def _floor_results(store, **filters):
    from ntm.schema import ASSESSMENT_KEYS
    from ntm.store.reads import Filters
    from ntm.store.schema import assessments, results

    a = assessments.c
    query = (select(*(a[k] for k in ASSESSMENT_KEYS), results)
             .select_from(results.join(assessments, a.id == results.c.assessment_id))
             .where(a.is_current, *Filters(**filters).clauses()))
    with store.engine.connect() as connection:
        return connection.execute(query).fetchall()


def _reads(ctx: Context, size: str, backend: str, store) -> None:
    rec = ctx.recorder
    synthetic = ctx.synthetic(size)
    province = synthetic.text["province"].values[0]
    first = int(synthetic.text["commune"].codes[0])
    commune = synthetic.text["commune"].values[first]
    last_set = synthetic.size.sets[-1]
    in_last_set = synthetic.text["criteria_set"].codes == len(synthetic.size.sets) - 1
    last_year = int(synthetic.year[in_last_set].max())
    summary = {"criteria_set": last_set, "year": last_year}
    reads = {
        "one province's scores": (lambda: store.scores(province=province),
                                  lambda: _floor_scores(store, province=province)),
        "one province's results": (lambda: store.results(province=province),
                                   lambda: _floor_results(store, province=province)),
        "one commune's history": (lambda: store.commune_history(province, commune),
                                  lambda: _floor_scores(store, province=province, commune=commune)),
        "national summary (one set, one year)": (lambda: store.scores(**summary),
                                                 lambda: _floor_scores(store, **summary)),
    }
    for what, (read, floor) in reads.items():
        name = f"{what} ({backend})"
        times = interleaved({name: read, "SQL fetch": floor}, ctx.repeat)
        rows = len(read())
        figure = rec.figure(Figure(size, GROUP, name, "s", times[name], note=f"{rows:,} rows"))
        floor_figure = rec.figure(Figure(size, GROUP, f"{what}: SQL fetch ({backend})", "s",
                                         times["SQL fetch"], FLOOR))
        rec.ratio(size, f"{what.split(' (')[0]} vs SQL ({backend})", figure, floor_figure)
        if what.startswith("national") and size == "XL":
            rec.against(size, f"national summary read ({backend})", figure, SUMMARY_TARGET)
            if backend == "sqlite":
                profile(ctx, f"{size}: store.scores, national summary (SQLite)", read)
