"""The units commands (ntm.units.cli), run in-process."""

from __future__ import annotations

import json

import openpyxl

from ntm.units.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, main
from ntm.units.corrections import SHEET


def test_resolve_prints_the_unit_and_todays_unit(capsys):
    assert main(["units", "resolve", "Khanh Binh", "--province", "An Giang", "--year", "2024"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Xã Khánh Bình (Huyện An Phú, Tỉnh An Giang) — mã 30343" in out
    assert "nay thuộc Xã Khánh Bình (Tỉnh An Giang) (mã 30341)" in out


def test_resolve_a_typo_fails_with_a_suggestion(capsys):
    args = ["--lang", "en", "units", "resolve", "Khanh Bnh", "--province", "An Giang", "--year", "2026"]
    assert main(args) == EXIT_PROBLEMS
    assert "did you mean 'Khánh Bình'?" in capsys.readouterr().err


def test_resolve_json(capsys):
    args = ["units", "resolve", "UBND xã Khánh An", "--province", "An Giang", "--year", "2023", "--json"]
    assert main(args) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["unit"]["code"] == "30340" and data["today"]["code"] == "30341"
    assert data["problems"] == [] and data["matched_by"] == "name"


def test_lineage_of_a_code_in_both_maps(capsys):
    assert main(["units", "lineage", "30341"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Thị trấn Long Bình" in out and "← Xã Khánh An (Huyện An Phú, Tỉnh An Giang) [30340]" in out
    assert main(["units", "lineage", "30341", "--json"]) == EXIT_OK
    rows = json.loads(capsys.readouterr().out)
    assert {(r["old_code"], r["new_code"]) for r in rows} == {("30340", "30341"), ("30341", "30341"),
                                                              ("30343", "30341")}
    assert main(["units", "lineage", "00000"]) == EXIT_PROBLEMS


def test_template_then_corrections_change_the_lineage(tmp_path, capsys):
    path = tmp_path / "hieu-chinh.xlsx"
    assert main(["units", "template", str(path)]) == EXIT_OK
    book = openpyxl.load_workbook(path)
    book[SHEET].append(["30340", "Khánh An", "", "", "30337"])
    book.save(path)
    assert main(["units", "check-corrections", str(path)]) == EXIT_OK
    assert main(["units", "lineage", "30340", "--corrections", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "→ Xã An Phú (Tỉnh An Giang) [30337], từ 01/07/2025 [hiệu chỉnh]" in out


def test_corrections_with_errors_are_not_applied(tmp_path, capsys):
    path = tmp_path / "hieu-chinh.xlsx"
    main(["units", "template", str(path)])
    book = openpyxl.load_workbook(path)
    book[SHEET].append(["30340", "Khánh Bình", "", "", "30337"])
    book.save(path)
    assert main(["units", "check-corrections", str(path)]) == EXIT_PROBLEMS
    assert main(["units", "resolve", "Khánh An", "--province", "An Giang", "--year", "2024",
                 "--corrections", str(path)]) == EXIT_PROBLEMS
    assert "code-name-mismatch" in capsys.readouterr().err


def test_a_file_that_is_not_a_workbook_exits_2(tmp_path, capsys):
    path = tmp_path / "x.xlsx"
    path.write_text("nope")
    assert main(["units", "check-corrections", str(path)]) == EXIT_UNUSABLE
    assert "Excel" in capsys.readouterr().err


def test_corrections_kept_in_the_store_change_its_units_and_can_be_withdrawn(tmp_path, capsys, catalog):
    from ntm.store import open_store
    from tests.store_fixtures import assessment_rows, workbook

    url = f"sqlite:///{tmp_path / 'ntm.sqlite3'}"
    store = open_store(url)
    rows = [dict(r, province="An Giang", district="Huyện An Phú") for r in assessment_rows(catalog, "Khánh An", 2024)]
    store.import_file(workbook(catalog, rows), "a.xlsx", catalog)
    revision = store.revision()
    path = tmp_path / "hieu-chinh.xlsx"
    main(["units", "template", str(path)])
    book = openpyxl.load_workbook(path)
    book[SHEET].append(["30340", "Khánh An", "", "", "30337"])
    book.save(path)
    capsys.readouterr()

    assert main(["units", "corrections", str(path), "--db", url, "--who", "cán bộ tỉnh"]) == EXIT_OK
    assert "1 kết quả đánh giá trong kho đổi đơn vị" in capsys.readouterr().out
    assert store.scores()["new_code"].tolist() == ["30337"] and store.revision() > revision
    assert main(["units", "corrections", "--db", url]) == EXIT_OK
    listed = capsys.readouterr().out
    assert "hieu-chinh.xlsx" in listed and "(đang dùng)" in listed and "cán bộ tỉnh" in listed
    assert main(["units", "refresh", "--db", url]) == EXIT_OK
    assert "0 kết quả" in capsys.readouterr().out
    assert main(["--lang", "en", "units", "corrections", "--withdraw", "--db", url]) == EXIT_OK
    assert "1 stored assessment(s) changed unit" in capsys.readouterr().out
    assert store.scores()["new_code"].tolist() == ["30341"]
    store.close()


def test_corrections_with_errors_are_not_kept_in_the_store(tmp_path, capsys):
    from ntm.store import open_store

    url = f"sqlite:///{tmp_path / 'ntm.sqlite3'}"
    path = tmp_path / "hieu-chinh.xlsx"
    main(["units", "template", str(path)])
    book = openpyxl.load_workbook(path)
    book[SHEET].append(["30340", "Khánh Bình", "", "", "30337"])
    book.save(path)
    assert main(["units", "corrections", str(path), "--db", url]) == EXIT_PROBLEMS
    err = capsys.readouterr().err
    assert "code-name-mismatch" in err and "Không lưu" in err
    assert main(["units", "corrections", "--db", url]) == EXIT_OK
    assert "chưa có tệp hiệu chỉnh" in capsys.readouterr().out
    open_store(url).close()
