"""The official criteria sets, as versioned data files, and the loader that checks them.

A set is data, never constants: ``data/sets.csv`` lists each set (legal basis, period, expected
counts, whether its indicator list is complete) and ``data/<id>.csv`` its indicators, one row per
indicator (a criterion whose indicators are not known yet is one row with an empty indicator).
Every row keeps its source and the confidence of what it says. Users can add a set of their own
(a province's variant) from a workbook with the same columns (see ``read_set_workbook``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ntm.errors import CatalogError, UnknownSetError
from ntm.text import code_sort_key, criterion_of, fold, nfc, normalize_code

DATA_DIR = Path(__file__).resolve().parent / "data"

SET_COLUMNS = [
    "id", "name_vi", "name_en", "family", "legal_basis", "year_from", "year_to",
    "criteria_count", "indicator_count", "indicators_complete", "target_scheme", "aliases", "notes",
]
INDICATOR_COLUMNS = [
    "criterion", "criterion_name_vi", "criterion_name_en", "group",
    "indicator", "indicator_name_vi", "indicator_name_en", "unit", "comparator",
    "target", "target_detail", "confidence", "source", "notes",
]


@dataclass(frozen=True)
class CriteriaSet:
    """One criteria set: its legal basis, criteria and (known) indicators.

    Attributes:
        id: stable identifier, e.g. "ntm-2021".
        family: sets whose results may be compared year over year ("ntm", "ntm-nc", ...).
        criteria_count: number of criteria the legal text defines (19, 10, ...).
        indicator_count: number of indicators the legal text defines (57, 47, ...), the
            denominator of indicator ratios even where the list below is incomplete.
        indicators_complete: True when ``rows`` lists every indicator of the set.
        rows: one row per indicator (``INDICATOR_COLUMNS``), codes as strings.
        origin: "catalog", or where a user-supplied set came from.
    """

    id: str
    name_vi: str
    name_en: str
    family: str
    legal_basis: str
    year_from: int | None
    year_to: int | None
    criteria_count: int
    indicator_count: int | None
    indicators_complete: bool
    target_scheme: str = ""
    aliases: tuple[str, ...] = ()
    notes: str = ""
    rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INDICATOR_COLUMNS),
                               repr=False, compare=False)
    origin: str = "catalog"

    @cached_property
    def criteria(self) -> pd.DataFrame:
        """One row per criterion: criterion, name_vi, name_en, group, indicators (known count)."""
        rows = self.rows
        first = rows.drop_duplicates("criterion")
        known = rows[rows["indicator"] != ""].groupby("criterion").size()
        frame = pd.DataFrame({
            "criterion": first["criterion"].to_numpy(),
            "name_vi": first["criterion_name_vi"].to_numpy(),
            "name_en": first["criterion_name_en"].to_numpy(),
            "group": first["group"].to_numpy(),
        })
        frame["indicators"] = frame["criterion"].map(known).fillna(0).astype(int)
        order = sorted(range(len(frame)), key=lambda i: code_sort_key(frame["criterion"].iat[i]))
        return frame.iloc[order].reset_index(drop=True)

    @cached_property
    def indicators(self) -> pd.DataFrame:
        """The known indicators (rows with a code), in code order."""
        known = self.rows[self.rows["indicator"] != ""]
        order = sorted(range(len(known)), key=lambda i: code_sort_key(known["indicator"].iat[i]))
        return known.iloc[order].reset_index(drop=True)

    @cached_property
    def indicator_codes(self) -> frozenset[str]:
        return frozenset(self.indicators["indicator"])

    @cached_property
    def criterion_codes(self) -> tuple[str, ...]:
        return tuple(self.criteria["criterion"])

    def criterion_name(self, criterion: str, lang: str = "vi") -> str:
        """The name of ``criterion`` ("" if the set does not have it)."""
        match = self.criteria[self.criteria["criterion"] == criterion]
        if match.empty:
            return ""
        return str(match[f"name_{'en' if lang == 'en' else 'vi'}"].iat[0])

    @property
    def label(self) -> str:
        """Short label for menus: "NTM 2021-2025 (ntm-2021)"."""
        first = self.aliases[0] if self.aliases else self.name_vi
        return f"{first} ({self.id})"


class Catalog:
    """All criteria sets the product knows, looked up by id or by any alias (diacritics-free)."""

    def __init__(self, sets: list[CriteriaSet]) -> None:
        self._sets: dict[str, CriteriaSet] = {}
        self._names: dict[str, str] = {}
        for criteria_set in sets:
            self.add(criteria_set)

    def add(self, criteria_set: CriteriaSet) -> None:
        """Register a set (a user-supplied one replaces a set of the same id)."""
        self._sets[criteria_set.id] = criteria_set
        for name in (criteria_set.id, criteria_set.name_vi, criteria_set.name_en, *criteria_set.aliases):
            if name:
                self._names[_name_key(name)] = criteria_set.id

    def __iter__(self):
        return iter(self._sets.values())

    def __contains__(self, set_id: str) -> bool:
        return set_id in self._sets

    def ids(self) -> list[str]:
        return list(self._sets)

    def get(self, name: str) -> CriteriaSet:
        """The set called ``name`` (id, Vietnamese or English name, or alias).

        Raises:
            UnknownSetError: no set is called that.
        """
        set_id = self.resolve(name)
        if set_id is None:
            known = ", ".join(self._sets)
            raise UnknownSetError(
                f"Không biết bộ tiêu chí '{nfc(name)}'. Các bộ đã có: {known}. "
                "Hãy ghi đúng tên bộ hoặc tải lên bộ tiêu chí của tỉnh.",
                f"Unknown criteria set '{nfc(name)}'. Known sets: {known}. "
                "Write one of these or upload your province's set.",
            )
        return self._sets[set_id]

    def resolve(self, name: object) -> str | None:
        """The id of the set called ``name``, or None."""
        return self._names.get(_name_key(name))


def _name_key(name: object) -> str:
    """Set names match ignoring case, diacritics and spacing around dashes."""
    return fold(name).replace(" - ", "-").replace("–", "-").replace(" ", "")


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _int_or_none(text: str) -> int | None:
    text = nfc(text)
    return int(float(text)) if text else None


def _yes(text: object) -> bool:
    return fold(text) in {"yes", "co", "true", "1", "x", "day du", "du"}


def build_set(meta: dict, rows: pd.DataFrame, origin: str = "catalog") -> CriteriaSet:
    """A checked ``CriteriaSet`` from its metadata and indicator rows.

    Raises:
        CatalogError: duplicate codes, an indicator filed under another criterion, counts that
            disagree with the declared totals, or a complete set with missing indicators.
    """
    rows = rows.reindex(columns=INDICATOR_COLUMNS).fillna("").astype(str).map(nfc)
    rows["criterion"] = rows["criterion"].map(normalize_code)
    rows["indicator"] = rows["indicator"].map(normalize_code)
    criteria_set = CriteriaSet(
        id=nfc(meta["id"]),
        name_vi=nfc(meta.get("name_vi", "")),
        name_en=nfc(meta.get("name_en", "")),
        family=nfc(meta.get("family", "")) or nfc(meta["id"]),
        legal_basis=nfc(meta.get("legal_basis", "")),
        year_from=_int_or_none(meta.get("year_from", "")),
        year_to=_int_or_none(meta.get("year_to", "")),
        criteria_count=_int_or_none(meta.get("criteria_count", "")) or rows["criterion"].nunique(),
        indicator_count=_int_or_none(meta.get("indicator_count", "")),
        indicators_complete=_yes(meta.get("indicators_complete", "yes")),
        target_scheme=nfc(meta.get("target_scheme", "")),
        aliases=tuple(a.strip() for a in nfc(meta.get("aliases", "")).split(";") if a.strip()),
        notes=nfc(meta.get("notes", "")),
        rows=rows.reset_index(drop=True),
        origin=origin,
    )
    problems = validate_set(criteria_set)
    if problems:
        raise CatalogError(
            f"Bộ tiêu chí '{criteria_set.id}' ({origin}) không hợp lệ: " + "; ".join(p[0] for p in problems),
            f"Criteria set '{criteria_set.id}' ({origin}) is invalid: " + "; ".join(p[1] for p in problems),
        )
    return criteria_set


def validate_set(criteria_set: CriteriaSet) -> list[tuple[str, str]]:
    """Everything wrong with a set, as (Vietnamese, English) sentences; empty when it is sound."""
    out: list[tuple[str, str]] = []
    rows = criteria_set.rows
    if not criteria_set.id:
        out.append(("thiếu mã bộ (id)", "the set has no id"))
    if rows["criterion"].eq("").any():
        out.append(("có dòng thiếu số tiêu chí", "a row has no criterion number"))
    codes = rows.loc[rows["indicator"] != "", "indicator"]
    dupes = sorted(set(codes[codes.duplicated()]), key=code_sort_key)
    if dupes:
        out.append((f"mã chỉ tiêu trùng: {', '.join(dupes)}", f"duplicate indicator codes: {', '.join(dupes)}"))
    wrong = rows[(rows["indicator"] != "") & (rows["indicator"].map(criterion_of) != rows["criterion"])]
    if not wrong.empty:
        listed = ", ".join(f"{r.indicator}→{r.criterion}" for r in wrong.itertuples())
        out.append((f"chỉ tiêu nằm sai tiêu chí: {listed}", f"indicators filed under another criterion: {listed}"))
    n_criteria = rows["criterion"].nunique()
    if n_criteria != criteria_set.criteria_count:
        out.append((f"có {n_criteria} tiêu chí, khai báo {criteria_set.criteria_count}",
                    f"{n_criteria} criteria found, {criteria_set.criteria_count} declared"))
    n_known = int((rows["indicator"] != "").sum())
    expected = criteria_set.indicator_count
    if criteria_set.indicators_complete:
        if expected is not None and n_known != expected:
            out.append((f"có {n_known} chỉ tiêu, khai báo {expected}",
                        f"{n_known} indicators found, {expected} declared"))
        empty = sorted(set(rows["criterion"]) - set(rows.loc[rows["indicator"] != "", "criterion"]),
                       key=code_sort_key)
        if empty:
            out.append((f"tiêu chí chưa có chỉ tiêu: {', '.join(empty)}",
                        f"criteria without indicators: {', '.join(empty)}"))
    elif expected is not None and n_known > expected:
        out.append((f"biết {n_known} chỉ tiêu, nhiều hơn tổng khai báo {expected}",
                    f"{n_known} indicators known, more than the declared {expected}"))
    return out


def load_catalog(data_dir: Path = DATA_DIR) -> Catalog:
    """Every set shipped with the product, checked.

    Raises:
        CatalogError: a shipped set is malformed (a bug in the data files).
    """
    sets = []
    for meta in _read_csv(data_dir / "sets.csv"):
        rows = pd.DataFrame(_read_csv(data_dir / f"{meta['id']}.csv"), dtype=str)
        sets.append(build_set(meta, rows))
    return Catalog(sets)
