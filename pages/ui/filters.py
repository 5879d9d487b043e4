"""The filters every page shares: criteria set, year, province, district, communes; and the switch
between history as reported and on today's map (overview, profile, progress).

``render_filters`` draws them in the sidebar of every page. Each widget has a key from
``pages.ui.state`` and ``persist_state="session"``, so a choice made on one page is still there on
the next. Options cascade (the set decides the years, the year the provinces, and so on); a
remembered choice that is no longer offered falls back to the default instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import streamlit as st

from pages.ui import state
from pages.ui.data import all_scores, get_catalog, remembered
from pages.ui.i18n import render_language_switch, t
from pages.ui.labels import REPORTED_VIEW, TODAY_VIEW, set_label, view_caption, view_label
from pages.ui.router import leave_page_folder_mode


@dataclass(frozen=True)
class Selection:
    """What the user chose in the sidebar (None / empty means "every")."""

    criteria_set: str
    year: int
    province: str | None = None
    district: str | None = None
    communes: tuple[str, ...] = field(default_factory=tuple)

    def store_filters(self, *, all_years: bool = False) -> dict:
        """The selection as ``Store.results`` filters; ``all_years`` drops the year."""
        filters = {"criteria_set": self.criteria_set, "province": self.province,
                   "district": self.district, "commune": list(self.communes) or None,
                   "year": None if all_years else self.year}
        return {k: v for k, v in filters.items() if v is not None}

    def for_year(self, year: int) -> Selection:
        """The same selection for another year."""
        return replace(self, year=year)

    def label(self, *, all_years: bool = False) -> str:
        """Set, year and place in a few words, for file names: "ntm-2021 2025 An Giang"."""
        parts = (self.criteria_set, None if all_years else self.year, self.district or self.province)
        return " ".join(str(part) for part in parts if part)

    def describe(self) -> str:
        """A short sentence naming the selection, for captions and export metadata."""
        place = self.district or self.province or t("mọi tỉnh", "every province")
        communes = f" · {', '.join(self.communes)}" if self.communes else ""
        return f"{self.criteria_set} · {self.year} · {place}{communes}"


def select_scores(scores: pd.DataFrame, selection: Selection, *, all_years: bool = False) -> pd.DataFrame:
    """The rows of ``scores`` the selection keeps."""
    return select_rows(scores, selection, all_years=all_years)


def select_rows(frame: pd.DataFrame, selection: Selection, *, all_years: bool = False) -> pd.DataFrame:
    """The rows of any frame with the assessment columns (scores, criterion results, results)
    that the selection keeps, renumbered from 0."""
    keep = _equals(frame["criteria_set"], selection.criteria_set)
    if not all_years:
        keep &= _equals(frame["year"], selection.year)
    if selection.province is not None:
        keep &= _equals(frame["province"], selection.province)
    if selection.district is not None:
        keep &= _equals(frame["district"], selection.district)
    if selection.communes:
        keep &= frame["commune"].isin(list(selection.communes)).to_numpy(dtype=bool)
    return frame[keep].reset_index(drop=True)


def _equals(column: pd.Series, value) -> np.ndarray:
    """``column == value`` as a plain boolean array (missing values are not equal)."""
    return np.array((column == value).fillna(False), dtype=bool)


def selection_key(selection: Selection, *, all_years: bool = False) -> tuple:
    """The selection as a cache key (``data.remembered``); without the year when it does not matter."""
    return (selection.criteria_set, None if all_years else selection.year, selection.province,
            selection.district, selection.communes)


def _valid(key: str, options: list, default) -> None:
    """Carry the remembered value over to this page's widget, or ``default`` if it is no longer offered.

    Writing the value back before the widget is drawn is what keeps it across pages: a widget on
    another page is another widget, which would otherwise start from its default.
    """
    value = st.session_state.get(key, default)
    st.session_state[key] = value if value in options else default


PLACE_COLUMNS = ("criteria_set", "year", "province", "district", "commune")


@dataclass(frozen=True)
class _Places:
    """Every (set, year, province, district, commune) of the scores, as integer codes.

    Attributes:
        codes: column → the code of each row's value (-1 where missing).
        values: column → the distinct values, a code being a position in it.
    """

    codes: dict[str, np.ndarray]
    values: dict[str, np.ndarray]

    @classmethod
    def of(cls, scores: pd.DataFrame) -> _Places:
        codes, values = {}, {}
        for column in PLACE_COLUMNS:
            codes[column], uniques = pd.factorize(scores[column])
            values[column] = np.asarray(uniques, dtype=object)
        return cls(codes, values)

    def offered(self, what: str, chosen: dict) -> list:
        """The distinct values of ``what`` among rows matching ``chosen`` (column → value)."""
        keep = np.ones(len(self.codes[what]), dtype=bool)
        for column, value in chosen.items():
            at = np.flatnonzero(self.values[column] == value)
            if not len(at):
                return []
            keep &= self.codes[column] == at[0]
        found = np.unique(self.codes[what][keep])
        values = self.values[what][found[found >= 0]].tolist()
        if what == "year":
            return sorted((int(v) for v in values), reverse=True)
        return sorted(values)


def _options(set_id: str | None = None, year: int | None = None, province: str | None = None,
             district: str | None = None, *, what: str) -> list:
    """The values offered for ``what`` (a score column) among the scores of the choices made so far.

    The distinct places are coded once per store revision (a national store has a hundred
    thousand commune-years) and each list is remembered: the sidebar is drawn on every rerun.
    """
    chosen = {column: value for column, value in (("criteria_set", set_id), ("year", year),
                                                  ("province", province), ("district", district))
              if value is not None}
    places = remembered("filter-places", (), lambda: _Places.of(all_scores()))
    return remembered("filter-options", (what, set_id, year, province, district),
                      lambda: places.offered(what, chosen))


def render_filters(*, year: bool = True) -> Selection | None:
    """The language switch and the shared filters, in the sidebar.

    Args:
        year: False on pages that show every year (progress); the year choice is kept meanwhile.

    Returns:
        The selection, or None when the store holds no scores at all (the page should say so).
    """
    leave_page_folder_mode()
    render_language_switch()
    catalog = get_catalog()
    side = st.sidebar
    side.header(t("Bộ lọc", "Filters"))
    present = set(_options(what="criteria_set"))
    if not present:
        side.caption(t("Chưa có dữ liệu để lọc.", "No data to filter yet."))
        return None

    sets = [s for s in catalog.ids() if s in present] + sorted(present - set(catalog.ids()))
    _valid(state.FILTER_SET, sets, sets[0])
    set_id = side.selectbox(t("Bộ tiêu chí", "Criteria set"), sets, key=state.FILTER_SET,
                            format_func=lambda s: set_label(catalog, s), persist_state="session")

    years = _options(set_id, what="year")
    _valid(state.FILTER_YEAR, years, years[0])
    every_year = t("Trang này hiện mọi năm.", "This page shows every year.")
    chosen_year = side.selectbox(t("Năm", "Year"), years, key=state.FILTER_YEAR, persist_state="session",
                                 disabled=not year, help=None if year else every_year)
    in_year = int(chosen_year) if year else None

    # Province and district start empty, meaning "all": the placeholder says so in the user's
    # language (an "all" option with a translated label would change under a language switch).
    provinces = _options(set_id, in_year, what="province")
    _valid(state.FILTER_PROVINCE, [*provinces, None], None)
    province = side.selectbox(t("Tỉnh", "Province"), provinces, index=None, key=state.FILTER_PROVINCE,
                              placeholder=t("Tất cả các tỉnh", "Every province"), persist_state="session")

    districts = _options(set_id, in_year, province, what="district")
    _valid(state.FILTER_DISTRICT, [*districts, None], None)
    district = side.selectbox(
        t("Huyện", "District"), districts, index=None, key=state.FILTER_DISTRICT, persist_state="session",
        placeholder=t("Tất cả các huyện", "Every district"), disabled=not districts,
        help=t("Từ 1/7/2025 không còn cấp huyện: dữ liệu từ 2026 không ghi huyện.",
               "Districts were abolished on 1 July 2025: data from 2026 has none."))

    communes = _options(set_id, in_year, province, district, what="commune")
    remembered_communes = [c for c in st.session_state.get(state.FILTER_COMMUNES, []) if c in communes]
    st.session_state[state.FILTER_COMMUNES] = remembered_communes
    chosen = side.multiselect(t("Xã", "Communes"), communes, key=state.FILTER_COMMUNES,
                              placeholder=t("Tất cả các xã", "Every commune"), persist_state="session")
    return Selection(set_id, int(chosen_year), province, district, tuple(chosen))


def render_view_switch() -> str:
    """The switch between history "as reported" and "on today's map", and the sentence saying
    which one the page shows. Remembered across the pages that have it.

    Returns:
        "reported" or "today".
    """
    st.session_state[state.HISTORY_TODAY] = bool(st.session_state.get(state.HISTORY_TODAY, False))
    today = st.toggle(view_label(TODAY_VIEW), key=state.HISTORY_TODAY, persist_state="session",
                      help=t("Tắt: theo đơn vị khi báo cáo. Từ 1/7/2025 không còn cấp huyện và nhiều xã được "
                             "sáp nhập.",
                             "Off: as reported. On 1 July 2025 districts were abolished and many communes "
                             "merged."))
    view = TODAY_VIEW if today else REPORTED_VIEW
    st.caption(view_caption(view))
    return view
