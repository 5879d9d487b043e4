"""What every measurement group is handed: the options, the recorder, and each size's data, made once.

Data are generated lazily and kept only while their size is measured (``release`` drops them:
the XL frame alone is about a gigabyte). Workbooks are written under ``workdir`` once per
generator version and reused across runs.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bench import data
from bench.measure import Recorder
from ntm.catalog import Catalog


@dataclass
class Context:
    """Options and shared data of one benchmark run.

    Attributes:
        catalog: the shipped criteria sets.
        recorder: where figures go.
        repeat: runs per timed call (min/median/max over them).
        quick: skip the slowest baselines (CI smoke runs).
        workdir: where workbooks and stores are written.
        pg_url: a PostgreSQL server URL to measure the store on too (None: SQLite only).
        profile: also profile the main steps (cProfile) for RESULTS.md.
        stores: size → URL of a store holding that size's data, kept until the size is released
            (the XL store takes minutes to build: the store group builds it, the pages reuse it).
        figures: (size, name) → a figure one group measured that another may reuse (in quick
            runs the store group compares with the load group's openpyxl read instead of
            measuring it again).
    """

    catalog: Catalog
    recorder: Recorder
    repeat: int
    quick: bool
    workdir: Path
    pg_url: str | None = None
    profile: bool = False
    _synthetic: dict[str, data.Synthetic] = field(default_factory=dict)
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    stores: dict[str, str] = field(default_factory=dict)
    figures: dict[tuple[str, str], object] = field(default_factory=dict)
    _held: dict[str, contextlib.ExitStack] = field(default_factory=dict)

    def synthetic(self, size: str) -> data.Synthetic:
        if size not in self._synthetic:
            self._synthetic[size] = data.generate(size, self.catalog)
        return self._synthetic[size]

    def frame(self, size: str) -> pd.DataFrame:
        """The size's tidy results frame (the product's dtypes)."""
        if size not in self._frames:
            self._frames[size] = data.tidy_frame(self.synthetic(size))
        return self._frames[size]

    def workbook(self, size: str) -> Path:
        """The size's workbook (sizes S, M, L)."""
        return data.cached_workbook(self.synthetic(size), self.catalog, self.workdir / "workbooks")

    def hold(self, size: str, manager: contextlib.AbstractContextManager):
        """Enter ``manager`` until ``release(size)``; returns what it yields."""
        return self._held.setdefault(size, contextlib.ExitStack()).enter_context(manager)

    def release(self, size: str) -> None:
        """Forget the size's data and remove what was held for it (stores)."""
        self._synthetic.pop(size, None)
        self._frames.pop(size, None)
        self.stores.pop(size, None)
        for key in [k for k in self.figures if k[0] == size]:
            del self.figures[key]
        held = self._held.pop(size, None)
        if held is not None:
            held.close()
