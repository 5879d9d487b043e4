"""Items 1 and 2: loading a workbook into the tidy frame, against reading the same file the usual way.

Item 2 (the official per-commune form, at M) is measured when ``ntm.loaders.LAYOUTS`` has the
"official-form" layout; see ``_official_form``.

Candidate: ``ntm.loaders.load_workbook`` on the file's bytes (what an upload hands it): read every
sheet, find the header, check every row, build the tidy frame and the problems table.
Baseline: ``pandas.read_excel(engine="openpyxl")`` of the same bytes (the results sheet into a
frame, no checking at all). Floor: the raw read of the results sheet by fastexcel (to an Arrow
table) and, for reference, python-calamine (to Python lists, what the loader uses) and
``pandas.read_excel(engine="calamine")``.

Targets at L: at least 10× faster than openpyxl (ratio ≤ 0.10) and at most 1.5× fastexcel.
"""

from __future__ import annotations

import io

import pandas as pd

from bench import data
from bench.context import Context
from bench.measure import BASELINE, FLOOR, REFERENCE, Figure, Target, interleaved
from bench.profiles import profile
from ntm.template import RESULTS_SHEET

GROUP = "load"
TARGET_SIZE = "L"
OPENPYXL_TARGET = Target(0.10, "≤ 0.10 (10× faster than openpyxl)")
FASTEXCEL_TARGET = Target(1.5, "≤ 1.5× the raw fastexcel read")


def _readers(content: bytes, ctx: Context, file_name: str) -> dict[str, object]:
    import fastexcel
    import python_calamine

    from ntm.loaders import load_workbook

    return {
        "ntm.load_workbook": lambda: load_workbook(content, ctx.catalog, file_name=file_name),
        "pandas.read_excel(openpyxl)": lambda: pd.read_excel(io.BytesIO(content), engine="openpyxl"),
        "fastexcel → Arrow": lambda: fastexcel.read_excel(content).load_sheet(RESULTS_SHEET).to_arrow(),
        "python-calamine → lists": lambda: python_calamine.CalamineWorkbook.from_filelike(
            io.BytesIO(content)).get_sheet_by_name(RESULTS_SHEET).to_python(),
        "pandas.read_excel(calamine)": lambda: pd.read_excel(io.BytesIO(content), engine="calamine"),
    }


ROLES = {"pandas.read_excel(openpyxl)": BASELINE, "fastexcel → Arrow": FLOOR,
         "python-calamine → lists": REFERENCE, "pandas.read_excel(calamine)": REFERENCE}


def run(ctx: Context, size: str) -> None:
    """Measure items 1 (template workbook) and 2 (official form) at ``size``."""
    rec = ctx.recorder
    synthetic = ctx.synthetic(size)
    if not synthetic.size.workbook:
        rec.skip(size, GROUP, "template workbook",
                 "XL is not a workbook (5.3 million rows exceed Excel's 1,048,576 rows per sheet); "
                 "it is measured in memory and in the store")
        return
    path = ctx.workbook(size)
    content = path.read_bytes()
    readers = _readers(content, ctx, path.name)
    if ctx.quick:
        readers = {k: v for k, v in readers.items() if ROLES.get(k) != REFERENCE}
    _check_output(ctx, size, readers["ntm.load_workbook"]())
    _note_path(ctx, size, content, path.name)
    times = interleaved(readers, ctx.repeat)
    rows = len(synthetic)
    described = f"{rows:,} rows, {len(content) / 1e6:.2g} MB"
    figures = {name: rec.figure(Figure(size, GROUP, name, "s", seconds, ROLES.get(name, "candidate"),
                                       described if name == "ntm.load_workbook" else ""))
               for name, seconds in times.items()}
    ctx.figures[(size, "pandas.read_excel(openpyxl)")] = figures["pandas.read_excel(openpyxl)"]
    at_target = size == TARGET_SIZE
    rec.ratio(size, "template load vs openpyxl", figures["ntm.load_workbook"],
              figures["pandas.read_excel(openpyxl)"], OPENPYXL_TARGET if at_target else None)
    rec.ratio(size, "template load vs fastexcel", figures["ntm.load_workbook"],
              figures["fastexcel → Arrow"], FASTEXCEL_TARGET if at_target else None)
    if size in ("L",):
        profile(ctx, f"{size}: ntm.load_workbook of the {size} workbook", readers["ntm.load_workbook"])
    _official_form(ctx, size)


