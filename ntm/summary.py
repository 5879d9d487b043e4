"""The summary paragraph officials paste into their reports, written from one score record.

The style is the seed report's (Khánh Bình, 2023): two bullets, counts zero-padded, ratios with a
decimal comma, lists "1; 15 và 17". ``summary_figures`` says which figures a report about a record
must state (the single source of truth for the writer here and for ``ntm.summary_check``), and
``write_summary`` renders them in Vietnamese or English.

A score record is any Mapping (a dict, a pandas Series) with the keys scoring produces:
``criteria_met``, ``criteria_total``, ``indicators_met``, ``indicators_total`` (indicator fields may
be None: criterion-level-only data), ``unmet_criteria``, ``unmet_indicators``,
``criteria_basically_met``, ``missing_indicators``, ``not_applicable``, ``criteria_set`` and the
place/year keys. Nothing here reads a file.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from ntm.text import code_sort_key, criterion_of, fold, normalize_code
from ntm.vnformat import format_count, format_pct, ratio_pct

BASIC = "basic"
ADVANCED = "advanced"
MODEL = "model"

_ADVANCED_SET = re.compile(r"(?<![a-z])nc(?![a-z])|nang[-_ ]?cao")
_MODEL_SET = re.compile(r"(?<![a-z])km(?![a-z])|kieu[-_ ]?mau")

_HEADINGS = {
    (BASIC, "vi"): "* Về xã nông thôn mới:",
    (ADVANCED, "vi"): "* Về xã nông thôn mới nâng cao:",
    (MODEL, "vi"): "* Về xã nông thôn mới kiểu mẫu:",
    (BASIC, "en"): "* New rural development commune:",
    (ADVANCED, "en"): "* Advanced new rural development commune:",
    (MODEL, "en"): "* Model new rural development commune:",
}


def set_level(criteria_set: object) -> str:
    """The level a criteria set id assesses: "advanced" (nâng cao), "model" (kiểu mẫu) or "basic".

    >>> set_level("ntm-nc-2021"), set_level("ntm-2021"), set_level(None)
    ('advanced', 'basic', 'basic')
    """
    key = fold(criteria_set)
    if _ADVANCED_SET.search(key):
        return ADVANCED
    if _MODEL_SET.search(key):
        return MODEL
    return BASIC


def default_heading(criteria_set: object, lang: str = "vi") -> str:
    """The section heading a report uses for a set's level: "* Về xã nông thôn mới nâng cao:"."""
    return _HEADINGS[(set_level(criteria_set), "en" if lang == "en" else "vi")]


@dataclass(frozen=True)
class SummaryFigures:
    """What a written summary of one score record must state.

    Lists are normalised codes in numeric order. Unmet lists are complete: basically-met criteria
    (they count as not met) and indicators with missing data (not met, and flagged) are in them,
    and so is the criterion of every missing indicator (DESIGN rule 1: an incomplete criterion is
    not met). Percentages are ``ratio_pct`` of the counts (DESIGN rule 3).

    Attributes:
        indicators_total: None for criterion-level-only data; every indicator field is then None.
        basically_met_criteria: the basically-met criteria when the record names them.
        basically_met_count: how many criteria are basically met (named or only counted).
    """

    criteria_met: int | None
    criteria_total: int | None
    criteria_pct: float | None
    indicators_met: int | None
    indicators_total: int | None
    indicators_pct: float | None
    unmet_criteria: tuple[str, ...]
    unmet_indicators: tuple[str, ...] | None
    basically_met_criteria: tuple[str, ...] = ()
    basically_met_count: int = 0
    not_applicable_criteria: tuple[str, ...] = ()
    not_applicable_indicators: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def has_indicators(self) -> bool:
        """False for criterion-level-only data."""
        return self.indicators_total is not None

    @property
    def unnamed_criteria(self) -> int:
        """Unmet criteria the record counts but does not name: total − met − listed, at least 0."""
        return _unnamed(self.unmet_criteria, self.criteria_met, self.criteria_total)

    @property
    def unnamed_indicators(self) -> int:
        """As ``unnamed_criteria``, for indicators: e.g. a partial file of a set whose indicator
        list the catalog does not know, where absent indicators cannot be named as missing."""
        return _unnamed(self.unmet_indicators or (), self.indicators_met, self.indicators_total)

    @property
    def unmet_criteria_count(self) -> int:
        """How many criteria are not met: the listed ones plus the unnamed ones."""
        return len(self.unmet_criteria) + self.unnamed_criteria

    @property
    def unmet_indicators_count(self) -> int | None:
        """As ``unmet_criteria_count``, for indicators (None without indicator data)."""
        if not self.has_indicators:
            return None
        return len(self.unmet_indicators or ()) + self.unnamed_indicators


