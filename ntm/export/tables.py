"""The frames of ``ntm.scoring`` made readable for a spreadsheet: Vietnamese (or English) headers,
statuses as words, lists of codes as "1; 15; 17", yes/no as "Có"/"Không".

Numbers stay numbers (a percentage is 84.21 under a header ending "(%)"), so that the writers in
``ntm.export.writers`` store them as numbers with a number format. Columns a table does not know
are kept, after the known ones, under their own names.

Beside the commune as reported, a table carries the official unit when its frame has the unit
columns (``ntm.units.history.UNIT_COLUMNS``: scores read from the store have them; results get
them with ``with_unit_columns``): the unit of the year's map, the commune before 1 July 2025 and
the commune today, each with its name and code, after the place and year columns. The commune
group (nhóm xã, 2026–2030) comes before them when any assessment of the table has one recorded
(an all-empty group column is left out: most sets have no groups).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ntm.palette import MISSING, STATUS_ORDER, status_label
from ntm.schema import with_source_text

PLACE_HEADERS = {
    "province": ("Tỉnh", "Province"), "district": ("Huyện", "District"), "commune": ("Xã", "Commune"),
    "commune_code": ("Mã xã", "Commune code"), "year": ("Năm", "Year"),
    "criteria_set": ("Bộ tiêu chí", "Criteria set"),
}
UNIT_HEADERS = {
    "unit_map": ("Bản đồ hành chính", "Administrative map"),
    "unit_code": ("Mã đơn vị chính thức", "Official unit code"),
    "unit_name": ("Đơn vị chính thức", "Official unit"),
    "old_code": ("Mã xã trước 1/7/2025", "Commune code before 1 July 2025"),
    "old_name": ("Xã trước 1/7/2025", "Commune before 1 July 2025"),
    "new_code": ("Mã xã hiện nay", "Commune code today"),
    "new_name": ("Xã hiện nay", "Commune today"),
    "new_province": ("Tỉnh hiện nay", "Province today"),
    "unit_matched_by": ("Khớp đơn vị theo", "Unit matched by"),
}
_UNIT_WORDS = {
    "unit_map": {"old": ("Trước 1/7/2025 (có cấp huyện)", "Before 1 July 2025 (with districts)"),
                 "new": ("Từ 1/7/2025 (không có cấp huyện)", "From 1 July 2025 (no districts)")},
    "unit_matched_by": {"code": ("Mã xã", "Commune code"), "name": ("Tên xã", "Commune name"),
                        "spelling": ("Tên xã (khác dấu)", "Commune name (other diacritics)")},
}
# The 2026–2030 commune group (1, 2, 3) of the assessment, where one is recorded.
GROUP_HEADERS = {"commune_group": ("Nhóm xã", "Commune group")}
# The place as reported, its commune group, then the official unit.
PLACE_UNIT_HEADERS = {**PLACE_HEADERS, **GROUP_HEADERS, **UNIT_HEADERS}
RESULT_HEADERS = {
    **PLACE_UNIT_HEADERS,
    "criterion": ("Tiêu chí", "Criterion"), "indicator": ("Mã chỉ tiêu", "Indicator code"),
    "value": ("Kết quả", "Result"), "value_num": ("Kết quả (số)", "Result (number)"),
    "target": ("Chỉ tiêu đạt chuẩn", "Target"), "status": ("Đánh giá", "Status"), "note": ("Ghi chú", "Note"),
    "source": ("Nguồn", "Source"),
}
SCORE_HEADERS = {
    **PLACE_UNIT_HEADERS,
    "criteria_met": ("Số tiêu chí đạt", "Criteria met"),
    "criteria_total": ("Số tiêu chí phải đạt", "Criteria applicable"),
    "criteria_pct": ("Tỷ lệ tiêu chí đạt (%)", "Criteria met (%)"),
    "criteria_basically_met": ("Số tiêu chí cơ bản đạt", "Criteria basically met"),
    "indicators_met": ("Số chỉ tiêu đạt", "Indicators met"),
    "indicators_total": ("Số chỉ tiêu phải đạt", "Indicators applicable"),
    "indicators_pct": ("Tỷ lệ chỉ tiêu đạt (%)", "Indicators met (%)"),
    "unmet_criteria": ("Tiêu chí chưa đạt", "Criteria not met"),
    "unmet_indicators": ("Chỉ tiêu chưa đạt", "Indicators not met"),
    "missing_indicators": ("Chỉ tiêu chưa có dữ liệu", "Indicators without data"),
    "not_applicable": ("Không áp dụng", "Not applicable"),
    "reached_standard": ("Đạt chuẩn", "Reached the standard"),
}
SCORE_EXTRA_HEADERS = {
    "criteria_not_met": ("Số tiêu chí chưa đạt", "Criteria not met (count)"),
    "criteria_incomplete": ("Số tiêu chí thiếu dữ liệu", "Criteria with incomplete data"),
    "criteria_missing": ("Số tiêu chí chưa có dữ liệu", "Criteria without data"),
    "criteria_not_applicable": ("Số tiêu chí không áp dụng", "Criteria not applicable"),
    "criteria_count": ("Số tiêu chí của bộ", "Criteria in the set"),
}
CRITERION_HEADERS = {
    **PLACE_UNIT_HEADERS,
    "criterion": ("Tiêu chí", "Criterion"), "criterion_name": ("Tên tiêu chí", "Criterion name"),
    "status": ("Đánh giá", "Status"), "indicators_met": ("Số chỉ tiêu đạt", "Indicators met"),
    "indicators_applicable": ("Số chỉ tiêu phải đạt", "Indicators applicable"),
    "indicators_missing": ("Số chỉ tiêu chưa có dữ liệu", "Indicators without data"),
    "basis": ("Đánh giá theo", "Assessed from"),
}
GAP_HEADERS = {
    **PLACE_UNIT_HEADERS,
    "criterion": ("Tiêu chí", "Criterion"), "indicator": ("Mã chỉ tiêu", "Indicator code"),
    "name": ("Tên chỉ tiêu", "Indicator"), "status": ("Đánh giá", "Status"), "unit": ("Đơn vị", "Unit"),
    "value": ("Kết quả", "Result"), "value_num": ("Kết quả (số)", "Result (number)"),
    "target": ("Mức đạt chuẩn", "Target"), "gap": ("Còn thiếu", "Gap to target"),
    "note": ("Ghi chú", "Note"),
}
# Headers under which cells are statuses (coloured in a workbook).
STATUS_HEADERS = frozenset({"status", *RESULT_HEADERS["status"]})
_BASIS = {"indicators": ("Theo chỉ tiêu", "From indicators"),
          "criterion": ("Theo tiêu chí", "From the criterion"),
          "none": ("Không có dữ liệu", "No data")}
_YES_NO = {True: ("Có", "Yes"), False: ("Không", "No")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def join_list(value: object) -> object:
    """A list (or tuple) of codes as "1; 15; 17"; anything else unchanged."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def status_words(values: pd.Series, lang: str = "vi") -> pd.Series:
    """Status codes ("met", "incomplete", …) as the words users read ("Đạt", …).

    A blank status reads "Chưa có dữ liệu" (no data), as scoring reads it: missing.
    """
    words = {s: status_label(s, lang) for s in STATUS_ORDER}
    missing = words[MISSING]
    return values.astype(object).map(lambda v: words.get(v, v) if isinstance(v, str) else missing)


