"""Place-name keys (ntm.text.place_key, split_place_prefix): how officials type commune names."""

from __future__ import annotations

import unicodedata

import pytest

from ntm.text import place_key, split_place_prefix


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("Xã Khánh Bình", "xa", "Khánh Bình"),
        ("xã Khánh Bình", "xa", "Khánh Bình"),
        ("UBND xã Khánh Bình", "xa", "Khánh Bình"),
        ("Ủy ban nhân dân xã Khánh An", "xa", "Khánh An"),
        ("Uỷ ban nhân dân xã Khánh An", "xa", "Khánh An"),
        ("Thị trấn Long Bình", "thi tran", "Long Bình"),
        ("TT. Long Bình", "thi tran", "Long Bình"),
        ("TT.Long Bình", "thi tran", "Long Bình"),
        ("UBND TT. Long Bình", "thi tran", "Long Bình"),
        ("Phường 01", "phuong", "01"),
        ("P.1", "phuong", "1"),
        ("Đặc khu Côn Đảo", "dac khu", "Côn Đảo"),
        ("Huyện An Phú", "huyen", "An Phú"),
        ("Thành phố Hồ Chí Minh", "thanh pho", "Hồ Chí Minh"),
        ("TP HCM", "thanh pho", "HCM"),
        ("Xa Khanh Binh", "xa", "Khanh Binh"),  # typed without diacritics: read by its letters
        (nfd("  xã   Khánh  Bình "), "xa", "Khánh Bình"),
        # Names that begin like a prefix but are written with other diacritics stay whole.
        ("Phương Trung", "", "Phương Trung"),
        ("Tịnh Biên", "", "Tịnh Biên"),
        ("Quan Sơn", "", "Quan Sơn"),
        ("Xã", "", "Xã"),  # nothing would be left
        ("Xã Xà Phìn", "xa", "Xà Phìn"),
        # Punctuation attached to a tone-marked prefix.
        ("Xã: Khánh Bình", "xa", "Khánh Bình"),
        ("xã. Khánh Bình", "xa", "Khánh Bình"),
        ("UBND xã: Khánh Bình", "xa", "Khánh Bình"),
        ("Huyện: An Phú", "huyen", "An Phú"),
        ("Xà Phiên", "", "Xà Phiên"),
    ],
)
def test_split_place_prefix(text, kind, name):
    assert split_place_prefix(text) == (kind, name)


@pytest.mark.parametrize(
    "variant",
    ["Khánh Bình", "khánh bình", "KHÁNH BÌNH", "Khanh Binh", "khanh binh", "xã Khánh Bình",
     "UBND xã Khánh Bình", "Xã  Khánh   Bình", nfd("Khánh Bình"), "\ufeffKhánh Bình\u200b", "Khánh-Bình"],
)
def test_place_key_makes_reporting_variants_equal(variant):
    assert place_key(variant) == "khanh binh"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hòa Bình", "Hoà Bình"), ("Thủy", "Thuỷ"), ("xã Khánh Hòa", "KHÁNH HOÀ"),
     (nfd("Khánh Hòa"), "Khánh Hoà"), ("Phường 1", "Phường 01"), ("Xã Ia H'Drai", "Ia HDrai")],
)
def test_place_key_with_tones_ignores_only_tone_placement(a, b):
    assert place_key(a, tones=True) == place_key(b, tones=True)


@pytest.mark.parametrize(("a", "b"),
                         [("Hòa", "Hóa"), ("Khánh Bình", "Khanh Binh"), ("Khánh An", "Khánh Bình")])
def test_place_key_with_tones_keeps_different_names_apart(a, b):
    assert place_key(a, tones=True) != place_key(b, tones=True)


def test_place_key_without_prefix_stripping_keeps_the_whole_text():
    assert place_key("Quan Son", prefix=False) == "quan son"
    assert place_key("Quan Son") == "son"  # typed without diacritics: could be "Quận Sơn"
