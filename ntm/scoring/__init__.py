"""Scoring: from the tidy results frame to criteria, ratios, roll-ups, progress and gaps.

Pure and vectorised (frame in, frame out); never reads a file, never imports Streamlit.

* ``assess``: ``criterion_results`` (status of every criterion), ``score_assessments`` (the
  numbers officials report per commune-year), ``score_records`` (the same as JSON-ready dicts).
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

__all__ = [
    "BASIS_DTYPE", "CRITERION_COLUMNS", "CRITERION_STATUS_DTYPE", "CRITERION_STATUSES", "SCORE_COLUMNS",
    "SCORE_EXTRA_COLUMNS", "SCORE_KEYS", "UNMET_CRITERION_STATUSES",
    "criterion_results", "score_assessments", "score_records",
]
