"""``python -m ntm import / export / uploads / recompute`` on both backends: exit codes, messages,
the CSV's BOM and formula neutralisation, the XLSX's frozen header, delete and undo, and the loader's
options at import (a form whose title lines do not name the place and year), and who may change what
(--as LOGIN: an editor of one province cannot import or delete another's data)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from ntm import cli as ntm_cli
from ntm.store import open_store
from ntm.cli_options import LOAD_OPTIONS
from ntm.store.cli import format_uploads, main
from tests.conftest import ROOT
from tests.helpers_layouts import assessment, form_sheet, write_xlsx
from tests.store_fixtures import assessment_rows, audit_trail, store_url, workbook  # noqa: F401  (fixtures)


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


def test_the_results_export_carries_the_official_units(store_url, catalog, tmp_path, capsys):
    rows = [dict(r, province="An Giang", district="Huyện An Phú")
            for r in assessment_rows(catalog, "UBND xã Khánh An", 2023)]
    data = tmp_path / "khanh-an.xlsx"
    data.write_bytes(workbook(catalog, rows))
    assert main(["import", str(data), "--db", store_url]) == 0
    xlsx_path, csv_path = tmp_path / "ket-qua.xlsx", tmp_path / "ket-qua.csv"
    for out in (xlsx_path, csv_path):
        assert main(["export", "--db", store_url, "--year", "2023", "--out", str(out)]) == 0
    assert "Đã xuất 57 kết quả" in capsys.readouterr().out

    sheet = openpyxl.load_workbook(xlsx_path).worksheets[0]
    header = [c.value for c in sheet[1]]
    found = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    written = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    for table in (found, written):
        assert len(table) == 57
        # The name as reported, beside the official unit before and after 1 July 2025.
        assert {(r["Xã"], r["Xã trước 1/7/2025"], r["Mã xã trước 1/7/2025"], r["Xã hiện nay"],
                 str(r["Mã xã hiện nay"])) for r in table} == {
            ("UBND xã Khánh An", "Xã Khánh An", "30340", "Xã Khánh Bình", "30341")}


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
    set_file = _province_set_file(fresh_catalog, tmp_path)
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


# --- the loader's options at import ---------------------------------------------------------------------

def _subcommand(parser, name: str):
    subparsers = next(a for a in parser._actions if a.dest == "command")
    return subparsers.choices[name]


def _options(parser) -> dict[str, tuple]:
    """The loader options of a subcommand: dest → (option strings, type, choices, metavar, help)."""
    return {a.dest: (tuple(a.option_strings), a.type, tuple(a.choices or ()), a.metavar, a.help)
            for a in parser._actions if a.dest in LOAD_OPTIONS}


def test_import_takes_the_loader_options_exactly_as_score_and_check_do():
    parser = ntm_cli.build_parser()
    score = _options(_subcommand(parser, "score"))
    assert sorted(score) == sorted(LOAD_OPTIONS)
    assert _options(_subcommand(parser, "check")) == score
    assert _options(_subcommand(parser, "import")) == score


@pytest.fixture
def untitled_form(catalog, tmp_path):
    """An appraised official form for Khánh Bình 2023 without its title lines (no place, no year).

    The commune's self-assessment leaves 17.11 unmet; the district's appraisal 15.1 too; the
    province's (the latest, counted by default) 2.2 and 17.11.
    """
    results = assessment(catalog, unmet=("17.11",))
    sheet = form_sheet("2023", catalog.get("ntm-2021"), results, commune="Khánh Bình", year=2023,
                       district="An Phú", province="An Giang", title=False,
                       appraisals={"Huyện thẩm tra": {"15.1": "not_met"}, "Tỉnh thẩm định": {"2.2": "not_met"}})
    path = tmp_path / "bieu-mau-khong-tieu-de.xlsx"
    path.write_bytes(write_xlsx([sheet]))
    return path


WHERE = ["--province", "An Giang", "--district", "An Phú", "--commune", "Khánh Bình", "--year", "2023",
         "--set", "ntm-2021"]


def _scores(store_url):
    store = open_store(store_url)
    try:
        return store.scores()
    finally:
        store.close()


def test_import_a_form_whose_titles_lack_the_place_and_year(store_url, untitled_form, capsys):
    status, _, err = _run(capsys, "import", str(untitled_form), "--db", store_url)
    assert status == 1 and "not imported, nothing written: the file has 2 error(s)" in err
    assert "missing-commune" in err and "missing-year" in err
    assert _scores(store_url).empty

    status, out, err = _run(capsys, "import", str(untitled_form), *WHERE, "--status-column", "self",
                            "--db", store_url)
    assert status == 0 and "imported as upload #1 (1 assessment(s), 57 results)" in out, err
    scores = _scores(store_url)
    assert scores[["province", "district", "commune", "year", "criteria_set"]].values.tolist() == [
        ["An Giang", "An Phú", "Khánh Bình", 2023, "ntm-2021"]]
    assert [str(c) for c in scores["unmet_indicators"].iloc[0]] == ["17.11"]

    # The same bytes are the same upload, whatever the options: nothing changes ...
    status, out, _ = _run(capsys, "import", str(untitled_form), *WHERE, "--status-column", "district",
                          "--db", store_url)
    assert status == 0 and "nothing changed" in out
    # ... until that upload is deleted; then the district's appraisal counts.
    _run(capsys, "uploads", "--db", store_url, "--delete", "1")
    status, out, err = _run(capsys, "import", str(untitled_form), *WHERE, "--status-column", "district",
                            "--db", store_url)
    assert status == 0 and "imported as upload #2" in out, err
    assert [str(c) for c in _scores(store_url)["unmet_indicators"].iloc[0]] == ["15.1", "17.11"]


def test_import_counts_the_latest_appraisal_by_default(store_url, untitled_form, capsys):
    status, out, err = _run(capsys, "import", str(untitled_form), *WHERE, "--db", store_url)
    assert status == 0 and "imported as upload #1" in out, err
    assert [str(c) for c in _scores(store_url)["unmet_indicators"].iloc[0]] == ["2.2", "17.11"]


def test_import_with_an_unknown_set_writes_nothing(store_url, untitled_form, capsys):
    status, _, err = _run(capsys, "import", str(untitled_form), *WHERE[:-1], "ntm-1999", "--db", store_url)
    assert status == 2 and "not imported, nothing written" in err and "ntm-1999" in err
    assert _scores(store_url).empty


def test_python_dash_m_ntm_import_passes_the_options_through(tmp_path, untitled_form):
    url = f"sqlite:///{tmp_path / 'ntm.sqlite3'}"
    out = subprocess.run([sys.executable, "-m", "ntm", "--lang", "en", "import", str(untitled_form), *WHERE,
                          "--status-column", "self", "--db", url], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "imported as upload #1" in out.stdout, out.stderr
    assert [str(c) for c in _scores(url)["unmet_indicators"].iloc[0]] == ["17.11"]


# --- who may change what: --as LOGIN ------------------------------------------------------------------

SECRET = "mật-khẩu-đủ-dài"


@pytest.fixture
def people(store_url):
    """An administrator, an editor of An Giang, an editor of Đắk Nông and a viewer."""
    from ntm.auth.permissions import Place
    from ntm.store.users import Accounts

    store = open_store(store_url)
    try:
        accounts = Accounts(store.engine)
        accounts.add("qt", "admin", who="", password=SECRET)
        accounts.add("bt-ag", "editor", who="qt")
        accounts.assign("bt-ag", Place("An Giang"), who="qt")
        accounts.add("bt-dn", "editor", who="qt")
        accounts.assign("bt-dn", Place("Đắk Nông"), who="qt")
        accounts.add("xem", "viewer", who="qt")
    finally:
        store.close()
    return store_url


def _in(province: str, rows: list[dict]) -> list[dict]:
    return [{**row, "province": province} for row in rows]


def _changes(store_url) -> list[tuple]:
    """The trail's changes to the data (not to accounts), oldest first: (action, who, upload_id)."""
    from ntm.store import audit

    trail = audit_trail(store_url)
    data = trail[~trail["action"].str.startswith("user-") & ~trail["action"].isin([audit.ASSIGN])]
    return [(r.action, r.who, None if r.upload_id is pd.NA else int(r.upload_id))
            for r in data.iloc[::-1].itertuples()]


