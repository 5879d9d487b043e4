"""Checks that compare rows: duplicates, each assessment against its criteria set, and an official
form's criterion rows against their indicator rows.

An assessment is one commune, one year, one set (``ntm.schema.ASSESSMENT_KEYS``). These checks
run after the single-row checks (``rows``), on the rows that passed them, in file order.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from ntm.loaders.base import CriterionMark, cell_text
from ntm.loaders.rows import CheckedRow
from ntm.schema import ASSESSMENT_KEYS, ERROR, WARNING, Problem
from ntm.statuses import BASICALLY_MET, LABELS_VI, MET, NOT_APPLICABLE, NOT_MET, parse_status
from ntm.text import code_sort_key, criterion_of


def check_across_rows(rows: list[CheckedRow]) -> None:
    """Reject repeated results and add the per-assessment warnings, on ``rows`` in place."""
    keys = {id(row): _assessment_key(row) for row in rows if row.record is not None}
    _reject_duplicates(rows, keys)
    assessments: dict[tuple, list[CheckedRow]] = defaultdict(list)
    for row in rows:
        if row.record is not None:
            assessments[keys[id(row)]].append(row)
    for members in assessments.values():
        _warn_outside_catalog(members)
        _warn_missing_indicators(members)
        _warn_criterion_rows(members)


def _assessment_key(row: CheckedRow) -> tuple:
    record = row.record
    return tuple(None if value is pd.NA else value for value in (record[k] for k in ASSESSMENT_KEYS))


def _describe(row: CheckedRow) -> tuple[str, str]:
    """"xã Khánh Bình, năm 2023, NTM 2021-2025" in Vietnamese and English."""
    record, label = row.record, row.criteria_set.label
    return (f"xã {record['commune']}, năm {record['year']}, {label}",
            f"commune {record['commune']}, year {record['year']}, {label}")


def _where(first: CheckedRow, row: CheckedRow) -> tuple[str, str]:
    if first.entry.sheet == row.entry.sheet:
        return f"dòng {first.entry.row}", f"row {first.entry.row}"
    return (f"dòng {first.entry.row} trang '{first.entry.sheet}'",
            f"row {first.entry.row} of sheet '{first.entry.sheet}'")


def _reject_duplicates(rows: list[CheckedRow], keys: dict[int, tuple]) -> None:
    first_seen: dict[tuple, CheckedRow] = {}
    for row in rows:
        if row.record is None:
            continue
        key = (keys[id(row)], row.code)
        first = first_seen.setdefault(key, row)
        if first is row:
            continue
        where_vi, where_en = _where(first, row)
        about_vi, about_en = _describe(row)
        row.problem(ERROR, "duplicate-result", "code",
                    f"Mã {row.code} ({about_vi}) đã có ở {where_vi}; dòng {row.entry.row} bị bỏ qua, "
                    f"{where_vi} được giữ. Hãy xóa một trong hai dòng {first.entry.row} và {row.entry.row}.",
                    f"Code {row.code} ({about_en}) is already given on {where_en}; row {row.entry.row} is "
                    f"skipped and {where_en} kept. Delete one of rows {first.entry.row} and {row.entry.row}.")
        row.record = None


def _warn_outside_catalog(members: list[CheckedRow]) -> None:
    outside = [row for row in members if row.outside_catalog]
    if not outside:
        return
    first = outside[0]
    codes = ", ".join(sorted({row.code for row in outside}, key=code_sort_key))
    about_vi, about_en = _describe(first)
    criteria_set = first.criteria_set
    first.problem(WARNING, "indicator-not-in-catalog", "code",
                  f"{about_vi}: các mã {codes} chưa có trong danh mục của bộ (danh mục mới biết "
                  f"{len(criteria_set.indicator_codes)}/{criteria_set.indicator_count or '?'} chỉ tiêu). "
                  "Các dòng vẫn được dùng; hãy kiểm tra mã theo văn bản của tỉnh.",
                  f"{about_en}: codes {codes} are not in the set's list (which knows "
                  f"{len(criteria_set.indicator_codes)} of {criteria_set.indicator_count or '?'} "
                  "indicators). The rows are kept; check the codes against your province's text.",
                  value=codes)


def _warn_missing_indicators(members: list[CheckedRow]) -> None:
    criteria_set = members[0].criteria_set
    indicator_rows = [row for row in members if not row.criterion_level]
    if not criteria_set.indicators_complete or not indicator_rows:
        return
    covered_criteria = {criterion_of(row.code) for row in members if row.criterion_level}
    present = {row.code for row in indicator_rows}
    missing = sorted((c for c in criteria_set.indicator_codes
                      if c not in present and criterion_of(c) not in covered_criteria), key=code_sort_key)
    if not missing:
        return
    first = members[0]
    codes = ", ".join(missing)
    about_vi, about_en = _describe(first)
    plural = "s" if len(missing) > 1 else ""
    first.problem(WARNING, "missing-indicator", "code",
                  f"{about_vi}: chưa có kết quả dùng được cho {len(missing)} chỉ tiêu: {codes}. Các chỉ tiêu "
                  "này được tính là 'chưa có dữ liệu' (không được tính là đạt). Hãy thêm một dòng cho mỗi "
                  "chỉ tiêu.",
                  f"{about_en}: no usable result for {len(missing)} indicator{plural}: {codes}. They count "
                  "as 'no data' (not counted as met). Add one row per indicator.",
                  value=codes)


def _warn_criterion_rows(members: list[CheckedRow]) -> None:
    """A criterion-level status that its own indicator rows contradict (DESIGN rule 1)."""
    criteria_set = members[0].criteria_set
    by_criterion: dict[str, list[CheckedRow]] = defaultdict(list)
    for row in members:
        if not row.criterion_level:
            by_criterion[criterion_of(row.code)].append(row)
    for row in members:
        indicators = by_criterion.get(row.code)
        status = row.record["status"]
        if not row.criterion_level or not indicators or status not in (MET, NOT_MET):
            continue
        statuses = {r.code: r.record["status"] for r in indicators}
        unmet = sorted((c for c, s in statuses.items() if s in (NOT_MET, BASICALLY_MET)), key=code_sort_key)
        if status == MET and unmet:
            vi = f"báo cáo tiêu chí {row.code} 'Đạt' nhưng các chỉ tiêu {', '.join(unmet)} chưa đạt"
            en = f"criterion {row.code} is reported met, but indicators {', '.join(unmet)} are not met"
        elif status == NOT_MET and _all_met(criteria_set, row.code, statuses):
            vi = f"báo cáo tiêu chí {row.code} '{LABELS_VI[NOT_MET]}' nhưng mọi chỉ tiêu của tiêu chí đều đạt"
            en = f"criterion {row.code} is reported not met, but all of its indicators are met"
        else:
            continue
        about_vi, about_en = _describe(row)
        row.problem(WARNING, "criterion-row-disagreement", "status",
                    f"{about_vi}: {vi}. Đánh giá của dòng tiêu chí vẫn được dùng; hãy kiểm tra lại.",
                    f"{about_en}: {en}. The criterion row's status is kept; check it.")


def _all_met(criteria_set, criterion: str, statuses: dict[str, str]) -> bool:
    """True when the set's full list for ``criterion`` is present and met (N/A aside)."""
    if not criteria_set.indicators_complete:
        return False
    expected = {c for c in criteria_set.indicator_codes if criterion_of(c) == criterion}
    applicable = [s for s in statuses.values() if s != NOT_APPLICABLE]
    return expected <= set(statuses) and bool(applicable) and all(s == MET for s in applicable)


