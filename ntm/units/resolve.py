"""Resolve a commune named in an assessment to an official unit of the map in force that year.

Names are matched however officials type them: any case, with or without diacritics, NFD or NFC,
extra spaces, the tone mark on either vowel (hòa/hoà), with "xã", "UBND xã", "thị trấn", "TT.",
"phường" … before them (``ntm.text.place_key``), and under former names or other spellings the
dataset knows. A name that matches no unit, or several, is never guessed: the ``Resolution``
carries no unit and a problem (Vietnamese and English) naming the closest official names
("Không tìm thấy xã 'Khanh Bnh' ở An Giang — có phải 'Khánh Bình'?").

Which map: an assessment year up to 2024 uses the map before 1 July 2025 (63 provinces, with
districts), from 2026 the map after. 2025 straddles the date: a form naming a district is read
on the old map first, otherwise the new one first; the other map is tried when the first has no
match, and a warning says which was used.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ntm.schema import ERROR, WARNING, Problem
from ntm.text import fold, nfc, place_key, split_place_prefix
from ntm.units.dataset import MAP_LABELS, NEW, OLD, REORGANISATION, Unit
from ntm.units.registry import Registry, compact, default_registry, map_for_year, normalize_unit_code

# How a unit was found (Resolution.matched_by).
BY_CODE, BY_NAME, BY_SPELLING = "code", "name", "spelling"
_SUGGESTIONS = 3
_CUTOFF = 0.75  # difflib ratio; "khanh bnh" vs "khanh binh" is 0.95, "khanh an" vs "khanh binh" 0.67


@dataclass(frozen=True)
class Resolution:
    """What a reported commune resolved to.

    ``unit`` is None when the name is unknown, ambiguous or contradicts the code; ``problems``
    then holds an error explaining why, with ``suggestions`` (official units) to choose from.
    Warnings (a spelling read by its letters only, a 2025 form read on one map) may come with a
    unit too.
    """

    commune: str
    province: str = ""
    district: str = ""
    year: int | None = None
    map: str | None = None
    unit: Unit | None = None
    matched_by: str = ""
    suggestions: tuple[Unit, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when a unit was found and no error-severity problem came with it."""
        return self.unit is not None and not any(p.severity == ERROR for p in self.problems)

    def message(self, lang: str = "vi") -> str:
        """One line for a person: the unit found, or the first problem."""
        for p in self.problems:
            if p.severity == ERROR:
                return p.message_en if lang == "en" else p.message
        u = self.unit
        if u is None:
            return ""
        map_vi, map_en = MAP_LABELS[u.map]
        if lang == "en":
            return f"{u.label()} — code {u.code}, {map_en}."
        return f"{u.label()} — mã {u.code}, {map_vi}."


def resolve_commune(commune: object, *, province: object = None, district: object = None,
                    year: int | None = None, code: object = None,
                    registry: Registry | None = None) -> Resolution:
    """The official unit a reported commune names, in the map in force for ``year``.

    Args:
        commune: the commune as written ("UBND xã Khánh Bình", "Khanh Binh", NFD text …).
        province: the province as written (a former province name is understood after 2025).
        district: the district as written (old map only; narrows the search).
        year: the assessment year (None: the new map, then the old one).
        code: the commune code if the file has one (checked against the name).
        registry: units and lineage (default: the installed dataset).

    Returns:
        A ``Resolution``; never raises for bad names.
    """
    registry = registry or default_registry()
    text, prov, dist = nfc(commune), nfc(province), nfc(district)
    maps = map_for_year(year)
    if len(maps) > 1 and year is not None and not dist:
        maps = (NEW, OLD)
    first: Resolution | None = None
    for map_ in maps:
        found = _resolve_in(registry, map_, text, prov, dist, normalize_unit_code(code), year)
        if found.unit is not None:
            if len(maps) > 1 and year == REORGANISATION.year:
                found = _with(found, _straddle_warning(found, map_))
            return found
        first = first or found
    return first


def _with(resolution: Resolution, *problems: Problem, **changes) -> Resolution:
    from dataclasses import replace

    return replace(resolution, problems=resolution.problems + problems, **changes)


def _resolve_in(registry: Registry, map_: str, text: str, prov: str, dist: str, code: str,
                year: int | None) -> Resolution:
    base = Resolution(commune=text, province=prov, district=dist, year=year, map=map_)
    provinces, problems = _provinces(registry, map_, prov)
    if provinces is None:
        return _with(base, *problems)
    base = _with(base, *problems)
    districts: set[str] = set()
    if dist and map_ == OLD:
        districts = set().union(*(registry.district_codes(p, dist) for p in provinces))
        if not districts:
            base = _with(base, _unknown_district(dist, prov))
    if code:
        found = _by_code(registry, map_, base, text, code, provinces)
        if found is not None:
            return found
        base = _with(base, _unknown_code(code, map_))
    if not text:
        return _with(base, Problem(ERROR, "missing-commune", "Thiếu tên xã.", "The commune name is missing.",
                                   value=text))
    return _by_name(registry, map_, base, text, provinces, districts)


