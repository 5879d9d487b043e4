"""Generate the illustrative sample workbooks in ``sample_data/`` (deterministically).

The sample is a made-up but believable history of fifteen communes of An Giang province (three
former districts: An Phú, Châu Phú, Thoại Sơn), written in the project's own template through
``ntm.template.write_template``. **It is illustrative, not official**: except for Khánh Bình 2023,
which follows the commune's published 2023 summary (the project's seed report), every result
is invented. Commune codes are left blank: the sample does not invent official unit codes.

Three workbooks:

* ``an-giang-ntm-2021-2025.xlsx`` — ``ntm-2021``, every commune, 2021–2025, one row per
  indicator (57 per assessment). Most communes gain criteria year by year; two lose one
  after reaching 19/19; criteria 13 and 17 are the most often unmet. Vĩnh Hậu has no rural
  market (criterion 7 "Không áp dụng": 18/18 at best), three communes have no craft village
  (13.4 "Không áp dụng"), two results are "Cơ bản đạt", and one result is deliberately reported
  "Đạt" below its numeric target (a consistency checker should warn about it).
* ``an-giang-ntm-nang-cao.xlsx`` — ``ntm-nc-2021`` for communes that reached the basic standard,
  in a 75-indicator structure (``ADVANCED_STRUCTURE``). The catalog knows only a few of these
  codes; the others are labelled "not yet known" instead of being given invented wording.
* ``an-giang-ntm-2026.xlsx`` — ``ntm-2026`` at criterion level (its 47 indicators are not known
  yet) for new communes formed on 1 July 2025 (no district), with their lineage in "Ghi chú"
  and their commune group in "Nhóm xã" (``GROUPS_2026``: groups 1, 2, 3, and one not recorded).

Everything is built by pure functions from a fixed seed (``build_samples``); only ``main`` writes
files. Written workbooks are normalised (fixed zip timestamps and document dates) so that running
the script twice gives byte-identical files.

Usage:
    python tools/make_sample_data.py            # rewrite sample_data/*.xlsx
    python tools/make_sample_data.py --check    # regenerate in a temp dir and compare cell values
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: make the ``ntm`` package importable
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from ntm.catalog import Catalog, CriteriaSet, load_catalog  # noqa: E402
from ntm.schema import ASSESSMENT_KEYS, results_frame  # noqa: E402
from ntm.statuses import BASICALLY_MET, MET, NOT_APPLICABLE, NOT_MET, status_label  # noqa: E402
from ntm.text import code_sort_key, criterion_of, parse_number  # noqa: E402
from ntm.vnformat import format_number  # noqa: E402

SAMPLE_DIR = ROOT / "sample_data"
SEED = 20231231
PROVINCE = "An Giang"

BASIC_SET = "ntm-2021"
ADVANCED_SET = "ntm-nc-2021"
SET_2026 = "ntm-2026"
BASIC_YEARS = (2021, 2022, 2023, 2024, 2025)

FILES = {
    "an-giang-ntm-2021-2025.xlsx": BASIC_SET,
    "an-giang-ntm-nang-cao.xlsx": ADVANCED_SET,
    "an-giang-ntm-2026.xlsx": SET_2026,
}

ILLUSTRATIVE_NOTE = "Số liệu minh họa, không phải số liệu chính thức."
UNKNOWN_WORDING = "(chưa rõ nội dung – chưa có trong danh mục)"
# Document properties and the zip entries' dates are fixed so that the files are reproducible.
FIXED_DATE = "2026-01-01T00:00:00Z"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Commune:
    """One commune as it was before 1 July 2025, and the shape of its invented history.

    Attributes:
        name: the commune's name (real communes of An Giang; results are invented).
        district: its district before 1 July 2025.
        basic: criteria met under ``ntm-2021`` in each of ``BASIC_YEARS``, before the losses in
            ``LOSSES`` (capped at the number of applicable criteria).
        advanced_from: first year assessed under ``ntm-nc-2021`` (None: never).
        advanced: criteria met under ``ntm-nc-2021`` from ``advanced_from`` on.
        no_market: criterion 7 (rural market) does not apply.
        no_craft_village: indicator 13.4 (craft villages, "nếu có") does not apply.
    """

    name: str
    district: str
    basic: tuple[int, ...]
    advanced_from: int | None = None
    advanced: tuple[int, ...] = ()
    no_market: bool = False
    no_craft_village: bool = False


KHANH_BINH = "Khánh Bình"

COMMUNES = (
    # An Phú
    Commune(KHANH_BINH, "An Phú", (15, 16, 16, 18, 19), 2022, (12, 13, 15, 18)),  # pinned below
    Commune("Khánh An", "An Phú", (11, 13, 14, 16, 17)),
    Commune("Nhơn Hội", "An Phú", (10, 12, 14, 15, 17)),
    Commune("Quốc Thái", "An Phú", (9, 11, 12, 14, 16), no_craft_village=True),
    Commune("Phú Hữu", "An Phú", (13, 15, 17, 19, 19), 2025, (9,)),
    Commune("Vĩnh Lộc", "An Phú", (16, 18, 19, 19, 19), 2023, (10, 12, 15)),
    Commune("Phước Hưng", "An Phú", (8, 10, 11, 13, 14)),
    Commune("Vĩnh Hậu", "An Phú", (12, 13, 15, 16, 18), no_market=True),
    # Châu Phú
    Commune("Mỹ Đức", "Châu Phú", (15, 17, 19, 19, 19), 2024, (11, 14)),
    Commune("Khánh Hòa", "Châu Phú", (12, 14, 15, 17, 18)),
    Commune("Bình Long", "Châu Phú", (14, 16, 18, 19, 19)),
    Commune("Bình Phú", "Châu Phú", (10, 11, 13, 14, 16), no_craft_village=True),
    # Thoại Sơn
    Commune("Vọng Đông", "Thoại Sơn", (17, 18, 19, 19, 19), 2024, (13, 16)),
    Commune("Định Mỹ", "Thoại Sơn", (11, 12, 14, 16, 17), no_craft_village=True),
    Commune("Tây Phú", "Thoại Sơn", (13, 14, 14, 15, 17)),
)

# Khánh Bình: exact unmet indicators per year. 2023 is the seed report (16/19, 51/57 in the item
# data; the report itself says 50/57, which a consistency check catches). Other years are invented.
PINNED_BASIC = {
    2021: ("1.1", "1.2", "13.2", "15.1", "15.4", "17.2", "17.7", "17.10", "17.11"),
    2022: ("1.1", "1.2", "15.1", "17.2", "17.7", "17.10", "17.11"),
    2023: ("1.1", "1.2", "15.1", "17.2", "17.7", "17.11"),
    2024: ("17.11",),
    2025: (),
}
PINNED_ADVANCED = {
    2022: ("1.1", "1.2", "1.3", "11", "13.3", "13.5", "14.1", "14.2", "14.3", "16.2", "17.2", "17.6",
           "17.9", "17.12", "18.4"),
    2023: ("1.1", "1.2", "1.3", "11", "13.5", "14.1", "14.2", "14.3", "16.2", "17.2", "17.6", "17.12"),
    2024: ("1.3", "13.5", "14.3", "17.6", "17.12"),
    2025: ("17.12",),
}
SEED_REPORT_NOTE = {
    BASIC_SET: "Theo báo cáo tổng kết năm 2023 của xã: 16/19 tiêu chí; báo cáo ghi 50/57 chỉ tiêu, "
               "nhưng chỉ liệt kê 6 chỉ tiêu chưa đạt (dữ liệu chi tiết: 51/57).",
    ADVANCED_SET: "Theo báo cáo tổng kết năm 2023 của xã: 13/19 tiêu chí, 63/75 chỉ tiêu "
                  "(cơ cấu 75 chỉ tiêu trong tệp này là minh họa).",
}

# A criterion lost after it was met: (set, commune, year) → the indicator that fell below standard.
LOSSES = {(BASIC_SET, "Vĩnh Lộc", 2024): "15.1", (BASIC_SET, "Bình Long", 2025): "13.1"}
# Assessments where one unmet indicator is reported "Cơ bản đạt" instead of "Chưa đạt".
BASICALLY_MET_IN = ((BASIC_SET, "Nhơn Hội", 2022), (BASIC_SET, "Bình Phú", 2023))
# One result reported "Đạt" although its number is below the target, on purpose.
DISAGREEMENT = (BASIC_SET, "Định Mỹ", 2022, "3.1", 78.6)

# The 75-indicator advanced structure used here: criterion → number of indicators. ILLUSTRATIVE:
# An Giang's set (QĐ 1261/QĐ-UBND 2022) has 75 indicators in 19 criteria, but its per-criterion
# split is not in the reference. Known constraints: criterion 1 has 3 indicators, 11 has one
# (coded "11"), and the codes 13.5, 14.3, 16.2 and 17.12 exist. Every other criterion gets at least
# two indicators: a bare code the catalog does not know ("7") would be read as a criterion-level
# result, not as an indicator.
ADVANCED_STRUCTURE = {
    "1": 3, "2": 5, "3": 3, "4": 2, "5": 4, "6": 4, "7": 2, "8": 5, "9": 2, "10": 2,
    "11": 1, "12": 2, "13": 6, "14": 5, "15": 4, "16": 4, "17": 12, "18": 7, "19": 2,
}

# How hard each criterion is (higher: met later, more often unmet). Drives the invented histories.
DIFFICULTY = {
    BASIC_SET: {"13": 3.0, "17": 3.0, "15": 2.0, "10": 1.6, "1": 1.5, "11": 1.4, "5": 1.3,
                "6": 1.2, "2": 1.2, "14": 1.0, "18": 0.9, "12": 0.8, "3": 0.7, "9": 0.7,
                "16": 0.6, "7": 0.5, "8": 0.4, "4": 0.3, "19": 0.2},
    ADVANCED_SET: {"17": 3.0, "13": 2.6, "14": 2.2, "1": 2.0, "11": 1.8, "18": 1.8, "16": 1.6,
                   "10": 1.5, "15": 1.2, "5": 1.2, "2": 1.1, "6": 1.0, "12": 1.0, "9": 0.8,
                   "3": 0.8, "7": 0.6, "8": 0.6, "4": 0.4, "19": 0.3},
    SET_2026: {"8": 3.0, "3": 2.5, "7": 2.4, "4": 2.0, "6": 1.5, "2": 1.5, "5": 1.2, "1": 1.0,
               "9": 0.6, "10": 0.5},
}

# Plausible ranges for numeric results whose target the catalog does not know. Used only to draw
# believable numbers (a met result is drawn on the good side of ``level``); never written as a
# target. code → (worst, level, best); "best < worst" means lower is better (poverty, stunting).
VALUE_RANGES = {
    BASIC_SET: {
        "2.2": (70, 85, 100), "2.3": (50, 70, 100), "2.4": (50, 70, 100), "4.2": (94, 98, 100),
        "5": (50, 70, 100), "9.2": (65, 80, 100), "10": (42, 53, 78), "11": (9, 4, 0.8),
        "12": (82, 90, 97), "14.2": (75, 85, 98), "14.3": (45, 55, 75), "15.1": (82, 90, 97),
        "15.3": (30, 22, 9), "15.4": (30, 50, 95), "15.5": (80, 90, 99), "16": (55, 70, 100),
        "17.1": (50, 65, 95), "17.4": (1, 2, 6), "17.7": (55, 70, 95), "17.8": (55, 70, 100),
        "17.10": (15, 30, 70), "17.11": (30, 50, 90),
    },
    ADVANCED_SET: {"2.1": (70, 85, 100), "11": (5, 2.5, 0.5)},
}

# New communes of 1 July 2025 (Nghị quyết 1654/NQ-UBTVQH15) whose make-up the sample knows,
# with the units they absorbed and the criteria (of 10) they meet in 2026 (invented).
COMMUNES_2026 = (
    (KHANH_BINH, ("thị trấn Long Bình", "xã Khánh An", "xã Khánh Bình"), 6),
    ("Nhơn Hội", ("xã Quốc Thái", "xã Nhơn Hội", "một phần xã Phước Hưng", "phần còn lại của xã Phú Hội"), 4),
    ("Phú Hữu", ("xã Phú Hữu", "xã Vĩnh Lộc", "phần còn lại của xã Phước Hưng"), 6),
    ("Vĩnh Hậu", ("thị trấn Đa Phước", "xã Vĩnh Trường", "xã Vĩnh Hậu"), 5),
    ("Mỹ Đức", ("xã Khánh Hòa", "xã Mỹ Đức"), 7),
    ("Châu Phú", ("thị trấn Cái Dầu", "xã Bình Long", "xã Bình Phú"), 5),
)
# Their commune groups under ``ntm-2026`` (invented; the province decides them): communes that took
# in a township are group 1; Vĩnh Hậu's group is not recorded yet, so the compare page shows the
# "unknown group" bucket too.
GROUPS_2026 = {KHANH_BINH: 1, "Châu Phú": 1, "Mỹ Đức": 2, "Phú Hữu": 2, "Nhơn Hội": 3, "Vĩnh Hậu": None}


# --- structures -----------------------------------------------------------------------------------

def set_structure(criteria_set: CriteriaSet) -> dict[str, list[str]]:
    """Criterion → indicator codes of a set as the sample uses it, in code order.

    ``ntm-2021`` is complete in the catalog; ``ntm-nc-2021`` follows ``ADVANCED_STRUCTURE`` (a
    single-indicator criterion is coded by its bare number); ``ntm-2026`` is assessed at
    criterion level, so each criterion stands for itself.
    """
    if criteria_set.id == ADVANCED_SET:
        assert sum(ADVANCED_STRUCTURE.values()) == criteria_set.indicator_count == 75
        missing = criteria_set.indicator_codes - {
            code for c, n in ADVANCED_STRUCTURE.items() for code in _codes(c, n)}
        assert not missing, f"catalog codes outside the advanced structure: {missing}"
        return {c: _codes(c, n) for c, n in ADVANCED_STRUCTURE.items()}
    if criteria_set.id == SET_2026:
        return {c: [c] for c in criteria_set.criterion_codes}
    by_criterion: dict[str, list[str]] = {c: [] for c in criteria_set.criterion_codes}
    for code in criteria_set.indicators["indicator"]:
        by_criterion[criterion_of(code)].append(code)
    return by_criterion


def _codes(criterion: str, n: int) -> list[str]:
    return [criterion] if n == 1 else [f"{criterion}.{i}" for i in range(1, n + 1)]


# --- histories ------------------------------------------------------------------------------------

def plan_unmet(structure: dict[str, list[str]], counts: dict[int, int], difficulty: dict[str, float],
               rng: random.Random) -> dict[int, set[str]]:
    """The unmet indicators of one commune in each year, from how many criteria it meets.

    Criteria are met in a commune-specific order (easy ones first, with noise), so a criterion
    once met stays met. An unmet criterion has more unmet indicators the further it is from
    being met, always the same ones first, so they are ticked off year after year.

    Args:
        structure: criterion → applicable indicator codes.
        counts: year → number of criteria met.
        difficulty: criterion → weight (higher is met later).
        rng: the commune's random source.

    Returns:
        year → set of unmet indicator codes.
    """
    criteria = list(structure)
    keys = {c: difficulty.get(c, 1.0) * rng.uniform(0.6, 1.4) for c in criteria}
    order = sorted(criteria, key=lambda c: (keys[c], code_sort_key(c)))
    first_unmet = {c: rng.sample(structure[c], len(structure[c])) for c in criteria}
    slack = {c: rng.randint(0, 1) for c in criteria}
    years = sorted(counts)
    met = {y: set(order[:counts[y]]) for y in years}
    unmet: dict[int, set[str]] = {}
    for y in years:
        codes: set[str] = set()
        for c in criteria:
            if c in met[y]:
                continue
            later = [z for z in years if z > y and c in met[z]]
            distance = (later[0] - y) if later else (years[-1] + 2 - y)
            codes.update(first_unmet[c][:min(len(structure[c]), distance + slack[c])])
        unmet[y] = codes
    return unmet


def _value(code: str, unit: str, status: str, u: float, ranges: dict[str, tuple]) -> str:
    """The "Kết quả" text of one result: a number where the indicator is numeric, else a word."""
    if status == NOT_APPLICABLE:
        return ""
    if code in ranges:
        worst, level, best = ranges[code]
        # A met result sits on the good side of ``level``, an unmet one short of it.
        x = (level + (0.1 + 0.9 * u) * (best - level) if status == MET
             else worst + 0.9 * u * (level - worst))
        number = format_number(round(x, 1), 1)
        return {"%": f"{number}%", "m²/person": f"{number} m²/người",
                "million VND/person/year": f"{number} triệu đồng/người/năm"}.get(unit, number)
    if code == "9.1":  # temporary/dilapidated houses: target "Không"
        return "Không" if status == MET else f"{1 + int(u * 12)} căn"
    return status_label(status)


def _numeric_target(target: str, comparator: str) -> tuple[str, float] | None:
    """(comparator, number) for a "≥ x%" or "= 100%" catalog target, else None."""
    number = parse_number(target)
    if number is None or "%" not in target or comparator not in ("≥", "=", ""):
        return None
    return comparator or "=", number


def _targeted_value(status: str, comparator: str, target: float, u: float) -> str:
    """A percentage that agrees with ``status`` for a "≥ target" or "= 100%" indicator."""
    if status == MET:
        x = 100.0 if target >= 100 else target + u * (100 - target)
    else:
        x = target - 1 - u * 14
    return f"{format_number(round(x, 1), 1)}%"


def _target_text(row: dict) -> str:
    target = re.sub(r"\s*\([^)]*\)\s*$", "", str(row["target"])).strip()
    comparator = str(row["comparator"]).strip()
    if target and comparator in ("≥", "≤") and parse_number(target) is not None:
        return f"{comparator} {target}"
    return target


def build_assessments(criteria_set: CriteriaSet, commune: str, district: str | None,
                      counts: dict[int, int], *, pinned: dict[int, tuple[str, ...]] | None = None,
                      not_applicable: frozenset[str] = frozenset()) -> list[dict]:
    """Result records (``RESULT_COLUMNS``) for one commune's assessments under one set.

    Args:
        criteria_set: the catalog's set.
        commune, district: where (district None after 1 July 2025).
        counts: year → criteria met (before ``LOSSES``).
        pinned: year → exact unmet indicator codes (overrides ``counts``).
        not_applicable: indicator codes that do not apply in this commune.
    """
    rng = random.Random(f"{SEED}/{criteria_set.id}/{commune}")
    structure = {c: [i for i in codes if i not in not_applicable]
                 for c, codes in set_structure(criteria_set).items()}
    structure = {c: codes for c, codes in structure.items() if codes}
    capped = {y: min(n, len(structure)) for y, n in counts.items()}
    unmet = plan_unmet(structure, capped, DIFFICULTY[criteria_set.id], rng)
    catalog_rows = {r["indicator"]: r for r in criteria_set.indicators.to_dict("records")}
    ranges = VALUE_RANGES.get(criteria_set.id, {})
    all_codes = [code for codes in set_structure(criteria_set).values() for code in codes]
    progress = {code: rng.random() for code in all_codes}
    criterion_level = criteria_set.id == SET_2026
    records = []
    for year in sorted(counts):
        unmet_codes = set(pinned[year]) if pinned and year in pinned else set(unmet[year])
        notes: dict[str, str] = {}
        key = (criteria_set.id, commune, year)
        lost = LOSSES.get(key)
        if lost:
            unmet_codes.add(lost)
            notes[lost] = f"Không giữ được chuẩn so với năm {year - 1}."
        statuses = {code: (NOT_APPLICABLE if code in not_applicable
                           else NOT_MET if code in unmet_codes else MET) for code in all_codes}
        if key in BASICALLY_MET_IN:
            statuses[_basically_met_choice(unmet_codes)] = BASICALLY_MET
        u_year = {code: min(1.0, max(0.0, progress[code] + 0.12 * (year - 2021) - 0.25))
                  for code in all_codes}
        for code in all_codes:
            status = statuses[code]
            row = catalog_rows.get(code)
            known = row is not None
            target = _target_text(row) if known else ""
            unit = str(row["unit"]) if known else ""
            numeric = _numeric_target(str(row["target"]), str(row["comparator"])) if known else None
            if criterion_level:
                value = ""
            elif numeric and status in (MET, NOT_MET):
                value = _targeted_value(status, *numeric, u_year[code])
            else:
                value = _value(code, unit, status, u_year[code], ranges)
            if (*key, code) == DISAGREEMENT[:4]:
                assert status == MET and numeric, "the deliberate disagreement needs a met numeric result"
                value = f"{format_number(DISAGREEMENT[4], 1)}%"
                notes[code] = (f"Minh họa: báo cáo Đạt nhưng kết quả {value} thấp hơn mức chuẩn "
                               f"{format_number(numeric[1])}%.")
            records.append({
                "province": PROVINCE, "district": district, "commune": commune, "commune_code": None,
                "year": year, "criteria_set": criteria_set.id, "criterion": criterion_of(code),
                "indicator": None if criterion_level else code,
                "value": value or None, "value_num": parse_number(value) if value else None,
                "target": target or None, "status": status, "note": notes.get(code), "source": None,
            })
    return records


def _basically_met_choice(unmet_codes: set[str]) -> str:
    """The unmet indicator reported "Cơ bản đạt": the only unmet one of its criterion, if any."""
    assert unmet_codes, "an assessment with a 'Cơ bản đạt' result must have unmet indicators"
    by_criterion: dict[str, list[str]] = {}
    for code in sorted(unmet_codes, key=code_sort_key):
        by_criterion.setdefault(criterion_of(code), []).append(code)
    singles = [codes[0] for codes in by_criterion.values() if len(codes) == 1]
    return (singles or sorted(unmet_codes, key=code_sort_key))[0]


# --- the three samples ----------------------------------------------------------------------------

def build_basic(catalog: Catalog) -> pd.DataFrame:
    """Every commune under ``ntm-2021``, 2021–2025, one row per indicator."""
    criteria_set = catalog.get(BASIC_SET)
    records = []
    for commune in COMMUNES:
        not_applicable = frozenset(
            (["7"] if commune.no_market else []) + (["13.4"] if commune.no_craft_village else []))
        records += build_assessments(
            criteria_set, commune.name, commune.district, dict(zip(BASIC_YEARS, commune.basic)),
            pinned=PINNED_BASIC if commune.name == KHANH_BINH else None, not_applicable=not_applicable)
    return _finish(records, {(KHANH_BINH, 2023): SEED_REPORT_NOTE[BASIC_SET]})


def build_advanced(catalog: Catalog) -> pd.DataFrame:
    """Communes that reached the basic standard under ``ntm-nc-2021`` (75 indicators)."""
    criteria_set = catalog.get(ADVANCED_SET)
    records = []
    for commune in COMMUNES:
        if commune.advanced_from is None:
            continue
        years = range(commune.advanced_from, commune.advanced_from + len(commune.advanced))
        records += build_assessments(
            criteria_set, commune.name, commune.district, dict(zip(years, commune.advanced)),
            pinned=PINNED_ADVANCED if commune.name == KHANH_BINH else None)
    return _finish(records, {(KHANH_BINH, 2023): SEED_REPORT_NOTE[ADVANCED_SET]})


def build_2026(catalog: Catalog) -> pd.DataFrame:
    """New communes (no district) under ``ntm-2026``, 2026, one row per criterion."""
    criteria_set = catalog.get(SET_2026)
    records, notes = [], {}
    for name, absorbed, met in COMMUNES_2026:
        records += build_assessments(criteria_set, name, None, {2026: met})
        notes[(name, 2026)] = f"Xã mới từ 01/7/2025, gồm: {', '.join(absorbed)}."
    return _finish(records, notes)


def _finish(records: list[dict], first_row_notes: dict[tuple[str, int], str]) -> pd.DataFrame:
    """The tidy frame, with the "illustrative" note (and any extra) on each assessment's first row."""
    frame = results_frame(records)
    frame["note"] = frame["note"].astype(object)  # new texts: a categorical takes only known ones
    first = ~frame.duplicated(["commune", "year", "criteria_set"])
    for i in frame.index[first]:
        extra = first_row_notes.get((frame.at[i, "commune"], int(frame.at[i, "year"])))
        own = frame.at[i, "note"]
        parts = [ILLUSTRATIVE_NOTE, extra, None if pd.isna(own) else own]
        frame.at[i, "note"] = " ".join(p for p in parts if p)
    return results_frame(frame)


