"""The benchmark suite runs (issue #6): data are deterministic, the baselines compute what scoring
computes, and ``python -m bench`` at sizes S and M prints its lines and ratios and writes its file.

Never a timing assertion: CI checks that the benchmark runs, not how fast anything is.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pandas as pd
import pytest

from bench import data, scorers
from ntm.loaders import load_workbook
from ntm.scoring import score_assessments
from ntm.template import write_template
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def frames(catalog) -> dict[str, pd.DataFrame]:
    return {size: data.tidy_frame(data.generate(size, catalog)) for size in ("S", "M")}


@pytest.mark.parametrize("size", ["S", "M"])
def test_the_three_scorers_agree(frames, catalog, size):
    frame = frames[size]
    scorers.check_scope(frame, catalog)
    expected = score_assessments(frame, catalog)
    assert len(expected) == data.generate(size, catalog).assessments
    assert scorers.compare_scores(expected, scorers.score_by_duckdb(frame, catalog)) == []
    assert scorers.compare_scores(expected, scorers.score_by_loop(frame, catalog)) == []


def test_the_agreement_check_sees_a_difference(frames, catalog):
    frame = frames["M"]
    expected = score_assessments(frame, catalog)
    changed = frame.copy()
    first_met = changed.index[changed["status"] == "met"][0]
    changed.loc[first_met, "status"] = "not_met"
    assert scorers.compare_scores(expected, scorers.score_by_duckdb(changed, catalog)) != []
    assert scorers.compare_scores(expected, scorers.score_by_loop(changed, catalog)) != []


def test_the_baselines_refuse_rules_they_do_not_implement(frames, catalog):
    criterion_level = frames["S"].assign(indicator=pd.array([pd.NA] * len(frames["S"]), dtype="string"))
    with pytest.raises(scorers.OutOfScope):
        scorers.check_scope(criterion_level, catalog)
    incomplete = frames["S"].assign(criteria_set="ntm-nc-2021")
    with pytest.raises(scorers.OutOfScope):
        scorers.check_scope(incomplete, catalog)


def test_generation_is_deterministic(catalog):
    first, second = data.generate("M", catalog), data.generate("M", catalog)
    pd.testing.assert_frame_equal(data.tidy_frame(first), data.tidy_frame(second))
    assert data.workbook_bytes(first, catalog) == data.workbook_bytes(second, catalog)


def test_the_bench_workbook_reads_back_as_the_generated_frame(frames, catalog):
    synthetic = data.generate("S", catalog)
    content = data.workbook_bytes(synthetic, catalog)
    loaded = load_workbook(content, catalog, file_name=synthetic.file_names[0])
    pd.testing.assert_frame_equal(loaded.results, frames["S"])


def test_the_bench_workbook_reads_like_the_products_own_template(frames, catalog):
    # The generator writes the template layout with xlsxwriter (write_template takes minutes at
    # L): what the loader reads from both must be the same.
    buffer = io.BytesIO()
    write_template(buffer, "ntm-2021", results=frames["S"], catalog=catalog)
    name = data.generate("S", catalog).file_names[0]
    from_template = load_workbook(buffer.getvalue(), catalog, file_name=name).results
    pd.testing.assert_frame_equal(from_template, frames["S"])


def test_sizes_have_the_shapes_the_issue_names(catalog):
    assert {name: (s.communes, s.years, len(s.sets)) for name, s in data.SIZES.items()} == {
        "S": (1, 1, 1), "M": (20, 5, 2), "L": (150, 5, 2), "XL": (10_000, 5, 2)}
    per_set = {set_id: len(catalog.get(set_id).indicators) for set_id in data.SETS}
    assert 10_000 * 5 * sum(per_set.values()) == 5_300_000


@pytest.mark.slow
def test_the_suite_runs_at_s_and_m_and_writes_its_results(tmp_path):
    out = tmp_path / "RESULTS.md"
    command = [sys.executable, "-m", "bench", "--sizes", "S", "M", "--repeat", "1", "--quick",
               "--out", str(out), "--workdir", str(tmp_path / "work")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()

    # One line per measurement, then the ratios, then where the file went.
    assert lines[-1] == f"wrote {out}"
    ratios_at = lines.index("== ratios")
    ratios = lines[ratios_at + 1:-1]
    assert ratios and all(line.startswith("ratio ") for line in ratios)
    for size in ("S", "M"):
        assert f"== {size}: " in done.stdout
        for name in ("template load vs openpyxl", "template load vs fastexcel", "scoring vs DuckDB",
                     "scoring vs per-group loop", "tidy frame vs object columns",
                     "import vs openpyxl (sqlite)", "national summary vs SQL (sqlite)"):
            pattern = rf"ratio {size}\s+{re.escape(name)}\s+\S"
            assert any(re.match(pattern, line) for line in ratios), (size, name)
    assert any(line.startswith("ratio M  overview rerun vs AppTest floor") for line in ratios)
    official_form = any(line.startswith("ratio M  official form vs openpyxl") for line in ratios)
    assert official_form or "M  load   official-form workbook" in done.stdout  # measured, or said why not
    measurements = lines[:ratios_at]
    template_load = re.compile(r"[SM]\s+load\s+ntm\.load_workbook\s+[\d.]+ m?s")
    assert len([line for line in measurements if template_load.match(line)]) == 2
    assert "M  score  note: the three scorers agree on all 200 assessments" in measurements
    assert not [line for line in measurements if "WARNING" in line]

    text = out.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Data", "## Targets", "## Ratios", "## Figures", "### S", "### M",
                    "## Not measured"):
        assert heading in text
    assert "duckdb 2.0.1" in text and "fastexcel 0.21.0" in text
