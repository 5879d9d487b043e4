"""The commune groups' commands: set them from a list, show them.

    python -m ntm groups set FILE.csv|FILE.xlsx --province P [--set ID] [--year Y] [--as LOGIN]
                             [--who NAME] [--db URL]
    python -m ntm groups show --province P [--set ID] [--year Y] [--db URL]

``set`` reads a province's list of commune (name or official code) → group 1, 2 or 3
(``ntm.loaders.group_list``) and writes it onto the stored assessments of those communes
(``Store.set_commune_groups``): every year, or ``--year``; the sets whose targets depend on the
commune group (``ntm-2026``), or ``--set``. A list with any error changes nothing. The change is
made as the account ``--as LOGIN`` names, which must be allowed to upload for every commune it
changes (an editor only in its places; a store without accounts: the local operator, recorded as
``--who``), and is kept in the audit trail. ``show`` prints the current assessments' groups.
Exit status: 0 done, 1 the list has errors, 2 a file, the store or the account could not be used.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from ntm.cli_options import standalone_main

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


def _t(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def _sets(args, store) -> list[str]:
    """``--set``, else every set of the store's catalog whose targets depend on the commune group."""
    from ntm.scoring import group_sets

    catalog = store.catalog()
    if args.set:
        return [catalog.get(args.set).id]
    return sorted(group_sets(catalog))


def cmd_groups_set(args) -> int:
    from ntm.auth.permissions import Action, Place, require
    from ntm.loaders.group_list import read_group_list
    from ntm.store import open_store
    from ntm.store.cli import acting_from_args

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as error:
        print(_t(args.lang, f"{args.file}: không mở được tệp ({error.strerror}).",
                 f"{args.file}: cannot open the file ({error.strerror})."), file=sys.stderr)
        return EXIT_UNUSABLE
    groups, problems = read_group_list(content, path.name)
    if not problems.empty:
        message = "message_en" if args.lang == "en" else "message"
        for row in problems.itertuples():
            where = ":".join(str(x) for x in (row.sheet, row.row) if not pd.isna(x))
            print(f"  {row.code:28} {where}: {getattr(row, message)}", file=sys.stderr)
        print(_t(args.lang, "Danh sách có lỗi: kho không thay đổi.", "The list has errors: nothing changed."),
              file=sys.stderr)
        return EXIT_PROBLEMS
    store = open_store(args.db)
    try:
        account = acting_from_args(args, store)

        def authorize(places: list[tuple[str, str]]) -> None:
            require(account, Action.UPLOAD, [Place(province, commune) for province, commune in places])

        outcome = store.set_commune_groups(args.province, groups, _sets(args, store), year=args.year,
                                           who=account.login, file_name=path.name, authorize=authorize)
    finally:
        store.close()
    print(outcome.message(args.lang))
    return EXIT_OK


def cmd_groups_show(args) -> int:
    from ntm.scoring import group_label
    from ntm.store import open_store

    store = open_store(args.db)
    try:
        filters = {"province": args.province, "criteria_set": _sets(args, store)}
        if args.year is not None:
            filters["year"] = args.year
        scores = store.scores(**filters)
    finally:
        store.close()
    if scores.empty:
        print(_t(args.lang, "Kho không có kết quả đánh giá nào như vậy.", "The store holds no such assessment."))
        return EXIT_OK
    unknown = group_label(0, args.lang)
    headers = (["Xã", "Mã xã", "Năm", "Bộ tiêu chí", "Nhóm xã"] if args.lang != "en" else
               ["Commune", "Code", "Year", "Set", "Commune group"])
    rows = [[str(r.commune), "" if pd.isna(r.commune_code) else str(r.commune_code), str(r.year), str(r.criteria_set),
             unknown if pd.isna(r.commune_group) else group_label(int(r.commune_group), args.lang)]
            for r in scores.itertuples()]
    widths = [max(len(x) for x in column) for column in zip(headers, *rows)]
    lines = ["  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip() for line in [headers, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    print("\n".join(lines))
    return EXIT_OK


def register(subparsers) -> None:
    """Add ``groups set`` and ``groups show`` to ``ntm.cli``'s parser."""
    from ntm.store.cli import add_acting_options

    p = subparsers.add_parser("groups", help="nhóm xã (bộ tiêu chí 2026–2030) / commune groups (2026–2030 set)")
    sub = p.add_subparsers(dest="groups_command", required=True)
    for name, help_text, func in (
        ("set", "ghi nhóm xã từ danh sách (.csv, .xlsx) / set commune groups from a list", cmd_groups_set),
        ("show", "xem nhóm xã đã ghi / show the recorded commune groups", cmd_groups_show),
    ):
        q = sub.add_parser(name, help=help_text)
        if name == "set":
            q.add_argument("file", metavar="FILE.csv|FILE.xlsx",
                           help="các cột Xã (hoặc Mã xã) và Nhóm xã / columns Xã (or Mã xã) and Nhóm xã")
            add_acting_options(q, who=True)
        q.add_argument("--province", required=True, help="tỉnh / province")
        q.add_argument("--set", metavar="ID", help=(
            "bộ tiêu chí (mặc định: các bộ đặt mức theo nhóm xã) / criteria set (default: the sets whose "
            "targets depend on the commune group)"))
        q.add_argument("--year", type=int, help="chỉ năm này / this year only")
        q.add_argument("--db", metavar="URL", help=(
            "kho dữ liệu (mặc định: biến NTM_DATABASE_URL, hoặc data/ntm.sqlite3) / "
            "store URL (default: NTM_DATABASE_URL, else data/ntm.sqlite3)"))
        q.set_defaults(func=func)


def main(argv: list[str] | None = None) -> int:
    """Run one groups command (``python -m ntm.store.groups_cli``; tests); the project's errors give 2."""
    return standalone_main("python -m ntm.store.groups_cli", register, argv, EXIT_UNUSABLE)


if __name__ == "__main__":
    sys.exit(main())
