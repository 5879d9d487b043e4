"""Official units for a scores frame, and history "on today's map".

Two views of a commune's history (issue: the switch on the overview, profile and progress pages):

* **as reported** — the units of each year: ``attach_units`` only adds the official unit columns
  to the scores frame (the unit of the year's map, the pre-reorganisation unit, today's unit);
* **on today's map** — ``history_on_todays_map``: every assessment placed under the commune it
  belongs to today. Each predecessor keeps its own series (never merged into one number), and
  a combined series per year says how many of the predecessors were assessed and how many had
  reached the standard, and the mean of their ratios.

Across a change of criteria set family (``ntm`` 2021–2025, 19 criteria → ``ntm-2026``, 10
criteria) the numbers are different measures: rows carry a ``segment`` number that changes at
the break, ``set_break`` marks the first year after it, and the note says to compare ratios only.
Counts are never added across units or sets: the combined series has no criteria counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ntm.errors import NtmError
from ntm.schema import Problem, problems_frame
from ntm.units.dataset import NEW, OLD, Unit
from ntm.units.registry import Registry, default_registry, normalize_unit_code
from ntm.units.resolve import resolve_commune

UNIT_COLUMNS = ["unit_map", "unit_code", "unit_name", "old_code", "old_name", "new_code", "new_name",
                "new_province", "unit_matched_by"]
HISTORY_COLUMNS = [
    "today_code", "today_name", "today_province",
    "series", "series_code", "series_name", "series_map", "part",
    "year", "criteria_set", "family", "segment", "set_break",
    "criteria_met", "criteria_total", "criteria_pct", "reached_standard",
    "units_assessed", "units_reached", "units_total", "note", "note_en",
]
UNIT_SERIES, COMBINED_SERIES = "unit", "combined"
VIEWS = {
    "reported": ("Theo đơn vị khi báo cáo", "As reported"),
    "today": ("Theo bản đồ hành chính hiện nay", "On today's map"),
}
NOTE_SET_BREAK_VI = ("Đổi bộ tiêu chí ({a} → {b}): số tiêu chí khác nhau, chỉ so sánh tỷ lệ, "
                     "không cộng hay so sánh số tiêu chí.")
NOTE_SET_BREAK_EN = ("Criteria set changed ({a} → {b}): the number of criteria differs; compare ratios only, "
                     "never add or compare counts.")


@dataclass(frozen=True)
class AttachedUnits:
    """A scores frame with ``UNIT_COLUMNS`` added, and the problems of names that did not resolve."""

    frame: pd.DataFrame
    problems: pd.DataFrame


def _bucket(year: object) -> int | None:
    """Years that resolve alike (all before 2025 share the old map, all after the new one)."""
    if year is None or pd.isna(year):
        return None
    year = int(year)
    return 2024 if year < 2025 else 2026 if year > 2025 else 2025


def attach_units(scores: pd.DataFrame, registry: Registry | None = None) -> AttachedUnits:
    """Add the official units to ``scores`` (one row per assessment, as ``score_assessments`` or
    the store give it: ``province``, ``district``, ``commune``, ``commune_code``, ``year`` …).

    Columns added (strings; NA where the commune did not resolve):
        unit_map: "old" (map before 1 July 2025) or "new"; unit_code, unit_name: the unit of the
        year's map; old_code, old_name: the pre-reorganisation unit (NA for new-map rows);
        new_code, new_name, new_province: the unit it is part of on today's map (for a divided
        unit, the one that took its main part); unit_matched_by: "code", "name" or "spelling".

    Each distinct (place, code, year's map) is resolved once. Rows are never dropped or reordered.
    """
    registry = registry or default_registry()
    keys = ["province", "district", "commune", "commune_code"]
    frame = scores.copy()
    bucket = frame["year"].map(_bucket) if len(frame) else pd.Series([], dtype=object)
    distinct = frame[keys].astype(object).assign(_bucket=bucket.to_numpy()).drop_duplicates()
    resolved: dict[tuple, tuple] = {}
    problems: list[Problem] = []
    for row in distinct.itertuples(index=False):
        province, district, commune, code, year = (None if pd.isna(v) else v for v in row)
        found = resolve_commune(commune, province=province, district=district, year=year, code=code,
                                registry=registry)
        problems.extend(found.problems)
        resolved[tuple(row)] = _unit_values(registry, found.unit if found.ok else None, found.matched_by)
    lookup = [resolved[tuple(r)] for r in frame[keys].astype(object).assign(_bucket=bucket.to_numpy())
              .itertuples(index=False)]
    values = list(zip(*lookup)) if lookup else [[] for _ in UNIT_COLUMNS]
    for column, column_values in zip(UNIT_COLUMNS, values):
        frame[column] = pd.array(list(column_values), dtype="string")
    unique = list(dict.fromkeys(problems))
    return AttachedUnits(frame, problems_frame([_placed(p) for p in unique]))


def _placed(problem: Problem) -> Problem:
    from dataclasses import replace

    return replace(problem, column=problem.column or "commune")


def _unit_values(registry: Registry, unit: Unit | None, matched_by: str) -> tuple:
    if unit is None:
        return (None,) * len(UNIT_COLUMNS)
    today = registry.current(unit.map, unit.code) or unit
    old = unit if unit.map == OLD else None
    return (unit.map, unit.code, unit.name, old.code if old else None, old.name if old else None,
            today.code if today.map == NEW else None, today.name if today.map == NEW else None,
            today.province if today.map == NEW else None, matched_by)


def _families(sets: pd.Series, catalog) -> dict[str, str]:
    out = {}
    for set_id in pd.unique(sets.dropna().astype(str)):
        try:
            out[set_id] = catalog.get(set_id).family if catalog is not None else set_id
        except NtmError:
            out[set_id] = set_id
    return out


def history_on_todays_map(attached: pd.DataFrame, registry: Registry | None = None,
                          catalog=None) -> pd.DataFrame:
    """History grouped under today's communes: each predecessor's series plus a combined series.

    Args:
        attached: ``attach_units(...).frame`` (rows without ``new_code`` are left out: their
            commune did not resolve, and the problems say why).
        registry: units and lineage (default: the installed dataset).
        catalog: criteria sets, for set families (without it each set is its own family).

    Returns:
        Columns ``HISTORY_COLUMNS``, sorted by today's unit, year, set, series. ``series`` is
        "unit" (one predecessor's — or today's unit's own — assessment, with its numbers as
        reported) or "combined" (per today's unit, year and set: ``units_assessed`` of
        ``units_total`` units of that year's map, ``units_reached`` of them reached the standard,
        ``criteria_pct`` the mean of their ratios in % (0–100); no criteria counts). A divided
        old unit appears under each unit that took a part of it (``part`` True). ``segment``
        counts criteria-set families in year order per today's unit; ``set_break`` is True in
        the first year of a new family, with ``note``/``note_en`` saying to compare ratios only.
        A combined row's ``reached_standard`` is True only when every unit of that year's map reached it.
    """
    registry = registry or default_registry()
    rows = attached[attached["new_code"].notna()]
    unit_rows = []
    for r in rows.itertuples(index=False):
        for today, part in _todays_units(registry, r.unit_map, r.unit_code):
            unit_rows.append({
                "today_code": today.code, "today_name": today.name, "today_province": today.province,
                "series": UNIT_SERIES, "series_code": r.unit_code, "series_name": r.unit_name,
                "series_map": r.unit_map,
                "part": part, "year": r.year, "criteria_set": r.criteria_set, "criteria_met": r.criteria_met,
                "criteria_total": r.criteria_total, "criteria_pct": r.criteria_pct,
                "reached_standard": False if pd.isna(r.reached_standard) else bool(r.reached_standard),
            })
    if not unit_rows:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    units = pd.DataFrame(unit_rows)
    if units.empty:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    combined = _combined(units, registry)
    out = pd.concat([units, combined], ignore_index=True)
    out = _mark_set_breaks(out, _families(out["criteria_set"], catalog))
    out["series_order"] = (out["series"] == COMBINED_SERIES).astype(int)
    order = ["today_province", "today_code", "year", "criteria_set", "series_order", "series_code"]
    out = out.sort_values(order, kind="stable").drop(columns="series_order").reset_index(drop=True)
    integers = ["year", "units_assessed", "units_reached", "units_total", "criteria_met", "criteria_total",
                "segment"]
    return out[HISTORY_COLUMNS].astype({**dict.fromkeys(integers, "Int64"), "criteria_pct": "Float64"})


def _todays_units(registry: Registry, map_: str, code: str) -> list[tuple[Unit, bool]]:
    """Today's units a unit's history belongs to: one, or each that took a part of it."""
    if map_ == NEW:
        unit = registry.current(NEW, code)
        return [(unit, False)] if unit else []
    steps = registry.successors(code, OLD)
    if not steps:
        unit = registry.current(OLD, code)
        return [(unit, False)] if unit is not None and unit.map == NEW else []
    out, seen = [], set()
    for s in steps:
        unit = registry.current(s.new_map, s.new_code)
        if unit is not None and unit.code not in seen:
            seen.add(unit.code)
            out.append((unit, s.part))
    return out


def _combined(units: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    keys = ["today_code", "today_name", "today_province", "year", "criteria_set", "series_map"]
    combined = units.groupby(keys, sort=False, dropna=False).agg(
        units_assessed=("series_code", "nunique"), units_reached=("reached_standard", "sum"),
        criteria_pct=("criteria_pct", "mean")).reset_index()
    # The mean of 2-decimal ratios, shown like every ratio: rounded half-up to 2 decimals.
    combined["criteria_pct"] = np.floor(combined["criteria_pct"].astype(float) * 100 + 0.5) / 100
    totals = {}
    for code in pd.unique(combined["today_code"]):
        ancestors = registry.ancestors(NEW, code)
        totals[(code, OLD)] = sum(1 for u, _ in ancestors if u.map == OLD) or 1
        totals[(code, NEW)] = 1
    combined["units_total"] = [totals[(c, m)] for c, m in zip(combined["today_code"], combined["series_map"])]
    combined["series"] = COMBINED_SERIES
    combined["series_code"] = combined["today_code"]
    combined["series_name"] = combined["today_name"]
    combined["part"] = False
    combined["reached_standard"] = combined["units_reached"] == combined["units_total"]
    return combined


def _mark_set_breaks(history: pd.DataFrame, families: dict[str, str]) -> pd.DataFrame:
    """Segments and breaks per today's unit: a family whose first year comes after another family's
    last year starts after a break (basic and advanced sets of one period overlap and are not)."""
    history = history.assign(family=history["criteria_set"].astype(object).map(families))
    spans = (history.sort_values(["year", "criteria_set"])
             .groupby(["today_code", "family"], sort=False)
             .agg(first_year=("year", "min"), last_year=("year", "max"),
                  first_set=("criteria_set", "first"), last_set=("criteria_set", "last"))
             .reset_index())
    pairs = spans.merge(spans, on="today_code", suffixes=("", "_before"))
    pairs = pairs[pairs["last_year_before"] < pairs["first_year"]]
    segment = pairs.groupby(["today_code", "family"]).size().rename("segment")
    # The family that ended last before this one began is the one the note names.
    nearest = (pairs.sort_values("last_year_before").groupby(["today_code", "family"]).tail(1)
               .set_index(["today_code", "family"])["last_set_before"].rename("set_before"))
    spans = spans.join(segment, on=["today_code", "family"]).join(nearest, on=["today_code", "family"])
    spans["segment"] = spans["segment"].fillna(0).astype(int)
    history = history.merge(spans[["today_code", "family", "first_year", "first_set", "segment", "set_before"]],
                            on=["today_code", "family"], how="left")
    history["set_break"] = history["set_before"].notna() & (history["year"] == history["first_year"])
    before = history["set_before"].astype(object).where(history["set_break"], None)
    history["note"] = [NOTE_SET_BREAK_VI.format(a=a, b=b) if a else ""
                       for a, b in zip(before, history["first_set"])]
    history["note_en"] = [NOTE_SET_BREAK_EN.format(a=a, b=b) if a else ""
                          for a, b in zip(before, history["first_set"])]
    return history.drop(columns=["first_year", "first_set", "set_before"])


def describe_history(history: pd.DataFrame, today_code: str, lang: str = "vi") -> str:
    """The sentence a page shows above a commune's history on today's map.

    E.g. "Xã Khánh Bình (mã 30341) theo bản đồ hiện nay: trước 1/7/2025 gồm 3 đơn vị — Xã Khánh
    An, Thị trấn Long Bình, Xã Khánh Bình; mỗi đơn vị một chuỗi số liệu. Đổi bộ tiêu chí
    (ntm-2021 → ntm-2026) …"
    """
    code = normalize_unit_code(today_code)
    rows = history[history["today_code"] == code]
    if rows.empty:
        return ""
    name = rows["today_name"].iloc[0]
    old = rows[(rows["series"] == UNIT_SERIES) & (rows["series_map"] == OLD)]
    olds = list(dict.fromkeys(old["series_name"]))
    parts = set(old.loc[old["part"], "series_name"])
    listed = ", ".join(f"{n} ({'một phần' if lang != 'en' else 'part'})" if n in parts else n for n in olds)
    breaks = rows.loc[rows["set_break"], "note_en" if lang == "en" else "note"].drop_duplicates().tolist()
    if lang == "en":
        text = f"{name} (code {code}) on today's map"
        text += (f": before 1 July 2025, {len(olds)} unit(s) with data — {listed}; each keeps its own "
                 "series, and the combined line counts how many reached the standard." if olds else ".")
    else:
        text = f"{name} (mã {code}) theo bản đồ hành chính hiện nay"
        text += (f": trước 1/7/2025 có số liệu của {len(olds)} đơn vị — {listed}; mỗi đơn vị một chuỗi "
                 "riêng, dòng tổng hợp đếm số đơn vị đạt chuẩn." if olds else ".")
    return " ".join([text, *breaks])


__all__ = ["AttachedUnits", "COMBINED_SERIES", "HISTORY_COLUMNS", "UNIT_COLUMNS", "UNIT_SERIES", "VIEWS",
           "attach_units", "describe_history", "history_on_todays_map"]
