"""The bytes behind download buttons, built lazily; why a file cannot be offered, or could not be built.

Download buttons get a callable (``st.download_button(data=callable, on_click="ignore")``): the
file is built only when the user clicks, and clicking does not rerun (or reset) the page.

That callable runs on Streamlit's download thread, after the page script has finished, where no
message can be drawn on the page. So everything a file needs from the store (the rows, the
criterion statuses, the gaps, the catalog) is read when the button is drawn — the same cached
reads the page shows, so a store error is shown as the page shows it — and the callable only
writes bytes from frames in memory. What is known to fail before building (more rows than an
Excel sheet holds) is checked when drawing too: ``xlsx_problem`` gives the message the page shows
instead of the button.

A build that fails anyway on the click (an error of the project's family, ``NtmError``) fails the
download: Streamlit catches the error on its download thread, logs it and answers the browser
with a fixed "Failed to generate file for download", shown for a few seconds under the button;
the error's own words never reach the browser, and Streamlit commands in the callable are
ignored. So the callable also logs the cause on the server (logger ``pages.ui.downloads``) and
records the failure — which file, why (Vietnamese and English), when — in the session's
``FailureBox``, taken when the button was drawn. The next run of any page (the user's next
click anywhere; the download itself does not rerun) shows it at the top with ``st.error``, in the
UI language, once: ``render_download_failures``, called by dashboard.py for every page.
"""

from __future__ import annotations

import functools
import io
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, available_timezones

import pandas as pd
import streamlit as st

from ntm.catalog import Catalog
from ntm.errors import NtmError
from ntm.export import (
    CSV_MIME,
    UNIT_HEADERS,
    XLSX_MIME,
    ExportError,
    commune_report_xlsx,
    export_metadata,
    export_table,
    results_table,
    scores_table,
    with_unit_columns,
)
from ntm.export.writers import XLSX_MAX_ROWS
from ntm.scoring import SCORE_KEYS
from ntm.template import write_template
from ntm.text import fold
from ntm.vnformat import format_number
from pages.ui import data, state
from pages.ui.data import get_catalog, store_url
from pages.ui.i18n import lang

__all__ = ["CSV_MIME", "XLSX_MIME", "DownloadFailure", "FailureBox", "audit_builder",
           "commune_report_builder", "file_stem", "render_download_failures", "results_builder", "scores_builder",
           "template_builder", "template_file_name", "xlsx_problem"]

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class DownloadFailure:
    """A download that could not be built on the click.

    Attributes:
        what_vi: the file, as the page names it, in Vietnamese ("bảng điểm các xã (.xlsx)").
        what_en: the same in English.
        error: why (its Vietnamese and English messages).
        when: the moment of the click's failure (aware, UTC).
    """

    what_vi: str
    what_en: str
    error: NtmError
    when: datetime

    def message(self, lang: str, clock: str) -> str:
        """What the user reads, in ``lang`` ("vi" or "en"); ``clock`` is ``when`` as they read time."""
        if lang == "en":
            return f"Could not download {self.what_en} at {clock}. {self.error.message_en}"
        return f"Không tải được {self.what_vi} lúc {clock}. {self.error.message_vi}"


class FailureBox:
    """One session's download failures not yet shown, oldest first.

    Recorded on Streamlit's download thread, taken by the session's next page run, so every access
    holds a lock. Holds at most ``size`` failures (older ones are dropped: a user who clicks the
    same failing button many times needs one or two explanations, not a page of them).
    """

    def __init__(self, size: int = 5) -> None:
        self._lock = threading.Lock()
        self._failures: deque[DownloadFailure] = deque(maxlen=size)

    def record(self, failure: DownloadFailure) -> None:
        """Keep ``failure`` until the next ``take`` (safe from any thread)."""
        with self._lock:
            self._failures.append(failure)

    def take(self) -> list[DownloadFailure]:
        """The failures kept so far, oldest first; the box is empty afterwards (each is shown once)."""
        with self._lock:
            failures = list(self._failures)
            self._failures.clear()
            return failures


def _failure_box() -> FailureBox:
    """This session's ``FailureBox``, made on first use.

    Session state, not a process-wide table keyed by session id: Streamlit offers no public
    session id, and session state ends with its session, so nothing outlives the user's tab.
    The box object itself is handed to the download callables, which run where
    ``st.session_state`` cannot be read.
    """
    box = st.session_state.get(state.DOWNLOAD_FAILURES)
    if not isinstance(box, FailureBox):  # also replaces a box of a reloaded module's class
        box = st.session_state[state.DOWNLOAD_FAILURES] = FailureBox()
    return box


def _reported(build: Callable[[], bytes], what_vi: str, what_en: str) -> Callable[[], bytes]:
    """``build``; when it fails with an ``NtmError``, the cause is logged and recorded in this
    session's ``FailureBox`` (taken now, while the button is drawn), then the download fails as before."""
    box = _failure_box()

    def run() -> bytes:
        try:
            return build()
        except NtmError as error:
            LOG.warning("Download of %s could not be built: %s", what_en, error.message("en"), exc_info=True)
            box.record(DownloadFailure(what_vi, what_en, error, datetime.now(timezone.utc)))
            raise
    return run


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _clock(moment: datetime) -> str:
    """``moment`` as "14:05:09" in the browser's time zone (the server's when the browser gives none)."""
    name = st.context.timezone
    return moment.astimezone(ZoneInfo(name) if name in _zones() else None).strftime("%H:%M:%S")


