"""Item 3: scoring every assessment, against a per-group Python loop and DuckDB SQL on the same frame.

Candidate: ``ntm.scoring.score_assessments(frame, catalog)``. Baselines: ``bench.scorers``
(same figures, checked value by value before anything is timed: if the three disagree the
figures are still printed but flagged). Also the peak of Python/NumPy allocations while scoring.

Targets at XL: no slower than DuckDB (ratio ≤ 1.0) and at least 10× faster than the loop (≤ 0.10).
"""

from __future__ import annotations

from bench import scorers
from bench.context import Context
from bench.measure import BASELINE, Figure, Target, interleaved, traced_peak
from bench.profiles import profile

GROUP = "score"
TARGET_SIZE = "XL"
DUCKDB_TARGET = Target(1.0, "≤ 1.0 (no slower than DuckDB)")
LOOP_TARGET = Target(0.10, "≤ 0.10 (10× faster than the loop)")
CANDIDATE_NAME = "ntm.score_assessments"
DUCKDB_NAME = "DuckDB SQL"
LOOP_NAME = "per-group Python loop"


def agreement(ctx: Context, size: str) -> list[str]:
    """Differences between the three scorers on the size's frame ([] when they agree)."""
    from ntm.scoring import score_assessments

    frame = ctx.frame(size)
    scorers.check_scope(frame, ctx.catalog)
    expected = score_assessments(frame, ctx.catalog)
    problems = []
    for name, scorer in (("DuckDB", scorers.score_by_duckdb), ("loop", scorers.score_by_loop)):
        problems += [f"{name}: {p}" for p in scorers.compare_scores(expected, scorer(frame, ctx.catalog))]
    return problems


def run(ctx: Context, size: str) -> None:
    from ntm.scoring import score_assessments

    rec = ctx.recorder
    frame = ctx.frame(size)
    problems = agreement(ctx, size)
    assessments = ctx.synthetic(size).assessments
    if problems:
        rec.note(size, GROUP, "WARNING: the scorers disagree, ratios compare different work: "
                 + "; ".join(problems[:5]))
    else:
        rec.note(size, GROUP, f"the three scorers agree on all {assessments:,} assessments")
    calls = {
        CANDIDATE_NAME: lambda: score_assessments(frame, ctx.catalog),
        DUCKDB_NAME: lambda: scorers.score_by_duckdb(frame, ctx.catalog),
        LOOP_NAME: lambda: scorers.score_by_loop(frame, ctx.catalog),
    }
    times = interleaved(calls, ctx.repeat)
    note = f"{len(frame):,} rows, {assessments:,} assessments"
    figures = {name: rec.figure(Figure(size, GROUP, name, "s", seconds,
                                       "candidate" if name == CANDIDATE_NAME else BASELINE,
                                       note if name == CANDIDATE_NAME else ""))
               for name, seconds in times.items()}
    at_target = size == TARGET_SIZE
    rec.ratio(size, "scoring vs DuckDB", figures[CANDIDATE_NAME], figures[DUCKDB_NAME],
              DUCKDB_TARGET if at_target else None)
    rec.ratio(size, "scoring vs per-group loop", figures[CANDIDATE_NAME], figures[LOOP_NAME],
              LOOP_TARGET if at_target else None)
    if size == TARGET_SIZE:
        profile(ctx, f"{size}: ntm.score_assessments", calls[CANDIDATE_NAME])
    peak, _ = traced_peak(lambda: score_assessments(frame, ctx.catalog))
    rec.figure(Figure(size, GROUP, "scoring peak traced memory", "B", [peak],
                      note=f"{peak / len(frame):.0f} B per input row (tracemalloc: Python + NumPy)"))
