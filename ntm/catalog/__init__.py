"""The official criteria sets, as versioned data files, and the loader that checks them.

A set is data, never constants: ``data/sets.csv`` lists each set (legal basis, period, expected
counts, whether its indicator list is complete) and ``data/<id>.csv`` its indicators, one row per
indicator (a criterion whose indicators are not known yet is one row with an empty indicator).
Every row keeps its source and the confidence of what it says. Users can add a set of their own
(a province's variant) from a workbook with the same columns: ``read_set_workbook`` and
``write_set_workbook`` (in ``ntm.catalog.workbook``, also reachable from here).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ntm.errors import CatalogError, UnknownSetError
from ntm.text import code_sort_key, criterion_of, fold, nfc, normalize_code, parse_number

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

    @cached_property
    def _criterion_names(self) -> dict[str, tuple[str, str]]:
        criteria = self.criteria
        return {code: (str(vi), str(en)) for code, vi, en in
                zip(criteria["criterion"], criteria["name_vi"], criteria["name_en"])}

    def criterion_name(self, criterion: str, lang: str = "vi") -> str:
        """The name of ``criterion`` ("" if the set does not have it)."""
        names = self._criterion_names.get(criterion)
        return "" if names is None else names[1 if lang == "en" else 0]

    @property
    def label(self) -> str:
        """Short label for menus: "NTM 2021-2025 (ntm-2021)"."""
        first = self.aliases[0] if self.aliases else self.name_vi
        return f"{first} ({self.id})"


class Catalog:
    """All criteria sets the product knows, looked up by id or by any alias (diacritics-free)."""

    def __init__(self, sets: list[CriteriaSet]) -> None:
        self._sets: dict[str, CriteriaSet] = {}
        self._ids: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for criteria_set in sets:
            self.add(criteria_set)

    def add(self, criteria_set: CriteriaSet) -> None:
        """Register a set (a user-supplied one replaces a set of the same id).

        A later set's names and aliases take over the same names of earlier sets (a province's
        variant may reuse the national set's title), but an id always means its own set.
        """
        self._sets[criteria_set.id] = criteria_set
        self._ids[_name_key(criteria_set.id)] = criteria_set.id
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
        key = _name_key(name)
        return self._ids.get(key) or self._names.get(key)


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def _name_key(name: object) -> str:
    """Set names match ignoring case, diacritics, spaces and the kind of dash (-, –, —)."""
    return _DASHES.sub("-", fold(name)).replace(" ", "")


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _int_or_none(value: object, field_vi: str = "", field_en: str = "", where: str = "") -> int | None:
    """A whole number from a metadata cell ("19", 19.0, "19 tiêu chí"), None when blank.

    Raises:
        CatalogError: the cell holds something that is not a whole number.
    """
    if not nfc(value):
        return None
    number = parse_number(value)
    if number is None or not float(number).is_integer():
        raise CatalogError(
            f"Bộ tiêu chí {where}: '{field_vi or field_en}' phải là một số nguyên, không phải '{nfc(value)}'.",
            f"Criteria set {where}: '{field_en or field_vi}' must be a whole number, not '{nfc(value)}'.",
        )
    return int(number)


def _yes(text: object) -> bool:
    return fold(text) in {"yes", "co", "true", "1", "x", "day du", "du"}


def build_set(meta: dict, rows: pd.DataFrame, origin: str = "catalog") -> CriteriaSet:
    """A checked ``CriteriaSet`` from its metadata and indicator rows.

    Args:
        meta: the set's metadata, keyed by ``SET_COLUMNS`` (only ``id`` is required).
        rows: one row per indicator, columns from ``INDICATOR_COLUMNS`` (missing ones are empty).
        origin: where the set comes from, named in error messages ("catalog", "tệp X.xlsx").

    Raises:
        CatalogError: duplicate codes, an indicator filed under another criterion, counts that
            disagree with the declared totals, a complete set with missing indicators, or a count
            or year that is not a whole number.
    """
    rows = rows.reindex(columns=INDICATOR_COLUMNS)
    # Codes are normalised from the raw cells, before anything becomes text: a criterion
    # typed as the number 5 arrives as 5.0 and must read "5", not "5.0".
    codes = {column: rows[column].map(normalize_code) for column in ("criterion", "indicator")}
    rows = rows.map(nfc).astype(str)  # nfc: NFC text, "" for blanks
    for column, values in codes.items():
        rows[column] = values.astype(str)
    where = f"'{nfc(meta.get('id', ''))}' ({origin})"
    criteria_set = CriteriaSet(
        id=nfc(meta.get("id", "")),
        name_vi=nfc(meta.get("name_vi", "")),
        name_en=nfc(meta.get("name_en", "")),
        family=nfc(meta.get("family", "")) or nfc(meta.get("id", "")),
        legal_basis=nfc(meta.get("legal_basis", "")),
        year_from=_int_or_none(meta.get("year_from", ""), "năm bắt đầu", "year_from", where),
        year_to=_int_or_none(meta.get("year_to", ""), "năm kết thúc", "year_to", where),
        criteria_count=(_int_or_none(meta.get("criteria_count", ""), "số tiêu chí", "criteria_count", where)
                        or rows["criterion"].nunique()),
        indicator_count=_int_or_none(meta.get("indicator_count", ""), "số chỉ tiêu", "indicator_count", where),
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
    known = rows.loc[rows["indicator"] != "", ["criterion", "indicator"]]
    bare = set(known.loc[known["indicator"] == known["criterion"], "criterion"])
    split = set(known.loc[known["indicator"] != known["criterion"], "criterion"])
    both = sorted(bare & split, key=code_sort_key)
    if both:
        listed = ", ".join(both)
        out.append((f"tiêu chí vừa có mã chỉ tiêu trơn vừa có mã con (ví dụ 5 và 5.1): {listed}",
                     f"criteria with both a bare indicator code and sub-codes (e.g. 5 and 5.1): {listed}"))
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


def __getattr__(name: str):
    # The workbook reader and writer live in ntm.catalog.workbook, which imports this module;
    # importing them lazily here keeps ``from ntm.catalog import read_set_workbook`` working
    # without a circular import.
    if name in {"read_set_workbook", "write_set_workbook"}:
        from ntm.catalog import workbook

        return getattr(workbook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
