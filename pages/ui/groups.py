"""Drawing the commune groups page: the groups recorded, a group list's dry run, saving it.

Everything about groups is ``ntm``'s: the list is read by ``ntm.loaders.group_list`` (the same
reader as ``python -m ntm groups set``), the dry run is ``Store.plan_commune_groups`` and the
save is ``Store.set_commune_groups``, authorized exactly as the command line does: the account
must be allowed to upload for every commune that changes (``Action.UPLOAD``; an editor only in its
places), and the change is kept in the audit trail under the account's login. A list with any
error changes nothing. After a save the cached reads are cleared and the page reruns with a
message kept in session state and an empty uploader.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ntm.auth.permissions import Account, Action, Decision, Place, decide, require
from ntm.errors import NtmError
from ntm.loaders.form_set import place_slug
from ntm.loaders.group_list import read_group_list, write_group_list
from ntm.schema import problem_count, problems_frame
from ntm.scoring import group_label, group_sets
from ntm.scoring.ranking import UNKNOWN_GROUP
from ntm.store.groups import GroupsPlan, group_list_rows, recorded_groups
from ntm.vnformat import format_number
from pages.ui import auth, state
from pages.ui.data import all_scores, clear_store_reads, get_catalog, get_store, remembered
from pages.ui.downloads import XLSX_MIME
from pages.ui.i18n import lang, t
from pages.ui.labels import set_label
from pages.ui.render_common import render_table
from pages.ui.render_upload import (
    check_upload_size,
    plain_markdown,
    render_problems,
    upload_file_name,
    upload_limit_mb,
)

LIST_TYPES = ["csv", "xlsx", "xls"]


def group_set_ids() -> list[str]:
    """The criteria sets whose targets depend on the commune group (``ntm-2026``), sorted."""
    return sorted(group_sets(get_catalog()))


def _group_word(group: object) -> str:
    """"Nhóm 2" / "Group 2"; "Chưa rõ nhóm" / "Group unknown" where none is recorded."""
    return group_label(UNKNOWN_GROUP if pd.isna(group) else int(group), lang())


# -- 1. the province and year -------------------------------------------------------------------
def _group_scores(set_ids: list[str]) -> pd.DataFrame:
    scores = all_scores()
    return scores[scores["criteria_set"].isin(set_ids).to_numpy(dtype=bool)]


def render_place_choice(set_ids: list[str]) -> tuple[str | None, int | None]:
    """The province (None: every province) and year (None: every year) the page shows and a list
    applies to; the province starts as the sidebar's when it has assessments of these sets."""
    scores = _group_scores(set_ids)
    provinces = sorted(scores["province"].dropna().astype(str).unique().tolist())
    if state.GROUPS_PROVINCE not in st.session_state:
        sidebar = st.session_state.get(state.FILTER_PROVINCE)
        st.session_state[state.GROUPS_PROVINCE] = sidebar if sidebar in provinces else None
    elif st.session_state[state.GROUPS_PROVINCE] not in [*provinces, None]:
        st.session_state[state.GROUPS_PROVINCE] = None
    left, right = st.columns(2)
    province = left.selectbox(t("Tỉnh", "Province"), provinces, index=None, key=state.GROUPS_PROVINCE,
                              placeholder=t("Tất cả các tỉnh", "Every province"))
    in_province = (scores if province is None
                   else scores[(scores["province"] == province).to_numpy(dtype=bool)])
    years = sorted({int(y) for y in in_province["year"].dropna()}, reverse=True)
    if st.session_state.get(state.GROUPS_YEAR) not in [*years, None]:
        st.session_state[state.GROUPS_YEAR] = None
    year = right.selectbox(t("Năm", "Year"), years, index=None, key=state.GROUPS_YEAR,
                           placeholder=t("Mọi năm", "Every year"))
    return province, None if year is None else int(year)


# -- 2. the groups recorded ---------------------------------------------------------------------
def groups_recorded(set_ids: list[str], province: str | None, year: int | None) -> pd.DataFrame:
    """``recorded_groups`` of the current assessments of ``set_ids`` (one province and year, or all)."""
    def compute() -> pd.DataFrame:
        scores = _group_scores(set_ids)
        if year is not None:
            scores = scores[(scores["year"] == year).to_numpy(dtype=bool)]
        return recorded_groups(scores, set_ids, province)
    return remembered("groups-recorded", (tuple(set_ids), province, year), compute)


