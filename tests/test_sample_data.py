"""The sample workbooks: every one loads and scores cleanly, the seed case scores as published,
and the committed template files are exactly what ``tools/make_sample_data.py`` generates.

The contract tests run over every workbook found in ``sample_data/``, so a new sample file is
covered without touching this module. The generator tests cover the files that
``tools/make_sample_data.py`` makes; the layout samples (``tools/make_layout_samples.py``) have
their own in ``test_layout_samples.py``.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile

import pandas as pd
import pytest

from ntm.loaders import load_workbook
from ntm.schema import ERROR, source_text
from ntm.scoring import score_assessments
from tests.conftest import ROOT, SAMPLE_DIR

WORKBOOKS = sorted(p for p in SAMPLE_DIR.glob("*.xls*") if not p.name.startswith("~$"))
KB = "Khánh Bình"
UNKNOWN_WORDING = "(chưa rõ nội dung – chưa có trong danh mục)"
SEED_ADVANCED_UNMET = ["1.1", "1.2", "1.3", "11", "13.5", "14.1", "14.2", "14.3", "16.2", "17.2",
                       "17.6", "17.12"]


def _generator():
    spec = importlib.util.spec_from_file_location("make_sample_data", ROOT / "tools" / "make_sample_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return _generator()


@pytest.fixture(scope="module")
def loaded(catalog):
    """File name → LoadResult, each workbook loaded once."""
    return {path.name: load_workbook(path, catalog, file_name=path.name) for path in WORKBOOKS}


@pytest.fixture(scope="module")
def scores(loaded, catalog):
    """File name → score_assessments of what the loader read."""
    return {name: score_assessments(result.results, catalog) for name, result in loaded.items()}


def _one(scores: pd.DataFrame, commune: str, year: int, criteria_set: str) -> pd.Series:
    match = scores[(scores["commune"] == commune) & (scores["year"] == year)
                   & (scores["criteria_set"] == criteria_set)]
    assert len(match) == 1, f"expected one assessment for {commune} {year} {criteria_set}"
    return match.iloc[0]


def _codes(value) -> list[str]:
    return [str(code) for code in value]


# --- contract: every workbook in sample_data/ ------------------------------------------------------

def test_there_are_sample_workbooks():
    assert len(WORKBOOKS) >= 3


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_loads_without_errors(path, loaded):
    result = loaded[path.name]
    errors = result.problems[result.problems["severity"] == ERROR]
    assert errors.empty, errors[["code", "sheet", "row", "message_en"]].head(10).to_string()
    assert len(result.results) > 0


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_row_is_accounted_for(path, loaded):
    result = loaded[path.name]
    stats = result.stats
    assert stats.rows_read == stats.rows_used + stats.rows_rejected
    assert stats.rows_read > 0
    assert stats.rows_skipped == len(result.unused[result.unused["reason"] != "rejected"])
    assert stats.rows_rejected == int((result.unused["reason"] == "rejected").sum())
    sources = source_text(result.results).str.rsplit(":", n=2)
    used = {(parts[1], int(parts[2])) for parts in sources}
    assert len(used) == stats.rows_used


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_assessment_scores(path, loaded, scores):
    results, scored = loaded[path.name].results, scores[path.name]
    keys = ["commune", "year", "criteria_set"]
    assert len(scored) == len(results.drop_duplicates(keys))
    assert scored["criteria_total"].notna().all() and (scored["criteria_total"] > 0).all()
    assert (scored["criteria_met"] <= scored["criteria_total"]).all()
    assert scored["criteria_pct"].between(0, 100).all()


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_small_and_marked_illustrative(path):
    assert path.stat().st_size < 1_000_000
    with zipfile.ZipFile(path) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "minh họa" in core


# --- golden: the seed report's commune ---------------------------------------------------------------

def test_khanh_binh_2023_basic_scores_as_the_item_data_says(scores):
    row = _one(scores["an-giang-ntm-2021-2025.xlsx"], KB, 2023, "ntm-2021")
    assert (row["criteria_met"], row["criteria_total"], row["criteria_pct"]) == (16, 19, 84.21)
    assert _codes(row["unmet_criteria"]) == ["1", "15", "17"]
    assert (row["indicators_met"], row["indicators_total"], row["indicators_pct"]) == (51, 57, 89.47)
    assert _codes(row["unmet_indicators"]) == ["1.1", "1.2", "15.1", "17.2", "17.7", "17.11"]
    assert not row["reached_standard"]


def test_khanh_binh_2023_advanced_scores_as_the_seed_report_says(scores):
    row = _one(scores["an-giang-ntm-nang-cao.xlsx"], KB, 2023, "ntm-nc-2021")
    assert (row["criteria_met"], row["criteria_total"], row["criteria_pct"]) == (13, 19, 68.42)
    assert _codes(row["unmet_criteria"]) == ["1", "11", "13", "14", "16", "17"]
    assert (row["indicators_met"], row["indicators_total"], row["indicators_pct"]) == (63, 75, 84.0)
    assert _codes(row["unmet_indicators"]) == SEED_ADVANCED_UNMET


def test_a_commune_without_a_market_reaches_18_of_18(scores):
    row = _one(scores["an-giang-ntm-2021-2025.xlsx"], "Vĩnh Hậu", 2025, "ntm-2021")
    assert (row["criteria_met"], row["criteria_total"]) == (18, 18)
    assert row["reached_standard"]


def test_criteria_lost_after_reaching_the_standard(scores):
    basic = scores["an-giang-ntm-2021-2025.xlsx"]
    lost = [("Vĩnh Lộc", 2023, 2024, "15"), ("Bình Long", 2024, 2025, "13")]
    for commune, before, after, criterion in lost:
        assert _one(basic, commune, before, "ntm-2021")["reached_standard"]
        row = _one(basic, commune, after, "ntm-2021")
        assert _codes(row["unmet_criteria"]) == [criterion]


def test_criteria_13_and_17_are_the_most_often_unmet(scores):
    basic = scores["an-giang-ntm-2021-2025.xlsx"]
    counts = pd.Series([c for codes in basic["unmet_criteria"] for c in _codes(codes)]).value_counts()
    assert set(counts.index[:2]) == {"13", "17"}


# --- what the sample must not invent -------------------------------------------------------------------

def test_advanced_codes_unknown_to_the_catalog_are_labelled_not_invented(catalog):
    sheet = pd.read_excel(SAMPLE_DIR / "an-giang-ntm-nang-cao.xlsx", sheet_name="KetQua", dtype=str,
                          engine="openpyxl")
    known = catalog.get("ntm-nc-2021").indicator_codes
    per_assessment = sheet.groupby(["Xã", "Năm"]).size()
    assert (per_assessment == 75).all()
    unknown = sheet[~sheet["Mã chỉ tiêu"].isin(known)]
    assert len(unknown) > 0 and (unknown["Nội dung chỉ tiêu"] == UNKNOWN_WORDING).all()
    assert (sheet.loc[sheet["Mã chỉ tiêu"].isin(known), "Nội dung chỉ tiêu"] != UNKNOWN_WORDING).all()


def test_2026_is_criterion_level_without_districts(catalog):
    sheet = pd.read_excel(SAMPLE_DIR / "an-giang-ntm-2026.xlsx", sheet_name="KetQua", dtype=str,
                          engine="openpyxl")
    criteria = set(catalog.get("ntm-2026").criterion_codes)
    assert set(sheet["Mã chỉ tiêu"]) == criteria
    assert sheet["Huyện"].isna().all()
    assert "Khánh An" not in set(sheet["Xã"])  # merged into the new Khánh Bình on 1 July 2025
    assert sheet["Mã xã"].isna().all()


# --- the generator ---------------------------------------------------------------------------------------

def test_generator_is_deterministic(generator, catalog):
    first, second = generator.build_samples(catalog), generator.build_samples(catalog)
    assert list(first) == list(second)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_rendering_is_byte_identical_run_to_run(generator, catalog):
    # The two small workbooks are enough to show the fixed dates and zip timestamps work.
    frames = generator.build_samples(catalog)
    for name in ("an-giang-ntm-nang-cao.xlsx", "an-giang-ntm-2026.xlsx"):
        first = generator.render_workbook(frames[name], generator.FILES[name], catalog)
        second = generator.render_workbook(frames[name], generator.FILES[name], catalog)
        assert first == second, name


@pytest.mark.slow
def test_committed_workbooks_match_the_generator(generator, catalog, tmp_path):
    generator.write_samples(tmp_path, catalog)
    assert generator.compare_samples(SAMPLE_DIR, tmp_path) == [], (
        "sample_data/ is stale: run python tools/make_sample_data.py and commit the workbooks")
    assert set(generator.FILES) <= {p.name for p in WORKBOOKS}


def test_loaded_results_match_the_generated_frames(generator, catalog, loaded):
    """What the loader reads back is what the generator built (statuses, codes, numbers)."""
    keys = ["commune", "year", "criteria_set", "criterion", "indicator"]
    for name, frame in generator.build_samples(catalog).items():
        read = loaded[name].results
        built = frame.assign(indicator=frame["indicator"].astype(object).fillna(""))
        back = read.assign(indicator=read["indicator"].astype(object).fillna(""))
        merged = built.merge(back, on=keys, how="outer", suffixes=("", "_read"), indicator=True)
        assert (merged["_merge"] == "both").all(), name
        assert (merged["status"].astype(str) == merged["status_read"].astype(str)).all(), name
        numbers = merged["value_num"].notna()
        assert (merged.loc[numbers, "value_num"] == merged.loc[numbers, "value_num_read"]).all(), name
