"""Downloads that cannot be built: the user reads why (Vietnamese, or English), never a traceback.

A file is built on the click, on Streamlit's download thread, from what was read when the button
was drawn: a store that fails after the page was drawn does not break the download, a store that
fails while drawing is shown as the page shows store errors, a table too large for Excel is said
so in place of the .xlsx button, and a build that fails on the click is logged with its cause.
"""

from __future__ import annotations

import io
import logging

import openpyxl
import pytest
from streamlit.runtime.media_file_storage import MediaFileStorageError

from ntm.export import ExportError
from ntm.store import Store, StoreError
from pages.ui import state
from tests.test_pages_support import (  # noqa: F401
    download_bytes,
    media,
    run_page,
    seeded_store_dir,
    store_url,
    texts,
)

TWO = {state.FILTER_SET: "ntm-2021", state.FILTER_YEAR: 2023, state.FILTER_COMMUNES: ["Khánh Bình", "Mỹ Đức"]}
BROKEN = StoreError("Không kết nối được kho dữ liệu (thử).", "The store cannot be reached (test).")


def _break_the_store(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise BROKEN

    for name in ("results", "scores", "revision", "catalog", "uploads"):
        monkeypatch.setattr(Store, name, fail)


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
    def refuse(*args, **kwargs):
        raise ExportError("Không ghi được tệp (thử).", "The file cannot be written (test).")

    monkeypatch.setattr("pages.ui.downloads.export_xlsx", refuse)
    at = run_page("data", **TWO)
    with caplog.at_level(logging.WARNING, logger="pages.ui.downloads"), pytest.raises(MediaFileStorageError):
        download_bytes(at, state.DATA_SCORES_XLSX)  # Streamlit then shows its short failure note
    (record,) = [r for r in caplog.records if r.name == "pages.ui.downloads"]
    assert "The file cannot be written (test)." in record.getMessage() and record.exc_info
    assert len(download_bytes(at, state.DATA_SCORES_CSV)) > 0  # the other file is unaffected
