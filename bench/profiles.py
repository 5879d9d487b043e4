"""Where the time goes: cProfile summaries of the measured steps, for RESULTS.md (``--profile``).

A summary lists the functions with the most cumulative time (the call tree's heavy branches) and
the most own time (where the CPU actually is), with paths shortened to ``ntm/…``, ``pages/…`` or
the library's name. cProfile slows Python-heavy code more than NumPy-heavy code, so read these for
proportions, not for absolute times (those are in the figures).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import re
from collections.abc import Callable

from bench.context import Context

# Path prefixes to drop (only inside the file name column: a path has no spaces).
_PREFIXES = re.compile(r"/\S*/site-packages/|/\S*?/(?=(?:ntm|pages|bench|tools)/)|/\S*/lib/python3\.\d+/")


def _short(text: str) -> str:
    return _PREFIXES.sub("", text)


def summary(fn: Callable[[], object], limit: int = 22, *, script_thread: bool = False) -> str:
    """The cProfile summary of one call of ``fn``: by cumulative time, then by own time.

    Args:
        fn: the call to profile.
        limit: rows per table.
        script_thread: profile the Streamlit script thread AppTest starts instead of the caller's
            (cProfile sees one thread only, and an AppTest run mostly waits for that thread).
    """
    profiler = cProfile.Profile()
    if script_thread:
        _in_script_thread(profiler, fn)
    else:
        profiler.enable()
        try:
            fn()
        finally:
            profiler.disable()
    parts = []
    for order, title in (("cumulative", "by cumulative time"), ("tottime", "by own time")):
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats(order).print_stats(limit)
        lines = [line for line in stream.getvalue().splitlines() if line.strip()]
        # Keep the header line with the total and the table; drop pstats' preamble.
        total = next((line.strip() for line in lines if "function calls" in line), "")
        start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
        parts.append(f"{title} — {total}\n" + _short("\n".join(lines[start:])))
    return "\n\n".join(parts)


def _in_script_thread(profiler: cProfile.Profile, fn: Callable[[], object]) -> None:
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread

    def profiled(self):
        profiler.enable()
        try:
            return original(self)
        finally:
            profiler.disable()

    LocalScriptRunner._run_script_thread = profiled
    try:
        fn()
    finally:
        LocalScriptRunner._run_script_thread = original


def profile(ctx: Context, title: str, fn: Callable[[], object], *, script_thread: bool = False) -> None:
    """Profile ``fn`` once and keep the summary for RESULTS.md (when ``--profile`` is on)."""
    if not ctx.profile:
        return
    ctx.recorder.profiles.append((title, summary(fn, script_thread=script_thread)))
    ctx.recorder.echo(f"profiled: {title}")
