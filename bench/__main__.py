"""``python -m bench``: measure, print one line per measurement and the ratios, write RESULTS.md.

    python -m bench                              # every size (S M L XL), 5 runs each: ~30 min, ~10 GB
    python -m bench --sizes S M L --repeat 5     # without the national size
    python -m bench --sizes XL --repeat 3 --profile
    python -m bench --sizes S M --repeat 1 --quick --out /tmp/RESULTS.md   # the CI smoke run
    python -m bench --pg postgresql://user:pw@host/db                       # the store on PostgreSQL too
    python -m bench --render bench/RESULTS.json      # write RESULTS.md again (after editing FINDINGS.md)
    python -m bench --render sml.json xl.json        # one RESULTS.md from two runs

Every run writes the raw figures beside the results file (RESULTS.json), from which ``--render``
writes RESULTS.md again without measuring anything.

Groups (``--groups``): load (items 1–2), score (3), memory (4), store (5), pages (6). The exit
status is 0 whatever the figures say: this is a measurement, never a timing gate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import sys
import tempfile
from pathlib import Path

from bench import data, load, memory, pages, report, scoring, store
from bench.context import Context
from bench.measure import Recorder

GROUPS = {"load": load.run, "score": scoring.run, "memory": memory.run, "store": store.run,
          "pages": pages.run}
DEFAULT_OUT = Path(__file__).resolve().parent / "RESULTS.md"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", choices=list(data.SIZES), default=list(data.SIZES),
                        help="sizes to measure (default: all four)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timed call (default 5)")
    parser.add_argument("--xl-repeat", type=int, default=None,
                        help="runs per timed call at XL (default: --repeat)")
    parser.add_argument("--groups", nargs="+", choices=list(GROUPS), default=list(GROUPS),
                        help="measurement groups (default: all)")
    parser.add_argument("--pg", metavar="URL", default=None,
                        help="also measure the store on this PostgreSQL server (a schema is made, "
                             "then dropped)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"results file (default {DEFAULT_OUT})")
    parser.add_argument("--quick", action="store_true",
                        help="skip reference baselines (to_sql, calamine variants): for CI smoke runs")
    parser.add_argument("--profile", action="store_true", help="add cProfile summaries of the main steps")
    parser.add_argument("--render", type=Path, nargs="+", default=None, metavar="JSON",
                        help="measure nothing: write --out from the raw figures of earlier runs (several "
                             "runs are merged, e.g. S M L from one and XL from another)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ntm-bench",
                        help="where workbooks (cached) and stores (temporary) are written")
    args = parser.parse_args(argv)
    if args.repeat < 1 or (args.xl_repeat is not None and args.xl_repeat < 1):
        parser.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render is not None:
        return _render(args.render, args.out)
    started = dt.datetime.now(dt.UTC)
    machine_info = report.machine()
    from ntm.catalog import load_catalog

    recorder = Recorder(echo=lambda line: print(line, flush=True))
    ctx = Context(catalog=load_catalog(), recorder=recorder, repeat=args.repeat, quick=args.quick,
                  workdir=args.workdir, pg_url=args.pg, profile=args.profile and not args.quick)
    args.workdir.mkdir(parents=True, exist_ok=True)
    data_rows = []
    for size in args.sizes:
        ctx.repeat = args.xl_repeat if size == "XL" and args.xl_repeat else args.repeat
        synthetic = ctx.synthetic(size)
        book = (f"{ctx.workbook(size).stat().st_size / 1e6:.2g} MB" if synthetic.size.workbook
                else "— (in memory, store)")
        data_rows.append([size, _describe(synthetic.size), f"{synthetic.assessments:,}",
                          f"{len(synthetic):,}", book])
        print(f"== {size}: {len(synthetic):,} rows, {synthetic.assessments:,} assessments, "
              f"{ctx.repeat} run(s) per figure", flush=True)
        try:
            for group in args.groups:
                GROUPS[group](ctx, size)
        finally:
            ctx.release(size)
    print("== ratios", flush=True)
    recorder.print_checks()
    finished = dt.datetime.now(dt.UTC)
    given = list(argv if argv is not None else sys.argv[1:])
    if args.pg:  # never write a password into the results file
        given = ["URL" if item == args.pg else item.replace(args.pg, "URL") for item in given]
    command = "python -m bench " + shlex.join(given)
    run = {"command": command.strip(), "started": started.isoformat(), "finished": finished.isoformat(),
           "machine": machine_info, "commit": report.commit(), "versions": report.versions(),
           "sizes": args.sizes,
           "data_rows": data_rows, "load_average_end": list(os.getloadavg()), "recorder": recorder.to_dict()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(run, ensure_ascii=False, indent=1), encoding="utf-8")
    args.out.write_text(report.render(run, recorder), encoding="utf-8")
    print(f"wrote {args.out}", flush=True)
    return 0


def _render(raws: list[Path], out: Path) -> int:
    runs = [json.loads(raw.read_text(encoding="utf-8")) for raw in raws]
    run = report.merge(runs)
    out.write_text(report.render(run, Recorder.from_dict(run["recorder"])), encoding="utf-8")
    print(f"wrote {out}", flush=True)
    return 0


def _describe(size: data.Size) -> str:
    sets = " + ".join(size.sets)
    place = "one commune-year" if size.communes == 1 and size.years == 1 else (
        f"{size.communes:,} communes" + (f" in {size.provinces} provinces" if size.provinces > 1 else "")
        + f" × {size.years} years × {len(size.sets)} set(s)")
    return f"{place} ({sets})"


if __name__ == "__main__":
    raise SystemExit(main())
