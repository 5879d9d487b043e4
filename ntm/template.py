"""Our own long-form workbook: its columns, and the writer that produces it.

The template is the format the app lets users download and fill in, and the format sample data and
exports are written in: one row per indicator result, many communes, years and sets per sheet.
``TEMPLATE_COLUMNS`` is the single definition of its columns; the loader
(``ntm.loaders.template_layout``) reads the same definition, so the two cannot drift apart.

Sheets, in order: ``KetQua`` (the results), ``HuongDan`` (how to fill it in; it also holds the
drop-down lists) and ``DanhMuc`` (the set's metadata and indicators, with the confidence of each
catalog row: a recalled target is never presented as official).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ntm.catalog import Catalog, CriteriaSet, load_catalog
from ntm.schema import ASSESSMENT_KEYS
from ntm.statuses import BASICALLY_MET, MET, NOT_APPLICABLE, NOT_MET, status_label
from ntm.text import code_sort_key, is_blank, nfc, parse_number

RESULTS_SHEET = "KetQua"
GUIDE_SHEET = "HuongDan"
CATALOG_SHEET = "DanhMuc"
# Rows covered by the drop-down lists: generous, so a user can add many communes and years.
VALIDATION_ROWS = 5000
TEXT_FORMAT = "@"


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the ``KetQua`` sheet.

    Attributes:
        field: the name loaders use for it.
        vi, en: the header in Vietnamese (what the template writes) and English (also accepted).
        required: "yes", "recommended" or "no".
        meaning_vi, meaning_en: what goes in it (for the ``HuongDan`` sheet).
        example: an example value.
        width: column width in the written sheet.
    """

    field: str
    vi: str
    en: str
    required: str
    meaning_vi: str
    meaning_en: str
    example: str
    width: int


