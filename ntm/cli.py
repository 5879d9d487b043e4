"""The command line: score workbooks, check them, write the template, verify a written report.

    python -m ntm score FILE... [--json]
    python -m ntm check FILE... [--json]
    python -m ntm template OUT.xlsx [--set ID]
    python -m ntm verify-report TEXT_FILE [--data FILE...] [--json]
    python -m ntm sets
    python -m ntm import | export | uploads | recompute ...   (the store: ``ntm.store.cli``)
    python -m ntm groups set FILE --province P | show --province P   (commune groups: ``ntm.store.groups_cli``)
    python -m ntm users list | add | role | assign | deactivate | passwd ... [--as LOGIN]
    python -m ntm audit [--out FILE.csv|FILE.xlsx] [--as LOGIN]   (accounts and the trail: ``ntm.auth.cli``)
    python -m ntm units resolve NAME [--province P] [--district D] [--year Y] | lineage CODE
                        | template OUT.xlsx | check-corrections FILE.xlsx   (``ntm.units.cli``)

Messages are Vietnamese by default (``--lang en`` for English). Exit status: 0 when all is well,
1 when any input has an error-severity problem (or a report contradicts itself), 2 when a file
cannot be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ntm.catalog import Catalog, load_catalog
from ntm.cli_options import add_load_options, load_options, run_command
from ntm.errors import NtmError
from ntm.schema import concat_results, problem_count, problems_frame
from ntm.vnformat import format_pct

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


@dataclass
class _Loaded:
    """What a batch of files gave: results of all, problems of all, files that could not be read."""

    results: pd.DataFrame
    problems: pd.DataFrame
    unreadable: list[tuple[str, NtmError]] = field(default_factory=list)
    accounting: list[tuple[str, str]] = field(default_factory=list)
    # Each file's results with the catalog they are scored against: the caller's, plus the sets
    # a complete form defined (each file its own, so two files' learned sets never collide).
    scorable: list[tuple[pd.DataFrame, Catalog]] = field(default_factory=list)

    def scores(self) -> pd.DataFrame:
        """Every assessment of every file, scored (one row per assessment)."""
        from ntm.scoring import score_assessments

        scored = [score_assessments(results, catalog) for results, catalog in self.scorable]
        return pd.concat(scored, ignore_index=True) if len(scored) > 1 else scored[0]


def _catalog(args) -> Catalog:
    catalog = load_catalog()
    for set_file in args.set_file or []:
        from ntm.catalog.workbook import read_set_workbook

        catalog.add(read_set_workbook(Path(set_file), file_name=Path(set_file).name))
    return catalog


def _load_files(paths: list[str], catalog: Catalog, lang: str, options: dict | None = None) -> _Loaded:
    from ntm.loaders import load_workbook

    results, problems, unreadable, accounting, scorable = [], [], [], [], []
    for path in paths:
        name = Path(path).name
        try:
            loaded = load_workbook(Path(path), catalog, file_name=name, **(options or {}))
        except NtmError as error:
            unreadable.append((path, error))
            continue
        except OSError as error:
            unreadable.append((path, NtmError(f"Không mở được tệp: {error.strerror}",
                                              f"Cannot open the file: {error.strerror}")))
            continue
        results.append(loaded.results)
        scorable.append((loaded.results, loaded.scoring_catalog(catalog)))
        problems.append(loaded.problems.assign(file=name))
        accounting.append((name, loaded.accounting(lang)))
    return _Loaded(
        results=concat_results(results),
        problems=pd.concat(problems, ignore_index=True) if problems else problems_frame().assign(file=pd.Series(dtype="string")),
        unreadable=unreadable,
        accounting=accounting,
        scorable=scorable or [(concat_results([]), catalog)],
    )


def _report_unreadable(loaded: _Loaded, lang: str) -> None:
    for path, error in loaded.unreadable:
        print(f"{path}: {error.message(lang)}", file=sys.stderr)


def _exit_status(loaded: _Loaded) -> int:
    if loaded.unreadable:
        return EXIT_UNREADABLE
    if problem_count(loaded.problems):
        return EXIT_PROBLEMS
    return EXIT_OK


def _jsonable(value):
    if value is pd.NA or value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def cmd_score(args) -> int:
    from ntm.scoring import score_records

    catalog = _catalog(args)
    loaded = _load_files(args.files, catalog, args.lang, load_options(args))
    _report_unreadable(loaded, args.lang)
    records = score_records(loaded.scores())
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(_score_table(records, args.lang))
    n_errors = problem_count(loaded.problems)
    if n_errors:
        print(_t(args.lang,
                 f"Có {n_errors} lỗi: các dòng lỗi không được tính. Xem: python -m ntm check {' '.join(args.files)}",
                 f"{n_errors} errors: rows with errors were not scored. See: python -m ntm check {' '.join(args.files)}"),
              file=sys.stderr)
    return _exit_status(loaded)


def _t(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def _score_table(records: list[dict], lang: str) -> str:
    if not records:
        return _t(lang, "Không có kết quả đánh giá nào.", "No assessment results.")
    headers = (["Tỉnh", "Huyện", "Xã", "Năm", "Bộ tiêu chí", "Tiêu chí đạt", "Tỷ lệ", "Chỉ tiêu đạt", "Tỷ lệ",
                "Đạt chuẩn", "Tiêu chí chưa đạt"] if lang != "en" else
               ["Province", "District", "Commune", "Year", "Set", "Criteria met", "Ratio", "Indicators met", "Ratio",
                "Standard", "Unmet criteria"])
    yes, no = ("Đạt", "Chưa") if lang != "en" else ("Yes", "No")
    rows = []
    for r in records:
        indicators = (f"{r['indicators_met']}/{r['indicators_total']}" if r["indicators_total"] is not None else "—")
        rows.append([
            r["province"] or "", r["district"] or "", r["commune"] or "", str(r["year"]), r["criteria_set"],
            f"{r['criteria_met']}/{r['criteria_total']}", format_pct(r["criteria_pct"]),
            indicators, format_pct(r["indicators_pct"]) if r["indicators_pct"] is not None else "—",
            yes if r["reached_standard"] else no, "; ".join(r["unmet_criteria"]),
        ])
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(line, widths)).rstrip() for line in [headers, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cmd_check(args) -> int:
    catalog = _catalog(args)
    loaded = _load_files(args.files, catalog, args.lang, load_options(args))
    _report_unreadable(loaded, args.lang)
    problems = loaded.problems
    if args.json:
        columns = ["file", "severity", "code", "sheet", "row", "column", "value", "message", "message_en"]
        records = [{c: _jsonable(row[c]) for c in columns} for _, row in problems[columns].iterrows()]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
        for name, sentence in loaded.accounting:
            print(f"{name}: {sentence}", file=sys.stderr)
    else:
        for name, sentence in loaded.accounting:
            print(f"{name}: {sentence}")
        message = "message_en" if args.lang == "en" else "message"
        for row in problems.itertuples():
            where = ":".join(str(x) for x in (row.file, row.sheet, row.row) if not pd.isna(x))
            column = f" [{row.column}]" if not pd.isna(row.column) else ""
            print(f"{row.severity.upper():8} {row.code:28} {where}{column}: {getattr(row, message)}")
        if problems.empty and not loaded.unreadable:
            print(_t(args.lang, "Không có vấn đề nào.", "No problems found."))
    return _exit_status(loaded)


def cmd_template(args) -> int:
    from ntm.template import write_template

    catalog = _catalog(args)
    criteria_set = catalog.get(args.set)
    out = Path(args.out)
    write_template(out, criteria_set, lang=args.lang)
    print(_t(args.lang, f"Đã ghi mẫu nhập liệu ({criteria_set.label}) vào {out}",
             f"Template ({criteria_set.label}) written to {out}"))
    return EXIT_OK


def cmd_verify_report(args) -> int:
    from ntm.summary_check import check_summary, format_findings

    text = Path(args.text).read_text(encoding="utf-8")
    scores = None
    status = EXIT_OK
    if args.data:
        from ntm.scoring import score_records

        catalog = _catalog(args)
        loaded = _load_files(args.data, catalog, args.lang)
        _report_unreadable(loaded, args.lang)
        status = EXIT_UNREADABLE if loaded.unreadable else EXIT_OK
        scores = score_records(loaded.scores())
        if args.commune:
            scores = [s for s in scores if _same_name(s["commune"], args.commune)
                      and (args.year is None or s["year"] == args.year)]
    findings = check_summary(text, scores)
    if args.json:
        json.dump([f.__dict__ if hasattr(f, "__dict__") else dict(f) for f in findings], sys.stdout,
                  ensure_ascii=False, indent=2, default=str)
        print()
    else:
        print(format_findings(findings, lang=args.lang))
    if any(getattr(f, "severity", None) == "error" for f in findings):
        status = max(status, EXIT_PROBLEMS)
    return status


def _same_name(a, b) -> bool:
    from ntm.text import fold

    return fold(a) == fold(b)


def cmd_sets(args) -> int:
    catalog = _catalog(args)
    for s in catalog:
        complete = _t(args.lang, "đầy đủ", "complete") if s.indicators_complete else _t(
            args.lang, f"mới biết {len(s.indicators)}", f"{len(s.indicators)} known")
        print(f"{s.id:12} {s.criteria_count:>2} {_t(args.lang, 'tiêu chí', 'criteria')}, "
              f"{s.indicator_count} {_t(args.lang, 'chỉ tiêu', 'indicators')} ({complete}) — {s.legal_basis}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ntm", description=(
        "NTM Dashboard: chấm điểm, kiểm tra và lập mẫu bảng đánh giá xã nông thôn mới. "
        "(Score, check and template New Rural Development assessment workbooks.)"))
    parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ / language (vi, en)")
    sub = parser.add_subparsers(dest="command", required=True)

    def add_sets_option(p):
        p.add_argument("--set-file", action="append", metavar="SET.xlsx",
                       help="bộ tiêu chí của tỉnh (tệp Excel) / a province's criteria set workbook")

    p = sub.add_parser("score", help="chấm điểm / score workbooks")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="JSON output")
    add_sets_option(p)
    add_load_options(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("check", help="kiểm tra lỗi / list every problem")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="JSON output")
    add_sets_option(p)
    add_load_options(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("template", help="ghi mẫu nhập liệu / write the template workbook")
    p.add_argument("out", metavar="OUT.xlsx")
    p.add_argument("--set", default="ntm-2021", help="bộ tiêu chí / criteria set id (default ntm-2021)")
    add_sets_option(p)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("verify-report", help="đối chiếu báo cáo / check a written summary")
    p.add_argument("text", metavar="TEXT_FILE")
    p.add_argument("--data", nargs="+", metavar="FILE", help="workbooks with the item data")
    p.add_argument("--commune", help="the commune the report is about")
    p.add_argument("--year", type=int, help="the year the report is about")
    p.add_argument("--json", action="store_true", help="JSON output")
    add_sets_option(p)
    p.set_defaults(func=cmd_verify_report)

    p = sub.add_parser("sets", help="các bộ tiêu chí / list criteria sets")
    add_sets_option(p)
    p.set_defaults(func=cmd_sets)

    from ntm.store.cli import register as register_store_commands  # import, export, uploads, recompute
    register_store_commands(sub, add_sets_option)
    from ntm.store.groups_cli import register as register_groups_commands  # groups set, show
    register_groups_commands(sub)
    from ntm.auth.cli import register as register_auth_commands  # users ..., audit
    register_auth_commands(sub)
    from ntm.units.cli import register as register_units_commands  # units resolve, lineage, template, check-corrections
    register_units_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    return run_command(build_parser().parse_args(argv), EXIT_UNREADABLE)
