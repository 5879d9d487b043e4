"""Each layout and quirk through ``python -m ntm score --json`` and ``check``: exact scores, and the
row accounting printed for every file."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ntm import cli
from tests.helpers_biff import xls_workbook
from tests.helpers_layouts import (
    assessment,
    encode_sheet,
    form_sheet,
    summary_sheet,
    to_tcvn3,
    write_xlsx,
)
from tests.helpers_workbooks import HEADER, assessment_rows, result_row, template_book

WHERE = {"commune": "Khánh Bình", "year": 2023, "district": "An Phú", "province": "An Giang"}
UNMET = ("1.1", "1.2", "15.1", "17.2", "17.7", "17.11")


def _official(catalog) -> bytes:
    results = assessment(catalog, unmet=UNMET)
    return write_xlsx([form_sheet("2023", catalog.get("ntm-2021"), results, **WHERE)])


def _official_tcvn3(catalog) -> bytes:
    spec = form_sheet("2023", catalog.get("ntm-2021"), assessment(catalog, unmet=UNMET), **WHERE)
    encode_sheet(spec, to_tcvn3)
    spec.fonts = {"*": ".VnTime"}
    return write_xlsx([spec])


def _summary(catalog) -> bytes:
    statuses = pd.DataFrame([{"district": "An Phú", "commune": "Khánh Bình", "criterion": str(c),
                              "status": "not_met" if c in (1, 15, 17) else "met"} for c in range(1, 20)])
    criteria = [str(c) for c in range(1, 20)]
    sheet = summary_sheet("TH", statuses, criteria, year=2023, district="An Phú", province="An Giang")
    return write_xlsx([sheet])


def _template_codes_as_numbers(catalog) -> bytes:
    rows = assessment_rows(catalog.get("ntm-2021"), province="An Giang", district="An Phú")
    for row in rows:
        row[6] = float(row[6])
        if row[6] in (1.1, 1.2, 15.1, 17.2, 17.7, 17.11):
            row[10] = "Chưa đạt"
    return template_book(rows)


def _xls(catalog) -> bytes:
    rows = [HEADER] + assessment_rows(catalog.get("ntm-2021"), province="An Giang", district="An Phú")
    for row in rows[1:]:
        if row[6] in UNMET:
            row[10] = "CĐ"
    return xls_workbook({"KetQua": rows})


# file builder, name, expected (criteria met/total, indicators met/total)
CASES = {
    "official form": (_official, "bieu-mau.xlsx", (16, 19, 51, 57)),
    "official form in TCVN3": (_official_tcvn3, "bieu-mau-vntime.xlsx", (16, 19, 51, 57)),
    "district summary": (_summary, "tong-hop.xlsx", (16, 19, None, None)),
    "template, codes typed as numbers": (_template_codes_as_numbers, "mau.xlsx", (16, 19, 51, 57)),
    "template as .xls": (_xls, "mau.xls", (16, 19, 51, 57)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_score_json(catalog, tmp_path, capsys, case):
    build, name, expected = CASES[case]
    path = tmp_path / name
    path.write_bytes(build(catalog))
    status = cli.main(["score", str(path), "--json"])
    out = capsys.readouterr()
    assert status == cli.EXIT_OK, out.err
    records = json.loads(out.out)
    assert len(records) == 1
    record = records[0]
    assert (record["commune"], record["district"], record["province"], record["year"]) == (
        "Khánh Bình", "An Phú", "An Giang", 2023)
    got = tuple(record[k] for k in ("criteria_met", "criteria_total", "indicators_met", "indicators_total"))
    assert got == expected
    assert record["unmet_criteria"] == ["1", "15", "17"]


def test_check_prints_the_accounting_of_each_file(catalog, tmp_path, capsys):
    paths = []
    for case in ("official form", "district summary"):
        build, name, _ = CASES[case]
        paths.append(tmp_path / name)
        paths[-1].write_bytes(build(catalog))
    bad = tmp_path / "mau-loi.xlsx"
    rows = assessment_rows(catalog.get("ntm-2021"))
    rows[5][10] = "Đạt lắm"
    bad.write_bytes(template_book(rows))
    status = cli.main(["--lang", "en", "check", *map(str, paths), str(bad)])
    out = capsys.readouterr().out
    assert status == cli.EXIT_PROBLEMS
    assert "bieu-mau.xlsx: 57 rows read, 57 used, 0 problems (21 other rows" in out
    assert "tong-hop.xlsx: 1 row read, 1 used, 0 problems" in out
    assert "mau-loi.xlsx: 57 rows read, 56 used, 1 problem" in out
    assert "bad-status" in out and "mau-loi.xlsx:KetQua:7" in out


def test_check_in_vietnamese(catalog, tmp_path, capsys):
    path = tmp_path / "bieu-mau.xlsx"
    path.write_bytes(_official(catalog))
    assert cli.main(["check", str(path)]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "57 dòng đã đọc, 57 dòng dùng được, 0 lỗi (21 dòng khác của bảng" in out


def test_score_a_template_row_with_a_single_bad_row(catalog, tmp_path, capsys):
    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_book([result_row("1.1"), result_row("1.2", "??")]))
    status = cli.main(["score", str(path), "--json"])
    captured = capsys.readouterr()
    assert status == cli.EXIT_PROBLEMS and "1 lỗi" in captured.err


def test_score_json_of_province_variants_scores_each_form_against_the_set_it_defines(catalog, tmp_path, capsys):
    """Two complete advanced forms, each a province's variant (75 and 77 indicators): each file is
    scored out of its own form's count, and the learned sets of one file never leak into another's."""
    from tests.test_layout_official_form import _advanced

    an_giang = tmp_path / "nang-cao-an-giang.xlsx"
    an_giang.write_bytes(write_xlsx([_advanced(catalog)]))
    dak_nong = tmp_path / "nang-cao-dak-nong.xlsx"
    dak_nong.write_bytes(write_xlsx([_advanced(catalog, extra={"17": 1, "18": 1}, province="Đắk Nông",
                                               district="Krông Nô", commune="Quảng Phú")]))
    status = cli.main(["score", str(an_giang), str(dak_nong), "--json"])
    out = capsys.readouterr()
    assert status == cli.EXIT_OK, out.err
    records = {r["province"]: r for r in json.loads(out.out)}
    got = {p: (r["criteria_set"], r["criteria_met"], r["criteria_total"], r["indicators_met"],
               r["indicators_total"]) for p, r in records.items()}
    assert got == {"An Giang": ("ntm-nc-2021-an-giang", 13, 19, 63, 75),
                   "Đắk Nông": ("ntm-nc-2021-dak-nong", 13, 19, 65, 77)}
    assert records["Đắk Nông"]["indicators_pct"] == 84.42
