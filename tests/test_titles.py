"""Title lines: place names whose letters are those of words that end a name ("Nam Đà" and "năm",
"Cổ Loa" and "có", "Phúc Xá" and "xã"), the words that do end one, names typed without
diacritics, the motto beside a name, capitals and mixed case, a commune's "xã" prefix, and a sweep
over real names of the official list of administrative units."""

from __future__ import annotations

import unicodedata

import pytest

from ntm.loaders.sheet_context import strip_commune_prefix
from ntm.loaders.titles import Titles, district_heading, read_line, read_titles
from ntm.text import fold, place_key, split_place_prefix
from ntm.units import NEW, OLD, default_registry
from ntm.units.dataset import official_parts


def _read(*lines: str) -> Titles:
    return read_titles([[line] for line in lines], len(lines))


def _places(titles: Titles) -> tuple[str, str, str]:
    return titles.commune, titles.district, titles.province


# --- real names holding the letters of a word that ends a name ---------------------------------------

# (title line, (commune, district, province)); every row is a unit of the list before 1 July 2025.
REAL = [
    ("Xã Nam Đà, huyện Krông Nô, tỉnh Đắk Nông", ("Nam Đà", "Krông Nô", "Đắk Nông")),
    ("Thị trấn Nam Đàn, huyện Nam Đàn, tỉnh Nghệ An", ("Nam Đàn", "Nam Đàn", "Nghệ An")),
    ("Xã Cổ Loa, huyện Đông Anh, thành phố Hà Nội", ("Cổ Loa", "Đông Anh", "Hà Nội")),
    ("Xã La Phù, huyện Hoài Đức, thành phố Hà Nội", ("La Phù", "Hoài Đức", "Hà Nội")),
    ("Phường Phúc Xá, quận Ba Đình, thành phố Hà Nội", ("Phúc Xá", "Ba Đình", "Hà Nội")),
    ("Phường Quán Thánh, quận Ba Đình, thành phố Hà Nội", ("Quán Thánh", "Ba Đình", "Hà Nội")),
    ("Phường Quan Hoa, quận Cầu Giấy, thành phố Hà Nội", ("Quan Hoa", "Cầu Giấy", "Hà Nội")),
    ("Phường Xuân Phương, quận Nam Từ Liêm, thành phố Hà Nội", ("Xuân Phương", "Nam Từ Liêm", "Hà Nội")),
    ("Phường Cửa Nam, quận Hoàn Kiếm, thành phố Hà Nội", ("Cửa Nam", "Hoàn Kiếm", "Hà Nội")),
    ("Xã Phương Trung, huyện Thanh Oai, thành phố Hà Nội", ("Phương Trung", "Thanh Oai", "Hà Nội")),
    ("Thị trấn Vĩnh Bảo, huyện Vĩnh Bảo, thành phố Hải Phòng", ("Vĩnh Bảo", "Vĩnh Bảo", "Hải Phòng")),
    ("Phường Hòa Hiệp Nam, quận Liên Chiểu, thành phố Đà Nẵng", ("Hòa Hiệp Nam", "Liên Chiểu", "Đà Nẵng")),
    ("Xã Tân Hòa, huyện Phú Bình, tỉnh Thái Nguyên", ("Tân Hòa", "Phú Bình", "Thái Nguyên")),
    ("Thị trấn Cái Bè, huyện Cái Bè, tỉnh Tiền Giang", ("Cái Bè", "Cái Bè", "Tiền Giang")),
    ("Thị trấn Chư Sê, huyện Chư Sê, tỉnh Gia Lai", ("Chư Sê", "Chư Sê", "Gia Lai")),
    ("Xã Ea Tu, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk", ("Ea Tu", "Buôn Ma Thuột", "Đắk Lắk")),
    ("Xã Cư M'gar, huyện Cư M'gar, tỉnh Đắk Lắk", ("Cư M'gar", "Cư M'gar", "Đắk Lắk")),
    ("Phường III, thành phố Vị Thanh, tỉnh Hậu Giang", ("III", "Vị Thanh", "Hậu Giang")),
    ("Phường 1, thành phố Đông Hà, tỉnh Quảng Trị", ("1", "Đông Hà", "Quảng Trị")),
    ("Thị trấn Hồi Xuân, huyện Quan Hóa, tỉnh Thanh Hóa", ("Hồi Xuân", "Quan Hóa", "Thanh Hóa")),
    # Spelled exactly like the word: the words around them decide.
    ("Xã Tân Xã, huyện Thạch Thất, thành phố Hà Nội", ("Tân Xã", "Thạch Thất", "Hà Nội")),
    ("Xã Hoằng Đạt, huyện Hoằng Hóa, tỉnh Thanh Hóa", ("Hoằng Đạt", "Hoằng Hóa", "Thanh Hóa")),
    ("Xã Mường Và, huyện Sốp Cộp, tỉnh Sơn La", ("Mường Và", "Sốp Cộp", "Sơn La")),
    ("Xã Nậm Có, huyện Mù Căng Chải, tỉnh Yên Bái", ("Nậm Có", "Mù Căng Chải", "Yên Bái")),
    ("Xã Chà Là, huyện Dương Minh Châu, tỉnh Tây Ninh", ("Chà Là", "Dương Minh Châu", "Tây Ninh")),
    ("Xã Đông Các, huyện Đông Hưng, tỉnh Thái Bình", ("Đông Các", "Đông Hưng", "Thái Bình")),
    ("Xã Thượng Quận, thị xã Kinh Môn, tỉnh Hải Dương", ("Thượng Quận", "Kinh Môn", "Hải Dương")),
    ("Xã Phước Tỉnh, huyện Long Đất, tỉnh Bà Rịa - Vũng Tàu",
     ("Phước Tỉnh", "Long Đất", "Bà Rịa - Vũng Tàu")),
    ("Phường 1, thị xã Ngã Năm, tỉnh Sóc Trăng", ("1", "Ngã Năm", "Sóc Trăng")),
    ("Thị trấn Bến Sung, huyện Như Thanh, tỉnh Thanh Hóa", ("Bến Sung", "Như Thanh", "Thanh Hóa")),
]