def build_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """The commune group of each ``ntm-2026`` assessment of ``frame`` (``GROUPS_2026``), keyed as
    ``ntm.loaders.LoadResult.groups`` is; empty for a frame of other sets."""
    keys = frame.loc[frame["criteria_set"] == SET_2026, ASSESSMENT_KEYS].drop_duplicates().astype(object)
    keys = keys.where(keys.notna(), None).reset_index(drop=True)
    return keys.assign(commune_group=pd.array([GROUPS_2026.get(c) for c in keys["commune"]], dtype="Int8"))


def build_samples(catalog: Catalog | None = None) -> dict[str, pd.DataFrame]:
    """File name → tidy results frame, for every sample workbook. Pure and deterministic."""
    catalog = catalog or load_catalog()
    builders = {BASIC_SET: build_basic, ADVANCED_SET: build_advanced, SET_2026: build_2026}
    return {name: builders[set_id](catalog) for name, set_id in FILES.items()}


# --- writing and checking (the imperative shell) --------------------------------------------------

def render_workbook(frame: pd.DataFrame, set_id: str, catalog: Catalog) -> bytes:
    """The bytes of one sample workbook: the template, labelled, with fixed dates.

    ``write_template`` leaves "Nội dung chỉ tiêu" blank for a code the catalog does not know;
    the sample labels it ``UNKNOWN_WORDING`` rather than inventing wording (this needs a round
    trip through openpyxl, done only for workbooks that have such codes).
    """
    from ntm.template import write_template

    written = io.BytesIO()
    write_template(written, set_id, frame, catalog=catalog, groups=build_groups(frame))
    data = written.getvalue()
    known = catalog.get(set_id).indicator_codes
    if (frame["indicator"].notna() & ~frame["indicator"].isin(known)).any():
        data = _label_unknown_wording(data)
    return normalise_xlsx(data)


