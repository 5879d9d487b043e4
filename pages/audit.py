"""Nhật ký — the audit trail: who changed what, when and where (administrators: everything; editors:
their places and their own changes). Read-only, exportable as CSV (built on the click, as every
download is: ``pages.ui.downloads``)."""

import streamlit as st

from ntm.auth.permissions import Role
from ntm.auth.trail import audit_table
from ntm.store.audit import ACTIONS
from pages.ui import auth, state
from pages.ui import labels_auth as words
from pages.ui.downloads import CSV_MIME, audit_builder
from pages.ui.i18n import lang, render_language_switch, t
from pages.ui.router import leave_page_folder_mode

leave_page_folder_mode()
render_language_switch()
account = auth.signed_in_account()
st.title(words.say(words.AUDIT_TITLE))
st.caption(words.say(words.AUDIT_SCOPE_ALL if account.role == Role.ADMIN else words.AUDIT_SCOPE_PLACES)
           + " " + words.say(words.AUDIT_READ_ONLY))

# 1. The rows this account may read.
trail = auth.audit_rows(account)
if trail.empty:
    st.info(words.say(words.AUDIT_EMPTY))
    st.stop()

# 2. The kinds of change to show.
kinds = st.multiselect(words.say(words.AUDIT_ACTIONS), sorted(set(trail["action"])), key=state.AUDIT_ACTIONS,
                       format_func=lambda a: t(*ACTIONS.get(a, (a, a))))
shown = trail[trail["action"].isin(kinds)] if kinds else trail

# 3. The trail, and its export.
table = audit_table(shown, lang=lang())
st.dataframe(table, hide_index=True, width="stretch")
st.download_button(words.say(words.AUDIT_CSV), audit_builder(table), file_name="nhat-ky-thay-doi.csv",
                   mime=CSV_MIME, key=state.AUDIT_CSV, on_click="ignore", icon=":material/download:")
