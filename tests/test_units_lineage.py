"""Lineage (ntm.units.registry, lineage, corrections): old units → today's units, and corrections."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from ntm.units import NEW, OLD, default_registry
from ntm.units.corrections import COLUMNS, SHEET, read_corrections, write_correction_template
from ntm.units.lineage import LINEAGE_COLUMNS, describe_lineage, lineage_table
from ntm.units.resolve import resolve_commune


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def test_khanh_binh_merger(registry):
    # Khánh Bình + Khánh An + thị trấn Long Bình (An Phú, An Giang) → Xã Khánh Bình, code 30341.
    new = registry.unit(NEW, "30341")
    assert (new.name, new.province) == ("Xã Khánh Bình", "Tỉnh An Giang")
    before = {(s.old_code, registry.unit(OLD, s.old_code).name) for s in registry.predecessors("30341")}
    assert before == {("30343", "Xã Khánh Bình"), ("30340", "Xã Khánh An"), ("30341", "Thị trấn Long Bình")}
    for old in ("30343", "30340", "30341"):
        [step] = registry.successors(old)
        assert (step.new_code, step.effective, step.part) == ("30341", date(2025, 7, 1), False)
        assert registry.current(OLD, old) == new
        assert registry.unit(OLD, old).district == "Huyện An Phú"


def test_a_divided_unit_follows_its_main_part(registry):
    # Xã Phú Hội (An Phú) was divided between Xã An Phú (main part) and Xã Nhơn Hội.
    steps = registry.successors("30355")
    assert [(s.new_code, s.part, s.main) for s in steps] == [("30337", True, True), ("30346", True, False)]
    assert registry.current(OLD, "30355").name == "Xã An Phú"
    assert "30355" in {u.code for u, _ in registry.ancestors(NEW, "30346")}


def test_every_old_unit_has_a_successor_and_every_new_unit_a_predecessor(registry):
    table = lineage_table(registry)
    assert list(table.columns) == LINEAGE_COLUMNS
    assert set(table["old_code"]) == {u.code for u in registry.units(OLD)}
    # The five special zones made of island districts that had no communes have no predecessor unit.
    without = {u.code for u in registry.units(NEW)} - set(table["new_code"])
    assert len(without) == 5 and all(registry.unit(NEW, c).name.startswith("Đặc khu") for c in without)
    assert (table.groupby("old_code")["main"].sum() == 1).all()


def test_describe_lineage_tells_the_two_maps_apart(registry):
    lines = describe_lineage(registry, "30341")
    assert lines[0].startswith("Thị trấn Long Bình (Huyện An Phú, Tỉnh An Giang)")
    assert any("← Xã Khánh An (Huyện An Phú, Tỉnh An Giang) [30340], từ 01/07/2025" in line for line in lines)
    english = describe_lineage(registry, "30341", "en")
    assert english[1].strip().startswith("→ Xã Khánh Bình (Tỉnh An Giang) [30341]")
    assert describe_lineage(registry, "00000") == []


# --- the correction workbook ------------------------------------------------------------------

def _workbook(path, rows, headers=None):
    write_correction_template(path)
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    if headers is not None:
        for index, header in enumerate(headers, 1):
            sheet.cell(row=1, column=index, value=header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_template_has_both_language_headers_and_a_guide(tmp_path):
    path = tmp_path / "hieu-chinh.xlsx"
    write_correction_template(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [SHEET, "HuongDan"]
    headers = [c.value for c in book[SHEET][1]]
    assert headers[0] == "Mã xã cũ (Old commune code)" and len(headers) == len(COLUMNS)
    assert book[SHEET].max_row == 1  # empty: nothing to apply by accident


def test_an_empty_template_reads_as_no_corrections(tmp_path, registry):
    write_correction_template(tmp_path / "t.xlsx")
    corrections = read_corrections(tmp_path / "t.xlsx", registry)
    assert corrections.ok and corrections.successions == () and corrections.problems.empty


def test_a_correction_overrides_the_dataset(tmp_path, registry):
    # The province decided that Xã Khánh An went to Xã An Phú (30337), not to Xã Khánh Bình.
    row = ["30340", "Khánh An", "An Phú", "An Giang", "30337", "An Phú", "An Giang", "01/07/2025", "", "",
           "Nghị quyết (ví dụ)", ""]
    path = _workbook(tmp_path / "c.xlsx", [row])
    corrections = read_corrections(path, registry, file_name="c.xlsx")
    assert corrections.ok, corrections.problems.to_dict("records")
    corrected = corrections.apply(registry)
    assert [s.new_code for s in corrected.successors("30340")] == ["30337"]
    assert corrected.successors("30340")[0].source == "correction"
    assert "30340" not in {s.old_code for s in corrected.predecessors("30341")}
    assert corrected.current(OLD, "30340").name == "Xã An Phú"
    # The dataset's registry is unchanged.
    assert registry.successors("30340")[0].new_code == "30341"
    assert "c.xlsx" in corrected.version


def test_a_correction_extends_the_dataset_and_divides_a_unit(tmp_path, registry):
    # English headers in another order, typed without diacritics; an old unit the list lacks
    # (merged in 2024 into Khánh Bình), and Khánh An divided between two new units.
    headers = ["old code", "OLD COMMUNE NAME", "old province", "new code", "Effective date", "Part only",
               "Main part"]
    rows = [
        ["39999", "Xã Khánh Thạnh", "An Giang", "30343", "01/11/2024", "", ""],
        ["30340", "Khánh An", "", "30341", "2025-07-01", "x", ""],
        ["30340", "Khánh An", "", "30337", "2025-07-01", "x", "x"],
    ]
    corrections = read_corrections(_workbook(tmp_path / "c.xlsx", rows, headers), registry)
    assert corrections.ok, corrections.problems.to_dict("records")
    assert list(corrections.problems["code"]) == ["unit-added"]
    corrected = corrections.apply(registry)
    assert corrected.unit(OLD, "39999").name == "Xã Khánh Thạnh"
    assert corrected.current(OLD, "39999").code == "30341"  # 39999 → 30343 (2024) → 30341 (2025)
    steps = corrected.successors("30340")
    assert [(s.new_code, s.main) for s in steps] == [("30337", True), ("30341", False)]
    found = resolve_commune("Khánh Thạnh", province="An Giang", year=2022, registry=corrected)
    assert found.ok and found.unit.code == "39999"


def test_every_problem_of_a_correction_workbook_in_one_pass(tmp_path, registry):
    rows = [
        ["30340", "Khánh Bình", "", "", "30341"],              # row 2: the name is not the code's
        ["abc", "", "", "", "30341"],                          # row 3: not a code
        ["30343", "", "", "", "99999", "", "", "31/02/2025"],  # row 4: unknown new code, bad date
        ["30343", "", "", "", "30341", "", "", "", "maybe"],   # row 5: bad flag
    ]
    problems = read_corrections(_workbook(tmp_path / "c.xlsx", rows), registry).problems
    found = {(p.code, p.row, p.column) for p in problems.itertuples()}
    assert found == {("code-name-mismatch", 2, "B"), ("bad-code", 3, "A"), ("unknown-unit", 4, "E"),
                     ("bad-date", 4, "H"), ("bad-flag", 5, "I")}
    assert (problems["sheet"] == SHEET).all()
    assert problems["message"].str.len().gt(0).all() and problems["message_en"].str.len().gt(0).all()


def test_a_workbook_without_the_code_columns_says_which_are_needed(tmp_path, registry):
    path = tmp_path / "x.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Tỉnh", "Xã"])
    book.save(path)
    corrections = read_corrections(path, registry)
    assert not corrections.ok
    assert "Mã xã cũ" in corrections.problems["message"].iloc[0]


def test_a_file_that_is_not_a_workbook_raises_a_clear_error(tmp_path, registry):
    from ntm.errors import WorkbookError

    path = tmp_path / "x.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(WorkbookError, match="Excel"):
        read_corrections(path, registry)
