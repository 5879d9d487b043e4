"""Generate sample workbooks in the real layouts officials send (deterministically).

``tools/make_sample_data.py`` writes the sample history in the app's own template. This script
writes some of the same assessments the way they arrive in real life, so users can see what the
loader accepts; the figures are the same (built from the same frames), so the dashboard, which
loads every sample file, never sees two versions of one commune-year:

* ``an-giang-khanh-binh-bieu-mau.xlsx`` — the official per-commune form, one sheet per year
  (Khánh Bình, ``ntm-2021``, 2021–2025): title lines, a two-row header with the district's
  verification column, group headings, criterion rows with merged names, single-indicator
  criteria without a code, a numbering row, notes and signatures below the table.
* ``an-giang-an-phu-tong-hop.xlsx`` — the district's summary, one sheet per year (An Phú's eight
  communes, 2023 and 2024): one row per commune, one column per criterion under a merged "Tiêu
  chí" band, marks Đ / CĐ / CBĐ / KAD, a total column and a totals row.
* ``an-giang-2026-tong-hop.xlsx`` — the province's 2026 summary (ten criteria, no districts, a
  "Nhóm xã" column with each commune's group).

The names sort before the template samples' (``an-giang-ntm-…``): the store imports the folder in
name order and a later upload of a commune-year supersedes an earlier one, so the template's
version (with its notes) stays the current one.

The builders (``form_sheet``, ``summary_sheet``, ``write_xlsx``) are also what the loader tests use
to make realistic workbooks with quirks (fonts, merged cells, percent formats, number codes).
**Illustrative, not official**, like every sample.

Usage:
    python tools/make_layout_samples.py            # rewrite the three workbooks in sample_data/
    python tools/make_layout_samples.py --check    # regenerate in a temp dir and compare cell values
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "tools"):
    if str(_path) not in sys.path:  # run as a script from anywhere: import ntm and the sample builders
        sys.path.insert(0, str(_path))

import pandas as pd  # noqa: E402

import make_sample_data as samples  # noqa: E402
from ntm.catalog import Catalog, CriteriaSet, load_catalog  # noqa: E402
from ntm.statuses import BASICALLY_MET, MET, MISSING, NOT_APPLICABLE, NOT_MET  # noqa: E402
from ntm.text import code_sort_key, criterion_of  # noqa: E402

FORM_FILE = "an-giang-khanh-binh-bieu-mau.xlsx"
DISTRICT_FILE = "an-giang-an-phu-tong-hop.xlsx"
PROVINCE_2026_FILE = "an-giang-2026-tong-hop.xlsx"
FILES = (FORM_FILE, DISTRICT_FILE, PROVINCE_2026_FILE)
DISTRICT = "An Phú"
DISTRICT_YEARS = (2023, 2024)

STATUS_WORDS = {MET: "Đạt", BASICALLY_MET: "Cơ bản đạt", NOT_MET: "Chưa đạt", NOT_APPLICABLE: "Không áp dụng",
                MISSING: ""}
MARKS = {"met": "Đ", "basically_met": "CBĐ", "not_met": "CĐ", "not_applicable": "KAD", "incomplete": "",
         "missing": ""}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


@dataclass
class SheetSpec:
    """One sheet to write: rows from A1 (None leaves a cell empty) and how it looks.

    Attributes:
        merges: ranges such as "B9:B11".
        fonts: font name per cell ("B9") or per whole sheet (key "*").
        formats: number format per cell, e.g. {"E12": "0%"}.
        hidden: the sheet is hidden.
    """

    name: str
    rows: list[list]
    merges: list[str] = field(default_factory=list)
    fonts: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    hidden: bool = False


def write_xlsx(sheets: list[SheetSpec]) -> bytes:
    """The bytes of a workbook holding ``sheets`` (openpyxl, in memory)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        for row in spec.rows:
            sheet.append(list(row))
        for cells in spec.merges:
            sheet.merge_cells(cells)
        whole = spec.fonts.get("*")
        if whole:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        cell.font = Font(name=whole)
        for ref, name in spec.fonts.items():
            if ref != "*":
                sheet[ref].font = Font(name=name)
        for ref, number_format in spec.formats.items():
            sheet[ref].number_format = number_format
        if spec.hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# --- the official per-commune form -----------------------------------------------------------------

