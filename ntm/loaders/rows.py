"""Checking one data row: it becomes a tidy row, or it is rejected with every reason why.

Everything here looks at a single ``Entry``; checks that compare rows (duplicates, indicators
missing from an assessment, criterion rows against their indicator rows) are in ``checks``.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

import pandas as pd

from ntm.catalog import Catalog, CriteriaSet
from ntm.loaders.base import Entry, cell_text
from ntm.loaders.groups import GROUP_COLUMN, INVALID, bad_group, parse_group
from ntm.schema import ERROR, WARNING, Problem
from ntm.statuses import LABELS_VI, MET, MISSING, NOT_MET, parse_status
from ntm.targets import parse_target, reaches
from ntm.text import code_sort_key, criterion_of, is_blank, normalize_code, parse_number

YEAR_MIN, YEAR_MAX = 1990, 2100
_SPACES = re.compile(r"\s+")
_CANONICAL_STATUS = "Đạt, Cơ bản đạt, Chưa đạt, Không áp dụng"
_ACCEPTED_STATUS = f"{_CANONICAL_STATUS} (hoặc Đ, x, CBĐ, CĐ, Không đạt, KAD, N/A)"
_ACCEPTED_STATUS_EN = f"{_CANONICAL_STATUS} (or Đ, x, CBĐ, CĐ, Không đạt, KAD, N/A)"
# Targets repeat as often as indicators: parse each (target, comparator) once.
_parse_target = functools.lru_cache(maxsize=4096)(parse_target)


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


@dataclass(frozen=True)
class CatalogTarget:
    """An indicator's target as the catalog has it, with how sure the catalog is of it."""

    comparator: str = ""
    target: str = ""
    confidence: str = ""