@pytest.mark.parametrize(("line", "expected"), REAL, ids=[row[1][0] for row in REAL])
def test_a_real_name_is_read_whole_with_or_without_a_year_after_it(line, expected):
    assert _places(_read(line)) == expected
    with_year = _read(f"Báo cáo kết quả xây dựng nông thôn mới {line} năm 2023")
    assert (*_places(with_year), with_year.year) == (*expected, 2023)
    upper = _read(f"{line.upper()} NĂM 2023")
    assert upper.year == 2023
    assert [place_key(v, tones=True, prefix=False) for v in _places(upper)] == [
        place_key(v, tones=True, prefix=False) for v in expected]


def test_the_real_names_are_units_of_the_official_list(registry):
    units = {(u.short_name, split_place_prefix(u.district)[1], split_place_prefix(u.province)[1])
             for u in registry.units(OLD)}
    assert [row[1] for row in REAL if row[1] not in units] == []


@pytest.mark.parametrize(("lines", "expected"), [
    (["UBND XÃ NAM ĐÀ"], ("Nam Đà", "", "")),
    (["UBND XÃ CỔ LOA", "BẢNG TỰ ĐÁNH GIÁ XÃ NÔNG THÔN MỚI NĂM 2023"], ("Cổ Loa", "", "")),
    (["THỊ XÃ NGÃ NĂM NĂM 2023"], ("", "Ngã Năm", "")),
    (["Huyện Năm Căn, tỉnh Cà Mau"], ("", "Năm Căn", "Cà Mau")),
    (["Xã Hoằng Đạt đạt chuẩn nông thôn mới năm 2023"], ("Hoằng Đạt", "", "")),
    (["Xã Tân Xã huyện Thạch Thất"], ("Tân Xã", "Thạch Thất", "")),
    (["XÃ KHÁNH BÌNH HUYỆN AN PHÚ TỈNH AN GIANG"], ("Khánh Bình", "An Phú", "An Giang")),
    (["Xã: Khánh Bình   Huyện: An Phú   Tỉnh: An Giang"], ("Khánh Bình", "An Phú", "An Giang")),
    (["Xã Khánh Bình - huyện An Phú"], ("Khánh Bình", "An Phú", "")),
    (["UBND XÃ KHÁNH BÌNH Số: 12/BC-UBND"], ("Khánh Bình", "", "")),
    (["PHƯỜNG 1, THÀNH PHỐ VŨNG TÀU, TỈNH BÀ RỊA - VŨNG TÀU"], ("1", "Vũng Tàu", "Bà Rịa - Vũng Tàu")),
    (["Phường Văn Miếu - Quốc Tử Giám, thành phố Hà Nội"], ("Văn Miếu - Quốc Tử Giám", "", "Hà Nội")),
])
def test_other_writings_of_real_names(lines, expected):
    assert _places(_read(*lines)) == expected