def criterion_status(statuses: list[str]) -> str:
    """A criterion's status from its indicators' (as an official would write it on the criterion row)."""
    applicable = [s for s in statuses if s != NOT_APPLICABLE]
    if not applicable:
        return NOT_APPLICABLE
    if all(s == MET for s in applicable):
        return MET
    return NOT_MET


def form_sheet(name: str, criteria_set: CriteriaSet, results: pd.DataFrame, *, commune: str, year: int,
               district: str | None = None, province: str | None = None, advanced: bool = False,
               appraisals: dict[str, dict[str, str]] | None = None, criterion_rows: bool = True,
               notes: tuple[str, ...] = (), title: bool = True) -> SheetSpec:
    """An official self-assessment form for one commune-year.

    Args:
        name: the sheet name.
        criteria_set: the set (criterion names and groups come from it).
        results: the assessment's tidy rows (``indicator`` codes, ``status``, ``value``, ``target``),
            indicator level; their codes define the structure.
        commune, year, district, province: written in the title lines (``title=False`` omits them).
        advanced: the title says "NÂNG CAO".
        appraisals: appraisal columns after the self-assessment: header text ("Huyện thẩm tra",
            "Tỉnh thẩm định") → code → status (codes not given keep the self-assessment's status).
        criterion_rows: a row of its own for each criterion with several indicators (else its first
            indicator shares the criterion's row).
        notes: lines written below the table, before the signatures.
    """
    frame = results.assign(_key=results["indicator"].astype(object).map(code_sort_key)).sort_values("_key")
    by_criterion: dict[str, list[dict]] = {}
    for record in frame.to_dict("records"):
        by_criterion.setdefault(criterion_of(str(record["indicator"])), []).append(record)
    criteria = criteria_set.criteria.set_index("criterion")
    known = criteria_set.indicators.set_index("indicator")
    appraisals = appraisals or {}
    header = ["TT", "Tên tiêu chí", "Nội dung tiêu chí", "Chỉ tiêu đạt chuẩn", "Kết quả thực hiện",
              "Kết quả đánh giá"]
    sub = [None] * 5 + ["Xã tự đánh giá"]
    for label in appraisals:
        header.append(None)
        sub.append(label)
    header.append("Ghi chú")
    sub.append(None)
    width = len(header)
    rows: list[list] = []
    if title:
        level = " NÂNG CAO" if advanced else ""
        where = (f"Xã {commune}" + (f", huyện {district}" if district else "")
                 + (f", tỉnh {province}" if province else ""))
        rows += [[f"UBND XÃ {commune.upper()}", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                 [None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
                 [],
                 ["BẢNG TỰ ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN "
                  f"MỚI{level} NĂM {year}"],
                 [where],
                 []]
    top = len(rows) + 1
    rows += [header, sub, [f"({i})" for i in range(1, width + 1)]]
    # The "Kết quả đánh giá" band over its columns; the other header cells span both header rows.
    merges = [f"F{top}:{_letter(5 + len(appraisals))}{top}"] if appraisals else []
    merges += [f"{_letter(col)}{top}:{_letter(col)}{top + 1}" for col in (0, 1, 2, 3, 4, width - 1)]
    group = None
    groups = 0
    for criterion in sorted(by_criterion, key=code_sort_key):
        members = by_criterion[criterion]
        info = criteria.loc[criterion] if criterion in criteria.index else None
        this_group = str(info["group"]) if info is not None else ""
        if this_group and this_group != group:
            group = this_group
            label = this_group.split("(")[0].strip()
            label = label.split(".", 1)[1].strip() if "." in label[:5] else label
            rows.append([_ROMAN[groups % len(_ROMAN)], label.upper()] + [None] * (width - 2))
            merges.append(f"B{len(rows)}:{_letter(width - 1)}{len(rows)}")
            groups += 1
        name_text = str(info["name_vi"]) if info is not None else f"Tiêu chí {criterion}"
        single = len(members) == 1 and str(members[0]["indicator"]) == criterion
        start = len(rows) + 1
        if single:
            rows.append(_indicator_row(criterion, name_text, members[0], known, appraisals, prefix=False))
            continue
        if criterion_rows:
            status = criterion_status([m["status"] for m in members])
            row = [int(criterion), name_text, None, None, None, STATUS_WORDS[status]]
            for statuses in appraisals.values():
                row.append(STATUS_WORDS[criterion_status([statuses.get(str(m["indicator"]), m["status"])
                                                          for m in members])])
            rows.append(row + [None])
            for member in members:
                rows.append(_indicator_row(None, None, member, known, appraisals))
        else:
            for position, member in enumerate(members):
                rows.append(_indicator_row(int(criterion) if position == 0 else None,
                                           name_text if position == 0 else None, member, known, appraisals))
        end = len(rows)
        merges += [f"A{start}:A{end}", f"B{start}:B{end}"]
    rows.append([])
    for line in notes:
        rows.append([line])
    rows += [[None, "Người lập biểu", None, None, "TM. ỦY BAN NHÂN DÂN XÃ"],
             [None, "(Ký, ghi rõ họ tên)", None, None, "CHỦ TỊCH"]]
    return SheetSpec(name, rows, merges)


def _indicator_row(tt, name, member: dict, known: pd.DataFrame, appraisals: dict,
                   prefix: bool = True) -> list:
    code = str(member["indicator"])
    text = str(known.loc[code, "indicator_name_vi"]) if code in known.index else samples.UNKNOWN_WORDING
    content = f"{code}. {text}" if prefix else text
    row = [tt, name, content, _blank(member.get("target")), _blank(member.get("value")),
           STATUS_WORDS[member["status"]]]
    for statuses in appraisals.values():
        row.append(STATUS_WORDS[statuses.get(code, member["status"])])
    return row + [_blank(member.get("note"))]


def _blank(value) -> object:
    return None if value is None or pd.isna(value) else value


# --- the multi-commune summary ---------------------------------------------------------------------

def summary_sheet(name: str, statuses: pd.DataFrame, criteria: list[str], *, year: int,
                  district: str | None = None, province: str | None = None,
                  marks: dict[str, str] | None = None,
                  district_rows: bool = False, totals: bool = True,
                  groups: dict[str, object] | None = None) -> SheetSpec:
    """A summary: one row per commune, one column per criterion, under a two-row header.

    Args:
        statuses: one row per commune × criterion: ``district``, ``commune``, ``criterion``, ``status``
            (a criterion status of ``ntm.scoring.criterion_results``).
        criteria: the criterion numbers, in order.
        district: the issuing district (title "UBND HUYỆN …"); None: the province issues it.
        marks: criterion status → the mark written (default ``MARKS``).
        district_rows: group communes under "Huyện …" rows (a province's summary).
        totals: a "Tổng số tiêu chí đạt" column and a "Tổng cộng" row.
        groups: commune → what its "Nhóm xã" cell says (2026–2030 commune groups); None: no such
            column. The column sits between the commune and the criteria.
    """
    marks = {**MARKS, **(marks or {})}
    issuer = (f"ỦY BAN NHÂN DÂN HUYỆN {district.upper()}" if district
              else f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}")
    title = f"BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI NĂM {year}"
    rows: list[list] = [[issuer], [title]]
    if district and province:
        rows.append([f"(Kèm theo báo cáo của UBND huyện {district}, tỉnh {province})"])
    rows.append([])
    n = len(criteria)
    total = ["Tổng số tiêu chí đạt"] if totals else []
    lead = ["STT", "Tên xã"] + (["Nhóm xã"] if groups is not None else [])
    head = lead + ["Tiêu chí"] + [None] * (n - 1) + total + ["Ghi chú"]
    numbers = [None] * len(lead) + [int(c) for c in criteria] + ([None] if totals else []) + [None]
    rows += [head, numbers]
    top = len(rows) - 1
    merges = [f"{_letter(c)}{top}:{_letter(c)}{top + 1}" for c in range(len(lead))]
    merges += [f"{_letter(len(lead))}{top}:{_letter(len(lead) + n - 1)}{top}"]
    merges += [f"{_letter(c)}{top}:{_letter(c)}{top + 1}" for c in range(len(lead) + n, len(head))]
    table: dict[tuple[str, str], dict[str, str]] = {}
    for record in statuses[["district", "commune", "criterion", "status"]].astype(str).to_dict("records"):
        table.setdefault((record["district"], record["commune"]), {})[record["criterion"]] = record["status"]
    counts = [0] * n
    current, headings = None, 0
    for number, ((commune_district, commune), found) in enumerate(table.items(), start=1):
        if district_rows and commune_district != current:
            current = commune_district
            rows.append([_ROMAN[headings % len(_ROMAN)], f"Huyện {commune_district}"])
            headings += 1
        cells = [found.get(c, "missing") for c in criteria]
        met = sum(s == "met" for s in cells)
        counts = [k + (s == "met") for k, s in zip(counts, cells)]
        written = [marks[s] or None for s in cells]
        group = [groups.get(commune)] if groups is not None else []
        rows.append([number, commune, *group, *written] + ([met] if totals else []) + [None])
    if totals:
        rows.append([None, "Tổng cộng (số xã đạt)", *([None] if groups is not None else []), *counts, None, None])
    rows += [[], [None, "Người tổng hợp", None, None, None, None, None, f"TM. {issuer}"]]
    return SheetSpec(name, rows, merges)


# --- the samples ----------------------------------------------------------------------------------

def build_layout_samples(catalog: Catalog | None = None) -> dict[str, list[SheetSpec]]:
    """File name → its sheets, from the same frames as ``make_sample_data``. Pure and deterministic."""
    from ntm.scoring import criterion_results

    catalog = catalog or load_catalog()
    frames = samples.build_samples(catalog)
    basic = frames["an-giang-ntm-2021-2025.xlsx"]
    set_2021 = catalog.get(samples.BASIC_SET)
    form_sheets = []
    for year in samples.BASIC_YEARS:
        one = basic[(basic["commune"] == samples.KHANH_BINH) & (basic["year"] == year)]
        verified = dict(zip(one["indicator"], one["status"]))
        form_sheets.append(form_sheet(
            str(year), set_2021, one, commune=samples.KHANH_BINH, year=year, district=DISTRICT,
            province=samples.PROVINCE, appraisals={"Huyện thẩm tra": verified},
            notes=(f"Ghi chú: {samples.ILLUSTRATIVE_NOTE}",)))
    district_sheets = []
    an_phu = basic[basic["district"] == DISTRICT]
    statuses = criterion_results(an_phu, catalog)
    for year in DISTRICT_YEARS:
        district_sheets.append(summary_sheet(
            str(year), statuses[statuses["year"] == year], list(set_2021.criterion_codes), year=year,
            district=DISTRICT, province=samples.PROVINCE))
    new = frames["an-giang-ntm-2026.xlsx"]
    statuses_2026 = criterion_results(new, catalog).assign(district="")
    set_2026 = catalog.get(samples.SET_2026)
    province_sheets = [summary_sheet("2026", statuses_2026, list(set_2026.criterion_codes), year=2026,
                                     province=samples.PROVINCE, groups=dict(samples.GROUPS_2026))]
    return {FORM_FILE: form_sheets, DISTRICT_FILE: district_sheets, PROVINCE_2026_FILE: province_sheets}


def write_samples(out_dir: Path = samples.SAMPLE_DIR, catalog: Catalog | None = None) -> list[Path]:
    """Write the layout samples into ``out_dir`` (normalised: fixed dates, "minh họa" properties)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, sheets in build_layout_samples(catalog).items():
        path = out_dir / name
        path.write_bytes(samples.normalise_xlsx(write_xlsx(sheets)))
        written.append(path)
    return written


def compare_samples(committed_dir: Path, fresh_dir: Path) -> list[str]:
    """Differences between committed and freshly generated layout samples (empty when they agree)."""
    differences = []
    for name in FILES:
        committed, fresh = committed_dir / name, fresh_dir / name
        if not committed.exists():
            differences.append(f"{name}: missing from {committed_dir}")
            continue
        if samples.workbook_values(committed) != samples.workbook_values(fresh):
            differences.append(f"{name}: cell values differ")
    return differences


def main(argv: list[str] | None = None) -> int:
    """Write the layout samples, or with ``--check`` verify that the committed ones are current."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with sample_data/ instead of writing")
    parser.add_argument("--out", type=Path, default=samples.SAMPLE_DIR,
                        help="output folder (default: sample_data/)")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write_samples(Path(tmp))
            differences = compare_samples(args.out, Path(tmp))
        for line in differences:
            print(line)
        print("layout samples are up to date" if not differences else
              "layout samples are out of date: run python tools/make_layout_samples.py")
        return 1 if differences else 0
    for path in write_samples(args.out):
        print(f"{path}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
