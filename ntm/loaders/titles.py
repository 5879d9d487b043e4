"""Reading the title lines above a table: commune, district, province, level and year.

Official forms and summaries name what they are about in free text above the header:

    UBND XÃ KHÁNH BÌNH                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    BẢNG TỰ ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI NÂNG CAO NĂM 2023
    Xã Khánh Bình, huyện An Phú, tỉnh An Giang

Names are found after their administrative word (xã/phường/thị trấn, huyện/quận/thị xã/thành
phố, tỉnh) and end at punctuation, at a year, after five words, or at a word that is not part of a
name ("năm", "đạt", "là", "của", "và", the next administrative word …); upper-case names are written
in title case ("KHÁNH BÌNH" → "Khánh Bình"). "xã nông thôn mới" and "xã hội" are not communes,
"thị xã" is a district, "tính đến" is not a province, "thành phố Hà Nội" names a province.

Words are matched on folded text (no diacritics), but many real names hold the letters of those
words: Nam Đà, Cổ Loa, Xuân La, Đất Đỏ, Phúc Xá, Quán Thánh, Xuân Phương, Đức Thắng. A line
written with diacritics is therefore read by its spelling: "năm 2023" ends a name, "Nam Đà" does
not; "Quán Thánh" is no "quận". A few names are spelled like the word itself (Ngã Năm, Hoằng Đạt,
Tân Xã, Như Thanh): there the word ends the name when it is written in lower case in a line that
also has capitals ("Xã Khánh Bình đạt chuẩn …"), and otherwise only when what follows it does not
complete the name (a comma, the end of the line, a year or the next administrative word after name
words complete it: "Thị xã Ngã Năm, tỉnh Sóc Trăng"; "XÃ HOẰNG ĐẠT ĐẠT CHUẨN NÔNG THÔN MỚI" does
not). A line typed without any diacritics is read by its letters: such a word ends a name, except as
the name's first word when the rest of the name completes it ("Xa Nam Da, huyen Krong No") — "nam"
followed by a year is always the year.

The motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc") is no title: it
is left out, and the rest of its row is read ("UBND XÃ KHÁNH BÌNH" often shares it). When a
place is named both in capitals ("UBND XÃ CƯ M'GAR", whose case is lost) and in a line written in
mixed case ("Xã Cư M'gar, huyện …"), the mixed-case spelling is kept; two such readings that differ
beyond case are listed in ``Titles.disagreements`` for the reader to report.

The year is the one written after "năm" (not the date line "ngày … tháng … năm …", not a period
"2021-2025"). The level is advanced when the title says "nâng cao", a model commune for "kiểu mẫu",
basic otherwise. ``resolve_set`` turns level and year into a criteria set of the catalog.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ntm.catalog import Catalog, CriteriaSet
from ntm.loaders.base import cell_text
from ntm.loaders.names import name_key
from ntm.text import fold, is_blank, nfc, place_key

BASIC, ADVANCED, MODEL = "basic", "advanced", "model"
# Centrally-run cities: "thành phố Hà Nội" names a province, not a district.
_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
# Administrative words, folded, with their spelling.
_COMMUNE_WORDS = {"xa": ("xã",), "phuong": ("phường",), "thi tran": ("thị trấn",),
                  "dac khu": ("đặc khu",)}
_DISTRICT_WORDS = {"huyen": ("huyện",), "quan": ("quận",), "thi xa": ("thị xã",), "thanh pho": ("thành phố",)}
_PLACE_WORDS = {**_COMMUNE_WORDS, **_DISTRICT_WORDS, "tinh": ("tỉnh",)}
# Words that end a name, folded, with their spelling as such words. A phrase of several words is
# never part of a name; a single word may be, when spelled otherwise (see the module's docstring).
_ENDS = {
    **_PLACE_WORDS, "tinh": ("tỉnh", "tính"), "ubnd": ("ubnd",), "uy ban nhan dan": ("ủy ban nhân dân",),
    "nam": ("năm",), "giai doan": ("giai đoạn",), "nang cao": ("nâng cao",), "kieu mau": ("kiểu mẫu",),
    "nong thon": ("nông thôn",), "ntm": ("ntm",), "dat chuan": ("đạt chuẩn",), "co ban": ("cơ bản",),
    "dia ban": ("địa bàn",), "thuc hien": ("thực hiện",), "tham tra": ("thẩm tra",),
    "tham dinh": ("thẩm định",), "danh gia": ("đánh giá",), "tu danh gia": ("tự đánh giá",),
    "tong hop": ("tổng hợp",), "bao cao": ("báo cáo",), "ket qua": ("kết quả",),
    "bo tieu chi": ("bộ tiêu chí",),
    "dat": ("đạt",), "chua": ("chưa",), "theo": ("theo",), "ve": ("về",), "tren": ("trên",),
    "cua": ("của",), "trong": ("trong",), "den": ("đến",), "ngay": ("ngày",), "thang": ("tháng",),
    "tai": ("tại",), "la": ("là",), "co": ("có",), "duoc": ("được",), "nhu": ("như",), "sau": ("sau",),
    "va": ("và",), "cac": ("các",),
}
# Words spelled like a word that ends a name and found so in real names (Ngã Năm, Hoằng Đạt, Tân
# Xã, Thượng Quận, Phước Tỉnh, Chà Là, Mường Và, Nậm Có, Đông Các, Như Thanh): written so, they end
# a name only when the words around them say so. The others, written so, always end it.
_NAME_LIKE = {"nam", "dat", "xa", "phuong", "quan", "tinh", "la", "va", "co", "cac", "nhu"}
_LONGEST = max(len(key.split()) for key in _ENDS)
_MAX_WORDS = 5  # the longest names have four words ("Phương Liên Trung Tự")
# Names written with a hyphen (folded, the hyphen as a space), the only ones read across one:
# elsewhere a hyphen ends a name ("Xã Khánh Bình - huyện An Phú").
_HYPHENATED = tuple((tuple(left.split()), tuple(right.split())) for left, right in (
    pair.split(" - ") for pair in (
        "ba ria - vung tau", "phan rang - thap cham", "van mieu - quoc tu giam", "chan may - lang co",
        "cam ly - da lat", "lang biang - da lat", "lam vien - da lat", "xuan huong - da lat",
        "xuan truong - da lat")))
_HYPHEN = re.compile(r"\s*[-\u2010-\u2015]\s*")
_ROMAN = re.compile(r"[IVX]+")  # "Phường III", "Tam Xuân II"
# Words before an administrative word that make it something else: "các xã", "cấp xã", "thị xã"
# (a commune is "xã …", a district "thị xã …").
_NOT_COMMUNE = {"cac", "thi", "cap"}
_NOT_DISTRICT = {"cac", "cap"}
# "xã hội" (society: "kinh tế - xã hội", "xã hội hóa") is no commune; communes named "Hội …" have
# a second word (Hội An, Hội Hoan, Hội Xuân).
_SOCIETY = re.compile(r"hoi(?: hoa)?|hoi chu nghia\b.*")
# A word: letters and digits, with the apostrophes of names such as "Cư M'gar", "Đắk R'Lấp".
_WORD = re.compile(r"[a-z0-9]+(?:['\u2019\u02bc][a-z0-9]+)*")
_YEAR_AFTER = re.compile(r"(?:\s+danh gia|\s+bao cao)?\s*:?\s*(?:19|20)\d\d(?!\d)")
_YEAR = re.compile(
    r"(?<![a-z])nam(?:\s+danh gia|\s+bao cao)?\s*:?\s*(?P<year>(?:19|20)\d\d)(?!\s*[-–—/]\s*\d)")
_DATE = re.compile(r"ngay\s*\S{0,6}\s*thang\s*\S{0,4}\s*nam\s*(?:19|20)\d\d")
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)")
# A commune group: "Nhóm xã: 2", "nhóm xã 2", "xã nhóm 2", "(xã nhóm 3)", folded; the group is the
# word after it, whatever it is (``groups.parse_group`` judges it).
_GROUP = re.compile(r"\b(?:nhom\s+xa|xa\s+(?:thuoc\s+)?nhom)\s*[:\-\u2013]?\s*(?P<group>[^\s,;.()]+)")
# The motto at the top right of an official document, folded (positions as in the line).
_MOTTO = re.compile(r"cong hoa xa hoi chu nghia(?:\s+viet\s+nam)?"
                    r"|doc\s+lap\s*[-\u2010-\u2015,.]?\s*tu\s+do(?:\s*[-\u2010-\u2015,.]?\s*hanh\s+phuc)?")


@dataclass
class Titles:
    """What the title lines say. Rows are Excel rows (1-based) of where each value was read."""

    commune: str = ""
    district: str = ""
    province: str = ""
    year: int | None = None
    level: str = ""
    period: tuple[int, int] | None = None
    mentions_ntm: bool = False
    commune_group: str = ""  # as written after "nhóm xã" / "xã nhóm" ("2", "II"); read by ``groups``
    rows: dict[str, int] = field(default_factory=dict)
    # Place field → {written in capitals: (name, Excel row)}: the first reading of each kind.
    readings: dict[str, dict[bool, tuple[str, int]]] = field(default_factory=dict)

    def disagreements(self) -> list[tuple[str, tuple[str, int], tuple[str, int]]]:
        """Places named differently (beyond case and tone-mark placement) in capitals and in a
        mixed-case line: ``(field, (name in capitals, row), (mixed-case name, row))``; the
        mixed-case name is the one kept."""
        found = []
        for field_name in ("commune", "district", "province"):
            seen = self.readings.get(field_name, {})
            if True in seen and False in seen and name_key(seen[True][0]) != name_key(seen[False][0]):
                found.append((field_name, seen[True], seen[False]))
        return found


def read_titles(rows: list[list], end: int) -> Titles:
    """What rows ``0 .. end-1`` (the lines above a header) say about the sheet."""
    titles = Titles()
    for index in range(min(end, len(rows))):
        cells = [cell_text(v) for v in rows[index] if not is_blank(v)]
        if not cells:
            continue
        line = " ".join(cells)
        read_line(line, index + 1, titles)
    return titles


def read_line(line: str, excel_row: int, titles: Titles) -> None:
    """Add what one title line says to ``titles``.

    The first value found for each field wins, except that a place read from a mixed-case line
    replaces one read in capitals (see ``Titles.readings``).
    """
    line = nfc(line)  # one character per letter: "Đà" typed decomposed (NFD) is still one word
    folded = fold_same_length(line)
    # The motto is no title, but "UBND XÃ …" often shares its row (or cell): the motto alone is left
    # out, as a separator, so that a name before it ends there.
    for match in _MOTTO.finditer(folded):
        start, end = match.span()
        line = line[:start] + ";" + " " * (end - start - 1) + line[end:]
    folded = fold_same_length(line)
    # "Nhóm xã: 2", "xã nhóm 2" (2026–2030 commune groups): read, then left out like the motto, so
    # that "xã" there never starts a commune's name.
    for match in _GROUP.finditer(folded):
        if not titles.commune_group:
            titles.commune_group = line[match.start("group"):match.end("group")]
            titles.rows["commune_group"] = excel_row
        start, end = match.span()
        line = line[:start] + ";" + " " * (end - start - 1) + line[end:]
    folded = fold_same_length(line)
    if "nong thon moi" in folded or re.search(r"\bntm\b", folded):
        titles.mentions_ntm = True
        if not titles.level:
            titles.level = ADVANCED if "nang cao" in folded else MODEL if "kieu mau" in folded else BASIC
    dated = _DATE.sub(lambda m: " " * len(m.group(0)), folded)
    if titles.year is None:
        match = _YEAR.search(dated)
        if match:
            titles.year = int(match.group("year"))
            titles.rows["year"] = excel_row
    if titles.period is None:
        period = _PERIOD.search(dated)
        if period:
            titles.period = (int(period.group(1)), int(period.group(2)))
    found: set[str] = set()
    for kind, name, capitals in _places(_Words(line, folded)):
        if kind in _COMMUNE_WORDS:
            field_name = "commune"
        elif kind in _DISTRICT_WORDS:
            field_name = "province" if fold(name) in _CITIES else "district"
        else:
            field_name = "province"
        if field_name in found:
            continue  # "XÃ KHÁNH BÌNH VÀ XÃ NHƠN HỘI": the line's first name
        found.add(field_name)
        readings = titles.readings.setdefault(field_name, {})
        if capitals in readings:
            continue
        readings[capitals] = (name, excel_row)
        # Capitals lose a name's case ("CƯ M'GAR" is "Cư M'gar"): a mixed-case reading is kept.
        if not getattr(titles, field_name) or not capitals:
            setattr(titles, field_name, name)
            titles.rows[field_name] = excel_row


def district_heading(label: str, diacritics: bool | None = None) -> str:
    """The district a summary's heading row names ("Huyện An Phú", "THỊ XÃ NGÃ NĂM"), or "".

    The label is the administrative word and the name, nothing before it. Written with diacritics,
    the word must be spelled as one: "Quán Toan" and "Huyền Sơn" are communes. A label without
    any ("Huyen An Phu", but also the commune "Quan Hoa") is read by its letters, unless
    ``diacritics`` says the sheet is written with them (then "Quan Hoa" is no "quận Hoa").
    """
    words = _Words(label, fold_same_length(label))
    found = words.phrase_at(0) if len(words) else None
    if found is None or found[0] not in _DISTRICT_WORDS or label[:words.spans[0][0]].strip():
        return ""
    kind, size = found
    marked = words.marked if diacritics is None else diacritics
    if size >= len(words) or (marked and not words.spelled(0, size, _DISTRICT_WORDS[kind])):
        return ""
    if not re.fullmatch(r"\s*:?\s*", words.folded[words.spans[size - 1][1]:words.spans[size][0]]):
        return ""
    return _title_case(label[words.spans[size][0]:].strip())


def read_places(words: _Words) -> list[tuple[str, str]]:
    """The names written after administrative words, in order: (the word folded, the name).

    An administrative word counts when it is spelled so (in a line with diacritics), is not
    preceded by a word that makes it something else ("các xã", "thị xã" for a commune) and is
    followed by a name; a plain "tinh" (which may be "tính") needs a colon after it ("tinh: An
    Giang") or to come right after another name ("huyen Krong No, tinh Dak Nong"). The words of a
    name are not read again as administrative words ("Phuong Quan Thanh, Quan Ba Dinh").
    """
    return [(kind, name) for kind, name, _ in _places(words)]


def _places(words: _Words) -> list[tuple[str, str, bool]]:
    """``read_places``, each name with whether it was written in capitals."""
    places = []
    index, after_name = 0, -1
    while index < len(words):
        found = words.phrase_at(index)
        if found is None or found[0] not in _PLACE_WORDS:
            index += 1
            continue
        kind, size = found
        start, index = index, index + size  # the administrative word; its name starts at index
        if index >= len(words):
            break
        not_before = (_NOT_COMMUNE if kind in _COMMUNE_WORDS
                      else _NOT_DISTRICT if kind in _DISTRICT_WORDS else set())
        if start > 0 and words.spaced(start) and words.keys[start - 1] in not_before:
            continue
        if words.marked and not words.spelled(start, size, _PLACE_WORDS[kind]):
            continue
        gap = words.folded[words.spans[index - 1][1]:words.spans[index][0]]
        if not re.fullmatch(r"\s*:?\s*", gap):
            continue
        if kind == "tinh" and not words.marked and ":" not in gap and start != after_name:
            continue  # "tinh den ...": "tính đến"
        capitals = not _has_lower(words.written(start, size + 1))
        count = _name_words(words, index, capitals)
        if not count or (kind == "xa" and _SOCIETY.fullmatch(" ".join(words.keys[index:index + count]))):
            continue
        written = words.written(index, count)
        places.append((kind, _title_case(written), written.isupper()))
        index = after_name = index + count
    return places


class _Words:
    """The words of one title line: folded keys and their places in the line, and how it is written.

    ``folded`` is ``fold_same_length(line)``: positions in it are positions in ``line``.
    """

    def __init__(self, line: str, folded: str) -> None:
        self.line, self.folded = line, folded
        self.spans = [m.span() for m in _WORD.finditer(folded)]
        self.keys = [folded[start:end] for start, end in self.spans]
        # Written with diacritics: some letter is not its folded self ("đ", "ă", "á" …).
        self.marked = has_diacritics(line)
        self.has_upper = any(char.isupper() for char in line)

    def __len__(self) -> int:
        return len(self.spans)

    def spaced(self, index: int) -> bool:
        """Word ``index`` follows the word before it with nothing but white space between."""
        return self.folded[self.spans[index - 1][1]:self.spans[index][0]].isspace()

    def written(self, index: int, size: int) -> str:
        """Words ``index .. index+size-1`` as written in the line (with what lies between them)."""
        return self.line[self.spans[index][0]:self.spans[index + size - 1][1]]

    def spelled(self, index: int, size: int, spellings: tuple[str, ...]) -> bool:
        """The words are written as one of ``spellings`` (ignoring case and tone-mark placement)."""
        return place_key(self.written(index, size), tones=True, prefix=False) in _spelling_keys(spellings)

    def phrase_at(self, index: int) -> tuple[str, int] | None:
        """The word or phrase of ``_ENDS`` starting at word ``index`` (the longest), and its length."""
        for size in range(min(_LONGEST, len(self) - index), 0, -1):
            if all(self.spaced(k) for k in range(index + 1, index + size)):
                key = " ".join(self.keys[index:index + size])
                if key in _ENDS:
                    return key, size
        return None

    def year_after(self, index: int) -> bool:
        """A year follows word ``index`` ("năm 2023", "năm đánh giá: 2023")."""
        return bool(_YEAR_AFTER.match(self.folded, self.spans[index][1]))


_PART, _END, _MAYBE = "part", "end", "maybe"


def _kind(words: _Words, index: int) -> tuple[str, int]:
    """What word ``index`` is to a name being read, and how many words that takes.

    ``_PART``: name words; ``_END``: the name ends before them; ``_MAYBE``: spelled like a word that
    ends a name, so what follows decides (``_completes``).
    """
    key = words.keys[index]
    if key.isdigit() and len(key) >= 4:  # a year, not "Phường 1" or "Cổ Nhuế 2"
        return _END, 1
    found = words.phrase_at(index)
    if found is None:
        return _PART, 1
    key, size = found
    if size > 1 or (key == "nam" and words.year_after(index)):
        return _END, size
    if words.marked:
        if not words.spelled(index, size, _ENDS[key]):
            return _PART, size  # "Nam Đà", "Cổ Loa", "Phúc Xá": a name's own word
        if key not in _NAME_LIKE or (words.written(index, size).islower() and words.has_upper):
            return _END, size  # "Xã Hoằng Đạt đạt chuẩn": the word itself is written in lower case
    return _MAYBE, size


def _name_words(words: _Words, first: int, capitals: bool = False) -> int:
    """How many words, from word ``first`` on, make a name (0 when there is none).

    ``capitals``: the name is written in capitals (so is the word before it), so a word with a
    lower-case letter is not part of it ("UBND XÃ KHÁNH BÌNH Số: 12/BC-UBND").
    """
    count, index = 0, first
    while index < len(words) and count < _MAX_WORDS:
        if index > first and not words.spaced(index):
            return count + _hyphenated(words, first, index)  # punctuation ends a name
        if capitals and index > first and _has_lower(words.written(index, 1)):
            break
        kind, size = _kind(words, index)
        if kind == _END:
            break
        if kind == _MAYBE and ((not words.marked and index > first)  # read by its letters
                               or not _completes(words, index, count)):
            break
        count += size
        index += size
    return count


def _hyphenated(words: _Words, first: int, index: int) -> int:
    """How many words after a hyphen before word ``index`` belong to the name begun at ``first``:
    the second part of a known hyphenated name ("Bà Rịa - Vũng Tàu"), else 0."""
    gap = words.folded[words.spans[index - 1][1]:words.spans[index][0]]
    if not _HYPHEN.fullmatch(gap):
        return 0
    before = tuple(words.keys[first:index])
    for left, right in _HYPHENATED:
        end = index + len(right)
        if (left == before and tuple(words.keys[index:end]) == right
                and all(words.spaced(k) for k in range(index + 1, end))):
            return len(right)
    return 0


def _completes(words: _Words, doubtful: int, before: int) -> bool:
    """Whether word ``doubtful`` (spelled like a word that ends a name) is part of the name.

    ``before`` name words precede it. What ends the run of name words after it decides: punctuation
    or the end of the line, a year ("năm 2023"), a word written in lower case after it written with
    a capital ("Xã Hoằng Đạt đạt chuẩn", "Xã Tân Xã huyện …"), or an administrative word. An
    administrative word ("Tân Xã", "Thượng Quận") is the last word of a name when one of the first
    three follows it directly (not a colon: "Huyện: An Phú" is a label), or the first word of a
    name when name words and then punctuation follow ("huyen Quan Hoa," typed without
    diacritics). Another word is part of the name when name words (not numbers) follow it and then
    any of these, or when name words precede it and the first three follow it directly. A name is
    never one such word alone.
    """
    place = words.keys[doubtful] in _PLACE_WORDS
    capital = not words.written(doubtful, 1).islower()
    after, index = 0, doubtful + 1
    while True:
        if index >= len(words) or not words.spaced(index):
            gap_end = words.spans[index][0] if index < len(words) else None
            colon = words.folded[words.spans[index - 1][1]:gap_end].lstrip().startswith(":")
            ending = "label" if place and colon else "punctuation"
            break
        kind, size = _kind(words, index)
        if kind == _PART:
            if words.keys[index].isdigit() or (place and before):
                return False
            after += size
            index += size
            if before + 1 + after > _MAX_WORDS:
                return False
            continue
        found = words.phrase_at(index)
        if kind == _END and (found is None or found[0] == "nam"):
            ending = "year"
        elif capital and words.has_upper and words.written(index, size).islower():
            ending = "lower"
        elif found is not None and found[0] in _PLACE_WORDS:
            ending = "place"
        else:
            return False
        break
    if place:
        if before:
            return after == 0 and ending in ("punctuation", "year", "lower")
        return after > 0 and ending in ("punctuation", "lower")
    if ending == "place":
        return after > 0
    return ending != "label" and (after > 0 or before > 0)


def has_diacritics(text: str) -> bool:
    """Some letter of ``text`` is not its folded self ("đ", "ă", "á" …): it is written with marks."""
    return any(char.isalpha() and _fold_char(char) != char.lower() for char in text)


def _has_lower(text: str) -> bool:
    return any(char.islower() for char in text)


@functools.lru_cache(maxsize=64)
def _spelling_keys(spellings: tuple[str, ...]) -> frozenset[str]:
    return frozenset(place_key(s, tones=True, prefix=False) for s in spellings)


def _title_case(name: str) -> str:
    """ "KHÁNH BÌNH" → "Khánh Bình"; names written in mixed case are kept."""
    name = " ".join(name.split())
    if not name.isupper():
        return name
    return " ".join(word if _ROMAN.fullmatch(word) else word.title() for word in name.split(" "))


def fold_same_length(text: str) -> str:
    """``fold`` that keeps one character per character, so positions map back to ``text``."""
    return "".join(map(_fold_char, text))


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return (fold(char) or " ")[:1]


def resolve_set(catalog: Catalog, level: str, year: int | None, period: tuple[int, int] | None = None,
                criteria: int | None = None, province: str = "") -> CriteriaSet | None:
    """The criteria set a title's level and year point to, or None.

    A set the user supplied (a province's variant) is preferred over the national set it adapts;
    a set learned from a form (``form_set``) only for sheets of its own province.

    Args:
        level: ``BASIC``, ``ADVANCED`` or ``MODEL`` ("" counts as basic).
        year: the assessment year (else the period's first year is used).
        criteria: the number of criteria the table shows, when known (19, 10).
        province: the sheet's province, when known.
    """
    from ntm.loaders.form_set import fits_province  # form_set reads titles' level names

    when = year if year is not None else (period[0] if period else None)
    if when is None:
        return None
    found = []
    for criteria_set in catalog:
        start, stop = criteria_set.year_from, criteria_set.year_to
        if start is None or stop is None or not start <= when <= stop:
            continue
        name = fold(criteria_set.name_vi)
        kind = ADVANCED if "nang cao" in name else MODEL if "kieu mau" in name else BASIC
        if kind != (level or BASIC) or not fits_province(criteria_set, province):
            continue
        if criteria is not None and criteria_set.criteria_count != criteria:
            continue
        found.append(criteria_set)
    found.sort(key=lambda s: s.origin == "catalog")
    return found[0] if found else None
