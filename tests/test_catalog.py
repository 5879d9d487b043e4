"""The shipped criteria catalog: integrity of the data files, name resolution and set validation."""

from __future__ import annotations

import csv
from collections import Counter

import pandas as pd
import pytest

from ntm.catalog import (
    DATA_DIR,
    INDICATOR_COLUMNS,
    SET_COLUMNS,
    Catalog,
    CriteriaSet,
    build_set,
    load_catalog,
    validate_set,
)
from ntm.errors import CatalogError, UnknownSetError
from ntm.text import criterion_of

SHIPPED = ["ntm-2016", "ntm-2021", "ntm-nc-2021", "ntm-2026"]

# QĐ 318/QĐ-TTg annex I, indicators per criterion (reference/ntm_2021_2025_basic.csv).
COUNTS_2021 = {
    "1": 2, "2": 4, "3": 2, "4": 2, "5": 1, "6": 3, "7": 1, "8": 4, "9": 2, "10": 1,
    "11": 1, "12": 1, "13": 5, "14": 3, "15": 5, "16": 1, "17": 11, "18": 6, "19": 2,
}
# Codes the seed report (Khánh Bình 2023) lists as unmet.
SEED_CODES_2021 = ["1.1", "1.2", "15.1", "17.2", "17.7", "17.11"]
SEED_CODES_NC = ["1.1", "1.2", "1.3", "11", "13.5", "14.1", "14.2", "14.3", "16.2", "17.2", "17.6", "17.12"]


