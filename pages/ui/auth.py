"""Who is signed in, what their menu holds, and the refusal of a page they may not use.

``sign_in_state`` decides the mode (``ntm.auth.mode``): Streamlit's ``st.login`` / ``st.user`` when
``[auth]`` is configured in ``.streamlit/secrets.toml``; else the store's local accounts with a
small sign-in form; else single-user mode with a banner, only when the server is bound to
localhost. ``menu`` hides the pages a role may not use (they stay in ``st.navigation`` as hidden
pages, so a direct link shows ``guard_page``'s clear refusal rather than "page not found").
The account is read from the store on every run, so a deactivation or a new role applies at once.
Names and logins are shown as plain text, never as HTML or Markdown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ntm.auth.mode import SINGLE_USER, Mode, choose_mode, single_user_decision
from ntm.auth.permissions import Account, Action, Decision, Role, decide
from ntm.auth.throttle import SignInThrottle
from ntm.store.users import Accounts
from pages.ui import labels_auth as words
from pages.ui import state
from pages.ui.data import get_store
from pages.ui.i18n import lang, render_language_switch

# What each page (by url_path) asks of its user.
PAGE_ACTIONS = {
    "overview": Action.VIEW, "profile": Action.VIEW, "compare": Action.VIEW, "progress": Action.VIEW,
    "data": Action.VIEW, "method": Action.VIEW, "upload": Action.UPLOAD, "audit": Action.VIEW_AUDIT,
    "admin": Action.MANAGE_USERS,
    # Everyone reads the groups; setting them asks for Action.UPLOAD on the page (pages/ui/groups.py).
    "groups": Action.VIEW,
}
DEFAULT_PAGE = "overview"  # st.navigation gives the default page an empty url_path


@dataclass(frozen=True)
class SignIn:
    """This run's sign-in: the mode, the account (None: nobody yet) and why single-user mode was
    refused (when it was)."""

    mode: Mode
    account: Account | None
    single_user: Decision


def accounts() -> Accounts:
    """The store's accounts (the dashboard's one store)."""
    return Accounts(get_store().engine)


def _oidc_configured() -> bool:
    # st.user holds "is_logged_in" exactly when an [auth] section is configured in the secrets.
    return "is_logged_in" in st.user


def sign_in_state() -> SignIn:
    """Who uses the dashboard in this run (see the module docstring)."""
    single = single_user_decision(st.get_option("server.address"), dict(st.context.headers or {}))
    oidc = _oidc_configured()
    has_accounts = not oidc and accounts().has_accounts()
    mode = choose_mode(oidc_configured=oidc, has_accounts=has_accounts, single_user=single)
    account = None
    if mode is Mode.SINGLE_USER:
        account = SINGLE_USER
    elif mode is Mode.OIDC and st.user.is_logged_in:
        account = accounts().account_for_oidc(str(st.user.get("sub") or ""), st.user.get("email"))
    elif mode is Mode.ACCOUNTS and st.session_state.get(state.SIGNED_IN):
        account = accounts().account(st.session_state[state.SIGNED_IN])
    if account is not None and not account.active:
        account = None
    return SignIn(mode, account, single)


def menu(signed: SignIn) -> Callable[[str], str]:
    """``visibility(url_path)`` for ``st.Page``: "visible" for the pages the account may use."""
    def visibility(url_path: str) -> str:
        return "visible" if decide(signed.account, PAGE_ACTIONS[url_path]) else "hidden"
    return visibility


def guard_page(signed: SignIn, page) -> None:
    """Before running ``page``: the sign-in form, or a refusal, or the account box (then go on)."""
    st.session_state[state.ACCOUNT] = signed.account
    if signed.account is None:
        render_language_switch()
        _render_sign_in(signed)
        st.stop()
    _render_account_box(signed)
    decision = decide(signed.account, PAGE_ACTIONS[page.url_path or DEFAULT_PAGE])
    if not decision:
        st.title(words.say(words.REFUSED_TITLE))
        st.error(decision.message(lang()))
        st.stop()


def signed_in_account() -> Account | None:
    """The account this run acts as (set by ``guard_page`` in dashboard.py)."""
    return st.session_state.get(state.ACCOUNT)


def acting_account() -> Account | None:
    """The account a click acts as, read again now (not when the page was drawn): a role
    changed or an account deactivated in between applies to the click."""
    return sign_in_state().account


def _render_sign_in(signed: SignIn) -> None:
    st.title(words.say(words.SIGN_IN_TITLE))
    if signed.mode is Mode.LOCKED:
        st.error(words.say(words.LOCKED))
        st.info(signed.single_user.message(lang()))
        return
    if signed.mode is Mode.OIDC:
        if st.user.is_logged_in:  # signed in with the provider, but no account here
            st.warning(words.say(words.NO_ACCOUNT))
            st.button(words.say(words.SIGN_OUT), key=state.SIGN_OUT, on_click=st.logout)
        else:
            st.button(words.say(words.SIGN_IN_OIDC), key=state.SIGN_IN_FORM, type="primary", on_click=st.login)
        return
    if st.session_state.get(state.SIGN_IN_ERROR):
        st.error(words.say(st.session_state[state.SIGN_IN_ERROR]))
    with st.form(state.SIGN_IN_FORM, clear_on_submit=True):
        st.text_input(words.say(words.LOGIN), key=state.SIGN_IN_LOGIN)
        st.text_input(words.say(words.PASSWORD), type="password", key=state.SIGN_IN_PASSWORD)
        st.form_submit_button(words.say(words.SIGN_IN), type="primary", on_click=_sign_in)


@st.cache_resource(show_spinner=False)
def _throttle() -> SignInThrottle:
    """Failed sign-ins of this server process (shared by its sessions on purpose)."""
    return SignInThrottle()


def _sign_in() -> None:
    """The form's callback: remember the login when the password matches (never the password)."""
    s = st.session_state
    login, throttle, now = s.get(state.SIGN_IN_LOGIN, ""), _throttle(), time.monotonic()
    if throttle.blocked(login, now):
        s[state.SIGN_IN_ERROR] = words.TOO_MANY_SIGN_INS
        return
    account = accounts().sign_in(login, s.get(state.SIGN_IN_PASSWORD, ""))
    if account is None:
        throttle.record_failure(login, now)
        s[state.SIGN_IN_ERROR] = words.BAD_SIGN_IN
        return
    throttle.record_success(login)
    s.pop(state.SIGN_IN_ERROR, None)
    s[state.SIGNED_IN] = account.login


