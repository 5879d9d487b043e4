"""The units commands: resolve a commune name, show lineage, write or check a correction workbook.

    python -m ntm units resolve NAME [--province P] [--district D] [--year Y] [--code C] [--json]
    python -m ntm units lineage CODE [--json]
    python -m ntm units template OUT.xlsx
    python -m ntm units check-corrections FILE.xlsx
    python -m ntm units corrections [FILE.xlsx | --withdraw] [--as LOGIN] [--db URL] [--who NAME]
    python -m ntm units refresh [--as LOGIN] [--db URL] [--who NAME]

``resolve`` and ``lineage`` take ``--corrections FILE.xlsx`` (a lineage correction workbook applied
on top of the dataset). ``corrections`` keeps a correction workbook in the store (the one in force
from then on; without a file it lists the versions kept) and recomputes the official unit of
every stored assessment; ``--withdraw`` goes back to the dataset alone. ``refresh`` recomputes the
units without changing the corrections (after a dataset upgrade). Both change every place's data,
so they are for administrators: they act as ``--as LOGIN`` through ``ntm.auth.guard`` and are
recorded in the audit trail; while the store has no account yet, the local operator acts, recorded
under ``--who`` (as the store's commands do). Without ``--db`` the store is the one in
``NTM_DATABASE_URL``. ``register(subparsers)`` adds them to ``ntm.cli``'s parser under ``units``.
Exit status: 0 all well, 1 a name did not resolve (or a code is unknown, or the corrections have
errors), 2 a file cannot be used at all, or the account may not do this.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ntm.cli_options import standalone_main

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


def _t(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def _registry(args):
    """The dataset's registry, with ``--corrections`` applied; None (after printing) when they have errors."""
    from ntm.units.registry import default_registry

    registry = default_registry()
    if not getattr(args, "corrections", None):
        return registry
    from ntm.units.corrections import read_corrections

    path = Path(args.corrections)
    corrections = read_corrections(path, registry, file_name=path.name)
    _print_problems(corrections.problems, args.lang)
    return corrections.apply(registry) if corrections.ok else None


def _print_problems(problems, lang: str) -> None:
    message = "message_en" if lang == "en" else "message"
    for row in problems.itertuples():
        where = ":".join(str(x) for x in (row.sheet, row.row, row.column) if x is not None and x == x)
        print(f"  {row.severity:8} {row.code:22} {where}: {getattr(row, message)}", file=sys.stderr)


def _unit_json(unit) -> dict | None:
    if unit is None:
        return None
    return {"map": unit.map, "code": unit.code, "name": unit.name, "district": unit.district or None,
            "district_code": unit.district_code or None, "province": unit.province,
            "province_code": unit.province_code}