def _csv_header(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


# --- the data files -------------------------------------------------------------------------

def test_sets_file_lists_exactly_the_shipped_sets():
    with (DATA_DIR / "sets.csv").open(encoding="utf-8", newline="") as fh:
        ids = [row["id"] for row in csv.DictReader(fh)]
    assert ids == SHIPPED
    assert _csv_header(DATA_DIR / "sets.csv") == SET_COLUMNS
    assert sorted(p.stem for p in DATA_DIR.glob("*.csv") if p.stem != "sets") == sorted(SHIPPED)


@pytest.mark.parametrize("set_id", SHIPPED)
def test_each_data_file_has_the_catalog_columns(set_id):
    assert _csv_header(DATA_DIR / f"{set_id}.csv") == INDICATOR_COLUMNS


def test_every_shipped_set_loads(catalog):
    assert catalog.ids() == SHIPPED
    for criteria_set in catalog:
        assert validate_set(criteria_set) == []
        assert criteria_set.origin == "catalog"


@pytest.mark.parametrize(
    ("set_id", "decision"),
    [("ntm-2016", "1980/QĐ-TTg"), ("ntm-2021", "318/QĐ-TTg"), ("ntm-nc-2021", "318/QĐ-TTg"),
     ("ntm-2026", "51/2025/QĐ-TTg")],
)
def test_every_set_records_its_legal_basis(catalog, set_id, decision):
    criteria_set = catalog.get(set_id)
    assert decision in criteria_set.legal_basis
    assert criteria_set.name_vi and criteria_set.name_en and criteria_set.family
    assert criteria_set.year_from and criteria_set.year_to and criteria_set.year_from < criteria_set.year_to


# --- the shape of each set ------------------------------------------------------------------

def test_ntm_2021_has_19_criteria_and_57_indicators(catalog):
    s = catalog.get("ntm-2021")
    assert (s.criteria_count, s.indicator_count, s.indicators_complete) == (19, 57, True)
    assert s.criterion_codes == tuple(str(n) for n in range(1, 20))
    codes = list(s.indicators["indicator"])
    assert len(codes) == len(set(codes)) == 57


def test_ntm_2021_counts_per_criterion_are_those_of_qd_318(catalog):
    s = catalog.get("ntm-2021")
    counts = Counter(criterion_of(code) for code in s.indicator_codes)
    assert dict(counts) == COUNTS_2021
    assert dict(zip(s.criteria["criterion"], s.criteria["indicators"])) == COUNTS_2021


def test_ntm_2021_has_the_seed_reports_codes(catalog):
    assert set(SEED_CODES_2021) <= catalog.get("ntm-2021").indicator_codes


def test_ntm_2021_single_indicator_criteria_use_bare_codes(catalog):
    s = catalog.get("ntm-2021")
    for criterion, n in COUNTS_2021.items():
        if n == 1:
            assert criterion in s.indicator_codes
        else:
            assert criterion not in s.indicator_codes


def test_ntm_2016_has_19_criteria_and_49_indicators(catalog):
    s = catalog.get("ntm-2016")
    assert (s.criteria_count, s.indicator_count, s.indicators_complete) == (19, 49, True)
    assert len(s.criterion_codes) == 19
    assert len(s.indicator_codes) == len(s.indicators) == 49


def test_ntm_nc_2021_is_declared_75_and_incomplete(catalog):
    s = catalog.get("ntm-nc-2021")
    assert (s.criteria_count, s.indicator_count, s.indicators_complete) == (19, 75, False)
    assert s.criterion_codes == tuple(str(n) for n in range(1, 20))
    assert set(SEED_CODES_NC) <= s.indicator_codes
    assert 0 < len(s.indicator_codes) < 75


def test_ntm_2026_has_10_criteria_and_no_known_indicators(catalog):
    s = catalog.get("ntm-2026")
    assert (s.criteria_count, s.indicator_count, s.indicators_complete) == (10, 47, False)
    assert s.criterion_codes == tuple(str(n) for n in range(1, 11))
    assert s.indicators.empty
    assert s.criteria["name_vi"].ne("").all()


# --- every row ------------------------------------------------------------------------------

@pytest.mark.parametrize("set_id", SHIPPED)
def test_every_row_has_a_criterion_names_confidence_and_source(catalog, set_id):
    rows = catalog.get(set_id).rows
    assert rows["criterion"].ne("").all()
    assert rows["criterion_name_vi"].ne("").all()
    assert rows["criterion_name_en"].ne("").all()
    assert rows["confidence"].str.strip().ne("").all()
    assert rows["source"].str.startswith("http").all()


@pytest.mark.parametrize("set_id", SHIPPED)
def test_every_indicator_has_its_names_and_belongs_to_its_criterion(catalog, set_id):
    indicators = catalog.get(set_id).indicators
    assert indicators["indicator_name_vi"].ne("").all()
    assert indicators["indicator_name_en"].ne("").all()  # the reference glosses every known indicator
    for row in indicators.itertuples():
        assert criterion_of(row.indicator) == row.criterion, row.indicator
        assert row.indicator.replace(".", "").isdigit(), row.indicator


@pytest.mark.parametrize("set_id", SHIPPED)
def test_criterion_names_are_consistent_within_a_set(catalog, set_id):
    rows = catalog.get(set_id).rows
    assert (rows.groupby("criterion")["criterion_name_vi"].nunique() == 1).all()


def test_placeholder_notes_survive_beside_known_indicators(catalog):
    # tools/build_catalog.py keeps "2.x other transport indicators" and "13.x" on the criterion.
    s = catalog.get("ntm-nc-2021")
    notes = " ".join(s.rows.loc[s.rows["criterion"] == "2", "notes"])
    assert "2.x" in notes
    notes = " ".join(s.rows.loc[s.rows["criterion"] == "13", "notes"])
    assert "13.x" in notes and "13.1" in notes


def test_criterion_name_and_label(catalog):
    s = catalog.get("ntm-2021")
    assert s.criterion_name("1") == "Quy hoạch"
    assert s.criterion_name("1", "en") == "Planning"
    assert s.criterion_name("20") == ""
    assert s.label.endswith("(ntm-2021)")


# --- names and aliases ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "set_id"),
    [
        ("ntm-2021", "ntm-2021"),
        ("NTM-2021", "ntm-2021"),
        ("NTM 2021-2025", "ntm-2021"),
        ("ntm 2021 - 2025", "ntm-2021"),
        ("NTM 2021–2025", "ntm-2021"),  # en dash
        ("QĐ 318", "ntm-2021"),
        ("qd 318", "ntm-2021"),
        ("Nông thôn mới 2021-2025", "ntm-2021"),
        ("nong thon moi 2021 - 2025", "ntm-2021"),
        ("Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025", "ntm-2021"),
        ("ntm nang cao 2021 - 2025", "ntm-nc-2021"),
        ("NTM NÂNG CAO 2021 — 2025", "ntm-nc-2021"),  # em dash
        ("NTMNC 2021-2025", "ntm-nc-2021"),
        ("QĐ 318 Phụ lục II", "ntm-nc-2021"),
        ("QĐ 1980", "ntm-2016"),
        ("NTM 2016 - 2020", "ntm-2016"),
        ("QĐ 51/2025", "ntm-2026"),
        ("ntm 2026-2030", "ntm-2026"),
    ],
)
def test_names_resolve_ignoring_case_diacritics_and_dashes(catalog, name, set_id):
    assert catalog.resolve(name) == set_id
    assert catalog.get(name).id == set_id


