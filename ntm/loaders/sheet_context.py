"""Which commune, year and criteria set a sheet is about, from its title lines and the caller.

The sheet's own title lines win; the caller's options (``LoadOptions``) fill what they lack, and a
caller's value that the title contradicts is reported (``option-differs``), as are title lines that
name a place differently in capitals and in mixed case (``title-disagrees``). What neither gives is a
sheet-level error that says what to add: a title line, or the option to pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ntm.catalog import CriteriaSet
from ntm.errors import UnknownSetError
from ntm.loaders.base import ReadContext
from ntm.loaders.names import name_key
from ntm.loaders.titles import ADVANCED, MODEL, Titles, has_diacritics, resolve_set
from ntm.schema import ERROR, WARNING, Problem
from ntm.text import nfc, split_place_prefix

_FIELDS = {
    "province": ("tỉnh", "province", "province="),
    "district": ("huyện", "district", "district="),
    "commune": ("xã", "commune", "commune="),
    "year": ("năm", "year", "year="),
}


@dataclass
class SheetContext:
    """What a sheet is about, where each value came from, and the problems found on the way."""

    province: str = ""
    district: str = ""
    commune: str = ""
    year: int | None = None
    criteria_set: CriteriaSet | None = None
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def strip_commune_prefix(name: str, diacritics: bool | None = None) -> str:
    """ "xã Khánh Bình", "UBND xã Khánh Bình", "X. Khánh Bình" → "Khánh Bình" (the template writes
    bare names); other units' words ("Phường 1", "Thị trấn Long Bình") are kept.

    The prefix must be spelled "xã" where the name is written with diacritics: "Xà Phiên", "Xá
    Lượng" are names. A name typed without any is read by its letters ("Xa Khanh Binh" → "Khanh
    Binh"), unless ``diacritics`` says its sheet is written with them: then "Xa Dung" is a name.
    """
    text = nfc(name)
    if diacritics and not has_diacritics(text):
        return text.strip()
    kind, bare = split_place_prefix(text)
    return bare if kind in ("xa", "") else text.strip()


def resolve_context(titles: Titles, context: ReadContext, sheet: str, header_row: int, *,
                    need_commune: bool = True, criteria: int | None = None) -> SheetContext:
    """The sheet's commune, district, province, year and set.

    Args:
        titles: what the title lines say.
        context: the catalog and the caller's options.
        sheet: the sheet's name (for problems).
        header_row: the Excel row of the header (problems about the title are placed there).
        need_commune: False for a summary (its communes are rows).
        criteria: the number of criteria columns of a summary (helps tell 2026 from 2021 sets).
    """
    options = context.options
    out = SheetContext()
    given = {"province": options.province, "district": options.district,
             "commune": options.commune, "year": options.year}
    found = {"province": titles.province, "district": titles.district, "commune": titles.commune,
             "year": titles.year}
    for name, value in found.items():
        option = given[name]
        if name == "commune" and not need_commune:
            continue
        if value not in ("", None):
            setattr(out, name, value)
            out.sources[name] = f"tiêu đề (dòng {titles.rows.get(name, header_row)})"
            if option not in ("", None) and not _same(name, value, option):
                row = titles.rows.get(name, header_row)
                out.problems.append(_option_differs(name, value, option, sheet, row))
        elif option not in ("", None):
            setattr(out, name, strip_commune_prefix(option) if name == "commune" else option)
            out.sources[name] = _FIELDS[name][2] + str(option)
    out.problems += _title_disagrees(titles, sheet, need_commune)
    if need_commune and not out.commune:
        out.missing.append("commune")
        out.problems.append(_missing(sheet, header_row, "commune"))
    if out.year is None:
        out.missing.append("year")
        out.problems.append(_missing(sheet, header_row, "year"))
    out.criteria_set = _criteria_set(titles, context, out, sheet, header_row, criteria)
    return out


def _same(name: str, value: object, option: object) -> bool:
    if name == "year":
        return str(value) == str(option).strip()
    # The title's name is bare already ("Xa Dung" is a name); the caller's may carry "xã".
    key = name_key(str(value))
    return key in (name_key(str(option).strip()), name_key(strip_commune_prefix(str(option))))


def _title_disagrees(titles: Titles, sheet: str, need_commune: bool) -> list[Problem]:
    """A warning per place the title names one way in capitals and another in mixed case."""
    problems = []
    for name, (upper, upper_row), (kept, kept_row) in titles.disagreements():
        if name == "commune" and not need_commune:
            continue
        vi, en, _ = _FIELDS[name]
        problems.append(Problem(
            WARNING, "title-disagrees",
            f"Trang '{sheet}': tiêu đề ghi {vi} '{upper}' (dòng {upper_row}) nhưng dòng {kept_row} ghi {vi} "
            f"'{kept}'; dùng '{kept}'. Hãy sửa tiêu đề cho thống nhất.",
            f"Sheet '{sheet}': the title names the {en} '{upper}' (row {upper_row}) but row {kept_row} names "
            f"it '{kept}'; '{kept}' is used. Make the title lines agree.",
            sheet=sheet, row=kept_row, column="tiêu đề", value=kept))
    return problems


def _criteria_set(titles: Titles, context: ReadContext, out: SheetContext, sheet: str, header_row: int,
                  criteria: int | None) -> CriteriaSet | None:
    catalog = context.catalog
    if context.options.criteria_set:
        try:
            chosen = catalog.get(context.options.criteria_set)
        except UnknownSetError:
            chosen = None
        if chosen is not None:
            out.sources["criteria_set"] = f"criteria_set={chosen.id}"
            return chosen
    level = titles.level
    found = resolve_set(catalog, level, out.year, titles.period, criteria, out.province)
    if found is None and criteria is not None:
        found = resolve_set(catalog, level, out.year, titles.period, province=out.province)
    if found is not None:
        out.sources["criteria_set"] = "tiêu đề (mức độ và năm)"
        if not titles.mentions_ntm:
            out.problems.append(Problem(
                WARNING, "set-assumed",
                f"Trang '{sheet}': tiêu đề không nói rõ là bộ tiêu chí nông thôn mới nào; theo năm "
                f"{out.year} được hiểu là {found.label}. Nếu không đúng, hãy ghi rõ trong tiêu đề (ví dụ 'xã "
                "nông thôn mới nâng cao năm 2023') hoặc chọn bộ tiêu chí khi tải lên.",
                f"Sheet '{sheet}': the title does not say which New Rural Development set applies; from the "
                f"year {out.year} it is read as {found.label}. If that is wrong, say it in the title (e.g. "
                "'xã nông thôn mới nâng cao năm 2023') or choose the set when uploading.",
                sheet=sheet, row=header_row, column="tiêu đề", value=found.id))
        return found
    if out.year is None:
        return None  # the missing year is already reported
    what_vi = {ADVANCED: "nông thôn mới nâng cao", MODEL: "nông thôn mới kiểu mẫu"}.get(
        level, "nông thôn mới")
    what_en = {ADVANCED: "advanced", MODEL: "model"}.get(level, "basic")
    known = "; ".join(s.label for s in catalog)
    out.missing.append("criteria_set")
    out.problems.append(Problem(
        ERROR, "unknown-set",
        f"Trang '{sheet}': không có bộ tiêu chí {what_vi} nào cho năm {out.year} trong danh mục ({known}). "
        "Hãy tải lên bộ tiêu chí của tỉnh, hoặc chọn bộ tiêu chí khi tải lên; không dòng nào của trang này "
        "được dùng.",
        f"Sheet '{sheet}': the catalog has no {what_en} criteria set for {out.year} ({known}). Upload your "
        "province's set or choose the set when uploading; no row of this sheet is used.",
        sheet=sheet, row=header_row, column="tiêu đề", value=str(out.year)))
    return None


def _missing(sheet: str, header_row: int, name: str) -> Problem:
    vi, en, option = _FIELDS[name]
    example = {"commune": "'Xã Khánh Bình, huyện An Phú, tỉnh An Giang'", "year": "'... NĂM 2023'"}[name]
    return Problem(
        ERROR, f"missing-{name}",
        f"Trang '{sheet}': các dòng tiêu đề phía trên bảng (trên dòng {header_row}) không ghi {vi}. Hãy thêm "
        f"một dòng tiêu đề như {example}, hoặc ghi {vi} khi tải lên ({option}…); không dòng nào của trang "
        "này được dùng.",
        f"Sheet '{sheet}': the title lines above the table (above row {header_row}) do not name the {en}. "
        f"Add a title line such as {example}, or give the {en} when uploading ({option}…); no row of this "
        "sheet is used.",
        sheet=sheet, row=header_row, column="tiêu đề")


def _option_differs(name: str, value: object, option: object, sheet: str, row: int) -> Problem:
    vi, en, _ = _FIELDS[name]
    return Problem(
        WARNING, "option-differs",
        f"Trang '{sheet}': tiêu đề ghi {vi} '{value}', khác với {vi} '{option}' được chọn khi tải lên; dùng "
        f"'{value}' theo tiêu đề.",
        f"Sheet '{sheet}': the title names the {en} '{value}', not the '{option}' given when uploading; "
        f"'{value}' from the title is used.",
        sheet=sheet, row=row, column="tiêu đề", value=str(value))
