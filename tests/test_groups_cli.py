"""``python -m ntm groups set | show``: a list of commune → group (.csv or .xlsx) written onto the
stored assessments, a list with errors refused whole, the account's places checked (--as LOGIN),
the change in the audit trail — on both backends."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from ntm import cli as ntm_cli
from ntm.loaders.group_list import read_group_list
from ntm.store import open_store
from ntm.store.groups_cli import main
from tests.store_fixtures import PROVINCE, audit_trail, stored_groups, store_url  # noqa: F401  (fixtures)
from tests.test_store_groups import workbook_2026


def _run(capsys, *argv):
    status = main(["--lang", "en", "groups", *argv])
    out, err = capsys.readouterr()
    return status, out, err




def _xlsx(path, rows: list[list]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Danh sách nhóm xã năm 2026"])
    for row in rows:
        sheet.append(row)
    book.save(path)


@pytest.fixture
def stored(store_url, catalog, tmp_path):
    """A store holding three 2026 assessments of the test province, one with a group already."""
    data = tmp_path / "kq-2026.xlsx"
    data.write_bytes(workbook_2026(catalog, {"Xã An": None, "Xã Bình": 3, "Xã Cư": None}))
    store = open_store(store_url)
    try:
        assert store.import_file(data.read_bytes(), data.name, catalog).ok
    finally:
        store.close()
    return store_url


def test_set_from_a_csv_then_show(stored, tmp_path, capsys):
    listed = tmp_path / "nhom.csv"
    listed.write_text("Tên xã;Nhóm xã\nXã An;1\nUBND xã bình;Nhóm 2\nXã Không Có;3\n", encoding="utf-8-sig")
    status, out, _ = _run(capsys, "set", str(listed), "--province", PROVINCE, "--db", stored, "--who", "tester")
    assert status == 0
    assert "2 stored assessment(s) changed" in out and "No stored assessment for: Xã Không Có" in out
    assert stored_groups(stored) == {"Xã An": 1, "Xã Bình": 2, "Xã Cư": None}
    status, out, _ = _run(capsys, "show", "--province", PROVINCE, "--db", stored)
    lines = out.splitlines()
    assert lines[0].split() == ["Commune", "Code", "Year", "Set", "Commune", "group"]
    assert [line.split()[-2:] for line in lines[2:]] == [["Group", "1"], ["Group", "2"], ["Group", "unknown"]]


def test_set_from_an_xlsx_for_one_year_in_vietnamese(stored, tmp_path, capsys):
    listed = tmp_path / "nhom.xlsx"
    _xlsx(listed, [["Xã", "Nhóm"], ["Xã Cư", 2.0]])
    assert main(["groups", "set", str(listed), "--province", PROVINCE, "--year", "2025",
                 "--db", stored]) == 0
    assert "Không có kết quả đánh giá nào trong kho của: Xã Cư" in capsys.readouterr().out  # no 2025 data
    assert main(["groups", "set", str(listed), "--province", PROVINCE, "--year", "2026", "--db", stored]) == 0
    assert "Đã ghi nhóm xã: 1 kết quả đánh giá" in capsys.readouterr().out
    assert stored_groups(stored)["Xã Cư"] == 2


def test_a_list_with_errors_changes_nothing_and_says_where(stored, tmp_path, capsys):
    listed = tmp_path / "nhom.xlsx"
    _xlsx(listed, [["Xã", "Nhóm xã"], ["Xã An", 1], ["Xã Bình", 4], [None, 2], ["Xã An", 2]])
    status, _, err = _run(capsys, "set", str(listed), "--province", PROVINCE, "--db", stored)
    assert status == 1 and "nothing changed" in err
    assert "bad-commune-group" in err and "Sheet:4" in err and "'4' is not a group" in err
    assert "missing-commune" in err and "conflicting-commune-group" in err
    assert stored_groups(stored) == {"Xã An": None, "Xã Bình": 3, "Xã Cư": None}


def test_the_list_reader_finds_its_header_and_reads_codes(tmp_path):
    frame, problems = read_group_list("Mã xã,Nhóm xã\n030316,1\n 30341 ,nhom 3\n".encode(), "nhom.csv")
    assert problems.empty
    assert list(zip(frame["commune_code"], frame["commune_group"], frame["row"])) == [
        ("030316", 1, 2), ("30341", 3, 3)]
    frame, problems = read_group_list("Tỉnh,Huyện\nAn Giang,An Phú\n".encode(), "x.csv")
    assert list(problems["code"]) == ["no-group-list-header"] and frame.empty


def test_who_may_set_groups(stored, tmp_path, capsys):
    from ntm.auth.permissions import Place
    from ntm.store.users import Accounts

    store = open_store(stored)
    try:
        accounts = Accounts(store.engine)
        accounts.add("qt", "admin", who="", password="mật-khẩu-đủ-dài")
        accounts.add("bt-khac", "editor", who="qt")
        accounts.assign("bt-khac", Place("An Giang"), who="qt")
        accounts.add("bt-nay", "editor", who="qt")
        accounts.assign("bt-nay", Place(PROVINCE, "Xã An"), who="qt")
    finally:
        store.close()
    listed = tmp_path / "nhom.csv"
    listed.write_text("Xã,Nhóm xã\nXã An,2\n", encoding="utf-8")
    for argv, said in (((), "say who you are with --as LOGIN"),
                       (("--as", "bt-khac"), "may not upload data for Xã An"),
                       (("--as", "bt-nay", "--who", "x"), "leave out --who")):
        status, _, err = _run(capsys, "set", str(listed), "--province", PROVINCE, *argv, "--db", stored)
        assert status == 2 and said in err
    assert stored_groups(stored)["Xã An"] is None
    status, out, _ = _run(capsys, "set", str(listed), "--province", PROVINCE, "--as", "bt-nay", "--db", stored)
    assert status == 0 and stored_groups(stored)["Xã An"] == 2
    trail = audit_trail(stored)
    last = trail.sort_values("id").iloc[-1]
    assert (last["who"], last["action"]) == ("bt-nay", "commune-groups")
    assert last["details"]["groups"] == {"Xã An": 2}


def test_the_main_command_line_has_the_groups_commands():
    parser = ntm_cli.build_parser()
    args = parser.parse_args(["groups", "show", "--province", "An Giang"])
    assert args.func.__name__ == "cmd_groups_show"


def test_the_export_carries_the_group(stored, tmp_path):
    from ntm.store.cli import main as store_main

    for what, extra in (("diem.csv", ["--scores"]), ("ket-qua.csv", [])):
        out = tmp_path / what
        assert store_main(["export", "--out", str(out), "--db", stored, *extra]) == 0
        table = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
        groups = table.drop_duplicates("Xã").set_index("Xã")["Nhóm xã"]
        assert groups.fillna("").to_dict() == {"Xã An": "", "Xã Bình": "3", "Xã Cư": ""}