def cmd_resolve(args) -> int:
    from ntm.units.resolve import resolve_commune

    registry = _registry(args)
    if registry is None:
        return EXIT_PROBLEMS
    found = resolve_commune(args.name, province=args.province, district=args.district, year=args.year,
                            code=args.code, registry=registry)
    today = registry.current(found.unit.map, found.unit.code) if found.unit else None
    if args.json:
        message = "message_en" if args.lang == "en" else "message"
        json.dump({"ok": found.ok, "unit": _unit_json(found.unit), "today": _unit_json(today),
                   "matched_by": found.matched_by or None,
                   "suggestions": [_unit_json(u) for u in found.suggestions],
                   "problems": [{"severity": p.severity, "code": p.code, "message": getattr(p, message)}
                                for p in found.problems]}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(found.message(args.lang), file=sys.stdout if found.ok else sys.stderr)
        for p in found.problems:
            if p.severity != "error":
                text = p.message_en if args.lang == "en" else p.message
                print(f"  {_t(args.lang, 'cảnh báo', 'warning')}: {text}")
        if today is not None and today != found.unit:
            print(_t(args.lang, f"  → nay thuộc {today.label()} (mã {today.code})",
                     f"  → now part of {today.label()} (code {today.code})"))
    return EXIT_OK if found.ok else EXIT_PROBLEMS


def cmd_lineage(args) -> int:
    from ntm.units.lineage import describe_lineage, lineage_table
    from ntm.units.registry import normalize_unit_code

    registry = _registry(args)
    if registry is None:
        return EXIT_PROBLEMS
    lines = describe_lineage(registry, args.code, args.lang)
    if not lines:
        print(_t(args.lang, f"Không có đơn vị nào mã '{args.code}' trong danh mục.",
                 f"No unit has the code '{args.code}' in the list."), file=sys.stderr)
        return EXIT_PROBLEMS
    if args.json:
        code = normalize_unit_code(args.code)
        table = lineage_table(registry)
        rows = table[(table["old_code"] == code) | (table["new_code"] == code)]
        records = rows.assign(effective=rows["effective"].astype(str)).to_dict("records")
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print("\n".join(lines))
    return EXIT_OK


def cmd_template(args) -> int:
    from ntm.units.corrections import write_correction_template

    write_correction_template(Path(args.out))
    print(_t(args.lang, f"Đã ghi mẫu hiệu chỉnh kế thừa đơn vị hành chính vào {args.out}",
             f"Wrote the lineage correction template to {args.out}"))
    return EXIT_OK


def cmd_check_corrections(args) -> int:
    from ntm.units.corrections import read_corrections
    from ntm.units.registry import default_registry

    path = Path(args.file)
    corrections = read_corrections(path, default_registry(), file_name=path.name)
    _print_problems(corrections.problems, args.lang)
    print(_t(args.lang, f"{len(corrections.successions)} dòng kế thừa dùng được, "
                        f"{int((corrections.problems['severity'] == 'error').sum())} lỗi.",
             f"{len(corrections.successions)} usable succession rows, "
             f"{int((corrections.problems['severity'] == 'error').sum())} error(s)."))
    return EXIT_OK if corrections.ok else EXIT_PROBLEMS


def cmd_corrections(args) -> int:
    from ntm.auth.guard import save_unit_corrections_as
    from ntm.store import open_store
    from ntm.store.cli import acting_from_args

    store = open_store(args.db)
    try:
        if args.file is None and not args.withdraw:
            kept = store.unit_corrections()
            if kept.empty:
                print(_t(args.lang, "Kho chưa có tệp hiệu chỉnh kế thừa nào: dùng danh mục của bộ dữ liệu.",
                         "The store holds no lineage correction workbook: the dataset's list is used."))
            for row in kept.itertuples():
                mark = _t(args.lang, " (đang dùng)", " (in force)") if row.in_force else ""
                name = row.file_name if isinstance(row.file_name, str) else _t(args.lang, "(rút lại)", "(withdrawn)")
                print(f"{row.version:>4}  {row.saved_at:%Y-%m-%d %H:%M}  {row.saved_by:<16} "
                      f"{name} · {row.successions}{mark}")
            return EXIT_OK
        account = acting_from_args(args, store)
        path = Path(args.file) if args.file else None
        content = path.read_bytes() if path else None
        outcome = save_unit_corrections_as(store, account, content, path.name if path else None)
        _print_problems(outcome.problems, args.lang)
        print(outcome.message(args.lang), file=sys.stdout if outcome.saved else sys.stderr)
        return EXIT_OK if outcome.saved else EXIT_PROBLEMS
    except OSError as error:
        print(_t(args.lang, f"Không đọc được tệp: {error.strerror}", f"Cannot read the file: {error.strerror}"),
              file=sys.stderr)
        return EXIT_UNUSABLE
    finally:
        store.close()


def cmd_refresh(args) -> int:
    from ntm.auth.guard import refresh_units_as
    from ntm.store import open_store
    from ntm.store.cli import acting_from_args

    store = open_store(args.db)
    try:
        changed = refresh_units_as(store, acting_from_args(args, store))
    finally:
        store.close()
    print(_t(args.lang, f"Đã tính lại đơn vị hành chính: {changed} kết quả đánh giá đổi đơn vị.",
             f"Official units recomputed: {changed} assessment(s) changed unit."))
    return EXIT_OK


def register(subparsers, add_common=None) -> None:
    """Add ``units`` and its subcommands to ``ntm.cli``'s parser.

    Args:
        subparsers: what ``ArgumentParser.add_subparsers`` returned.
        add_common: unused (the units commands take no criteria-set options); accepted so that
            every command module registers the same way.
    """
    from ntm.store.cli import add_acting_options

    units = subparsers.add_parser("units", help="đơn vị hành chính, kế thừa / administrative units, lineage")
    sub = units.add_subparsers(dest="units_command", required=True)

    def corrections_option(p):
        p.add_argument("--corrections", metavar="FILE.xlsx",
                       help="tệp hiệu chỉnh kế thừa / lineage correction workbook")

    p = sub.add_parser("resolve", help="tìm đơn vị chính thức của một tên xã / resolve a commune name")
    p.add_argument("name", help="tên xã như trong báo cáo / the commune as reported")
    p.add_argument("--province", help="tỉnh / province")
    p.add_argument("--district", help="huyện (trước 1/7/2025) / district (before 1 July 2025)")
    p.add_argument("--year", type=int, help="năm đánh giá / assessment year")
    p.add_argument("--code", help="mã xã trong tệp / commune code from the file")
    p.add_argument("--json", action="store_true")
    corrections_option(p)
    p.set_defaults(func=cmd_resolve)

    p = sub.add_parser("lineage", help="xã cũ → xã mới, xã mới ← xã cũ / lineage of a unit code")
    p.add_argument("code", help="mã đơn vị (5 chữ số) / unit code (5 digits)")
    p.add_argument("--json", action="store_true")
    corrections_option(p)
    p.set_defaults(func=cmd_lineage)

    p = sub.add_parser("template", help="ghi mẫu hiệu chỉnh kế thừa / write the lineage correction template")
    p.add_argument("out", metavar="OUT.xlsx")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("check-corrections",
                       help="kiểm tra tệp hiệu chỉnh / check a lineage correction workbook")
    p.add_argument("file", metavar="FILE.xlsx")
    p.set_defaults(func=cmd_check_corrections)

    def store_options(p):
        p.add_argument("--db", metavar="URL", help="kho dữ liệu (mặc định NTM_DATABASE_URL) / the store")
        add_acting_options(p, who=True)

    p = sub.add_parser("corrections", help="lưu tệp hiệu chỉnh kế thừa vào kho, hoặc liệt kê / keep a lineage "
                                           "correction workbook in the store, or list them")
    target = p.add_mutually_exclusive_group()
    target.add_argument("file", metavar="FILE.xlsx", nargs="?")
    target.add_argument("--withdraw", action="store_true",
                        help="bỏ hiệu chỉnh đang dùng / withdraw the corrections in force")
    store_options(p)
    p.set_defaults(func=cmd_corrections)

    p = sub.add_parser("refresh", help="tính lại đơn vị hành chính của mọi kết quả trong kho / "
                                       "recompute the official units of the stored assessments")
    store_options(p)
    p.set_defaults(func=cmd_refresh)


def main(argv: list[str] | None = None) -> int:
    """Run one units command (``python -m ntm.units.cli``; tests); the project's errors give 2."""
    return standalone_main("python -m ntm.units.cli", register, argv, EXIT_UNUSABLE)


if __name__ == "__main__":
    sys.exit(main())