def _provinces(registry: Registry, map_: str, prov: str) -> tuple[set[str] | None, list[Problem]]:
    """Province codes to search, or None (and an error) when the province is unknown."""
    if not prov:
        return set(registry.provinces(map_)), []
    codes = registry.find_provinces(map_, prov)
    if codes:
        return codes, []
    if map_ == NEW:
        former = {registry.province_successor(c) for c in registry.find_provinces(OLD, prov)} - {None}
        if former:
            names = ", ".join(registry.provinces(NEW)[c] for c in sorted(former))
            return former, [Problem(
                WARNING, "former-province",
                f"Tỉnh '{prov}' không còn từ 1/7/2025; xã được tìm trong {names}.",
                f"The province '{prov}' no longer exists since 1 July 2025; "
                f"the commune is looked up in {names}.",
                value=prov)]
    close = registry.province_suggestions(map_, prov)
    hint_vi = f" — có phải {_or(close, 'hay')}?" if close else "."
    hint_en = f" — did you mean {_or(close, 'or')}?" if close else "."
    return None, [Problem(ERROR, "unknown-province", f"Không tìm thấy tỉnh '{prov}'{hint_vi}",
                          f"No province '{prov}'{hint_en}", value=prov)]


def _names_agree(unit: Unit, text: str) -> bool:
    keys = {compact(place_key(text)), compact(place_key(text, prefix=False))}
    return compact(place_key(unit.short_name, prefix=False)) in keys or bool(keys & set(unit.keywords))


def _by_code(registry: Registry, map_: str, base: Resolution, text: str, code: str,
             provinces: set[str]) -> Resolution | None:
    unit = registry.unit(map_, code)
    if unit is None:
        return None
    if unit.province_code in provinces and (not text or _names_agree(unit, text)):
        return _with(base, unit=unit, matched_by=BY_CODE)
    by_name = _by_name(registry, map_, base, text, provinces, set()) if text else None
    options = tuple(u for u in (unit, by_name.unit if by_name else None) if u is not None)
    named = by_name.unit if by_name else None
    other = f" (tên này là {named.label()}, mã {named.code})" if named else ""
    other_en = f" (that name is {named.label()}, code {named.code})" if named else ""
    return _with(base, Problem(
        ERROR, "commune-code-conflict",
        f"Mã xã {code} là {unit.label()}, không khớp với tên '{text}'{other}. Sửa mã hoặc tên.",
        f"Commune code {code} is {unit.label()}, which does not match the name '{text}'{other_en}. "
        "Correct the code or the name.", value=code), suggestions=options)


def _unknown_code(code: str, map_: str) -> Problem:
    map_vi, map_en = MAP_LABELS[map_]
    return Problem(WARNING, "unknown-commune-code",
                   f"Mã xã {code} không có trong {map_vi}; xã được tìm theo tên.",
                   f"Commune code {code} is not in {map_en}; the commune is looked up by name.", value=code)


def _unknown_district(dist: str, prov: str) -> Problem:
    where_vi, where_en = (f" ở {prov}", f" in {prov}") if prov else ("", "")
    return Problem(WARNING, "unknown-district",
                   f"Không tìm thấy huyện '{dist}'{where_vi}; xã được tìm trong cả tỉnh.",
                   f"No district '{dist}'{where_en}; the commune is looked up in the whole province.",
                   value=dist)


def _by_name(registry: Registry, map_: str, base: Resolution, text: str, provinces: set[str],
             districts: set[str]) -> Resolution:
    index = registry.names(map_)
    kind, short = split_place_prefix(text)
    toned = place_key(text, tones=True)
    found = _unique(u for p in provinces for u in index.toned.get((p, toned), []))
    matched_by = BY_NAME
    if not found:
        keys = {compact(place_key(text)), compact(place_key(text, prefix=False))}
        found = _unique(u for p in provinces for k in keys for u in index.folded.get((p, k), []))
        matched_by = BY_SPELLING
    problems: list[Problem] = []
    if districts and found:
        inside = [u for u in found if u.district_code in districts]
        if inside:
            found = inside
        elif len(found) == 1:
            problems.append(_other_district(text, base.district, found[0]))
    if len(found) > 1 and kind:
        same_kind = [u for u in found if u.kind == kind]
        found = same_kind or found
    if len(found) == 1:
        unit = found[0]
        typed_marks = fold(short) != short.lower()
        if matched_by == BY_SPELLING and typed_marks:
            problems.append(_spelling(text, unit))
        return _with(base, *problems, unit=unit, matched_by=matched_by)
    if found:
        return _with(base, *problems, _ambiguous(text, base, found), suggestions=tuple(found))
    close = _close(registry, map_, text, provinces, districts)
    return _with(base, *problems, _unknown(text, base, close), suggestions=tuple(close))


