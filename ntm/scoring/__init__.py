"""Scoring: from the tidy results frame to criteria, ratios, roll-ups, progress and gaps.

Pure and vectorised (frame in, frame out); never reads a file, never imports Streamlit.

* ``assess``: ``criterion_results`` (the status of every criterion of every assessment),
  ``score_assessments`` (the numbers officials report per commune-year), ``score_records``.
* ``rollup``: bands, headline numbers, share of communes per criterion, most often unmet items.
* ``progress``: year over year per commune and set family, ratios only across a change of set.
* ``gaps``: the indicators still to reach and the distance to target.
* ``ranking``: communes ranked among their peers (same year and set; same commune group where the
  set's targets depend on it), and what the ranking means.
"""

from ntm.scoring.assess import (
    BASIS_DTYPE,
    CRITERION_COLUMNS,
    CRITERION_STATUS_DTYPE,
    CRITERION_STATUSES,
    SCORE_COLUMNS,
    SCORE_EXTRA_COLUMNS,
    SCORE_KEYS,
    UNMET_CRITERION_STATUSES,
    criterion_results,
    score_assessments,
    score_records,
)
from ntm.scoring.gaps import GAP_COLUMNS, indicator_gaps
from ntm.scoring.progress import PROGRESS_COLUMNS, commune_keys, year_over_year
from ntm.scoring.ranking import RANKING_COLUMNS, UNKNOWN_GROUP, group_label, group_sets, rank_communes, ranking_note
from ntm.scoring.rollup import (
    BAND_COLUMNS,
    SHARE_COLUMNS,
    SUMMARY_COLUMNS,
    UNMET_COLUMNS,
    band_bounds,
    band_distribution,
    band_of,
    criterion_share,
    most_unmet,
    rollup_summary,
)

__all__ = [
    "BAND_COLUMNS", "BASIS_DTYPE", "CRITERION_COLUMNS", "CRITERION_STATUS_DTYPE", "CRITERION_STATUSES",
    "GAP_COLUMNS", "PROGRESS_COLUMNS", "RANKING_COLUMNS", "SCORE_COLUMNS", "SCORE_EXTRA_COLUMNS", "SCORE_KEYS", "SHARE_COLUMNS",
    "SUMMARY_COLUMNS", "UNKNOWN_GROUP", "UNMET_COLUMNS", "UNMET_CRITERION_STATUSES",
    "band_bounds", "band_distribution", "band_of", "commune_keys", "criterion_results", "criterion_share",
    "group_label", "group_sets", "indicator_gaps", "most_unmet", "rank_communes", "ranking_note",
    "rollup_summary", "score_assessments", "score_records", "year_over_year",
]