class RowChecker:
    """The single-row checks of DESIGN's problems table for one workbook, all of them, in one pass.

    The same cell values come back thousands of times in a province's workbook (commune names,
    set names, status words), so what each value parses to is remembered for the whole load.

    Args:
        catalog: the sets rows may name.
        file_name: the name written in each row's ``source``.
    """

    def __init__(self, catalog: Catalog, file_name: str) -> None:
        self.catalog = catalog
        self.file_name = file_name
        self._targets: dict[str, dict[str, CatalogTarget]] = {}
        self._names: dict = {}
        self._sets: dict = {}
        self._statuses: dict = {}
        self._codes: dict = {}
        self._numbers: dict = {}
        self._texts: dict = {}
        self._groups: dict = {}

    def catalog_target(self, criteria_set: CriteriaSet, code: str) -> CatalogTarget:
        """What the catalog says of ``code``'s target (all "" when it says nothing)."""
        if criteria_set.id not in self._targets:
            known = criteria_set.indicators
            rows = zip(known["comparator"], known["target"], known["confidence"])
            self._targets[criteria_set.id] = {code: CatalogTarget(*row) for code, row in
                                              zip(known["indicator"], rows)}
        return self._targets[criteria_set.id].get(code, CatalogTarget())

    def check(self, entry: Entry) -> CheckedRow:
        """``entry`` checked: its tidy row, or the errors that reject it, and its warnings."""
        checked = CheckedRow(entry)
        cells = entry.cells
        name = self._name
        commune = _commune(checked, name(cells.get("commune")))
        year = _year(checked)
        criteria_set = self._criteria_set(checked)
        code = _code(checked, self._cached(self._codes, cells.get("code"), normalize_code))
        status = _status(checked, self._cached(self._statuses, cells.get("status"), parse_status))
        group = self.group(checked)
        if entry.criterion_level:
            indicator = _criterion(checked, criteria_set, code) if criteria_set is not None and code else None
        else:
            indicator = _indicator(checked, criteria_set, code) if criteria_set is not None and code else None
        if checked.rejected:
            return checked
        text = self._text
        raw_value = cells.get("value")
        value_num = self._cached(self._numbers, raw_value, parse_number)
        target = text(cells.get("target"))
        known = CatalogTarget()
        if not checked.criterion_level and value_num is not None:
            known = self.catalog_target(criteria_set, code)
            value_num = _fraction_as_percent(checked, raw_value, value_num, target or known.target)
        checked.record = {
            "province": name(cells.get("province")) or pd.NA,
            "district": name(cells.get("district")) or pd.NA,
            "commune": commune,
            "commune_code": name(cells.get("commune_code")) or pd.NA,
            "year": year,
            "criteria_set": criteria_set.id,
            "criterion": criterion_of(code),
            "indicator": pd.NA if checked.criterion_level else indicator,
            "value": text(raw_value) or pd.NA,
            "value_num": pd.NA if value_num is None else value_num,
            "target": target or pd.NA,
            "status": status,
            "note": text(cells.get("note")) or pd.NA,
            "source": f"{self.file_name}:{entry.sheet}:{entry.row}",
            # Not a column of the tidy frame: the reader gathers it per assessment (``groups``).
            GROUP_COLUMN: pd.NA if group is None else group,
        }
        if not checked.criterion_level and value_num is not None:
            _check_value_against_target(checked, known, status, value_num, target)
        return checked

    def group(self, checked: CheckedRow) -> int | None:
        """The commune group the row's cell gives (None when blank or not a group, with a warning
        placed at the cell for the latter)."""
        raw = checked.entry.cells.get(GROUP_COLUMN)
        if raw is None:
            return None
        group = self._cached(self._groups, raw, parse_group)
        if group == INVALID:
            entry = checked.entry
            checked.problems.append(bad_group(entry.sheet, entry.row, entry.label(GROUP_COLUMN), raw))
            return None
        return group

    def status_problems(self, entry: Entry) -> tuple[str, list[Problem]]:
        """The status ``entry``'s status cell means, and the problems that cell alone gets."""
        checked = CheckedRow(entry)
        status = _status(checked, self._cached(self._statuses, entry.cells.get("status"), parse_status))
        return status, checked.problems

    def value_warns(self, checked: CheckedRow, status: str, raw_value: object) -> bool:
        """Whether ``raw_value`` as the result of an accepted row like ``checked`` (its set, code
        and target) with ``status`` would get a warning of its own (``fraction-read-as-percent``,
        ``status-value-disagreement``): the column-wise reader checks such rows one by one."""
        value_num = self._cached(self._numbers, raw_value, parse_number)
        if checked.criterion_level or value_num is None or checked.record is None:
            return False
        target = checked.record["target"]
        target = "" if target is pd.NA else target
        known = self.catalog_target(checked.criteria_set, checked.code)
        return (_fraction_applies(raw_value, value_num, target or known.target)
                or _disagreement(known, status, value_num, target) is not None)

    @staticmethod
    def _cached(cache: dict, value: object, parse):
        if value.__class__ is bool:  # True == 1 as a dict key, but "TRUE" is not "1"
            return parse(value)
        try:
            return cache[value]
        except KeyError:
            parsed = cache[value] = parse(value)
            return parsed
        except TypeError:  # an unhashable value: parse it every time
            return parse(value)

    def _name(self, value: object) -> str:
        return self._cached(self._names, value, name_text)

    def _text(self, value: object) -> str:
        return self._cached(self._texts, value, cell_text)

    def _criteria_set(self, checked: CheckedRow) -> CriteriaSet | None:
        raw = checked.entry.cells.get("criteria_set")
        found = self._cached(self._sets, raw, self._resolve_set)
        return _criteria_set(checked, self.catalog, raw, found)

    def _resolve_set(self, raw: object) -> CriteriaSet | None:
        set_id = None if is_blank(raw) else self.catalog.resolve(raw)
        return None if set_id is None else self.catalog.get(set_id)


def name_text(value: object) -> str:
    """A name or code cell as NFC text with single spaces."""
    return _SPACES.sub(" ", cell_text(value))


def _commune(checked: CheckedRow, commune: str) -> str:
    if not commune:
        row, column = checked.entry.row, checked.entry.label("commune")
        checked.problem(ERROR, "missing-commune", "commune",
                        f"Dòng {row} chưa có tên xã. Hãy ghi tên xã vào cột '{column}'.",
                        f"Row {row} has no commune. Write the commune's name in the '{column}' column.")
    return commune


