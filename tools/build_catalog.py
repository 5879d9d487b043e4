"""Build the catalog data files in ``ntm/catalog/data`` from the reference CSVs.

The reference folder holds what is known of each official criteria set, one CSV per set, with a
source and a confidence on every row. This script reshapes them into the catalog's own columns
(one row per indicator; a criterion whose indicators are not known yet is one row with an empty
``indicator``). Run it again when the reference improves; the output is committed.

Usage: python tools/build_catalog.py REFERENCE_DIR
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent / "ntm" / "catalog" / "data"

COLUMNS = [
    "criterion", "criterion_name_vi", "criterion_name_en", "group",
    "indicator", "indicator_name_vi", "indicator_name_en", "unit", "comparator",
    "target", "target_detail", "confidence", "source", "notes",
]

SOURCES = {
    "ntm-2016": "ntm_2016_2020_basic_qd1980.csv",
    "ntm-2021": "ntm_2021_2025_basic.csv",
    "ntm-nc-2021": "ntm_2021_2025_advanced.csv",
    "ntm-2026": "ntm_2026_2030.csv",
}

CRITERIA_EN_2016 = {}  # filled from the 2021 set where the criterion number matches


def _is_placeholder(code: str) -> bool:
    """Codes such as '2.x' stand for 'more not retrieved', not for an indicator."""
    return not code or code.endswith(".x") or code.startswith("(")


def convert(set_id: str, rows: list[dict], criteria_en: dict[str, str]) -> list[dict]:
    out = []
    for r in rows:
        crit = r["criterion_no"].strip()
        if not crit.isdigit():
            continue  # TOTAL rows: the counts live in sets.csv
        code = r["indicator_code"].strip()
        placeholder = _is_placeholder(code)
        if "target_group1" in r:
            detail = "; ".join(
                f"nhóm {g}: {r[f'target_group{g}']}" for g in (1, 2, 3) if r[f"target_group{g}"]
            )
        else:
            detail = r.get("target_by_region", "")
        note = r.get("notes", "")
        if placeholder and code and r.get("indicator_name_vi"):
            note = f"[{code}] {r['indicator_name_vi']}: {r.get('indicator_name_en', '')}. {note}".strip()
        out.append({
            "criterion": crit,
            "criterion_name_vi": r["criterion_name_vi"],
            "criterion_name_en": r.get("criterion_name_en") or criteria_en.get(crit, ""),
            "group": r.get("group", ""),
            "indicator": "" if placeholder else code,
            "indicator_name_vi": "" if placeholder else r["indicator_name_vi"],
            "indicator_name_en": "" if placeholder else r["indicator_name_en"],
            "unit": r.get("unit", ""),
            "comparator": r.get("comparator", ""),
            "target": r.get("target_general", ""),
            "target_detail": detail,
            "confidence": r["confidence"],
            "source": r["source_url"],
            "notes": note,
        })
    # A criterion whose only rows were placeholders keeps one row with an empty indicator.
    seen: dict[str, dict] = {}
    result = []
    for row in out:
        if row["indicator"] or row["criterion"] not in {x["criterion"] for x in out if x["indicator"]}:
            key = (row["criterion"], row["indicator"])
            if key in seen:
                continue
            seen[key] = row
            result.append(row)
    return result


def main(reference: Path) -> None:
    basic = list(csv.DictReader((reference / SOURCES["ntm-2021"]).open(encoding="utf-8")))
    criteria_en = {r["criterion_no"]: r["criterion_name_en"] for r in basic}
    for set_id, name in SOURCES.items():
        rows = list(csv.DictReader((reference / name).open(encoding="utf-8")))
        en = criteria_en if set_id == "ntm-2016" else {}
        converted = convert(set_id, rows, en)
        with (OUT_DIR / f"{set_id}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, COLUMNS)
            writer.writeheader()
            writer.writerows(converted)
        print(set_id, len(converted), "rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
