"""A complete official form for a set the catalog does not fully know defines that set.

The catalog knows every indicator of some sets (``ntm-2021``) and only some of others
(``ntm-nc-2021``: 75 indicators declared, a few known); provinces also adapt sets, or assess a
level the catalog has no set for. An official form lists the set's structure row by row, so a
*complete* form is the best description of the set the commune was assessed against. Such a form
defines a set of its own — criteria, indicators, names and targets from its rows — which the load
carries (``LoadResult.defined_sets``) and scoring uses: the denominators are the form's own counts.

When a form is complete enough (``read_form_set``), for the set its title points to (the *base*,
when the catalog has one):

1. every indicator row has a code, none was numbered by its position (``code-assigned``), and no
   code appears twice;
2. within each criterion the codes are either the bare criterion number (a single indicator) or
   ``c.1, c.2, … c.m`` without a gap; codes of three levels ("17.1.2") are not a structure;
3. the criteria are exactly the base set's (1 … 19), or, without a base, run 1 … K without a gap
   (at least ``MIN_CRITERIA``);
4. every indicator the catalog already knows for the base set is among the form's rows.

A form that fails is not a structure: its sheet says why (``form-set-not-learned``), and scoring
keeps the catalog's declared count — unless another sheet of the same workbook (same base set,
same province) defined a set that holds all of its codes: then it is scored against that set and
its missing rows are flagged like any other missing indicator.

Sheets with the same structure share one set; its id is the base set's id and the province
("ntm-nc-2021-an-giang"), or "bieu-mau-<level>-<year>-<province>" without a base. Pure functions:
the caller decides what to do with the sets (score with them; the store may keep them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ntm.catalog import Catalog, CriteriaSet, build_set
from ntm.errors import CatalogError
from ntm.loaders.base import Entry, cell_text
from ntm.loaders.titles import ADVANCED, MODEL
from ntm.schema import WARNING, Problem
from ntm.text import code_sort_key, criterion_of, fold, normalize_code

MIN_CRITERIA = 5
# The origin of a set learned from a form ("biểu mẫu f.xlsx"), kept when the store keeps the set.
LEARNED_ORIGIN = "biểu mẫu"
# Where a learned set's targets and wording come from (the catalog's "confidence" column).
LEARNED_CONFIDENCE = "biểu mẫu (form)"
_LISTED = 8
_SLUG = re.compile(r"[^a-z0-9]+")
_LEVEL_WORDS = {ADVANCED: ("nông thôn mới nâng cao", "advanced NTM", "nang-cao"),
                MODEL: ("nông thôn mới kiểu mẫu", "model NTM", "kieu-mau")}
_BASIC_WORDS = ("nông thôn mới", "NTM", "ntm")


@dataclass(frozen=True)
class FormIndicator:
    """One indicator row of a form: its code, its text and its target as written."""

    code: str
    name: str
    target: str


@dataclass
class FormSetEvidence:
    """What one form sheet says about its set, complete or not.

    Attributes:
        sheet, header_row: where (Excel row of the header).
        base: the catalog set the title points to when its indicator list is incomplete; None when
            the catalog has no set for the title's level and year.
        level, year, province: from the title lines (the key sheets are grouped by).
        codes: the normalised codes of the sheet's indicator rows.
        indicators: the rows, in code order (only for a complete form).
        criteria: criterion → (name, group) as the form writes them.
        reasons: why the form is not complete, as (Vietnamese, English) phrases; empty when it is.
        unknown_set: the sheet's ``unknown-set`` error (no base set), withdrawn if a set is found.
        only_set_missing: the set is the only thing the sheet lacked (it becomes usable with one).
    """

    sheet: str
    header_row: int
    base: CriteriaSet | None
    level: str
    year: int | None
    province: str
    codes: frozenset[str] = frozenset()
    indicators: tuple[FormIndicator, ...] = ()
    criteria: dict[str, tuple[str, str]] = field(default_factory=dict)
    reasons: list[tuple[str, str]] = field(default_factory=list)
    unknown_set: Problem | None = None
    only_set_missing: bool = False

    @property
    def complete(self) -> bool:
        return not self.reasons

    @property
    def key(self) -> tuple:
        """Sheets that may share a set: same base (or level and year), same province."""
        base = self.base.id if self.base is not None else (self.level, self.year)
        return base, fold(self.province)


def read_form_set(entries: list[Entry], criteria: dict[str, tuple[str, str]], *, assigned: bool,
                  base: CriteriaSet | None, sheet: str, header_row: int, level: str, year: int | None,
                  province: str) -> FormSetEvidence:
    """The structure a form sheet's indicator rows give, and what keeps it from being complete.

    Args:
        entries: the sheet's indicator rows (codes already recovered).
        criteria: criterion → (name as written, group heading) from the form.
        assigned: some codes were numbered by position (``code-assigned``).
        base: the set the title points to (incomplete in the catalog), or None.
    """
    evidence = FormSetEvidence(sheet, header_row, base, level, year, province)
    reasons = evidence.reasons
    by_code: dict[str, Entry] = {}
    uncoded, twice = [], []
    for entry in entries:
        code = normalize_code(entry.cells.get("code"))
        if not code:
            uncoded.append(entry.row)
        elif code in by_code:
            twice.append(code)
        else:
            by_code[code] = entry
    evidence.codes = frozenset(by_code)
    if uncoded:
        rows = ", ".join(map(str, uncoded[:_LISTED]))
        reasons.append((f"dòng {rows} không có mã chỉ tiêu", f"row(s) {rows} carry no indicator code"))
    if assigned:
        reasons.append(("có chỉ tiêu được đánh mã theo thứ tự dòng", "some codes were numbered by position"))
    if twice:
        listed = ", ".join(sorted(set(twice), key=code_sort_key))
        reasons.append((f"mã {listed} xuất hiện hơn một lần", f"code(s) {listed} appear more than once"))
    reasons += _numbering_reasons(by_code)
    reasons += _criteria_reasons(by_code, base)
    if base is not None:
        lacking = sorted(base.indicator_codes - set(by_code), key=code_sort_key)
        if lacking:
            listed = _listed(lacking)
            reasons.append((f"thiếu chỉ tiêu {listed} mà danh mục đã biết",
                            f"indicator(s) {listed}, known to the catalog, are missing"))
    evidence.criteria = criteria
    if not reasons:
        evidence.indicators = tuple(
            FormIndicator(code, cell_text(by_code[code].cells.get("indicator_name")),
                          cell_text(by_code[code].cells.get("target")))
            for code in sorted(by_code, key=code_sort_key))
    return evidence


def _numbering_reasons(by_code: dict[str, Entry]) -> list[tuple[str, str]]:
    """Codes within each criterion: the bare number alone, or c.1 … c.m without a gap."""
    out = []
    per_criterion: dict[str, list[str]] = {}
    for code in by_code:
        per_criterion.setdefault(criterion_of(code), []).append(code)
    for criterion, codes in sorted(per_criterion.items(), key=lambda item: code_sort_key(item[0])):
        if not criterion.isdigit():
            out.append((f"mã {codes[0]} không bắt đầu bằng số tiêu chí",
                        f"code {codes[0]} does not start with a criterion number"))
            continue
        if codes == [criterion]:
            continue
        parts = [code.split(".") for code in codes]
        if any(len(p) != 2 or not p[1].isdigit() for p in parts):
            odd = next(code for code, p in zip(codes, parts) if len(p) != 2 or not p[1].isdigit())
            out.append((f"mã {odd} không theo dạng tiêu chí.chỉ tiêu",
                        f"code {odd} is not criterion.indicator"))
            continue
        numbers = sorted(int(p[1]) for p in parts)
        if numbers != list(range(1, len(numbers) + 1)):
            expected = ", ".join(f"{criterion}.{n}" for n in range(1, max(numbers) + 1) if n not in numbers)
            out.append((f"tiêu chí {criterion} thiếu mã {expected}",
                        f"criterion {criterion} lacks code(s) {expected}"))
    return out


def _criteria_reasons(by_code: dict[str, Entry], base: CriteriaSet | None) -> list[tuple[str, str]]:
    found = {criterion_of(code) for code in by_code}
    if base is not None:
        missing = [c for c in base.criterion_codes if c not in found]
        extra = sorted(found - set(base.criterion_codes), key=code_sort_key)
        out = []
        if missing:
            listed = ", ".join(missing)
            out.append((f"thiếu tiêu chí {listed}", f"criteria {listed} are missing"))
        if extra:
            listed = ", ".join(extra)
            out.append((f"tiêu chí {listed} không có trong {base.label}",
                        f"criteria {listed} are not in {base.label}"))
        return out
    numbers = sorted(int(c) for c in found if c.isdigit())
    if len(numbers) < MIN_CRITERIA:
        return [(f"chỉ có {len(numbers)} tiêu chí (cần ít nhất {MIN_CRITERIA})",
                 f"only {len(numbers)} criteria (at least {MIN_CRITERIA} needed)")]
    gaps = [n for n in range(1, numbers[-1] + 1) if n not in numbers]
    if gaps:
        listed = ", ".join(map(str, gaps))
        return [(f"thiếu tiêu chí {listed}", f"criteria {listed} are missing")]
    return []


@dataclass
class DefinedSets:
    """What the forms of one workbook defined.

    Attributes:
        sets: the sets learned, in order of their first sheet.
        by_sheet: sheet → the set its rows are scored against (learned sets only).
        problems: one ``form-defines-set`` warning per set; ``form-set-not-learned`` for sheets that
            neither defined a set nor fit one.
        withdrawn: sheets whose ``unknown-set`` error a learned set answers.
    """

    sets: list[CriteriaSet] = field(default_factory=list)
    by_sheet: dict[str, CriteriaSet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    withdrawn: set[str] = field(default_factory=set)


def define_sets(evidence: list[FormSetEvidence], catalog: Catalog, file_name: str) -> DefinedSets:
    """The sets the complete forms define, and which sheet is scored against which.

    Sheets of the same key (base set or level and year, province) with the same codes share a set;
    a different structure under the same key gets its own id ("…-2"). An incomplete sheet whose codes
    all belong to one learned set of its key is scored against it.
    """
    out = DefinedSets()
    learned: dict[tuple, list[tuple[CriteriaSet, list[FormSetEvidence]]]] = {}
    taken = set(catalog.ids())
    for item in evidence:
        if not item.complete:
            continue
        groups = learned.setdefault(item.key, [])
        same = next((group for group in groups if group[0].indicator_codes == item.codes), None)
        if same is not None:
            same[1].append(item)
            continue
        criteria_set = _build(item, _new_id(item, taken), file_name)
        if criteria_set is None:
            continue
        taken.add(criteria_set.id)
        groups.append((criteria_set, [item]))
    for item in evidence:
        if item.complete:
            continue
        fits = [group for group in learned.get(item.key, [])
                if item.codes and item.codes <= group[0].indicator_codes]
        if len(fits) == 1:
            fits[0][1].append(item)
        else:
            out.problems.append(_not_learned(item))
    for groups in learned.values():
        for criteria_set, items in groups:
            out.sets.append(criteria_set)
            for item in items:
                if item.unknown_set is None or item.only_set_missing:
                    out.by_sheet[item.sheet] = criteria_set
                    if item.unknown_set is not None:
                        out.withdrawn.add(item.sheet)
            out.problems.append(_defined(criteria_set, items))
    return out


def place_slug(province: str) -> str:
    """A province as it is written in a learned set's id ("An Giang" → "an-giang")."""
    return _SLUG.sub("-", fold(province)).strip("-")