def render_recorded(recorded: pd.DataFrame) -> None:
    """Counts by group, the table of recorded groups, and the communes with no group yet."""
    if recorded.empty:
        st.info(t("Kho chưa có kết quả đánh giá nào theo bộ tiêu chí 2026–2030 cho lựa chọn này.",
                  "The store holds no assessment of the 2026–2030 set for this choice."),
                icon=":material/inbox:")
        return
    unknown = recorded[recorded["commune_group"].isna().to_numpy(dtype=bool)]
    columns = st.columns(5)
    columns[0].metric(t("Số xã", "Communes"), format_number(_communes(recorded)))
    for column, group in zip(columns[1:4], (1, 2, 3)):
        in_group = recorded[(recorded["commune_group"] == group).fillna(False).to_numpy(dtype=bool)]
        column.metric(_group_word(group), format_number(_communes(in_group)))
    columns[4].metric(t("Chưa rõ nhóm", "Group unknown"), format_number(_communes(unknown)))
    render_table(_recorded_table(recorded), columns=_recorded_columns())
    if unknown.empty:
        st.success(t("Mọi xã ở đây đã có nhóm.", "Every commune here has a group."))
        return
    missing = format_number(_communes(unknown))
    st.warning(t(f"{missing} xã chưa có nhóm: các xã này được xếp hạng chung dưới \"Chưa rõ nhóm\" ở "
                 "trang So sánh.",
                 f"{missing} commune(s) have no group yet: the Compare page ranks them together under "
                 "\"Group unknown\"."))
    render_table(_recorded_table(unknown).drop(columns=["commune_group"]), columns=_recorded_columns())


def _communes(recorded: pd.DataFrame) -> int:
    """How many distinct communes (province, name and code) ``recorded`` rows name."""
    return len(recorded.drop_duplicates(["province", "commune", "commune_code"]))


def _recorded_table(recorded: pd.DataFrame) -> pd.DataFrame:
    catalog = get_catalog()
    return pd.DataFrame({
        "province": recorded["province"].to_numpy(), "commune": recorded["commune"].to_numpy(),
        "commune_code": recorded["commune_code"].to_numpy(),
        "years": [", ".join(str(y) for y in years) for years in recorded["years"]],
        "criteria_set": [set_label(catalog, s) for s in recorded["criteria_set"]],
        "commune_group": [_group_word(g) for g in recorded["commune_group"]]})


def _recorded_columns() -> dict:
    return {"province": t("Tỉnh", "Province"), "commune": t("Xã", "Commune"),
            "commune_code": t("Mã xã", "Code"), "years": t("Năm", "Year(s)"),
            "criteria_set": t("Bộ tiêu chí", "Criteria set"), "commune_group": t("Nhóm xã", "Commune group")}


# -- 3. who may set groups, what a list looks like -------------------------------------------------
def may_set_groups(account: Account | None) -> Decision:
    """May ``account`` set groups anywhere at all: the right to upload (``Action.UPLOAD``), as
    ``python -m ntm groups set`` asks; each commune changed is checked again on the dry run."""
    return decide(account, Action.UPLOAD)


LIST_HELP_VI = """
**Danh sách nhóm xã** của một tỉnh: tệp **.csv** (UTF-8, dấu phẩy hoặc chấm phẩy) hoặc bảng tính
**.xlsx**, mỗi dòng một xã, với các cột `Xã` (hoặc `Mã xã`) và `Nhóm xã` (1, 2, 3 hoặc "Nhóm 2").
Nhóm được ghi cho mọi kết quả đánh giá trong kho của xã đó theo bộ tiêu chí 2026–2030 (mọi năm, hoặc
năm đã chọn ở trên), như lệnh `python -m ntm groups set`. Trước khi lưu, trang cho xem **kiểm tra thử**:
xã nào đổi từ nhóm nào sang nhóm nào, và mọi lỗi kèm trang tính, dòng, cột. Danh sách có lỗi thì không
xã nào được ghi. Mỗi lần ghi được lưu vào nhật ký thay đổi.
"""
LIST_HELP_EN = """
**A province's list of commune groups**: a **.csv** file (UTF-8, comma or semicolon) or an **.xlsx**
workbook, one row per commune, with the columns `Xã` (commune; or `Mã xã`, its code) and `Nhóm xã`
(group: 1, 2, 3 or "Nhóm 2"). The group is written onto every stored assessment of that commune under
the 2026–2030 set (every year, or the year chosen above), as `python -m ntm groups set` does. Before
saving, the page shows a **dry run**: which communes change from which group to which, and every problem
with its sheet, row and column. A list with any error changes nothing. Every save is kept in the audit trail.
"""


