"""Tải lên: dry run of good and bad files, saving, history with delete and undo, samples, template."""

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

    at.text_input(key=state.UPLOAD_WHO).set_value("cán bộ A")
    at.button(key=state.UPLOAD_SAVE).click()
    rerun(at)
    assert any("tan-my-2024.xlsx: đã nhập" in s.value for s in at.success)
    assert not at.file_uploader(key=f"{state.UPLOAD_FILES}-1").value  # the uploader starts empty again
    history = frames(at)[0]
    newest = history.iloc[0][["file_name", "uploaded_by", "status"]]
    assert newest.tolist() == ["tan-my-2024.xlsx", "cán bộ A", "✓ Đang dùng"]
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
    assert (problems["severity"] == "! Cảnh báo").sum() == 1  # 2.2 is missing: a warning only
    assert at.button(key=state.UPLOAD_SAVE).disabled


@on_both_backends
def test_good_and_bad_files_together_save_only_the_good_one(store_url, good_file, bad_file):
    at = _drop(run_page("upload"), good_file, bad_file)
    assert "1/2 tệp sẽ được lưu." in texts(at)
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
