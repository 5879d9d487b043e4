"""Timing and memory helpers, and the records every measurement produces.

Timings use ``time.perf_counter`` around one call, after a ``gc.collect()`` so one call does not
pay for the garbage of the previous one. Candidates and baselines are run interleaved (A B, B A,
A B, …) so that a burst of load from other processes on the machine hits both alike; each ratio
is the ratio of medians, and the per-run ratios (run i of the candidate ÷ run i of the baseline)
give its spread. Memory is the frame's own accounting (``DataFrame.memory_usage(deep=True)``,
which counts Arrow buffers and Python string objects) or ``tracemalloc``'s peak for a call (Python
and NumPy allocations; Arrow's memory pool is not traced).

Nothing here asserts anything about time: the figures are reported, never checked in tests.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

CANDIDATE, BASELINE, FLOOR, REFERENCE = "candidate", "baseline", "floor", "reference"


@dataclass
class Figure:
    """One measured quantity at one size.

    Attributes:
        size: "S", "M", "L" or "XL".
        group: the measurement group ("load", "score", "memory", "store", "pages").
        name: what was measured ("ntm.load_workbook", "pandas.read_excel(openpyxl)", ...).
        unit: "s", "B/row" or "MB".
        values: one value per run.
        role: candidate (the product), baseline (what it is compared with), floor (the fastest
            anything could go), reference (for orientation).
        note: anything a reader needs to read the figure right.
    """

    size: str
    group: str
    name: str
    unit: str
    values: list[float]
    role: str = CANDIDATE
    note: str = ""

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def max(self) -> float:
        return max(self.values)

    def line(self) -> str:
        """One printable line: size, group, name, median, min, max, runs."""
        role = "" if self.role == CANDIDATE else f" [{self.role}]"
        label = f"{self.name}{role}"
        spread = (f"min {fmt(self.min, self.unit)}, max {fmt(self.max, self.unit)}, n={len(self.values)}"
                  if len(self.values) > 1 else "n=1")
        note = f"  — {self.note}" if self.note else ""
        value = fmt(self.median, self.unit)
        return f"{self.size:<2} {self.group:<6} {label:<58} {value:>12}  ({spread}){note}"


@dataclass(frozen=True)
class Target:
    """A goal for a checked value: ``value <= threshold`` (every target of issue #6 is an upper bound)."""

    threshold: float
    text: str

    def met(self, value: float) -> bool:
        return value <= self.threshold


@dataclass
class Check:
    """A ratio of two figures (candidate ÷ baseline, lower is better), or one figure against a target.

    Attributes:
        size, name: where and what.
        value: the ratio of medians, or the figure's median when ``baseline`` is None.
        candidate, baseline: the figures compared (baseline None for an absolute target).
        spread: per-run ratios (min, max), when both figures have runs paired by index.
        target: the goal, when issue #6 sets one at this size.
    """

    size: str
    name: str
    value: float
    candidate: Figure
    baseline: Figure | None = None
    spread: tuple[float, float] | None = None
    target: Target | None = None

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.target.met(self.value)

    def verdict(self) -> str:
        """"MET", "MISSED by 2.3×" ("MISSED by 3%" when within 10%) or "" (no target at this size)."""
        if self.target is None:
            return ""
        if self.met:
            return "MET"
        over = self.value / self.target.threshold
        return f"MISSED by {over - 1:.0%}" if over < 1.1 else f"MISSED by {over:.1f}×"

    def value_text(self) -> str:
        if self.baseline is None:
            return fmt(self.value, self.candidate.unit)
        text = f"{self.value:.3g}"
        if 0 < self.value < 1:
            inverse = 1 / self.value
            text += f" ({inverse:.3g}× faster)" if self.candidate.unit == "s" else f" (1/{inverse:.3g})"
        elif self.value > 1 and self.candidate.unit == "s":
            text += f" ({self.value:.3g}× slower)"
        return text

    def line(self) -> str:
        spread = f" [runs {self.spread[0]:.3g}–{self.spread[1]:.3g}]" if self.spread else ""
        goal = f"  target {self.target.text}: {self.verdict()}" if self.target else ""
        return f"ratio {self.size:<2} {self.name:<44} {self.value_text()}{spread}{goal}"


@dataclass
class Skip:
    """Something the suite did not measure, and why."""

    size: str
    group: str
    name: str
    reason: str

    def line(self) -> str:
        return f"{self.size:<2} {self.group:<6} {self.name:<58} not measured: {self.reason}"


@dataclass
class Recorder:
    """Collects figures, checks and skips, printing one line per measurement as it is recorded."""

    figures: list[Figure] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (size, group, text)
    profiles: list[tuple[str, str]] = field(default_factory=list)  # (title, text)
    echo: Callable[[str], None] = print

    def figure(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        self.echo(figure.line())
        return figure

    def skip(self, size: str, group: str, name: str, reason: str) -> None:
        skip = Skip(size, group, name, reason)
        self.skips.append(skip)
        self.echo(skip.line())

    def note(self, size: str, group: str, text: str) -> None:
        self.notes.append((size, group, text))
        self.echo(f"{size:<2} {group:<6} note: {text}")

    def ratio(self, size: str, name: str, candidate: Figure, baseline: Figure,
              target: Target | None = None) -> Check:
        """Record candidate ÷ baseline (ratio of medians; per-run ratios when runs pair up)."""
        spread = None
        if len(candidate.values) == len(baseline.values) > 1:
            pairs = [c / b for c, b in zip(candidate.values, baseline.values) if b > 0]
            spread = (min(pairs), max(pairs)) if pairs else None
        check = Check(size, name, candidate.median / baseline.median if baseline.median else float("inf"),
                      candidate, baseline, spread, target)
        self.checks.append(check)
        return check

    def against(self, size: str, name: str, figure: Figure, target: Target) -> Check:
        """Record a figure checked against an absolute target."""
        check = Check(size, name, figure.median, figure, None, None, target)
        self.checks.append(check)
        return check

    def print_checks(self) -> None:
        for check in self.checks:
            self.echo(check.line())

    def to_dict(self) -> dict:
        """Everything recorded, as plain data (for RESULTS.json)."""
        return {"figures": [asdict(f) for f in self.figures], "checks": [asdict(c) for c in self.checks],
                "skips": [asdict(s) for s in self.skips], "notes": [list(n) for n in self.notes],
                "profiles": [list(p) for p in self.profiles]}

    @classmethod
    def from_dict(cls, raw: dict) -> Recorder:
        """The recorder ``to_dict`` wrote (to render RESULTS.md again)."""

        def check(item: dict) -> Check:
            target = Target(**item["target"]) if item["target"] else None
            baseline = Figure(**item["baseline"]) if item["baseline"] else None
            spread = tuple(item["spread"]) if item["spread"] else None
            return Check(item["size"], item["name"], item["value"], Figure(**item["candidate"]), baseline,
                         spread, target)

        return cls(figures=[Figure(**f) for f in raw["figures"]], checks=[check(c) for c in raw["checks"]],
                   skips=[Skip(**s) for s in raw["skips"]], notes=[tuple(n) for n in raw["notes"]],
                   profiles=[tuple(p) for p in raw["profiles"]])


def fmt(value: float, unit: str) -> str:
    """A value with its unit, in a readable scale ("8.51 s", "93 ms", "202 B/row", "1.07 GB")."""
    if unit == "s":
        if value < 1:
            return f"{value * 1000:.3g} ms"
        return f"{value:.3g} s"
    if unit == "B":
        for scale, name in ((1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
            if value >= scale:
                return f"{value / scale:.3g} {name}"
        return f"{value:.0f} B"
    return f"{value:.3g} {unit}"


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds one call of ``fn`` takes (after a garbage collection), and what it returned."""
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def interleaved(calls: dict[str, Callable[[], object]], repeat: int,
                before: Callable[[str], None] | None = None) -> dict[str, list[float]]:
    """Run each call ``repeat`` times, alternating the order every round; seconds per run.

    Args:
        calls: name → a call taking no argument.
        repeat: runs per call.
        before: called with the name before each run, outside the timing (to reset state).
    """
    times: dict[str, list[float]] = {name: [] for name in calls}
    names = list(calls)
    for round_index in range(repeat):
        for name in names if round_index % 2 == 0 else names[::-1]:
            if before is not None:
                before(name)
            seconds, _ = timed(calls[name])
            times[name].append(seconds)
    return times


def traced_peak(fn: Callable[[], object]) -> tuple[int, object]:
    """Peak bytes ``tracemalloc`` sees during one call of ``fn`` (Python and NumPy allocations)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, result


def frame_bytes(frame) -> int:
    """Bytes a frame holds, by its own deep accounting (index included)."""
    return int(frame.memory_usage(deep=True).sum())