def render_list_help() -> None:
    st.markdown(t(LIST_HELP_VI, LIST_HELP_EN))


def render_list_download(set_ids: list[str], province: str) -> None:
    """The province's communes with the groups recorded so far, as a list to fill in and upload."""
    content = remembered("groups-list-file", (tuple(set_ids), province),
                         lambda: write_group_list(group_list_rows(groups_recorded(set_ids, province, None))))
    st.download_button(t("Tải danh sách nhóm xã của tỉnh để điền (.xlsx)",
                         "Download the province's group list to fill in (.xlsx)"), data=content,
                       file_name=f"nhom-xa-{place_slug(province) or 'tinh'}.xlsx", mime=XLSX_MIME,
                       key=state.GROUPS_LIST_DOWNLOAD, icon=":material/download:", on_click="ignore")
    st.caption(t("Danh sách gồm các xã của tỉnh đã có kết quả 2026–2030 trong kho, với nhóm đã ghi (để trống "
                 "nếu chưa rõ): điền nhóm còn thiếu hoặc xóa dòng chưa rõ, rồi tải lên bên dưới.",
                 "The list holds the province's communes with 2026–2030 results in the store and the groups "
                 "recorded (blank when unknown): fill in the missing groups or delete the rows still "
                 "unknown, then upload it below."))


def uploader_key() -> str:
    """The list uploader's key; it changes after a save so the uploader starts empty."""
    return f"{state.GROUPS_FILE}-{st.session_state.get(state.GROUPS_WIDGET_GENERATION, 0)}"


# -- 4. the dry run ------------------------------------------------------------------------------
@dataclass(frozen=True)
class GroupListRun:
    """What a group list would do, before anything is saved.

    Attributes:
        file_name: the uploaded file's name (a label, never a path).
        groups: the list's rows (``ntm.loaders.group_list.GROUP_LIST_COLUMNS``).
        problems: the problems table; any error blocks saving.
        plan: what saving would change (None when the list has errors or could not be read).
        error_vi, error_en: why the file could not be read at all ("" otherwise).
    """

    file_name: str
    groups: pd.DataFrame
    problems: pd.DataFrame
    plan: GroupsPlan | None = None
    error_vi: str = ""
    error_en: str = ""

    @property
    def errors(self) -> int:
        return problem_count(self.problems)

    @property
    def places(self) -> list[Place]:
        """The (province, commune) places saving would change."""
        return [Place(p, c) for p, c in self.plan.places] if self.plan is not None else []

    @property
    def can_save(self) -> bool:
        """True when saving would change something: readable, no error, some group to change."""
        return not self.error_vi and not self.errors and self.plan is not None and not self.plan.changes.empty


def checked_group_list(content: bytes, name: object, province: str, set_ids: list[str],
                       year: int | None) -> GroupListRun:
    """A group list's dry run under its safe name: read (size checked first), then planned
    against the store when it has no error."""
    file_name = upload_file_name(name)
    try:
        check_upload_size(content, file_name, upload_limit_mb())
        groups, problems = read_group_list(content, file_name)
    except NtmError as error:
        return GroupListRun(file_name, pd.DataFrame(), problems_frame(), error_vi=error.message_vi,
                            error_en=error.message_en)
    run = GroupListRun(file_name, groups, problems)
    if run.errors:
        return run
    try:
        plan = get_store().plan_commune_groups(province, groups, set_ids, year=year)
    except NtmError as error:
        return GroupListRun(file_name, groups, problems, error_vi=error.message_vi, error_en=error.message_en)
    return GroupListRun(file_name, groups, problems, plan)


