"""Nhóm xã — commune groups (2026–2030 set): the groups recorded, and setting them from a list.

Everyone signed in sees the groups; an account allowed to upload (an editor only for its places)
may upload a province's list, see its dry run, and save it — as ``python -m ntm groups set`` does,
kept in the audit trail.
"""

import streamlit as st

from pages.ui import auth, state
from pages.ui.filters import render_filters
from pages.ui.groups import (
    checked_group_list,
    group_list_decision,
    group_set_ids,
    groups_recorded,
    may_set_groups,
    render_group_dry_run,
    render_list_download,
    render_list_help,
    render_place_choice,
    render_recorded,
    save_group_list,
    uploader_key,
)
from pages.ui.i18n import lang, t
from pages.ui.render_upload import plain_markdown, render_messages

render_filters()
account = auth.signed_in_account()
st.title(t("Nhóm xã (bộ tiêu chí 2026–2030)", "Commune groups (2026–2030 set)"))
render_messages(state.GROUPS_MESSAGES)
set_ids = group_set_ids()

# 1. Choose the province (and year) shown here, and to which a list applies.
province, year = render_place_choice(set_ids)

# 2. The groups recorded, and the communes that have none yet.
st.subheader(t("1. Nhóm xã đã ghi", "1. Commune groups recorded"))
render_recorded(groups_recorded(set_ids, province, year))

# 3. Setting groups from a list: accounts that may upload, one province at a time.
st.subheader(t("2. Ghi nhóm xã từ danh sách", "2. Set commune groups from a list"))
allowed = may_set_groups(account)
if not allowed:
    st.info(plain_markdown(allowed.message(lang())), icon=":material/lock:")
    st.stop()
render_list_help()
if province is None:
    st.info(t("Hãy chọn một tỉnh ở trên: mỗi danh sách là của một tỉnh.",
              "Choose a province above: each list is one province's."), icon=":material/location_on:")
    st.stop()
render_list_download(set_ids, province)
file = st.file_uploader(t(f"Chọn danh sách nhóm xã của {province} (.csv, .xlsx)",
                          f"Choose {province}'s group list (.csv, .xlsx)"),
                        type=["csv", "xlsx", "xls"], key=uploader_key())
if file is None:
    st.stop()

# 4. Dry run: what would change, every problem; nothing is saved yet.
run = checked_group_list(file.getvalue(), file.name, province, set_ids, year)
decision = group_list_decision(account, run)
render_group_dry_run(run, decision)

# 5. Save, after the dry run: a list with any error, or outside the account's places, is refused.
if st.button(t("Lưu nhóm xã vào kho dữ liệu", "Save the commune groups to the store"), key=state.GROUPS_SAVE,
             type="primary", icon=":material/save:", disabled=not (run.can_save and decision)):
    save_group_list(file, province, set_ids, year)
