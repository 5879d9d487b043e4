"""Faults the store survives, on both backends: a process killed inside an import, and two
processes importing at the same time.

The child processes are real ``python`` processes on the real store. To make the timing
deterministic, a child wraps the step that runs last inside the import transaction (marking what
it supersedes, after the upload, results and scores are written) so that it reports "inside" and
then sleeps (killed there) or lingers (so the other importer must wait for the write lock).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, text

from ntm.store.schema import assessments, results
from tests.conftest import ROOT
from tests.store_fixtures import (  # noqa: F401  (fixtures)
    assessment_rows, snapshot, store, store_url, workbook,
)

CHILD = """
import sys, time
from pathlib import Path
from ntm.catalog import load_catalog
from ntm.store import imports, open_store
from ntm.store.imports import prepare_import

url, path, marker, go, hold = sys.argv[1:6]
original = imports.refresh_current

def inside_transaction(connection, upload_ids):
    original(connection, upload_ids)
    Path(marker).write_text("inside")
    time.sleep(float(hold))

imports.refresh_current = inside_transaction
store = open_store(url)
prepared = prepare_import(Path(path).read_bytes(), Path(path).name, load_catalog())
while go != "-" and not Path(go).exists():
    time.sleep(0.01)
print(store.write_prepared(prepared).status)
"""


def _child(url: str, path: Path, marker: Path, go: Path | None, hold: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", CHILD, url, str(path), str(marker), str(go or "-"), str(hold)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(path: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"child ended early: {process.stderr.read()}")
        assert time.monotonic() < deadline, "child never reached the import transaction"
        time.sleep(0.02)


def test_a_process_killed_inside_an_import_leaves_the_store_exactly_as_before(store, store_url, catalog, tmp_path):
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2023)), "before.xlsx", catalog)
    big = tmp_path / "big.xlsx"
    big.write_bytes(workbook(catalog, *(assessment_rows(catalog, f"Xã {i}", 2024, seed=i) for i in range(6)),
                             assessment_rows(catalog, "Xã An", 2023, seed=1)))
    before = snapshot(store)
    marker = tmp_path / "inside"

    child = _child(store_url, big, marker, None, hold=120)
    _wait_for(marker, child)  # upload, results and scores are written, not committed
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)

    assert child.returncode == -signal.SIGKILL
    assert snapshot(store) == before
    if store.backend == "sqlite":
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    # The write lock died with the process: the same file imports now.
    assert store.import_file(big.read_bytes(), "big.xlsx", catalog).status == "imported"
    assert len(store.scores()) == 7


def test_two_processes_importing_at_once_lose_and_duplicate_nothing(store, store_url, catalog, tmp_path):
    files = {
        "a.xlsx": workbook(catalog, assessment_rows(catalog, "Xã An", 2024), assessment_rows(catalog, "Xã Bình", 2024)),
        "b.xlsx": workbook(catalog, assessment_rows(catalog, "Xã An", 2024, seed=2),
                           assessment_rows(catalog, "Xã Cường", 2024)),
    }
    go = tmp_path / "go"
    children = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        # Each lingers inside its transaction, so the other must wait for the write lock.
        children.append(_child(store_url, tmp_path / name, tmp_path / f"{name}.inside", go, hold=0.5))
    time.sleep(0.2)
    go.write_text("go")
    outputs = [child.communicate(timeout=120) for child in children]

    assert [child.returncode for child in children] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["imported", "imported"]
    uploads = store.uploads()
    assert sorted(uploads["file_name"]) == ["a.xlsx", "b.xlsx"]
    with store.engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(results)).scalar_one()
        distinct = connection.execute(select(func.count()).select_from(
            select(results.c.assessment_id, results.c.indicator).distinct().subquery())).scalar_one()
        n_assessments = connection.execute(select(func.count()).select_from(assessments)).scalar_one()
    assert stored == distinct == 4 * 57 and n_assessments == 4
    current = store.scores()
    assert sorted(current["commune"]) == ["Xã An", "Xã Bình", "Xã Cường"]
    newest = int(uploads["upload_id"].max())
    assert current.set_index("commune").loc["Xã An", "upload_id"] == newest