TEMPLATE_COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn("province", "Tỉnh", "Province", "recommended",
                   "Tên tỉnh, thành phố trực thuộc trung ương.",
                   "Province or centrally-run city.", "Khánh Hòa", 16),
    TemplateColumn("district", "Huyện", "District", "no",
                   "Tên huyện (trước 01/7/2025); để trống nếu không còn cấp huyện.",
                   "District (before 1 July 2025); leave blank where there is none.", "Diên Khánh", 16),
    TemplateColumn("commune", "Xã", "Commune", "yes",
                   "Tên xã, phường, thị trấn được đánh giá.",
                   "The commune (ward, township) assessed.", "Khánh Bình", 18),
    TemplateColumn("commune_code", "Mã xã", "Commune code", "no",
                   "Mã đơn vị hành chính của xã, ghi dạng chữ để giữ số 0 ở đầu.",
                   "Official administrative unit code, as text so leading zeros stay.", "22480", 10),
    TemplateColumn("year", "Năm", "Year", "yes",
                   "Năm đánh giá, một số có 4 chữ số.", "Assessment year, a 4-digit number.", "2023", 8),
    TemplateColumn("criteria_set", "Bộ tiêu chí", "Criteria set", "yes",
                   "Bộ tiêu chí áp dụng: chọn trong danh sách (tên hoặc mã bộ).",
                   "The criteria set: pick from the list (name or id).", "NTM 2021-2025", 22),
    TemplateColumn("code", "Mã chỉ tiêu", "Indicator code", "yes",
                   "Mã chỉ tiêu dạng tiêu chí.chỉ tiêu, ghi dạng chữ (xem mục Mã chỉ tiêu bên dưới).",
                   "criterion.indicator code, written as text (see Indicator codes below).", "17.10", 12),
    TemplateColumn("indicator_name", "Nội dung chỉ tiêu", "Indicator", "no",
                   "Tên chỉ tiêu, để đối chiếu; không dùng để tính điểm.",
                   "The indicator's wording, for reference; not used for scoring.",
                   "Tỷ lệ hộ có nhà tiêu hợp vệ sinh", 50),
    TemplateColumn("target", "Chỉ tiêu đạt chuẩn", "Target", "no",
                   "Mức đạt chuẩn. Điền sẵn từ danh mục (xem độ tin cậy ở trang DanhMuc); "
                   "sửa theo văn bản của tỉnh nếu khác.",
                   "The target. Prefilled from the catalog (see its confidence on DanhMuc); "
                   "correct it from your province's text where it differs.", "≥ 80%", 18),
    TemplateColumn("value", "Kết quả", "Result", "no",
                   "Kết quả thực hiện: số (85%, 85,5) hoặc chữ.",
                   "The result achieved: a number (85%, 85.5) or text.", "85%", 14),
    TemplateColumn("status", "Đánh giá", "Status", "yes",
                   "Tự đánh giá: Đạt, Cơ bản đạt, Chưa đạt, Không áp dụng; để trống nếu chưa có.",
                   "Reported status: Đạt, Cơ bản đạt, Chưa đạt, Không áp dụng; blank if not known yet.",
                   "Đạt", 16),
    TemplateColumn("note", "Ghi chú", "Note", "no", "Ghi chú tùy ý.", "Any note.", "", 30),
    # Last, so files written before it existed keep their columns; one value per commune-year-set,
    # repeated on its rows (the loader keeps it once per assessment: ntm.loaders.groups).
    TemplateColumn("commune_group", "Nhóm xã", "Commune group", "no",
                   "Nhóm xã theo bộ tiêu chí 2026–2030 (1, 2 hoặc 3, do tỉnh phân loại); ghi giống nhau "
                   "trên mọi dòng của một xã-năm; để trống nếu chưa rõ.",
                   "The commune group of the 2026–2030 set (1, 2 or 3, as the province classifies it); "
                   "the same on every row of a commune-year; blank if not known.", "2", 10),
)
GROUP_CHOICES = "1,2,3"
STATUS_CHOICES = (MET, BASICALLY_MET, NOT_MET, NOT_APPLICABLE)
_REQUIRED_WORDS = {"yes": ("Bắt buộc", "Required"), "recommended": ("Nên có", "Recommended"),
                   "no": ("Không bắt buộc", "Optional")}
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_template(target: str | os.PathLike | BinaryIO, criteria_set: CriteriaSet | str,
                   results: pd.DataFrame | None = None, *, lang: str = "vi",
                   catalog: Catalog | None = None, groups: pd.DataFrame | None = None) -> None:
    """Write the template workbook for ``criteria_set`` to ``target``.

    Without ``results`` the ``KetQua`` sheet is prefilled with one block of rows, one per known
    indicator of the set (one per criterion where the set's indicators are not known), ready for
    one commune-year. With ``results`` (a tidy results frame) its rows fill the sheet instead.

    Args:
        target: a path or a writable binary file object.
        criteria_set: the set the guide and the catalog sheet describe (a set or its id).
        results: tidy results to write (any communes, years and sets of ``catalog``).
        lang: "vi" (Vietnamese headers and guide) or "en" (English ones; the loader reads both).
        catalog: where set names come from; the shipped catalog by default.
        groups: the commune group of assessments of ``results`` (``ASSESSMENT_KEYS`` and
            ``commune_group``, as ``LoadResult.groups``): written on each of their rows.
    """
    catalog = catalog if catalog is not None else load_catalog()
    if isinstance(criteria_set, str):
        criteria_set = catalog.get(criteria_set)
    en = lang == "en"
    set_names = _set_choices(catalog, criteria_set)
    workbook = Workbook()
    results_sheet = workbook.active
    results_sheet.title = RESULTS_SHEET
    guide = workbook.create_sheet(GUIDE_SHEET)
    catalog_sheet = workbook.create_sheet(CATALOG_SHEET)

    rows = (_prefill_rows(criteria_set, en) if results is None
            else _result_rows(results, catalog, criteria_set, en, groups))
    _write_results_sheet(results_sheet, rows, en)
    status_range, set_range = _write_guide(guide, criteria_set, set_names, en)
    _add_validations(results_sheet, status_range, set_range, len(rows), en)
    _write_catalog_sheet(catalog_sheet, criteria_set, en)
    workbook.save(target)


def set_display_name(criteria_set: CriteriaSet) -> str:
    """The name the template writes for a set: its first alias ("NTM 2021-2025"), else its id."""
    return criteria_set.aliases[0] if criteria_set.aliases else criteria_set.id


