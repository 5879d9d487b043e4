"""The two scoring baselines: a per-group Python loop and DuckDB SQL, computing what scoring computes.

Both return, per assessment, the figures ``ntm.scoring.score_assessments`` reports
(``ntm.scoring.SCORE_KEYS``, same order, same rounding, codes in code order) so the three can be
timed side by side and compared value by value (``compare_scores``).

Scope: the rules the benchmark data exercise. Every set in play has a complete indicator list and
every row is an indicator result (no criterion-level rows), as in ``bench.data``; codes are
already normalised (the loader's output). Within that scope the baselines implement DESIGN.md's
rules in full: the most cautious of duplicate results wins; an indicator of the set without a row
is missing; a criterion is met when every applicable indicator is met, else not met, incomplete
or basically met, not applicable when none applies, missing when the file has none of its
indicators; denominators come from the set. ``check_scope`` refuses data outside the scope
rather than let a baseline compute something else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from ntm.catalog import Catalog, CriteriaSet
from ntm.schema import ASSESSMENT_KEYS
from ntm.scoring import SCORE_KEYS
from ntm.text import code_sort_key, criterion_of

# The most cautious status wins: the lowest precedence (as in ntm.scoring.frames.PRECEDENCE).
PRECEDENCE = {"not_met": 0, "missing": 1, "basically_met": 2, "met": 3, "not_applicable": 4}
NA_PREC, MET_PREC, MISSING_PREC = 4, 3, 1
UNMET_PRECS = (0, 2)
LIST_COLUMNS = ["unmet_criteria", "unmet_indicators", "missing_indicators", "not_applicable"]


class OutOfScope(ValueError):
    """The data need rules the baselines do not implement (see the module docstring)."""


def check_scope(results: pd.DataFrame, catalog: Catalog) -> None:
    """Raise ``OutOfScope`` unless every set is complete and every row an indicator result."""
    for set_id in pd.unique(results["criteria_set"].dropna()):
        cs = catalog.get(set_id)
        if not cs.indicators_complete:
            raise OutOfScope(f"{set_id}: the baselines only score sets with a complete indicator list")
    if results["indicator"].isna().any():
        raise OutOfScope("criterion-level rows (indicator empty): the baselines do not score them")


@dataclass(frozen=True)
class SetItems:
    """A set's indicators in code order, with their criterion, and its criteria in code order."""

    indicators: tuple[str, ...]
    criterion_of: dict[str, str]
    criteria: tuple[str, ...]
    criteria_count: int
    indicator_count: int


@cache
def _items_of(cs: CriteriaSet) -> SetItems:
    indicators = tuple(sorted(cs.indicator_codes, key=code_sort_key))
    criteria = tuple(sorted(cs.criterion_codes, key=code_sort_key))
    return SetItems(indicators, {c: criterion_of(c) for c in indicators}, criteria, cs.criteria_count,
                    cs.indicator_count if cs.indicator_count is not None else len(indicators))


