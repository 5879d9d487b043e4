"""Nhóm xã: the groups recorded (and the communes without one) for everyone; a group list uploaded,
checked in a dry run (commune, old group → new group; every problem with its sheet, row and
column) and saved only by an account allowed to upload for those communes, with an audit row as
``python -m ntm groups set`` writes; a list with an error saves nothing.

The sample data holds six 2026 communes of An Giang: Châu Phú and Khánh Bình in group 1, Mỹ Đức and
Phú Hữu in group 2, Nhơn Hội in group 3, Vĩnh Hậu without a group.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from ntm.auth.permissions import Place, Role
from ntm.loaders.group_list import read_group_list
from ntm.store import open_store
from ntm.store.groups import COMMUNE_GROUPS
from ntm.store.users import Accounts
from pages.ui import state
from tests.store_fixtures import audit_trail, stored_groups
from tests.test_pages_auth import SECRET, signed_in
from tests.test_pages_support import (  # noqa: F401  (fixtures)
    download_bytes,
    frames,
    media,
    on_both_backends,
    rerun,
    run_page,
    seeded_postgres,
    seeded_store_dir,
    store_url,
    texts,
)

PAGE = "pages/groups.py"
UPLOADER = f"{state.GROUPS_FILE}-0"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SAMPLE_GROUPS = {"Châu Phú": 1, "Khánh Bình": 1, "Mỹ Đức": 2, "Nhơn Hội": 3, "Phú Hữu": 2, "Vĩnh Hậu": None}


@pytest.fixture
def people(store_url):
    """An editor of An Giang, an editor of Khánh Bình only, and a viewer."""
    store = open_store(store_url)
    accounts = Accounts(store.engine)
    accounts.add("qt", Role.ADMIN, who="", password=SECRET)
    accounts.add("bt-ag", Role.EDITOR, who="qt", password=SECRET, display_name="Biên tập An Giang")
    accounts.assign("bt-ag", Place("An Giang"), who="qt")
    accounts.add("bt-kb", Role.EDITOR, who="qt", password=SECRET)
    accounts.assign("bt-kb", Place("An Giang", "Khánh Bình"), who="qt")
    accounts.add("xem", Role.VIEWER, who="qt", password=SECRET)
    store.close()
    return store_url


def _on_an_giang(at):
    at.selectbox(key=state.GROUPS_PROVINCE).set_value("An Giang")
    return rerun(at)


def _drop(at, name: str, content: bytes, mime: str = "text/csv"):
    at.file_uploader(key=UPLOADER).set_value([(name, content, mime)])
    return rerun(at)


def _csv(text: str) -> bytes:
    return text.encode("utf-8-sig")


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DanhSach"
    sheet.append(["Danh sách nhóm xã năm 2026 — tỉnh An Giang"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_viewer_sees_the_groups_and_who_has_none_but_cannot_save(people):
    at = signed_in("xem", PAGE)
    assert "Nhóm xã (bộ tiêu chí 2026–2030)" in texts(at)
    recorded, unknown = frames(at)[:2]
    assert dict(zip(recorded["commune"], recorded["commune_group"])) == {
        c: ("Chưa rõ nhóm" if g is None else f"Nhóm {g}") for c, g in SAMPLE_GROUPS.items()}
    assert set(recorded["years"]) == {"2026"} and set(recorded["province"]) == {"An Giang"}
    assert unknown["commune"].tolist() == ["Vĩnh Hậu"]
    assert "1 xã chưa có nhóm" in texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Số xã": "6", "Nhóm 1": "2", "Nhóm 2": "2", "Nhóm 3": "1", "Chưa rõ nhóm": "1"}
    # No list can be uploaded: said why, nothing to click.
    assert "Vai trò Người xem không được tải dữ liệu lên" in "\n".join(i.value for i in at.info)
    assert not at.get("file_uploader") and state.GROUPS_SAVE not in [b.key for b in at.button]


def test_the_groups_shown_follow_the_province_and_speak_english(people):
    at = signed_in("xem", PAGE)
    at.selectbox(key=state.GROUPS_PROVINCE).set_value("An Giang")
    at.session_state[state.LANG] = "en"
    rerun(at)
    assert "Commune groups (2026–2030 set)" in texts(at)
    assert frames(at)[0].set_index("commune").loc["Nhơn Hội", "commune_group"] == "Group 3"
    assert at.selectbox(key=state.GROUPS_PROVINCE).options == ["An Giang"]


@on_both_backends
def test_an_editor_checks_a_list_then_saves_it_with_an_audit_row(people):
    store_url = people
    at = _on_an_giang(signed_in("bt-ag", PAGE))
    assert at.download_button(key=state.GROUPS_LIST_DOWNLOAD) is not None  # the list to fill in
    at = _drop(at, "nhom-xa.csv", _csv("Tên xã;Nhóm xã\nVĩnh Hậu;2\nKhánh Bình;Nhóm 3\nNhơn Hội;3\n"))

    # The dry run: old group → new group for each commune that changes; nothing is written yet.
    changes = frames(at)[-1]
    assert changes[["commune", "year", "old_group", "new_group"]].values.tolist() == [
        ["Khánh Bình", 2026, "Nhóm 1", "Nhóm 3"], ["Vĩnh Hậu", 2026, "Chưa rõ nhóm", "Nhóm 2"]]
    # Older, superseded copies of the same commune-years (the samples hold two files of 2026) get it too.
    assert "Khi lưu, 4 kết quả đánh giá trong kho sẽ đổi nhóm; 2 đã đúng nhóm" in texts(at)
    assert "Và 2 bản cũ hơn (đã được thay thế, giữ trong lịch sử)" in texts(at)
    assert "Danh sách hợp lệ, sẵn sàng lưu." in texts(at)
    assert stored_groups(store_url) == SAMPLE_GROUPS
    revision = open_store(store_url).revision()

    at.button(key=state.GROUPS_SAVE).click()
    rerun(at)
    assert any("Đã ghi nhóm xã: 4 kết quả đánh giá" in s.value for s in at.success)
    assert stored_groups(store_url) == {**SAMPLE_GROUPS, "Khánh Bình": 3, "Vĩnh Hậu": 2}
    assert open_store(store_url).revision() == revision + 1
    newest = audit_trail(store_url).sort_values("id").iloc[-1]
    assert (newest["who"], newest["action"]) == ("bt-ag", COMMUNE_GROUPS)
    assert newest["details"]["file_name"] == "nhom-xa.csv"
    assert newest["details"]["groups"] == {"Khánh Bình": 3, "Vĩnh Hậu": 2}
    # The uploader starts empty again and the page shows what was saved (cached reads refreshed).
    assert not at.file_uploader(key=f"{state.GROUPS_FILE}-1").value
    recorded = frames(at)[0].set_index("commune")["commune_group"]
    assert (recorded["Khánh Bình"], recorded["Vĩnh Hậu"]) == ("Nhóm 3", "Nhóm 2")
    assert "Mọi xã ở đây đã có nhóm." in texts(at)


def test_the_list_to_fill_in_holds_the_provinces_communes_and_their_groups(people, media):
    at = _on_an_giang(signed_in("bt-ag", PAGE))
    groups, problems = read_group_list(download_bytes(at, state.GROUPS_LIST_DOWNLOAD), "nhom-xa-an-giang.xlsx")
    assert dict(zip(groups["commune"], groups["commune_group"])) == {
        c: g for c, g in SAMPLE_GROUPS.items() if g is not None}
    # The commune without a group is a blank to fill in: uploaded as it is, it says so.
    assert problems[["code", "row"]].values.tolist() == [["missing-commune-group", 7]]
    assert "Vĩnh Hậu" in problems["message"].iloc[0]


def test_a_list_with_errors_shows_sheet_row_and_column_and_saves_nothing(people):
    store_url = people
    at = _on_an_giang(signed_in("bt-ag", PAGE))
    content = _xlsx([["Xã", "Nhóm xã"], ["Vĩnh Hậu", 2], ["Mỹ Đức", 4], [None, 1], ["Nhơn Hội", None],
                     ["Vĩnh Hậu", 3]])
    at = _drop(at, "nhom-xa.xlsx", content, XLSX)
    assert any("4 lỗi: danh sách này sẽ không được ghi, kho không thay đổi" in e.value for e in at.error)
    problems = frames(at)[-1]
    assert problems[["code", "sheet", "row", "column"]].astype(object).values.tolist() == [
        ["bad-commune-group", "DanhSach", 4, "Nhóm xã"],
        ["missing-commune", "DanhSach", 5, "Xã"],
        ["missing-commune-group", "DanhSach", 6, "Nhóm xã"],
        ["conflicting-commune-group", "DanhSach", 7, "Nhóm xã"]]
    assert problems["message"].str.startswith(("Nhóm xã", "Dòng", "'Vĩnh Hậu'")).all()  # Vietnamese first
    assert at.button(key=state.GROUPS_SAVE).disabled
    at.session_state[state.LANG] = "en"
    rerun(at)
    assert "is not a group" in frames(at)[-1]["message"].iloc[0]
    assert stored_groups(store_url) == SAMPLE_GROUPS
    assert COMMUNE_GROUPS not in set(audit_trail(store_url)["action"])


def test_an_editor_of_one_commune_may_not_change_another(people):
    store_url = people
    at = _on_an_giang(signed_in("bt-kb", PAGE))
    at = _drop(at, "nhom-xa.csv", _csv("Xã,Nhóm xã\nKhánh Bình,2\nVĩnh Hậu,2\n"))
    refusal = "Tài khoản bt-kb không được tải dữ liệu lên cho Vĩnh Hậu, An Giang"
    assert any(refusal in e.value for e in at.error), [e.value for e in at.error]
    assert at.button(key=state.GROUPS_SAVE).disabled
    at = _drop(at, "nhom-xa.csv", _csv("Xã,Nhóm xã\nKhánh Bình,2\n"))  # its own commune only
    at.button(key=state.GROUPS_SAVE).click()
    rerun(at)
    assert stored_groups(store_url) == {**SAMPLE_GROUPS, "Khánh Bình": 2}


def test_a_list_needs_a_province_and_a_file_that_can_be_read(people):
    at = signed_in("bt-ag", PAGE)
    assert "Hãy chọn một tỉnh ở trên" in texts(at) and not at.get("file_uploader")
    at = _drop(_on_an_giang(at), "nhom-xa.xlsx", b"not a workbook", XLSX)
    assert at.error and "nhom-xa.xlsx" in texts(at)
    assert at.button(key=state.GROUPS_SAVE).disabled


def test_single_user_mode_may_set_groups(store_url):
    at = _on_an_giang(run_page("groups"))
    at = _drop(at, "nhom.csv", _csv("Xã,Nhóm xã\nVĩnh Hậu,3\n"))
    at.button(key=state.GROUPS_SAVE).click()
    rerun(at)
    assert stored_groups(store_url)["Vĩnh Hậu"] == 3
    assert audit_trail(store_url).sort_values("id").iloc[-1]["who"] == "local"
