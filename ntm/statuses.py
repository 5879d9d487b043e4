"""The five statuses a result can have, and the many ways files spell them.

| status           | counts as met | in the denominator |
|------------------|---------------|--------------------|
| met              | yes           | yes                |
| basically_met    | no (shown)    | yes                |
| not_met          | no            | yes                |
| not_applicable   | —             | no                 |
| missing          | no (flagged)  | yes                |
"""

from __future__ import annotations

import pandas as pd

from ntm.text import fold, is_blank

MET = "met"
BASICALLY_MET = "basically_met"
NOT_MET = "not_met"
NOT_APPLICABLE = "not_applicable"
MISSING = "missing"

STATUSES = (MET, BASICALLY_MET, NOT_MET, NOT_APPLICABLE, MISSING)
STATUS_DTYPE = pd.CategoricalDtype(STATUSES)

LABELS_VI = {
    MET: "Đạt",
    BASICALLY_MET: "Cơ bản đạt",
    NOT_MET: "Chưa đạt",
    NOT_APPLICABLE: "Không áp dụng",
    MISSING: "Chưa có dữ liệu",
}
LABELS_EN = {
    MET: "Met",
    BASICALLY_MET: "Basically met",
    NOT_MET: "Not met",
    NOT_APPLICABLE: "Not applicable",
    MISSING: "No data",
}

# Spellings seen in real files, compared after ``fold`` (no diacritics, lower case).
_SPELLINGS = {
    MET: ["đạt", "đ", "x", "✓", "✔", "√", "☑", "v", "1", "true", "có", "yes", "met", "hoàn thành",
          "đạt chuẩn"],
    BASICALLY_MET: ["cơ bản đạt", "cbđ", "cb đạt", "cơ bản đạt chuẩn", "basically met"],
    NOT_MET: ["chưa đạt", "không đạt", "cđ", "kđ", "0", "false", "không", "no", "not met",
              "chưa hoàn thành", "chưa đạt chuẩn", "không đạt chuẩn"],
    NOT_APPLICABLE: ["không áp dụng", "không thực hiện", "kad", "kap", "ktd", "n/a", "na", "-",
                     "—", "–", "không đánh giá", "not applicable"],
}
_LOOKUP = {fold(word): status for status, words in _SPELLINGS.items() for word in words}


def parse_status(value: object) -> str | None:
    """The status a cell means: one of ``STATUSES``, or None if the text is not a status word.

    Blank cells mean ``missing``. Numbers 1/0 and booleans are read as met/not met.
    """
    if is_blank(value):
        return MISSING
    if isinstance(value, bool):
        return MET if value else NOT_MET
    if isinstance(value, (int, float)) and value in (0, 1):
        return MET if value == 1 else NOT_MET
    return _LOOKUP.get(fold(value).rstrip("."))


def status_label(status: str, lang: str = "vi") -> str:
    """The word shown to users for ``status``."""
    return (LABELS_EN if lang == "en" else LABELS_VI)[status]
