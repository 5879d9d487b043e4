"""Tải lên — upload: check workbooks in a dry run, save them, manage the upload history.

Every change is made as the signed-in account (an editor only for its places); the page itself is
in the menu of editors and administrators only.
"""

import streamlit as st

from pages.ui import auth, state
from pages.ui.data import uploads
from pages.ui.filters import render_filters
from pages.ui.i18n import t
from pages.ui.render_upload import (
    checked_dry_run,
    may_remove_samples,
    plain_markdown,
    render_accepted_files,
    render_dry_run,
    render_history,
    render_messages,
    render_samples,
    render_template_download,
    save_files,
    upload_decision,
    upload_limit_mb,
    uploader_key,
)

render_filters()
account = auth.signed_in_account()
st.title(t("Tải lên dữ liệu đánh giá", "Upload assessment data"))
render_messages(state.UPLOAD_OUTCOMES)

# 1. Choose files: what is accepted, then the drop zone (the size limit is the server's).
render_accepted_files()
files = st.file_uploader(t("Chọn tệp Excel đánh giá (.xlsx, .xls)",
                           "Choose assessment workbooks (.xlsx, .xls)"),
                         type=["xlsx", "xls"], accept_multiple_files=True, key=uploader_key(),
                         max_upload_size=upload_limit_mb())

# 2. Dry run: read, check and score every file; nothing is saved yet.
if files:
    st.subheader(t("1. Kiểm tra thử", "1. Dry run"))
    runs = [checked_dry_run(file.getvalue(), file.name) for file in files]
    allowed = [upload_decision(account, run) for run in runs]
    for run, decision in zip(runs, allowed):
        render_dry_run(run, decision)

    # 3. Save what passed the check and lies in the account's places.
    st.subheader(t("2. Lưu vào kho dữ liệu", "2. Save to the store"))
    savable = sum(run.can_save and bool(decision) for run, decision in zip(runs, allowed))
    who = plain_markdown(account.name)
    st.caption(t(f"{savable}/{len(runs)} tệp sẽ được lưu, người tải lên: {who}.",
                 f"{savable}/{len(runs)} file(s) will be saved, uploaded by {who}."))
    if st.button(t("Lưu vào kho dữ liệu", "Save to the store"), key=state.UPLOAD_SAVE, type="primary",
                 icon=":material/save:", disabled=savable == 0):
        save_files(files, runs)

# 4. History: every upload with its status; delete and undo (of the account's places).
st.subheader(t("Lịch sử tải lên", "Upload history"))
render_messages(state.HISTORY_MESSAGE)
history = uploads()
render_history(history)

# 5. Sample data (administrators) and the template.
if may_remove_samples(account):
    with st.expander(t("Dữ liệu mẫu", "Sample data")):
        render_samples(history)
st.subheader(t("Mẫu nhập liệu", "Template"))
render_template_download()