def render_group_dry_run(run: GroupListRun, allowed: Decision) -> None:
    """The verdict, the changes (commune: old group → new group), the communes not found and the
    problems table; ``allowed`` says whether the account may change every commune listed."""
    with st.container(border=True):
        st.markdown(f"#### :material/description: {plain_markdown(run.file_name)}")
        if run.error_vi:
            st.error(plain_markdown(t(run.error_vi, run.error_en)))
            return
        st.markdown(t(f"Danh sách có {format_number(len(run.groups))} xã đọc được.",
                      f"The list names {format_number(len(run.groups))} commune(s) that could be read."))
        if run.errors:
            errors = format_number(run.errors)
            st.error(t(f"{errors} lỗi: danh sách này sẽ không được ghi, kho không thay đổi. Hãy sửa các dòng "
                       "trong bảng dưới rồi tải lên lại.",
                       f"{errors} error(s): this list will not be saved and nothing changes. Fix the rows "
                       "listed below and upload it again."))
            render_problems(run.problems)
            return
        plan = run.plan
        st.markdown(plain_markdown(plan.message(lang())))
        if plan.changes.empty:
            st.info(t("Không có xã nào đổi nhóm: không có gì để lưu.",
                      "No commune changes group: nothing to save."))
        elif not allowed:
            st.error(plain_markdown(allowed.message(lang())) + " " + t(
                "Danh sách này sẽ không được ghi.", "This list will not be saved."))
        else:
            st.success(t("Danh sách hợp lệ, sẵn sàng lưu.", "The list is valid and ready to save."))
        if not plan.changes.empty:
            render_changes(plan.changes)


def render_changes(changes: pd.DataFrame) -> None:
    """Each current assessment that would change: commune, code, year, set, old group → new group;
    a caption counts the older (superseded) copies that get the group too."""
    current = changes[changes["current"].to_numpy(dtype=bool)]
    catalog = get_catalog()
    table = pd.DataFrame({
        "commune": current["commune"].to_numpy(), "commune_code": current["commune_code"].to_numpy(),
        "year": current["year"].to_numpy(),
        "criteria_set": [set_label(catalog, s) for s in current["criteria_set"]],
        "old_group": [_group_word(g) for g in current["old_group"]],
        "new_group": [_group_word(g) for g in current["new_group"]]})
    render_table(table, columns={
        "commune": t("Xã", "Commune"), "commune_code": t("Mã xã", "Code"),
        "year": st.column_config.NumberColumn(t("Năm", "Year"), format="%d"),
        "criteria_set": t("Bộ tiêu chí", "Criteria set"), "old_group": t("Nhóm cũ", "Old group"),
        "new_group": t("→ Nhóm mới", "→ New group")})
    older = len(changes) - len(current)
    if older:
        older = format_number(older)
        st.caption(t(f"Và {older} bản cũ hơn (đã được thay thế, giữ trong lịch sử) cũng được ghi nhóm này, "
                     "để lần tải lên sau không ghi nhóm vẫn giữ nhóm.",
                     f"And {older} older (superseded) cop(ies) kept in the history get the group too, so a "
                     "later upload without groups keeps it."))


def group_list_decision(account: Account | None, run: GroupListRun) -> Decision:
    """May ``account`` change every commune the list would change (upload rights in its places)?"""
    return decide(account, Action.UPLOAD, run.places)


# -- 5. saving -----------------------------------------------------------------------------------
def save_group_list(file, province: str, set_ids: list[str], year: int | None) -> None:
    """Read the list again from its bytes and write it as the account acting now (checked again
    for every commune that changes, as the command line does); remember the outcome; rerun with an
    empty uploader."""
    account = auth.acting_account()
    file_name = upload_file_name(file.name)
    messages: list[tuple[str, str]] = []
    try:
        content = file.getvalue()
        check_upload_size(content, file_name, upload_limit_mb())
        groups, problems = read_group_list(content, file_name)
        if problem_count(problems):
            refused = t(f"{file_name}: danh sách có lỗi, kho không thay đổi.",
                        f"{file_name}: the list has errors, nothing changed.")
            messages.append(("error", plain_markdown(refused)))
        else:
            def authorize(places: list[tuple[str, str]]) -> None:
                require(account, Action.UPLOAD, [Place(p, c) for p, c in places])

            outcome = get_store().set_commune_groups(province, groups, set_ids, year=year,
                                                     who=account.login if account else "",
                                                     file_name=file_name, authorize=authorize)
            messages.append(("success", plain_markdown(outcome.message(lang()))))
    except NtmError as error:
        messages.append(("error", plain_markdown(f"{file_name}: {error.message(lang())}")))
    clear_store_reads()
    st.session_state[state.GROUPS_MESSAGES] = messages
    generation = st.session_state.get(state.GROUPS_WIDGET_GENERATION, 0)
    st.session_state[state.GROUPS_WIDGET_GENERATION] = generation + 1
    st.rerun()