# --- the words that do end a name ------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "commune", "year"), [
    ("BẢNG TỰ ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI NÂNG CAO NĂM 2023",
     "", 2023),
    ("Xã Khánh Bình năm 2023", "Khánh Bình", 2023),
    ("xã Khánh Bình nam 2023", "Khánh Bình", 2023),  # the year word typed without its mark
    ("Xã Khánh Bình trong năm 2023", "Khánh Bình", 2023),
    ("XÃ KHÁNH BÌNH ĐẾN NĂM 2025", "Khánh Bình", 2025),
    ("Xã Khánh Bình đạt chuẩn nông thôn mới năm 2023", "Khánh Bình", 2023),
    ("XÃ KHÁNH BÌNH ĐẠT CHUẨN NÔNG THÔN MỚI NĂM 2023", "Khánh Bình", 2023),
    ("XÃ KHÁNH BÌNH ĐẠT 19/19 TIÊU CHÍ", "Khánh Bình", None),
    ("XÃ KHÁNH BÌNH CÓ 19 TIÊU CHÍ", "Khánh Bình", None),
    ("Kết quả của xã Khánh Bình như sau:", "Khánh Bình", None),
    ("KẾT QUẢ CỦA XÃ KHÁNH BÌNH NHƯ SAU:", "Khánh Bình", None),
    ("Xã Khánh Bình là xã đạt chuẩn", "Khánh Bình", None),
    ("XÃ KHÁNH BÌNH LÀ XÃ ĐẠT CHUẨN", "Khánh Bình", None),
    ("XÃ KHÁNH BÌNH VÀ XÃ NHƠN HỘI", "Khánh Bình", None),
    ("XÃ KHÁNH BÌNH ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN", "Khánh Bình", None),
    ("Xã Khánh Bình, ngày 15 tháng 3 năm 2024", "Khánh Bình", None),
    ("CÁC XÃ, PHƯỜNG VÀ THỊ TRẤN", "", None),
    ("DANH SÁCH XÃ ĐẠT CHUẨN NĂM 2023", "", 2023),
    ("TM. UBND XÃ", "", None),
])
def test_a_word_that_is_not_part_of_a_name_ends_it(line, commune, year):
    titles = _read(line)
    assert (titles.commune, titles.year) == (commune, year)


def test_a_line_typed_decomposed_is_read_as_composed():
    titles = Titles()
    read_line(unicodedata.normalize("NFD", "Xã Nam Đà, huyện Krông Nô năm 2023"), 3, titles)
    found = (titles.commune, titles.district, titles.year, titles.rows["commune"])
    assert found == ("Nam Đà", "Krông Nô", 2023, 3)


def test_tinh_den_is_not_a_province_and_a_city_is_one():
    assert _read("Tính đến 31/12/2022").province == ""
    titles = _read("Phường Phúc Xá, quận Ba Đình, thành phố Hà Nội")
    assert (titles.district, titles.province) == ("Ba Đình", "Hà Nội")


@pytest.mark.parametrize(("label", "diacritics", "district"), [
    ("Huyện An Phú", None, "An Phú"),
    ("HUYỆN AN PHÚ", None, "An Phú"),
    ("Thị xã Ngã Năm", None, "Ngã Năm"),
    ("THÀNH PHỐ LONG XUYÊN", None, "Long Xuyên"),
    ("Quận: Ba Đình", None, "Ba Đình"),
    ("Huyen An Phu", None, "An Phu"),
    ("Quán Toan", None, ""),  # communes, not "quận Toan", "huyện Sơn"
    ("Huyền Sơn", None, ""),
    ("Quan Hoa", True, ""),  # a commune written without marks in a sheet written with them
    ("Xã Khánh Bình", None, ""),
    ("Tổng huyện An Phú", None, ""),
    ("Huyện", None, ""),
])
def test_a_summarys_district_heading_row(label, diacritics, district):
    assert district_heading(label, diacritics) == district


