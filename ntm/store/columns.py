"""Rows of a query fetched as columns: the database builds each column as one JSON array.

A driver turns every cell of every row into a Python object on its own: some 0.4 µs a cell on a
2-core machine, so a national read (10,000 assessments × 36 columns) spent more there than in
the query. Here the database aggregates each column into a JSON array in its own code (SQLite
``json_group_array``, PostgreSQL ``json_agg``), the driver hands over one text per column, and
orjson decodes them all in one pass, with no rows to transpose afterwards. It halves the cost of
a national scores read.

Every aggregate of one ``SELECT`` consumes the same rows in the same order, so the columns stay
aligned. No order is asked of the database: sorting the wide rows there cost more than the whole
aggregation, and a frame sorts its key columns in a few milliseconds.

Values come back as JSON gives them: text, int, float, None; booleans as the dialect stores them
(SQLite 0/1, PostgreSQL true/false); JSON columns decoded. Floats: PostgreSQL writes the shortest
text that reads back as the same double (its default since version 12); SQLite's JSON writer
keeps 15 significant digits, exact for any double that is the nearest to a decimal of at most 15
digits (the store's ratios are rounded to 2 decimals) but not for every double.

Each column's JSON text is one value to the database, under its limit for one value (1 GB on
SQLite and PostgreSQL): tens of millions of short cells. The reads that use it (every score; a
set's criterion, indicator and status) stay far below that at national scale.
"""

from __future__ import annotations

import orjson
from sqlalchemy import JSON, Connection, Select, Text, func, literal, literal_column, select
from sqlalchemy.sql import ColumnElement


def fetch_columns(connection: Connection, query: Select) -> dict[str, list]:
    """The rows of ``query``, in no particular order, as column name → values (``query``'s labels).

    An empty result gives empty lists.
    """
    rows = query.subquery()
    names = list(rows.c.keys())
    sqlite = connection.dialect.name == "sqlite"
    aggregates = [(_sqlite_array if sqlite else _postgresql_array)(rows.c[name]) for name in names]
    texts = connection.execute(select(*aggregates)).one()
    # One decode for every column: the texts joined into a single JSON array of arrays.
    decoded = orjson.loads("[" + ",".join("[]" if text is None else text for text in texts) + "]")
    return dict(zip(names, decoded))


def _sqlite_array(column: ColumnElement) -> ColumnElement:
    if isinstance(column.type, JSON):
        # The stored JSON texts, joined as they are: ``json_group_array(json(x))`` would parse
        # each in SQLite first, which cost more than the whole orjson pass. No row: NULL.
        texts = func.group_concat(func.coalesce(column, literal_column("'null'")), ",")
        return literal("[") + texts + literal("]")
    return func.json_group_array(column)


def _postgresql_array(column: ColumnElement) -> ColumnElement:
    # As text: psycopg would otherwise decode the JSON itself, with the json module.
    return func.json_agg(column).cast(Text)