def parse_year(value: object) -> int | None:
    """An assessment year from a cell (a whole number or 4 digits from ``YEAR_MIN`` to ``YEAR_MAX``)."""
    year = None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\d{4}", cell_text(value)):
        year = int(cell_text(value))
    return year if year is not None and YEAR_MIN <= year <= YEAR_MAX else None


def _year(checked: CheckedRow) -> int | None:
    value = checked.entry.cells.get("year")
    year = parse_year(value)
    if year is not None:
        return year
    shown = cell_text(value)
    checked.problem(ERROR, "bad-year", "year",
                    f"Năm '{shown}' không hợp lệ: hãy ghi năm đánh giá là một số nguyên từ {YEAR_MIN} "
                    f"đến {YEAR_MAX}, ví dụ 2023.",
                    f"Year '{shown}' is not valid: write the assessment year as a whole number from "
                    f"{YEAR_MIN} to {YEAR_MAX}, e.g. 2023.")
    return None


def _code(checked: CheckedRow, code: str) -> str:
    checked.code = code
    if not checked.code:
        row = checked.entry.row
        checked.problem(ERROR, "missing-code", "code",
                        f"Dòng {row} chưa có mã chỉ tiêu. Hãy ghi mã như \"1.1\", \"17.10\", hoặc số "
                        "tiêu chí (\"5\", \"17\") cho kết quả cấp tiêu chí.",
                        f"Row {row} has no indicator code. Write a code such as \"1.1\" or \"17.10\", or the "
                        "criterion number (\"5\", \"17\") for a criterion-level result.")
    return checked.code


def _criteria_set(checked: CheckedRow, catalog: Catalog, raw: object,
                  found: CriteriaSet | None) -> CriteriaSet | None:
    if found is None:
        known = "; ".join(s.label for s in catalog)
        if is_blank(raw):
            what, what_en = "Chưa ghi bộ tiêu chí", "No criteria set given"
        else:
            what = f"'{cell_text(raw)}' không phải là bộ tiêu chí đã biết"
            what_en = f"'{cell_text(raw)}' is not a known criteria set"
        checked.problem(ERROR, "unknown-set", "criteria_set",
                        f"{what}. Hãy ghi một trong: {known} — hoặc tải lên bộ tiêu chí của tỉnh.",
                        f"{what_en}. Write one of: {known} — or upload your province's set.")
        return None
    checked.criteria_set = found
    return found


def _status(checked: CheckedRow, status: str | None) -> str:
    raw = checked.entry.cells.get("status")
    if status is None:
        checked.problem(ERROR, "bad-status", "status",
                        f"Đánh giá '{cell_text(raw)}' không đọc được. Hãy ghi một trong: "
                        f"{_ACCEPTED_STATUS}; để trống nếu chưa đánh giá.",
                        f"Status '{cell_text(raw)}' is not a status word. Write one of: "
                        f"{_ACCEPTED_STATUS_EN}; leave it blank if not assessed yet.")
        return MISSING
    if status == MISSING and not checked.entry.quiet_blank:
        checked.problem(WARNING, "missing-status", "status",
                        "Chưa có đánh giá: chỉ tiêu được tính là 'chưa có dữ liệu' (không được tính là "
                        "đạt). Hãy ghi Đạt, Cơ bản đạt, Chưa đạt hoặc Không áp dụng.",
                        "No status: the indicator counts as 'no data' (not counted as met). Write Đạt, "
                        "Cơ bản đạt, Chưa đạt or Không áp dụng.")
    return status