def fits_province(criteria_set: CriteriaSet, province: str) -> bool:
    """False for a set learned from another province's form (or when the province is unknown):
    a province's variant is never the set of another province's sheets. True for other sets."""
    if not criteria_set.origin.startswith(LEARNED_ORIGIN):
        return True
    place = place_slug(province)
    return bool(place) and (criteria_set.id.endswith(f"-{place}") or f"-{place}-" in criteria_set.id)


def _new_id(item: FormSetEvidence, taken: set[str]) -> str:
    place = place_slug(item.province)
    if item.base is not None:
        stem = f"{item.base.id}-{place or 'bieu-mau'}"
    else:
        level = _LEVEL_WORDS.get(item.level, _BASIC_WORDS)[2]
        stem = f"bieu-mau-{level}-{item.year}" + (f"-{place}" if place else "")
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def _build(item: FormSetEvidence, set_id: str, file_name: str) -> CriteriaSet | None:
    """The ``CriteriaSet`` a complete form describes (None if the catalog's checks refuse it)."""
    base = item.base
    known = base.indicators.set_index("indicator") if base is not None else None
    base_criteria = base.criteria.set_index("criterion") if base is not None else None
    rows = []
    for indicator in item.indicators:
        criterion = criterion_of(indicator.code)
        name, group = item.criteria.get(criterion, ("", ""))
        catalog_row = (known.loc[indicator.code] if known is not None and indicator.code in known.index
                       else None)
        catalog_criterion = (base_criteria.loc[criterion] if base_criteria is not None
                             and criterion in base_criteria.index else None)
        criterion_name = name or (str(catalog_criterion["name_vi"]) if catalog_criterion is not None else "")
        rows.append({
            "criterion": criterion,
            "criterion_name_vi": criterion_name or f"Tiêu chí {criterion}",
            "criterion_name_en": str(catalog_criterion["name_en"]) if catalog_criterion is not None else "",
            "group": (str(catalog_criterion["group"]) if catalog_criterion is not None else "") or group,
            "indicator": indicator.code,
            "indicator_name_vi": indicator.name or criterion_name,
            "indicator_name_en": str(catalog_row["indicator_name_en"]) if catalog_row is not None else "",
            "unit": str(catalog_row["unit"]) if catalog_row is not None else "",
            # The form's target is written whole ("≥ 90%"): no separate comparator for it.
            "comparator": "" if indicator.target or catalog_row is None else str(catalog_row["comparator"]),
            "target": indicator.target or (str(catalog_row["target"]) if catalog_row is not None else ""),
            "confidence": LEARNED_CONFIDENCE if indicator.target or catalog_row is None
            else str(catalog_row["confidence"]),
            "source": f"{file_name}: {item.sheet}",
        })
    frame = pd.DataFrame(rows)
    criteria_count = frame["criterion"].nunique()
    if base is not None:
        meta = {
            "name_vi": f"{base.name_vi} (cơ cấu theo biểu mẫu{_of_province(item)})",
            "name_en": f"{base.name_en or base.id} (structure from a form{_of_province(item, 'en')})",
            "family": base.family, "legal_basis": base.legal_basis, "year_from": base.year_from,
            "year_to": base.year_to, "target_scheme": base.target_scheme,
        }
    else:
        words = _LEVEL_WORDS.get(item.level, _BASIC_WORDS)
        meta = {
            "name_vi": f"Bộ tiêu chí xã {words[0]} năm {item.year} (theo biểu mẫu{_of_province(item)})",
            "name_en": f"{words[1]} commune criteria {item.year} (from a form{_of_province(item, 'en')})",
            "family": f"bieu-mau-{words[2]}", "legal_basis": "", "year_from": item.year, "year_to": item.year,
        }
    meta.update({"id": set_id, "criteria_count": criteria_count, "indicator_count": len(frame),
                 "indicators_complete": "yes",
                 "notes": f"Learned from the form '{file_name}', sheet '{item.sheet}' "
                          f"(header row {item.header_row})."})
    try:
        return build_set(meta, frame, origin=f"{LEARNED_ORIGIN} {file_name}")
    except CatalogError:
        return None


