"""ntm.statuses: every spelling of DESIGN.md's status table, in any case and Unicode form."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pytest

from ntm.statuses import (
    BASICALLY_MET,
    MET,
    MISSING,
    NOT_APPLICABLE,
    NOT_MET,
    STATUS_DTYPE,
    STATUSES,
    parse_status,
    status_label,
)

# DESIGN.md "Statuses": typical spellings in files (plus a few seen in real forms).
SPELLINGS = {
    MET: ["Đạt", "đạt", "Đ", "đ", "x", "X", "✓", "√", "1", "TRUE", "true", "Đạt chuẩn", "Hoàn thành"],
    BASICALLY_MET: ["Cơ bản đạt", "cơ bản đạt", "CBĐ", "cbđ", "CB đạt"],
    NOT_MET: ["Chưa đạt", "Không đạt", "CĐ", "cđ", "KĐ", "0", "FALSE", "false", "Chưa đạt chuẩn",
              "Không đạt chuẩn"],
    NOT_APPLICABLE: ["Không áp dụng", "Không thực hiện", "KAD", "kad", "N/A", "n/a", "NA", "-", "–"],
}
CASES = [
    (spelling, status) for status, spellings in SPELLINGS.items() for spelling in spellings
]


def _variants(text: str) -> list[str]:
    """The same word as files bring it: upper, lower, title case, NFD, padded, with a full stop."""
    nfd = unicodedata.normalize("NFD", text)
    return [text, text.upper(), text.lower(), text.title(), nfd, unicodedata.normalize("NFD", text.upper()),
            f"  {text}  ", f"{text}.", text.replace(" ", "  ")]


@pytest.mark.parametrize(("spelling", "status"), CASES)
def test_every_spelling_in_every_case_and_form(spelling, status):
    for variant in _variants(spelling):
        assert parse_status(variant) == status, repr(variant)


def test_nfd_input_really_is_decomposed():
    # Guards the test above: an NFD "Đạt" is a different string from the NFC one.
    assert unicodedata.normalize("NFD", "Chưa đạt") != "Chưa đạt"
    assert parse_status(unicodedata.normalize("NFD", "Chưa đạt")) == NOT_MET


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (True, MET), (False, NOT_MET), (1, MET), (0, NOT_MET), (1.0, MET), (0.0, NOT_MET),
        (np.int64(1), MET), (np.float64(0.0), NOT_MET), (np.bool_(True), MET),
    ],
)
def test_numbers_and_booleans(value, status):
    assert parse_status(value) == status


@pytest.mark.parametrize("value", [None, "", "   ", float("nan"), np.nan, pd.NA, "\u200b"])
def test_blank_is_missing(value):
    assert parse_status(value) == MISSING


@pytest.mark.parametrize(
    "value",
    ["Tốt", "Đạt yêu cầu một phần", "dat?", "2", 2, 0.5, "85%", "Khá", "y", "abc", "Chưa", "Cơ bản"],
)
def test_unknown_words_are_not_statuses(value):
    assert parse_status(value) is None


def test_status_words_do_not_cross():
    # "Không đạt" must not be read as met because it contains "đạt".
    assert parse_status("Không đạt") == NOT_MET
    assert parse_status("Cơ bản đạt") == BASICALLY_MET


@pytest.mark.parametrize("status", STATUSES)
def test_labels_exist_in_both_languages_and_read_back(status):
    assert status_label(status, "vi")
    assert status_label(status, "en")
    if status != MISSING:
        assert parse_status(status_label(status, "vi")) == status


def test_status_dtype_holds_the_five_statuses_in_order():
    assert list(STATUS_DTYPE.categories) == [MET, BASICALLY_MET, NOT_MET, NOT_APPLICABLE, MISSING]
