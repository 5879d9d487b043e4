"""The columnar fetch (``ntm.store.columns.fetch_columns``) against the driver's own rows, on both
backends: text of every kind, integers, the store's ratios, booleans, JSON, NULLs and no rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import (
    JSON, Boolean, Column, Float, Integer, MetaData, Table, Text, create_engine, insert, select,
)

from ntm.schema import ASSESSMENT_KEYS, as_text_category
from ntm.scoring.frames import pct
from ntm.store.columns import fetch_columns
from ntm.store.scores_io import text_category
from tests.store_fixtures import assessment_rows, store, store_url, workbook  # noqa: F401 (fixtures)

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


def test_a_narrow_results_read_holds_the_full_reads_rows_in_order(store, catalog):  # noqa: F811
    statuses = {"1.1": "not_met", "2.1": "basically_met", "3.1": "not_applicable", "4.1": "missing"}
    first = workbook(catalog, *(assessment_rows(catalog, commune, year, seed=year, statuses=statuses)
                                for commune in ("Xã An", "Xã Đông") for year in (2023, 2024)))
    store.import_file(first, "a.xlsx", catalog)
    # A newer file for one commune-year: its rows replace the first file's in current reads.
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024, seed=9)), "b.xlsx", catalog)
    # Without reported numbers the rows come as columns; with them (on SQLite) row by row.
    for wanted in (["criterion", "indicator", "status"], ["indicator", "status", "value_num"]):
        for history in (False, True):
            full = store.results(history=history)
            narrow = store.results(history=history, columns=wanted)
            assert list(narrow.columns) == [*ASSESSMENT_KEYS, *wanted]
            assert isinstance(narrow["indicator"].dtype, pd.CategoricalDtype)
            assert narrow["status"].dtype == full["status"].dtype
            for column in [*ASSESSMENT_KEYS, *wanted]:
                pd.testing.assert_series_equal(narrow[column].astype(object), full[column].astype(object))
    assert len(store.results(columns=["status"])) == 4 * 57
    assert len(store.results(columns=["status"], history=True)) == 5 * 57


@pytest.mark.parametrize("values", [["Xã An", None, "Xã Đông", "Xã An"], [5, "5", None, "a"], [], [None, None],
                                    [1.5, "x"]])
def test_text_category_is_as_text_category_by_one_pass(values):
    expected = as_text_category(pd.Series(values, dtype=object))
    got = pd.Series(text_category(values))
    pd.testing.assert_series_equal(got, expected, check_names=False)