def _of_province(item: FormSetEvidence, lang: str = "vi") -> str:
    if not item.province:
        return ""
    return f" tỉnh {item.province}" if lang == "vi" else f", {item.province} province"


def _listed(codes: list[str]) -> str:
    return ", ".join(codes[:_LISTED]) + (" …" if len(codes) > _LISTED else "")


def _sheets(items: list[FormSetEvidence]) -> str:
    names = [f"'{item.sheet}'" for item in items]
    return ", ".join(names[:_LISTED]) + (f" … ({len(names)})" if len(names) > _LISTED else "")


def _defined(criteria_set: CriteriaSet, items: list[FormSetEvidence]) -> Problem:
    """The warning that says a set was learned, what it holds and what it changes."""
    first = next(item for item in items if item.complete)
    base = first.base
    n, k = criteria_set.indicator_count, criteria_set.criteria_count
    codes = sorted(criteria_set.indicator_codes, key=code_sort_key)
    if base is not None:
        why_vi = (f"Danh mục của ứng dụng chưa biết đủ các chỉ tiêu của {base.label} (mới biết "
                  f"{len(base.indicator_codes)}/{base.indicator_count or '?'}).")
        why_en = (f"The app's catalog does not know all indicators of {base.label} (it knows "
                  f"{len(base.indicator_codes)} of {base.indicator_count or '?'}).")
        new = [code for code in codes if code not in base.indicator_codes]
    else:
        words = _LEVEL_WORDS.get(first.level, _BASIC_WORDS)
        why_vi = f"Danh mục không có bộ tiêu chí xã {words[0]} nào cho năm {first.year}."
        why_en = f"The catalog has no {words[1]} criteria set for {first.year}."
        new = codes
    declared = base.indicator_count if base is not None else None
    count_vi = f"tỷ lệ chỉ tiêu tính trên {n} chỉ tiêu của biểu mẫu"
    count_en = f"indicator ratios are out of the form's {n}"
    if declared is not None and declared != n:
        count_vi += f" (danh mục khai báo {declared})"
        count_en += f" (the catalog declares {declared})"
    targets = sum(1 for target in criteria_set.rows["target"] if target)
    fitted = [item for item in items if not item.complete]
    also_vi = (f" Các trang chưa đủ {_sheets(fitted)} cũng được tính theo bộ này; chỉ tiêu còn thiếu được "
               "báo là thiếu." if fitted else "")
    also_en = (f" The incomplete sheets {_sheets(fitted)} are scored against it too; their missing "
               "indicators are flagged." if fitted else "")
    complete = [item for item in items if item.complete]
    return Problem(
        WARNING, "form-defines-set",
        f"{why_vi} Biểu mẫu (trang {_sheets(complete)}) liệt kê đủ {k} tiêu chí với {n} chỉ tiêu "
        f"({_listed(codes)}), nên bộ tiêu chí '{criteria_set.id}' được lập theo biểu mẫu: mã, tên và "
        f"{targets} mức đạt chuẩn lấy từ các dòng của biểu mẫu ({len(new)} chỉ tiêu danh mục chưa biết: "
        f"{_listed(new) or 'không có'}); {count_vi}.{also_vi} Hãy kiểm tra lại; nếu đây là bộ tiêu chí của "
        "tỉnh, nên lưu bộ này để các tệp sau dùng chung.",
        f"{why_en} The form (sheet {_sheets(complete)}) lists all {k} criteria with {n} indicators "
        f"({_listed(codes)}), so the criteria set '{criteria_set.id}' is taken from the form: codes, names "
        f"and {targets} targets from its rows ({len(new)} indicator(s) the catalog did not know: "
        f"{_listed(new) or 'none'}); {count_en}.{also_en} Check it; if this is your province's set, keep it "
        "so later files share it.",
        sheet=first.sheet, row=first.header_row, column="tiêu đề", value=criteria_set.id)