def _set_choices(catalog: Catalog, criteria_set: CriteriaSet) -> list[str]:
    sets = list(catalog)
    if criteria_set.id not in catalog:
        sets.append(criteria_set)
    names: list[str] = []
    for one in sets:
        for name in (set_display_name(one), one.id):
            if name not in names:
                names.append(name)
    return names


def _target_text(comparator: str, target: str) -> str:
    """A catalog target as a person writes it: "≥ 80%", "Đạt", "100%"."""
    if not target:
        return ""
    if comparator and comparator != "=" and not target.lstrip().startswith(comparator):
        return f"{comparator} {target}"
    return target


def _prefill_rows(criteria_set: CriteriaSet, en: bool) -> list[dict]:
    """One row per known indicator; a criterion with no known indicator gets a criterion row."""
    rows = []
    name = set_display_name(criteria_set)
    ordered = sorted(criteria_set.rows.itertuples(index=False),
                     key=lambda r: code_sort_key(r.indicator or r.criterion))
    for row in ordered:
        if row.indicator:
            text = row.indicator_name_en if en and row.indicator_name_en else row.indicator_name_vi
            rows.append({"criteria_set": name, "code": row.indicator, "indicator_name": text,
                         "target": _target_text(row.comparator, row.target)})
        else:
            rows.append({"criteria_set": name, "code": row.criterion,
                         "indicator_name": _criterion_title(criteria_set, row.criterion, en)})
    return rows


def _criterion_title(criteria_set: CriteriaSet, criterion: str, en: bool) -> str:
    title = criteria_set.criterion_name(criterion, "en" if en else "vi")
    return f"{'Criterion' if en else 'Tiêu chí'} {criterion}: {title}" if title else ""


def _result_rows(results: pd.DataFrame, catalog: Catalog, default_set: CriteriaSet, en: bool,
                 groups: pd.DataFrame | None = None) -> list[dict]:
    """Template rows for a tidy results frame, with set names, indicator wording and groups filled in."""
    rows = []
    group_of = _group_lookup(groups)
    column = "indicator_name_en" if en else "indicator_name_vi"
    wordings: dict[str, dict[str, str]] = {}  # set id -> code -> wording, built once per set
    for record in results.itertuples(index=False):
        set_id = _text(record.criteria_set)
        if set_id == default_set.id:
            known = default_set
        else:
            known = catalog.get(set_id) if set_id in catalog else None
        indicator = _text(record.indicator)
        code = indicator or _text(record.criterion)
        if known is None:
            wording = ""
        elif indicator:
            if known.id not in wordings:
                wordings[known.id] = dict(zip(known.indicators["indicator"], known.indicators[column].astype(str)))
            wording = wordings[known.id].get(indicator, "")
        else:
            wording = _criterion_title(known, code, en)
        rows.append({
            "province": _text(record.province), "district": _text(record.district),
            "commune": _text(record.commune), "commune_code": _text(record.commune_code),
            "year": None if pd.isna(record.year) else int(record.year),
            "criteria_set": set_display_name(known) if known is not None else set_id,
            "code": code, "indicator_name": wording, "target": _text(record.target),
            "value": _value_cell(_text(record.value)),
            "status": "" if pd.isna(record.status) or record.status == "missing"
            else status_label(record.status, "en" if en else "vi"),
            "note": _text(record.note),
            "commune_group": group_of.get(_assessment_key(record)) if group_of else None,
        })
    return rows


def _assessment_key(record) -> tuple:
    return tuple(None if is_blank(getattr(record, k)) else
                 (int(getattr(record, k)) if k == "year" else nfc(getattr(record, k))) for k in ASSESSMENT_KEYS)


def _group_lookup(groups: pd.DataFrame | None) -> dict[tuple, int]:
    """Assessment key → group, from a frame of ``ASSESSMENT_KEYS`` and ``commune_group``."""
    if groups is None or groups.empty:
        return {}
    known = groups[groups["commune_group"].notna()]
    return {_assessment_key(record): int(record.commune_group) for record in known.itertuples(index=False)}


def _text(value: object) -> str:
    return "" if is_blank(value) else nfc(value)