def with_unit_columns(frame: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (results, criteria or gaps: rows with ``ASSESSMENT_KEYS``) with the official unit
    columns (and the commune group) of its assessments taken from ``scores`` (as the store reads
    them); rows keep their order, and a row whose assessment ``scores`` lacks gets empty ones."""
    from ntm.schema import ASSESSMENT_KEYS

    units = [c for c in (*GROUP_HEADERS, *UNIT_HEADERS) if c in scores.columns and c not in frame.columns]
    keys = [k for k in ASSESSMENT_KEYS if k in frame.columns and k in scores.columns]
    if not units or not keys:
        return frame
    values = dict(zip(_assessment_keys(scores, keys), zip(*(_plain(scores[c]) for c in units))))
    found = [values.get(key, (None,) * len(units)) for key in _assessment_keys(frame, keys)]
    out = frame.copy()
    for i, column in enumerate(units):
        out[column] = [row[i] for row in found]
    return out


def _plain(column: pd.Series) -> list:
    return column.astype(object).where(column.notna(), None).tolist()


def _assessment_keys(frame: pd.DataFrame, keys: list[str]) -> list[tuple]:
    """Each row's assessment as a tuple of plain values (years as int, blanks as None)."""
    columns = [[None if v is None else int(v) for v in _plain(frame[k])] if k == "year" else _plain(frame[k])
               for k in keys]
    return list(zip(*columns))


def _table(frame: pd.DataFrame, headers: Mapping[str, tuple[str, str]], lang: str) -> pd.DataFrame:
    """Columns in ``headers`` order (then unknown ones), lists joined, renamed by language."""
    if "commune_group" in frame and frame["commune_group"].isna().all():
        frame = frame.drop(columns="commune_group")
    known = [c for c in headers if c in frame.columns]
    other = [c for c in frame.columns if c not in headers]
    out = frame[known + other].copy()
    for column, words in _UNIT_WORDS.items():
        if column in out:
            out[column] = out[column].astype(object).map(
                lambda v, w=words: _pick(w[v], lang) if v in w else (None if pd.isna(v) else v))
    for column in UNIT_HEADERS:
        if column in out:  # text, missing as None (a string column's <NA> would be written as text)
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(join_list)
    if "commune_group" in out:  # whole numbers, missing as None (not <NA> text, not 2.0)
        out["commune_group"] = pd.Series([None if pd.isna(v) else int(v) for v in out["commune_group"]],
                                         index=out.index, dtype=object)
    if "status" in out:
        out["status"] = status_words(out["status"], lang)
    out.columns = [_pick(headers[c], lang) if c in headers else c for c in out.columns]
    return out.reset_index(drop=True)


def results_table(results: pd.DataFrame, *, lang: str = "vi") -> pd.DataFrame:
    """The tidy results frame (``ntm.schema.RESULT_COLUMNS``) with readable headers and statuses.

    The place of each row is one "file:sheet:row" text, ``source`` (``ntm.schema.source_text``).
    """
    if "source_sheet" in results and "source_row" in results:
        results = with_source_text(results)
    return _table(results, RESULT_HEADERS, lang)


def scores_table(scores: pd.DataFrame, *, lang: str = "vi", extra: bool = False) -> pd.DataFrame:
    """``score_assessments`` output with readable headers: lists "1; 15; 17", "Đạt chuẩn" Có/Không.

    Args:
        scores: ``ntm.scoring.score_assessments`` output.
        lang: "vi" (default) or "en".
        extra: keep the extra criterion counts (``SCORE_EXTRA_COLUMNS``) too; by default only the
            ``SCORE_KEYS`` columns officials report.
    """
    columns = [c for c in scores.columns if c in SCORE_HEADERS or (extra and c in SCORE_EXTRA_HEADERS)
               or (c not in SCORE_HEADERS and c not in SCORE_EXTRA_HEADERS)]
    frame = scores[columns].copy()
    if "reached_standard" in frame:
        frame["reached_standard"] = frame["reached_standard"].map(
            lambda v: _pick(_YES_NO[bool(v)], lang) if pd.notna(v) else None)
    return _table(frame, {**SCORE_HEADERS, **SCORE_EXTRA_HEADERS}, lang)


def criteria_table(criteria: pd.DataFrame, *, lang: str = "vi",
                   criterion_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """``criterion_results`` output with readable headers, statuses and, when given, names.

    Args:
        criteria: ``ntm.scoring.criterion_results`` output.
        lang: "vi" (default) or "en".
        criterion_names: criterion code → name (e.g. ``CriteriaSet.criterion_name``), shown in a
            "Tên tiêu chí" column after the code.
    """
    frame = criteria.copy()
    if criterion_names is not None:
        frame.insert(list(frame.columns).index("criterion") + 1, "criterion_name",
                     frame["criterion"].astype(object).map(lambda c: criterion_names.get(str(c), "")))
    if "basis" in frame:
        frame["basis"] = frame["basis"].astype(object).map(
            lambda b: _pick(_BASIS[b], lang) if b in _BASIS else b)
    return _table(frame, CRITERION_HEADERS, lang)


def gaps_table(gaps: pd.DataFrame, *, lang: str = "vi") -> pd.DataFrame:
    """``indicator_gaps`` output with readable headers: name and note in ``lang``; comparator and
    parsed target (internal) left out."""
    frame = gaps.drop(columns=[c for c in ("comparator", "target_num") if c in gaps.columns]).copy()
    for base, vi, en in (("name", "name_vi", "name_en"), ("note", "note", "note_en")):
        if vi in frame or en in frame:
            chosen = frame[en] if lang == "en" and en in frame else frame[vi] if vi in frame else frame[en]
            frame = frame.drop(columns=[c for c in (vi, en) if c in frame.columns]).assign(**{base: chosen})
    return _table(frame, GAP_HEADERS, lang)