@pytest.mark.parametrize("name", ["ntm-2030", "QĐ 999", "", None])
def test_unknown_names(catalog, name):
    assert catalog.resolve(name) is None
    with pytest.raises(UnknownSetError) as info:
        catalog.get(name)
    assert "ntm-2021" in info.value.message_vi and "ntm-2021" in info.value.message_en


def test_an_added_set_cannot_take_over_another_sets_id(fresh_catalog):
    shipped = fresh_catalog.get("ntm-2021")
    rogue = _set("tinh-x", {"1": ["1.1"]}, aliases="ntm-2021;Bộ của tỉnh X")
    fresh_catalog.add(rogue)
    assert fresh_catalog.get("ntm-2021") is shipped
    assert fresh_catalog.get("Bộ của tỉnh X") is rogue


def test_an_added_set_with_the_same_id_replaces_the_shipped_one(fresh_catalog):
    replacement = _set("ntm-2021", {"1": ["1.1"]})
    fresh_catalog.add(replacement)
    assert fresh_catalog.get("ntm-2021") is replacement
    assert fresh_catalog.ids().count("ntm-2021") == 1


def test_fresh_catalog_does_not_leak_into_the_shared_one(catalog, fresh_catalog):
    fresh_catalog.add(_set("tinh-y", {"1": ["1.1"]}))
    assert "tinh-y" in fresh_catalog and "tinh-y" not in catalog


def test_catalog_constructor_registers_sets():
    s = _set("a", {"1": ["1.1"]})
    assert Catalog([s]).get("A") is s


# --- validation of broken sets --------------------------------------------------------------

def _rows(structure: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"criterion": crit, "criterion_name_vi": f"Tiêu chí {crit}", "indicator": code,
             "indicator_name_vi": f"Chỉ tiêu {code}", "confidence": "test"}
            for crit, codes in structure.items()
            for code in (codes or [""])
        ]
    )


def _set(set_id, structure, **meta) -> CriteriaSet:
    meta = {"id": set_id, "name_vi": f"Bộ {set_id}", "criteria_count": len(structure), **meta}
    return build_set(meta, _rows(structure), origin="test")


def test_a_sound_small_set_builds():
    s = _set("ok", {"1": ["1.1", "1.2"], "2": ["2"]}, indicator_count=3)
    assert s.indicator_codes == {"1.1", "1.2", "2"}
    assert s.family == "ok"
    assert s.indicators_complete  # default: the list is complete


