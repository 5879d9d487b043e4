"""Checking one data row: it becomes a tidy row, or it is rejected with every reason why.

Everything here looks at a single ``Entry``; checks that compare rows (duplicates, indicators
missing from an assessment, criterion rows against their indicator rows) are in ``checks``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pandas as pd

from ntm.catalog import Catalog, CriteriaSet
from ntm.loaders.base import Entry, cell_text
from ntm.schema import ERROR, WARNING, Problem
from ntm.statuses import LABELS_VI, MET, MISSING, NOT_MET, parse_status
from ntm.targets import parse_target, reaches
from ntm.text import code_sort_key, criterion_of, is_blank, normalize_code, parse_number

YEAR_MIN, YEAR_MAX = 1990, 2100
_SPACES = re.compile(r"\s+")
_ACCEPTED_STATUS = "Đạt, Cơ bản đạt, Chưa đạt, Không áp dụng (hoặc Đ, x, CBĐ, CĐ, Không đạt, KAD, N/A)"
_ACCEPTED_STATUS_EN = "Đạt, Cơ bản đạt, Chưa đạt, Không áp dụng (or Đ, x, CBĐ, CĐ, Không đạt, KAD, N/A)"


@dataclass
class CheckedRow:
    """One entry after the single-row checks.

    Attributes:
        entry: the row as read.
        record: its tidy row (``RESULT_COLUMNS``), or None when it is rejected.
        problems: errors (which reject it) and warnings about it.
        criteria_set: the set it names, when known.
        code: its normalised indicator code ("" when blank).
        criterion_level: True for a criterion-level result (indicator NA).
        outside_catalog: True when its code is not in the (incomplete) set's indicator list.
    """

    entry: Entry
    record: dict | None = None
    problems: list[Problem] = field(default_factory=list)
    criteria_set: CriteriaSet | None = None
    code: str = ""
    criterion_level: bool = False
    outside_catalog: bool = False

    @property
    def rejected(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    def problem(self, severity: str, code: str, field_name: str, vi: str, en: str,
                value: object = None) -> None:
        """Record a problem placed at this row and the column of ``field_name``."""
        shown = self.entry.cells.get(field_name, "") if value is None else value
        self.problems.append(Problem(severity, code, vi, en, sheet=self.entry.sheet, row=self.entry.row,
                                     column=self.entry.label(field_name), value=cell_text(shown) or None))


def check_row(entry: Entry, catalog: Catalog, file_name: str) -> CheckedRow:
    """The single-row checks of DESIGN's problems table, all of them, in one pass."""
    checked = CheckedRow(entry)
    cells = entry.cells
    commune = _name(cells.get("commune"))
    if not commune:
        checked.problem(ERROR, "missing-commune", "commune",
                        f"Dòng {entry.row} chưa có tên xã. Hãy ghi tên xã vào cột '{entry.label('commune')}'.",
                        f"Row {entry.row} has no commune. Write the commune's name in the "
                        f"'{entry.label('commune')}' column.")
    year = _year(cells.get("year"))
    if year is None:
        checked.problem(ERROR, "bad-year", "year",
                        f"Năm '{cell_text(cells.get('year'))}' không hợp lệ: hãy ghi năm đánh giá là một số "
                        f"nguyên từ {YEAR_MIN} đến {YEAR_MAX}, ví dụ 2023.",
                        f"Year '{cell_text(cells.get('year'))}' is not valid: write the assessment year as "
                        f"a whole number from {YEAR_MIN} to {YEAR_MAX}, e.g. 2023.")
    criteria_set = _criteria_set(checked, catalog)
    checked.code = code = normalize_code(cells.get("code"))
    if not code:
        checked.problem(ERROR, "missing-code", "code",
                        f"Dòng {entry.row} chưa có mã chỉ tiêu. Hãy ghi mã như \"1.1\", \"17.10\", hoặc số "
                        "tiêu chí (\"5\", \"17\") cho kết quả cấp tiêu chí.",
                        f"Row {entry.row} has no indicator code. Write a code such as \"1.1\" or \"17.10\", "
                        "or the criterion number (\"5\", \"17\") for a criterion-level result.")
    status = _status(checked)
    indicator = _indicator(checked, criteria_set, code) if criteria_set is not None and code else None
    if checked.rejected:
        return checked
    value = cell_text(cells.get("value"))
    value_num = parse_number(cells.get("value"))
    target = cell_text(cells.get("target"))
    checked.record = {
        "province": _name(cells.get("province")) or pd.NA,
        "district": _name(cells.get("district")) or pd.NA,
        "commune": commune,
        "commune_code": _name(cells.get("commune_code")) or pd.NA,
        "year": year,
        "criteria_set": criteria_set.id,
        "criterion": criterion_of(code),
        "indicator": pd.NA if checked.criterion_level else indicator,
        "value": value or pd.NA,
        "value_num": pd.NA if value_num is None else value_num,
        "target": target or pd.NA,
        "status": status,
        "note": cell_text(cells.get("note")) or pd.NA,
        "source": f"{file_name}:{entry.sheet}:{entry.row}",
    }
    if not checked.criterion_level and value_num is not None:
        _check_value_against_target(checked, criteria_set, code, status, value_num, target)
    return checked


def _name(value: object) -> str:
    """A name or code cell as NFC text with single spaces."""
    return _SPACES.sub(" ", cell_text(value))


def _year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\d{4}", cell_text(value)):
        year = int(cell_text(value))
    else:
        return None
    return year if YEAR_MIN <= year <= YEAR_MAX else None


