"""Who may change the official units: saving or withdrawing lineage corrections and refreshing the
units move assessments of every province to other units, so only administrators may, through
``ntm.auth.guard`` and ``python -m ntm units … --as LOGIN``; each change is in the audit trail.
Both backends."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from ntm.auth import guard
from ntm.auth.cli import main as auth_main
from ntm.auth.errors import PermissionDenied
from ntm.auth.permissions import Place
from ntm.store import audit, open_store
from ntm.store.engine import read_connection
from ntm.store.users import Accounts
from ntm.units.cli import EXIT_OK, EXIT_UNUSABLE
from ntm.units.cli import main as units_main
from ntm.units.corrections import COLUMNS, SHEET
from tests.store_fixtures import assessment_rows, store_url, workbook  # noqa: F401  (fixtures)

SECRET = "mật-khẩu-đủ-dài"
UNIT_ACTIONS = {audit.UNIT_CORRECTIONS, audit.UNIT_CORRECTIONS_WITHDRAWN, audit.UNIT_REFRESH}


def corrections_workbook() -> bytes:
    """The province's decision that Khánh An (30340) joined Xã Nhơn Hội (30346)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    keys = list(COLUMNS)
    sheet.append([COLUMNS[k][0] for k in keys])
    row = {"old_code": "30340", "old_name": "Khánh An", "new_code": "30346", "new_name": "Nhơn Hội"}
    sheet.append([row.get(k) for k in keys])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def people(store_url, catalog):
    """A store holding Khánh An 2024 (An Giang), an administrator, an editor of An Giang, a viewer."""
    store = open_store(store_url)
    try:
        rows = [dict(r, province="An Giang", district="Huyện An Phú")
                for r in assessment_rows(catalog, "Khánh An", 2024)]
        store.import_file(workbook(catalog, rows), "khanh-an.xlsx", catalog, who="qt")
        accounts = Accounts(store.engine)
        accounts.add("qt", "admin", who="", password=SECRET)
        accounts.add("bt-ag", "editor", who="qt")
        accounts.assign("bt-ag", Place("An Giang"), who="qt")
        accounts.add("xem", "viewer", who="qt")
    finally:
        store.close()
    return store_url


def _unit_rows(store) -> list[tuple[str, str]]:
    """The trail's unit changes, oldest first: (action, who)."""
    with read_connection(store.engine) as connection:
        trail = audit.read_audit(connection)
    return [(r.action, r.who) for r in trail.iloc[::-1].itertuples() if r.action in UNIT_ACTIONS]


def test_only_an_administrator_changes_the_units_and_the_trail_shows_it(people):
    content = corrections_workbook()
    store = open_store(people)
    try:
        admin, editor, viewer = (guard.acting_account(store, login) for login in ("qt", "bt-ag", "xem"))
        revision = store.revision()
        # An editor, even of the province concerned, may not: the change reaches every place.
        for account in (editor, viewer):
            with pytest.raises(PermissionDenied, match="may not correct the lineage") as refused:
                guard.save_unit_corrections_as(store, account, content, "hieu-chinh.xlsx")
            assert "chỉ quản trị viên" in refused.value.message_vi
            with pytest.raises(PermissionDenied):
                guard.save_unit_corrections_as(store, account, None, None)
            with pytest.raises(PermissionDenied):
                guard.refresh_units_as(store, account)
        assert store.unit_corrections().empty and store.revision() == revision and _unit_rows(store) == []
        assert store.scores()["new_code"].tolist() == ["30341"]

        outcome = guard.save_unit_corrections_as(store, admin, content, "hieu-chinh.xlsx")
        assert outcome.saved and store.scores()["new_code"].tolist() == ["30346"]
        assert store.unit_corrections()["saved_by"].tolist() == ["qt"]
        assert guard.refresh_units_as(store, admin) == 0
        assert guard.save_unit_corrections_as(store, admin, None, None).changed == 1
        assert _unit_rows(store) == [(audit.UNIT_CORRECTIONS, "qt"), (audit.UNIT_CORRECTIONS_WITHDRAWN, "qt")]
    finally:
        store.close()


def _units(capsys, *argv):
    status = units_main(["--lang", "en", "units", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_units_commands_act_as_the_account_named(people, tmp_path, capsys):
    path = tmp_path / "hieu-chinh.xlsx"
    path.write_bytes(corrections_workbook())
    refused = [
        (("corrections", str(path), "--as", "bt-ag"), "editor role may not correct the lineage"),
        (("corrections", "--withdraw", "--as", "xem"), "viewer role may not correct the lineage"),
        (("refresh", "--as", "bt-ag"), "editor role may not correct the lineage"),
        (("corrections", str(path)), "This store has accounts: say who you are with --as LOGIN"),
        (("corrections", str(path), "--as", "qt", "--who", "someone"), "leave out --who"),
        (("refresh", "--as", "nobody"), "No active account 'nobody'"),
    ]
    for argv, message in refused:
        status, out, err = _units(capsys, *argv, "--db", people)
        assert status == EXIT_UNUSABLE and message in err and "Saved" not in out, (argv, err)
    status, out, _ = _units(capsys, "corrections", "--db", people)  # listing needs no account
    assert status == EXIT_OK and "no lineage correction workbook" in out

    status, out, err = _units(capsys, "corrections", str(path), "--as", "qt", "--db", people)
    assert status == EXIT_OK and "1 stored assessment(s) changed unit" in out, err
    status, out, _ = _units(capsys, "refresh", "--as", "qt", "--db", people)
    assert status == EXIT_OK and "0 assessment(s) changed unit" in out

    trail_file = tmp_path / "nhat-ky.csv"
    assert auth_main(["--lang", "en", "audit", "--as", "qt", "--out", str(trail_file), "--db", people]) == 0
    rows = list(csv.DictReader(io.StringIO(trail_file.read_bytes().decode("utf-8-sig"))))
    assert [(r["By"], r["Action"], r["File"]) for r in rows if "lineage" in r["Action"]] == [
        ("qt", "Save lineage corrections", "hieu-chinh.xlsx")]


def test_on_a_store_without_accounts_the_local_operator_acts_under_who(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'ntm.sqlite3'}"
    path = tmp_path / "hieu-chinh.xlsx"
    path.write_bytes(corrections_workbook())
    status, _, err = _units(capsys, "corrections", str(path), "--who", "cán bộ tỉnh", "--db", url)
    assert status == EXIT_OK, err
    status, _, err = _units(capsys, "corrections", "--withdraw", "--who", "cán bộ tỉnh", "--db", url)
    assert status == EXIT_OK, err
    store = open_store(url)
    try:
        assert _unit_rows(store) == [(audit.UNIT_CORRECTIONS, "cán bộ tỉnh"),
                                     (audit.UNIT_CORRECTIONS_WITHDRAWN, "cán bộ tỉnh")]
    finally:
        store.close()
