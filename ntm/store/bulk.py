"""Bulk writes: many rows in the current transaction, fast, on either backend.

PostgreSQL gets ``COPY ... FROM STDIN`` through psycopg 3; SQLite gets the driver's
``executemany`` in chunks. Both run on the connection's open transaction, so a failure (or a
killed process) leaves nothing behind. No ORM objects, no ``pandas.to_sql``: measured on this
project, chunked ``executemany`` is several times faster than ``to_sql`` for millions of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import Connection, Table

CHUNK_ROWS = 50_000


def column_values(series: pd.Series) -> list:
    """A column as plain Python values, with every kind of missing value as None."""
    return series.astype(object).where(series.notna(), None).to_list()


def frame_rows(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple]:
    """The rows of ``frame[columns]`` as tuples of plain Python values (None for missing)."""
    return list(zip(*(column_values(frame[c]) for c in columns)))


def bulk_insert(connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``; returns how many."""
    if connection.dialect.name == "postgresql":
        return _copy(connection, table, columns, rows)
    return _executemany(connection, table, columns, rows)


def _copy(connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    quote = connection.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    count = 0
    driver_connection = connection.connection.driver_connection
    with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _executemany(connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    quote = connection.dialect.identifier_preparer.quote
    statement = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
                 f"VALUES ({', '.join('?' for _ in columns)})")
    rows = list(rows)
    cursor = connection.connection.driver_connection.cursor()
    try:
        for start in range(0, len(rows), CHUNK_ROWS):
            cursor.executemany(statement, rows[start:start + CHUNK_ROWS])
    finally:
        cursor.close()
    return len(rows)
