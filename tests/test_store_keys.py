"""The store's pure rules: which assessments are "the same", and which one is current."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.store.current import decide_current
from ntm.store.keys import code_key, commune_key, name_key, province_key


@pytest.mark.parametrize("a, b", [
    ("Khánh Bình", "xã Khánh Bình"), ("UBND xã Khánh Bình", "khánh bình"), ("Hòa Bình", "Hoà Bình"),
    ("Khánh  Bình ", "KHÁNH BÌNH"), ("Khánh Bình", "Kha\u0301nh Bi\u0300nh"),  # NFD
    ("Thủy", "Thuỷ"), ("Xã", "xã"),  # a commune called "Xã" keeps its name
])
def test_commune_names_match_the_way_design_md_says(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Khánh Bình", "Khánh Hòa"), ("Xã An", "Xã An Mới"), ("Tân Hòa", "Tân Hóa"),
                                  ("Khánh Bình", "Khanh Binh")])
def test_different_communes_stay_different(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize("code, key", [("01234", "1234"), (1234, "1234"), (1234.0, "1234"), ("1234.0", "1234"),
                                       (" 00001 ", "1"), (None, ""), ("", ""), ("AB12", "ab12")])
def test_official_codes_compare_without_leading_zeros(code, key):
    assert code_key(code) == key


def test_a_code_wins_over_the_name():
    assert commune_key("Xã An", "00123") == commune_key("Xã An Mới", 123) == "code:123"
    assert commune_key("Xã An", None) == "name:an"
    assert province_key("Tỉnh An Giang") == province_key("an giang") == "an giang"


def _decide(rows):
    frame = pd.DataFrame(rows, columns=["province_key", "commune_key", "year", "criteria_set", "upload_id", "live"])
    out = decide_current(frame)
    return list(zip(out["superseded_by"].astype(object).where(out["superseded_by"].notna(), None),
                    out["is_current"]))


K = ("p", "name:an", 2024, "ntm-2021")


@pytest.mark.parametrize("rows, expected", [
    ([(*K, 1, True)], [(None, True)]),
    ([(*K, 1, True), (*K, 2, True)], [(2, False), (None, True)]),
    ([(*K, 1, True), (*K, 2, True), (*K, 3, True)], [(3, False), (3, False), (None, True)]),
    # the newest is deleted: the one before it wins again, and the deleted one is not current
    ([(*K, 1, True), (*K, 2, False)], [(None, True), (None, False)]),
    # a deleted older upload is superseded like any other and stays not current
    ([(*K, 1, False), (*K, 2, True)], [(2, False), (None, True)]),
    # different keys never supersede each other
    ([(*K, 1, True), ("p", "name:an", 2025, "ntm-2021", 2, True)], [(None, True), (None, True)]),
    ([(*K, 1, True), ("p", "name:an", 2024, "ntm-nc-2021", 2, True)], [(None, True), (None, True)]),
    # two assessments of one upload with the same key are both current
    ([(*K, 1, True), (*K, 1, True)], [(None, True), (None, True)]),
])
def test_the_newest_live_upload_wins(rows, expected):
    assert _decide(rows) == expected
