"""The units of both maps with their successions, and the look-ups resolution and lineage need.

A ``Registry`` is immutable: ``corrected`` returns a new one with a correction workbook's rows
applied. Name indexes are built on first use (0.6-1 s for both maps on a busy machine), so
creating a registry to look codes up is cheap. ``default_registry`` reads the dataset once per
process; a server shares that one registry between sessions (it is never changed in place).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

from ntm.text import fold, place_key, split_place_prefix
from ntm.units.dataset import MAPS, NEW, OLD, REORGANISATION, Dataset, Succession, Unit, read_dataset


def normalize_unit_code(value: object, width: int = 5) -> str:
    """A unit code as the dataset writes it: "30341", 30341, 30341.0 → "30341"; 91 → "91" (width 2).

    Blank or non-numeric values give "".
    """
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        if value != value or not value.is_integer():
            return ""
        value = int(value)
    text = str(value).strip()
    return text.zfill(width) if text.isdigit() else ""


def map_for_year(year: int | None) -> tuple[str, ...]:
    """The maps to search for an assessment of ``year``, most likely first.

    Up to 2024: the old map; from 2026: the new one; 2025 straddles 1 July and gives both (the
    caller decides, e.g. by whether a district is named). No year: both, new first.
    """
    if year is None:
        return (NEW, OLD)
    if year < REORGANISATION.year:
        return (OLD,)
    if year > REORGANISATION.year:
        return (NEW,)
    return (OLD, NEW)


def compact(key: str) -> str:
    """A folded key without spaces, as the dataset writes its keywords ("khanhbinh")."""
    return key.replace(" ", "")


@dataclass(frozen=True)
class NameIndex:
    """One map's commune names by province: exact (tone-aware) and diacritics-free keys."""

    toned: dict[tuple[str, str], list[Unit]]
    folded: dict[tuple[str, str], list[Unit]]
    by_province: dict[str, list[Unit]]