def _criterion(checked: CheckedRow, criteria_set: CriteriaSet, code: str) -> None:
    """A whole criterion's result (a summary's cell): its code must be one of the set's criteria."""
    checked.criterion_level = True
    if code not in criteria_set.criterion_codes:
        criteria = ", ".join(criteria_set.criterion_codes)
        checked.problem(ERROR, "criterion-mismatch", "code",
                        f"Tiêu chí '{code}' không có trong bộ {criteria_set.label} (các tiêu chí: "
                        f"{criteria}). Hãy kiểm tra lại số tiêu chí ở dòng tiêu đề hoặc bộ tiêu chí.",
                        f"Criterion '{code}' is not in {criteria_set.label} (its criteria: {criteria}). "
                        "Check the criterion numbers in the header or the criteria set.")


def _fraction_as_percent(checked: CheckedRow, raw: object, value: float, target: str) -> float:
    """A result written as a fraction ("0,85", 0.85) for a percentage target ("≥ 90%"): 85.

    Only when the result has no % sign, lies in (0, 1] and the target is a percentage above 1;
    the reading is reported (``fraction-read-as-percent``), never silent.
    """
    if not _fraction_applies(raw, value, target):
        return value
    percent = round(value * 100, 9)
    shown = cell_text(raw)
    checked.problem(WARNING, "fraction-read-as-percent", "value",
                    f"Kết quả '{shown}' được hiểu là {percent:g}% vì chỉ tiêu tính theo phần trăm "
                    f"({target}). Nếu đúng, nên ghi rõ dạng phần trăm (ví dụ 85%).",
                    f"The result '{shown}' is read as {percent:g}% because the target is a percentage "
                    f"({target}). If that is right, better write it as a percentage (e.g. 85%).")
    return percent


def _fraction_applies(raw: object, value: float, target: str) -> bool:
    """A result in (0, 1] without a % sign, for a percentage target above 1."""
    if not 0 < value <= 1 or "%" not in target or "%" in cell_text(raw):
        return False
    parsed = parse_number(target)
    return parsed is not None and parsed > 1


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


def _check_value_against_target(checked: CheckedRow, known: CatalogTarget, status: str,
                                value_num: float, target: str) -> None:
    """DESIGN rule 5: warn when a reported Đạt/Chưa đạt disagrees with the numbers.

    The row's own target is used, else the catalog's (and the message says so, with the catalog's
    confidence: a recalled target is never presented as official). The catalog's comparator
    applies to a target written without one ("90%" under "≥" means at least 90%).
    """
    found = _disagreement(known, status, value_num, target)
    if found is None:
        return
    target, source_vi, source_en = found
    value = cell_text(checked.entry.cells.get("value"))
    if status == MET:
        vi = f"Đánh giá 'Đạt' nhưng kết quả {value} chưa đạt mức {target}{source_vi}"
        en = f"Reported Đạt, but the result {value} does not reach the target {target}{source_en}"
    else:
        vi = f"Đánh giá '{LABELS_VI[status]}' nhưng kết quả {value} đã đạt mức {target}{source_vi}"
        en = f"Reported Chưa đạt, but the result {value} reaches the target {target}{source_en}"
    checked.problem(WARNING, "status-value-disagreement", "status",
                    f"{vi}. Đánh giá ghi trong tệp vẫn được dùng; hãy kiểm tra lại kết quả, mức đạt chuẩn "
                    "hoặc đánh giá.",
                    f"{en}. The reported status is kept; check the result, the target or the status.")


def _disagreement(known: CatalogTarget, status: str, value_num: float,
                  target: str) -> tuple[str, str, str] | None:
    """(target shown, where it came from in Vietnamese and English) when a reported Đạt/Chưa đạt
    disagrees with ``value_num`` against the row's target, else the catalog's; None otherwise."""
    if status not in (MET, NOT_MET):
        return None
    source_vi = source_en = ""
    if not target and known.target:
        target = known.target if known.comparator in ("", "=") else f"{known.comparator} {known.target}"
        source_vi = f" (mức lấy từ danh mục của ứng dụng, độ tin cậy: {known.confidence or '?'})"
        source_en = f" (the app catalog's target, confidence: {known.confidence or '?'})"
    parsed = _parse_target(target, known.comparator)
    if parsed is None or reaches(value_num, *parsed) == (status == MET):
        return None
    return target, source_vi, source_en