def _value_cell(text: str) -> object:
    """A result written as a number when it is a plain number, else as the text it was.

    "1.500" stays text: read the Vietnamese way it is 1500, not the 1.5 Excel would store.
    """
    if _PLAIN_NUMBER.fullmatch(text) and parse_number(text) == float(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    return text


def _write_results_sheet(sheet: Worksheet, rows: list[dict], en: bool) -> None:
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.en if en else column.vi)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.field in ("code", "commune_code"):
            # Column-wide text format: codes typed later by the user stay text too ("17.10").
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
    for row_index, row in enumerate(rows, start=2):
        for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
            value = row.get(column.field)
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_index, column=index, value=value)
            if column.field in ("code", "commune_code"):
                cell.number_format = TEXT_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(TEMPLATE_COLUMNS))}{max(len(rows) + 1, 2)}"


def _add_validations(sheet: Worksheet, status_range: str, set_range: str, n_rows: int, en: bool) -> None:
    last = max(VALIDATION_ROWS, n_rows + 1)
    letters = {c.field: get_column_letter(i) for i, c in enumerate(TEMPLATE_COLUMNS, start=1)}
    for field_name, formula, title, message in (
        ("status", status_range,
         "Status not in the list" if en else "Đánh giá không hợp lệ",
         "Choose Đạt, Cơ bản đạt, Chưa đạt or Không áp dụng, or leave blank." if en else
         "Hãy chọn Đạt, Cơ bản đạt, Chưa đạt hoặc Không áp dụng; để trống nếu chưa đánh giá."),
        ("criteria_set", set_range,
         "Unknown criteria set" if en else "Bộ tiêu chí không có trong danh sách",
         "Choose a criteria set from the list (see the HuongDan sheet)." if en else
         "Hãy chọn bộ tiêu chí trong danh sách (xem trang HuongDan)."),
    ):
        validation = DataValidation(type="list", formula1=formula, allow_blank=True,
                                    showErrorMessage=True, errorStyle="warning",
                                    errorTitle=title, error=message)
        validation.add(f"{letters[field_name]}2:{letters[field_name]}{last}")
        sheet.add_data_validation(validation)
    group = DataValidation(
        type="list", formula1=f'"{GROUP_CHOICES}"', allow_blank=True, showErrorMessage=True,
        errorStyle="warning", showInputMessage=True,
        promptTitle="Commune group" if en else "Nhóm xã",
        prompt=("2026–2030 set only: 1, 2 or 3, as the province classifies the commune; blank if not known."
                if en else "Chỉ cho bộ tiêu chí 2026–2030: 1, 2 hoặc 3 theo phân loại của tỉnh; để trống "
                "nếu chưa rõ."),
        errorTitle="Not a commune group" if en else "Nhóm xã không hợp lệ",
        error="Choose 1, 2 or 3, or leave blank." if en else "Hãy chọn 1, 2 hoặc 3, hoặc để trống.")
    group.add(f"{letters['commune_group']}2:{letters['commune_group']}{last}")
    sheet.add_data_validation(group)