def _check_output(ctx: Context, size: str, loaded) -> None:
    """The loader must read the generated workbook back to exactly the generated frame."""
    expected = ctx.frame(size)
    try:
        pd.testing.assert_frame_equal(loaded.results, expected)
    except AssertionError as error:
        ctx.recorder.note(size, GROUP, f"WARNING: the loader's frame differs from the generated one: {error}")
        return
    codes = loaded.problems["code"].value_counts().to_dict()
    ctx.recorder.note(size, GROUP, f"loader output = generated frame ({len(expected):,} rows); "
                                   f"problems: {codes or 'none'}")


def _note_path(ctx: Context, size: str, content: bytes, file_name: str) -> None:
    """Which path ``load_workbook`` took: the template's column-wise one, or row by row."""
    from ntm.loaders import LAYOUTS
    from ntm.loaders.base import LoadOptions, ReadContext
    from ntm.loaders.fast_template import load_template_fast

    context = ReadContext(ctx.catalog, file_name, LoadOptions())
    fast = load_template_fast(content, file_name, ctx.catalog, context, LAYOUTS) is not None
    how = ("column-wise (fastexcel → Arrow, ntm.loaders.fast_template)" if fast
           else "row by row (python-calamine, ntm.loaders.read)")
    ctx.recorder.note(size, GROUP, f"loader path: {how}")


def _official_form(ctx: Context, size: str) -> None:
    """Item 2, at M: the same assessments as official per-commune forms, one sheet per commune-year.

    Candidate: ``ntm.loaders.load_workbook``. Baseline: ``pandas.read_excel(engine="openpyxl",
    sheet_name=None)`` (every sheet: each is a commune-year). Floor: fastexcel, every sheet.
    """
    import fastexcel

    from ntm.loaders import LAYOUTS, load_workbook

    if size != "M":
        return
    names = [layout.name for layout in LAYOUTS]
    if "official-form" not in names:
        ctx.recorder.skip(size, GROUP, "official-form workbook",
                          f"layout not available yet (ntm.loaders.LAYOUTS = {names})")
        return
    rec = ctx.recorder
    synthetic, frame = ctx.synthetic(size), ctx.frame(size)
    path = data.cached_official_form(synthetic, frame, ctx.catalog, ctx.workdir / "workbooks")
    content = path.read_bytes()

    def fastexcel_all():
        reader = fastexcel.read_excel(content)
        return [reader.load_sheet(name).to_arrow() for name in reader.sheet_names]

    calls = {
        "ntm.load_workbook (official form)": lambda: load_workbook(content, ctx.catalog, file_name=path.name),
        "pandas.read_excel(openpyxl, every sheet)": lambda: pd.read_excel(
            io.BytesIO(content), engine="openpyxl", sheet_name=None),
        "fastexcel → Arrow, every sheet": fastexcel_all,
    }
    if not ctx.quick:
        _check_form(ctx, size, calls["ntm.load_workbook (official form)"](), frame)
    times = interleaved(calls, ctx.repeat)
    sheets = synthetic.assessments
    roles = {"pandas.read_excel(openpyxl, every sheet)": BASELINE, "fastexcel → Arrow, every sheet": FLOOR}
    described = f"{sheets} sheets, {len(content) / 1e6:.2g} MB"
    figures = {name: rec.figure(Figure(size, GROUP, name, "s", seconds, roles.get(name, "candidate"),
                                       "" if name in roles else described))
               for name, seconds in times.items()}
    candidate = figures["ntm.load_workbook (official form)"]
    openpyxl = figures["pandas.read_excel(openpyxl, every sheet)"]
    rec.ratio(size, "official form vs openpyxl", candidate, openpyxl)
    rec.ratio(size, "official form vs fastexcel", candidate, figures["fastexcel → Arrow, every sheet"])


def _check_form(ctx: Context, size: str, loaded, frame: pd.DataFrame) -> None:
    """How the form reads back: rows, statuses of the rows matched, communes named otherwise."""
    keys = ["commune", "year", "criteria_set", "indicator"]
    got = loaded.results[[*keys, "status"]].astype({"status": object})
    want = frame[[*keys, "status"]].astype({"status": object})
    matched = got.merge(want, on=keys, suffixes=("_read", "_written"))
    differ = int((matched["status_read"].fillna("") != matched["status_written"].fillna("")).sum())
    renamed = sorted(set(got["commune"].dropna()) - set(want["commune"].dropna()))
    problems = loaded.problems["code"].value_counts().to_dict()
    ctx.recorder.note(size, GROUP, f"official form read back: {len(got):,} of {len(want):,} rows, "
                                   f"{len(matched):,} matched by commune/year/set/code, {differ} with "
                                   f"another status; communes read under another name: "
                                   f"{renamed or 'none'}; problems: {problems or 'none'}")