def _unique(units) -> list[Unit]:
    seen: dict[tuple[str, str], Unit] = {}
    for u in units:
        seen.setdefault((u.map, u.code), u)
    return sorted(seen.values(), key=lambda u: (u.province_code, u.district_code, u.code))


def _close(registry: Registry, map_: str, text: str, provinces: set[str], districts: set[str]) -> list[Unit]:
    """Up to three units whose names are closest to ``text`` (in the district first, then the province)."""
    index = registry.names(map_)
    pool = [u for p in sorted(provinces) for u in index.by_province.get(p, [])]
    scopes = [[u for u in pool if u.district_code in districts], pool] if districts else [pool]
    key = place_key(text)
    for scope in scopes:
        by_key: dict[str, list[Unit]] = {}
        for u in scope:
            by_key.setdefault(place_key(u.short_name, prefix=False), []).append(u)
        close = difflib.get_close_matches(key, list(by_key), n=_SUGGESTIONS, cutoff=_CUTOFF)
        if close:
            return [u for k in close for u in by_key[k]][:_SUGGESTIONS]
    return []


def _names(units: list[Unit], with_district: bool) -> list[str]:
    """How to name suggested units so that each can be told apart."""
    shorts = [u.short_name for u in units]
    out = []
    for u in units:
        name = u.short_name if shorts.count(u.short_name) == 1 else u.name
        place = u.district if (with_district or shorts.count(u.short_name) > 1) and u.district else ""
        out.append(f"'{name}'" + (f" ({split_place_prefix(place)[1]})" if place else ""))
    return out


def _or(items: list[str], word: str) -> str:
    quoted = [i if i.startswith("'") else f"'{i}'" for i in items]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {word} {quoted[-1]}"


def _where(base: Resolution) -> tuple[str, str]:
    places = [p for p in (base.district, base.province) if p]
    if not places:
        return "trong danh mục", "in the list"
    return f"ở {', '.join(places)}", f"in {', '.join(places)}"


def _unknown(text: str, base: Resolution, close: list[Unit]) -> Problem:
    where_vi, where_en = _where(base)
    names = _names(close, with_district=base.map == OLD and not base.district)
    hint_vi = f" — có phải {_or(names, 'hay')}?" if close else ". Kiểm tra lại tên hoặc ghi mã xã."
    hint_en = (f" — did you mean {_or(names, 'or')}?" if close
               else ". Check the name or give the commune code.")
    return Problem(ERROR, "unknown-commune", f"Không tìm thấy xã '{text}' {where_vi}{hint_vi}",
                   f"No commune '{text}' {where_en}{hint_en}", value=text)


def _ambiguous(text: str, base: Resolution, found: list[Unit]) -> Problem:
    where_vi, where_en = _where(base)
    names = _names(found, with_district=base.map == OLD)
    return Problem(ERROR, "ambiguous-commune",
                   f"Có {len(found)} xã tên '{text}' {where_vi}: {_or(names, 'và')}. Ghi rõ huyện, loại (xã, "
                   "phường, thị trấn) hoặc mã xã.",
                   f"{len(found)} communes are named '{text}' {where_en}: {_or(names, 'and')}. "
                   "Give the district, the kind (xã, phường, thị trấn) or the commune code.", value=text)


def _spelling(text: str, unit: Unit) -> Problem:
    return Problem(WARNING, "commune-spelling",
                   f"'{text}' được hiểu là {unit.name} (khác dấu). Nên ghi đúng tên chính thức.",
                   f"'{text}' is read as {unit.name} (different diacritics). Better write the official name.",
                   value=text)


def _other_district(text: str, dist: str, unit: Unit) -> Problem:
    return Problem(WARNING, "commune-in-other-district",
                   f"'{text}' không thuộc huyện '{dist}' mà thuộc {unit.district}; dùng {unit.label()}.",
                   f"'{text}' is not in the district '{dist}' but in {unit.district}; using {unit.label()}.",
                   value=text)


def _straddle_warning(found: Resolution, map_: str) -> Problem:
    map_vi, map_en = MAP_LABELS[map_]
    return Problem(WARNING, "map-2025",
                   f"Năm 2025 có hai bản đồ hành chính (trước và từ 1/7/2025); '{found.commune}' "
                   f"được đọc theo {map_vi}.",
                   f"2025 has two administrative maps (before and from 1 July 2025); '{found.commune}' "
                   f"is read on {map_en}.", value=found.commune)


__all__ = ["BY_CODE", "BY_NAME", "BY_SPELLING", "Resolution", "resolve_commune"]
