"""The commune group (nhóm xã, 2026–2030): read from each layout, kept once per assessment, and
every cell that is not a group reported with its place — real .xlsx files built in code."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.loaders import load_workbook
from ntm.loaders.groups import INVALID, parse_group
from ntm.schema import RESULT_COLUMNS
from tests.helpers_layouts import assessment, form_sheet, summary_sheet, write_xlsx
from tests.helpers_workbooks import HEADER, HEADER_EN, result_row, template_book
from tests.test_loader_fast import assert_same_load

SET_2026 = "NTM 2026-2030"


def _groups(result) -> dict[str, int]:
    """Commune → group, from ``LoadResult.groups``."""
    frame = result.groups
    return dict(zip(frame["commune"], frame["commune_group"].astype(int)))


def _rows_2026(commune: str, group: object, criteria=range(1, 11), **fields) -> list[list]:
    return [result_row(str(c), "Đạt", commune=commune, year=2026, criteria_set=SET_2026,
                       province="An Giang", commune_group=group, **fields) for c in criteria]


@pytest.mark.parametrize(("cell", "group"), [
    (1, 1), (2.0, 2), ("3", 3), ("Nhóm 2", 2), ("nhom 3", 3), ("NHÓM XÃ 1", 1), (" 2 ", 2), ("2,0", 2),
    (None, None), ("", None), ("  ", None),
    (4, INVALID), ("0", INVALID), ("II", INVALID), ("miền núi", INVALID), (True, INVALID), (1.5, INVALID),
])
def test_parse_group(cell, group):
    assert parse_group(cell) == group


def test_template_groups_in_every_accepted_spelling(catalog):
    rows = (_rows_2026("Khánh Bình", "1") + _rows_2026("Nhơn Hội", "Nhóm 2") + _rows_2026("Phú Hữu", "nhom 3")
            + _rows_2026("Mỹ Đức", 2.0) + _rows_2026("Vĩnh Hậu", None))
    result = load_workbook(template_book(rows), catalog, file_name="mau.xlsx")
    assert result.problems.empty
    assert _groups(result) == {"Khánh Bình": 1, "Nhơn Hội": 2, "Phú Hữu": 3, "Mỹ Đức": 2}
    assert list(result.groups.columns) == ["province", "district", "commune", "commune_code", "year",
                                           "criteria_set", "commune_group"]
    assert result.groups["commune_group"].dtype == "Int8"
    assert set(result.groups["criteria_set"]) == {"ntm-2026"} and set(result.groups["year"]) == {2026}
    # The group belongs to the assessment: the tidy frame keeps its columns (and its bytes per row).
    assert list(result.results.columns) == RESULT_COLUMNS
    assert len(result.results) == 50


def test_the_english_header_and_the_short_word_are_read_too(catalog):
    header = [*HEADER_EN[:-1], "Group"]
    result = load_workbook(template_book(_rows_2026("Khánh Bình", 3), header=header), catalog)
    assert _groups(result) == {"Khánh Bình": 3}
    header = [*HEADER[:-1], "nhom xa"]
    assert _groups(load_workbook(template_book(_rows_2026("Khánh Bình", 1), header=header), catalog)) == {
        "Khánh Bình": 1}


def test_a_bad_group_is_a_warning_with_its_place_and_the_row_is_kept(catalog):
    rows = _rows_2026("Khánh Bình", None) + _rows_2026("Nhơn Hội", "4", criteria=[1]) + \
        _rows_2026("Nhơn Hội", None, criteria=range(2, 11))
    result = load_workbook(template_book(rows), catalog, file_name="mau.xlsx")
    bad = result.problems[result.problems["code"] == "bad-commune-group"]
    assert len(bad) == 1
    problem = bad.iloc[0]
    assert (problem["severity"], problem["sheet"], problem["row"], problem["column"], problem["value"]) == (
        "warning", "KetQua", 12, "Nhóm xã", "4")
    assert "1, 2 hoặc 3" in problem["message"] and "1, 2 or 3" in problem["message_en"]
    assert len(result.results) == 20  # nothing dropped
    assert result.groups.empty


def test_two_groups_for_one_assessment_are_a_problem_and_leave_it_unknown(catalog):
    rows = _rows_2026("Khánh Bình", 1, criteria=range(1, 6)) + _rows_2026("Khánh Bình", 2, criteria=range(6, 11))
    rows += _rows_2026("Mỹ Đức", 3)
    result = load_workbook(template_book(rows), catalog, file_name="mau.xlsx")
    conflict = result.problems[result.problems["code"] == "conflicting-commune-group"]
    assert len(conflict) == 1
    assert (conflict.iloc[0]["row"], conflict.iloc[0]["column"], conflict.iloc[0]["value"]) == (7, "Nhóm xã", "2")
    assert "dòng 2" in conflict.iloc[0]["message"] and "row 7" in conflict.iloc[0]["message_en"]
    assert _groups(result) == {"Mỹ Đức": 3}


def test_a_group_for_a_set_without_groups_is_kept_with_a_warning(catalog):
    rows = [result_row(code, "Đạt", commune="Khánh Bình", year=2023, commune_group=2)
            for code in catalog.get("ntm-2021").indicators["indicator"]]
    result = load_workbook(template_book(rows), catalog, file_name="mau.xlsx")
    warned = result.problems[result.problems["code"] == "group-for-set-without-groups"]
    assert list(warned["severity"]) == ["warning"] and list(warned["row"]) == [2]
    assert "không đặt mức đạt chuẩn theo nhóm xã" in warned.iloc[0]["message"]
    assert "not used for ranking" in warned.iloc[0]["message_en"]
    assert _groups(result) == {"Khánh Bình": 2}


def test_the_column_wise_path_reads_groups_as_the_row_by_row_path(catalog):
    # Text only: fastexcel reads a column of text and numbers as text, and such files go row by row.
    rows = (_rows_2026("Khánh Bình", "1") + _rows_2026("Nhơn Hội", "Nhóm 2") + _rows_2026("Mỹ Đức", "7")
            + _rows_2026("Phú Hữu", "1", criteria=range(1, 4)) + _rows_2026("Phú Hữu", "3", criteria=range(4, 11))
            + _rows_2026("Vĩnh Hậu", None) + _rows_2026("Châu Phú", "nhom 3"))
    assert_same_load(template_book(rows), catalog)


def _form_with_title_line(catalog, line: str | None) -> bytes:
    sheet = form_sheet("2023", catalog.get("ntm-2021"), assessment(catalog), commune="Khánh Bình", year=2023,
                       district="An Phú", province="An Giang")
    if line is not None:
        sheet.rows[5] = [line]  # the blank line under "Xã Khánh Bình, huyện An Phú, tỉnh An Giang"
    return write_xlsx([sheet])


@pytest.mark.parametrize("line", ["Nhóm xã: 2", "(Xã nhóm 2)", "NHÓM XÃ 2"])
def test_an_official_form_gives_its_group_in_a_title_line(catalog, line):
    result = load_workbook(_form_with_title_line(catalog, line), catalog, file_name="f.xlsx")
    assert _groups(result) == {"Khánh Bình": 2}
    assert set(result.results["commune"]) == {"Khánh Bình"}  # "xã" there never names a commune
    # ntm-2021's targets do not depend on the group: kept, and said so, naming the title line
    warned = result.problems[result.problems["code"] == "group-for-set-without-groups"]
    assert len(warned) == 1 and warned.iloc[0]["column"] == "tiêu đề (dòng 6)"


def test_a_form_without_a_group_line_has_no_group(catalog):
    result = load_workbook(_form_with_title_line(catalog, None), catalog, file_name="f.xlsx")
    assert result.groups.empty
    assert not result.problems["code"].str.contains("group").any()


def test_a_forms_bad_group_is_reported_at_its_title_line(catalog):
    result = load_workbook(_form_with_title_line(catalog, "Nhóm xã: 5"), catalog, file_name="f.xlsx")
    bad = result.problems[result.problems["code"] == "bad-commune-group"]
    assert (bad.iloc[0]["sheet"], bad.iloc[0]["row"], bad.iloc[0]["value"]) == ("2023", 6, "5")
    assert "dòng 6" in bad.iloc[0]["column"]
    assert len(bad) == 1 and result.groups.empty and not result.results.empty


def _summary_2026(groups: dict[str, object]) -> bytes:
    criteria = [str(c) for c in range(1, 11)]
    statuses = pd.DataFrame([{"district": "", "commune": name, "criterion": c, "status": "met"}
                             for name in groups for c in criteria])
    return write_xlsx([summary_sheet("2026", statuses, criteria, year=2026, province="An Giang", groups=groups)])


def test_a_summary_gives_each_communes_group_in_its_column(catalog):
    result = load_workbook(_summary_2026({"Khánh Bình": 1, "Nhơn Hội": "Nhóm 3", "Vĩnh Hậu": None,
                                          "Mỹ Đức": "nhóm bốn"}), catalog, file_name="th.xlsx")
    assert _groups(result) == {"Khánh Bình": 1, "Nhơn Hội": 3}
    assert set(result.groups["criteria_set"]) == {"ntm-2026"}
    bad = result.problems[result.problems["code"] == "bad-commune-group"]
    assert len(bad) == 1  # once for the row, not once per criterion cell
    assert (bad.iloc[0]["column"], bad.iloc[0]["value"], bad.iloc[0]["row"]) == ("Nhóm xã", "nhóm bốn", 9)
    assert result.results.groupby("commune").size().to_dict() == {
        "Khánh Bình": 10, "Mỹ Đức": 10, "Nhơn Hội": 10, "Vĩnh Hậu": 10}
    assert not (result.problems["code"] == "extra-column").any()
