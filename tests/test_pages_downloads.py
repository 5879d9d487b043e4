"""Downloads that cannot be built: the user reads why (Vietnamese, or English), never a traceback.

A file is built on the click, on Streamlit's download thread, from what was read when the button
was drawn: a store that fails after the page was drawn does not break the download, a store that
fails while drawing is shown as the page shows store errors, a table too large for Excel is said
so in place of the .xlsx button, and a build that fails on the click is logged with its cause and
explained at the top of the session's next run, once, on whatever page the user is then on (the
session's ``FailureBox``, filled from the download thread).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import io
import logging
import re
import sys
import threading
from datetime import datetime, timezone

import openpyxl
import pytest
from streamlit.runtime.media_file_storage import MediaFileStorageError

from ntm.export import ExportError
from ntm.store import Store, StoreError
from pages.ui import state
from pages.ui.downloads import DownloadFailure, FailureBox
from tests.test_pages_support import (  # noqa: F401
    download_bytes,
    media,
    rerun,
    run_page,
    seeded_store_dir,
    store_url,
    texts,
)

TWO = {state.FILTER_SET: "ntm-2021", state.FILTER_YEAR: 2023, state.FILTER_COMMUNES: ["Khánh Bình", "Mỹ Đức"]}
REFUSED = ExportError("Không ghi được tệp (thử).", "The file cannot be written (test).")
BROKEN = StoreError("Không kết nối được kho dữ liệu (thử).", "The store cannot be reached (test).")


def _break_the_store(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise BROKEN

    for name in ("results", "scores", "revision", "catalog", "uploads"):
        monkeypatch.setattr(Store, name, fail)


def _refuse(*args, **kwargs):
    raise REFUSED


def _buttons(at) -> list[str]:
    return [button.key for button in at.get("download_button")]


def _rows(content: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


@pytest.mark.parametrize("lang, words", [
    ("vi", ["quá giới hạn 10 dòng của một trang Excel", "tải tệp .csv"]),
    ("en", ["more than the 10 rows an Excel sheet holds", "download the .csv file"]),
])
def test_a_table_too_large_for_excel_says_so_in_place_of_the_xlsx_button(store_url, media, monkeypatch,
                                                                          lang, words):
    monkeypatch.setattr("pages.ui.downloads.XLSX_MAX_ROWS", 10)
    at = run_page("data", **TWO, **{state.LANG: lang})
    # 114 indicator results are too many; 2 commune-years are not.
    assert state.DATA_RESULTS_XLSX not in _buttons(at) and state.DATA_SCORES_XLSX in _buttons(at)
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and all(word in warnings[0] for word in words)
    assert "114" in warnings[0]
    content = download_bytes(at, state.DATA_RESULTS_CSV)  # the .csv is still offered, with every row
    assert len(content.decode("utf-8-sig").splitlines()) == 115


def test_downloads_are_built_from_what_was_read_when_the_page_was_drawn(store_url, media, monkeypatch):
    at = run_page("data", **TWO)
    shown = len(at.dataframe[1].value)
    _break_the_store(monkeypatch)  # the store goes away between drawing and the click
    assert len(_rows(download_bytes(at, state.DATA_RESULTS_XLSX))) == shown + 1
    assert len(_rows(download_bytes(at, state.DATA_SCORES_XLSX))) == 3


def test_the_commune_report_is_built_from_what_was_read_when_the_page_was_drawn(store_url, media,
                                                                                monkeypatch):
    at = run_page("profile", **{state.FILTER_SET: "ntm-2021", state.FILTER_YEAR: 2023,
                                state.PROFILE_COMMUNE: "Khánh Bình"})
    _break_the_store(monkeypatch)
    book = openpyxl.load_workbook(io.BytesIO(download_bytes(at, state.PROFILE_REPORT)))
    summary = " ".join(str(c) for row in book["TomTat"].iter_rows(values_only=True) for c in row)
    assert "Khánh Bình" in summary
    criteria = list(book["TieuChi"].iter_rows(values_only=True))[1:]
    assert len(criteria) == 19  # every criterion, read when the page was drawn
    assert list(book["ChiTieuChuaDat"].iter_rows(values_only=True))[1:]  # and the unmet indicators


def test_a_store_error_while_drawing_the_downloads_is_shown_as_a_message(store_url, monkeypatch):
    at = run_page("data", **TWO)
    _break_the_store(monkeypatch)
    at.session_state[state.FILTER_YEAR] = 2022  # a read the cache does not hold yet
    at.run()
    assert not at.exception  # no traceback
    assert any("Không kết nối được kho dữ liệu (thử)." in e.value for e in at.error)
    assert not _buttons(at)


def test_a_build_that_fails_on_the_click_is_logged_with_its_cause(store_url, media, monkeypatch, caplog):
    monkeypatch.setattr("ntm.export.writers.export_xlsx", _refuse)
    at = run_page("data", **TWO)
    with caplog.at_level(logging.WARNING, logger="pages.ui.downloads"), pytest.raises(MediaFileStorageError):
        download_bytes(at, state.DATA_SCORES_XLSX)  # Streamlit then shows its short failure note
    (record,) = [r for r in caplog.records if r.name == "pages.ui.downloads"]
    assert "The file cannot be written (test)." in record.getMessage() and record.exc_info
    assert len(download_bytes(at, state.DATA_SCORES_CSV)) > 0  # the other file is unaffected


# -- a build that fails on the click: explained on the next run -------------------------------------
WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
CLOCK = re.compile(r"\b\d\d:\d\d:\d\d\b")


def _failure(n: int = 0) -> DownloadFailure:
    return DownloadFailure(f"tệp {n}", f"file {n}", REFUSED, WHEN)


def test_a_failure_reads_as_a_sentence_in_either_language():
    failure = DownloadFailure("bảng điểm các xã (.xlsx)", "the commune scores (.xlsx)", REFUSED, WHEN)
    assert failure.message("vi", "14:08:09") == ("Không tải được bảng điểm các xã (.xlsx) lúc 14:08:09. "
                                                 "Không ghi được tệp (thử).")
    assert failure.message("en", "14:08:09") == ("Could not download the commune scores (.xlsx) at 14:08:09. "
                                                 "The file cannot be written (test).")


def test_the_failure_box_shows_each_failure_once_oldest_first():
    box = FailureBox()
    box.record(_failure(1))
    box.record(_failure(2))
    assert [f.what_en for f in box.take()] == ["file 1", "file 2"]
    assert box.take() == []


def test_the_failure_box_keeps_only_the_latest_failures():
    box = FailureBox(size=3)
    for n in range(5):
        box.record(_failure(n))
    assert [f.what_en for f in box.take()] == ["file 2", "file 3", "file 4"]


@pytest.fixture
def eager_thread_switches():
    """Threads switch every microsecond (not every 5 ms), so a race shows within a few thousand calls."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def test_failures_recorded_on_other_threads_while_a_page_takes_them_are_each_shown_once(
        eager_thread_switches):
    box, writers, per_writer = FailureBox(size=10_000), 4, 2_000
    done = threading.Event()
    taken: list[DownloadFailure] = []

    def record(w: int) -> None:  # download threads
        for n in range(per_writer):
            box.record(_failure(w * per_writer + n))

    def take() -> None:  # page runs taking what is there, meanwhile
        while not done.is_set():
            taken.extend(box.take())

    threads = [threading.Thread(target=record, args=(w,)) for w in range(writers)]
    reader = threading.Thread(target=take)
    for thread in [reader, *threads]:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join()
    taken.extend(box.take())
    assert sorted(f.what_en for f in taken) == sorted(f"file {n}" for n in range(writers * per_writer))