# --- the motto, and names in capitals and in mixed case -------------------------------------------------

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.mark.parametrize("row", [
    ["UBND XÃ KHÁNH BÌNH", None, None, MOTTO],  # the motto in a cell of the same row
    [MOTTO, None, "UBND XÃ KHÁNH BÌNH"],
    ["UBND XÃ KHÁNH BÌNH " + MOTTO],  # and in the same cell
    ["UBND XÃ KHÁNH BÌNH", "Độc lập - Tự do - Hạnh phúc"],
])
def test_a_name_beside_the_motto_is_read_and_the_motto_is_not(row):
    titles = read_titles([row, ["BẢNG TỰ ĐÁNH GIÁ NĂM 2023"]], 2)
    assert (titles.commune, titles.rows["commune"], titles.year) == ("Khánh Bình", 1, 2023)
    assert titles.disagreements() == []


def test_the_motto_alone_names_nothing():
    titles = read_titles([[None, MOTTO], [None, "Độc lập - Tự do - Hạnh phúc"]], 2)
    assert _places(titles) == ("", "", "") and titles.readings == {}


@pytest.mark.parametrize("lines", [
    ("UBND XÃ CƯ M'GAR", "Xã Cư M'gar, huyện Cư M'gar, tỉnh Đắk Lắk"),
    ("Xã Cư M'gar, huyện Cư M'gar, tỉnh Đắk Lắk", "UBND XÃ CƯ M'GAR"),
])
def test_the_mixed_case_spelling_wins_over_capitals(lines):
    titles = _read(*lines)
    assert _places(titles) == ("Cư M'gar", "Cư M'gar", "Đắk Lắk")  # capitals would give "Cư M'Gar"
    assert titles.rows["commune"] == 1 + lines.index("Xã Cư M'gar, huyện Cư M'gar, tỉnh Đắk Lắk")
    assert titles.disagreements() == []


def test_capitals_and_mixed_case_naming_two_places_disagree():
    titles = _read("UBND XÃ KHÁNH AN", "BẢNG TỰ ĐÁNH GIÁ NĂM 2023", "Xã Khánh Bình, huyện An Phú")
    assert titles.commune == "Khánh Bình" and titles.rows["commune"] == 3
    assert titles.disagreements() == [("commune", ("Khánh An", 1), ("Khánh Bình", 3))]
    # Case and tone-mark placement are no disagreement; two lines in one case keep the first.
    assert _read("UBND XÃ KHÁNH HOÀ", "Xã Khánh Hòa").disagreements() == []
    assert _read("Xã Khánh Bình", "Kèm theo báo cáo của xã Khánh An").commune == "Khánh Bình"


# --- a commune's cell: the "xã" before its name ---------------------------------------------------------

@pytest.mark.parametrize(("written", "diacritics", "name"), [
    ("Xà Phiên", None, "Xà Phiên"),  # names, not "xã Phiên"
    ("Xá Lượng", None, "Xá Lượng"),
    ("Xà Bang", None, "Xà Bang"),
    ("Xã Xà Hồ", None, "Xà Hồ"),
    ("UBND xã Xá Nhè", None, "Xá Nhè"),
    ("Xa Dung", True, "Xa Dung"),  # typed so in a sheet written with diacritics: its own spelling
    ("xã Khánh Bình", None, "Khánh Bình"),
    ("UBND xã Khánh Bình", True, "Khánh Bình"),
    ("Xã: Khánh Bình", None, "Khánh Bình"),
    ("X. Khánh Bình", None, "Khánh Bình"),
    ("Xa Khanh Binh", None, "Khanh Binh"),  # a sheet typed without diacritics
    ("Phường 1", None, "Phường 1"),  # another unit's word is kept
    ("Khánh Bình", None, "Khánh Bình"),
])
def test_a_communes_xa_prefix_is_dropped_only_when_spelled_so(written, diacritics, name):
    assert strip_commune_prefix(written, diacritics) == name


