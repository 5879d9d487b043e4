"""Resolving reported commune names to official units (ntm.units.resolve), on the real dataset.

The dataset is read from the installed package's files: no network.
"""

from __future__ import annotations

import unicodedata

import pytest

from ntm.units import NEW, OLD, default_registry, resolve_commune
from ntm.units.resolve import BY_CODE, BY_NAME, BY_SPELLING


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


VARIANTS = [
    "Khánh Bình", "khánh bình", "KHÁNH BÌNH", "Khanh Binh", "khanh  binh ", "xã Khánh Bình", "Xã Khánh Bình",
    "UBND xã Khánh Bình", "Ủy ban nhân dân xã Khánh Bình", "XA KHANH BINH", nfd("Khánh Bình"),
    nfd(" xã  Khánh Bình"),
]


@pytest.mark.parametrize("name", VARIANTS)
@pytest.mark.parametrize(("year", "map_", "code"),
                         [(2023, OLD, "30343"), (2024, OLD, "30343"), (2026, NEW, "30341")])
def test_reporting_variants_resolve_to_the_unit_of_the_years_map(registry, name, year, map_, code):
    found = resolve_commune(name, province="An Giang", year=year, registry=registry)
    assert found.ok, found.message()
    assert (found.unit.map, found.unit.code, found.unit.name) == (map_, code, "Xã Khánh Bình")


@pytest.mark.parametrize(
    ("name", "district", "expected"),
    [
        ("TT. Long Bình", "An Phú", "Thị trấn Long Bình"),
        ("thị trấn Long Bình", None, "Thị trấn Long Bình"),
        ("Thi tran Long Binh", "huyện An Phú", "Thị trấn Long Bình"),
        ("Khánh An", "H. An Phú", "Xã Khánh An"),
        ("Khanh An", None, "Xã Khánh An"),
    ],
)
def test_prefixes_and_districts_on_the_old_map(registry, name, district, expected):
    found = resolve_commune(name, province="tỉnh An Giang", district=district, year=2024, registry=registry)
    assert found.ok, found.message()
    assert found.unit.name == expected and found.unit.district == "Huyện An Phú"


@pytest.mark.parametrize(("a", "b"), [("Hòa Bình", "Hoà Bình"), ("Khánh Hòa", "Khánh Hoà")])
def test_tone_mark_placement_does_not_matter(registry, a, b):
    one = resolve_commune(a, province="An Giang", year=2024, registry=registry)
    two = resolve_commune(b, province="An Giang", year=2024, registry=registry)
    assert one.unit is not None and one.unit == two.unit
    assert one.matched_by == two.matched_by == BY_NAME


def test_a_typo_gets_suggestions_never_a_guess(registry):
    found = resolve_commune("Khanh Bnh", province="An Giang", year=2026, registry=registry)
    assert found.unit is None and not found.ok
    assert [u.code for u in found.suggestions][0] == "30341"
    [problem] = found.problems
    assert problem.code == "unknown-commune" and problem.severity == "error"
    assert problem.message == "Không tìm thấy xã 'Khanh Bnh' ở An Giang — có phải 'Khánh Bình'?"
    assert problem.message_en == "No commune 'Khanh Bnh' in An Giang — did you mean 'Khánh Bình'?"


def test_suggestions_on_the_old_map_name_the_district(registry):
    found = resolve_commune("Khanh Bnh", province="An Giang", year=2024, registry=registry)
    assert found.unit is None
    assert found.suggestions[0].code == "30343"
    assert "'Khánh Bình' (An Phú)" in found.problems[0].message


def test_a_name_far_from_every_unit_says_so(registry):
    found = resolve_commune("Zzyzx", province="An Giang", year=2026, registry=registry)
    assert found.unit is None and found.suggestions == ()
    assert "Kiểm tra lại tên hoặc ghi mã xã" in found.problems[0].message


@pytest.mark.parametrize("typo", ["Khánh Bìnhh", "Khanh Bin", "Kánh Bình", "Khánh Bình Đông"])
def test_typos_never_resolve(registry, typo):
    found = resolve_commune(typo, province="An Giang", year=2026, registry=registry)
    assert found.unit is None
    assert found.problems[0].code == "unknown-commune"