def test_an_editor_of_one_province_cannot_import_or_delete_anothers_data_from_the_command_line(
        people, catalog, tmp_path, capsys):
    store_url = people
    an_giang, dak_nong, both = (tmp_path / name for name in ("ag.xlsx", "dn.xlsx", "ca-hai.xlsx"))
    an_giang.write_bytes(workbook(catalog, _in("An Giang", assessment_rows(catalog, "Khánh Bình", 2024))))
    dak_nong.write_bytes(workbook(catalog, _in("Đắk Nông", assessment_rows(catalog, "Quảng Khê", 2024))))
    both.write_bytes(workbook(catalog, _in("An Giang", assessment_rows(catalog, "Khánh An", 2024)),
                              _in("Đắk Nông", assessment_rows(catalog, "Quảng Sơn", 2024))))

    refused = [
        (("import", str(an_giang), "--as", "bt-dn"), "may not upload data for Khánh Bình, An Giang"),
        (("import", str(both), "--as", "bt-ag"), "may not upload data for Quảng Sơn, Đắk Nông"),
        (("import", str(an_giang), "--as", "xem"), "The viewer role may not upload data"),
        (("import", str(an_giang)), "This store has accounts: say who you are with --as LOGIN"),
        (("import", str(an_giang), "--as", "nobody"), "No active account 'nobody'"),
        (("import", str(an_giang), "--as", "bt-ag", "--who", "someone"), "leave out --who"),
    ]
    for argv, message in refused:
        status, out, err = _run(capsys, *argv, "--db", store_url)
        assert status == 2 and message in err and "imported" not in out, (argv, err)
    assert _scores(store_url).empty

    status, out, err = _run(capsys, "import", str(an_giang), "--as", "bt-ag", "--db", store_url)
    assert status == 0 and "imported as upload #1" in out, err
    status, out, err = _run(capsys, "import", str(dak_nong), "--as", "bt-dn", "--db", store_url)
    assert status == 0 and "imported as upload #2" in out, err

    for argv in (("--delete", "1", "--as", "bt-dn"), ("--delete", "2", "--as", "xem"), ("--delete", "1")):
        status, _, err = _run(capsys, "uploads", *argv, "--db", store_url)
        assert status == 2 and "deleted" not in err, (argv, err)
    status, out, _ = _run(capsys, "uploads", "--delete", "1", "--as", "bt-ag", "--db", store_url)
    assert status == 0 and "Upload #1 deleted" in out
    status, _, err = _run(capsys, "uploads", "--undo", "1", "--as", "bt-dn", "--db", store_url)
    assert status == 2 and "may not restore uploads for Khánh Bình, An Giang" in err
    status, out, _ = _run(capsys, "uploads", "--undo", "1", "--as", "qt", "--db", store_url)
    assert status == 0 and "Upload #1 restored" in out

    status, _, err = _run(capsys, "recompute", "--as", "bt-ag", "--db", store_url)
    assert status == 2 and "may not manage criteria sets" in err
    status, out, _ = _run(capsys, "recompute", "--as", "qt", "--db", store_url)
    assert status == 0 and "Recomputed the scores of 2 assessment(s)" in out

    assert sorted(_scores(store_url)["province"]) == ["An Giang", "Đắk Nông"]
    assert _changes(store_url) == [("import", "bt-ag", 1), ("import", "bt-dn", 2), ("delete", "bt-ag", 1),
                                   ("undo", "qt", 1), ("recompute", "qt", None)]
    status, out, _ = _run(capsys, "uploads", "--db", store_url)  # reading needs no account
    assert status == 0 and "bt-ag" in out and "bt-dn" in out


