"""Fixtures and builders for the store tests: a fresh store on each backend, workbooks made in code.

Import the fixtures into a test module (``from tests.store_fixtures import store, store_url``);
every store test then runs once on a fresh SQLite file and once on a fresh PostgreSQL database
(see ``tests/pg.py``). Under CI a missing PostgreSQL fails the test instead of skipping it.
"""

from __future__ import annotations

import io
import random

import pandas as pd
import pytest
from sqlalchemy import func, select

from ntm.catalog import Catalog
from ntm.schema import results_frame
from ntm.store import open_store
from ntm.store.schema import metadata
from ntm.template import write_template
from tests import pg

BACKENDS = ["sqlite", "postgresql"]
PROVINCE = "Tỉnh Thử Nghiệm"


def postgres_admin_url() -> str:
    url, why = pg.postgres_server()
    if url is None:
        if pg.in_ci():
            pytest.fail(f"CI must test the store on PostgreSQL too: {why}")
        pytest.skip(why)
    return url


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """The URL of a new, empty store on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ntm.sqlite3'}"
        return
    admin = postgres_admin_url()
    url = pg.create_database(admin)
    yield url
    pg.drop_database(admin, url)


@pytest.fixture
def store(store_url):
    """A new, empty, migrated store."""
    opened = open_store(store_url)
    yield opened
    opened.close()


def assessment_rows(catalog: Catalog, commune: str, year: int, *, code: str | None = None,
                    set_id: str = "ntm-2021", seed: int = 0, unmet: tuple[str, ...] = (),
                    statuses: dict[str, str] | None = None, note: str | None = None,
                    district: str = "Huyện Một", skip: tuple[str, ...] = ()) -> list[dict]:
    """Tidy rows for one commune-year: every indicator of the set, met unless told otherwise.

    ``seed`` adds a few deterministic "not met" indicators; ``unmet`` names more; ``statuses``
    sets any indicator's status outright; ``skip`` leaves indicators out of the file.
    """
    rng = random.Random(f"{commune}-{year}-{seed}")
    indicators = catalog.get(set_id).indicators
    chosen = set(rng.sample(list(indicators["indicator"]), k=seed % 5)) | set(unmet)
    rows = []
    for item in indicators.itertuples():
        if item.indicator in skip:
            continue
        status = (statuses or {}).get(item.indicator, "not_met" if item.indicator in chosen else "met")
        rows.append({"province": PROVINCE, "district": district, "commune": commune, "commune_code": code,
                     "year": year, "criteria_set": set_id, "criterion": item.criterion,
                     "indicator": item.indicator, "value": None, "target": item.target or None,
                     "status": status, "note": note})
    return rows


_WORKBOOKS: dict[str, bytes] = {}


def workbook(catalog: Catalog, *assessments: list[dict], set_id: str = "ntm-2021") -> bytes:
    """A template workbook (``ntm.template.write_template``) holding the given assessments' rows.

    Built once per content and reused (the same bytes serve both backends): writing a template
    with results takes about a second per few hundred rows.
    """
    key = repr((set_id, assessments, sorted(catalog.ids())))
    if key not in _WORKBOOKS:
        buffer = io.BytesIO()
        frame = results_frame([row for rows in assessments for row in rows])
        write_template(buffer, set_id, results=frame, catalog=catalog)
        _WORKBOOKS[key] = buffer.getvalue()
    return _WORKBOOKS[key]


def table_counts(store) -> dict[str, int]:
    """Rows in every table of the store (what "nothing written" is checked against)."""
    with store.engine.connect() as connection:
        return {name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in metadata.tables.items() if name != "schema_version"}


def snapshot(store) -> dict:
    """Everything a user can see in the store, for "exactly as before" comparisons."""
    uploads = store.uploads().drop(columns=["uploaded_at"])
    scores = store.scores(history=True)
    return {"counts": table_counts(store), "uploads": uploads.to_dict("records"),
            "scores": _records(scores),
            "results": _records(store.results(history=True))}


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for every missing value (NaN never equals itself)."""
    values = frame.astype(object)
    return values.where(values.notna(), None).to_dict("records")


def frames_equal(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))


def stored_groups(url: str, criteria_set: str = "ntm-2026") -> dict:
    """Commune → its recorded commune group (None when not known), as the store reads them back."""
    store = open_store(url)
    try:
        scores = store.scores(criteria_set=criteria_set)
    finally:
        store.close()
    return {c: (None if pd.isna(g) else int(g)) for c, g in zip(scores["commune"], scores["commune_group"])}


def audit_trail(url: str) -> pd.DataFrame:
    """Every row of the store's audit trail (``ntm.store.audit.read_audit``)."""
    from ntm.store import audit
    from ntm.store.engine import read_connection

    store = open_store(url)
    try:
        with read_connection(store.engine) as connection:
            return audit.read_audit(connection)
    finally:
        store.close()