def test_same_name_in_one_province_is_ambiguous_until_told_apart(registry):
    found = resolve_commune("Chương Dương", province="Hà Nội", year=2024, registry=registry)
    assert found.unit is None and found.problems[0].code == "ambiguous-commune"
    assert {u.name for u in found.suggestions} == {"Phường Chương Dương", "Xã Chương Dương"}
    assert "Thường Tín" in found.problems[0].message and "Hoàn Kiếm" in found.problems[0].message
    by_kind = resolve_commune("xã Chương Dương", province="Hà Nội", year=2024, registry=registry)
    by_district = resolve_commune("Chương Dương", province="Hà Nội", district="Hoàn Kiếm", year=2024,
                                  registry=registry)
    assert by_kind.unit.name == "Xã Chương Dương"
    assert by_district.unit.name == "Phường Chương Dương"


def test_different_diacritics_resolve_with_a_warning(registry):
    found = resolve_commune("Khánh Bính", province="An Giang", year=2026, registry=registry)
    assert found.ok and found.unit.code == "30341" and found.matched_by == BY_SPELLING
    assert [p.code for p in found.problems] == ["commune-spelling"]
    plain = resolve_commune("Khanh Binh", province="An Giang", year=2026, registry=registry)
    assert plain.matched_by == BY_SPELLING and plain.problems == ()  # nothing typed, nothing contradicted


def test_unknown_province_gets_suggestions(registry):
    found = resolve_commune("Khánh Bình", province="An Giag", year=2024, registry=registry)
    assert found.unit is None
    assert found.problems[0].code == "unknown-province"
    assert "'An Giang'" in found.problems[0].message


def test_a_former_province_is_understood_after_the_reorganisation(registry):
    # Kiên Giang was merged into An Giang on 1 July 2025.
    found = resolve_commune("Khánh Bình", province="Kiên Giang", year=2026, registry=registry)
    assert found.ok and found.unit.code == "30341"
    assert [p.code for p in found.problems] == ["former-province"]


def test_code_and_name_must_agree(registry):
    by_code = resolve_commune("Khánh An", province="An Giang", year=2024, code=30340, registry=registry)
    assert by_code.ok and by_code.matched_by == BY_CODE and by_code.unit.name == "Xã Khánh An"
    conflict = resolve_commune("Khánh An", province="An Giang", year=2024, code="30341", registry=registry)
    assert conflict.unit is None and conflict.problems[-1].code == "commune-code-conflict"
    assert {u.code for u in conflict.suggestions} == {"30341", "30340"}


def test_the_same_code_names_different_units_in_the_two_maps(registry):
    before = resolve_commune("", province="An Giang", year=2024, code="30341", registry=registry)
    after = resolve_commune("", province="An Giang", year=2026, code="30341", registry=registry)
    assert before.unit.name == "Thị trấn Long Bình" and after.unit.name == "Xã Khánh Bình"


def test_an_unknown_code_falls_back_to_the_name_with_a_warning(registry):
    found = resolve_commune("Khánh Bình", province="An Giang", year=2026, code="99999", registry=registry)
    assert found.ok and found.unit.code == "30341" and found.matched_by == BY_NAME
    assert [p.code for p in found.problems] == ["unknown-commune-code"]


@pytest.mark.parametrize(("district", "map_", "code"), [(None, NEW, "30341"), ("An Phú", OLD, "30343")])
def test_2025_is_read_on_one_map_and_says_which(registry, district, map_, code):
    found = resolve_commune("Khánh Bình", province="An Giang", district=district, year=2025,
                            registry=registry)
    assert found.ok and (found.unit.map, found.unit.code) == (map_, code)
    assert [p.code for p in found.problems] == ["map-2025"]


def test_without_a_province_a_common_name_is_ambiguous(registry):
    found = resolve_commune("Khánh Bình", year=2024, registry=registry)
    assert found.unit is None and len(found.suggestions) > 1


def test_the_dataset_is_read_offline_without_importing_the_address_parser():
    # The package's own import pulls geopy (which can geocode over the network) and shapely.
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import sys\nfrom ntm.units import default_registry, resolve_commune\n"
            "assert resolve_commune('Khánh Bình', province='An Giang', year=2026).ok\n"
            "print(sorted(m for m in ('vietnamadminunits', 'geopy', 'shapely') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_pinned_dataset_has_both_maps(registry):
    assert len(registry.units(OLD)) == 10035 and len(registry.units(NEW)) == 3321
    assert len(registry.provinces(OLD)) == 63 and len(registry.provinces(NEW)) == 34
    assert registry.province_successor(next(iter(registry.find_provinces(OLD, "Kiên Giang")))) == "91"