def _criteria_set(checked: CheckedRow, catalog: Catalog) -> CriteriaSet | None:
    raw = checked.entry.cells.get("criteria_set")
    set_id = None if is_blank(raw) else catalog.resolve(raw)
    if set_id is None:
        known = "; ".join(s.label for s in catalog)
        what = f"'{cell_text(raw)}' không phải là bộ tiêu chí đã biết" if not is_blank(raw) else "Chưa ghi bộ tiêu chí"
        what_en = f"'{cell_text(raw)}' is not a known criteria set" if not is_blank(raw) else "No criteria set given"
        checked.problem(ERROR, "unknown-set", "criteria_set",
                        f"{what}. Hãy ghi một trong: {known} — hoặc tải lên bộ tiêu chí của tỉnh.",
                        f"{what_en}. Write one of: {known} — or upload your province's set.")
        return None
    checked.criteria_set = catalog.get(set_id)
    return checked.criteria_set


def _status(checked: CheckedRow) -> str:
    raw = checked.entry.cells.get("status")
    status = parse_status(raw)
    if status is None:
        checked.problem(ERROR, "bad-status", "status",
                        f"Đánh giá '{cell_text(raw)}' không đọc được. Hãy ghi một trong: {_ACCEPTED_STATUS}; "
                        "để trống nếu chưa đánh giá.",
                        f"Status '{cell_text(raw)}' is not a status word. Write one of: {_ACCEPTED_STATUS_EN}; "
                        "leave it blank if not assessed yet.")
        return MISSING
    if status == MISSING:
        checked.problem(WARNING, "missing-status", "status",
                        "Chưa có đánh giá: chỉ tiêu được tính là 'chưa có dữ liệu' (không được tính là đạt). "
                        "Hãy ghi Đạt, Cơ bản đạt, Chưa đạt hoặc Không áp dụng.",
                        "No status: the indicator counts as 'no data' (not counted as met). Write Đạt, Cơ bản đạt, "
                        "Chưa đạt or Không áp dụng.")
    return status


def _indicator(checked: CheckedRow, criteria_set: CriteriaSet, code: str) -> str | None:
    """The indicator a code names in ``criteria_set`` (None for a criterion-level result)."""
    criterion = criterion_of(code)
    if criterion not in criteria_set.criterion_codes:
        criteria = ", ".join(criteria_set.criterion_codes)
        checked.problem(ERROR, "criterion-mismatch", "code",
                        f"Mã '{code}' thuộc tiêu chí {criterion}, nhưng bộ {criteria_set.label} chỉ có các "
                        f"tiêu chí {criteria}. Hãy kiểm tra lại mã hoặc bộ tiêu chí của dòng này.",
                        f"Code '{code}' belongs to criterion {criterion}, but {criteria_set.label} only has "
                        f"criteria {criteria}. Check this row's code or criteria set.")
        return None
    if code in criteria_set.indicator_codes:
        return code
    if "." not in code:
        checked.criterion_level = True
        return None
    if criteria_set.indicators_complete:
        nearest = ", ".join(nearest_codes(code, criteria_set))
        checked.problem(ERROR, "unknown-indicator", "code",
                        f"Bộ {criteria_set.label} không có chỉ tiêu '{code}'. Mã gần nhất: {nearest}. "
                        "Hãy sửa mã (ghi dạng chữ, ví dụ \"17.10\").",
                        f"{criteria_set.label} has no indicator '{code}'. Nearest codes: {nearest}. "
                        "Correct the code (as text, e.g. \"17.10\").")
        return None
    checked.outside_catalog = True
    return code


def nearest_codes(code: str, criteria_set: CriteriaSet, n: int = 3) -> list[str]:
    """Known codes most like ``code``, preferring those of the same criterion."""
    same = [c for c in criteria_set.indicator_codes if criterion_of(c) == criterion_of(code)]
    pool = same or sorted(criteria_set.indicator_codes, key=code_sort_key)
    close = difflib.get_close_matches(code, pool, n=n, cutoff=0)
    return sorted(close, key=code_sort_key)


def _check_value_against_target(checked: CheckedRow, criteria_set: CriteriaSet, code: str, status: str,
                                value_num: float, target: str) -> None:
    """DESIGN rule 5: warn when a reported Đạt/Chưa đạt disagrees with the numbers."""
    if status not in (MET, NOT_MET):
        return
    catalog_row = criteria_set.indicators[criteria_set.indicators["indicator"] == code]
    comparator = str(catalog_row["comparator"].iat[0]) if not catalog_row.empty else ""
    if not target and not catalog_row.empty:
        target = str(catalog_row["target"].iat[0])
        if comparator and comparator != "=" and target:
            target = f"{comparator} {target}"
    parsed = parse_target(target, comparator)
    if parsed is None or reaches(value_num, *parsed) == (status == MET):
        return
    value = cell_text(checked.entry.cells.get("value"))
    if status == MET:
        vi = f"Đánh giá 'Đạt' nhưng kết quả {value} chưa đạt mức {target}"
        en = f"Reported Đạt, but the result {value} does not reach the target {target}"
    else:
        vi = f"Đánh giá '{LABELS_VI[status]}' nhưng kết quả {value} đã đạt mức {target}"
        en = f"Reported Chưa đạt, but the result {value} reaches the target {target}"
    checked.problem(WARNING, "status-value-disagreement", "status",
                    f"{vi}. Đánh giá ghi trong tệp vẫn được dùng; hãy kiểm tra lại kết quả, mức đạt chuẩn "
                    "hoặc đánh giá.",
                    f"{en}. The reported status is kept; check the result, the target or the status.")
