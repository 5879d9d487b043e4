"""Checking a written summary against its own arithmetic and against the data (DESIGN rule 9).

``parse_summary`` reads what each section of a report states ("16/19 tiêu chí, chiếm tỷ lệ
84,21% … chưa đạt 06 chỉ tiêu gồm: 1.1; 1.2 …"), tolerant of how people really type: "68,42 %",
"84%", "13 14" without a semicolon, "; và", a missing colon, decomposed Unicode (NFD).
``check_summary`` reports every contradiction as a ``Finding``, in Vietnamese with an English twin.

Regexes run on a diacritics-folded copy of the text that keeps every character's position, so a
match there points at the same characters of the original.
"""

from ntm.summary_check.checks import ERROR, WARNING, Finding, check_summary, format_findings
from ntm.summary_check.parse import CRITERIA, INDICATORS, ReportedSummary, parse_summary

__all__ = ["CRITERIA", "ERROR", "INDICATORS", "WARNING", "Finding", "ReportedSummary", "check_summary",
           "format_findings", "parse_summary"]