class Registry:
    """Units of the old and the new map, their successions, and look-ups by code and name."""

    def __init__(self, dataset: Dataset, corrections_source: str = "") -> None:
        self.dataset = dataset
        self.version = dataset.version + (f" + {corrections_source}" if corrections_source else "")
        self._units = {(u.map, u.code): u for u in dataset.units}
        self._names: dict[str, NameIndex] = {}
        self._successors: dict[tuple[str, str], list[Succession]] = defaultdict(list)
        self._predecessors: dict[tuple[str, str], list[Succession]] = defaultdict(list)
        for s in dataset.successions:
            self._successors[(s.old_map, s.old_code)].append(s)
            self._predecessors[(s.new_map, s.new_code)].append(s)

    # --- codes ------------------------------------------------------------------------------

    def unit(self, map_: str, code: object) -> Unit | None:
        """The unit with ``code`` in ``map_`` (OLD or NEW), or None."""
        return self._units.get((map_, normalize_unit_code(code)))

    def units(self, map_: str | None = None) -> list[Unit]:
        """Every unit of ``map_`` (both maps when None)."""
        return [u for u in self._units.values() if map_ is None or u.map == map_]

    def successors(self, old_code: object, map_: str = OLD) -> list[Succession]:
        """What a unit of ``map_`` became (several rows when it was divided), main part first."""
        rows = self._successors.get((map_, normalize_unit_code(old_code)), [])
        return sorted(rows, key=lambda s: (not s.main, s.new_code))

    def main_successor(self, old_code: object, map_: str = OLD) -> Succession | None:
        """The succession its history follows: the whole unit's, or its main part's."""
        rows = self.successors(old_code, map_)
        return rows[0] if rows else None

    def predecessors(self, new_code: object, map_: str = NEW) -> list[Succession]:
        """The units (or parts of units) a unit of ``map_`` was made of, by old code."""
        rows = self._predecessors.get((map_, normalize_unit_code(new_code)), [])
        return sorted(rows, key=lambda s: s.old_code)

    def successions(self) -> list[Succession]:
        """Every succession, by date and old code."""
        return sorted(self.dataset.successions,
                      key=lambda s: (s.effective, s.old_code, not s.main, s.new_code))

    def current(self, map_: str, code: object) -> Unit | None:
        """The unit of today's map a unit's history belongs to (following main parts, any number
        of steps); the unit itself when it has no successor; None for an unknown code."""
        unit = self.unit(map_, code)
        seen = set()
        while unit is not None and (unit.map, unit.code) not in seen:
            seen.add((unit.map, unit.code))
            step = self.main_successor(unit.code, unit.map)
            if step is None:
                return unit
            unit = self.unit(step.new_map, step.new_code)
        return unit

    def ancestors(self, map_: str, code: object) -> list[tuple[Unit, Succession]]:
        """Every earlier unit whose history (whole, or a part) flows into this unit, with the
        succession that links it, nearest first; a unit reached twice is listed once."""
        out: list[tuple[Unit, Succession]] = []
        seen = {(map_, normalize_unit_code(code))}
        frontier = [(map_, normalize_unit_code(code))]
        while frontier:
            step_map, step_code = frontier.pop(0)
            for s in self.predecessors(step_code, step_map):
                key = (s.old_map, s.old_code)
                unit = self.unit(*key)
                if key in seen or unit is None:
                    continue
                seen.add(key)
                out.append((unit, s))
                frontier.append(key)
        return out

    # --- provinces ----------------------------------------------------------------------------

    @cached_property
    def _provinces(self) -> dict[str, dict[str, str]]:
        """Per map: province code → province name."""
        out: dict[str, dict[str, str]] = {m: {} for m in MAPS}
        for u in self._units.values():
            out[u.map].setdefault(u.province_code, u.province)
        return out

    def provinces(self, map_: str) -> dict[str, str]:
        """Province code → name in ``map_``."""
        return dict(self._provinces[map_])

    @cached_property
    def _province_keys(self) -> dict[str, dict[str, set[str]]]:
        """Per map: compact key → province codes (names, short names and the dataset's keywords)."""
        out: dict[str, dict[str, set[str]]] = {m: defaultdict(set) for m in MAPS}
        for m in MAPS:
            for code, name in self._provinces[m].items():
                keys = {compact(place_key(name)), compact(fold(name)),
                        *self.dataset.province_keywords.get((m, code), ())}
                for key in keys:
                    out[m][key].add(code)
        return out

    def find_provinces(self, map_: str, text: str) -> set[str]:
        """Codes of the provinces of ``map_`` that ``text`` names ("An Giang", "tỉnh An Giang", "TP HCM")."""
        keys = {compact(place_key(text)), compact(fold(text))}
        return set().union(*(self._province_keys[map_].get(k, set()) for k in keys))

    def province_successor(self, old_province_code: str) -> str | None:
        """The new province an old province became part of."""
        return self.dataset.province_successor.get(old_province_code)

    def province_suggestions(self, map_: str, text: str, limit: int = 3) -> list[str]:
        """Province names of ``map_`` close to ``text`` (for "did you mean")."""
        names = {place_key(n): split_place_prefix(n)[1] for n in self._provinces[map_].values()}
        close = difflib.get_close_matches(place_key(text), list(names), n=limit, cutoff=0.7)
        return [names[k] for k in close]

    # --- names ------------------------------------------------------------------------------

    def names(self, map_: str) -> NameIndex:
        """``map_``'s communes by (province code, key), built on first use and kept by the registry."""
        if map_ not in self._names:
            self._names[map_] = self._build_names(map_)
        return self._names[map_]

    def _build_names(self, map_: str) -> NameIndex:
        toned: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        folded: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        by_province: dict[str, list[Unit]] = defaultdict(list)
        for u in self.units(map_):
            short = u.short_name
            toned[(u.province_code, place_key(short, tones=True, prefix=False))].append(u)
            keys = {compact(place_key(short, prefix=False)), *u.keywords}
            for key in keys:
                folded[(u.province_code, key)].append(u)
            by_province[u.province_code].append(u)
        return NameIndex(dict(toned), dict(folded), dict(by_province))

    @cached_property
    def _district_keys(self) -> dict[tuple[str, str], set[str]]:
        """(province code, compact district key) → old-map district codes."""
        out: dict[tuple[str, str], set[str]] = defaultdict(set)
        names = {(u.province_code, u.district, u.district_code) for u in self.units(OLD) if u.district}
        for province_code, district, district_code in names:
            out[(province_code, compact(place_key(district)))].add(district_code)
        return dict(out)

    def district_codes(self, province_code: str, text: str) -> set[str]:
        """Old-map district codes of ``province_code`` named by ``text`` ("Huyện An Phú", "An Phu")."""
        return set(self._district_keys.get((province_code, compact(place_key(text))), set()))

    # --- corrections ----------------------------------------------------------------------------

    def corrected(self, successions: list[Succession], units: list[Unit], source: str) -> Registry:
        """A registry where ``successions`` replace the dataset's for the same old codes, and
        ``units`` (units the dataset lacks or names differently) are added or replace theirs."""
        replaced = {(s.old_map, s.old_code) for s in successions}
        kept = [s for s in self.dataset.successions if (s.old_map, s.old_code) not in replaced]
        by_key = {(u.map, u.code): u for u in self.dataset.units}
        by_key.update({(u.map, u.code): u for u in units})
        dataset = Dataset(tuple(by_key.values()), tuple(kept + list(successions)),
                          self.dataset.province_successor, self.dataset.province_keywords,
                          self.dataset.version)
        return Registry(dataset, source)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The registry of the installed dataset, read once per process."""
    return Registry(read_dataset())


def effective_map(day: date) -> str:
    """The map in force on ``day``."""
    return NEW if day >= REORGANISATION else OLD


__all__ = ["NameIndex", "Registry", "compact", "default_registry", "effective_map", "map_for_year",
           "normalize_unit_code"]
