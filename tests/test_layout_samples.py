"""The sample workbooks in the real layouts (official form, district and province summaries): each
reads as its layout without a problem, agrees with the template samples' figures for the same
commune-years, and is exactly what ``tools/make_layout_samples.py`` generates."""

from __future__ import annotations

import importlib.util
import sys

import pandas as pd
import pytest

from ntm.loaders import load_workbook
from ntm.scoring import criterion_results, score_assessments
from tests.conftest import ROOT, SAMPLE_DIR

KB = "Khánh Bình"


def _tool():
    path = ROOT / "tools" / "make_layout_samples.py"
    spec = importlib.util.spec_from_file_location("make_layout_samples", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return _tool()


@pytest.fixture(scope="module")
def loaded(catalog, tool):
    return {name: load_workbook(SAMPLE_DIR / name, catalog) for name in tool.FILES}


@pytest.fixture(scope="module")
def template_results(catalog):
    return load_workbook(SAMPLE_DIR / "an-giang-ntm-2021-2025.xlsx", catalog).results


@pytest.mark.parametrize(("name", "layout", "sheets"), [
    ("an-giang-khanh-binh-bieu-mau.xlsx", "official-form", ["2021", "2022", "2023", "2024", "2025"]),
    ("an-giang-an-phu-tong-hop.xlsx", "summary-matrix", ["2023", "2024"]),
    ("an-giang-2026-tong-hop.xlsx", "summary-matrix", ["2026"]),
])
def test_each_sample_reads_as_its_layout_without_problems(loaded, name, layout, sheets):
    result = loaded[name]
    assert result.layout == layout
    assert result.problems.empty, result.problems[["code", "sheet", "row", "message_en"]].to_string()
    assert list(result.sheets["sheet"]) == sheets
    assert result.stats.rows_rejected == 0 and result.stats.rows_skipped > 0


def test_the_form_gives_exactly_the_template_rows_of_khanh_binh(loaded, template_results):
    form = loaded["an-giang-khanh-binh-bieu-mau.xlsx"].results
    template = template_results[template_results["commune"] == KB]
    keys = ["province", "district", "commune", "year", "criteria_set", "criterion", "indicator"]
    columns = [*keys, "status", "value", "value_num"]
    # Compared as values: the categories of a categorical column depend on the whole file read.
    left = form[columns].astype(object).sort_values(keys).reset_index(drop=True)
    right = template[columns].astype(object).sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)
    assert loaded["an-giang-khanh-binh-bieu-mau.xlsx"].stats.rows_used == 5 * 57


def test_khanh_binh_2023_form_scores_as_the_seed_report_data(loaded, catalog):
    scores = score_assessments(loaded["an-giang-khanh-binh-bieu-mau.xlsx"].results, catalog)
    row = scores[scores["year"] == 2023].iloc[0]
    assert (row["criteria_met"], row["criteria_total"], row["criteria_pct"]) == (16, 19, 84.21)
    assert (row["indicators_met"], row["indicators_total"], row["indicators_pct"]) == (51, 57, 89.47)
    assert [str(c) for c in row["unmet_criteria"]] == ["1", "15", "17"]


@pytest.mark.parametrize("name", ["an-giang-an-phu-tong-hop.xlsx", "an-giang-2026-tong-hop.xlsx"])
def test_summaries_agree_with_the_template_samples_criterion_by_criterion(loaded, catalog, name):
    summary = loaded[name].results
    assert summary["indicator"].isna().all()  # criterion level only
    source = "an-giang-ntm-2026.xlsx" if "2026" in name else "an-giang-ntm-2021-2025.xlsx"
    template = load_workbook(SAMPLE_DIR / source, catalog).results
    keys = ["province", "district", "commune", "year", "criteria_set", "criterion"]
    from_summary = criterion_results(summary, catalog)[[*keys, "status"]]
    from_template = criterion_results(template, catalog)[[*keys, "status"]]
    merged = from_summary.merge(from_template, on=keys, how="left", suffixes=("", "_template"))
    assert merged["status_template"].notna().all()
    assert (merged["status"].astype(str) == merged["status_template"].astype(str)).all()
    scored = score_assessments(summary, catalog)
    assert scored["indicators_total"].isna().all() and scored["indicators_met"].isna().all()


def test_all_samples_together_score_each_assessment_as_the_template_alone(catalog, tool):
    """The dashboard loads every sample file: overlapping commune-years must not change a figure."""
    files = sorted(SAMPLE_DIR.glob("*.xlsx"))
    together = pd.concat([load_workbook(p, catalog).results for p in files], ignore_index=True)
    names = ("an-giang-ntm-2021-2025.xlsx", "an-giang-ntm-nang-cao.xlsx", "an-giang-ntm-2026.xlsx")
    template = pd.concat([load_workbook(SAMPLE_DIR / n, catalog).results for n in names], ignore_index=True)
    keys = ["province", "district", "commune", "year", "criteria_set"]
    columns = [*keys, "criteria_met", "criteria_total", "indicators_met", "indicators_total",
               "reached_standard"]
    both = score_assessments(together, catalog)[columns].sort_values(keys).reset_index(drop=True)
    alone = score_assessments(template, catalog)[columns].sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(both, alone)


def test_generation_is_deterministic(tool, catalog):
    first, second = tool.build_layout_samples(catalog), tool.build_layout_samples(catalog)
    for name in tool.FILES:
        assert [s.rows for s in first[name]] == [s.rows for s in second[name]]


@pytest.mark.slow
def test_committed_layout_samples_match_the_tool(tool, catalog, tmp_path):
    tool.write_samples(tmp_path, catalog)
    assert tool.compare_samples(SAMPLE_DIR, tmp_path) == [], (
        "sample_data/ is stale: run python tools/make_layout_samples.py and commit the workbooks")


def test_layout_samples_sort_before_the_template_samples(tool):
    """The store imports sample_data/ in name order and a later commune-year supersedes an earlier
    one: the template's version (with its notes) must come last and stay current."""
    template = [p.name for p in SAMPLE_DIR.glob("an-giang-ntm-*.xlsx")]
    assert template and max(tool.FILES) < min(template)
