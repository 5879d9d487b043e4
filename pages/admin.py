"""Người dùng — users and rights: accounts, roles and the places editors may change (administrators)."""

import streamlit as st

from pages.ui import auth
from pages.ui import labels_auth as words
from pages.ui.i18n import render_language_switch
from pages.ui.render_admin import (
    render_accounts,
    render_add_account,
    render_assign,
    render_change_account,
    render_message,
)
from pages.ui.router import leave_page_folder_mode

leave_page_folder_mode()
render_language_switch()
st.title(words.say(words.ADMIN_TITLE))
render_message()

# 1. Every account, its role and places.
st.subheader(words.say(words.ACCOUNTS))
accounts = auth.accounts().list()
render_accounts(accounts)

# 2. Add an account.
st.subheader(words.say(words.ADD_ACCOUNT))
render_add_account()

# 3. Change an account's role, deactivate it, set its password.
st.subheader(words.say(words.CHANGE_ACCOUNT))
render_change_account(accounts)

# 4. The places the chosen account may change.
st.subheader(words.say(words.ASSIGN_PLACES))
render_assign(accounts)
