"""Drawing the admin page: the accounts table and the forms that change accounts and places.

Every change goes through ``ntm.store.users.Accounts`` as the signed-in administrator (the audit
trail records who); a refused or impossible change shows its message and changes nothing. The
callbacks run before the page is drawn again, so the table always shows the result.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ntm.auth.permissions import Action, Place, require
from ntm.errors import NtmError
from pages.ui import auth, state
from pages.ui import labels_auth as words
from pages.ui.i18n import lang


def render_message() -> None:
    """The outcome of the last change (kind, text), shown once."""
    kind, text = st.session_state.pop(state.ADMIN_MESSAGE, (None, None))
    if kind == "error":
        st.error(text)
    elif kind == "success":
        st.success(text)


def _change(call) -> None:
    """Run a change as the signed-in account; remember its outcome for ``render_message``."""
    try:
        actor = auth.signed_in_account()
        require(actor, Action.MANAGE_USERS)
        call(auth.accounts(), actor.login)
    except NtmError as error:
        st.session_state[state.ADMIN_MESSAGE] = ("error", error.message(lang()))
    else:
        st.session_state[state.ADMIN_MESSAGE] = ("success", words.say(words.DONE))


def render_accounts(frame: pd.DataFrame) -> None:
    """Every account as a table (plain text cells: names are never rendered as HTML)."""
    shown = pd.DataFrame({
        words.say(words.LOGIN): frame["login"], words.say(words.DISPLAY_NAME): frame["display_name"],
        words.say(words.ROLE): frame["role"].map(words.role_word),
        words.say(words.ACTIVE): frame["active"], words.say(words.PLACES): frame["places"],
    })
    st.dataframe(shown, hide_index=True, width="stretch")


def render_add_account() -> None:
    """A form: login, display name, role, optional password."""
    def add() -> None:
        s = st.session_state
        password = s.get(state.ADMIN_ADD_PASSWORD) or None
        _change(lambda accounts, who: accounts.add(
            s.get(state.ADMIN_ADD_LOGIN, ""), s[state.ADMIN_ADD_ROLE], who=who,
            display_name=s.get(state.ADMIN_ADD_NAME, ""), password=password))

    with st.form(state.ADMIN_ADD_FORM, clear_on_submit=True):
        st.text_input(words.say(words.LOGIN), key=state.ADMIN_ADD_LOGIN)
        st.text_input(words.say(words.DISPLAY_NAME), key=state.ADMIN_ADD_NAME)
        st.selectbox(words.say(words.ROLE), auth.role_options(), format_func=words.role_word,
                     key=state.ADMIN_ADD_ROLE)
        st.text_input(words.say(words.PASSWORD_OPTIONAL), type="password", key=state.ADMIN_ADD_PASSWORD)
        st.form_submit_button(words.say(words.ADD), type="primary", on_click=add)


def render_change_account(frame: pd.DataFrame) -> None:
    """Choose an account; change its role, (de)activate it, set its password."""
    s = st.session_state
    login = st.selectbox(words.say(words.ACCOUNT), frame["login"].tolist(), key=state.ADMIN_USER)
    if login is None:
        return
    active = bool(frame.set_index("login").loc[login, "active"])
    left, middle, right = st.columns(3)
    left.selectbox(words.say(words.ROLE), auth.role_options(), format_func=words.role_word,
                   key=state.ADMIN_ROLE)
    left.button(words.say(words.SET_ROLE), key=state.ADMIN_SET_ROLE, on_click=lambda: _change(
        lambda accounts, who: accounts.set_role(login, s[state.ADMIN_ROLE], who=who)))
    middle.button(words.say(words.DEACTIVATE if active else words.REACTIVATE), key=state.ADMIN_TOGGLE_ACTIVE,
                  on_click=lambda: _change(
                      lambda accounts, who: accounts.set_active(login, not active, who=who)))
    right.text_input(words.say(words.NEW_PASSWORD), type="password", key=state.ADMIN_PASSWORD)
    right.button(words.say(words.SET_PASSWORD), key=state.ADMIN_SET_PASSWORD, on_click=lambda: _change(
        lambda accounts, who: accounts.set_password(login, s.get(state.ADMIN_PASSWORD, ""), who=who)))


def render_assign(frame: pd.DataFrame) -> None:
    """Give the chosen account a province or a commune, or take it away."""
    s = st.session_state
    login = s.get(state.ADMIN_USER)
    if login is None:
        return
    left, right = st.columns(2)
    left.text_input(words.say(words.PROVINCE), key=state.ADMIN_PROVINCE)
    right.text_input(words.say(words.COMMUNE), key=state.ADMIN_COMMUNE)

    def place() -> Place:
        return Place(s.get(state.ADMIN_PROVINCE, ""), (s.get(state.ADMIN_COMMUNE) or "").strip() or None)

    left.button(words.say(words.ASSIGN), key=state.ADMIN_ASSIGN, type="primary", on_click=lambda: _change(
        lambda accounts, who: accounts.assign(login, place(), who=who)))
    right.button(words.say(words.UNASSIGN), key=state.ADMIN_UNASSIGN, on_click=lambda: _change(
        lambda accounts, who: accounts.unassign(login, place(), who=who)))
