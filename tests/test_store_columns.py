"""The columnar fetch (``ntm.store.columns.fetch_columns``) against the driver's own rows, on both
backends: text of every kind, integers, the store's ratios, booleans, JSON, NULLs and no rows."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import (
    JSON, Boolean, Column, Float, Integer, MetaData, Table, Text, create_engine, insert, select,
)

from ntm.scoring.frames import pct
from ntm.store.columns import fetch_columns
from tests.store_fixtures import store_url  # noqa: F401 (fixture)

TEXTS = ["Xã Tân Phú", "Đông Hải", "e\u0301 (NFD)", 'quote " and \\ backslash', "tab\tnew\nline\x01",
         "😀 ngoài BMP", "", "   ", "null", "[1, 2]", None]
JSONS = [["14", "17.6"], [], {"criteria_count": 19, "note": "Đạt"}, None, "chuỗi", 3,
         [["lồng"], {"a": None}]]


def _ratios() -> list[float]:
    """Every ratio the scores can hold for totals up to 150 (met ÷ total × 100, 2 decimals)."""
    totals = np.repeat(np.arange(1, 151), np.arange(2, 152))
    met = np.concatenate([np.arange(t + 1) for t in range(1, 151)])
    return pct(met, totals).tolist()


@pytest.fixture
def table(store_url):  # noqa: F811 (the fixture above)
    engine = create_engine(store_url)
    metadata = MetaData()
    sample = Table("columns_sample", metadata,
                   Column("id", Integer, primary_key=True), Column("text", Text), Column("number", Integer),
                   Column("ratio", Float), Column("flag", Boolean), Column("doc", JSON))
    metadata.create_all(engine)
    ratios = _ratios()
    rows = [{"id": i, "text": TEXTS[i % len(TEXTS)], "number": None if i % 7 == 3 else i * 100_003 - 5,
             "ratio": None if i % 11 == 5 else ratios[i % len(ratios)],
             "flag": None if i % 13 == 1 else i % 2 == 0,
             "doc": JSONS[i % len(JSONS)]}
            for i in range(len(ratios))]
    with engine.begin() as connection:
        connection.execute(insert(sample), rows)
    yield engine, sample, rows
    metadata.drop_all(engine)
    engine.dispose()


def test_columns_hold_what_the_rows_hold(table):
    engine, sample, rows = table
    query = select(sample.c.id, sample.c.text, sample.c.number, sample.c.ratio, sample.c.flag, sample.c.doc,
                   (sample.c.number + 1).label("next"))
    with engine.connect() as connection:
        columns = fetch_columns(connection, query)
        driver = connection.execute(query).all()
    assert list(columns) == ["id", "text", "number", "ratio", "flag", "doc", "next"]
    order = sorted(range(len(columns["id"])), key=columns["id"].__getitem__)
    got = [tuple(columns[name][i] for name in columns) for i in order]
    # The driver decodes JSON itself and gives booleans as the dialect stores them: 0/1 on SQLite
    # (as the columns do), True/False on PostgreSQL (JSON true/false: equal to 1/0 in Python).
    assert got == sorted(tuple(row) for row in driver)
    assert [row[3] for row in got] == [row["ratio"] for row in rows]  # the ratios exactly, not to 15 digits
    assert [row[1] for row in got] == [row["text"] for row in rows]
    assert [row[5] for row in got] == [row["doc"] for row in rows]


def test_no_rows_give_empty_columns(table):
    engine, sample, _ = table
    with engine.connect() as connection:
        columns = fetch_columns(connection, select(sample.c.text, sample.c.doc).where(sample.c.id < 0))
    assert columns == {"text": [], "doc": []}
