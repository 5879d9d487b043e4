"""Header matching: case, diacritics, Unicode form, spacing, English names, order, extra and missing
columns."""

from __future__ import annotations

import random
import unicodedata

import pandas as pd
import pytest

from ntm.loaders import load_workbook
from ntm.loaders.header import header_key
from ntm.text import fold
from tests.helpers_workbooks import FIELDS, HEADER, HEADER_EN, assert_accounted, build_xlsx, result_row

ROWS = [result_row("1.1", "Đạt", value="Có"), result_row("17.10", "Chưa đạt", value="85%", target="≥ 90%")]


def _load(data: bytes, catalog):
    """Load ``data``; most indicators of the assessment are missing, which is not under test here."""
    result = load_workbook(data, catalog, file_name="f.xlsx")
    problems = result.problems
    assert (problems["code"] == "missing-indicator").sum() <= 1
    return result, problems[problems["code"] != "missing-indicator"]


def _columns(header: list[str], order: list[int]) -> list[list]:
    """The header and ``ROWS`` with the columns in ``order``."""
    return [[header[i] for i in order]] + [[row[i] for i in order] for row in ROWS]


def _shuffled() -> list[int]:
    order = list(range(12))
    random.Random(7).shuffle(order)
    return order


VARIANTS = {
    "as written": (HEADER, list(range(12))),
    "upper case": ([h.upper() for h in HEADER], list(range(12))),
    "no diacritics": ([fold(h).title() for h in HEADER], list(range(12))),
    "NFD-decomposed": ([unicodedata.normalize("NFD", h) for h in HEADER], list(range(12))),
    "extra spaces": ([f"  {h.replace(' ', '   ')} " for h in HEADER], list(range(12))),
    "required marks": ([f"{h} (*)" for h in HEADER], list(range(12))),
    "English": (HEADER_EN, list(range(12))),
    "English lower case": ([h.lower() for h in HEADER_EN], list(range(12))),
    "shuffled": (HEADER, _shuffled()),
    "English shuffled": (HEADER_EN, _shuffled()),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_header_variants_read_the_same(catalog, variant):
    header, order = VARIANTS[variant]
    result, problems = _load(build_xlsx({"KetQua": _columns(header, order)}), catalog)
    assert problems.empty, problems[["code", "message_en"]].to_string()
    results = result.results
    assert list(results["indicator"]) == ["1.1", "17.10"]
    assert list(results["status"]) == ["met", "not_met"]
    assert list(results["value"]) == ["Có", "85%"] and results["target"].iloc[1] == "≥ 90%"
    assert list(results["commune"]) == ["Khánh Bình"] * 2 and list(results["province"]) == ["Khánh Hòa"] * 2
    assert_accounted(result, {2, 3})


def test_header_key():
    assert header_key("MÃ  CHỈ TIÊU (*)") == header_key("ma chi tieu") == "machitieu"
    assert header_key(unicodedata.normalize("NFD", "Đánh giá")) == "danhgia"


def test_extra_columns_are_ignored_with_one_warning_each(catalog):
    header = HEADER[:6] + ["Người nhập"] + HEADER[6:] + ["Ghi chú 2"]
    rows = [row[:6] + ["An"] + row[6:] + ["x"] for row in ROWS]
    rows.append(ROWS[0][:6] + ["An"] + ["1.2"] + ROWS[0][7:] + [None])
    result, problems = _load(build_xlsx({"KetQua": [header, *rows]}), catalog)
    extra = problems[problems["code"] == "extra-column"]
    assert list(extra["column"]) == ["Người nhập", "Ghi chú 2"]
    assert set(extra["row"]) == {1} and set(extra["severity"]) == {"warning"}
    assert result.stats.rows_used == 3
    assert list(result.results["indicator"]) == ["1.1", "17.10", "1.2"]


def test_a_second_column_with_a_template_name_is_extra(catalog):
    header = HEADER + ["Kết quả"]
    rows = [row + ["khác"] for row in ROWS]
    result, problems = _load(build_xlsx({"KetQua": [header, *rows]}), catalog)
    assert list(problems["code"]) == ["extra-column"]
    assert list(result.results["value"]) == ["Có", "85%"]  # the first "Kết quả" column is read


def test_data_in_a_column_without_header_is_reported(catalog):
    rows = [row + [None, "ghi bên lề"] for row in ROWS]
    result, problems = _load(build_xlsx({"KetQua": [HEADER, *rows]}), catalog)
    extra = problems[problems["code"] == "extra-column"]
    assert list(extra["column"]) == ["O"]  # past the template's 13 columns and one blank
    assert "dòng 2" in extra["message"].iloc[0]
    assert result.stats.rows_used == 2


def test_rows_with_content_only_in_ignored_columns_are_not_data(catalog):
    rows = [*ROWS, [None] * len(HEADER) + ["chữ ký"]]
    result, problems = _load(build_xlsx({"KetQua": [HEADER + ["Người ký"], *rows]}), catalog)
    assert result.stats.rows_read == 2
    assert list(problems["code"]) == ["extra-column"]


@pytest.mark.parametrize(("field", "vi", "en"), [
    ("commune", "Xã", "Commune"), ("year", "Năm", "Year"), ("criteria_set", "Bộ tiêu chí", "Criteria set"),
    ("code", "Mã chỉ tiêu", "Indicator code"), ("status", "Đánh giá", "Status"),
])
def test_missing_required_column_is_an_error_naming_it(catalog, field, vi, en):
    keep = [i for i, f in enumerate(FIELDS) if f != field]
    result, problems = _load(build_xlsx({"KetQua": _columns(HEADER, keep)}), catalog)
    errors = problems[problems["code"] == "missing-column"]
    assert len(errors) == 1
    error = errors.iloc[0]
    assert (error["severity"], error["sheet"], error["row"], error["column"]) == ("error", "KetQua", 1, vi)
    assert f"'{vi}'" in error["message"] and f"'{en}'" in error["message_en"]
    # No row of the sheet can be used, and every one is counted.
    assert result.results.empty
    assert (result.stats.rows_read, result.stats.rows_used, result.stats.rows_rejected) == (2, 0, 2)


def test_several_missing_columns_are_all_reported(catalog):
    keep = [i for i, f in enumerate(FIELDS) if f not in ("year", "status")]
    result, problems = _load(build_xlsx({"KetQua": _columns(HEADER, keep)}), catalog)
    assert sorted(problems["column"]) == ["Năm", "Đánh giá"]


def test_missing_province_column_is_a_warning(catalog):
    keep = [i for i, f in enumerate(FIELDS) if f != "province"]
    result, problems = _load(build_xlsx({"KetQua": _columns(HEADER, keep)}), catalog)
    assert list(problems["code"]) == ["missing-province-column"]
    assert problems["severity"].iloc[0] == "warning"
    assert result.stats.rows_used == 2 and result.results["province"].isna().all()


def test_optional_columns_may_be_left_out(catalog):
    needed = ("province", "commune", "year", "criteria_set", "code", "status")
    keep = [i for i, f in enumerate(FIELDS) if f in needed]
    result, problems = _load(build_xlsx({"KetQua": _columns(HEADER, keep)}), catalog)
    assert problems.empty
    assert result.results[["district", "commune_code", "value", "target", "note"]].isna().all().all()
    assert not pd.isna(result.results["status"]).any()
