"""The official administrative units before and after 1 July 2025, read from ``vietnamadminunits``.

Why this dataset (evaluated against ``vietnam-provinces`` 2025.10.1):

* ``vietnamadminunits`` (1.0.4, MIT) ships both maps — the 63-province map in force until 30 June
  2025 (10,035 commune-level units with their district; plus 5 island districts without communes,
  which are skipped here) and the 34-province map from 1 July 2025 (3,321 units) — each with its
  official codes, and the 2025 conversion: every old unit's successor (9,569 whole, 471 divided
  between 2-5 new units with one named as the main part). It also keeps former names and other
  spellings of many units (keywords). This is exactly what lineage needs.
* ``vietnam-provinces`` holds the 34-province map only (names and codes), no old map and no
  conversion, so it cannot give lineage. Its codes differ from ``vietnamadminunits``'s for 121 of
  the 3,321 new units (e.g. Phường Cửa Nam, Hà Nội: 00073 there, 00082 here and in the list the
  Statistics Office published with Công văn 1027/CTK-CSCL, 25/6/2025). A province whose codes
  differ corrects them with a lineage correction workbook (``ntm.units.corrections``); resolving
  a commune whose code disagrees with its name warns instead of guessing.

The package's own import loads its address parser (geopy, shapely and 3.6 MB of JSON: 0.65-1 s)
and can geocode over the network; none of that is needed. Its data files are read directly,
offline: the SQLite ``data/dataset.db`` (read-only; the two SELECTs take about 0.1 s) and
``data/converter_2025.json`` (about 15 ms); building the units and successions brings
``read_dataset`` to 0.4-0.9 s on a busy shared machine. The file layout is the pinned version's
(a test checks it still reads both maps).
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ntm.text import nfc as _nfc
from ntm.text import split_place_prefix
from ntm.units.errors import UnitsError

OLD, NEW = "old", "new"
MAPS = (OLD, NEW)
REORGANISATION = date(2025, 7, 1)
MAP_LABELS = {
    OLD: ("bản đồ trước 1/7/2025 (63 tỉnh, có cấp huyện)",
          "the map before 1 July 2025 (63 provinces, with districts)"),
    NEW: ("bản đồ từ 1/7/2025 (34 tỉnh, không có cấp huyện)",
          "the map from 1 July 2025 (34 provinces, no districts)"),
}
DATASET_NAME = "vietnamadminunits"


@dataclass(frozen=True)
class Unit:
    """One commune-level unit ("xã", "phường", "thị trấn", "đặc khu") of one map.

    Codes are strings of 5 digits (province codes 2, district codes 3). The same code can name
    different units in the two maps (30341 is Thị trấn Long Bình before 1 July 2025 and Xã Khánh
    Bình after), so a unit is identified by ``(map, code)``.
    """

    map: str
    code: str
    name: str
    province: str
    province_code: str
    district: str = ""
    district_code: str = ""
    keywords: tuple[str, ...] = ()
    source: str = "dataset"

    @property
    def short_name(self) -> str:
        """The name without its kind: "Khánh Bình" for "Xã Khánh Bình"."""
        return official_parts(self.name)[1]

    @property
    def kind(self) -> str:
        """The unit's kind, folded: "xa", "phuong", "thi tran", "dac khu" ("" when unknown)."""
        return official_parts(self.name)[0]

    def label(self, *, district: bool = True) -> str:
        """"Xã Khánh Bình (Huyện An Phú, Tỉnh An Giang)"; without the district when it has none."""
        places = [self.district] if district and self.district else []
        return f"{self.name} ({', '.join([*places, self.province])})"


# How the dataset writes the kinds, checked before the general prefix rules (much faster).
_OFFICIAL_KINDS = (("Xã ", "xa"), ("Phường ", "phuong"), ("Thị trấn ", "thi tran"), ("Đặc khu ", "dac khu"))


def official_parts(name: str) -> tuple[str, str]:
    """(kind, short name) of an official unit name: "Thị trấn Long Bình" → ("thi tran", "Long Bình")."""
    for written, kind in _OFFICIAL_KINDS:
        if name.startswith(written):
            return kind, name[len(written):]
    return split_place_prefix(name)


@dataclass(frozen=True)
class Succession:
    """An old unit (all of it, or a part) became part of a new unit on ``effective``.

    ``part`` is True when the old unit was divided between several new units; ``main`` marks the
    new unit that took its main part (the one its history follows when one successor is needed).
    The old code is a code of the map in force the day before ``effective``, the new code one of
    the map in force on ``effective``.
    """

    old_code: str
    new_code: str
    effective: date = REORGANISATION
    part: bool = False
    main: bool = True
    source: str = "dataset"
    basis: str = ""
    note: str = ""

    @property
    def old_map(self) -> str:
        """The map ``old_code`` belongs to: the one in force the day before ``effective``."""
        return OLD if self.effective <= REORGANISATION else NEW

    @property
    def new_map(self) -> str:
        """The map ``new_code`` belongs to: the one in force on ``effective``."""
        return NEW if self.effective >= REORGANISATION else OLD


