"""Checking a parsed report against its own arithmetic and against the data (DESIGN rule 9).

``check_summary`` reports every contradiction as a ``Finding``, in Vietnamese with an English twin;
``format_findings`` prints them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ntm.summary import set_level, summary_figures
from ntm.summary_check.parse import _KINDS, CRITERIA, INDICATORS, ReportedSummary, parse_summary
from ntm.text import criterion_of, fold
from ntm.vnformat import format_count, format_pct, ratio_pct

ERROR = "error"
WARNING = "warning"
_NOUN_VI = {CRITERIA: "tiêu chí", INDICATORS: "chỉ tiêu"}
_NOUN_EN = {CRITERIA: "criteria", INDICATORS: "indicators"}
_ONE_EN = {CRITERIA: "Criterion", INDICATORS: "Indicator"}


@dataclass(frozen=True)
class Finding:
    """One contradiction in a report.

    Attributes:
        severity: "error" (the figures cannot all be right) or "warning" (worth a look).
        code: stable identifier, e.g. "count-mismatch" (see ``check_summary``).
        section: the heading of the section it concerns ("" when the report has none).
        message: what contradicts what, in Vietnamese.
        message_en: the same in English.
        field: the figure concerned for comparisons with data ("indicators", "criteria_pct",
            "unmet_indicators", ...), "" otherwise.
    """

    severity: str
    code: str
    section: str
    message: str
    message_en: str
    field: str = ""



def _rounded(met: int, total: int, decimals: int, *, half_up: bool = True) -> Decimal:
    """met/total × 100 at ``decimals`` places, exactly: half-up, or truncated."""
    scale = 10 ** decimals
    if half_up:
        units = (met * 100 * scale * 2 + total) // (2 * total)
    else:
        units = met * 100 * scale // total
    return Decimal(units) / scale


def _decimals(pct_text: str) -> int:
    _, _, frac = pct_text.replace(",", ".").partition(".")
    return len(frac)


def _stated_pct(pct_text: str) -> Decimal:
    return Decimal(pct_text.replace(",", "."))


def _pct_vi(met: int, total: int) -> str:
    return format_pct(ratio_pct(met, total))


def _pct_en(met: int, total: int) -> str:
    return _pct_vi(met, total).replace(",", ".")


def _codes(codes: Iterable[str]) -> str:
    return "; ".join(codes)


def _listing(items: Iterable[str] | None, unnamed: int = 0, no_data: str = "") -> str:
    """": 1.1; 1.2" after a count of listed items ("" when the list is empty), with the items
    stated only as a number at the end ("; 33 chưa có số liệu")."""
    parts = list(items or ()) + ([f"{unnamed} {no_data}"] if unnamed else [])
    return f": {_codes(parts)}" if parts else ""


def _check_arithmetic(s: ReportedSummary, kind: str) -> list[Finding]:
    met, total, pct_text, count, items, unnamed = s.figures(kind)
    vi, en = _NOUN_VI[kind], _NOUN_EN[kind]
    listing = _listing(items, unnamed, "chưa có số liệu")
    listing_en = _listing(items, unnamed, "without data")
    found = []

    def add(severity, code, message, message_en):
        found.append(Finding(severity, code, s.heading, message, message_en))

    if met is not None and total is not None:
        if met > total:
            add(ERROR, "met-exceeds-total",
                f"Số {vi} đạt {met}/{total} lớn hơn tổng số {vi}.",
                f"{met}/{total} {en} met: more than the total.")
        elif total > 0 and pct_text is not None:
            stated, decimals = _stated_pct(pct_text), _decimals(pct_text)
            if stated != _rounded(met, total, decimals):
                if stated == _rounded(met, total, decimals, half_up=False):
                    add(WARNING, "ratio-rounding",
                        f"Tỷ lệ {vi} đạt ghi {pct_text}% là số bị cắt bớt chứ không làm tròn: "
                        f"{met}/{total} = {_pct_vi(met, total)}.",
                        f"The {en} ratio is written {pct_text}%, truncated instead of rounded: "
                        f"{met}/{total} = {_pct_en(met, total)}.")
                else:
                    add(ERROR, "ratio-mismatch",
                        f"Tỷ lệ {vi} đạt ghi {pct_text}% nhưng {met}/{total} = "
                        f"{_pct_vi(met, total)}.",
                        f"The {en} ratio is written {pct_text}% but {met}/{total} = "
                        f"{_pct_en(met, total)}.")

    listed = len(items or ()) + unnamed if items is not None or unnamed else None
    if met is not None and total is not None and total >= met:
        implied = total - met
        stated = count if count is not None else listed
        if stated is not None and stated != implied:
            head = f"{met}/{total} {vi} đạt nghĩa là {implied} {vi} chưa đạt, nhưng "
            head_en = f"{met}/{total} {en} met means {implied} not met, but "
            if listed is not None and listed == stated:
                word, word_en = ("chỉ", "only ") if listed < implied else ("lại", "")
                add(ERROR, "count-mismatch",
                    head + f"{word} liệt kê {listed}{listing}.",
                    head_en + f"{word_en}{listed} {'is' if listed == 1 else 'are'} listed"
                    f"{listing_en}.")
            else:
                add(ERROR, "count-mismatch",
                    head + f"báo cáo ghi {format_count(stated)} {vi} chưa đạt.",
                    head_en + f"the report says {format_count(stated)} are not met.")
    if count is not None and listed is not None and count != listed:
        add(ERROR, "list-count-mismatch",
            f"Báo cáo ghi {format_count(count)} {vi} chưa đạt nhưng liệt kê {listed}{listing}.",
            f"The report says {format_count(count)} {en} are not met but lists {listed}"
            f"{listing_en}.")
    for code, n in Counter(items or ()).items():
        if n > 1:
            add(WARNING, "list-duplicate",
                f"{vi.capitalize()} {code} được liệt kê {n} lần trong danh sách chưa đạt.",
                f"{_ONE_EN[kind]} {code} is listed {n} times among those not met.")
    return found


def _check_cross(s: ReportedSummary) -> list[Finding]:
    """Unmet indicators and unmet criteria must name each other (DESIGN rule 1)."""
    if s.unmet_criteria is None or s.unmet_indicators is None:
        return []
    criteria = list(dict.fromkeys(s.unmet_criteria))
    found = []
    by_criterion: dict[str, list[str]] = {}
    for code in s.unmet_indicators:
        by_criterion.setdefault(criterion_of(code), []).append(code)
    for criterion, codes in by_criterion.items():
        if criterion not in criteria:
            found.append(Finding(
                ERROR, "unmet-indicator-criterion-not-listed", s.heading,
                f"Chỉ tiêu {_codes(codes)} chưa đạt nên tiêu chí {criterion} cũng chưa đạt, "
                f"nhưng tiêu chí {criterion} không có trong danh sách tiêu chí chưa đạt: "
                f"{_codes(criteria) or '(trống)'}.",
                f"Indicator {_codes(codes)} not met, so criterion {criterion} is not met either, "
                f"but criterion {criterion} is not among the unmet criteria listed: "
                f"{_codes(criteria) or '(none)'}."))
    if s.unmet_indicators_unnamed:
        return found  # the indicator list says itself that it is partial
    for criterion in criteria:
        if criterion not in by_criterion:
            found.append(Finding(
                WARNING, "unmet-criterion-without-indicator", s.heading,
                f"Tiêu chí {criterion} ghi là chưa đạt nhưng không có chỉ tiêu nào của tiêu chí "
                f"này trong danh sách chỉ tiêu chưa đạt.",
                f"Criterion {criterion} is listed as not met but none of its indicators is "
                f"among the unmet indicators listed."))
    return found


def _records(scores) -> list[Mapping]:
    if isinstance(scores, Mapping):
        return [scores]
    if hasattr(scores, "iterrows"):  # a DataFrame of score records
        return [row for _, row in scores.iterrows()]
    return list(scores)


def _narrow(candidates: list[Mapping], keep) -> list[Mapping]:
    narrowed = [r for r in candidates if keep(r)]
    return narrowed or candidates


def _same_totals(s: ReportedSummary, record: Mapping) -> bool:
    f = summary_figures(record)
    return ((s.criteria_total is None or s.criteria_total == f.criteria_total)
            and (s.indicators_total is None or f.indicators_total is None
                 or s.indicators_total == f.indicators_total))


def _year(value: object) -> str:
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return ""


def _named_in(name: object, folded_text: str) -> bool:
    key = fold(name)
    return bool(key) and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded_text) is not None


def _match_record(s: ReportedSummary, records: list[Mapping], folded_text: str):
    """The record a section reports on, or a Finding saying why there is none."""
    if s.level is not None:
        candidates = [r for r in records if set_level(r.get("criteria_set")) == s.level]
    else:
        candidates = [r for r in records if _same_totals(s, r)]
    if len(candidates) > 1:
        candidates = _narrow(candidates, lambda r: _same_totals(s, r))
        candidates = _narrow(candidates, lambda r: _named_in(r.get("commune"), folded_text))
        candidates = _narrow(candidates, lambda r: _named_in(_year(r.get("year")), folded_text))
    if len(candidates) == 1:
        return candidates[0]
    where = f" ({s.heading})" if s.heading else ""
    if not candidates:
        return Finding(WARNING, "no-matching-record", s.heading,
                       f"Không tìm thấy dữ liệu ứng với phần báo cáo này{where} nên chưa đối chiếu.",
                       f"No score record matches this section{where}: not compared with data.")
    return Finding(WARNING, "ambiguous-record", s.heading,
                   f"{len(candidates)} bộ dữ liệu cùng khớp với phần báo cáo này{where} "
                   f"nên chưa đối chiếu; hãy chọn đúng xã và năm.",
                   f"{len(candidates)} score records match this section{where}: not compared "
                   f"with data; choose the commune and year.")


def _check_data(s: ReportedSummary, record: Mapping) -> list[Finding]:
    f = summary_figures(record)
    found = []

    def add(field, message, message_en):
        found.append(Finding(ERROR, "data-mismatch", s.heading, message, message_en, field))

    data = {
        CRITERIA: (f.criteria_met, f.criteria_total, f.unmet_criteria_count, f.unmet_criteria),
        INDICATORS: (f.indicators_met, f.indicators_total, f.unmet_indicators_count,
                     f.unmet_indicators),
    }
    not_applicable = set(f.not_applicable_criteria) | set(f.not_applicable_indicators)
    for kind, prefix in ((CRITERIA, "criteria"), (INDICATORS, "indicators")):
        met, total, pct_text, count, items, _ = s.figures(kind)
        d_met, d_total, d_count, d_items = data[kind]
        if d_total is None:
            continue  # criterion-level-only data: nothing to compare indicators with
        vi, en = _NOUN_VI[kind], _NOUN_EN[kind]
        if met is not None and (met, total) != (d_met, d_total):
            add(prefix, f"Báo cáo ghi {met}/{total} {vi} đạt, dữ liệu là {d_met}/{d_total}.",
                f"The report says {met}/{total} {en} met; the data says {d_met}/{d_total}.")
        if pct_text is not None and d_total > 0 and (
                _stated_pct(pct_text) != _rounded(d_met, d_total, _decimals(pct_text))):
            add(f"{prefix}_pct",
                f"Báo cáo ghi tỷ lệ {vi} đạt {pct_text}%, dữ liệu là "
                f"{_pct_vi(d_met, d_total)} ({d_met}/{d_total}).",
                f"The report says {pct_text}% of {en} met; the data says "
                f"{_pct_en(d_met, d_total)} ({d_met}/{d_total}).")
        if count is not None and count != d_count:
            add(f"unmet_{prefix}_count",
                f"Báo cáo ghi {format_count(count)} {vi} chưa đạt, dữ liệu có {d_count}.",
                f"The report says {format_count(count)} {en} not met; the data has {d_count}.")
        if items is not None and set(items) != set(d_items):
            left_out = [c for c in d_items if c not in set(items)]
            extra = [c for c in dict.fromkeys(items) if c not in set(d_items)]
            parts, parts_en = [], []
            if left_out:
                parts.append(f"dữ liệu có {_codes(left_out)} chưa đạt mà báo cáo không liệt kê")
                parts_en.append(f"the data has {_codes(left_out)} not met, the report leaves "
                                f"{'it' if len(left_out) == 1 else 'them'} out")
            for code in extra:
                status = "không áp dụng" if code in not_applicable else "đạt"
                parts.append(f"báo cáo liệt kê {code} nhưng dữ liệu ghi {status}")
                parts_en.append(f"the report lists {code} but the data says "
                                f"{'not applicable' if code in not_applicable else 'met'}")
            add(f"unmet_{prefix}",
                f"Danh sách {vi} chưa đạt khác dữ liệu: {'; '.join(parts)}.",
                f"The list of unmet {en} differs from the data: {'; '.join(parts_en)}.")
    return found


def check_summary(text: str, scores=None) -> list[Finding]:
    """Every contradiction in a written summary, within its text and against the data.

    Within each section: the stated ratio is ``ratio_pct(met, total)`` at the report's own
    precision (``ratio-mismatch``; a truncated ratio is the warning ``ratio-rounding``); met never
    exceeds the total (``met-exceeds-total``); met + unmet = total (``count-mismatch``); the
    stated unmet count equals the length of the list (``list-count-mismatch``, duplicates are
    the warning ``list-duplicate``); the criterion of every unmet indicator is listed as unmet
    (``unmet-indicator-criterion-not-listed``) and every unmet criterion has an unmet indicator
    listed (warning ``unmet-criterion-without-indicator``: an indicator list may be partial).

    Against data, each section is matched to a record (by level: a "nâng cao" heading ↔ a set id
    with "nc"; else by totals; then by the commune named and the year), and every figure or list
    that differs is a ``data-mismatch`` whose ``field`` says which. A section with no record, or
    several, gets the warning ``no-matching-record`` / ``ambiguous-record``; a text with no
    figures at all gets the warning ``nothing-found``.

    Args:
        text: the report (NFC or NFD).
        scores: score records (a list of Mappings, a DataFrame, or one Mapping), or None to check
            the text alone.

    Returns:
        Findings, section by section, in a stable order (empty when all is consistent).
    """
    sections = parse_summary(text)
    if not sections:
        return [Finding(WARNING, "nothing-found", "",
                        "Không tìm thấy số liệu tiêu chí, chỉ tiêu nào (dạng “16/19 tiêu chí”) "
                        "trong văn bản.",
                        "No criteria or indicator figures (such as “16/19 tiêu chí”) were found "
                        "in the text.")]
    records = _records(scores) if scores is not None else None
    folded_text = fold(text)
    findings: list[Finding] = []
    for section in sections:
        for kind in _KINDS:
            findings += _check_arithmetic(section, kind)
        findings += _check_cross(section)
        if records is not None:
            match = _match_record(section, records, folded_text)
            findings += [match] if isinstance(match, Finding) else _check_data(section, match)
    return findings


def format_findings(findings: Iterable[Finding], lang: str = "vi") -> str:
    """Findings as plain lines for the command line, with a closing count.

    >>> print(format_findings([], lang="en"))
    No inconsistencies found.
    """
    findings = list(findings)
    en = lang == "en"
    if not findings:
        return "No inconsistencies found." if en else "Không phát hiện mâu thuẫn nào."
    labels = {ERROR: "ERROR" if en else "LỖI", WARNING: "WARNING" if en else "CẢNH BÁO"}
    width = max(len(label) for label in labels.values())
    lines = []
    for f in findings:
        where = f"[{f.section}] " if f.section else ""
        lines.append(f"{labels[f.severity]:<{width}}  {f.code}: {where}"
                     f"{f.message_en if en else f.message}")
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    lines.append(f"{errors} error(s), {warnings} warning(s)." if en
                 else f"{errors} lỗi, {warnings} cảnh báo.")
    return "\n".join(lines)