@pytest.mark.parametrize(
    ("structure", "meta", "vi", "en"),
    [
        ({"1": ["1.1", "1.1"], "2": ["2"]}, {}, "mã chỉ tiêu trùng: 1.1", "duplicate indicator codes: 1.1"),
        ({"1": ["1.1", "2.1"], "2": ["2"]}, {}, "sai tiêu chí: 2.1→1", "another criterion: 2.1→1"),
        ({"1": ["1.1"], "2": ["2"]}, {"criteria_count": 3}, "có 2 tiêu chí, khai báo 3", "2 criteria found, 3 declared"),
        ({"1": ["1.1"], "2": ["2"]}, {"indicator_count": 5}, "có 2 chỉ tiêu, khai báo 5", "2 indicators found, 5 declared"),
        ({"1": ["1.1"], "2": []}, {}, "tiêu chí chưa có chỉ tiêu: 2", "criteria without indicators: 2"),
        ({"1": ["1.1", "1.2", "1.3"]}, {"indicator_count": 2, "indicators_complete": "no"},
         "biết 3 chỉ tiêu, nhiều hơn tổng khai báo 2", "3 indicators known, more than the declared 2"),
        ({"5": ["5", "5.1"]}, {}, "mã con", "both a bare indicator code and sub-codes"),
        ({"1": ["1.1"]}, {"id": ""}, "thiếu mã bộ", "the set has no id"),
    ],
)
def test_build_set_rejects_broken_sets(structure, meta, vi, en):
    meta = {"id": "broken", "criteria_count": len(structure), **meta}
    with pytest.raises(CatalogError) as info:
        build_set(meta, _rows(structure), origin="tệp hỏng.xlsx")
    assert vi in info.value.message_vi
    assert en in info.value.message_en
    assert "tệp hỏng.xlsx" in info.value.message_vi


def test_validate_set_reports_every_problem_at_once():
    rows = _rows({"1": ["1.1", "1.1", "2.1"]})
    broken = CriteriaSet(id="b", name_vi="", name_en="", family="b", legal_basis="", year_from=None,
                         year_to=None, criteria_count=2, indicator_count=10, indicators_complete=True,
                         rows=rows.reindex(columns=INDICATOR_COLUMNS).astype(object).fillna(""))
    problems = validate_set(broken)
    assert len(problems) == 4  # duplicate, wrong criterion, criteria count, indicator count
    assert all(vi and en for vi, en in problems)


def test_a_row_without_a_criterion_is_reported():
    rows = _rows({"1": ["1.1"]})
    rows.loc[len(rows)] = {"criterion": "", "indicator": ""}
    with pytest.raises(CatalogError, match="thiếu số tiêu chí"):
        build_set({"id": "x", "criteria_count": 1}, rows)


def test_an_incomplete_set_may_have_criteria_without_indicators():
    s = _set("partial", {"1": ["1.1"], "2": []}, indicator_count=10, indicators_complete="no")
    assert not s.indicators_complete
    assert list(s.criteria["indicators"]) == [1, 0]


def test_build_set_reads_codes_typed_as_numbers():
    rows = pd.DataFrame({"criterion": [1.0, 1.0, 5], "indicator": [1.1, 1.2, 5.0],
                         "indicator_name_vi": ["a", "b", "c"]})
    s = build_set({"id": "n", "criteria_count": 2, "indicator_count": 3.0}, rows)
    assert s.criterion_codes == ("1", "5")
    assert s.indicator_codes == {"1.1", "1.2", "5"}
    assert s.indicator_count == 3


@pytest.mark.parametrize(("field", "value"), [("criteria_count", "mười chín"), ("indicator_count", "57,5"),
                                              ("year_from", "năm nay")])
def test_build_set_rejects_counts_that_are_not_whole_numbers(field, value):
    with pytest.raises(CatalogError) as info:
        build_set({"id": "x", field: value}, _rows({"1": ["1.1"]}))
    assert value in info.value.message_vi and field in info.value.message_en


def test_load_catalog_from_another_folder(tmp_path):
    # A broken shipped file is a bug in the data: load_catalog says which set.
    (tmp_path / "sets.csv").write_text(
        ",".join(SET_COLUMNS) + "\nbad,Bộ hỏng,,,,,,2,,yes,,,\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text(
        ",".join(INDICATOR_COLUMNS) + "\n1,A,,,1.1,x,,,,,,c,,\n1,A,,,1.1,y,,,,,,c,,\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="'bad'"):
        load_catalog(tmp_path)


def test_reference_counts_are_not_from_the_data_we_test():
    # Guards against a tautology: COUNTS_2021 adds up to the legal total on its own.
    assert sum(COUNTS_2021.values()) == 57 and len(COUNTS_2021) == 19
