"""Builders for the scoring tests: small criteria sets and results frames made in code.

No tests here; the ``test_scoring_*`` modules import these helpers. Everything is deterministic.
"""

from __future__ import annotations

import pandas as pd

from ntm.catalog import Catalog, CriteriaSet, build_set, load_catalog
from ntm.schema import results_frame

PLACE = {"province": "Cà Mau", "district": "Trần Văn Thời", "commune": "Khánh Bình",
         "commune_code": "32047"}
SEED_BASIC_UNMET = ["1.1", "1.2", "15.1", "17.2", "17.7", "17.11"]
SEED_ADVANCED_UNMET = ["1.1", "1.2", "1.3", "11", "13.5", "14.1", "14.2", "14.3", "16.2", "17.2",
                       "17.6", "17.12"]
# A 75-indicator advanced set shaped like Khánh Bình's (criterion 1: 3 indicators, 11: a single
# one, 13 ≥ 5, 14 ≥ 3, 16 ≥ 2, 17 ≥ 12); the other counts are made up to total 75.
ADVANCED_SHAPE = {"1": 3, "2": 5, "3": 3, "4": 3, "5": 3, "6": 4, "7": 1, "8": 5, "9": 3, "10": 1,
                  "11": 1, "12": 2, "13": 5, "14": 3, "15": 6, "16": 2, "17": 12, "18": 9, "19": 4}


def make_set(shape: dict[str, int] | int, set_id: str = "test-set", *, complete: bool = True,
             declared: int | None = None, family: str | None = None, year_from: int | None = None,
             year_to: int | None = None, targets: dict[str, tuple[str, str, str]] | None = None,
             ) -> CriteriaSet:
    """A criteria set: ``shape`` maps criterion → number of indicators (an int n means n criteria of
    one indicator each). A criterion with one indicator uses the bare number as its code ("11").
    With ``complete=False`` and a count of 0, the criterion is listed without indicators.
    ``targets`` maps indicator → (unit, comparator, target).
    """
    if isinstance(shape, int):
        shape = {str(i): 1 for i in range(1, shape + 1)}
    targets = targets or {}
    rows = []
    for criterion, count in shape.items():
        codes = [criterion] if count == 1 else [f"{criterion}.{j}" for j in range(1, count + 1)]
        for code in codes if count else [""]:
            unit, comparator, target = targets.get(code, ("", "", "Đạt"))
            rows.append({"criterion": criterion, "criterion_name_vi": f"Tiêu chí {criterion}",
                         "criterion_name_en": f"Criterion {criterion}", "indicator": code,
                         "indicator_name_vi": f"Chỉ tiêu {code}" if code else "",
                         "indicator_name_en": f"Indicator {code}" if code else "",
                         "unit": unit, "comparator": comparator, "target": target if code else ""})
    total = sum(shape.values())
    meta = {"id": set_id, "name_vi": f"Bộ {set_id}", "family": family or set_id,
            "criteria_count": str(len(shape)), "indicator_count": str(declared or total),
            "indicators_complete": "yes" if complete else "no",
            "year_from": str(year_from or ""), "year_to": str(year_to or "")}
    return build_set(meta, pd.DataFrame(rows), origin="test")


def make_catalog(*sets: CriteriaSet, shipped: bool = False) -> Catalog:
    """A catalog holding ``sets`` (plus the shipped ones when ``shipped``)."""
    catalog = load_catalog() if shipped else Catalog([])
    for criteria_set in sets:
        catalog.add(criteria_set)
    return catalog


def indicator_rows(criteria_set: CriteriaSet, statuses: dict[str, str | None] | None = None, *,
                   default: str | None = "met", drop: tuple[str, ...] = (), year: int = 2023,
                   **place) -> list[dict]:
    """One record per indicator of ``criteria_set``: status from ``statuses`` else ``default``
    (None = blank, i.e. missing); codes in ``drop`` get no row at all."""
    statuses = statuses or {}
    where = {**PLACE, **place}
    return [{**where, "year": year, "criteria_set": criteria_set.id, "criterion": code.split(".")[0],
             "indicator": code, "status": statuses.get(code, default)}
            for code in criteria_set.indicators["indicator"] if code not in drop]


def criterion_rows(criteria: dict[str, str | None], set_id: str, *, year: int = 2023, **place) -> list[dict]:
    """Criterion-level records (indicator empty): criterion → status."""
    where = {**PLACE, **place}
    return [{**where, "year": year, "criteria_set": set_id, "criterion": c, "indicator": None,
             "status": s} for c, s in criteria.items()]


def frame(*record_lists: list[dict]) -> pd.DataFrame:
    """A results frame from record lists."""
    return results_frame([r for records in record_lists for r in records])
