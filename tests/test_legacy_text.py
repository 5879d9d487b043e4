"""ntm.legacy_text: TCVN3 and VNI text back to Unicode, and telling legacy text from Unicode."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm.legacy_text import (
    TCVN3,
    VNI,
    font_encoding,
    guess_encoding,
    is_upper_case_font,
    leftover,
    looks_legacy,
    to_unicode,
)
from tests.helpers_layouts import to_tcvn3, to_vni

# (as stored in a .VnTime cell, meant)
TCVN3_CASES = [
    ("§¹t", "Đạt"),
    ("Ch\xada ®¹t", "Chưa đạt"),
    ("C¬ b¶n ®¹t", "Cơ bản đạt"),
    ("Kh«ng ¸p dông", "Không áp dụng"),
    ("Kh«ng thùc hiÖn", "Không thực hiện"),
    ("x· n«ng th«n míi", "xã nông thôn mới"),
    ("Tiªu chÝ", "Tiêu chí"),
    ("Néi dung tiªu chÝ", "Nội dung tiêu chí"),
    ("KÕt qu¶ thùc hiÖn", "Kết quả thực hiện"),
    ("Tù ®¸nh gi¸", "Tự đánh giá"),
    ("Tr\xadêng häc", "Trường học"),
    ("Tû lÖ hé ®\xadîc sö dông n\xadíc s¹ch", "Tỷ lệ hộ được sử dụng nước sạch"),
    ("X· Kh¸nh B×nh, huyÖn An Phó, tØnh An Giang", "Xã Khánh Bình, huyện An Phú, tỉnh An Giang"),
]
# Headings typed upper case in a .VnTimeH font: ASCII capitals, lower-case tone-marked bytes.
TCVN3_HEADINGS = [("X· N«NG TH«N MíI", "XÃ NÔNG THÔN MỚI"), ("B¶NG Tù §¸NH GI¸", "BẢNG TỰ ĐÁNH GIÁ")]
VNI_CASES = [
    ("Ñaït", "Đạt"),
    ("Chöa ñaït", "Chưa đạt"),
    ("Cô baûn ñaït", "Cơ bản đạt"),
    ("Khoâng aùp duïng", "Không áp dụng"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Tieâu chí", "Tiêu chí"),
    ("Keát quaû thöïc hieän", "Kết quả thực hiện"),
    ("Tröôøng hoïc", "Trường học"),
    ("Xaõ Khaùnh Bình", "Xã Khánh Bình"),
    ("NAÊM 2023", "NĂM 2023"),
    ("XAÕ NOÂNG THOÂN MÔÙI", "XÃ NÔNG THÔN MỚI"),
]
UNICODE = ["Đạt", "Không", "Có", "Khánh Hòa", "Khánh Hoà", "Hoàn thành", "hoá", "Cơ bản đạt", "m²", "Nguyễn",
           "Quân", "85,5%", "≥ 90%", "x", "Tuân thủ", "Phước Hưng"]


@pytest.mark.parametrize(("legacy", "meant"), TCVN3_CASES + TCVN3_HEADINGS)
def test_tcvn3_to_unicode(legacy, meant):
    assert to_unicode(legacy, TCVN3) == meant
    assert looks_legacy(legacy) and guess_encoding(legacy) == TCVN3
    assert not leftover(meant)


@pytest.mark.parametrize(("legacy", "meant"), VNI_CASES)
def test_vni_to_unicode(legacy, meant):
    assert to_unicode(legacy, VNI) == meant
    assert looks_legacy(legacy) and guess_encoding(legacy) == VNI


@pytest.mark.parametrize("text", UNICODE)
def test_unicode_text_is_never_taken_for_legacy(text):
    assert not looks_legacy(text)
    assert guess_encoding(text) is None


def test_upper_case_font_upper_cases_everything():
    assert to_unicode("quy ho¹ch", TCVN3, upper=True) == "QUY HOẠCH"
    assert to_unicode("Quy ho¹ch", TCVN3) == "Quy hoạch"  # mixed case: left as typed


@pytest.mark.parametrize(("font", "encoding", "upper"), [
    (".VnTime", TCVN3, False), (".VnTimeH", TCVN3, True), (".VnArialH", TCVN3, True),
    (".VnArial", TCVN3, False),
    ("VNI-Times", VNI, False), ("VNI-Helve", VNI, False), ("Times New Roman", None, False), ("", None, False),
    (None, None, False),
])
def test_font_names(font, encoding, upper):
    assert font_encoding(font) == encoding
    assert is_upper_case_font(font) == upper


def test_unknown_encoding_is_a_programming_error():
    with pytest.raises(ValueError):
        to_unicode("abc", "cp1258")


_VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


@given(st.text(alphabet=_VIETNAMESE + " ,.0123456789", max_size=40))
def test_round_trips(text):
    assert to_unicode(to_tcvn3(text), TCVN3, upper=False) == text
    assert to_unicode(to_vni(text), VNI, upper=False) == text


# --- telling legacy text without a tell-tale character by its spelling ------------------------------------

@pytest.mark.parametrize("word", ["Tốt", "Đạt", "chưa", "nghiêng", "khuya", "thuở", "quốc", "giữa", "gì",
                                  "Nguyễn", "ĐẠT", "huyện", "ấp", "oải", "người", "Khánh", "Hòa"])
def test_vietnamese_syllables_are_spelled_like_syllables(word):
    from ntm.legacy_text import is_syllable

    assert is_syllable(word)


@pytest.mark.parametrize(("word", "why"), [
    ("Tèt", "a rhyme closed by t takes only sắc or nặng"), ("êp", "no tone on a closed rhyme"),
    ("hãa", "no rhyme 'aa'"), ("héi", "no rhyme 'ei'"), ("míi", "no rhyme 'ii'"),
    ("tÕ", "upper case inside a word"), ("chÝnh", "upper case inside a word"),
    ("Nghò", "ngh only before i, e, ê"), ("dòch", "no rhyme 'och'"), ("quoác", "no o after qu"),
    ("nguoàn", "no rhyme 'uoan'"), ("Khỏnh", "no rhyme 'onh'"),
])
def test_tcvn3_and_vni_readings_that_no_syllable_is_spelled_like(word, why):
    from ntm.legacy_text import is_syllable

    assert not is_syllable(word), why


def test_spelling_score_weighs_misspelled_and_known_words():
    from ntm.legacy_text import spelling_score

    known = {"có", "tốt"}
    assert spelling_score("Tốt", known) == 1 and spelling_score("Tèt", known) == -3
    assert spelling_score("Có", known) - spelling_score("Cã", known) == 1
    assert spelling_score("ASCII only, 2023") == 0