def _unnamed(listed: tuple[str, ...], met: int | None, total: int | None) -> int:
    if met is None or total is None:
        return 0
    return max(total - met - len(listed), 0)


def _absent(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _count(value: object) -> int | None:
    return None if _absent(value) else int(value)


def _codes(value: object) -> tuple[str, ...]:
    """Normalised, de-duplicated, numerically sorted codes from a list (or a "1; 15; 17" string)."""
    if _absent(value):
        return ()
    if isinstance(value, str):
        value = re.split(r"\s*;\s*|,\s+|\s+", value.strip())
    elif not isinstance(value, Iterable):
        value = [value]
    codes = {normalize_code(v) for v in value}
    codes.discard("")
    return tuple(sorted(codes, key=code_sort_key))


def _pct(met: int | None, total: int | None) -> float | None:
    if met is None or total is None or total <= 0:
        return None
    return float(ratio_pct(met, total))


def summary_figures(score: Mapping) -> SummaryFigures:
    """The figures a summary of ``score`` states (see ``SummaryFigures``).

    Args:
        score: one score record (dict, pandas Series or any Mapping).

    Returns:
        SummaryFigures, with codes normalised and sorted.

    Raises:
        ValueError: when the record has no ``criteria_met``/``criteria_total`` (a scoring bug).
    """
    criteria_met = _count(score.get("criteria_met"))
    criteria_total = _count(score.get("criteria_total"))
    if criteria_met is None or criteria_total is None:
        raise ValueError("a score record needs criteria_met and criteria_total")
    indicators_total = _count(score.get("indicators_total"))
    indicators_met = _count(score.get("indicators_met")) if indicators_total is not None else None

    basically = score.get("criteria_basically_met")
    if _absent(basically) or isinstance(basically, numbers.Number):  # numpy ints included
        basically_codes: tuple[str, ...] = ()
        basically_count = 0 if _absent(basically) else int(basically)
    else:
        basically_codes = _codes(basically)
        basically_count = len(basically_codes)

    missing = _codes(score.get("missing_indicators"))
    not_applicable = _codes(score.get("not_applicable"))
    na_criteria = tuple(c for c in not_applicable if "." not in c)
    na_indicators = tuple(
        c for c in not_applicable if "." in c and criterion_of(c) not in na_criteria
    )

    unmet_criteria = set(_codes(score.get("unmet_criteria"))) | set(basically_codes)
    unmet_criteria |= {criterion_of(c) for c in missing}
    if indicators_total is not None:
        unmet_indicators: tuple[str, ...] | None = _codes(
            [*_codes(score.get("unmet_indicators")), *missing]
        )
    else:
        unmet_indicators = None

    return SummaryFigures(
        criteria_met=criteria_met,
        criteria_total=criteria_total,
        criteria_pct=_pct(criteria_met, criteria_total),
        indicators_met=indicators_met,
        indicators_total=indicators_total,
        indicators_pct=_pct(indicators_met, indicators_total),
        unmet_criteria=tuple(sorted(unmet_criteria, key=code_sort_key)),
        unmet_indicators=unmet_indicators,
        basically_met_criteria=basically_codes,
        basically_met_count=basically_count,
        not_applicable_criteria=na_criteria,
        not_applicable_indicators=na_indicators,
        missing=missing,
    )


def join_codes(codes: Iterable[str], lang: str = "vi") -> str:
    """A list the way reports write it: "1; 15 và 17" (English: "1, 15 and 17")."""
    codes = list(codes)
    sep, last = (", ", " and ") if lang == "en" else ("; ", " và ")
    if len(codes) <= 1:
        return "".join(codes)
    return sep.join(codes[:-1]) + last + codes[-1]


def write_summary(score: Mapping, *, heading: str | None = None, lang: str = "vi") -> str:
    """The summary paragraph of one score record, in the seed report's style.

    The first bullet states the criteria (and indicators) met with their ratios; the second the
    unmet ones, listed (or "Đã đạt đủ 19/19 tiêu chí" when none is unmet); further bullets name
    not-applicable items (left out of the totals) and indicators whose data must still be
    collected. Criterion-level-only data gets no indicator sentence. The writer does not repair
    an inconsistent record: ``ntm.summary_check.check_summary`` flags what it writes.

    Args:
        score: one score record (dict, pandas Series or any Mapping; see the module docstring).
        heading: a first line written as given, e.g. ``default_heading(score["criteria_set"])``.
        lang: "vi" (default) or "en".

    Returns:
        The paragraph, lines separated by "\\n", no trailing newline.

    Example:
        >>> print(write_summary({
        ...     "criteria_met": 16, "criteria_total": 19, "indicators_met": 51,
        ...     "indicators_total": 57, "unmet_criteria": ["1", "15", "17"],
        ...     "unmet_indicators": ["1.1", "1.2", "15.1", "17.2", "17.7", "17.11"]}))
        - Số tiêu chí đạt: 16/19 tiêu chí, chiếm tỷ lệ 84,21%; số chỉ tiêu đạt: 51/57 chỉ tiêu, chiếm tỷ lệ 89,47%.
        - Số tiêu chí chưa đạt: 03 tiêu chí gồm: tiêu chí số 1; 15 và 17. Số chỉ tiêu chưa đạt: 06 chỉ tiêu gồm: 1.1; 1.2; 15.1; 17.2; 17.7 và 17.11.
    """  # noqa: E501
    figures = summary_figures(score)
    lines = [heading.strip()] if heading and heading.strip() else []
    lines += _lines_en(figures) if lang == "en" else _lines_vi(figures)
    return "\n".join(lines)


def _unmet_vi(count: int, noun: str, codes: tuple[str, ...], unnamed: int, prefix: str = "") -> str:
    """ "03 tiêu chí gồm: tiêu chí số 1; 15 và 17", naming what the record cannot as a count."""
    text = f"{format_count(count)} {noun}"
    items = list(codes)
    if unnamed:
        if not items:
            return text + ", đều chưa có số liệu"
        items.append(f"{format_count(unnamed)} {noun} khác chưa có số liệu")
    return text + (f" gồm: {prefix}{join_codes(items)}" if items else "")


def _lines_vi(f: SummaryFigures) -> list[str]:
    def ratio(pct: float | None) -> str:
        return f", chiếm tỷ lệ {format_pct(pct)}" if pct is not None else ""

    met = f"- Số tiêu chí đạt: {f.criteria_met}/{f.criteria_total} tiêu chí{ratio(f.criteria_pct)}"
    if f.has_indicators:
        met += (f"; số chỉ tiêu đạt: {f.indicators_met}/{f.indicators_total} chỉ tiêu"
                f"{ratio(f.indicators_pct)}")
    lines = [met + "."]

    unmet_ind = f.unmet_indicators_count or 0
    if f.unmet_criteria_count:
        text = "- Số tiêu chí chưa đạt: " + _unmet_vi(
            f.unmet_criteria_count, "tiêu chí", f.unmet_criteria, f.unnamed_criteria, "tiêu chí số ")
        if f.basically_met_criteria:
            text += f", trong đó tiêu chí số {join_codes(f.basically_met_criteria)} cơ bản đạt"
        elif f.basically_met_count:
            text += f", trong đó {format_count(f.basically_met_count)} tiêu chí cơ bản đạt"
        text += "."
    else:
        text = f"- Đã đạt đủ {f.criteria_met}/{f.criteria_total} tiêu chí"
        if f.has_indicators and not unmet_ind:
            text += f" và {f.indicators_met}/{f.indicators_total} chỉ tiêu"
        text += "."
    if unmet_ind:
        text += " Số chỉ tiêu chưa đạt: " + _unmet_vi(
            unmet_ind, "chỉ tiêu", f.unmet_indicators or (), f.unnamed_indicators) + "."
    lines.append(text)

    if f.not_applicable_criteria or f.not_applicable_indicators:
        parts = []
        if f.not_applicable_criteria:
            parts.append(f"tiêu chí số {join_codes(f.not_applicable_criteria)}")
        if f.not_applicable_indicators:
            parts.append(f"chỉ tiêu {join_codes(f.not_applicable_indicators)}")
        lines.append(f"- Không tính vào tổng số do không áp dụng: {'; '.join(parts)}.")
    unnamed = f.unnamed_indicators if f.has_indicators else f.unnamed_criteria
    if f.missing or unnamed:
        noun = "chỉ tiêu" if f.has_indicators else "tiêu chí"
        items = [*f.missing, f"{format_count(unnamed)} {noun} khác"] if f.missing and unnamed \
            else list(f.missing)
        listing = f": {join_codes(items)}" if items else ""
        lines.append(f"- Còn {format_count(len(f.missing) + unnamed)} {noun} chưa có số liệu, "
                     f"cần thu thập thêm{listing}.")
    return lines


def _pct_en(pct: float) -> str:
    return format_pct(pct).replace(",", ".")


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _unmet_en(codes: tuple[str, ...], unnamed: int, noun: str = "") -> str:
    """ " (criteria 1, 15 and 17)", naming what the record cannot as a count."""
    items = list(codes)
    if unnamed:
        if not items:
            return ", all without data"
        items.append(f"{unnamed} others without data")
    return f" ({noun}{join_codes(items, 'en')})" if items else ""


def _lines_en(f: SummaryFigures) -> list[str]:
    def ratio(pct: float | None) -> str:
        return f" ({_pct_en(pct)})" if pct is not None else ""

    met = f"- Criteria met: {f.criteria_met}/{f.criteria_total}{ratio(f.criteria_pct)}"
    if f.has_indicators:
        met += f"; indicators met: {f.indicators_met}/{f.indicators_total}{ratio(f.indicators_pct)}"
    lines = [met + "."]

    unmet_ind = f.unmet_indicators_count or 0
    if f.unmet_criteria_count:
        noun = _plural(len(f.unmet_criteria), "criterion ", "criteria ")
        text = (f"- Criteria not met: {f.unmet_criteria_count}"
                f"{_unmet_en(f.unmet_criteria, f.unnamed_criteria, noun)}")
        if f.basically_met_criteria:
            n = len(f.basically_met_criteria)
            text += (f", of which {_plural(n, 'criterion', 'criteria')} "
                     f"{join_codes(f.basically_met_criteria, 'en')} {_plural(n, 'is', 'are')} "
                     f"basically met")
        elif f.basically_met_count:
            text += f", of which {f.basically_met_count} basically met"
        text += "."
    else:
        text = f"- All {f.criteria_met}/{f.criteria_total} criteria"
        if f.has_indicators and not unmet_ind:
            text += f" and {f.indicators_met}/{f.indicators_total} indicators"
        text += " are met."
    if unmet_ind:
        text += (f" Indicators not met: {unmet_ind}"
                 f"{_unmet_en(f.unmet_indicators or (), f.unnamed_indicators)}.")
    lines.append(text)

    if f.not_applicable_criteria or f.not_applicable_indicators:
        parts = []
        if f.not_applicable_criteria:
            n = len(f.not_applicable_criteria)
            parts.append(f"{_plural(n, 'criterion', 'criteria')} "
                         f"{join_codes(f.not_applicable_criteria, 'en')}")
        if f.not_applicable_indicators:
            n = len(f.not_applicable_indicators)
            parts.append(f"{_plural(n, 'indicator', 'indicators')} "
                         f"{join_codes(f.not_applicable_indicators, 'en')}")
        lines.append(f"- Not applicable, left out of the totals: {'; '.join(parts)}.")
    unnamed = f.unnamed_indicators if f.has_indicators else f.unnamed_criteria
    if f.missing or unnamed:
        n = len(f.missing) + unnamed
        noun = (_plural(n, "indicator", "indicators") if f.has_indicators
                else _plural(n, "criterion", "criteria"))
        items = [*f.missing, f"{unnamed} others"] if f.missing and unnamed else list(f.missing)
        listing = f": {join_codes(items, 'en')}" if items else ""
        lines.append(f"- {n} {noun} {_plural(n, 'has', 'have')} no data yet and must be "
                     f"collected{listing}.")
    return lines
