"""Reading what a written report states, section by section (see ``parse_summary``).

Tolerant of how people really type: "68,42 %", "84%", "13 14" without a semicolon, "; và", a
missing colon, decomposed Unicode (NFD). Regexes run on a diacritics-folded copy of the text that
keeps every character's position, so a match there points at the same characters of the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ntm.summary import ADVANCED, BASIC, MODEL
from ntm.text import fold, nfc, normalize_code

CRITERIA = "tieu chi"
INDICATORS = "chi tieu"
_KINDS = (CRITERIA, INDICATORS)


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
