"""Reading the title lines above a table: commune, district, province, level and year.

Official forms and summaries name what they are about in free text above the header:

    UBND XÃ KHÁNH BÌNH                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    BẢNG TỰ ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI NÂNG CAO NĂM 2023
    Xã Khánh Bình, huyện An Phú, tỉnh An Giang

Names are found after their administrative word (xã/phường/thị trấn, huyện/quận/thị xã/thành
phố, tỉnh) and end at punctuation or at the next such word; upper-case names are written in
title case ("KHÁNH BÌNH" → "Khánh Bình"). "xã nông thôn mới" and "xã hội" are not communes, "thị xã"
is a district, "tính đến" is not a province. The year is the one written after "năm" (not the
date line "ngày … tháng … năm …", not a period "2021-2025"). The level is advanced when the title
says "nâng cao", a model commune for "kiểu mẫu", basic otherwise. ``resolve_set`` turns level and
year into a criteria set of the catalog.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ntm.catalog import Catalog, CriteriaSet
from ntm.loaders.base import cell_text
from ntm.text import fold, is_blank

BASIC, ADVANCED, MODEL = "basic", "advanced", "model"
# Centrally-run cities: "thành phố Hà Nội" names a province, not a district.
_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
_STOP = (r"xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh|nam|giai doan|nang cao|kieu mau|nong thon"
         r"|dat|chua|theo|ve|tren|dia ban|cua|thuc hien|tham tra|tham dinh|danh gia|tu danh gia|tong hop"
         r"|bao cao|ket qua|bo tieu chi|trong|den|ngay|thang|tai|la|co|duoc|nhu|sau|va|cac")
_NAME = rf"(?P<name>(?:(?!(?:{_STOP})\b)[a-z0-9]+)(?:\s+(?!(?:{_STOP})\b)[a-z0-9]+){{0,4}})"
_COMMUNE = re.compile(
    rf"(?<![a-z])(?P<pre>cac\s+|thi\s+|cap\s+|moi\s+)?(?:xa|phuong|thi tran)\s*:?\s*{_NAME}")
_DISTRICT = re.compile(rf"(?<![a-z])(?P<pre>cac\s+|cap\s+)?(?:huyen|quan|thi xa|thanh pho)\s*:?\s*{_NAME}")
# "tỉnh" and "tính"/"tình" fold alike: the province word is matched with its diacritics.
_PROVINCE = re.compile(r"(?<![^\W\d_])(?:tỉnh|tinh(?=\s*:))\s*:?\s*(?=\S)")
_YEAR = re.compile(
    r"(?<![a-z])nam(?:\s+danh gia|\s+bao cao)?\s*:?\s*(?P<year>(?:19|20)\d\d)(?!\s*[-–—/]\s*\d)")
_DATE = re.compile(r"ngay\s*\S{0,6}\s*thang\s*\S{0,4}\s*nam\s*(?:19|20)\d\d")
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)")
_MOTTO = ("cong hoa xa hoi chu nghia", "doc lap - tu do", "doc lap tu do")


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
    rows: dict[str, int] = field(default_factory=dict)


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
    """Add what one title line says to ``titles`` (the first value found for each field wins)."""
    folded = fold_same_length(line)
    if any(motto in folded for motto in _MOTTO):
        return
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
    if not titles.commune:
        titles.commune = _first_name(_COMMUNE, folded, line)
        if titles.commune:
            titles.rows["commune"] = excel_row
    if not titles.district:
        for match in _DISTRICT.finditer(folded):
            if match.group("pre"):
                continue
            name = _shown(line, match)
            if fold(name) in _CITIES:
                if not titles.province:
                    titles.province = name
                    titles.rows["province"] = excel_row
                continue
            titles.district = name
            titles.rows["district"] = excel_row
            break
    if not titles.province:
        lowered = line.lower()
        for match in _PROVINCE.finditer(lowered):
            rest = re.match(_NAME, folded[match.end():])
            if rest and rest.group("name"):
                start = match.end()
                titles.province = _title_case(line[start:start + rest.end("name")].strip())
                titles.rows["province"] = excel_row
                break


def _first_name(pattern: re.Pattern, folded: str, line: str) -> str:
    for match in pattern.finditer(folded):
        if match.group("pre"):
            continue
        return _shown(line, match)
    return ""


def _shown(line: str, match: re.Match) -> str:
    return _title_case(line[match.start("name"):match.end("name")].strip())


def _title_case(name: str) -> str:
    """ "KHÁNH BÌNH" → "Khánh Bình"; names written in mixed case are kept."""
    name = " ".join(name.split())
    return name.title() if name.isupper() else name


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
