"""The accounts' and the audit trail's commands.

    python -m ntm users list [--as LOGIN] [--db URL]
    python -m ntm users add LOGIN --role viewer|editor|admin [--name NAME] [--oidc] [--as LOGIN]
    python -m ntm users role LOGIN viewer|editor|admin [--as LOGIN]
    python -m ntm users assign LOGIN --province P [--commune C] [--remove] [--as LOGIN]
    python -m ntm users deactivate LOGIN [--reactivate] [--as LOGIN]
    python -m ntm users passwd LOGIN [--as LOGIN]
    python -m ntm audit [--out FILE.csv|FILE.xlsx] [--as LOGIN] [--db URL]

Passwords are asked twice without echo, or read from the first line of standard input when it is
not a terminal (or with ``--password-stdin``), for scripts; they are never taken as arguments
(which other users of the machine could see in the process list). ``--as LOGIN`` names the acting
account, whose rights are checked and which the audit trail records; it may be left out only
while the store has no active account (the local operator then creates the first
administrator). The database URL is itself the key to the data: keep it from anyone who should
not be an administrator. Exit status: 0 done, 2 refused or impossible (the message says why).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ntm.cli_options import standalone_main
from ntm.auth.errors import AuthError

EXIT_OK, EXIT_REFUSED = 0, 2


def _t(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def _open(args):
    from ntm.store import open_store

    return open_store(args.db)


def read_password(args, prompt: str = "Mật khẩu / Password: ") -> str:
    """A new password: from stdin's first line for scripts, else asked twice without echo.

    Raises:
        AuthError: the two entries differ, or stdin is empty.
    """
    if getattr(args, "password_stdin", False) or not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise AuthError("Không đọc được mật khẩu từ đầu vào chuẩn.", "No password on standard input.")
        return line
    first = getpass.getpass(prompt)
    if getpass.getpass("Nhập lại / Again: ") != first:
        raise AuthError("Hai lần nhập mật khẩu không khớp.", "The two passwords differ.")
    return first


def _actor(args, store, action):
    """The acting account, refused unless it may do ``action``."""
    from ntm.auth.guard import acting_account
    from ntm.auth.permissions import require

    account = acting_account(store, args.acting)
    require(account, action)
    return account


def cmd_users(args) -> int:
    from ntm.auth.permissions import Action, Place
    from ntm.store.users import Accounts

    store = _open(args)
    try:
        accounts = Accounts(store.engine)
        lang = args.lang
        if args.users_command == "list":
            _actor(args, store, Action.MANAGE_USERS)
            print(format_users(accounts.list(), lang))
            return EXIT_OK
        if args.users_command == "passwd":
            from ntm.auth.guard import acting_account

            actor = acting_account(store, args.acting)
            if actor.login != args.login.strip().lower():  # one's own password, or an admin's right
                actor = _actor(args, store, Action.MANAGE_USERS)
            accounts.set_password(args.login, read_password(args), who=actor.login)
            print(_t(lang, f"Đã đổi mật khẩu của {args.login}.", f"Password of {args.login} changed."))
            return EXIT_OK
        actor = _actor(args, store, Action.MANAGE_USERS)
        if args.users_command == "add":
            password = None if args.oidc else read_password(args)
            accounts.add(args.login, args.role, who=actor.login, display_name=args.name or "",
                         password=password)
            print(_t(lang, f"Đã thêm {args.login} ({args.role}).", f"Added {args.login} ({args.role})."))
        elif args.users_command == "role":
            accounts.set_role(args.login, args.role, who=actor.login)
            print(_t(lang, f"{args.login} giờ là {args.role}.", f"{args.login} is now {args.role}."))
        elif args.users_command == "assign":
            place = Place(args.province, args.commune)
            if args.remove:
                done = accounts.unassign(args.login, place, who=actor.login)
                print(_t(lang, f"Đã bỏ giao {place.label()} cho {args.login}." if done else
                         f"{args.login} không được giao {place.label()}.",
                         f"{place.label()} taken from {args.login}." if done else
                         f"{args.login} did not have {place.label()}."))
            else:
                done = accounts.assign(args.login, place, who=actor.login)
                print(_t(lang, f"Đã giao {place.label()} cho {args.login}." if done else
                         f"{args.login} đã được giao {place.label()} từ trước.",
                         f"{place.label()} assigned to {args.login}." if done else
                         f"{args.login} already has {place.label()}."))
        elif args.users_command == "deactivate":
            accounts.set_active(args.login, args.reactivate, who=actor.login)
            print(_t(lang, f"Đã {'mở lại' if args.reactivate else 'khóa'} tài khoản {args.login}.",
                     f"Account {args.login} {'reactivated' if args.reactivate else 'deactivated'}."))
        return EXIT_OK
    finally:
        store.close()


def format_users(frame, lang: str) -> str:
    """The accounts as a plain-text table."""
    if frame.empty:
        return _t(lang, "Chưa có tài khoản nào (chế độ một người dùng trên máy này).",
                  "No accounts yet (single-user mode on this computer).")
    headers = (["Tên đăng nhập", "Tên", "Vai trò", "Hoạt động", "Đăng nhập bằng", "Địa bàn"] if lang != "en"
               else ["Login", "Name", "Role", "Active", "Signs in with", "Places"])
    rows = []
    for r in frame.itertuples():
        how = "+".join(x for x, on in (("password", r.local_password), ("OIDC", r.oidc)) if on) or "OIDC"
        active = _t(lang, "có", "yes") if r.active else _t(lang, "khóa", "no")
        rows.append([r.login, r.display_name, r.role, active, how, r.places or "–"])
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(line, widths)).rstrip() for line in [headers, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cmd_audit(args) -> int:
    from ntm.auth.permissions import Action
    from ntm.auth.trail import audit_table, visible_trail
    from ntm.export import export_kind, export_metadata, export_table
    from ntm.store.audit import read_audit
    from ntm.store.engine import read_connection

    out = Path(args.out) if args.out else None
    kind = export_kind(out) if out is not None else None  # a wrong name is refused before the store opens
    store = _open(args)
    try:
        actor = _actor(args, store, Action.VIEW_AUDIT)
        with read_connection(store.engine) as connection:
            trail = visible_trail(read_audit(connection), actor)
    finally:
        store.close()
    table = audit_table(trail, lang=args.lang)
    if out is None:
        empty = _t(args.lang, "Nhật ký trống.", "The trail is empty.")
        shown = table.astype(object).where(table.notna(), "")  # blanks, not None / <NA>
        print(shown.to_string(index=False) if len(table) else empty)
        return EXIT_OK
    metadata = export_metadata(rows=len(table), lang=args.lang,
                               **{_t(args.lang, "Người xuất", "Exported by"): actor.login})
    out.write_bytes(export_table(table, kind, metadata=metadata, lang=args.lang,
                                 sheet_name=_t(args.lang, "NhatKy", "Audit")))
    print(_t(args.lang, f"Đã xuất {len(table)} dòng nhật ký vào {out}",
             f"Exported {len(table)} audit rows to {out}"))
    return EXIT_OK


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=(
        "kho dữ liệu (mặc định: biến NTM_DATABASE_URL, hoặc data/ntm.sqlite3) / "
        "store URL (default: NTM_DATABASE_URL, else data/ntm.sqlite3)"))
    parser.add_argument("--as", dest="acting", metavar="LOGIN",
                        help="tài khoản thực hiện / the acting account (its rights are checked)")


def register(subparsers) -> None:
    """Add ``users`` and ``audit`` to ``ntm.cli``'s parser (``subparsers``: what
    ``ArgumentParser.add_subparsers`` returned)."""
    users = subparsers.add_parser("users", help="người dùng, vai trò, địa bàn / users, roles, places")
    commands = users.add_subparsers(dest="users_command", required=True)

    p = commands.add_parser("list", help="danh sách / list accounts")
    _add_common(p)

    p = commands.add_parser("add", help="thêm người dùng / add an account")
    p.add_argument("login")
    p.add_argument("--role", required=True, help="viewer, editor, admin")
    p.add_argument("--name", help="tên hiển thị / display name")
    p.add_argument("--oidc", action="store_true",
                   help="đăng nhập qua OpenID Connect, không mật khẩu / signs in by OpenID Connect, "
                        "no password (LOGIN is then the e-mail address the provider gives)")
    p.add_argument("--password-stdin", action="store_true",
                   help="đọc mật khẩu từ stdin / password from stdin")
    _add_common(p)

    p = commands.add_parser("role", help="đổi vai trò / change a role")
    p.add_argument("login")
    p.add_argument("role", help="viewer, editor, admin")
    _add_common(p)

    p = commands.add_parser("assign", help="giao địa bàn / assign a place")
    p.add_argument("login")
    p.add_argument("--province", required=True, help="tỉnh / province")
    p.add_argument("--commune", help="xã (bỏ trống: cả tỉnh) / commune (none: the whole province)")
    p.add_argument("--remove", action="store_true", help="bỏ giao / take the place away")
    _add_common(p)

    p = commands.add_parser("deactivate", help="khóa tài khoản / deactivate an account")
    p.add_argument("login")
    p.add_argument("--reactivate", action="store_true", help="mở lại / reactivate")
    _add_common(p)

    p = commands.add_parser("passwd", help="đổi mật khẩu / set a password")
    p.add_argument("login")
    p.add_argument("--password-stdin", action="store_true",
                   help="đọc mật khẩu từ stdin / password from stdin")
    _add_common(p)
    users.set_defaults(func=cmd_users)

    p = subparsers.add_parser("audit", help="nhật ký thay đổi / the audit trail")
    p.add_argument("--out", metavar="FILE.csv|FILE.xlsx", help="xuất ra tệp / write to a file")
    _add_common(p)
    p.set_defaults(func=cmd_audit)


def main(argv: list[str] | None = None) -> int:
    """Run one command (``python -m ntm.auth.cli``; tests); refusals and other errors give 2."""
    return standalone_main("python -m ntm.auth.cli", register, argv, EXIT_REFUSED)


if __name__ == "__main__":
    sys.exit(main())
