"""The store: years of uploads, their results and scores, in SQLite or PostgreSQL.

    store = open_store()                       # NTM_DATABASE_URL, or data/ntm.sqlite3
    outcome = store.import_file(data, "xa-a.xlsx", catalog, who="cán bộ A")
    store.scores(province="An Giang", year=2024)   # one row per current commune-year
    store.results(commune="Khánh Bình")            # the tidy frame, for profiles and exports

Modules: ``settings`` (the URL), ``engine`` (connections, the write lock), ``schema`` (tables),
``migrations`` (ordered, applied on opening), ``keys`` (supersede keys), ``imports`` (one file,
all or nothing), ``bulk`` (COPY / executemany), ``current`` (which assessment wins), ``reads``,
``scores_io``, ``criteria`` (user sets), ``store`` (the ``Store`` API), ``cli`` (exports go through
``ntm.export``).
Nothing happens on import of this package.
"""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from ntm.store.errors import StoreError
from ntm.store.imports import IMPORTED, REJECTED, UNCHANGED, ImportOutcome
from ntm.store.settings import ENV_VAR, database_url
from ntm.store.store import Store

__all__ = ["ENV_VAR", "IMPORTED", "REJECTED", "UNCHANGED", "ImportOutcome", "Store", "StoreError",
           "database_url", "open_store"]


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``url``, else ``NTM_DATABASE_URL``.

    Raises:
        StoreError: a bad URL, an unreachable server, or a store from a newer program.
    """
    from ntm.store.engine import create_store_engine, unreachable
    from ntm.store.migrations import migrate

    parsed = database_url(url)
    engine = create_store_engine(parsed)
    try:
        migrate(engine)
    except OperationalError as error:
        engine.dispose()
        raise unreachable(parsed, error.orig or error) from error
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)