def _sign_out() -> None:
    st.session_state.pop(state.SIGNED_IN, None)
    st.session_state.pop(state.SIGN_IN_ERROR, None)


def _render_account_box(signed: SignIn) -> None:
    account = signed.account
    if signed.mode is Mode.SINGLE_USER:
        # A badge, not an alert: it is on every page, and the pages' own alerts stay theirs.
        st.markdown(f":orange-badge[:material/person: {words.say(words.SINGLE_USER_TITLE)}] "
                    f"{words.say(words.SINGLE_USER_BANNER)}")
        return
    box = st.sidebar.container(border=True)
    box.text(f"{words.say(words.SIGNED_IN_AS)}: {account.name} ({words.role_word(account.role)})")
    if account.role == Role.EDITOR:
        places = "; ".join(p.label() for p in account.places) or words.say(words.NO_PLACES)
        box.text(f"{words.say(words.PLACES)}: {places}")
    on_click = st.logout if signed.mode is Mode.OIDC else _sign_out
    box.button(words.say(words.SIGN_OUT), key=state.SIGN_OUT, on_click=on_click, icon=":material/logout:")


def audit_rows(account: Account | None):
    """The audit trail rows ``account`` may read, newest first (``ntm.store.audit.COLUMNS``)."""
    from ntm.auth.trail import visible_trail
    from ntm.store.audit import read_audit
    from ntm.store.engine import read_connection

    with read_connection(get_store().engine) as connection:
        return visible_trail(read_audit(connection), account)


def role_options() -> list[str]:
    """Role values for a selectbox (shown with ``words.role_word``)."""
    return [r.value for r in Role]
