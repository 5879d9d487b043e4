"""Contract: the communes of every sample workbook resolve to official units, and their history
on today's map holds every resolved assessment."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.loaders import load_workbook
from ntm.scoring import SCORE_KEYS, score_assessments
from ntm.units import default_registry
from ntm.units.history import UNIT_COLUMNS, UNIT_SERIES, attach_units, history_on_todays_map
from tests.conftest import SAMPLE_DIR


@pytest.fixture(scope="module")
def sample_scores(catalog):
    frames = [load_workbook(p, catalog, file_name=p.name).results for p in sorted(SAMPLE_DIR.glob("*.xlsx"))]
    return score_assessments(pd.concat(frames, ignore_index=True), catalog)


def test_every_sample_commune_resolves(sample_scores):
    attached = attach_units(sample_scores, default_registry())
    errors = attached.problems[attached.problems["severity"] == "error"]
    assert errors.empty, errors[["code", "message"]].to_dict("records")
    assert attached.frame["new_code"].notna().all()
    assert list(attached.frame.columns[-len(UNIT_COLUMNS):]) == UNIT_COLUMNS


def test_sample_history_on_todays_map_keeps_every_assessment(sample_scores, catalog):
    registry = default_registry()
    attached = attach_units(sample_scores, registry).frame
    history = history_on_todays_map(attached, registry, catalog)
    units = history[history["series"] == UNIT_SERIES]
    shown = set(zip(units["series_map"], units["series_code"], units["year"], units["criteria_set"],
                    units["today_code"]))
    # Each assessment under the unit it belongs to today (a divided unit's under each part's, too).
    expected = set(zip(attached["unit_map"], attached["unit_code"], attached["year"], attached["criteria_set"],
                       attached["new_code"]))
    assert len(expected) == len(attached) and expected <= shown


def test_an_empty_scores_frame_gives_empty_tables():
    attached = attach_units(pd.DataFrame(columns=SCORE_KEYS))
    assert attached.frame.empty and attached.problems.empty
    assert history_on_todays_map(attached.frame).empty
