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

# English glosses of the 2016-2020 criteria whose names differ from the 2021-2025 criterion of
# the same number; the others take the 2021-2025 gloss.
CRITERIA_EN_2016 = {
    "3": "Irrigation",
    "11": "Poor households",
    "12": "Employed labour",
    "13": "Production organisation",
}


def _is_placeholder(code: str) -> bool:
    """Codes such as '2.x' stand for 'more not retrieved', not for an indicator."""
    return not code or code.endswith(".x") or code.startswith("(")


def _placeholder_note(r: dict) -> str:
    """Everything a placeholder row says, as one note: "[2.x] (other ... not retrieved) ..."."""
    code = r["indicator_code"].strip()
    parts = [f"[{code}]" if code else "", r.get("indicator_name_vi", "").strip()]
    english = r.get("indicator_name_en", "").strip()
    if english and english != "(not retrieved)":
        parts.append(f"({english})")
    target = " ".join(x for x in (r.get("comparator", ""), r.get("target_general", "")) if x).strip()
    if target:
        parts.append(f"mức đạt chuẩn / target: {target}{' ' + r['unit'] if r.get('unit') else ''}")
    if r.get("confidence", "").strip() and r["confidence"].strip() != "placeholder":
        parts.append(f"độ tin cậy / confidence: {r['confidence'].strip()}")
    if r.get("source_url", "").strip():
        parts.append(f"nguồn / source: {r['source_url'].strip()}")
    note = " ".join(p for p in parts if p)
    if r.get("notes", "").strip():
        note = f"{note}. {r['notes'].strip()}"
    return note


def _join(*notes: str) -> str:
    return " | ".join(n for n in notes if n)


def _criterion_en(crit: str, criteria: dict[str, tuple[str, str]]) -> str:
    """The English gloss of 2016-2020 criterion ``crit``: its own, else the 2021-2025 one."""
    if crit in CRITERIA_EN_2016:
        return CRITERIA_EN_2016[crit]
    return criteria.get(crit, ("", ""))[1]


def convert(set_id: str, rows: list[dict], criteria: dict[str, tuple[str, str]]) -> list[dict]:
    """The catalog rows of one set from its reference rows.

    Args:
        set_id: the catalog id (for messages).
        rows: the reference CSV's rows.
        criteria: criterion number → (Vietnamese name, English gloss) of the 2021-2025 basic set,
            used where a reference file has no English criterion names (2016-2020).

    A placeholder row ("2.x", a blank code) never becomes an indicator. When its criterion has
    no known indicator it stays as the criterion's one row (empty ``indicator``); when the
    criterion has known indicators, what the placeholder says is appended to the notes of the
    criterion's first indicator, so no information is lost.
    """
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
            "criterion_name_en": r.get("criterion_name_en") or _criterion_en(crit, criteria),
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
            "_placeholder_note": _placeholder_note(r) if placeholder else "",
        })

    known = {row["criterion"] for row in out if row["indicator"]}
    result: list[dict] = []
    indicator_rows: dict[tuple[str, str], dict] = {}
    criterion_only: dict[str, dict] = {}
    pending: dict[str, list[str]] = {}
    for row in out:
        crit, code = row["criterion"], row["indicator"]
        if code:
            if (crit, code) in indicator_rows:
                raise SystemExit(f"{set_id}: indicator {code} appears twice in the reference")
            indicator_rows[(crit, code)] = row
            result.append(row)
        elif crit in known:
            pending.setdefault(crit, []).append(row["_placeholder_note"])
        elif crit in criterion_only:
            # A second placeholder of a criterion with no known indicator: keep what it says.
            first = criterion_only[crit]
            first["notes"] = _join(first["notes"], row["_placeholder_note"])
        else:
            criterion_only[crit] = row
            result.append(row)
    for crit, notes in pending.items():
        first = next(row for row in result if row["criterion"] == crit and row["indicator"])
        first["notes"] = _join(first["notes"], *notes)
    for row in result:
        del row["_placeholder_note"]
    return result


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(reference: Path) -> None:
    basic = _read(reference / SOURCES["ntm-2021"])
    criteria = {r["criterion_no"]: (r["criterion_name_vi"], r["criterion_name_en"]) for r in basic}
    for set_id, name in SOURCES.items():
        rows = _read(reference / name)
        converted = convert(set_id, rows, criteria if set_id == "ntm-2016" else {})
        with (OUT_DIR / f"{set_id}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, COLUMNS)
            writer.writeheader()
            writer.writerows(converted)
        print(set_id, len(converted), "rows")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.strip().splitlines()[-1])
    main(Path(sys.argv[1]))
