"""Engines and transactions: SQLite in WAL mode with a busy timeout, PostgreSQL via psycopg 3.

Writers are serialised, on purpose: an import decides which assessments it supersedes, so two
imports must not decide at the same time. SQLite does this with ``BEGIN IMMEDIATE`` (take the
write lock first, wait up to the busy timeout for it) and PostgreSQL with a transaction-level
advisory lock. Readers are never blocked (WAL; MVCC). Loading and scoring a workbook happen
before the write transaction, so the lock is held only for the database work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL

from ntm.store.errors import StoreError
from ntm.store.settings import redact

BUSY_TIMEOUT_MS = 60_000
SQLITE_MMAP_BYTES = 256 * 1024 * 1024  # at most this much of the file read through a memory map
SQLITE_CACHE_KIB = 32 * 1024  # page cache per connection, at most
# An arbitrary constant naming "the store's write lock" among PostgreSQL advisory locks.
PG_WRITE_LOCK = 0x4E544D  # "NTM"
_WRITE = "ntm_write"


def create_store_engine(url: URL) -> Engine:
    """An engine for ``url`` with the store's connection settings.

    Raises:
        StoreError: the SQLite file's folder cannot be created.
    """
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        folder = Path(url.database).expanduser().resolve().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"Không tạo được thư mục dữ liệu {folder}: {error.strerror}",
                             f"Cannot create the data folder {folder}: {error.strerror}") from error
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite's own transaction
        # handling would defer it and cannot take the write lock up front).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe in WAL against a killed process
        # Reads: pages mapped from the file (shared through the OS cache) and a larger page cache
        # per connection; a national read touches some ten thousand rows scattered over the file.
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the store's write lock; committed on success, rolled back on error."""
    with engine.connect() as connection:
        connection.execution_options(**{_WRITE: True})
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})
            yield connection


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one read transaction (a consistent snapshot on both backends)."""
    with engine.connect() as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        yield connection


def unreachable(url: URL, error: Exception) -> StoreError:
    """The error shown when the store cannot be opened."""
    return StoreError(
        f"Không mở được kho dữ liệu {redact(url)}: {error}. Kiểm tra biến NTM_DATABASE_URL "
        "(hoặc --db) và máy chủ cơ sở dữ liệu.",
        f"Cannot open the store {redact(url)}: {error}. Check NTM_DATABASE_URL (or --db) "
        "and the database server.",
    )
