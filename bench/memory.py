"""Item 4: memory of the tidy frame per row, against the same frame with object columns.

Candidate: the tidy frame with the product's dtypes (``ntm.schema.RESULT_DTYPES``: repeated text
categorical, year and Excel row as Arrow-backed int16/int32, ``value_num`` float64, the place split
into ``source_sheet`` and ``source_row``), as ``bench.data.tidy_frame`` builds it (equal to what the
loader returns, see ``bench.load``). Baseline: the same frame ``astype(object)`` (the usual way: a
Python object per cell). Reference: "categories + numbers" as the issue means it (every text column
categorical, a one-text ``source`` split into a categorical file/sheet and an int32 row, year
Int16); on the product's frame it changes little. The per-column breakdown goes to RESULTS.md.

Target at XL: at most 30 bytes per row.
"""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd

from bench.context import Context
from bench.measure import BASELINE, REFERENCE, Figure, Target

GROUP = "memory"
TARGET_SIZE = "XL"
BYTES_TARGET = Target(30.0, "≤ 30 B/row")
TEXT_COLUMNS = ["province", "district", "commune", "commune_code", "criteria_set", "criterion", "indicator",
                "value", "target", "note"]


def compact_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The same data as categories and numbers (a reference layout, not the product's)."""
    out = {}
    for column in frame.columns:
        series = frame[column]
        if column == "source":
            parts = series.str.rsplit(":", n=1, expand=True)
            out["source_file"] = parts[0].astype("category")
            out["source_row"] = parts[1].astype(np.int32)
        elif column in TEXT_COLUMNS:
            out[column] = series.astype("category")
        elif column == "year":
            out[column] = series.astype("Int16")
        else:
            out[column] = series
    return pd.DataFrame(out)


def per_column(frame: pd.DataFrame) -> dict[str, float]:
    """Bytes per row of each column (deep)."""
    usage = frame.memory_usage(deep=True, index=False)
    return {column: float(usage[column]) / max(len(frame), 1) for column in usage.index}


def run(ctx: Context, size: str) -> None:
    rec = ctx.recorder
    frame = ctx.frame(size)
    rows = max(len(frame), 1)
    columns = per_column(frame)
    tidy = rec.figure(Figure(size, GROUP, "tidy frame (product dtypes)", "B/row",
                             [sum(columns.values())],
                             note=f"{frame.memory_usage(deep=True).sum() / 1e6:,.0f} MB for "
                                  f"{len(frame):,} rows"))
    rec.note(size, GROUP, "tidy frame bytes/row by column: "
             + ", ".join(f"{c} {b:.1f}" for c, b in sorted(columns.items(), key=lambda kv: -kv[1])))
    as_objects = frame.astype(object)
    objects = rec.figure(Figure(size, GROUP, "object columns", "B/row",
                                [as_objects.memory_usage(deep=True, index=False).sum() / rows], BASELINE))
    del as_objects
    gc.collect()
    compact = compact_frame(frame)
    compact_columns = per_column(compact)
    rec.figure(Figure(size, GROUP, "categories + numbers", "B/row", [sum(compact_columns.values())],
                      REFERENCE))
    rec.note(size, GROUP, "categories + numbers bytes/row by column: "
             + ", ".join(f"{c} {b:.1f}" for c, b in sorted(compact_columns.items(), key=lambda kv: -kv[1])))
    del compact
    at_target = size == TARGET_SIZE
    rec.ratio(size, "tidy frame vs object columns", tidy, objects)
    if at_target:
        rec.against(size, "tidy frame bytes per row", tidy, BYTES_TARGET)