@dataclass(frozen=True)
class Dataset:
    """Both maps and the 2025 conversion, as read from the dataset."""

    units: tuple[Unit, ...]
    successions: tuple[Succession, ...]
    province_successor: dict[str, str] = field(default_factory=dict)  # old province code → new
    # (map, province code) → the dataset's diacritics-free keywords ("hochiminh", "hcm")
    province_keywords: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    version: str = ""


def dataset_dir() -> Path:
    """The folder holding ``vietnamadminunits``'s data files, found without importing the package."""
    spec = importlib.util.find_spec(DATASET_NAME)
    if spec is None or not spec.origin:
        raise UnitsError(
            "Chưa cài gói 'vietnamadminunits' (danh mục đơn vị hành chính): cài theo requirements.txt.",
            "The 'vietnamadminunits' package (the administrative units list) is not installed: "
            "install requirements.txt.")
    folder = Path(spec.origin).parent / "data"
    for name in ("dataset.db", "converter_2025.json"):
        if not (folder / name).is_file():
            raise UnitsError(
                f"Gói 'vietnamadminunits' thiếu tệp dữ liệu {name}: "
                "cài lại đúng phiên bản trong requirements.txt.",
                f"The 'vietnamadminunits' package lacks its data file {name}: reinstall the version "
                "pinned in requirements.txt.")
    return folder


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{DATASET_NAME} {version(DATASET_NAME)}"
    except PackageNotFoundError:
        return DATASET_NAME


def _keywords(*cells: str | None) -> tuple[str, ...]:
    """The dataset's keywords: diacritics-free, no spaces ("xakhanhbinh", "khanhbinh")."""
    words: list[str] = []
    for cell in cells:
        if cell:
            words.extend(w for w in json.loads(cell) if w not in words)
    return tuple(words)


def read_dataset(folder: Path | None = None) -> Dataset:
    """Both maps and the 2025 conversion from the dataset's files (offline, read-only).

    Raises:
        UnitsError: the package or its data files are missing.
    """
    folder = folder or dataset_dir()
    connection = sqlite3.connect(f"{(folder / 'dataset.db').as_uri()}?mode=ro", uri=True)
    try:
        new_rows = connection.execute(
            "SELECT wardCode, ward, province, provinceCode, provinceKey, wardKey, wardAlias, wardKeywords "
            "FROM admin_units").fetchall()
        province_rows = [(NEW, *row) for row in connection.execute(
            "SELECT DISTINCT provinceCode, provinceKeywords FROM admin_units")]
        province_rows += [(OLD, *row) for row in connection.execute(
            "SELECT DISTINCT provinceCode, provinceKeywords FROM admin_units_legacy")]
        old_rows = connection.execute(
            "SELECT wardCode, ward, province, provinceCode, district, districtCode, provinceKey, "
            "districtKey, wardKey, wardAlias, wardKeywords FROM admin_units_legacy "
            "WHERE wardCode IS NOT NULL").fetchall()
    finally:
        connection.close()
    converter = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))

    names: dict[str, str] = {}

    def nfc(text: str) -> str:  # province and district names repeat thousands of times
        if text not in names:
            names[text] = _nfc(text)
        return names[text]

    units: list[Unit] = []
    new_by_key: dict[tuple[str, str], str] = {}
    province_code_new: dict[str, str] = {}
    for code, name, province, province_code, province_key, ward_key, alias, keywords in new_rows:
        units.append(Unit(NEW, code, nfc(name), nfc(province), province_code,
                          keywords=_keywords(keywords, alias)))
        new_by_key[(province_key, ward_key)] = code
        province_code_new[province_key] = province_code
    old_by_key: dict[str, str] = {}
    province_code_old: dict[str, str] = {}
    for (code, name, province, province_code, district, district_code, province_key, district_key,
         ward_key, alias, keywords) in old_rows:
        units.append(Unit(OLD, code, nfc(name), nfc(province), province_code, nfc(district), district_code,
                          keywords=_keywords(keywords, alias)))
        old_by_key[f"{province_key}_{district_key}_{ward_key}"] = code
        province_code_old[province_key] = province_code

    successions: list[Succession] = []
    for new_province, by_ward in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in by_ward.items():
            new_code = new_by_key[(new_province, new_ward)]
            successions.extend(Succession(old_by_key[k], new_code) for k in old_keys if k in old_by_key)
    for new_province, by_old in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in by_old.items():
            if old_key not in old_by_key:
                continue
            successions.extend(
                Succession(old_by_key[old_key], new_by_key[(new_province, p["newWardKey"])], part=True,
                           main=bool(p["isDefaultNewWard"]))
                for p in parts)
    province_successor = {
        province_code_old[old]: province_code_new[new]
        for new, olds in converter["DICT_PROVINCE"].items() for old in olds if old in province_code_old
    }
    province_keywords = {(m, code): _keywords(words) for m, code, words in province_rows}
    return Dataset(tuple(units), tuple(successions), province_successor, province_keywords, _version())