def _write_guide(sheet: Worksheet, criteria_set: CriteriaSet, set_names: list[str],
                 en: bool) -> tuple[str, str]:
    """Fill ``HuongDan``; returns the ranges holding the status words and the set names."""
    t = (lambda vi, english: english) if en else (lambda vi, english: vi)
    lines: list[tuple] = []

    def heading(text: str) -> None:
        lines.append((None,))
        lines.append(("#", text))

    lines.append(("#", t(f"Hướng dẫn điền mẫu kết quả đánh giá xã nông thôn mới — {criteria_set.label}",
                         f"How to fill in the NTM commune assessment template — {criteria_set.label}")))
    lines.append((t("Mỗi dòng của trang KetQua là kết quả của MỘT chỉ tiêu của một xã trong một năm. "
                    "Cần một dòng cho mỗi chỉ tiêu; một trang có thể chứa nhiều xã, nhiều năm.",
                    "Each row of the KetQua sheet is the result of ONE indicator for one commune in one "
                    "year. One row per indicator result is needed; a sheet may hold many communes and "
                    "years."),))
    heading(t("1. Các cột", "1. Columns"))
    lines.append(("*", t("Cột", "Column"), t("Ý nghĩa", "Meaning"), t("Ví dụ", "Example"),
                  t("Bắt buộc?", "Required?")))
    for column in TEMPLATE_COLUMNS:
        lines.append((column.en if en else column.vi, t(column.meaning_vi, column.meaning_en), column.example,
                      _REQUIRED_WORDS[column.required][1 if en else 0]))
    heading(t("2. Đánh giá: các từ được chấp nhận", "2. Status: accepted words"))
    status_first = len(lines) + 1
    meanings = {
        MET: t("Chỉ tiêu đạt. Cũng đọc được: Đ, x, 1.", "Met. Also read: Đ, x, 1."),
        BASICALLY_MET: t("Cơ bản đạt (hiển thị riêng, không tính là đạt). Cũng đọc được: CBĐ.",
                         "Basically met (shown apart, not counted as met). Also read: CBĐ."),
        NOT_MET: t("Chưa đạt. Cũng đọc được: Không đạt, CĐ, 0.", "Not met. Also read: Không đạt, CĐ, 0."),
        NOT_APPLICABLE: t("Không áp dụng cho xã: KHÔNG tính vào mẫu số (xã không có chợ: 18/18 tiêu chí). "
                          "Cũng đọc được: Không thực hiện, KAD, N/A.",
                          "Not applicable: NOT counted in the denominator (a commune with no market "
                          "scores 18/18). Also read: Không thực hiện, KAD, N/A."),
    }
    for status in STATUS_CHOICES:
        lines.append((status_label(status, "en" if en else "vi"), meanings[status]))
    status_last = len(lines)
    lines.append((t("(để trống)", "(blank)"),
                  t("Chưa có dữ liệu: được đánh dấu, không bao giờ bị coi là chưa đạt.",
                    "No data yet: flagged, never silently counted as not met.")))
    heading(t("3. Mã chỉ tiêu", "3. Indicator codes"))
    for line in (
        t('Ghi mã dạng "tiêu chí.chỉ tiêu": "1.1", "17.10" (ô định dạng chữ, để Excel không đổi '
          "17.10 thành 17.1).",
          'Write codes as "criterion.indicator": "1.1", "17.10" (text cells, so Excel never turns '
          "17.10 into 17.1)."),
        t('Tiêu chí chỉ có một chỉ tiêu ghi số tiêu chí: "5".',
          'A criterion with a single indicator is written as its number: "5".'),
        t('Kết quả cấp tiêu chí (khi chỉ biết tiêu chí đạt hay không) ghi số tiêu chí: "17".',
          'A criterion-level result (only whether the criterion is met) is written as the bare '
          'criterion number: "17".'),
        t("Bộ tiêu chí chưa có đủ danh mục chỉ tiêu: thêm dòng cho các chỉ tiêu còn thiếu.",
          "Sets whose indicator list is incomplete: add rows for the indicators not listed."),
    ):
        lines.append((line,))
    heading(t("4. Bộ tiêu chí: các tên được chấp nhận", "4. Criteria set: accepted names"))
    set_first = len(lines) + 1
    lines.extend((name,) for name in set_names)
    set_last = len(lines)
    heading(t("5. Mức đạt chuẩn", "5. Targets"))
    lines.append((t("Mức đạt chuẩn điền sẵn lấy từ danh mục của ứng dụng; độ tin cậy của từng dòng ghi ở "
                    "trang DanhMuc. Hãy đối chiếu với văn bản chính thức của tỉnh và sửa nếu khác.",
                    "Prefilled targets come from the app's catalog; the confidence of each row is on "
                    "the DanhMuc sheet. Check them against your province's official text."),))
    heading(t("6. Nhóm xã (bộ tiêu chí 2026–2030)", "6. Commune group (2026–2030 set)"))
    lines.append((t("Bộ tiêu chí 2026–2030 đặt mức đạt chuẩn theo nhóm xã: nhóm 1 (xã giáp ranh, định hướng "
                    "đô thị, hoặc nông nghiệp dưới 10% cơ cấu kinh tế), nhóm 3 (xã khu vực II, III vùng đồng "
                    "bào dân tộc thiểu số và miền núi), nhóm 2 (các xã còn lại). Ghi 1, 2 hoặc 3 ở cột Nhóm xã "
                    "(cùng một nhóm trên mọi dòng của xã-năm); để trống nếu chưa rõ — xã chưa rõ nhóm được "
                    "xếp hạng riêng, trong nhóm 'chưa rõ nhóm'.",
                    "The 2026–2030 set's targets depend on the commune group: group 1 (communes next to or "
                    "oriented to urban areas, or where agriculture is under 10% of the economy), group 3 "
                    "(area II/III ethnic-minority and mountain communes), group 2 (the others). Write 1, 2 "
                    "or 3 in the Commune group column (the same on every row of a commune-year); leave it "
                    "blank if not known — communes without a group are ranked apart, as 'group unknown'."),))

    for row_index, line in enumerate(lines, start=1):
        if line[0] in ("#", "*"):
            for offset, text in enumerate(line[1:]):
                sheet.cell(row=row_index, column=1 + offset, value=text).font = _BOLD
            continue
        for offset, text in enumerate(line):
            if text is not None:
                cell = sheet.cell(row=row_index, column=1 + offset, value=text)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (22, 80, 20, 16)):
        sheet.column_dimensions[letter].width = width
    return (f"={GUIDE_SHEET}!$A${status_first}:$A${status_last}",
            f"={GUIDE_SHEET}!$A${set_first}:$A${set_last}")


