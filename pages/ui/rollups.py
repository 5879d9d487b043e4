"""The overview's roll-ups of one place, computed once for every year of its set, read by year.

Every roll-up of ``ntm.scoring.rollup`` is computed per (year, criteria_set) group, and its cost is
mostly pandas' per-call overhead, not rows: one call over the place's five years costs about what
one call over a single year does. So the overview computes them once per place and set (cached
per store revision), and a change of the year filter only picks that year's rows and draws —
the rerun an official makes most often.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ntm.scoring import band_distribution, criterion_share, most_unmet, rollup_summary
from pages.ui.tables import score_table

UNMET_TOP = 10  # criteria and indicators most often unmet, per year


def by_year(frame: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """``frame``'s rows split by ``year`` (renumbered from 0); years without a value are left out."""
    if frame.empty:
        return {}
    years = frame["year"].to_numpy(dtype="float64", na_value=float("nan"))
    return {int(year): part.reset_index(drop=True)
            for year, part in frame.groupby(years, sort=True, dropna=True)}


def rows_of_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of ``frame`` for ``year`` (renumbered from 0)."""
    return frame[(frame["year"] == year).fillna(False).to_numpy(dtype=bool)].reset_index(drop=True)


@dataclass(frozen=True)
class PlaceRollups:
    """One place's scores, criterion statuses and roll-ups for every year of one set.

    Attributes:
        scores, criteria: ``by_year`` of the place's scores and ``criterion_results``.
        summary, bands, share, unmet: ``by_year`` of ``rollup_summary``, ``band_distribution``,
            ``criterion_share`` and ``most_unmet`` (criteria and indicators, ``UNMET_TOP`` each).
        table: ``by_year`` of ``tables.score_table`` (the communes table).
        communes: ``by_year`` of the distinct (province, district, commune) of ``criteria``.
    Shared between sessions once cached: never change a frame in place.
    """

    scores: dict[int, pd.DataFrame]
    criteria: dict[int, pd.DataFrame]
    summary: dict[int, pd.DataFrame]
    bands: dict[int, pd.DataFrame]
    share: dict[int, pd.DataFrame]
    unmet: dict[int, pd.DataFrame]
    table: dict[int, pd.DataFrame]
    communes: dict[int, pd.DataFrame]
    empty: dict[str, pd.DataFrame] = field(default_factory=dict)

    def year(self, part: str, year: int | None) -> pd.DataFrame:
        """The rows of ``part`` ("scores", "summary" …) for ``year`` (empty when it has none)."""
        rows = getattr(self, part).get(year) if year is not None else None
        return rows if rows is not None else self.empty[part]


def place_rollups(scores: pd.DataFrame, criteria: pd.DataFrame, results: pd.DataFrame) -> PlaceRollups:
    """Roll-ups of one place and set for all its years.

    Args:
        scores: the place's scores of one set, every year (``Store.scores`` rows).
        criteria: ``criterion_results`` of the same assessments.
        results: their indicator results (criterion, indicator, status at least).
    """
    parts = {
        "scores": scores,
        "criteria": criteria,
        "summary": rollup_summary(scores),
        "bands": band_distribution(scores),
        "share": criterion_share(criteria),
        "unmet": most_unmet(criteria, results, top=UNMET_TOP),
        "table": score_table(scores),
        "communes": criteria[["year", "province", "district", "commune"]].drop_duplicates(),
    }
    return PlaceRollups(**{name: by_year(frame) for name, frame in parts.items()},
                        empty={name: frame.iloc[0:0] for name, frame in parts.items()})
