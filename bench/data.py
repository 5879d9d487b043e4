"""Deterministic synthetic assessment data at four sizes, as tidy frames and as template workbooks.

| size | what it is | assessments | rows |
|---|---|---|---|
| S  | one commune-year (NTM 2021-2025) | 1 | 57 |
| M  | a district: 20 communes × 5 years × 2 sets | 200 | 10,600 |
| L  | a province: 150 communes × 5 years × 2 sets, one workbook | 1,500 | 79,500 |
| XL | national: 10,000 communes in 63 provinces × 5 years × 2 sets | 100,000 | 5,300,000 |

At M the same assessments are also written as official per-commune forms (one sheet per
commune-year, with the project's own form builder in ``tools/make_layout_samples.py``).

"2 sets" is the national set of each period, each over its own five years: ``ntm-2016``
(49 indicators, 2016–2020) and ``ntm-2021`` (57 indicators, 2021–2025), so a commune has ten
years of history and 106 results per period pair (10,000 × 5 × 106 = 5.3 million rows, the
issue's figure). Rows come commune by commune, then set, year and indicator in code order: the
order a loader returns rows of a workbook written that way.

Statuses look like real files: each assessment has its own share of trouble (0–8 %), split into
not met, basically met and missing (a blank cell); the market criterion (7) is "not applicable"
in a fifth of communes; a few cells use abbreviations (x, Đ, CĐ, CBĐ, KAD). A numeric result is
written wherever the indicator has a numeric target, and it agrees with the reported status
(so the loader's status-value check has work to do but little to say).

Everything is derived from a seed with NumPy's ``default_rng``: the same size gives the same frame
and byte-identical workbooks on every run. ``Synthetic`` keeps the columns dictionary-encoded;
``tidy_frame`` builds the product's tidy frame (``ntm.schema.RESULT_DTYPES``) from them through
Arrow, without a Python object per cell, and ``write_workbook`` writes the template layout
(``ntm.template``) with xlsxwriter (``write_template`` takes minutes at L).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ntm.catalog import Catalog, CriteriaSet
from ntm.schema import RECORD_COLUMNS, results_frame
from ntm.statuses import STATUS_DTYPE, STATUSES
from ntm.targets import parse_target, reaches
from ntm.template import RESULTS_SHEET, TEMPLATE_COLUMNS, set_display_name, write_template

# Bump when the generated data changes, so cached workbooks are written again.
GENERATOR_VERSION = 2
SEED = 20_240_611
SETS = ("ntm-2016", "ntm-2021")
S_MET, S_BASIC, S_NOT_MET, S_NA, S_MISSING = range(5)
assert STATUSES[S_MISSING] == "missing"

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng",
    "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam",
    "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa",
    "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định",
    "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "TP Hồ Chí Minh", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
_SYLLABLES = (
    "An", "Bình", "Hòa", "Phú", "Thạnh", "Tân", "Long", "Mỹ", "Khánh", "Hưng", "Phước", "Thuận",
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Vĩnh", "Xuân", "Thắng", "Lợi", "Hải", "Sơn", "Lâm", "Đức",
    "Quang", "Minh", "Hiệp", "Thành", "Lộc", "Điền", "Yên", "Thái", "Hồng", "Kim", "Ngọc",
)
COMMUNES_PER_DISTRICT = 16
# How files spell each status (S_*): (spelling, weight). None is a blank cell.
SPELLINGS = {
    S_MET: (("Đạt", 0.9), ("x", 0.05), ("Đ", 0.05)),
    S_BASIC: (("Cơ bản đạt", 0.9), ("CBĐ", 0.1)),
    S_NOT_MET: (("Chưa đạt", 0.8), ("Không đạt", 0.1), ("CĐ", 0.1)),
    S_NA: (("Không áp dụng", 0.9), ("KAD", 0.1)),
    S_MISSING: ((None, 1.0),),
}
NOTES = (None, "Số liệu ước đến 31/12", "Theo báo cáo của thôn")
MARKET = "7"  # criterion 7 (rural market): not applicable where a commune has none


@dataclass(frozen=True)
class Size:
    """One benchmark size.

    Attributes:
        name: "S", "M", "L" or "XL".
        provinces: how many provinces the communes are spread over.
        communes: how many communes in all.
        years: years per set (the first ``years`` of each set's period).
        sets: the criteria sets assessed, each over its own period.
        workbook: True when the size is written as one workbook (XL is not: 5.3 million rows do
            not fit Excel's 1,048,576 rows per sheet; it lives in memory and in the store).
    """

    name: str
    provinces: int
    communes: int
    years: int
    sets: tuple[str, ...]
    workbook: bool = True


SIZES = {
    "S": Size("S", 1, 1, 1, ("ntm-2021",)),
    "M": Size("M", 1, 20, 5, SETS),
    "L": Size("L", 1, 150, 5, SETS),
    "XL": Size("XL", 63, 10_000, 5, SETS, workbook=False),
}


@dataclass
class Coded:
    """A text column as dictionary codes (-1 for missing) and the distinct values."""

    codes: np.ndarray
    values: list[str]


@dataclass
class Synthetic:
    """One size's data, dictionary-encoded, with the files it belongs to.

    Attributes:
        size: the size.
        text: text columns of the tidy frame (province, district, commune, commune_code,
            criteria_set, criterion, indicator, value, target, note) as ``Coded``.
        year: the year of each row. value_num: the numeric result (NaN where there is none).
        status: status code (``S_*``) per row. spelling: how the file spells it (``Coded``).
        file: the file index of each row; file_names: their names; excel_row: each row's Excel
            row in its file's ``KetQua`` sheet.
        indicator_names: per row, index into ``names`` (the indicator's wording, written in the
            workbook's "Nội dung chỉ tiêu" column).
    """

    size: Size
    text: dict[str, Coded]
    year: np.ndarray
    value_num: np.ndarray
    status: np.ndarray
    spelling: Coded
    file: np.ndarray
    file_names: list[str]
    excel_row: np.ndarray
    indicator_names: Coded
    set_names: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.year)

    @property
    def assessments(self) -> int:
        return self.size.communes * self.size.years * len(self.size.sets)


def generate(size: Size | str, catalog: Catalog, seed: int = SEED) -> Synthetic:
    """The synthetic data of ``size`` (deterministic: same size and seed, same data)."""
    size = SIZES[size] if isinstance(size, str) else size
    rng = np.random.default_rng([seed, list(SIZES).index(size.name)])
    communes = _communes(size, rng)
    blocks = [_set_block(catalog.get(set_id), size, communes, rng) for set_id in size.sets]
    # Commune-major order: each commune's rows, set by set, year by year, in code order.
    commune_of_row = np.concatenate([b["commune"] for b in blocks])
    order = np.argsort(commune_of_row, kind="stable")

    def joined(key: str) -> np.ndarray:
        return np.concatenate([b[key] for b in blocks])[order]

    set_index = np.concatenate([np.full(len(b["commune"]), i, dtype=np.int32)
                                for i, b in enumerate(blocks)])[order]
    item = joined("item")  # index into the concatenated item tables of the sets
    items = pd.concat([b["items"] for b in blocks], ignore_index=True)
    offsets = np.cumsum([0, *(len(b["items"]) for b in blocks)])[:-1]
    item = item + offsets[set_index]
    commune = commune_of_row[order]
    n = len(commune)

    status = _statuses(joined("assessment"), item, items, rng, n)
    value_num = _values(status, item, items, rng)
    spelling_values, spelling_codes = _spellings(status, rng)
    note_codes = np.where(rng.random(n) < 0.01, rng.integers(1, len(NOTES), n), 0) - 1

    province = communes["province"].to_numpy()[commune]
    file_names = [f"{_slug(PROVINCES[p])}-{size.name}.xlsx" for p in range(size.provinces)]
    file = province.astype(np.int32)
    starts = np.searchsorted(file, np.arange(size.provinces))
    excel_row = (np.arange(n) - starts[file] + 2).astype(np.int64)  # header on row 1

    value_codes, value_values = _value_text(value_num)
    text = {
        "province": Coded(province.astype(np.int32), list(PROVINCES[: size.provinces])),
        "district": _coded_from(communes["district"].to_numpy()[commune]),
        "commune": _coded_from(communes["commune"].to_numpy()[commune]),
        "commune_code": _coded_from(communes["commune_code"].to_numpy()[commune]),
        "criteria_set": Coded(set_index, list(size.sets)),
        "criterion": _coded_from(items["criterion"].to_numpy()[item]),
        "indicator": Coded(item.astype(np.int32), list(items["indicator"])),
        "value": Coded(value_codes, value_values),
        "target": _coded_from(items["target"].to_numpy()[item], blank_is_missing=True),
        "note": Coded(note_codes.astype(np.int32), [v for v in NOTES if v is not None]),
    }
    return Synthetic(
        size=size, text=text, year=joined("year"), value_num=value_num, status=status,
        spelling=Coded(spelling_codes, spelling_values), file=file, file_names=file_names,
        excel_row=excel_row, indicator_names=Coded(item.astype(np.int32), list(items["name"])),
        set_names={set_id: set_display_name(catalog.get(set_id)) for set_id in size.sets},
    )


def _slug(name: str) -> str:
    from ntm.text import fold

    return fold(name).replace(" - ", "-").replace(" ", "-")


def _communes(size: Size, rng: np.random.Generator) -> pd.DataFrame:
    """One row per commune: province index, district and commune names, official code."""
    per_province = np.full(size.provinces, size.communes // size.provinces)
    per_province[: size.communes % size.provinces] += 1
    pairs = [f"{a} {b}" for a in _SYLLABLES for b in _SYLLABLES if a != b]
    rows = []
    code = 100
    for province, count in enumerate(per_province):
        names = rng.permutation(len(pairs))
        n_districts = max(1, round(count / COMMUNES_PER_DISTRICT))
        district_of = np.arange(count) * n_districts // count
        district_names = [f"Huyện {pairs[i]}" for i in names[-n_districts:]]
        for k in range(count):
            code += 7
            rows.append((province, district_names[district_of[k]], pairs[names[k]], f"{code:05d}"))
    return pd.DataFrame(rows, columns=["province", "district", "commune", "commune_code"])


def target_text(comparator: str, target: str) -> str:
    """A catalog target as the template writes it ("≥ 80%"; see ``ntm.template``)."""
    if not target:
        return ""
    if comparator and comparator != "=" and not target.lstrip().startswith(comparator):
        return f"{comparator} {target}"
    return target


def _set_block(cs: CriteriaSet, size: Size, communes: pd.DataFrame, rng: np.random.Generator) -> dict:
    """The rows of one set: every commune × year × indicator of the set, in code order."""
    items = cs.indicators
    table = pd.DataFrame({
        "criterion": items["criterion"].to_numpy(), "indicator": items["indicator"].to_numpy(),
        "name": items["indicator_name_vi"].to_numpy(),
        "target": [target_text(c, t) for c, t in zip(items["comparator"], items["target"])],
        "comparator": items["comparator"].to_numpy(), "unit": items["unit"].to_numpy(),
    })
    n_items, n_communes, n_years = len(table), len(communes), size.years
    grid = np.arange(n_communes * n_years * n_items)
    commune = grid // (n_years * n_items)
    year_index = (grid // n_items) % n_years
    set_rank = SETS.index(cs.id) if cs.id in SETS else 0
    assessment = (commune * len(SETS) + set_rank) * n_years + year_index
    return {"commune": commune, "year": (cs.year_from or 2021) + year_index, "item": grid % n_items,
            "assessment": assessment, "items": table}


def _statuses(assessment: np.ndarray, item: np.ndarray, items: pd.DataFrame, rng: np.random.Generator,
              n: int) -> np.ndarray:
    """Status codes: most met; each assessment has its own rate of trouble; markets often absent."""
    distinct, position = np.unique(assessment, return_inverse=True)
    trouble = rng.uniform(0.0, 0.08, len(distinct))[position]
    no_market = (rng.random(len(distinct)) < 0.2)[position]
    draw = rng.random(n)
    kind = rng.choice([S_NOT_MET, S_BASIC, S_MISSING], p=[0.6, 0.2, 0.2], size=n)
    status = np.where(draw < trouble, kind, S_MET).astype(np.int8)
    status[rng.random(n) < 0.005] = S_NA
    market = (items["criterion"].to_numpy() == MARKET)[item]
    status[market & no_market] = S_NA
    return status


def _value_pools(target: str, comparator: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(values that reach the target, values that do not), or None for a non-numeric target."""
    parsed = parse_target(target, comparator)
    if parsed is None:
        return None
    op, number = parsed
    step = max(1.0, round(number * 0.05))
    decimals = 1 if number != int(number) else 0
    if op in (">=", ">") or (op == "=" and number == 100):
        met = [number + k * step for k in range(0, 5)]
        unmet = [number - k * step for k in range(1, 5)]
        if "%" in target:
            met = [min(v, 100.0) for v in met]
    elif op in ("<=", "<"):
        met = [number - k * step for k in range(0, 5)]
        unmet = [number + k * step for k in range(1, 5)]
    else:
        met, unmet = [number], [number + step]
    met = sorted({round(v, decimals) for v in met if v >= 0 and reaches(v, op, number)})
    unmet = sorted({round(v, decimals) for v in unmet if v >= 0 and not reaches(v, op, number)})
    if not met or not unmet:
        return None
    return np.array(met), np.array(unmet)


def _values(status: np.ndarray, item: np.ndarray, items: pd.DataFrame,
            rng: np.random.Generator) -> np.ndarray:
    """Numeric results that agree with the status, where the indicator has a numeric target.

    Percent indicators without a catalog target get a plausible rate (nothing to check it by).
    """
    values = np.full(len(status), np.nan)
    pick = rng.random(len(status))
    reported = (status == S_MET) | (status == S_NOT_MET) | (status == S_BASIC)
    for index, row in enumerate(items.itertuples(index=False)):
        pools = _value_pools(row.target, row.comparator)
        rows = np.flatnonzero((item == index) & reported)
        if pools is None:
            if row.unit == "%" and not row.target:
                values[rows] = np.round(60 + 40 * pick[rows])
            continue
        met_pool, unmet_pool = pools
        is_met = status[rows] == S_MET
        values[rows] = np.where(is_met, met_pool[(pick[rows] * len(met_pool)).astype(int)],
                                unmet_pool[(pick[rows] * len(unmet_pool)).astype(int)])
    return values


def _value_text(value_num: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The result as the loader writes it (``ntm.loaders.base.cell_text``): 92.0 → "92"."""
    distinct, codes = np.unique(value_num, return_inverse=True)
    texts = [str(int(v)) if float(v).is_integer() else repr(float(v)) for v in distinct]
    codes = codes.astype(np.int32)
    codes[np.isnan(value_num)] = -1
    return codes, texts


def _spellings(status: np.ndarray, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    values: list[str] = []
    codes = np.full(len(status), -1, dtype=np.int32)
    draw = rng.random(len(status))
    for code, options in SPELLINGS.items():
        rows = np.flatnonzero(status == code)
        bounds = np.cumsum([w for _, w in options])
        choice = np.minimum(np.searchsorted(bounds, draw[rows], side="right"), len(options) - 1)
        for k, (word, _) in enumerate(options):
            if word is None:
                continue
            values.append(word)
            codes[rows[choice == k]] = len(values) - 1
    return values, codes


def _coded_from(values: np.ndarray, blank_is_missing: bool = False) -> Coded:
    codes, uniques = pd.factorize(values)
    uniques = [str(u) for u in uniques]
    if blank_is_missing and "" in uniques:
        blank = uniques.index("")
        codes = np.where(codes == blank, -1, codes - (codes > blank))
        uniques.remove("")
    return Coded(codes.astype(np.int32), uniques)


# -- the tidy frame ----------------------------------------------------------------------------

def _arrow_strings(coded: Coded) -> pa.Array:
    dictionary = pa.array(coded.values, pa.string())
    indices = pa.array(coded.codes, pa.int32(), mask=coded.codes < 0)
    return pc.take(dictionary, indices)


def _string_array(array: pa.Array) -> pd.api.extensions.ExtensionArray:
    return pd.array(array, dtype=pd.StringDtype("pyarrow"))


def source_strings(data: Synthetic) -> pa.Array:
    """``source`` of each row: "<file>:KetQua:<Excel row>", as the loader writes it."""
    files = _arrow_strings(Coded(data.file, data.file_names))
    rows = pa.array(data.excel_row).cast(pa.string())
    return pc.binary_join_element_wise(files, pa.scalar(RESULTS_SHEET), rows, ":")


def tidy_frame(data: Synthetic) -> pd.DataFrame:
    """The tidy results frame (``ntm.schema.RESULT_COLUMNS`` and dtypes) of ``data``."""
    columns = {name: _string_array(_arrow_strings(coded)) for name, coded in data.text.items()}
    columns["year"] = pd.arrays.IntegerArray(data.year.astype(np.int64), np.zeros(len(data), dtype=bool))
    columns["value_num"] = pd.arrays.FloatingArray(np.nan_to_num(data.value_num), np.isnan(data.value_num))
    columns["status"] = pd.Categorical.from_codes(data.status, dtype=STATUS_DTYPE)
    columns["source"] = _string_array(source_strings(data))
    frame = pd.DataFrame({name: columns[name] for name in RECORD_COLUMNS})
    return results_frame(frame)  # the product's own dtypes (a no-op cast when they already agree)


def file_rows(data: Synthetic, file_index: int) -> slice:
    """The rows of one file (files hold contiguous rows)."""
    rows = np.flatnonzero(data.file == file_index)
    return slice(int(rows[0]), int(rows[-1]) + 1) if len(rows) else slice(0, 0)


# -- workbooks ---------------------------------------------------------------------------------

_FIXED_TIME = dt.datetime(2025, 1, 1)


def _helper_sheets(catalog: Catalog, set_id: str) -> list[tuple[str, list[list]]]:
    """The ``HuongDan`` and ``DanhMuc`` sheets of ``write_template``, as cell values."""
    import python_calamine as calamine

    buffer = io.BytesIO()
    write_template(buffer, set_id, catalog=catalog)
    book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    return [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names
            if name != RESULTS_SHEET]


def write_workbook(data: Synthetic, file_index: int, target: str | Path | io.BytesIO,
                   catalog: Catalog) -> None:
    """Write one file of ``data`` in the template layout (``ntm.template``), byte-deterministic.

    The ``KetQua`` sheet holds the rows (codes as text cells, numbers as numbers, blank cells
    left empty); ``HuongDan`` and ``DanhMuc`` carry the values ``write_template`` writes for the
    last set (no styles or drop-down lists: the loader reads values only).
    """
    import xlsxwriter

    rows = file_rows(data, file_index)
    book = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": isinstance(target, io.BytesIO)})
    book.set_properties({"created": _FIXED_TIME})
    sheet = book.add_worksheet(RESULTS_SHEET)
    bold = book.add_format({"bold": True})
    text_format = book.add_format({"num_format": "@"})
    for col, column in enumerate(TEMPLATE_COLUMNS):
        sheet.write_string(0, col, column.vi, bold)
    fields = [c.field for c in TEMPLATE_COLUMNS]
    string_columns = _workbook_columns(data, rows)
    year = data.year[rows].tolist()
    value = data.value_num[rows].tolist()
    for offset in range(rows.stop - rows.start):
        excel = offset + 1
        for col, name in enumerate(fields):
            if name == "year":
                sheet.write_number(excel, col, year[offset])
            elif name == "value":
                number = value[offset]
                if number == number:  # not NaN
                    sheet.write_number(excel, col, int(number) if number.is_integer() else number)
            else:
                cell = string_columns[name][offset]
                if cell is not None:
                    if name in ("code", "commune_code"):
                        sheet.write_string(excel, col, cell, text_format)
                    else:
                        sheet.write_string(excel, col, cell)
    for name, cells in _helper_sheets(catalog, data.size.sets[-1]):
        helper = book.add_worksheet(name)
        for r, row in enumerate(cells):
            for c, cell in enumerate(row):
                if cell not in ("", None):
                    helper.write(r, c, cell)
    book.close()


def _workbook_columns(data: Synthetic, rows: slice) -> dict[str, list]:
    def cells(coded: Coded) -> list:
        values = np.array([*coded.values, None], dtype=object)
        return values[coded.codes[rows]].tolist()  # code -1 reads the appended None

    set_names = [data.set_names[s] for s in data.text["criteria_set"].values]
    return {
        "province": cells(data.text["province"]), "district": cells(data.text["district"]),
        "commune": cells(data.text["commune"]), "commune_code": cells(data.text["commune_code"]),
        "criteria_set": cells(Coded(data.text["criteria_set"].codes, set_names)),
        "code": cells(data.text["indicator"]), "indicator_name": cells(data.indicator_names),
        "target": cells(data.text["target"]), "status": cells(data.spelling),
        "note": cells(data.text["note"]),
        "commune_group": [None] * (rows.stop - rows.start),  # optional; the synthetic data has none
    }


def workbook_bytes(data: Synthetic, catalog: Catalog, file_index: int = 0) -> bytes:
    """One file of ``data`` as xlsx bytes."""
    buffer = io.BytesIO()
    write_workbook(data, file_index, buffer, catalog)
    return buffer.getvalue()


def cached_workbook(data: Synthetic, catalog: Catalog, folder: Path, file_index: int = 0) -> Path:
    """The path of one file of ``data`` under ``folder``, written once per generator version."""
    folder = Path(folder) / f"v{GENERATOR_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / data.file_names[file_index]
    if not path.exists():
        partial = path.with_suffix(".partial")
        write_workbook(data, file_index, partial, catalog)
        partial.replace(path)
    return path


# -- the official per-commune form -------------------------------------------------------------

def _layout_tool():
    """``tools/make_layout_samples.py``: the project's builders of official forms (as its tests use)."""
    import importlib.util
    import sys

    name = "make_layout_samples"
    if name not in sys.modules:
        path = Path(__file__).resolve().parent.parent / "tools" / "make_layout_samples.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def official_form_bytes(data: Synthetic, frame: pd.DataFrame, catalog: Catalog) -> bytes:
    """Every assessment of ``data`` as an official per-commune form, one sheet per commune-year.

    Built with the project's own form builder (``tools/make_layout_samples.form_sheet``: title
    lines, two-row header, group headings, criterion rows with merged names, signatures), so the
    form is one the loader is meant to read.
    """
    tool = _layout_tool()
    keys = ["commune_code", "criteria_set", "year"]
    sheets = []
    for (code, set_id, year), rows in frame.groupby(keys, sort=False, observed=True):
        first = rows.iloc[0]
        results = pd.DataFrame({
            "indicator": rows["indicator"].astype(object),
            "status": rows["status"].astype(object).fillna("missing"),
            "value": rows["value"].astype(object), "target": rows["target"].astype(object),
            "note": rows["note"].astype(object),
        }).where(lambda f: f.notna(), None)
        district = str(first["district"]).removeprefix("Huyện ")
        sheets.append(tool.form_sheet(f"{code}-{year}", catalog.get(set_id), results,
                                      commune=str(first["commune"]), year=int(year), district=district,
                                      province=str(first["province"])))
    return tool.write_xlsx(sheets)


def cached_official_form(data: Synthetic, frame: pd.DataFrame, catalog: Catalog, folder: Path) -> Path:
    """The official-form workbook of ``data`` under ``folder``, written once per generator version."""
    folder = Path(folder) / f"v{GENERATOR_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / data.file_names[0].replace(".xlsx", "-bieu-mau.xlsx")
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.write_bytes(official_form_bytes(data, frame, catalog))
        partial.replace(path)
    return path