def _label_unknown_wording(data: bytes) -> bytes:
    from openpyxl import load_workbook

    from ntm.template import RESULTS_SHEET, TEMPLATE_COLUMNS

    book = load_workbook(io.BytesIO(data))
    position = {column.field: i for i, column in enumerate(TEMPLATE_COLUMNS)}
    for row in book[RESULTS_SHEET].iter_rows(min_row=2):
        code, wording = row[position["code"]], row[position["indicator_name"]]
        if code.value not in (None, "") and wording.value in (None, ""):
            wording.value = UNKNOWN_WORDING
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _core_properties() -> bytes:
    """``docProps/core.xml``: says the data is illustrative; fixed dates for reproducible bytes."""
    fields = {
        "dc:title": f"Dữ liệu mẫu NTM tỉnh {PROVINCE} – minh họa",
        "dc:subject": "Dữ liệu minh họa cho NTM Dashboard",
        "dc:description": f"{ILLUSTRATIVE_NOTE} Tạo bởi tools/make_sample_data.py.",
        "cp:keywords": "minh họa; illustrative; not official",
        "dc:creator": "tools/make_sample_data.py",
        "cp:lastModifiedBy": "tools/make_sample_data.py",
    }
    body = "".join(f"<{tag}>{xml_escape(text)}</{tag}>" for tag, text in fields.items())
    dates = "".join(f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:{tag}>'
                    for tag in ("created", "modified"))
    return ("<?xml version='1.0' encoding='UTF-8'?>\n"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"{body}{dates}</cp:coreProperties>").encode("utf-8")


