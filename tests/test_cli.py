"""The command line's contract: JSON keys and values, exit codes, Excel row numbers, messages."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest

from ntm.cli import main
from tests.conftest import ROOT

HEADER = ["Tỉnh", "Huyện", "Xã", "Mã xã", "Năm", "Bộ tiêu chí", "Mã chỉ tiêu", "Nội dung chỉ tiêu",
          "Chỉ tiêu đạt chuẩn", "Kết quả", "Đánh giá", "Ghi chú", "Nhóm xã"]
SEED_UNMET = {"1.1", "1.2", "15.1", "17.2", "17.7", "17.11"}
SEED_REPORT = (
    "* Về xã nông thôn mới:\n"
    "- Số tiêu chí đạt: 16/19 tiêu chí, chiếm tỷ lệ 84,21%; số chỉ tiêu đạt: 50/57 chỉ tiêu, chiếm tỷ lệ 87,72%.\n"
    "- Số tiêu chí chưa đạt: 03 tiêu chí gồm: tiêu chí số 1; 15 và 17. Số chỉ tiêu chưa đạt 06 chỉ tiêu gồm: "
    "1.1; 1.2; 15.1; 17.2; 17.7 và 17.11.\n"
)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _hand_made_workbook(path, catalog, *, extra_rows=()):
    """Khánh Bình 2023 typed by a user who only follows the header (not our template writer)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(HEADER)
    for code in catalog.get("ntm-2021").indicators["indicator"]:
        status = "Chưa đạt" if code in SEED_UNMET else "Đạt"
        sheet.append(["An Giang", "An Phú", "Khánh Bình", None, 2023, "NTM 2021-2025", code, None, None, None,
                      status, None])
    for row in extra_rows:
        sheet.append(row)
    book.save(path)
    return path


def test_score_json_of_a_hand_made_workbook_is_exact(tmp_path, capsys, catalog):
    path = _hand_made_workbook(tmp_path / "khanh-binh.xlsx", catalog)
    status, out, _ = _run(capsys, "score", str(path), "--json")
    assert status == 0
    assert json.loads(out) == [{
        "province": "An Giang", "district": "An Phú", "commune": "Khánh Bình", "commune_code": None,
        "year": 2023, "criteria_set": "ntm-2021",
        "criteria_met": 16, "criteria_total": 19, "criteria_pct": 84.21, "criteria_basically_met": 0,
        "indicators_met": 51, "indicators_total": 57, "indicators_pct": 89.47,
        "unmet_criteria": ["1", "15", "17"],
        "unmet_indicators": ["1.1", "1.2", "15.1", "17.2", "17.7", "17.11"],
        "missing_indicators": [], "not_applicable": [], "reached_standard": False,
    }]


def test_score_table_speaks_vietnamese_numbers(tmp_path, capsys, catalog):
    path = _hand_made_workbook(tmp_path / "khanh-binh.xlsx", catalog)
    status, out, _ = _run(capsys, "score", str(path))
    assert status == 0
    assert "Khánh Bình" in out and "16/19" in out and "84,21%" in out and "89,47%" in out
    assert "1; 15; 17" in out


def test_check_names_bad_rows_by_excel_row_and_exits_1(tmp_path, capsys, catalog):
    # Rows 2..58 are the 57 good rows; 59 has a bad status, 60 an unknown code.
    bad = [["An Giang", "An Phú", "Khánh An", None, 2023, "NTM 2021-2025", "1.1", None, None, None, "Đạt lắm", None],
           ["An Giang", "An Phú", "Khánh An", None, 2023, "NTM 2021-2025", "17.99", None, None, None, "Đạt", None]]
    path = _hand_made_workbook(tmp_path / "bad.xlsx", catalog, extra_rows=bad)
    status, out, err = _run(capsys, "check", str(path), "--json")
    assert status == 1
    problems = json.loads(out)
    errors = {(p["code"], p["row"]) for p in problems if p["severity"] == "error"}
    assert ("bad-status", 59) in errors and ("unknown-indicator", 60) in errors
    assert all(p["file"] == "bad.xlsx" and p["sheet"] == "Sheet1" for p in problems)
    assert all(p["message"] and p["message_en"] for p in problems)
    assert "59 dòng đã đọc" in err


