"""The store's commands: import, export, uploads (list, delete, undo), recompute.

    python -m ntm import FILE... [--as LOGIN] [--db URL] [--who NAME] [--province P] [--district D]
                         [--commune C] [--year Y] [--set ID] [--status-column latest|self|district|province]
    python -m ntm export --out FILE.xlsx|FILE.csv [--db URL] [--province P] [--district D]
                         [--commune C] [--year Y] [--set ID] [--scores]
    python -m ntm uploads [--db URL] [--delete ID | --undo ID] [--as LOGIN]
    python -m ntm recompute [--as LOGIN] [--db URL]

``register(subparsers, add_common)`` adds them to ``ntm.cli``'s parser (``add_common`` adds the
options every command shares, e.g. ``--set-file``). ``import`` takes the loader's options as
``score`` and ``check`` do, for forms whose title lines do not say the place, year or set. Without
``--db`` the store is the one in ``NTM_DATABASE_URL`` (default: data/ntm.sqlite3). ``export``
writes the results with each one's official unit (name and code, before and after 1 July 2025)
beside the commune as reported; ``--scores`` writes one row per assessment instead.

Changes go through ``ntm.auth.guard`` as the account ``--as LOGIN`` names: an editor imports,
deletes and restores only data of its provinces and communes; keeping a ``--set-file`` in the
store and ``recompute`` are for administrators. While the store has no account yet, ``--as`` may be
left out: the local operator acts as an administrator, recorded as ``--who NAME`` (default: the
operating-system user). Exit status: 0 all well (an identical file is "unchanged", not an error),
1 a file was rejected for its problems, 2 a file or the store could not be used at all, or the
account may not do this (e.g. a file with a commune outside an editor's places).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ntm.cli_options import add_load_options, load_options, standalone_main
from ntm.schema import has_errors
from ntm.store.imports import REJECTED

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


def _t(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def _open(args):
    from ntm.store import open_store

    return open_store(args.db)


def _catalog(args, store, account):
    """The shipped sets, the user sets kept in the store, and any --set-file (kept in the store
    too, as ``account``: administrators only)."""
    from ntm.auth.guard import save_criteria_set_as

    catalog = store.catalog()
    for set_file in getattr(args, "set_file", None) or []:
        from ntm.catalog.workbook import read_set_workbook

        path = Path(set_file)
        criteria_set = read_set_workbook(path, file_name=path.name)
        save_criteria_set_as(store, account, criteria_set, file_name=path.name, content=path.read_bytes())
        catalog.add(criteria_set)
    return catalog


def _who(args) -> str:
    if getattr(args, "who", None):
        return args.who
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def acting_from_args(args, store):
    """The account a change is made as: ``--as LOGIN``; on a store without accounts, the local
    operator (an administrator) under ``--who`` or the operating-system user's name. Every command
    that changes data uses it (the units commands too), with ``add_acting_options``.

    Raises:
        AuthError: unknown or deactivated login; no ``--as`` on a store with accounts; ``--who``
            given with accounts (the account's login is what the trail records).
    """
    from ntm.auth.errors import AuthError
    from ntm.auth.guard import acting_account
    from ntm.auth.mode import SINGLE_USER

    account = acting_account(store, getattr(args, "acting", None))
    if account == SINGLE_USER:
        return replace(account, login=_who(args))
    if getattr(args, "who", None):
        raise AuthError("Kho dữ liệu này có tài khoản: người thực hiện là --as TEN_DANG_NHAP, bỏ --who.",
                        "This store has accounts: the change is made as --as LOGIN; leave out --who.")
    return account


def cmd_import(args) -> int:
    from ntm.auth.guard import import_as

    store = _open(args)
    try:
        account = acting_from_args(args, store)
        catalog = _catalog(args, store, account)
        status = EXIT_OK
        for name in args.files:
            path = Path(name)
            try:
                content = path.read_bytes()
            except OSError as error:
                print(_t(args.lang, f"{name}: không mở được tệp ({error.strerror}).",
                         f"{name}: cannot open the file ({error.strerror})."), file=sys.stderr)
                status = EXIT_UNUSABLE
                continue
            outcome = import_as(store, account, content, path.name, catalog, load_options=load_options(args))
            print(outcome.message(args.lang), file=sys.stderr if outcome.status == REJECTED else sys.stdout)
            if outcome.status == REJECTED:
                _print_problems(outcome.problems, args.lang)
                status = max(status, EXIT_PROBLEMS if has_errors(outcome.problems) else EXIT_UNUSABLE)
        return status
    finally:
        store.close()


def _print_problems(problems: pd.DataFrame, lang: str, limit: int = 20) -> None:
    errors = problems[problems["severity"] == "error"]
    message = "message_en" if lang == "en" else "message"
    for row in errors.head(limit).itertuples():
        where = ":".join(str(x) for x in (row.sheet, row.row) if not pd.isna(x))
        print(f"  {row.code:28} {where}: {getattr(row, message)}", file=sys.stderr)
    if len(errors) > limit:
        print(_t(lang, f"  … và {len(errors) - limit} lỗi nữa.", f"  … and {len(errors) - limit} more."),
              file=sys.stderr)


def _filters(args) -> dict:
    chosen = {"province": args.province, "district": args.district, "commune": args.commune,
              "year": args.year, "criteria_set": args.set}
    return {k: v for k, v in chosen.items() if v is not None}


def cmd_export(args) -> int:
    from ntm.export import (
        export_kind,
        export_metadata,
        export_table,
        results_table,
        scores_table,
        with_unit_columns,
    )

    out = Path(args.out)
    kind = export_kind(out)  # a wrong name is refused before the store opens
    store = _open(args)
    try:
        filters = _filters(args)
        if args.scores:
            frame = store.scores(**filters).drop(columns=["assessment_id", "status", "superseded_by"])
            table = scores_table(frame, lang=args.lang)
        else:
            # Each result beside its official unit (old and new name and code), as the data page's
            # downloads carry it: the units live with the scores, one row per assessment.
            frame = with_unit_columns(store.results(**filters), store.scores(**filters))
            table = results_table(frame, lang=args.lang)
        catalog = store.catalog()
    finally:
        store.close()
    sets = [catalog.get(s) for s in sorted(frame["criteria_set"].dropna().unique()) if s in catalog]
    metadata = export_metadata(filters=filters, criteria_sets=sets, rows=len(table), lang=args.lang)
    out.write_bytes(export_table(table, kind, metadata=metadata, lang=args.lang))
    what = _t(args.lang, "xã-năm" if args.scores else "kết quả", "assessments" if args.scores else "results")
    print(_t(args.lang, f"Đã xuất {len(table)} {what} vào {out}", f"Exported {len(table)} {what} to {out}"))
    return EXIT_OK


def cmd_uploads(args) -> int:
    from ntm.auth.guard import delete_as, undo_as

    store = _open(args)
    try:
        if args.delete is not None:
            done = delete_as(store, acting_from_args(args, store), args.delete)
            print(_t(args.lang,
                     f"Đã xóa lần tải lên số {args.delete} (hoàn tác: --undo {args.delete})." if done
                     else f"Lần tải lên số {args.delete} đã bị xóa từ trước.",
                     f"Upload #{args.delete} deleted (undo: --undo {args.delete})." if done
                     else f"Upload #{args.delete} was already deleted."))
        elif args.undo is not None:
            done = undo_as(store, acting_from_args(args, store), args.undo)
            print(_t(args.lang,
                     f"Đã khôi phục lần tải lên số {args.undo}." if done else f"Lần tải lên số {args.undo} chưa bị xóa.",
                     f"Upload #{args.undo} restored." if done else f"Upload #{args.undo} is not deleted."))
        else:
            print(format_uploads(store.uploads(), args.lang))
        return EXIT_OK
    finally:
        store.close()


def format_uploads(frame: pd.DataFrame, lang: str) -> str:
    """The upload history as a plain-text table, newest first."""
    if frame.empty:
        return _t(lang, "Kho chưa có lần tải lên nào.", "The store holds no uploads yet.")
    status_words = {"active": ("đang dùng", "active"), "superseded": ("đã thay thế", "superseded"),
                    "deleted": ("đã xóa", "deleted")}
    headers = (["Số", "Thời gian (UTC)", "Tệp", "Dung lượng", "Người tải", "Trạng thái", "Xã-năm", "Kết quả"]
               if lang != "en" else
               ["#", "Time (UTC)", "File", "Size", "By", "Status", "Assessments", "Results"])
    rows = []
    for r in frame.itertuples():
        status = status_words[r.status][1 if lang == "en" else 0]
        if r.status == "active" and r.superseded_assessments:
            status += _t(lang, f" ({r.superseded_assessments} xã-năm đã thay thế)",
                         f" ({r.superseded_assessments} superseded)")
        if r.sample:
            status += _t(lang, ", dữ liệu mẫu", ", sample")
        rows.append([str(r.upload_id), r.uploaded_at.strftime("%Y-%m-%d %H:%M"), str(r.file_name),
                     f"{r.size:,}".replace(",", "."), str(r.uploaded_by or ""), status,
                     f"{r.current_assessments}/{r.assessments}", str(r.rows)])
    widths = [max(len(x) for x in column) for column in zip(headers, *rows)]
    lines = ["  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip() for line in [headers, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cmd_recompute(args) -> int:
    from ntm.auth.guard import recompute_as

    store = _open(args)
    try:
        account = acting_from_args(args, store)
        count = recompute_as(store, account, _catalog(args, store, account))
    finally:
        store.close()
    print(_t(args.lang, f"Đã tính lại điểm của {count} xã-năm.", f"Recomputed the scores of {count} assessment(s)."))
    return EXIT_OK


def add_acting_options(parser: argparse.ArgumentParser, *, who: bool = False) -> None:
    """Add ``--as LOGIN`` (and, with ``who``, ``--who NAME`` for a store without accounts) to a
    command that changes data (read back by ``acting_from_args``)."""
    parser.add_argument("--as", dest="acting", metavar="LOGIN", help=(
        "tài khoản thực hiện (bắt buộc khi kho đã có tài khoản) / "
        "the account acting (required once the store has accounts)"))
    if who:
        parser.add_argument("--who", help="người thực hiện, khi kho chưa có tài khoản / who acts, on a store "
                                          "without accounts (default: the OS user)")


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=(
        "kho dữ liệu (mặc định: biến NTM_DATABASE_URL, hoặc data/ntm.sqlite3) / "
        "store URL (default: NTM_DATABASE_URL, else data/ntm.sqlite3)"))


def register(subparsers, add_common) -> None:
    """Add the store's subcommands to ``ntm.cli``'s parser.

    Args:
        subparsers: what ``ArgumentParser.add_subparsers`` returned.
        add_common: adds the options every command shares (``--set-file``) to a subparser.
    """
    p = subparsers.add_parser("import", help="nhập tệp vào kho / import workbooks into the store")
    p.add_argument("files", nargs="+", metavar="FILE")
    add_acting_options(p, who=True)
    add_load_options(p)
    _add_db(p)
    add_common(p)
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser("export", help="xuất dữ liệu trong kho / export stored data")
    p.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.csv")
    p.add_argument("--province", help="tỉnh / province")
    p.add_argument("--district", help="huyện / district")
    p.add_argument("--commune", help="xã / commune")
    p.add_argument("--year", type=int, action="append", help="năm / year (repeatable)")
    p.add_argument("--set", help="bộ tiêu chí / criteria set id")
    p.add_argument("--scores", action="store_true",
                   help="xuất điểm (mỗi xã-năm một dòng) / export scores, one row per assessment")
    _add_db(p)
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("uploads", help="lịch sử tải lên, xóa, hoàn tác / upload history, delete, undo")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--delete", type=int, metavar="ID", help="ẩn một lần tải lên / hide an upload")
    action.add_argument("--undo", type=int, metavar="ID", help="khôi phục / restore a deleted upload")
    add_acting_options(p)
    _add_db(p)
    p.set_defaults(func=cmd_uploads)

    p = subparsers.add_parser("recompute", help="tính lại điểm / recompute every saved score")
    add_acting_options(p)
    _add_db(p)
    add_common(p)
    p.set_defaults(func=cmd_recompute)


def main(argv: list[str] | None = None) -> int:
    """Run one store command (``python -m ntm.store.cli``; tests); the project's errors give 2."""
    def register_alone(sub) -> None:
        register(sub, lambda p: p.add_argument("--set-file", action="append", metavar="SET.xlsx"))
    return standalone_main("python -m ntm.store.cli", register_alone, argv, EXIT_UNUSABLE)


if __name__ == "__main__":
    sys.exit(main())