def _not_learned(item: FormSetEvidence) -> Problem:
    """Why a form did not define its set, and what that means for its scores."""
    why_vi = "; ".join(vi for vi, _ in item.reasons)
    why_en = "; ".join(en for _, en in item.reasons)
    if item.base is not None:
        declared = item.base.indicator_count
        then_vi = (f"tỷ lệ chỉ tiêu tính trên {declared or 'số chỉ tiêu'} theo khai báo của danh mục "
                   f"cho {item.base.label}")
        then_en = (f"indicator ratios are out of the catalog's declared {declared or '?'} for "
                   f"{item.base.label}")
    else:
        then_vi, then_en = "không dòng nào của trang này được dùng", "no row of this sheet is used"
    return Problem(
        WARNING, "form-set-not-learned",
        f"Trang '{item.sheet}': biểu mẫu chưa đủ để lập bộ tiêu chí theo các dòng của nó ({why_vi}); "
        f"{then_vi}. Hãy bổ sung biểu mẫu cho đủ, hoặc tải lên bộ tiêu chí của tỉnh.",
        f"Sheet '{item.sheet}': the form is not complete enough to define its criteria set from its rows "
        f"({why_en}); {then_en}. Complete the form, or upload your province's set.",
        sheet=item.sheet, row=item.header_row, column="tiêu đề", value=why_en[:80])