def normalise_xlsx(data: bytes) -> bytes:
    """The same workbook with our document properties and fixed zip entry timestamps."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _core_properties()
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def write_samples(out_dir: Path = SAMPLE_DIR, catalog: Catalog | None = None) -> dict[Path, pd.DataFrame]:
    """Write every sample workbook into ``out_dir``; returns path → the frame written."""
    catalog = catalog or load_catalog()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in build_samples(catalog).items():
        path = out_dir / name
        path.write_bytes(render_workbook(frame, FILES[name], catalog))
        written[path] = frame
    return written


def workbook_values(path: Path) -> dict[str, list[tuple]]:
    """Sheet name → the cell values of every row (what "same content" means for ``--check``)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
                for sheet in book.worksheets}
    finally:
        book.close()


def compare_samples(committed_dir: Path, fresh_dir: Path) -> list[str]:
    """Differences between committed and freshly generated workbooks (empty when they agree)."""
    differences = []
    for name in sorted(FILES):
        committed, fresh = committed_dir / name, fresh_dir / name
        if not committed.exists():
            differences.append(f"{name}: missing from {committed_dir}")
            continue
        old, new = workbook_values(committed), workbook_values(fresh)
        if list(old) != list(new):
            differences.append(f"{name}: sheets {list(old)} != {list(new)}")
            continue
        for sheet in new:
            if old[sheet] != new[sheet]:
                rows = [i for i, (a, b) in enumerate(zip(old[sheet], new[sheet]), start=1) if a != b]
                where = f"first differing row {rows[0]}" if rows else (
                    f"{len(old[sheet])} rows != {len(new[sheet])} rows")
                differences.append(f"{name}: sheet {sheet} differs ({where})")
    return differences


def main(argv: list[str] | None = None) -> int:
    """Write the samples, or with ``--check`` verify that the committed ones are current."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temporary folder and compare cell values with sample_data/")
    parser.add_argument("--out", type=Path, default=SAMPLE_DIR, help="output folder (default: sample_data/)")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write_samples(Path(tmp))
            differences = compare_samples(args.out, Path(tmp))
        for line in differences:
            print(line)
        print("sample_data is up to date" if not differences else "sample_data is out of date: "
              "run python tools/make_sample_data.py")
        return 1 if differences else 0
    for path, frame in write_samples(args.out).items():
        n_assessments = len(frame.drop_duplicates(["commune", "year", "criteria_set"]))
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(frame)} rows, "
              f"{n_assessments} assessments, {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