def check_criterion_marks(marks: list[CriterionMark], rows: list[CheckedRow]) -> list[Problem]:
    """A form's criterion row against its own indicator rows (one assessment per sheet).

    "Đạt" while an indicator is not met, or "Chưa đạt" while every indicator listed is met, is
    a warning; the criterion row is not data, so nothing else changes.
    """
    if not marks:
        return []
    by_place: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in rows:
        if row.record is not None and not row.criterion_level:
            by_place[(row.entry.sheet, criterion_of(row.code))][row.code] = row.record["status"]
    problems = []
    for mark in marks:
        statuses = by_place.get((mark.sheet, mark.criterion))
        status = parse_status(mark.status)
        if not statuses or status not in (MET, NOT_MET):
            continue
        unmet = sorted((c for c, s in statuses.items() if s in (NOT_MET, BASICALLY_MET)), key=code_sort_key)
        applicable = [s for s in statuses.values() if s != NOT_APPLICABLE]
        if status == MET and unmet:
            vi = f"dòng tiêu chí {mark.criterion} ghi 'Đạt' nhưng các chỉ tiêu {', '.join(unmet)} chưa đạt"
            en = f"the criterion {mark.criterion} row says met, but indicators {', '.join(unmet)} are not met"
        elif status == NOT_MET and applicable and all(s == MET for s in applicable):
            vi = (f"dòng tiêu chí {mark.criterion} ghi '{LABELS_VI[NOT_MET]}' nhưng mọi chỉ tiêu của "
                  "tiêu chí đều đạt")
            en = f"the criterion {mark.criterion} row says not met, but all of its indicators are met"
        else:
            continue
        problems.append(Problem(
            WARNING, "criterion-row-disagreement",
            f"Trang '{mark.sheet}': {vi}. Điểm được tính từ các chỉ tiêu; hãy kiểm tra lại dòng tiêu chí.",
            f"Sheet '{mark.sheet}': {en}. Scores are computed from the indicators; check the criterion row.",
            sheet=mark.sheet, row=mark.row, column=mark.column, value=cell_text(mark.status) or None))
    return problems
