"""Checking a written summary against its own arithmetic and against the data (DESIGN rule 9).

``parse_summary`` reads what each section of a report states ("16/19 tiêu chí, chiếm tỷ lệ
84,21% … chưa đạt 06 chỉ tiêu gồm: 1.1; 1.2 …"), tolerant of how people really type: "68,42 %",
"84%", "13 14" without a semicolon, "; và", a missing colon, decomposed Unicode (NFD).
``check_summary`` reports every contradiction as a ``Finding``, in Vietnamese with an English twin.

Regexes run on a diacritics-folded copy of the text that keeps every character's position, so a
match there points at the same characters of the original.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ntm.summary import ADVANCED, BASIC, MODEL, set_level, summary_figures
from ntm.text import criterion_of, fold, nfc, normalize_code
from ntm.vnformat import format_count, format_pct, ratio_pct

ERROR = "error"
WARNING = "warning"

CRITERIA = "tieu chi"
INDICATORS = "chi tieu"
_KINDS = (CRITERIA, INDICATORS)
_NOUN_VI = {CRITERIA: "tiêu chí", INDICATORS: "chỉ tiêu"}
_NOUN_EN = {CRITERIA: "criteria", INDICATORS: "indicators"}
_ONE_EN = {CRITERIA: "Criterion", INDICATORS: "Indicator"}


@dataclass(frozen=True)
class ReportedSummary:
    """What one section of a written report states (None: the section does not say).

    Attributes:
        heading: the section heading as written, without bullet and colon ("" when none).
        level: "basic", "advanced" or "model" from the heading, None when it does not say.
        criteria_pct_text: the ratio as written, without "%" ("68,42"); its precision is the
            report's own rounding.
        unmet_criteria_count: the stated number of unmet criteria ("03 tiêu chí" → 3).
        unmet_criteria: the listed unmet criteria, normalised codes in the report's order.
        unmet_criteria_unnamed: unmet criteria stated only as a number, without codes ("… và 02
            tiêu chí chưa có số liệu"); 0 when none.
        text: the section's text (NFC).
    """

    heading: str = ""
    level: str | None = None
    criteria_met: int | None = None
    criteria_total: int | None = None
    criteria_pct: float | None = None
    criteria_pct_text: str | None = None
    indicators_met: int | None = None
    indicators_total: int | None = None
    indicators_pct: float | None = None
    indicators_pct_text: str | None = None
    unmet_criteria_count: int | None = None
    unmet_criteria: tuple[str, ...] | None = None
    unmet_criteria_unnamed: int = 0
    unmet_indicators_count: int | None = None
    unmet_indicators: tuple[str, ...] | None = None
    unmet_indicators_unnamed: int = 0
    text: str = ""

    def figures(self, kind: str) -> tuple:
        """(met, total, pct_text, unmet count, unmet list, unnamed) for CRITERIA or INDICATORS."""
        if kind == CRITERIA:
            return (self.criteria_met, self.criteria_total, self.criteria_pct_text,
                    self.unmet_criteria_count, self.unmet_criteria, self.unmet_criteria_unnamed)
        return (self.indicators_met, self.indicators_total, self.indicators_pct_text,
                self.unmet_indicators_count, self.unmet_indicators, self.unmet_indicators_unnamed)


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


# --- reading -------------------------------------------------------------------------------

@lru_cache(maxsize=512)
def _fold_char(ch: str) -> str:
    if ch == "\n":
        return ch
    if ch.isspace():
        return " "
    folded = fold(ch)
    return folded if len(folded) == 1 else ch


def _fold_aligned(text: str) -> str:
    """``fold`` character by character: same length as ``text``, so positions carry over."""
    return "".join(_fold_char(ch) for ch in text)


_NOT_MET = r"(?:chua|khong)\s+dat(?:\s+chuan)?"
# A code, never a prefix of a longer number, a fraction or a percentage, nor a count of items.
_CODE = r"\d+(?:[.,]\d+)*(?!\d|[.,]\d|\s*[/%])(?!\s*(?:tieu chi|chi tieu)\b)"
_SEP = (r"(?:\s*[;,]\s*|\s+)(?:(?:va|and|&)\s+)?(?:[-+•]\s+)?"
        r"(?:(?:tieu chi|chi tieu)\s+)?(?:so\b\s*)?")
_LIST = rf"{_CODE}(?:{_SEP}{_CODE})*"
_NO_DATA = r"(?:chua|khong)\s+co\s+(?:so lieu|du lieu)"
_CONNECTOR = (r"[\s:,(]*(?:(?:trong do|cu the)\b[\s:,]*)?(?:(?:bao\s+)?gom\b|la\b)?[\s:]*"
              r"(?:[-+•]\s+)?(?:cac\s+)?"
              r"(?:(?:tieu chi|chi tieu)\s*)?(?:so\b\s*)?[\s:]*")


def _fraction_re(kind: str) -> re.Pattern:
    return re.compile(
        rf"\b{kind}\s+dat(?:\s+chuan)?(?:\s+duoc)?\s*:?\s*(?P<a>\d+)\s*/\s*(?P<b>\d+)(?:\s*{kind}\b)?"
        rf"|(?P<c>\d+)\s*/\s*(?P<d>\d+)\s*{kind}\b"
    )


def _unmet_re(kind: str) -> re.Pattern:
    return re.compile(
        rf"(?:\b{kind}\s+{_NOT_MET}\s*:?\s*(?:(?P<n1>\d+)\s*{kind}\b)?"
        rf"|\b{_NOT_MET}\s*:?\s*(?P<n2>\d+)\s*{kind}\b"
        rf"|\b(?P<n3>\d+)\s*{kind}\s+{_NOT_MET}\b)"
        rf"{_CONNECTOR}(?P<list>{_LIST})?"
        # Items stated only as a number: "… và 33 chỉ tiêu chưa có số liệu", ", đều chưa có …".
        rf"(?:(?:\s*[;,]\s*|\s+)?(?:va\s+)?(?P<unnamed>\d+)\s*{kind}(?:\s+khac)?\s+{_NO_DATA}"
        rf"|\s*,?\s*(?P<all_unnamed>deu)\s+{_NO_DATA})?"
    )


_FRACTION = {kind: _fraction_re(kind) for kind in _KINDS}
_UNMET = {kind: _unmet_re(kind) for kind in _KINDS}
_ALL_MET = re.compile(
    r"\bdat\s+du\s*:?\s*(?P<a>\d+)\s*/\s*(?P<b>\d+)\s*tieu chi\b"
    r"(?:\s*(?:va|,)\s*(?P<c>\d+)\s*/\s*(?P<d>\d+)\s*chi tieu\b)?"
)
_ANY_FRACTION = re.compile(r"\d+\s*/\s*\d+")
# The ratio right after a fraction: ", chiếm tỷ lệ 84,21%", " (84%)", ", đạt tỷ lệ: 68,42 %".
# Anchored there, so another percentage further on (a poverty rate) is never taken for it.
_PCT = re.compile(
    r"[\s,(:=-]*(?:dat\b[\s,]*)?(?:(?:chiem|dat|bang|la)\s+)?"
    r"(?:(?:ty|ti)\s+le\b\s*(?:dat\b\s*)?(?:la\b\s*)?)?[:=]?\s*(?P<num>\d+(?:[.,]\d+)?)\s*%"
)
_LIST_ITEM = re.compile(r"\d+(?:[.,]\d+)*")
_BULLET = re.compile(r"^\s*(?:[*•#]+|[a-zđ]\)|[ivx]+[.)]|\d+(?:\.\d+)*[.)])\s*", re.IGNORECASE)


def _level_of(heading: str) -> str | None:
    key = fold(heading)
    if "nang cao" in key or re.search(r"\bntm ?nc\b", key):
        return ADVANCED
    if "kieu mau" in key:
        return MODEL
    if "nong thon moi" in key or re.search(r"\bntm\b", key):
        return BASIC
    return None


def _headings(text: str, folded: str) -> list[tuple[int, int, str]]:
    """(line start, content start, heading) of every heading line, in order.

    A heading is a short line without figures that names a level ("Về xã nông thôn mới nâng
    cao:") or starts with a bullet such as "*" or "a)"; it may carry its section inline after a
    colon. "Trong đó:" and an introduction "… như sau:" are not headings.
    """
    found = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        head, colon, _ = line.partition(":")
        head_folded = folded[start:start + len(head)]
        if len(head.strip()) > 100 or "tieu chi" in head_folded or "chi tieu" in head_folded:
            continue
        if _ANY_FRACTION.search(head_folded) or not re.search(r"[a-z]", head_folded):
            continue
        bullet = _BULLET.match(head)
        label = head[bullet.end():] if bullet else head
        label = label.strip()
        if not label or not (bullet or _level_of(label)):
            continue
        if not colon and not bullet:
            continue
        found.append((start, start + len(head) + len(colon), label))
    return found


def _met_statements(folded: str, start: int, end: int) -> list[int]:
    """Where each "X/Y tiêu chí" statement begins, except the "đạt đủ 19/19" of an all-met line."""
    starts = []
    for m in _FRACTION[CRITERIA].finditer(folded, start, end):
        if re.search(r"dat\s+du\s*:?\s*$", folded[max(start, m.start() - 12):m.start()]):
            continue
        starts.append(m.start())
    return starts


def _split_codes(raw: str, kind: str) -> tuple[str, ...]:
    items = []
    for item in _LIST_ITEM.findall(raw):
        # Criteria are whole numbers: "1,15" lists two criteria; for indicators "17,2" is 17.2.
        parts = item.split(",") if kind == CRITERIA else [item]
        items += [normalize_code(p) for p in parts if p]
    return tuple(items)


def _parse_section(heading: str, level: str | None, text: str, folded: str) -> ReportedSummary:
    found: dict = {"heading": heading, "level": level, "text": text.strip()}
    for kind, prefix in ((CRITERIA, "criteria"), (INDICATORS, "indicators")):
        m = _FRACTION[kind].search(folded)
        if m:
            met, total = (m["a"], m["b"]) if m["a"] is not None else (m["c"], m["d"])
            found[f"{prefix}_met"], found[f"{prefix}_total"] = int(met), int(total)
            pct = _PCT.match(folded, m.end())
            if pct:
                found[f"{prefix}_pct_text"] = pct["num"]
                found[f"{prefix}_pct"] = float(pct["num"].replace(",", "."))
        for u in _UNMET[kind].finditer(folded):
            count = u["n1"] or u["n2"] or u["n3"]
            if count is None and u["list"] is None and u["unnamed"] is None:
                continue
            found[f"unmet_{prefix}_count"] = int(count) if count is not None else None
            found[f"unmet_{prefix}"] = _split_codes(u["list"], kind) if u["list"] else None
            if u["unnamed"] is not None:
                found[f"unmet_{prefix}_unnamed"] = int(u["unnamed"])
            elif u["all_unnamed"] and count is not None:
                found[f"unmet_{prefix}_unnamed"] = int(count)
            break
    # "Đã đạt đủ 19/19 tiêu chí và 57/57 chỉ tiêu" states that nothing is unmet.
    all_met = _ALL_MET.search(folded)
    for prefix, a, b in (("criteria", "a", "b"), ("indicators", "c", "d")):
        if not all_met or all_met[a] is None or all_met[a] != all_met[b]:
            continue
        if found.get(f"unmet_{prefix}_count") is None and found.get(f"unmet_{prefix}") is None:
            found[f"unmet_{prefix}_count"], found[f"unmet_{prefix}"] = 0, ()
    return ReportedSummary(**found)


def _has_figures(s: ReportedSummary) -> bool:
    return any(v is not None for v in (
        s.criteria_met, s.indicators_met, s.unmet_criteria_count, s.unmet_criteria,
        s.unmet_indicators_count, s.unmet_indicators))


def parse_summary(text: str) -> list[ReportedSummary]:
    """What each section of a written report states.

    Sections start at heading lines ("* Về xã nông thôn mới:", "* Về xã nông thôn mới nâng
    cao:") and at each new "X/Y tiêu chí" statement; text without figures is skipped.

    Args:
        text: the report, or the part of it with the figures (NFC or NFD).

    Returns:
        One ReportedSummary per section with figures, in the report's order.

    Example:
        >>> [s.unmet_criteria for s in parse_summary(
        ...     "Số tiêu chí chưa đạt : 06 tiêu chí gồm: số 1; 11; 13 14; 16 và 17.")]
        [('1', '11', '13', '14', '16', '17')]
    """
    text = nfc(text)
    folded = _fold_aligned(text)
    heads = _headings(text, folded)
    spans = [(0, 0, "")] + heads
    sections = []
    for i, (_, content_start, heading) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        cuts = _met_statements(folded, content_start, end)[1:]
        # A second statement starts a new section at the beginning of its line.
        cuts = [max(folded.rfind("\n", content_start, c) + 1, content_start) for c in cuts]
        bounds = [content_start, *cuts, end]
        level = _level_of(heading) if heading else None
        for a, b in zip(bounds, bounds[1:]):
            section = _parse_section(heading, level, text[a:b], folded[a:b])
            if _has_figures(section):
                sections.append(section)
    return sections


# --- checking ------------------------------------------------------------------------------

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