def _pct(met: int, total: int) -> float:
    """``ntm.vnformat.ratio_pct``: half-up to 2 decimals, in integers."""
    if total <= 0:
        return math.nan
    return ((met * 20000 + total) // (2 * total)) / 100.0


# -- the per-group Python loop -------------------------------------------------------------------

def score_by_loop(results: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Score each assessment in a Python loop over its rows (the usual way, written with care).

    Not a straw man: ``groupby`` numbers the groups once, the two columns the loop reads are
    Python lists, and each group is a slice of one sorted index array (iterating ``groupby``
    sub-frames is another 20× slower).
    """
    grouped = results.groupby(ASSESSMENT_KEYS, dropna=False, sort=True, observed=True)
    group_ids = grouped.ngroup().to_numpy()
    keys = grouped.size().index.tolist()
    order = np.argsort(group_ids, kind="stable").tolist()
    ends = np.cumsum(np.bincount(group_ids, minlength=len(keys))).tolist()
    indicators = results["indicator"].tolist()
    statuses = results["status"].tolist()
    rows, start = [], 0
    for key, end in zip(keys, ends):
        items = _items_of(catalog.get(key[5]))
        best: dict[str, int] = {}
        for i in order[start:end]:
            code = indicators[i]
            if code not in items.criterion_of:
                continue
            prec = PRECEDENCE.get(statuses[i], MISSING_PREC)
            if prec < best.get(code, 99):
                best[code] = prec
        start = end
        rows.append({**dict(zip(ASSESSMENT_KEYS, key)), **_score_one(items, best)})
    return pd.DataFrame(rows, columns=SCORE_KEYS)


def _score_one(items: SetItems, best: dict[str, int]) -> dict:
    per_criterion: dict[str, list[int]] = {c: [] for c in items.criteria}
    present: dict[str, int] = dict.fromkeys(items.criteria, 0)
    cells = []
    for code in items.indicators:
        prec = best.get(code)
        criterion = items.criterion_of[code]
        if prec is not None:
            present[criterion] += 1
        prec = MISSING_PREC if prec is None else prec
        per_criterion[criterion].append(prec)
        cells.append((code, prec))
    statuses = {c: _criterion_status(per_criterion[c], present[c]) for c in items.criteria}
    criteria_met = sum(s == "met" for s in statuses.values())
    criteria_total = items.criteria_count - sum(s == "not_applicable" for s in statuses.values())
    indicators_met = sum(p == MET_PREC for _, p in cells)
    indicators_total = items.indicator_count - sum(p == NA_PREC for _, p in cells)
    return {
        "criteria_met": criteria_met, "criteria_total": criteria_total,
        "criteria_pct": _pct(criteria_met, criteria_total),
        "criteria_basically_met": sum(s == "basically_met" for s in statuses.values()),
        "indicators_met": indicators_met, "indicators_total": indicators_total,
        "indicators_pct": _pct(indicators_met, indicators_total),
        "unmet_criteria": [c for c in items.criteria if statuses[c] not in ("met", "not_applicable")],
        "unmet_indicators": [c for c, p in cells if p in UNMET_PRECS],
        "missing_indicators": [c for c, p in cells if p == MISSING_PREC],
        "not_applicable": [c for c, p in cells if p == NA_PREC],
        "reached_standard": criteria_total > 0 and criteria_met == criteria_total,
    }


def _criterion_status(precs: list[int], present: int) -> str:
    if present == 0:
        return "missing"
    applicable = [p for p in precs if p != NA_PREC]
    if not applicable:
        return "not_applicable"
    if all(p == MET_PREC for p in applicable):
        return "met"
    if any(p == 0 for p in applicable):
        return "not_met"
    if any(p == MISSING_PREC for p in applicable):
        return "incomplete"
    return "basically_met"


# -- DuckDB SQL ------------------------------------------------------------------------------------

_KEYS = ", ".join(ASSESSMENT_KEYS)
_ORDER = ", ".join(f"{k} NULLS LAST" for k in ASSESSMENT_KEYS)
_PREC_CASE = "CASE CAST(status AS VARCHAR) " + " ".join(
    f"WHEN '{s}' THEN {p}" for s, p in PRECEDENCE.items()) + f" ELSE {MISSING_PREC} END"

# Written for speed, as one would for production: one 64-bit hash names an assessment (joining
# on six text keys, IS NOT DISTINCT FROM, is four times slower here), indicators become integer
# item numbers through a join with the set's list, and every later step works on integers.
SCORE_SQL = f"""
WITH r AS (
    SELECT hash({_KEYS}) AS h, criteria_set, indicator, {_PREC_CASE} AS prec
    FROM results WHERE indicator IS NOT NULL
),
cell AS (  -- one status per assessment × indicator of its set: the most cautious row wins
    SELECT r.h, i.item, min(r.prec) AS prec
    FROM r JOIN items i ON i.criteria_set = r.criteria_set AND i.indicator = r.indicator
    GROUP BY r.h, i.item
),
a AS (
    SELECT hash({_KEYS}) AS h, {", ".join(f"any_value({k}) AS {k}" for k in ASSESSMENT_KEYS)}
    FROM results GROUP BY h
),
grid AS (  -- every indicator of the set; one without a row is missing
    SELECT a.h, i.crit_rank, i.criterion, i.ind_rank, i.indicator, c.prec AS row_prec,
           coalesce(c.prec, {MISSING_PREC}) AS prec
    FROM a JOIN items i ON i.criteria_set = a.criteria_set
    LEFT JOIN cell c ON c.h = a.h AND c.item = i.item
),
crit AS (
    SELECT h, crit_rank, any_value(criterion) AS criterion,
           CASE WHEN count(row_prec) = 0 THEN 'missing'
                WHEN count(*) FILTER (WHERE prec <> {NA_PREC}) = 0 THEN 'not_applicable'
                WHEN count(*) FILTER (WHERE prec = {MET_PREC}) = count(*) FILTER (WHERE prec <> {NA_PREC})
                    THEN 'met'
                WHEN count(*) FILTER (WHERE prec = 0) > 0 THEN 'not_met'
                WHEN count(*) FILTER (WHERE prec = {MISSING_PREC}) > 0 THEN 'incomplete'
                ELSE 'basically_met' END AS status
    FROM grid GROUP BY h, crit_rank
),
by_crit AS (
    SELECT h,
           count(*) FILTER (WHERE status = 'met') AS criteria_met,
           count(*) FILTER (WHERE status = 'not_applicable') AS criteria_na,
           count(*) FILTER (WHERE status = 'basically_met') AS criteria_basically_met,
           coalesce(list(criterion ORDER BY crit_rank)
                    FILTER (WHERE status NOT IN ('met', 'not_applicable')), []) AS unmet_criteria
    FROM crit GROUP BY h
),
by_ind AS (
    SELECT h,
           count(*) FILTER (WHERE prec = {MET_PREC}) AS indicators_met,
           count(*) FILTER (WHERE prec = {NA_PREC}) AS indicators_na,
           coalesce(list(indicator ORDER BY ind_rank) FILTER (WHERE prec IN {UNMET_PRECS}), [])
               AS unmet_indicators,
           coalesce(list(indicator ORDER BY ind_rank) FILTER (WHERE prec = {MISSING_PREC}), [])
               AS missing_indicators,
           coalesce(list(indicator ORDER BY ind_rank) FILTER (WHERE prec = {NA_PREC}), []) AS not_applicable
    FROM grid GROUP BY h
),
totals AS (
    SELECT a.*, c.criteria_met, s.criteria_count - c.criteria_na AS criteria_total,
           c.criteria_basically_met, i.indicators_met,
           s.indicator_count - i.indicators_na AS indicators_total,
           c.unmet_criteria, i.unmet_indicators, i.missing_indicators, i.not_applicable
    FROM a JOIN by_crit c USING (h) JOIN by_ind i USING (h) JOIN sets s USING (criteria_set)
)
SELECT {_KEYS},
       criteria_met, criteria_total,
       CASE WHEN criteria_total > 0
            THEN ((criteria_met * 20000 + criteria_total) // (2 * criteria_total)) / 100.0
            END AS criteria_pct,
       criteria_basically_met, indicators_met, indicators_total,
       CASE WHEN indicators_total > 0
            THEN ((indicators_met * 20000 + indicators_total) // (2 * indicators_total)) / 100.0
            END AS indicators_pct,
       unmet_criteria, unmet_indicators, missing_indicators, not_applicable,
       criteria_total > 0 AND criteria_met = criteria_total AS reached_standard
FROM totals ORDER BY {_ORDER}
"""


def set_tables(results: pd.DataFrame, catalog: Catalog) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``items`` (set, criterion, indicator, ranks, item number) and ``sets`` (counts) tables."""
    items, sets = [], []
    for set_id in pd.unique(results["criteria_set"].dropna()):
        cs = catalog.get(set_id)
        set_items = _items_of(cs)
        crit_rank = {c: i for i, c in enumerate(set_items.criteria)}
        items += [(cs.id, set_items.criterion_of[code], crit_rank[set_items.criterion_of[code]], code, rank)
                  for rank, code in enumerate(set_items.indicators)]
        sets.append((cs.id, set_items.criteria_count, set_items.indicator_count))
    table = pd.DataFrame(items, columns=["criteria_set", "criterion", "crit_rank", "indicator", "ind_rank"])
    table["item"] = np.arange(len(table))
    return (table,
            pd.DataFrame(sets, columns=["criteria_set", "criteria_count", "indicator_count"]))


def score_by_duckdb(results: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Score every assessment with one DuckDB SQL query over the frame (no copy into a table)."""
    import duckdb

    items, sets = set_tables(results, catalog)
    with duckdb.connect() as connection:
        connection.register("results", results)
        connection.register("items", items)
        connection.register("sets", sets)
        return connection.execute(SCORE_SQL).df()


# -- agreement -----------------------------------------------------------------------------------

def compare_scores(expected: pd.DataFrame, actual: pd.DataFrame, limit: int = 5) -> list[str]:
    """Differences between two score frames on ``SCORE_KEYS`` (row by row, in order); [] when equal."""
    if len(expected) != len(actual):
        return [f"{len(expected)} assessments, not {len(actual)}"]
    problems = []
    for column in SCORE_KEYS:
        left, right = _comparable(expected[column]), _comparable(actual[column])
        differs = np.flatnonzero(np.fromiter((a != b for a, b in zip(left, right)), dtype=bool,
                                             count=len(left)))
        for row in differs[:limit]:
            problems.append(f"row {row}, {column}: {left[row]!r} != {right[row]!r}")
    return problems


def _comparable(series: pd.Series) -> list:
    """Values that compare with ``!=``: lists as tuples of str, missing as None, numbers as float."""
    values = series.astype(object).tolist()
    out = []
    for value in values:
        if isinstance(value, (list, tuple, np.ndarray)):
            out.append(tuple(str(v) for v in value))
        elif value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            out.append(None)
        elif isinstance(value, (bool, np.bool_)):
            out.append(bool(value))
        elif isinstance(value, (int, float, np.integer, np.floating)):
            out.append(float(value))
        else:
            out.append(str(value))
    return out