# --- titles typed without diacritics -----------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected", "year"), [
    ("Xa Nam Da, huyen Krong No, tinh Dak Nong", ("Nam Da", "Krong No", "Dak Nong"), None),
    ("UBND XA NAM DA", ("Nam Da", "", ""), None),
    ("Xa Khanh Binh nam 2023", ("Khanh Binh", "", ""), 2023),
    ("xa nam 2023", ("", "", ""), 2023),
    ("BANG TU DANH GIA XA NONG THON MOI NAM 2023", ("", "", ""), 2023),
    ("xa dat chuan nong thon moi nam 2023", ("", "", ""), 2023),
    ("Ket qua cua xa nhu sau:", ("", "", ""), None),
    ("Xa Khanh Binh tai huyen An Phu", ("Khanh Binh", "An Phu", ""), None),
    ("So lieu tinh tu 01/01/2023", ("", "", ""), None),
    ("tinh: An Giang", ("", "", "An Giang"), None),
    ("huyen Quan Hoa, tinh Thanh Hoa", ("", "Quan Hoa", "Thanh Hoa"), None),
    ("Phuong Quan Thanh, Quan Ba Dinh, Thanh pho Ha Noi", ("Quan Thanh", "Ba Dinh", "Ha Noi"), None),
])
def test_a_title_typed_without_diacritics_is_read_by_its_letters(line, expected, year):
    titles = _read(line)
    assert (_places(titles), titles.year) == (expected, year)


# --- a sweep over real names -----------------------------------------------------------------------------

# Words whose letters end a name (folded): administrative words, the year word, the title's words.
ENDING = {"xa", "phuong", "huyen", "quan", "tinh", "nam", "dat", "chua", "theo", "ve", "tren", "cua", "trong",
          "den", "ngay", "thang", "tai", "la", "co", "duoc", "nhu", "sau", "va", "cac", "thi", "thanh", "pho",
          "tran", "chuan", "ban", "hop", "cao", "nong", "thon"}
PER_WORD = 8  # units per word and level, in code order: a sample that stays quick


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def _short(name: str) -> str:
    return split_place_prefix(name)[1] if name else ""


def _sample(registry, map_: str) -> list:
    """Units whose commune, district or province name holds a word of ``ENDING`` or a digit, an
    apostrophe or a hyphen: up to ``PER_WORD`` per (level, word)."""
    taken: dict[tuple[str, str], int] = {}
    seen, sample = set(), []
    for unit in sorted(registry.units(map_), key=lambda u: u.code):
        key = (unit.name, unit.district, unit.province)
        if key in seen:
            continue
        seen.add(key)
        picked = False
        for level, name in (("commune", unit.short_name), ("district", _short(unit.district)),
                            ("province", _short(unit.province))):
            marks = set(fold(name).split()) & ENDING
            marks |= {c for c in "'-0123456789" if c in name}
            for mark in marks:
                if taken.get((level, mark), 0) < PER_WORD:
                    taken[(level, mark)] = taken.get((level, mark), 0) + 1
                    picked = True
        if picked:
            sample.append(unit)
    return sample


def _where(unit) -> tuple[str, tuple[str, str, str]]:
    kinds = {"xa": "Xã", "phuong": "Phường", "thi tran": "Thị trấn", "dac khu": "Đặc khu"}
    kind = kinds[official_parts(unit.name)[0]]
    district_kind, district = split_place_prefix(unit.district) if unit.district else ("", "")
    province_kind, province = split_place_prefix(unit.province)
    line = f"{kind} {unit.short_name}"
    if district:
        words = {"huyen": "huyện", "quan": "quận", "thi xa": "thị xã", "thanh pho": "thành phố"}
        line += f", {words[district_kind]} {district}"
    line += f", {'tỉnh' if province_kind == 'tinh' else 'thành phố'} {province}"
    return line, (unit.short_name, district, province)


@pytest.mark.parametrize("map_", [OLD, NEW])
def test_every_sampled_real_name_is_read_exactly(registry, map_):
    sample = _sample(registry, map_)
    assert len(sample) > 200  # the sample reaches every word of ENDING found in real names
    wrong = []
    for unit in sample:
        line, expected = _where(unit)
        for lines in ([line], ["BÁO CÁO KẾT QUẢ XÃ NÔNG THÔN MỚI NĂM 2023", line],
                      [f"Báo cáo kết quả xây dựng nông thôn mới {line} năm 2023"]):
            if _places(_read(*lines)) != expected:
                wrong.append((lines[-1], _places(_read(*lines))))
        upper = _read(f"UBND {line.split(',')[0].upper()}", f"{line.upper()} NĂM 2023")
        if [place_key(v, tones=True, prefix=False) for v in _places(upper)] != [
                place_key(v, tones=True, prefix=False) for v in expected]:
            wrong.append((line.upper(), _places(upper)))
    assert wrong == []