def _click_on_the_download_thread(at, recorded, key: str) -> None:
    """Click the download button ``key`` as Streamlit's server does (``DeferredFileHandler``): its
    callable runs on a worker thread (the server's ``asyncio.to_thread``), outside any script run.
    ``recorded`` is the ``media`` fixture; a failure is raised here as Streamlit's
    ``MediaFileStorageError``. A plain thread pool, not ``asyncio.run``: the browser tests may leave
    an event loop running in this thread."""
    file_id = at.download_button(key=key).proto.deferred_file_id
    assert file_id, f"{key} is not built on the click"
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(recorded.latest.execute_deferred, file_id).result()


@pytest.mark.parametrize("lang, words", [
    ("vi", ["Không tải được bảng điểm các xã (.xlsx) lúc", "Không ghi được tệp (thử)."]),
    ("en", ["Could not download the commune scores (.xlsx) at", "The file cannot be written (test)."]),
])
def test_a_build_that_fails_on_the_click_is_explained_at_the_top_of_the_next_run_once(
        store_url, media, monkeypatch, lang, words):
    monkeypatch.setattr("ntm.export.writers.export_xlsx", _refuse)
    at = run_page("data", **TWO, **{state.LANG: lang})
    assert not at.error
    with pytest.raises(MediaFileStorageError):
        _click_on_the_download_thread(at, media, state.DATA_SCORES_XLSX)
    rerun(at)  # the user's next click, anywhere on the page
    (error,) = at.error
    assert all(word in error.value for word in words) and CLOCK.search(error.value)
    kinds = [node.type for node in at.main.children.values()]
    assert kinds.index("error") < kinds.index("title")  # at the top, above the page's own content
    rerun(at)
    assert not at.error  # shown once


def test_a_failed_download_is_explained_on_whatever_page_the_user_opens_next(store_url, media, monkeypatch):
    monkeypatch.setattr("ntm.export.writers.export_xlsx", _refuse)
    at = run_page("data", **TWO)
    with pytest.raises(MediaFileStorageError):
        _click_on_the_download_thread(at, media, state.DATA_RESULTS_XLSX)
    assert len(download_bytes(at, state.DATA_RESULTS_CSV)) > 0  # a download that works adds nothing
    run_page("method", at=at)
    (error,) = at.error
    assert error.value.startswith("Không tải được bảng kết quả chỉ tiêu (.xlsx) lúc")