CATALOG_COLUMNS = ["criterion", "criterion_name_vi", "indicator", "indicator_name_vi", "indicator_name_en",
                   "unit", "comparator", "target", "confidence"]


def _write_catalog_sheet(sheet: Worksheet, criteria_set: CriteriaSet, en: bool) -> None:
    t = (lambda vi, english: english) if en else (lambda vi, english: vi)
    n_known = len(criteria_set.indicators)
    total = criteria_set.indicator_count
    period = "–".join(str(y) for y in (criteria_set.year_from, criteria_set.year_to) if y)
    complete = (t("Có", "Yes") if criteria_set.indicators_complete
                else t(f"Chưa — mới biết {n_known}/{total or '?'} chỉ tiêu",
                       f"No — {n_known} of {total or '?'} indicators known"))
    meta = [
        (t("Mã bộ", "Set id"), criteria_set.id),
        (t("Tên bộ", "Name"), criteria_set.name_en if en and criteria_set.name_en else criteria_set.name_vi),
        (t("Căn cứ pháp lý", "Legal basis"), criteria_set.legal_basis),
        (t("Giai đoạn", "Period"), period),
        (t("Số tiêu chí", "Criteria"), criteria_set.criteria_count),
        (t("Số chỉ tiêu", "Indicators"), total),
        (t("Danh mục chỉ tiêu đầy đủ?", "Indicator list complete?"), complete),
        (t("Độ tin cậy", "Confidence"),
         t("Cột confidence cho biết độ tin cậy của từng dòng; mức đạt chuẩn chưa đối chiếu văn bản "
           "không phải là số liệu chính thức.",
           "The confidence column tells how sure each row is; a target not checked against the "
           "legal text is not official.")),
    ]
    for row_index, (label, value) in enumerate(meta, start=1):
        sheet.cell(row=row_index, column=1, value=label).font = _BOLD
        sheet.cell(row=row_index, column=2, value=value)
    header_row = len(meta) + 2
    for index, name in enumerate(CATALOG_COLUMNS, start=1):
        sheet.cell(row=header_row, column=index, value=name).font = _BOLD
    ordered = sorted(criteria_set.rows.itertuples(index=False),
                     key=lambda r: code_sort_key(r.indicator or r.criterion))
    for row_index, row in enumerate(ordered, start=header_row + 1):
        for index, name in enumerate(CATALOG_COLUMNS, start=1):
            value = getattr(row, name)
            if value:
                cell = sheet.cell(row=row_index, column=index, value=value)
                if name in ("criterion", "indicator"):
                    cell.number_format = TEXT_FORMAT
    for letter, width in zip("ABCDEFGHI", (26, 30, 10, 60, 50, 12, 10, 16, 24)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