def test_check_of_a_clean_file_exits_0_and_prints_the_accounting(tmp_path, capsys, catalog):
    path = _hand_made_workbook(tmp_path / "ok.xlsx", catalog)
    status, out, _ = _run(capsys, "check", str(path))
    assert status == 0
    assert "57 dòng đã đọc, 57 dòng dùng được" in out


def test_a_file_that_is_not_a_workbook_exits_2_with_a_vietnamese_message(tmp_path, capsys):
    path = tmp_path / "bao-cao.xlsx"
    path.write_text("Tỉnh,Xã\nAn Giang,Khánh Bình\n", encoding="utf-8")
    status, out, err = _run(capsys, "check", str(path))
    assert status == 2
    assert "bao-cao.xlsx" in err and "Excel" in err


def test_template_command_writes_the_header_and_the_set(tmp_path, capsys):
    out_path = tmp_path / "mau.xlsx"
    status, out, _ = _run(capsys, "template", str(out_path), "--set", "NTM nâng cao 2021-2025")
    assert status == 0 and "ntm-nc-2021" in out
    book = openpyxl.load_workbook(out_path)
    assert book.sheetnames[0] == "KetQua"
    assert [c.value for c in book["KetQua"][1]] == HEADER


def test_template_with_an_unknown_set_says_which_sets_exist(tmp_path, capsys):
    status, _, err = _run(capsys, "template", str(tmp_path / "x.xlsx"), "--set", "NTM 1999")
    assert status == 2
    assert "ntm-2021" in err and "NTM 1999" in err


def test_verify_report_flags_the_seed_paragraph(tmp_path, capsys):
    report = tmp_path / "bao-cao.txt"
    report.write_text(SEED_REPORT, encoding="utf-8")
    status, out, _ = _run(capsys, "verify-report", str(report), "--json")
    assert status == 1
    findings = json.loads(out)
    assert any(f["severity"] == "error" and "7" in f["message"] and "6" in f["message"] for f in findings)


def test_verify_report_against_the_data_names_the_wrong_figure(tmp_path, capsys, catalog):
    report = tmp_path / "bao-cao.txt"
    report.write_text(SEED_REPORT, encoding="utf-8")
    data = _hand_made_workbook(tmp_path / "khanh-binh.xlsx", catalog)
    status, out, _ = _run(capsys, "verify-report", str(report), "--data", str(data),
                          "--commune", "khanh binh", "--year", "2023", "--json")
    assert status == 1
    assert "data-mismatch" in {f["code"] for f in json.loads(out)}


def test_english_messages_on_request(tmp_path, capsys, catalog):
    path = _hand_made_workbook(tmp_path / "ok.xlsx", catalog)
    status, out, _ = _run(capsys, "--lang", "en", "check", str(path))
    assert status == 0 and "57 rows read, 57 used" in out


@pytest.mark.slow
def test_python_dash_m_ntm_runs_as_a_program(tmp_path):
    out = subprocess.run([sys.executable, "-m", "ntm", "sets"], cwd=ROOT, capture_output=True, text=True,
                         encoding="utf-8", check=True).stdout
    assert "ntm-2021" in out and "57" in out and "ntm-2026" in out


def test_a_form_without_title_lines_scores_with_what_the_caller_says(tmp_path, capsys, catalog):
    from tests.helpers_layouts import assessment, form_sheet, write_xlsx

    results = assessment(catalog, unmet=tuple(SEED_UNMET))
    sheet = form_sheet("2023", catalog.get("ntm-2021"), results, commune="Khánh Bình", year=2023, title=False)
    path = tmp_path / "bieu-mau.xlsx"
    path.write_bytes(write_xlsx([sheet]))

    status, _, _ = _run(capsys, "check", str(path))
    assert status == 1, "without titles nor options the form does not say whose it is"

    status, out, _ = _run(capsys, "score", str(path), "--json", "--province", "An Giang",
                          "--commune", "Khánh Bình", "--year", "2023", "--set", "ntm-2021")
    assert status == 0
    [record] = json.loads(out)
    assert (record["commune"], record["year"], record["criteria_set"]) == ("Khánh Bình", 2023, "ntm-2021")
    assert (record["criteria_met"], record["criteria_total"], record["indicators_met"]) == (16, 19, 51)
