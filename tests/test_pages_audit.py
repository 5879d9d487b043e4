"""The audit trail page's .csv download: built on the click, like every other download.

A plain run of the page draws the button without writing the file; the click writes exactly the
rows the page shows (UTF-8 with BOM, for Excel in Vietnamese); a write that fails on the click is
explained at the top of the session's next run, once.
"""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.runtime.media_file_storage import MediaFileStorageError

from ntm import export
from ntm.export import writers
from ntm.store import open_store
from pages.ui import state
from tests.test_pages_support import (  # noqa: F401  (fixtures)
    PAGES,
    download_bytes,
    media,
    rerun,
    run_page,
    seeded_store_dir,
    store_url,
)
from tests.test_pages_downloads import _click_on_the_download_thread, _refuse

AUDIT = "pages/audit.py"


@pytest.fixture
def trail(store_url):
    """The sample store with two changes in its audit trail: an upload deleted, then restored."""
    store = open_store(store_url)
    try:
        upload = int(store.uploads()["upload_id"].iloc[-1])
        store.delete_upload(upload, who="qt")
        store.undo_delete(upload, who="qt")
    finally:
        store.close()
    return store_url


def _open_audit(monkeypatch, **session_state):
    """The audit page in single-user mode (the store has no account: the user is an administrator)."""
    monkeypatch.setitem(PAGES, "audit", AUDIT)
    return run_page("audit", **session_state)


def _spy_on_csv(monkeypatch) -> list[int]:
    """Count the .csv files written (their rows), whether called through ``export_table`` or directly."""
    calls: list[int] = []
    real = writers.export_csv

    def counting(frame):
        calls.append(len(frame))
        return real(frame)

    monkeypatch.setattr(writers, "export_csv", counting)
    monkeypatch.setattr(export, "export_csv", counting)
    return calls


def test_a_plain_run_draws_the_button_without_writing_the_file(trail, media, monkeypatch):
    calls = _spy_on_csv(monkeypatch)
    at = _open_audit(monkeypatch)
    button = at.download_button(key=state.AUDIT_CSV)
    assert button.proto.deferred_file_id and not button.proto.url  # the bytes wait for the click
    assert calls == []
    download_bytes(at, state.AUDIT_CSV)
    assert calls == [2]


def test_the_click_writes_the_rows_the_page_shows_for_excel(trail, media, monkeypatch):
    at = _open_audit(monkeypatch)
    shown = at.dataframe[0].value
    assert len(shown) == 2
    content = download_bytes(at, state.AUDIT_CSV)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Vietnamese
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(shown.columns) and "Người thực hiện" in rows[0]
    assert len(rows) == 3
    for written, (_, row) in zip(rows[1:], shown.iterrows()):
        assert written[list(shown.columns).index("Người thực hiện")] == "qt"
        assert written[0] == row.iloc[0]  # the time, as shown
        assert written[list(shown.columns).index("Việc")] == row["Việc"]


def test_the_click_writes_only_the_kinds_of_change_chosen(trail, media, monkeypatch):
    at = _open_audit(monkeypatch)
    kinds = at.multiselect(key=state.AUDIT_ACTIONS)
    kinds.select(kinds.options[0])
    rerun(at)
    shown = at.dataframe[0].value
    assert len(shown) == 1
    rows = list(csv.reader(io.StringIO(download_bytes(at, state.AUDIT_CSV).decode("utf-8-sig"), newline="")))
    assert len(rows) == 2 and rows[1][rows[0].index("Việc")] == shown.iloc[0]["Việc"]


@pytest.mark.parametrize("lang, words", [
    ("vi", ["Không tải được nhật ký thay đổi (.csv) lúc", "Không ghi được tệp (thử)."]),
    ("en", ["Could not download the audit trail (.csv) at", "The file cannot be written (test)."]),
])
def test_a_write_that_fails_on_the_click_is_explained_on_the_next_run_once(trail, media, monkeypatch,
                                                                           lang, words):
    monkeypatch.setattr("ntm.export.writers.export_csv", _refuse)
    at = _open_audit(monkeypatch, **{state.LANG: lang})
    assert not at.error
    with pytest.raises(MediaFileStorageError):
        _click_on_the_download_thread(at, media, state.AUDIT_CSV)
    rerun(at)
    (error,) = at.error
    assert all(word in error.value for word in words)
    rerun(at)
    assert not at.error
