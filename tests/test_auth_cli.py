"""``python -m ntm users`` and ``python -m ntm audit``, and changes made as a named account: an
editor of one province cannot change another's data from the command line."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from ntm.auth import guard
from ntm.auth.cli import main
from ntm.auth.errors import PermissionDenied
from ntm.store import REJECTED, open_store
from ntm.store.users import Accounts
from tests.store_fixtures import PROVINCE, assessment_rows, store_url, workbook  # noqa: F401

SECRET = "mật-khẩu-đủ-dài"
OTHER = "Tỉnh Khác"


@pytest.fixture
def stdin_lines(monkeypatch):
    """Feed lines to standard input, as a script would."""
    def feed(*lines):
        monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    return feed


def _run(capsys, *argv):
    status = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_fresh_store_creates_its_first_admin_then_requires_an_acting_admin(store_url, capsys, stdin_lines):
    stdin_lines(SECRET)
    status, out, _ = _run(capsys, "users", "add", "QT", "--role", "admin", "--name", "Quản trị",
                          "--db", store_url)
    assert status == 0 and "Added QT (admin)" in out
    stdin_lines(SECRET)
    status, _, err = _run(capsys, "users", "add", "bt", "--role", "editor", "--db", store_url)
    assert status == 2 and "--as LOGIN" in err
    stdin_lines(SECRET)
    assert _run(capsys, "users", "add", "bt", "--role", "editor", "--as", "qt", "--db", store_url)[0] == 0
    status, out, _ = _run(capsys, "users", "assign", "bt", "--province", PROVINCE, "--as", "qt",
                          "--db", store_url)
    assert status == 0 and f"{PROVINCE} assigned to bt" in out
    stdin_lines(SECRET)
    status, _, err = _run(capsys, "users", "add", "xem", "--role", "viewer", "--as", "bt", "--db", store_url)
    assert status == 2 and "editor role may not manage users" in err
    status, out, _ = _run(capsys, "users", "list", "--as", "qt", "--db", store_url)
    assert status == 0 and "bt" in out and PROVINCE in out and SECRET not in out

    stdin_lines(SECRET + "-moi")  # one's own password needs no admin
    assert _run(capsys, "users", "passwd", "bt", "--as", "bt", "--db", store_url)[0] == 0
    stdin_lines(SECRET + "-moi")
    assert _run(capsys, "users", "passwd", "qt", "--as", "bt", "--db", store_url)[0] == 2
    assert _run(capsys, "users", "deactivate", "bt", "--as", "qt", "--db", store_url)[0] == 0
    assert _run(capsys, "users", "list", "--as", "bt", "--db", store_url)[0] == 2  # deactivated

    store = open_store(store_url)
    try:
        accounts = Accounts(store.engine)
        assert accounts.sign_in("qt", SECRET).display_name == "Quản trị"
        assert accounts.account("bt").active is False
    finally:
        store.close()


def test_short_or_mismatched_passwords_are_refused(store_url, capsys, stdin_lines, monkeypatch):
    stdin_lines("ngan")
    status, _, err = _run(capsys, "users", "add", "qt", "--role", "admin", "--db", store_url)
    assert status == 2 and "at least 8" in err and "ngan" not in err
    answers = iter([SECRET, SECRET + "x"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    status, _, err = _run(capsys, "users", "add", "qt", "--role", "admin", "--db", store_url)
    assert status == 2 and "differ" in err


def test_an_editor_changes_its_province_only_and_the_trail_shows_it(store_url, catalog, capsys, tmp_path):
    store = open_store(store_url)
    try:
        accounts = Accounts(store.engine)
        accounts.add("qt", "admin", who="", password=SECRET)
        accounts.add("bt-1", "editor", who="qt")
        accounts.assign("bt-1", guard.Place(PROVINCE), who="qt")
        accounts.add("bt-2", "editor", who="qt")
        accounts.assign("bt-2", guard.Place(OTHER), who="qt")
        accounts.add("xem", "viewer", who="qt")
        editor_1, editor_2, viewer = (guard.acting_account(store, login) for login in ("bt-1", "bt-2", "xem"))

        mine = workbook(catalog, assessment_rows(catalog, "Xã An", 2024))
        outcome = guard.import_as(store, editor_1, mine, "a.xlsx", catalog)
        assert outcome.status == "imported"
        other = workbook(catalog, assessment_rows(catalog, "Xã An", 2024, seed=2))
        theirs = guard.import_as(store, editor_2, other, "b.xlsx", catalog)
        assert theirs.status == REJECTED
        assert "may not upload data for Xã An, Tỉnh Thử Nghiệm" in theirs.message("en")
        assert guard.import_as(store, viewer, mine, "a.xlsx", catalog).status == REJECTED
        assert len(store.uploads()) == 1

        for change in (guard.delete_as, guard.undo_as):
            with pytest.raises(PermissionDenied, match="not assigned"):
                change(store, editor_2, outcome.upload_id)
        assert guard.delete_as(store, editor_1, outcome.upload_id)
        assert store.uploads()["status"].tolist() == ["deleted"]
        with pytest.raises(PermissionDenied):
            guard.save_criteria_set_as(store, editor_1, catalog.get("ntm-2021"))
    finally:
        store.close()

    status, out, _ = _run(capsys, "audit", "--as", "bt-2", "--db", store_url)
    assert status == 0 and "a.xlsx" not in out  # not its place, not its action
    out_file = tmp_path / "nhat-ky.csv"
    status, out, _ = _run(capsys, "audit", "--as", "bt-1", "--out", str(out_file), "--db", store_url)
    assert status == 0 and "Exported 3 audit rows" in out
    rows = list(csv.DictReader(io.StringIO(out_file.read_bytes().decode("utf-8-sig"))))
    assert [(r["By"], r["Action"], r["File"], r["Places"], r["Account"]) for r in rows] == [
        ("bt-1", "Delete", "a.xlsx", f"Xã An, {PROVINCE}", ""),
        ("bt-1", "Upload", "a.xlsx", f"Xã An, {PROVINCE}", ""),
        ("qt", "Assign place", "", PROVINCE, "bt-1")]  # who may change its province is its business too
    assert _run(capsys, "audit", "--as", "xem", "--db", store_url)[0] == 2  # viewers read no trail

    xlsx = tmp_path / "nhat-ky.xlsx"
    assert _run(capsys, "audit", "--as", "qt", "--out", str(xlsx), "--db", store_url)[0] == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Audit", "Info"]
    sheet = book.worksheets[0]
    assert sheet.max_row == 1 + 8  # header; 4 accounts added, 2 places assigned, 1 upload, 1 delete
    info = {row[0]: row[1] for row in book["Info"].iter_rows(values_only=True)}
    assert info["Exported by"] == "qt" and info["Rows"] == 8
    status, _, err = _run(capsys, "audit", "--as", "qt", "--out", str(tmp_path / "x.txt"), "--db", store_url)
    assert status == 2 and "Can only export .csv or .xlsx files, not 'x.txt'." in err
    assert not (tmp_path / "x.txt").exists()


def test_python_dash_m_ntm_offers_the_users_and_audit_commands(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    url = f"sqlite:///{tmp_path / 'ntm.sqlite3'}"

    def ntm(*argv, stdin=""):
        return subprocess.run([sys.executable, "-m", "ntm", "--lang", "en", *argv, "--db", url], cwd=ROOT,
                              input=stdin, capture_output=True, text=True)

    added = ntm("users", "add", "qt", "--role", "admin", "--password-stdin", stdin=SECRET + "\n")
    assert added.returncode == 0, added.stderr
    added = ntm("users", "add", "bt", "--role", "editor", "--oidc", "--as", "qt")
    assert added.returncode == 0, added.stderr
    assigned = ntm("users", "assign", "bt", "--province", "An Giang", "--as", "qt")
    assert assigned.returncode == 0, assigned.stderr
    listed = ntm("users", "list", "--as", "qt")
    assert listed.returncode == 0 and "bt" in listed.stdout and "An Giang" in listed.stdout, listed.stderr
    refused = ntm("users", "list", "--as", "bt")
    assert refused.returncode == 2 and "may not manage users" in refused.stderr
    trail = ntm("audit", "--as", "qt")
    assert trail.returncode == 0 and "Assign place" in trail.stdout and SECRET not in trail.stdout