def render_download_failures() -> None:
    """Each download that failed since the session's last run, why and when, as an error (once)."""
    box = st.session_state.get(state.DOWNLOAD_FAILURES)
    if not isinstance(box, FailureBox):
        return
    for failure in box.take():
        st.error(failure.message(lang(), _clock(failure.when)), icon=":material/file_download_off:")


def xlsx_problem(rows: int) -> ExportError | None:
    """Why ``rows`` rows cannot be offered as one .xlsx sheet (more than Excel holds), or None."""
    if rows <= XLSX_MAX_ROWS:
        return None
    return ExportError(
        f"Không tạo được tệp .xlsx: {format_number(rows)} dòng, quá giới hạn {format_number(XLSX_MAX_ROWS)} "
        "dòng của một trang Excel. Hãy lọc bớt (chọn năm, tỉnh, huyện hoặc xã) hoặc tải tệp .csv.",
        f"No .xlsx file: {rows:,} rows, more than the {XLSX_MAX_ROWS:,} rows an Excel sheet holds. "
        "Filter the data (a year, province, district or communes) or download the .csv file.")


@st.cache_data(show_spinner=False, max_entries=20)
def _template(set_id: str, lang: str, url: str, _catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, set_id, lang=lang, catalog=_catalog)
    return buffer.getvalue()


def template_builder(set_id: str, lang: str) -> Callable[[], bytes]:
    """A callable returning the template workbook for ``set_id`` (headers in ``lang``)."""
    url, catalog = store_url(), get_catalog()
    return _reported(lambda: _template(set_id, lang, url, catalog), f"mẫu nhập liệu {set_id} (.xlsx)",
                     f"the {set_id} template (.xlsx)")


def template_file_name(set_id: str) -> str:
    return f"mau-nhap-lieu-{set_id}.xlsx"


def _metadata(catalog: Catalog, filters: dict, lang: str, rows: int) -> dict:
    sets = filters.get("criteria_set")
    sets = [sets] if isinstance(sets, str) else list(sets or [])
    return export_metadata(filters=filters, criteria_sets=[catalog.get(s) for s in sets if s in catalog],
                           rows=rows, lang=lang)


def _table_builder(table: Callable[[], pd.DataFrame], filters: dict, kind: str, lang: str,
                   what: tuple[str, str]) -> Callable[[], bytes]:
    """A callable writing ``table()`` as "xlsx" (with the metadata sheet) or "csv" bytes; ``what``
    names the table (Vietnamese, English) for a failure's message."""
    catalog = get_catalog()

    def build() -> bytes:
        frame = table()
        return export_table(frame, kind, metadata=_metadata(catalog, filters, lang, len(frame)), lang=lang)
    return _reported(build, f"{what[0]} (.{kind})", f"{what[1]} (.{kind})")


def results_builder(results: pd.DataFrame, filters: dict, kind: str, lang: str,
                    scores: pd.DataFrame | None = None) -> Callable[[], bytes]:
    """A callable returning ``results`` (the tidy rows ``filters`` selected, as the page shows
    them) as "xlsx" or "csv" bytes; the workbook's metadata sheet names the filters, the set and
    its legal basis, and the time of export. With ``scores`` (as the store reads them), each row
    carries its assessment's official unit beside the commune as reported."""
    def table() -> pd.DataFrame:
        rows = with_unit_columns(results, scores) if scores is not None else results
        return results_table(rows, lang=lang)
    return _table_builder(table, filters, kind, lang, ("bảng kết quả chỉ tiêu", "the indicator results"))


def scores_builder(scores: pd.DataFrame, filters: dict, kind: str, lang: str) -> Callable[[], bytes]:
    """A callable returning ``scores`` (one row per commune-year, as shown, with the official unit
    beside the commune as reported) as "xlsx" or "csv" bytes."""
    columns = [*SCORE_KEYS, *(c for c in UNIT_HEADERS if c in scores.columns)]
    return _table_builder(lambda: scores_table(scores[columns], lang=lang), filters, kind, lang,
                          ("bảng điểm các xã", "the commune scores"))


def commune_report_builder(score: pd.Series, criteria: pd.DataFrame, gaps: pd.DataFrame,
                           history: pd.DataFrame, lang: str) -> Callable[[], bytes]:
    """A callable returning one commune-year's report workbook (``ntm.export.commune_report_xlsx``).

    The commune's criterion statuses and gaps are what the page read to show them (store reads
    happen while the page is drawn); the click only writes the workbook.
    """
    catalog = get_catalog()

    def build() -> bytes:
        return commune_report_xlsx(score, criteria, gaps, history, catalog=catalog, lang=lang)
    commune, year = score.get("commune"), score.get("year")
    return _reported(build, f"báo cáo của xã {commune} năm {year} (.xlsx)",
                     f"the report of {commune}, {year} (.xlsx)")


def audit_builder(table: pd.DataFrame) -> Callable[[], bytes]:
    """A callable returning the audit trail ``table`` (``ntm.auth.trail.audit_table``, the rows the
    page shows) as .csv bytes."""
    return _reported(lambda: export_table(table, "csv"), "nhật ký thay đổi (.csv)", "the audit trail (.csv)")


def file_stem(*parts: object) -> str:
    """An ASCII file name without extension from the parts: "ket-qua-ntm-2021-2023-an-giang"."""
    words = " ".join(str(p) for p in parts if p is not None and str(p) != "")
    return "-".join("".join(c if c.isalnum() else " " for c in fold(words)).split()) or "ntm"
