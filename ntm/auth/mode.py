"""How people sign in, and when single-user mode is allowed. Pure functions.

Three modes, chosen in this order:

1. ``oidc``: an OpenID Connect provider is configured (``[auth]`` in ``.streamlit/secrets.toml``);
   the provider says who the person is, the store's users table says what they may do.
2. ``accounts``: the store holds at least one active account; people sign in with a login and a
   password (argon2-hashed, see ``passwords.py``).
3. ``single-user``: a fresh install on one computer, with no accounts yet. Whoever opens the page
   acts as an administrator, so this is allowed only when the server listens on the loopback
   interface and the request came straight from this computer (no proxy in between).

When none applies, nobody may use the dashboard until an administrator account is created
(``python -m ntm users add LOGIN --role admin``) or the server is bound to localhost.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from enum import StrEnum

from ntm.auth.permissions import Account, Decision, Role

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
# A request that went through a reverse proxy says so in one of these headers: then it may come
# from anywhere, whatever address the proxy itself connected from.
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host", "x-forwarded-proto")
SINGLE_USER_LOGIN = "local"
SINGLE_USER = Account(login=SINGLE_USER_LOGIN, role=Role.ADMIN,
                      display_name="Người dùng máy này / Local user")


class Mode(StrEnum):
    OIDC = "oidc"
    ACCOUNTS = "accounts"
    SINGLE_USER = "single-user"
    LOCKED = "locked"


def is_loopback(host: str | None) -> bool:
    """True for "localhost", 127.0.0.0/8 and ::1 (with or without brackets or a port)."""
    if not host:
        return False
    text = host.strip().lower()
    if text.startswith("["):  # "[::1]:8501"
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # "localhost:8501", "127.0.0.1:8501"
        text = text.split(":", 1)[0]
    if text in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def single_user_decision(server_address: str | None, headers: Mapping[str, str] | None = None) -> Decision:
    """May this request run in single-user mode?

    Args:
        server_address: Streamlit's ``server.address`` setting; None or "" means every interface
            (Streamlit's default), which is beyond localhost.
        headers: the request's HTTP headers (any case); None when unknown (e.g. a test run).

    Returns:
        Allowed only when the server is bound to a loopback address, the ``Host`` header (when
        known) names this computer, and no proxy header is present.
    """
    fix_vi = ("Hãy chạy với --server.address localhost, hoặc tạo tài khoản quản trị "
              "(python -m ntm users add TEN --role admin) để mọi người đăng nhập.")
    fix_en = ("Run with --server.address localhost, or create an administrator account "
              "(python -m ntm users add NAME --role admin) so that people sign in.")
    if not is_loopback(server_address):
        where = server_address or "mọi địa chỉ mạng"
        where_en = server_address or "every network interface"
        return Decision(False,
                        f"Không dùng được chế độ một người dùng: máy chủ đang mở trên {where}. {fix_vi}",
                        f"Single-user mode refused: the server listens on {where_en}. {fix_en}")
    lowered = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    proxied = [h for h in PROXY_HEADERS if lowered.get(h)]
    if proxied:
        return Decision(False, f"Không dùng được chế độ một người dùng qua proxy ({proxied[0]}). {fix_vi}",
                        f"Single-user mode refused behind a proxy ({proxied[0]}). {fix_en}")
    host = lowered.get("host")
    if host is not None and not is_loopback(host):
        return Decision(False, f"Không dùng được chế độ một người dùng: trang được mở qua {host}. {fix_vi}",
                        f"Single-user mode refused: the page was opened through {host}. {fix_en}")
    return Decision(True)


def choose_mode(*, oidc_configured: bool, has_accounts: bool, single_user: Decision) -> Mode:
    """The sign-in mode (see the module docstring for the order)."""
    if oidc_configured:
        return Mode.OIDC
    if has_accounts:
        return Mode.ACCOUNTS
    return Mode.SINGLE_USER if single_user else Mode.LOCKED