def test_the_places_checked_are_those_read_with_the_import_options(people, untitled_form, capsys):
    store_url = people
    status, _, err = _run(capsys, "import", str(untitled_form), *WHERE, "--as", "bt-dn", "--db", store_url)
    assert status == 2 and "may not upload data for Khánh Bình, An Giang" in err
    assert _scores(store_url).empty
    status, out, err = _run(capsys, "import", str(untitled_form), *WHERE, "--status-column", "self",
                            "--as", "bt-ag", "--db", store_url)
    assert status == 0 and "imported as upload #1" in out, err
    assert [str(c) for c in _scores(store_url)["unmet_indicators"].iloc[0]] == ["17.11"]


def test_only_an_administrator_keeps_a_set_file_in_the_store(people, fresh_catalog, tmp_path, capsys):
    store_url = people
    set_file = _province_set_file(fresh_catalog, tmp_path)
    data = tmp_path / "xa-an.xlsx"
    data.write_bytes(workbook(fresh_catalog, _in("An Giang", assessment_rows(fresh_catalog, "Xã An", 2024,
                                                                             set_id="tinh-thu")),
                              set_id="tinh-thu"))

    status, _, err = _run(capsys, "import", str(data), "--set-file", str(set_file), "--as", "bt-ag",
                          "--db", store_url)
    assert status == 2 and "may not manage criteria sets" in err
    store = open_store(store_url)
    try:
        assert store.criteria_sets().empty and store.uploads().empty
    finally:
        store.close()
    status, out, err = _run(capsys, "recompute", "--set-file", str(set_file), "--as", "qt", "--db", store_url)
    assert status == 0, err
    status, out, err = _run(capsys, "import", str(data), "--as", "bt-ag", "--db", store_url)
    assert status == 0 and "imported as upload #1" in out, err


def _province_set_file(catalog, folder):
    """A province's set "tinh-thu" (ntm-2021's rows) written as a set workbook, and added to ``catalog``."""
    from ntm.catalog import build_set
    from ntm.catalog.workbook import write_set_workbook

    province_set = build_set({"id": "tinh-thu", "name_vi": "Bộ tiêu chí tỉnh thử", "family": "ntm",
                              "criteria_count": "19", "indicator_count": "57", "indicators_complete": "yes"},
                             catalog.get("ntm-2021").rows, origin="tinh-thu.xlsx")
    set_file = folder / "tinh-thu.xlsx"
    write_set_workbook(province_set, set_file)
    catalog.add(province_set)
    return set_file
