"""Drawing the upload page: what files are accepted, the dry run, saving, history, sample data.

Writes are made as the signed-in account through ``ntm.auth.guard`` (``import_as``, ``delete_as``,
``undo_as``: an editor only for its provinces and communes) and ``Store.remove_samples``
(administrators only); the audit trail records the account's login. The account is read again
when a button is clicked, so a role changed since the page was drawn applies to the click. After
each write the cached reads are cleared so every page shows the change, and the page reruns with
a message kept in session state.

Uploaded files are taken as bytes: their size is checked against the server's upload limit
(``server.maxUploadSize``) again here, whatever the browser enforced, and their names are only
labels (``upload_file_name``), shown as text, never used as a path.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from ntm.auth import guard
from ntm.auth.permissions import Account, Action, Decision, Role, decide
from ntm.errors import NtmError
from ntm.loaders.container import MAX_FILE_BYTES, check_size
from ntm.schema import problems_frame, results_frame
from ntm.vnformat import format_number
from pages.ui import auth, state
from pages.ui.data import DryRun, clear_store_reads, get_catalog, get_store, dry_run
from pages.ui.downloads import XLSX_MIME, template_builder, template_file_name
from pages.ui.i18n import lang, t
from pages.ui.labels import set_label
from pages.ui.render_common import render_table
from pages.ui.tables import (
    problems_table,
    score_text_table,
    severity_css,
    style_statuses,
    upload_status_css,
    uploads_table,
)

MB = 1024 * 1024
FALLBACK_NAME = "tep-tai-len.xlsx"
MAX_NAME_LENGTH = 200
# Characters Streamlit's Markdown would read as markup (emphasis, links and images by their brackets,
# code, math, tables, headings, HTML, and a colon that may open a directive such as ":red[...]",
# ":material/...:" or an emoji code; "x: y" stays as it is): escaped in text shown from a file.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$]|:(?=\S))")


def upload_limit_mb() -> int:
    """The largest file accepted, in MB: the server's ``server.maxUploadSize`` (config.toml), and
    never more than the loader reads (``MAX_FILE_BYTES``)."""
    return max(1, min(int(st.get_option("server.maxUploadSize")), MAX_FILE_BYTES // MB))


def upload_file_name(name: object) -> str:
    """The name an uploaded file is known by: its last path part ("../../etc/passwd.xlsx" →
    "passwd.xlsx"), without control characters, at most 200 characters. Only ever a label (in
    messages, the history and each result's source), never a path."""
    last = re.split(r"[\\/]", str(name or ""))[-1]
    clean = "".join(ch for ch in last if ch.isprintable()).strip()
    return FALLBACK_NAME if clean in ("", ".", "..") else clean[:MAX_NAME_LENGTH]


def plain_markdown(text: str) -> str:
    """``text`` escaped so Streamlit's Markdown shows it as written (a file named
    "<script>…" or "[x](javascript:…)" stays text)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def check_upload_size(content: bytes, file_name: str, limit_mb: int) -> None:
    """Refuse an empty file or one over ``limit_mb`` on its bytes (the server's own check; the
    loader's message, ``ntm.loaders.container.check_size``, with this limit).

    Raises:
        UnreadableWorkbook: ``empty-file`` or ``file-too-large``.
    """
    check_size(len(content), file_name, limit_mb)


def checked_dry_run(content: bytes, name: object) -> DryRun:
    """A file's dry run under its safe name (``upload_file_name``), refused at once when its bytes
    are empty or over the upload limit."""
    file_name = upload_file_name(name)
    try:
        check_upload_size(content, file_name, upload_limit_mb())
    except NtmError as error:
        return DryRun(file_name, results_frame(), problems_frame(), pd.DataFrame(),
                      error_vi=error.message_vi, error_en=error.message_en)
    return dry_run(content, file_name)


def upload_decision(account: Account | None, run: DryRun) -> Decision:
    """May ``account`` save this file: upload (and supersede) for every place in it?"""
    places = guard.places_of_results(run.results) if not run.results.empty else []
    decision = decide(account, Action.UPLOAD, places)
    return decision if not decision else decide(account, Action.SUPERSEDE, places)


LAYOUT_NAMES = {
    "template": ("mẫu nhập liệu", "template"),
    "official-form": ("biểu mẫu tự đánh giá của xã", "official commune form"),
    "summary-matrix": ("bảng tổng hợp nhiều xã", "multi-commune summary"),
}


def layout_name(layout: str) -> str:
    """The layout(s) a workbook was read as, in words ("mẫu nhập liệu + bảng tổng hợp nhiều xã")."""
    parts = [t(*LAYOUT_NAMES.get(part, (part, part))) for part in str(layout).split("+") if part]
    return " + ".join(parts) or "–"


ACCEPTED_FILES_VI = """
**Tệp được chấp nhận:** bảng tính Excel **.xlsx** hoặc **.xls**, mỗi tệp tối đa {limit} MB; có thể
chọn nhiều tệp một lúc. Công cụ đọc được ba dạng (một tệp có thể có nhiều trang tính khác dạng):
- **mẫu nhập liệu** của công cụ (trang `KetQua`, mỗi dòng là kết quả một chỉ tiêu của một xã trong một năm;
  tải mẫu ở cuối trang);
- **biểu mẫu tự đánh giá của xã** (mỗi trang tính một xã một năm: TT, tên tiêu chí, chỉ tiêu, mức đạt chuẩn,
  kết quả thực hiện, tự đánh giá Đạt/Chưa đạt; có thể có cột thẩm định của huyện, tỉnh);
- **bảng tổng hợp nhiều xã** huyện/tỉnh gửi lên (mỗi dòng một xã, mỗi cột một tiêu chí, đánh dấu
  Đạt/x/Đ/CĐ).

Tên cột có thể viết không dấu hoặc bằng tiếng Anh; chữ gõ bằng phông TCVN3/VNI cũ được tự chuyển sang
Unicode.

**Các bước:** (1) kéo thả tệp vào ô bên dưới (hoặc bấm *Upload*); (2) xem **kết quả kiểm tra thử**: cách đọc
tệp, các xã và năm tìm thấy, điểm số dự kiến và bảng lỗi; (3) bấm **Lưu vào kho dữ liệu**. Tệp có *lỗi* sẽ
không được lưu; *cảnh báo* không chặn việc lưu. Tải lại một xã-năm đã có thì bản mới thay thế bản cũ (bản cũ
vẫn còn trong lịch sử).
"""
ACCEPTED_FILES_EN = """
**Accepted files:** Excel workbooks, **.xlsx** or **.xls**, up to {limit} MB each; several at once.
Three layouts are read (a workbook may mix them, sheet by sheet):
- the tool's **template** (sheet `KetQua`, one row per indicator result of one commune in one year; download
  it at the bottom of the page);
- the **official commune form** (one commune-year per sheet: No., criterion, indicator, target, result,
  self-assessment Đạt/Chưa đạt; district and province appraisal columns allowed);
- the **multi-commune summary** a district or province sends up (one row per commune, one column per
  criterion, marks such as Đạt/x/Đ/CĐ).

Column names may be written without diacritics or in English; text typed in the old TCVN3/VNI fonts is
converted to Unicode.

**Steps:** (1) drop the files below (or click *Upload*); (2) check the **dry run**: how the file was read,
the communes and years found, the scores it would give and the problems table; (3) click **Save to the
store**. Files with *errors* are not saved; *warnings* do not block saving. A commune-year uploaded again
replaces the older one (which stays in the history).
"""


def render_accepted_files() -> None:
    """What files the page takes, in Vietnamese (Streamlit's own drop-zone text stays English)."""
    st.markdown(t(ACCEPTED_FILES_VI, ACCEPTED_FILES_EN).format(limit=upload_limit_mb()))


def uploader_key() -> str:
    """The file uploader's key; it changes after a save so the uploader starts empty."""
    return f"{state.UPLOAD_FILES}-{st.session_state.get(state.UPLOAD_WIDGET_GENERATION, 0)}"


def render_dry_run(run: DryRun, allowed: Decision) -> None:
    """One file's dry run: verdict, what was found, scores preview, problems table; ``allowed``
    says whether the signed-in account may save it (its places)."""
    with st.container(border=True):
        st.markdown(f"#### :material/description: {plain_markdown(run.file_name)}")
        if run.error_vi:
            st.error(plain_markdown(t(run.error_vi, run.error_en)))
            return
        found = run.results
        places = found[["province", "commune"]].drop_duplicates()
        years = sorted(found["year"].dropna().astype(int).unique().tolist())
        st.markdown(f"{t('Đọc theo dạng', 'Read as')}: **{layout_name(run.layout)}** · "
                    f"{t(run.accounting_vi, run.accounting_en)}")
        a, b, c = st.columns(3)
        a.metric(t("Số xã", "Communes"), format_number(len(places)))
        b.metric(t("Năm", "Years"), ", ".join(map(str, years)) or "–")
        c.metric(t("Số xã-năm", "Commune-years"), format_number(len(run.scores)))
        if run.errors:
            st.error(t(f"{run.errors} lỗi: tệp này sẽ không được lưu. Hãy sửa các dòng trong bảng dưới rồi "
                       "tải lên lại.",
                       f"{run.errors} error(s): this file will not be saved. Fix the rows listed below and "
                       "upload it again."))
        elif run.results.empty:
            st.warning(t("Tệp không có kết quả nào để lưu.", "The file holds no results to save."))
        elif not allowed:
            st.error(plain_markdown(allowed.message(lang())) + " " + t(
                "Tệp này sẽ không được lưu.", "This file will not be saved."))
        else:
            note = t(f" ({run.warnings} cảnh báo, không chặn việc lưu)", f" ({run.warnings} warning(s), "
                     "not blocking)") if run.warnings else ""
            st.success(t("Tệp hợp lệ, sẵn sàng lưu", "The file is valid and ready to save") + note + ".")
        if not run.scores.empty:
            st.markdown(t("**Điểm số dự kiến**", "**Scores it would give**"))
            render_score_preview(run.scores)
        if len(run.problems):
            st.markdown(t("**Bảng lỗi và cảnh báo**", "**Problems**"))
            render_problems(run.problems)


def render_score_preview(scores: pd.DataFrame) -> None:
    """A compact score table (communes, years, criteria and indicators met; the commune group when
    the file gives one)."""
    table = score_text_table(scores)[["commune", "year", "criteria_set", "criteria", "criteria_pct",
                                      "indicators", "indicators_pct", "reached_standard"]]
    if "commune_group" in scores and scores["commune_group"].notna().any():
        table.insert(1, "commune_group", scores["commune_group"].to_numpy())
    render_table(table, columns={
        "commune_group": st.column_config.NumberColumn(t("Nhóm xã", "Commune group"), format="%d"),
        "commune": t("Xã", "Commune"), "year": st.column_config.NumberColumn(t("Năm", "Year"), format="%d"),
        "criteria_set": t("Bộ tiêu chí", "Criteria set"), "criteria": t("Tiêu chí đạt", "Criteria met"),
        "criteria_pct": t("Tỷ lệ tiêu chí", "Criteria ratio"),
        "indicators": t("Chỉ tiêu đạt", "Indicators met"),
        "indicators_pct": t("Tỷ lệ chỉ tiêu", "Indicator ratio"),
        "reached_standard": t("Đạt chuẩn", "Reached standard")})


def render_problems(problems: pd.DataFrame) -> None:
    """The problems table: severity, sheet, Excel row, column, value, message."""
    columns = {
        "severity": t("Mức độ", "Severity"), "sheet": t("Trang tính", "Sheet"),
        "row": st.column_config.NumberColumn(t("Dòng", "Row"), format="%d"), "column": t("Cột", "Column"),
        "value": t("Giá trị", "Value"), "message": st.column_config.TextColumn(t("Nội dung", "Message"),
                                                                                width="large"),
        "code": t("Mã lỗi", "Code")}
    table = problems_table(problems, lang())
    render_table(style_statuses(table, ["severity"], severity_css()), columns=columns)


def save_files(files: list, runs: list[DryRun]) -> None:
    """Import, as the signed-in account, every file that passed the dry run (the size and the
    places are checked again on the bytes); remember the outcomes; rerun with an empty uploader."""
    store, catalog, account = get_store(), get_catalog(), auth.acting_account()
    messages = []
    for file, run in zip(files, runs):
        if not run.can_save:
            refused = t(f"{run.file_name}: không lưu vì tệp có lỗi.",
                        f"{run.file_name}: not saved because it has errors.")
            messages.append(("warning", plain_markdown(refused)))
            continue
        content = file.getvalue()
        try:
            check_upload_size(content, run.file_name, upload_limit_mb())
            outcome = guard.import_as(store, account, content, run.file_name, catalog)
        except NtmError as error:
            messages.append(("error", plain_markdown(f"{run.file_name}: {error.message(lang())}")))
            continue
        kind = {"imported": "success", "unchanged": "info"}.get(outcome.status, "error")
        messages.append((kind, plain_markdown(outcome.message(lang()))))
    clear_store_reads()
    st.session_state[state.UPLOAD_OUTCOMES] = messages
    generation = st.session_state.get(state.UPLOAD_WIDGET_GENERATION, 0)
    st.session_state[state.UPLOAD_WIDGET_GENERATION] = generation + 1
    st.rerun()


def render_messages(key: str) -> None:
    """Show (once) the messages an action left in ``st.session_state[key]``."""
    for kind, text in st.session_state.pop(key, []):
        getattr(st, kind)(text)


def render_history(uploads: pd.DataFrame) -> None:
    """The upload history with status, and delete / restore of one upload."""
    if uploads.empty:
        st.info(t("Chưa có lần tải lên nào.", "No uploads yet."))
        return
    columns = {
        "upload_id": st.column_config.NumberColumn(t("Số", "No."), format="%d"),
        "file_name": t("Tệp", "File"), "uploaded_at": t("Thời điểm", "When"),
        "uploaded_by": t("Người tải", "By"), "status": t("Trạng thái", "Status"),
        "rows": t("Số dòng", "Rows"), "assessments": t("Xã-năm", "Commune-years"),
        "current_assessments": t("Xã-năm đang dùng", "In use"), "warnings": t("Cảnh báo", "Warnings")}
    render_table(style_statuses(uploads_table(uploads), ["status"], upload_status_css()), columns=columns)
    names = dict(zip(uploads["upload_id"], uploads["file_name"]))
    deleted = dict(zip(uploads["upload_id"], uploads["status"] == "deleted"))
    chosen = st.selectbox(t("Chọn lần tải lên", "Choose an upload"), list(names), key=state.HISTORY_UPLOAD,
                          format_func=lambda i: f"#{i} — {names[i]}")
    # An editor may delete and restore only uploads of its places: say so rather than fail on click.
    action = Action.UNDO if deleted[chosen] else Action.DELETE
    allowed = decide(auth.signed_in_account(), action, guard.places_of_upload(get_store(), int(chosen)))
    left, right = st.columns(2)
    left.button(t("Xóa lần tải lên này", "Delete this upload"), key=state.HISTORY_DELETE,
                icon=":material/delete:", disabled=bool(deleted[chosen]) or not allowed, on_click=_delete,
                args=(int(chosen),))
    right.button(t("Khôi phục (hoàn tác xóa)", "Restore (undo delete)"), key=state.HISTORY_UNDO,
                 icon=":material/undo:", disabled=not deleted[chosen] or not allowed, on_click=_undo,
                 args=(int(chosen),))
    if not allowed:
        st.caption(plain_markdown(allowed.message(lang())))


def _delete(upload_id: int) -> None:
    try:
        done = guard.delete_as(get_store(), auth.acting_account(), upload_id)
    except NtmError as error:
        st.session_state[state.HISTORY_MESSAGE] = [("error", error.message(lang()))]
        return
    clear_store_reads()
    st.session_state[state.HISTORY_MESSAGE] = [("success", t(
        f"Đã xóa lần tải lên số {upload_id}. Bản cũ hơn của cùng xã-năm (nếu có) được dùng lại. "
        "Có thể khôi phục bằng nút Khôi phục.",
        f"Upload #{upload_id} deleted. Older uploads of the same commune-years (if any) are used again. "
        "Restore it with the Restore button.") if done else t("Lần tải lên này đã bị xóa trước đó.",
                                                               "This upload was already deleted."))]


def _undo(upload_id: int) -> None:
    try:
        done = guard.undo_as(get_store(), auth.acting_account(), upload_id)
    except NtmError as error:
        st.session_state[state.HISTORY_MESSAGE] = [("error", error.message(lang()))]
        return
    clear_store_reads()
    st.session_state[state.HISTORY_MESSAGE] = [("success", t(
        f"Đã khôi phục lần tải lên số {upload_id}.", f"Upload #{upload_id} restored.") if done
        else t("Lần tải lên này chưa bị xóa.", "This upload is not deleted."))]


def may_remove_samples(account: Account | None) -> bool:
    """Removing the sample data touches every place: administrators only."""
    return account is not None and account.active and account.role == Role.ADMIN


def render_samples(uploads: pd.DataFrame) -> None:
    """Removing the sample data for good, behind a confirmation (administrators only)."""
    samples = uploads[uploads["sample"].astype(bool)]
    if samples.empty:
        st.caption(t("Kho không có dữ liệu mẫu.", "The store holds no sample data."))
        return
    st.markdown(t(f"Kho đang có **{len(samples)} tệp dữ liệu mẫu** (tỉnh An Giang, số liệu minh họa, "
                  "không phải số liệu chính thức). Xóa để chỉ còn dữ liệu của đơn vị mình; việc này không "
                  "hoàn tác được.",
                  f"The store holds **{len(samples)} sample files** (An Giang province, illustrative "
                  "figures, not official). Remove them to keep only your own data; this cannot be undone."))
    confirmed = st.checkbox(t("Tôi muốn xóa hẳn dữ liệu mẫu", "I want to remove the sample data for good"),
                            key=state.SAMPLES_CONFIRM)
    st.button(t("Xóa dữ liệu mẫu", "Remove the sample data"), key=state.SAMPLES_REMOVE, type="primary",
              disabled=not confirmed, on_click=_remove_samples)


def _remove_samples() -> None:
    account = auth.acting_account()
    if not may_remove_samples(account):
        st.session_state[state.HISTORY_MESSAGE] = [("error", t(
            "Chỉ quản trị viên được xóa dữ liệu mẫu.", "Only administrators may remove the sample data."))]
        return
    removed = get_store().remove_samples(who=account.login)
    clear_store_reads()
    st.session_state[state.SAMPLES_CONFIRM] = False
    st.session_state[state.HISTORY_MESSAGE] = [("success", t(f"Đã xóa {removed} tệp dữ liệu mẫu.",
                                                              f"Removed {removed} sample file(s)."))]


def render_template_download() -> None:
    """Choose a criteria set and download its template workbook."""
    catalog = get_catalog()
    ids = catalog.ids()
    set_id = st.selectbox(t("Bộ tiêu chí của mẫu", "Criteria set of the template"), ids,
                          key=state.TEMPLATE_SET, index=ids.index("ntm-2021") if "ntm-2021" in ids else 0,
                          format_func=lambda s: set_label(catalog, s))
    st.download_button(t("Tải mẫu nhập liệu (.xlsx)", "Download the template (.xlsx)"),
                       icon=":material/download:",
                       data=template_builder(set_id, lang()), file_name=template_file_name(set_id),
                       mime=XLSX_MIME, key=state.TEMPLATE_DOWNLOAD, on_click="ignore")
    st.caption(t("Mẫu gồm trang `KetQua` (điền kết quả), `HuongDan` (hướng dẫn từng cột) và `DanhMuc` (danh "
                 "mục chỉ tiêu của bộ, kèm mức tin cậy của nguồn).",
                 "The template has `KetQua` (fill in results), `HuongDan` (how to fill each column) and "
                 "`DanhMuc` (the set's indicators, with the confidence of each source)."))
