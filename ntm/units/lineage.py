"""Lineage as tables and sentences: what each old unit became, what each new unit was made of."""

from __future__ import annotations

import pandas as pd

from ntm.units.dataset import MAP_LABELS, NEW, OLD, Succession
from ntm.units.registry import Registry, normalize_unit_code

LINEAGE_COLUMNS = [
    "old_code", "old_name", "old_district", "old_province", "new_code", "new_name", "new_province",
    "effective", "part", "main", "source", "basis", "note",
]


def lineage_table(registry: Registry, successions: list[Succession] | None = None) -> pd.DataFrame:
    """One row per succession (default: all of the registry's), names looked up by code.

    ``effective`` is a date; ``part`` True when the old unit was divided; ``main`` marks the part
    its history follows; ``source`` "dataset" or "correction".
    """
    rows = []
    for s in registry.successions() if successions is None else successions:
        old, new = registry.unit(s.old_map, s.old_code), registry.unit(s.new_map, s.new_code)
        rows.append({
            "old_code": s.old_code, "old_name": old.name if old else "",
            "old_district": old.district if old else "", "old_province": old.province if old else "",
            "new_code": s.new_code, "new_name": new.name if new else "",
            "new_province": new.province if new else "", "effective": s.effective, "part": s.part,
            "main": s.main, "source": s.source, "basis": s.basis, "note": s.note,
        })
    return pd.DataFrame(rows, columns=LINEAGE_COLUMNS)


def describe_lineage(registry: Registry, code: object, lang: str = "vi") -> list[str]:
    """Sentences about a code in both maps: what the old unit became, what the new unit was made of.

    The same code can name one unit before 1 July 2025 and another after (30341: Thị trấn Long
    Bình, then Xã Khánh Bình), so both are described. Empty when neither map has the code.
    """
    code = normalize_unit_code(code)
    en = lang == "en"
    lines: list[str] = []
    old = registry.unit(OLD, code)
    if old is not None:
        lines.append(f"{old.label()} — {MAP_LABELS[OLD][1 if en else 0]}:")
        for s in registry.successors(old.code, OLD):
            new = registry.unit(s.new_map, s.new_code)
            lines.append("  → " + _step(s, new.label() if new else "", s.new_code, en))
        if not registry.successors(old.code, OLD):
            lines.append("  " + ("(no successor known)" if en else "(không rõ đơn vị kế thừa)"))
    new = registry.unit(NEW, code)
    if new is not None:
        lines.append(f"{new.label()} — {MAP_LABELS[NEW][1 if en else 0]}:")
        for unit, s in registry.ancestors(NEW, code):
            lines.append("  ← " + _step(s, unit.label(), unit.code, en))
    return lines


def _step(s: Succession, name: str, code: str, en: bool) -> str:
    day = s.effective.strftime("%d/%m/%Y")
    part = (" (part; main part)" if s.main else " (part)") if s.part and en else \
        (" (một phần; phần chính)" if s.main else " (một phần)") if s.part else ""
    source = ("" if s.source == "dataset" else (" [correction]" if en else " [hiệu chỉnh]"))
    basis = f" — {s.basis}" if s.basis else ""
    return f"{name} [{code}], {'from' if en else 'từ'} {day}{part}{source}{basis}"
