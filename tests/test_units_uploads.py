"""Official units of an upload (ntm.units.uploads) and the history-on-today's-map chart."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.charts import build_todays_map_chart
from ntm.schema import PROBLEM_COLUMNS, Problem, problems_frame, results_frame
from ntm.units import default_registry
from ntm.units.history import UNIT_COLUMNS, history_on_todays_map
from ntm.units.uploads import merge_problems, upload_units
from tests.test_pages_support import seeded_store_dir, store_url  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def results(*places: tuple) -> pd.DataFrame:
    """Two result rows per (province, district, commune, code, year), from row 2 of KetQua down."""
    rows, row = [], 2
    for province, district, commune, code, year in places:
        for indicator in ("1.1", "1.2"):
            rows.append({"province": province, "district": district, "commune": commune, "commune_code": code,
                         "year": year, "criteria_set": "ntm-2021", "criterion": "1", "indicator": indicator,
                         "status": "met", "source": f"f.xlsx:KetQua:{row}"})
            row += 1
    return results_frame(rows)


def places(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["province", "district", "commune", "commune_code", "year", "criteria_set"]
    return frame[keys].drop_duplicates().reset_index(drop=True)


def test_unresolved_names_are_warnings_at_their_first_row_and_never_errors(registry):
    found = results(("An Giang", "An Phú", "Khánh Bình", None, 2023), ("An Giang", "An Phú", "Khanh Bnh", None, 2024),
                    ("Tỉnh Thử", None, "Tân Mỹ", None, 2024), ("An Giang", None, "Khánh An", "30341", 2023))
    attached = upload_units(places(found), registry, results=found)
    problems = attached.problems
    assert list(problems.columns) == PROBLEM_COLUMNS
    assert set(problems["severity"]) == {"warning"}
    by_code = problems.set_index("code")
    typo = by_code.loc["unknown-commune"]
    assert (typo["sheet"], typo["row"], typo["column"], typo["value"]) == ("KetQua", 4, "Xã", "Khanh Bnh")
    assert "có phải 'Khánh Bình'" in typo["message"] and "vẫn được lưu" in typo["message"]
    assert "still saved under the reported name" in typo["message_en"]
    province = by_code.loc["unknown-province"]
    assert (province["row"], province["column"], province["value"]) == (6, "Tỉnh", "Tỉnh Thử")
    conflict = by_code.loc["commune-code-conflict"]  # 30341 is Thị trấn Long Bình, not Khánh An
    assert (conflict["row"], conflict["column"]) == (8, "Mã xã")
    frame = attached.frame
    assert frame["new_code"].isna().tolist() == [False, True, True, True]  # rows kept, units left empty
    assert (frame.loc[0, "old_code"], frame.loc[0, "new_code"]) == ("30343", "30341")


def test_merge_problems_orders_errors_first_and_keeps_a_lone_table():
    warning = problems_frame([Problem("warning", "w", "vi", "en", sheet="KetQua", row=3)])
    error = problems_frame([Problem("error", "e", "vi", "en", sheet="KetQua", row=9)])
    assert merge_problems(warning) is warning and merge_problems(problems_frame(), warning) is warning
    assert merge_problems(warning, error)["code"].tolist() == ["e", "w"]
    assert merge_problems().empty


def score(commune, year, criteria_set, met, total, *, district=None):
    return {"province": "An Giang", "district": district, "commune": commune, "commune_code": None, "year": year,
            "criteria_set": criteria_set, "criteria_met": met, "criteria_total": total,
            "criteria_pct": round(met / total * 100, 2), "reached_standard": met == total}


def test_todays_map_chart_draws_ratios_only_cut_at_the_set_break(registry, catalog):
    scores = pd.DataFrame([score("Khánh Bình", 2024, "ntm-2021", 19, 19, district="An Phú"),
                           score("Khánh An", 2024, "ntm-2021", 15, 19, district="An Phú"),
                           score("Khánh Bình", 2025, "ntm-2021", 19, 19, district="An Phú"),
                           score("Khánh Bình", 2026, "ntm-2026", 7, 10)])
    from ntm.units.history import attach_units

    history = history_on_todays_map(attach_units(scores, registry).frame, registry, catalog)
    figure = build_todays_map_chart(history)
    assert figure.layout.meta["set_breaks"] == [2026] and figure.layout.meta["metric"] == "criteria_pct"
    names = [trace.name for trace in figure.data]
    assert names == ["Xã Khánh An [30340]", "Xã Khánh Bình [30343]", "Xã Khánh Bình [30341]", "Tổng hợp",
                     "Tổng hợp"]
    combined = [trace for trace in figure.data if trace.name == "Tổng hợp"]
    # (100 + 78,95) / 2 = 89,475: rounded half-up, as every ratio
    assert list(combined[0].y) == [89.48, 100.0, None] and list(combined[1].y) == [None, None, 70.0]
    # One legend entry per line: the segment after the break is the same line, cut.
    assert [trace.showlegend for trace in combined] == [True, False]
    assert combined[0].legendgroup == combined[1].legendgroup
    assert "2/3 đơn vị đạt chuẩn" not in combined[0].customdata[0]  # one of three reached it in 2024
    assert "1/3 đơn vị đạt chuẩn (2 có số liệu)" in combined[0].customdata[0]
    assert [shape.x0 for shape in figure.layout.shapes] == [2025.5]
    english = build_todays_map_chart(history, lang="en")
    assert "ratios only" in english.layout.annotations[0].text
    assert build_todays_map_chart(history.iloc[0:0]).layout.title.text  # empty: a titled empty figure
    assert UNIT_COLUMNS[0] == "unit_map"


def test_the_upload_preview_shows_an_unknown_commune_as_a_warning_with_suggestions(store_url):
    from ntm.catalog import load_catalog
    from pages.ui import state
    from tests.helpers_workbooks import assessment_rows, template_book
    from tests.test_pages_support import frames, rerun, run_page, texts

    rows = assessment_rows(load_catalog().get("ntm-2021"), commune="Khanh Bnh", province="An Giang", year=2024)
    at = run_page("upload")
    at.file_uploader(key=f"{state.UPLOAD_FILES}-0").set_value([(
        "go-nham.xlsx", template_book(rows),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
    at = rerun(at)
    assert "Tệp hợp lệ, sẵn sàng lưu (1 cảnh báo, không chặn việc lưu)" in texts(at)
    problems = frames(at)[-2]  # before the upload history
    [warning] = problems[problems["code"] == "unknown-commune"].to_dict("records")
    assert "có phải 'Khánh Bình'" in warning["message"] and warning["row"] == 2
    assert not at.button(key=state.UPLOAD_SAVE).disabled  # a name never blocks saving real data
