"""``python -m ntm import / export / uploads / recompute`` on both backends: exit codes, messages,
the CSV's BOM and formula neutralisation, the XLSX's frozen header, delete and undo."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import openpyxl
import pytest

from ntm.store import open_store
from ntm.store.cli import format_uploads, main
from tests.conftest import ROOT
from tests.store_fixtures import assessment_rows, store_url, workbook  # noqa: F401  (fixtures)


@pytest.fixture
def files(tmp_path, catalog):
    """Three workbooks: a good one, a newer one for the same commune, and one with an error."""
    note_rows = assessment_rows(catalog, "Xã An", 2024, note="+1+2")
    note_rows[0]["note"] = "@SUM(A1)"
    good = tmp_path / "xa-an-2024.xlsx"
    good.write_bytes(workbook(catalog, note_rows, assessment_rows(catalog, "Xã Bình", 2024, seed=1)))
    newer = tmp_path / "xa-an-2024-sua.xlsx"
    newer.write_bytes(workbook(catalog, assessment_rows(catalog, "Xã An", 2024, unmet=("17.10",))))
    bad_rows = assessment_rows(catalog, "Xã Cường", 2024)
    bad_rows[0]["indicator"] = "99.9"
    bad = tmp_path / "loi.xlsx"
    bad.write_bytes(workbook(catalog, bad_rows))
    return good, newer, bad


def _run(capsys, *argv):
    status = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_import_export_and_history_from_the_command_line(store_url, files, tmp_path, capsys):
    good, newer, bad = files

    status, out, _ = _run(capsys, "import", str(good), "--db", store_url, "--who", "tester")
    assert status == 0 and "imported as upload #1 (2 assessment(s), 114 results)" in out
    status, out, _ = _run(capsys, "import", str(good), "--db", store_url)
    assert status == 0 and "nothing changed" in out
    status, out, err = _run(capsys, "import", str(bad), str(newer), "--db", store_url)
    assert status == 1
    assert "loi.xlsx: not imported, nothing written: the file has 1 error(s)" in err
    assert "replaces 1 older assessment" in out

    csv_path = tmp_path / "ket-qua.csv"
    status, out, _ = _run(capsys, "export", "--db", store_url, "--commune", "Xã Bình", "--out", str(csv_path))
    assert status == 0 and "Exported 57 results" in out
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 57 and {r["Commune"] for r in rows} == {"Xã Bình"}
    assert rows[-1]["Indicator code"] == "19.2" and any(r["Indicator code"] == "17.10" for r in rows)

    # Xã An now comes from the newer file; the older file's notes are history. Export history's
    # neutralisation with the older upload restored and the newer one deleted.
    status, out, _ = _run(capsys, "uploads", "--db", store_url, "--delete", "2")
    assert status == 0 and "--undo 2" in out
    status, _, _ = _run(capsys, "export", "--db", store_url, "--commune", "Xã An", "--out", str(csv_path))
    notes = [r["Note"] for r in csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig")))]
    assert notes[0] == "'@SUM(A1)" and set(notes[1:]) == {"'+1+2"}

    status, out, _ = _run(capsys, "uploads", "--db", store_url)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["#", "Time", "(UTC)"]
    assert "xa-an-2024-sua.xlsx" in lines[2] and "deleted" in lines[2]
    assert "xa-an-2024.xlsx" in lines[3] and "tester" in lines[3] and "active" in lines[3]
    status, out, _ = _run(capsys, "uploads", "--db", store_url, "--undo", "2")
    assert status == 0 and "restored" in out

    xlsx_path = tmp_path / "diem.xlsx"
    status, out, _ = _run(capsys, "export", "--db", store_url, "--scores", "--year", "2024", "--out", str(xlsx_path))
    assert status == 0 and "Exported 2 assessments" in out
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Province", "District", "Commune"]
    an = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2] == "Xã An")
    assert an[header.index("Indicators not met")] == "17.10"

    status, out, _ = _run(capsys, "recompute", "--db", store_url)
    assert status == 0 and "Recomputed the scores of 3 assessment(s)" in out


def test_unknown_upload_and_bad_target_are_errors_with_status_2(store_url, tmp_path, capsys):
    status, _, err = _run(capsys, "uploads", "--db", store_url, "--delete", "7")
    assert status == 2 and "no upload #7" in err
    status, _, err = _run(capsys, "export", "--db", store_url, "--out", str(tmp_path / "x.pdf"))
    assert status == 2 and ".csv or .xlsx" in err
    status, _, err = _run(capsys, "import", str(tmp_path / "missing.xlsx"), "--db", store_url)
    assert status == 2 and "cannot open" in err


def test_the_uploads_list_of_an_empty_store_says_so(store_url, capsys):
    status, out, _ = _run(capsys, "uploads", "--db", store_url)
    assert status == 0 and "no uploads yet" in out
    store = open_store(store_url)
    try:
        assert "chưa có" in format_uploads(store.uploads(), "vi")
    finally:
        store.close()


def test_python_dash_m_ntm_offers_the_store_commands():
    out = subprocess.run([sys.executable, "-m", "ntm", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0
    for command in ("import", "export", "uploads", "recompute"):
        assert command in out.stdout


def test_a_set_file_given_at_import_is_kept_for_later_commands(store_url, fresh_catalog, tmp_path, capsys):
    from ntm.catalog import build_set
    from ntm.catalog.workbook import write_set_workbook

    base = fresh_catalog.get("ntm-2021")
    province_set = build_set({"id": "tinh-thu", "name_vi": "Bộ tiêu chí tỉnh thử", "family": "ntm",
                              "criteria_count": "19", "indicator_count": "57", "indicators_complete": "yes"},
                             base.rows, origin="tinh-thu.xlsx")
    set_file = tmp_path / "tinh-thu.xlsx"
    write_set_workbook(province_set, set_file)
    fresh_catalog.add(province_set)
    data = tmp_path / "xa-an.xlsx"
    data.write_bytes(workbook(fresh_catalog, assessment_rows(fresh_catalog, "Xã An", 2024, set_id="tinh-thu"),
                              set_id="tinh-thu"))

    status, out, err = _run(capsys, "import", str(data), "--set-file", str(set_file), "--db", store_url)
    assert status == 0, err

    status, out, err = _run(capsys, "recompute", "--db", store_url)  # no --set-file: the store knows it
    assert status == 0 and "Recomputed the scores of 1 assessment(s)" in out, err
    store = open_store(store_url)
    try:
        assert store.criteria_sets()["set_id"].tolist() == ["tinh-thu"]
        assert store.scores()["criteria_set"].tolist() == ["tinh-thu"]
    finally:
        store.close()
