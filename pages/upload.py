"""Tải lên — upload: check workbooks in a dry run, save them, manage the upload history."""

import streamlit as st

from pages.ui import state
from pages.ui.data import dry_run, uploads
from pages.ui.filters import render_filters
from pages.ui.i18n import t
from pages.ui.render_upload import (
    MAX_UPLOAD_MB,
    render_accepted_files,
    render_dry_run,
    render_history,
    render_messages,
    render_samples,
    render_template_download,
    save_files,
    uploader_key,
)

render_filters()
st.title(t("Tải lên dữ liệu đánh giá", "Upload assessment data"))
render_messages(state.UPLOAD_OUTCOMES)

# 1. Choose files: what is accepted, then the drop zone.
render_accepted_files()
files = st.file_uploader(t("Chọn tệp Excel đánh giá (.xlsx, .xls)",
                           "Choose assessment workbooks (.xlsx, .xls)"),
                         type=["xlsx", "xls"], accept_multiple_files=True, key=uploader_key(),
                         max_upload_size=MAX_UPLOAD_MB)

# 2. Dry run: read, check and score every file; nothing is saved yet.
if files:
    st.subheader(t("1. Kiểm tra thử", "1. Dry run"))
    runs = [dry_run(file.getvalue(), file.name) for file in files]
    for run in runs:
        render_dry_run(run)

    # 3. Save what passed the check.
    st.subheader(t("2. Lưu vào kho dữ liệu", "2. Save to the store"))
    savable = sum(run.can_save for run in runs)
    who = st.text_input(t("Người tải lên (không bắt buộc)", "Uploaded by (optional)"), key=state.UPLOAD_WHO)
    st.caption(t(f"{savable}/{len(runs)} tệp sẽ được lưu.", f"{savable}/{len(runs)} file(s) will be saved."))
    if st.button(t("Lưu vào kho dữ liệu", "Save to the store"), key=state.UPLOAD_SAVE, type="primary",
                 icon=":material/save:", disabled=savable == 0):
        save_files(files, runs, who)

# 4. History: every upload with its status; delete and undo.
st.subheader(t("Lịch sử tải lên", "Upload history"))
render_messages(state.HISTORY_MESSAGE)
history = uploads()
render_history(history)

# 5. Sample data and the template.
with st.expander(t("Dữ liệu mẫu", "Sample data")):
    render_samples(history)
st.subheader(t("Mẫu nhập liệu", "Template"))
render_template_download()
