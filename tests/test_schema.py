"""The tidy results frame's compact dtypes and the helpers that keep its place columns readable."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.schema import (
    ERROR,
    RECORD_COLUMNS,
    RESULT_COLUMNS,
    RESULT_DTYPES,
    TEXT_COLUMNS,
    WARNING,
    Problem,
    concat_results,
    problem_count,
    problems_frame,
    results_frame,
    source_text,
    split_source,
    with_source_text,
)

ROW = {"province": "An Giang", "district": "Châu Phú", "commune": "Bình Long", "commune_code": "30316",
       "year": 2023, "criteria_set": "ntm-2021", "criterion": "17", "indicator": "17.10", "value": "85,5",
       "value_num": 85.5, "target": "≥ 90%", "status": "not_met", "note": "ước tính",
       "source": "xa:binh-long.xlsx:KetQua:12"}


def test_every_column_has_its_compact_dtype():
    frame = results_frame([ROW])
    assert list(frame.columns) == RESULT_COLUMNS
    assert frame.dtypes.astype(str).to_dict() == {k: str(v) for k, v in RESULT_DTYPES.items()}
    assert all(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in TEXT_COLUMNS)
    assert frame["value_num"].dtype == "float64" and frame["year"].iloc[0] == 2023


def test_empty_and_partial_records_give_na_columns():
    assert results_frame().shape == (0, len(RESULT_COLUMNS))
    frame = results_frame([{"commune": "Bình Long", "year": None, "value": 5}])
    assert frame["year"].isna().all() and frame["district"].isna().all()
    assert frame["value"].iloc[0] == "5"  # text as written, numbers included
    assert pd.isna(frame["value_num"].iloc[0]) and frame["source_row"].isna().all()


@pytest.mark.parametrize(("text", "sheet", "row"), [
    ("f.xlsx:KetQua:2", "f.xlsx:KetQua", 2),
    ("a:b.xlsx:Xa 2:1048576", "a:b.xlsx:Xa 2", 1048576),  # a colon in the file name
    ("f.xlsx:KetQua", "f.xlsx:KetQua", None),  # no row
    ("f.xlsx:KetQua:x", "f.xlsx:KetQua:x", None),
    ("", None, None),
    (None, None, None),
])
def test_source_splits_at_its_last_colon_and_joins_back(text, sheet, row):
    sheets, rows = split_source(pd.Series([text], dtype=object))
    assert (None if pd.isna(sheets.iloc[0]) else sheets.iloc[0]) == sheet
    assert (None if pd.isna(rows.iloc[0]) else rows.iloc[0]) == row
    joined = source_text(results_frame([{"source": text}])).iloc[0]
    assert (None if pd.isna(joined) else joined) == (text or None)


def test_with_source_text_gives_the_record_columns():
    frame = with_source_text(results_frame([ROW]))
    assert list(frame.columns) == RECORD_COLUMNS
    assert frame["source"].tolist() == ["xa:binh-long.xlsx:KetQua:12"]


def test_a_tidy_frame_goes_through_results_frame_unchanged():
    frame = results_frame([ROW, {**ROW, "indicator": "17.2", "source": "xa:binh-long.xlsx:KetQua:13"}])
    pd.testing.assert_frame_equal(results_frame(frame), frame)


def test_concat_unites_the_categories_instead_of_falling_back_to_objects():
    left = results_frame([ROW])
    right = results_frame([{**ROW, "province": "Đồng Tháp", "value": None, "source": "b.xlsx:KetQua:2"}])
    both = concat_results([left, right])
    assert both.dtypes.astype(str).to_dict() == {k: str(v) for k, v in RESULT_DTYPES.items()}
    assert both["province"].tolist() == ["An Giang", "Đồng Tháp"]
    assert source_text(both).tolist() == ["xa:binh-long.xlsx:KetQua:12", "b.xlsx:KetQua:2"]
    assert concat_results([]).shape == (0, len(RESULT_COLUMNS))


def test_categories_of_other_dtypes_become_text():
    frame = pd.DataFrame({"value": pd.Categorical([5, 7]), "indicator": ["1.1", "1.2"]})
    out = results_frame(frame)
    assert out["value"].tolist() == ["5", "7"] and out["value"].cat.categories.dtype == "str"


def test_problem_count_counts_one_severity_and_nothing_in_an_empty_frame():
    def problem(severity: str) -> Problem:
        return Problem(severity=severity, code="x", message="lỗi", message_en="error", sheet="KetQua",
                       row=3)

    problems = problems_frame([problem(ERROR), problem(WARNING), problem(ERROR)])
    assert problem_count(problems) == 2 and problem_count(problems, WARNING) == 1
    assert problem_count(problems_frame()) == 0 and problem_count(pd.DataFrame()) == 0
