"""Tải lên: dry run of good and bad files, saving, history with delete and undo, samples, template;
as the signed-in account (an editor only for its places, sample removal for administrators, no page
for viewers); the server's size limit checked on the bytes; file names as labels, never paths."""

from __future__ import annotations

import io

import openpyxl
import pytest

from ntm.catalog import load_catalog
from ntm.store import open_store
from pages.ui import state
from tests.conftest import SAMPLE_DIR
from tests.helpers_workbooks import assessment_rows, result_row, template_book
from tests.test_pages_support import (  # noqa: F401
    download_bytes,
    empty_store_url,
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

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOADER = f"{state.UPLOAD_FILES}-0"


@pytest.fixture(scope="module")
def good_file() -> tuple[str, bytes, str]:
    """Every indicator of ntm-2021 met, for a commune of a province the samples do not have."""
    rows = assessment_rows(load_catalog().get("ntm-2021"), commune="Tân Mỹ", province="Tỉnh Thử", year=2024)
    return "tan-my-2024.xlsx", template_book(rows), XLSX


@pytest.fixture(scope="module")
def bad_file() -> tuple[str, bytes, str]:
    """One unreadable status (Excel row 5) and one code outside the set (row 59)."""
    rows = assessment_rows(load_catalog().get("ntm-2021"), commune="Tân Mỹ", province="Tỉnh Thử", year=2024)
    rows[3][10] = "Đạt lắm"
    rows.append(result_row("99.9", commune="Tân Mỹ", province="Tỉnh Thử", year=2024))
    return "co-loi.xlsx", template_book(rows), XLSX


def _drop(at, *files):
    at.file_uploader(key=UPLOADER).set_value(list(files))
    return rerun(at)


def test_upload_page_explains_accepted_files_in_vietnamese(store_url):
    at = run_page("upload")
    page = texts(at)
    assert "Tệp được chấp nhận" in page and ".xlsx" in page and ".xls" in page and "50 MB" in page
    uploader = at.file_uploader(key=UPLOADER)
    assert uploader.accept_multiple_files
    assert sorted(uploader.allowed_type) == [".xls", ".xlsx"]


@on_both_backends
def test_dry_run_of_a_good_file_then_save_shows_it_everywhere(store_url, good_file):
    at = _drop(run_page("upload"), good_file)
    metrics = {m.label: m.value for m in at.metric}
    assert "Đọc theo dạng: **mẫu nhập liệu** · 57 dòng đã đọc, 57 dòng dùng được, 0 lỗi" in texts(at)
    assert metrics["Số xã"] == "1" and metrics["Năm"] == "2024" and metrics["Số xã-năm"] == "1"
    assert "Tệp hợp lệ, sẵn sàng lưu" in texts(at)
    preview = frames(at)[0]
    shown = preview.iloc[0][["commune", "criteria", "criteria_pct", "indicators", "indicators_pct"]]
    assert shown.tolist() == ["Tân Mỹ", "19/19", "100%", "57/57", "100%"]
    assert open_store(store_url).scores(province="Tỉnh Thử").empty  # nothing saved by the dry run

    assert "1/1 tệp sẽ được lưu, người tải lên: Người dùng máy này / Local user." in texts(at)
    at.button(key=state.UPLOAD_SAVE).click()
    rerun(at)
    assert any("tan-my-2024.xlsx: đã nhập" in s.value for s in at.success)
    assert not at.file_uploader(key=f"{state.UPLOAD_FILES}-1").value  # the uploader starts empty again
    history = frames(at)[0]
    newest = history.iloc[0][["file_name", "uploaded_by", "status"]]
    assert newest.tolist() == ["tan-my-2024.xlsx", "local", "✓ Đang dùng"]  # single-user mode's login
    # Every session and page reads the new data (the shared cached reads were cleared).
    at = run_page("overview", **{state.FILTER_YEAR: 2024, state.FILTER_PROVINCE: "Tỉnh Thử"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Số xã"] == "1" and metrics["Tỷ lệ xã đạt chuẩn"] == "100%"


def test_dry_run_of_a_bad_file_shows_every_problem_and_blocks_saving(store_url, bad_file):
    at = _drop(run_page("upload"), bad_file)
    assert any("2 lỗi: tệp này sẽ không được lưu" in e.value for e in at.error)
    problems = frames(at)[-2]  # the problems table, before the upload history
    errors = problems[problems["severity"] == "✗ Lỗi"]
    assert errors[["code", "sheet", "row", "column", "value"]].astype(object).values.tolist() == [
        ["bad-status", "KetQua", 5, "Đánh giá", "Đạt lắm"],
        ["criterion-mismatch", "KetQua", 59, "Mã chỉ tiêu", "99.9"]]
    assert errors["message"].str.len().min() > 20  # written for the user, in Vietnamese
    warnings = problems[problems["severity"] == "! Cảnh báo"]
    # 2.2 is missing: a warning only (the made-up province's unknown official unit warns too).
    assert warnings["code"].tolist().count("missing-indicator") == 1, warnings["code"].tolist()
    assert at.button(key=state.UPLOAD_SAVE).disabled


@on_both_backends
def test_good_and_bad_files_together_save_only_the_good_one(store_url, good_file, bad_file):
    at = _drop(run_page("upload"), good_file, bad_file)
    assert "1/2 tệp sẽ được lưu, người tải lên: Người dùng máy này / Local user." in texts(at)
    at.button(key=state.UPLOAD_SAVE).click()
    rerun(at)
    assert any("co-loi.xlsx: không lưu vì tệp có lỗi" in w.value for w in at.warning)
    assert [u for u in open_store(store_url).uploads()["file_name"] if not u.startswith("an-giang")] == [
        "tan-my-2024.xlsx"]


def test_dry_run_reads_the_official_commune_form(store_url):
    content = (SAMPLE_DIR / "an-giang-khanh-binh-bieu-mau.xlsx").read_bytes()
    at = _drop(run_page("upload"), ("bieu-mau.xlsx", content, XLSX))
    assert "Đọc theo dạng: **biểu mẫu tự đánh giá của xã**" in texts(at)
    preview = frames(at)[0].set_index("year")
    assert preview.loc[2023, "criteria"] == "16/19" and preview.loc[2023, "criteria_pct"] == "84,21%"


def test_a_file_that_is_not_a_workbook_says_so(store_url):
    at = _drop(run_page("upload"), ("ghi-chu.xlsx", b"this is not a workbook", XLSX))
    assert at.error and "ghi-chu.xlsx" in texts(at)
    assert at.button(key=state.UPLOAD_SAVE).disabled


@on_both_backends
def test_delete_and_undo_from_the_history(store_url, good_file):
    at = _drop(run_page("upload"), good_file)
    at.button(key=state.UPLOAD_SAVE).click()
    rerun(at)
    upload_id = int(frames(at)[0].iloc[0]["upload_id"])
    at.selectbox(key=state.HISTORY_UPLOAD).set_value(upload_id)
    rerun(at).button(key=state.HISTORY_DELETE).click()
    rerun(at)
    assert any(f"Đã xóa lần tải lên số {upload_id}" in s.value for s in at.success)
    assert frames(at)[0].iloc[0]["status"] == "✗ Đã xóa"
    assert open_store(store_url).scores(province="Tỉnh Thử").empty
    assert at.button(key=state.HISTORY_DELETE).disabled and not at.button(key=state.HISTORY_UNDO).disabled

    at.button(key=state.HISTORY_UNDO).click()
    rerun(at)
    assert any(f"Đã khôi phục lần tải lên số {upload_id}" in s.value for s in at.success)
    assert frames(at)[0].iloc[0]["status"] == "✓ Đang dùng"
    assert len(open_store(store_url).scores(province="Tỉnh Thử")) == 1


@on_both_backends
def test_uploading_a_commune_year_again_supersedes_the_older_upload(store_url, good_file):
    at = run_page("upload")
    rows = assessment_rows(load_catalog().get("ntm-2021"), "Chưa đạt", commune="Tân Mỹ", province="Tỉnh Thử",
                           year=2024)
    for file in (("cu.xlsx", template_book(rows), XLSX), good_file):
        generation = at.session_state[state.UPLOAD_WIDGET_GENERATION] \
            if state.UPLOAD_WIDGET_GENERATION in at.session_state else 0
        at.file_uploader(key=f"{state.UPLOAD_FILES}-{generation}").set_value([file])
        rerun(at).button(key=state.UPLOAD_SAVE).click()
        rerun(at)
    assert any("thay thế 1 kết quả đánh giá cũ hơn" in s.value for s in at.success)
    history = frames(at)[0].set_index("file_name")
    assert history.loc["cu.xlsx", "status"] == "↻ Đã được thay thế"


@on_both_backends
def test_sample_data_is_removed_only_after_confirmation(store_url):
    samples = int(open_store(store_url).uploads()["sample"].sum())
    assert samples > 0
    at = run_page("upload")
    assert at.button(key=state.SAMPLES_REMOVE).disabled
    at.checkbox(key=state.SAMPLES_CONFIRM).check()
    rerun(at).button(key=state.SAMPLES_REMOVE).click()
    rerun(at)
    assert any(f"Đã xóa {samples} tệp dữ liệu mẫu" in s.value for s in at.success)
    assert open_store(store_url).uploads().empty
    at = run_page("overview", at=at)
    assert any("chưa có kết quả đánh giá nào" in i.value for i in at.info)


def test_template_download_is_the_template_workbook(store_url, media):
    at = run_page("upload")
    at.selectbox(key=state.TEMPLATE_SET).set_value("ntm-2016")
    rerun(at)
    book = openpyxl.load_workbook(io.BytesIO(download_bytes(at, state.TEMPLATE_DOWNLOAD)))
    assert book.sheetnames == ["KetQua", "HuongDan", "DanhMuc"]
    assert book["KetQua"]["A1"].value == "Tỉnh"
    # Clicking does not rerun (reset) the page.
    assert at.download_button(key=state.TEMPLATE_DOWNLOAD).proto.ignore_rerun


# --- limits and names ------------------------------------------------------------------------------------

def _limit(monkeypatch, megabytes: int) -> None:
    """Run as if config.toml said ``server.maxUploadSize = megabytes``."""
    import streamlit as st

    real = st.get_option
    monkeypatch.setattr(st, "get_option",
                        lambda name: megabytes if name == "server.maxUploadSize" else real(name))


def test_the_upload_limit_is_the_servers_and_is_checked_again_on_the_bytes(store_url, good_file, monkeypatch):
    _limit(monkeypatch, 1)
    at = run_page("upload")
    assert "mỗi tệp tối đa 1 MB" in texts(at)
    big = ("lon.xlsx", good_file[1] + b"\0" * (1024 * 1024), XLSX)  # the browser's check bypassed
    at.file_uploader(key=UPLOADER).set_value([big, ("rong.xlsx", b"", XLSX)])
    rerun(at)
    errors = [e.value for e in at.error]
    assert any("Tệp 'lon.xlsx' quá lớn" in e and "tối đa 1 MB" in e for e in errors), errors
    assert any("Tệp 'rong.xlsx' rỗng" in e for e in errors), errors
    assert "0/2 tệp sẽ được lưu" in texts(at) and at.button(key=state.UPLOAD_SAVE).disabled


def test_the_limit_shown_follows_config_toml(store_url):
    import tomllib

    from tests.conftest import ROOT

    configured = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert f"mỗi tệp tối đa {configured} MB" in texts(run_page("upload"))


SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("name, label", [
    ("../../etc/passwd.xlsx", "passwd.xlsx"),
    ("..\\..\\Windows\\win.ini.xlsx", "win.ini.xlsx"),
    (f"{SCRIPT}.xlsx", "script>.xlsx"),  # a "/" in a name is a path separator: only the last part is kept
    ("bao\ncao\t2024.xlsx", "baocao2024.xlsx"),
    ("..", "tep-tai-len.xlsx"),
    ("", "tep-tai-len.xlsx"),
    ("x" * 300 + ".xlsx", "x" * 200),
])
def test_an_uploaded_files_name_is_only_its_last_part(name, label):
    from pages.ui.render_upload import upload_file_name

    assert upload_file_name(name) == label


@pytest.mark.parametrize("size, limit_mb, vi, en", [
    (1024 * 1024 + 1, 1, "quá lớn (1,0 MB; tối đa 1 MB)", "too large (1,0 MB; at most 1 MB)"),
    (60 * 1024 * 1024, 200, "quá lớn (60 MB; tối đa 50 MB)", "too large (60 MB; at most 50 MB)"),
])
def test_the_server_side_size_check_says_the_loaders_words_with_the_servers_limit(size, limit_mb, vi, en):
    from ntm.loaders import UnreadableWorkbook
    from pages.ui.render_upload import check_upload_size

    with pytest.raises(UnreadableWorkbook) as caught:
        check_upload_size(b"\0" * size, "lon.xlsx", limit_mb)
    assert caught.value.code == "file-too-large"
    assert f"Tệp 'lon.xlsx' {vi}" in caught.value.message_vi
    assert "tách tệp theo huyện/năm" in caught.value.message_vi
    assert f"The file 'lon.xlsx' is {en}" in caught.value.message_en
    check_upload_size(b"\0" * (limit_mb * 1024 * 1024 if limit_mb < 50 else 1), "vua.xlsx", limit_mb)


@pytest.mark.parametrize("text, shown", [
    ("<b>đậm</b>", r"\<b\>đậm\</b\>"),
    ("[x](javascript:alert(1))", r"\[x\](javascript\:alert(1))"),
    (":red[đỏ] :material/home: **x**", r"\:red\[đỏ\] \:material/home: \*\*x\*\*"),
    ("`y` $z$ a_b # | ~", r"\`y\` \$z\$ a\_b \# \| \~"),
    ("tan-my-2024.xlsx: đã nhập (1 xã)", "tan-my-2024.xlsx: đã nhập (1 xã)"),
])
def test_text_from_a_file_is_escaped_for_markdown(text, shown):
    from pages.ui.render_upload import plain_markdown

    assert plain_markdown(text) == shown


@on_both_backends
def test_uploaded_file_names_are_labels_never_paths_and_show_as_text(store_url):
    catalog = load_catalog().get("ntm-2021")
    climbing = ("../../etc/passwd.xlsx", template_book(assessment_rows(
        catalog, commune="Tân Mỹ", province="Tỉnh Thử", year=2023)), XLSX)
    scripted = (f"[x](javascript:alert(1)){SCRIPT}.xlsx", template_book(assessment_rows(
        catalog, commune=SCRIPT, province="Tỉnh Thử", year=2022)), XLSX)
    at = _drop(run_page("upload"), climbing, scripted)
    headings = [m.value for m in at.markdown if ":material/description:" in m.value]
    assert [h.split(": ", 1)[1] for h in headings] == ["passwd.xlsx", r"script\>.xlsx"]
    assert not any(m.proto.allow_html for m in at.markdown)
    assert frames(at)[2]["commune"].tolist() == [SCRIPT]  # the preview is a table: text
    at.button(key=state.UPLOAD_SAVE).click()
    rerun(at)
    stored = open_store(store_url).uploads()
    assert sorted(stored["file_name"][~stored["sample"]]) == ["passwd.xlsx", "script>.xlsx"]
    assert any(r"script\>.xlsx: đã nhập" in s.value for s in at.success)
    assert not any("<" in s.value.replace("\\<", "") for s in at.success)
    results = open_store(store_url).results(province="Tỉnh Thử", year=2023)
    assert {str(v) for v in results["source_sheet"].unique()} == {"passwd.xlsx:KetQua"}  # each row's source


# --- as whom -------------------------------------------------------------------------------------------

@pytest.fixture
def people(store_url):
    """An administrator, an editor of An Giang (the sample data's province) and a viewer."""
    from ntm.auth.permissions import Place, Role
    from ntm.store.users import Accounts
    from tests.test_pages_auth import SECRET

    store = open_store(store_url)
    accounts = Accounts(store.engine)
    accounts.add("qt", Role.ADMIN, who="", password=SECRET)
    accounts.add("bt-ag", Role.EDITOR, who="qt", password=SECRET, display_name="Biên tập An Giang")
    accounts.assign("bt-ag", Place("An Giang"), who="qt")
    accounts.add("xem", Role.VIEWER, who="qt", password=SECRET)
    store.close()
    return store_url


def _as(login: str):
    from tests.test_pages_auth import signed_in

    return signed_in(login, "pages/upload.py")


@on_both_backends
def test_an_an_giang_editor_cannot_save_another_provinces_file(people, good_file):
    store_url = people
    an_giang = ("khanh-binh-2025.xlsx", template_book(assessment_rows(
        load_catalog().get("ntm-2021"), commune="Khánh Bình", province="An Giang", year=2025)), XLSX)
    at = _as("bt-ag")
    at.file_uploader(key=UPLOADER).set_value([good_file, an_giang])
    rerun(at)
    refusal = "Tài khoản bt-ag không được tải dữ liệu lên cho Tân Mỹ, Tỉnh Thử"
    assert any(refusal in e.value for e in at.error), [e.value for e in at.error]
    assert "1/2 tệp sẽ được lưu, người tải lên: Biên tập An Giang." in texts(at)

    # Saving checks every file again on the server: the other province's file is refused there too.
    at.button(key=state.UPLOAD_SAVE).click()
    rerun(at)
    assert any("khanh-binh-2025.xlsx: đã nhập" in s.value for s in at.success)
    assert any("tan-my-2024.xlsx: không nhập" in e.value and refusal in e.value for e in at.error)
    store = open_store(store_url)
    assert store.scores(province="Tỉnh Thử").empty
    mine = store.uploads().iloc[0]
    assert (mine["file_name"], mine["uploaded_by"]) == ("khanh-binh-2025.xlsx", "bt-ag")


@on_both_backends
def test_an_editor_deletes_only_uploads_of_its_places_and_never_the_samples(people, good_file, catalog):
    store_url = people
    store = open_store(store_url)
    other = store.import_file(good_file[1], good_file[0], catalog, who="qt").upload_id
    store.close()
    at = _as("bt-ag")
    assert state.SAMPLES_CONFIRM not in [c.key for c in at.checkbox]  # no sample removal for an editor
    at.selectbox(key=state.HISTORY_UPLOAD).set_value(other)
    rerun(at)
    assert at.button(key=state.HISTORY_DELETE).disabled
    assert "không được xóa lần tải lên cho Tân Mỹ, Tỉnh Thử" in texts(at)

    sample = int(open_store(store_url).uploads().query("sample")["upload_id"].iloc[0])
    at.selectbox(key=state.HISTORY_UPLOAD).set_value(sample)  # an An Giang sample: its place
    rerun(at).button(key=state.HISTORY_DELETE).click()
    rerun(at)
    assert any(f"Đã xóa lần tải lên số {sample}" in s.value for s in at.success)
    deleted = open_store(store_url).uploads().set_index("upload_id").loc[sample]
    assert deleted["status"] == "deleted"


def test_a_viewer_sees_no_upload_page(people):
    at = _as("xem")
    assert "Bạn không dùng được trang này" in texts(at)
    assert not at.get("file_uploader") and state.UPLOAD_SAVE not in [b.key for b in at.button]


def test_an_administrator_removes_the_samples_and_the_trail_names_them(people):
    from ntm.store import audit
    from ntm.store.engine import read_connection

    at = _as("qt")
    at.checkbox(key=state.SAMPLES_CONFIRM).check()
    rerun(at).button(key=state.SAMPLES_REMOVE).click()
    rerun(at)
    store = open_store(people)
    assert store.uploads().empty
    with read_connection(store.engine) as connection:
        newest = audit.read_audit(connection).iloc[0]
    assert (newest["action"], newest["who"]) == (audit.REMOVE_SAMPLES, "qt")


def test_dry_run_shows_the_commune_groups_the_file_gives(store_url):
    """The 2026 sample gives groups 1, 2, 3 and leaves one commune without: the preview says so."""
    content = (SAMPLE_DIR / "an-giang-ntm-2026.xlsx").read_bytes()
    at = _drop(run_page("upload"), ("an-giang-ntm-2026.xlsx", content, XLSX))
    preview = next(f for f in frames(at) if "criteria_set" in f.columns)
    assert "commune_group" in preview.columns
    groups = preview["commune_group"]
    assert set(groups.dropna().astype(int)) == {1, 2, 3}
    assert groups.isna().sum() == 1
