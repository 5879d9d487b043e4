"""The official per-commune form: one commune-year per sheet, criteria and their indicators.

    BẢNG TỰ ĐÁNH GIÁ … XÃ NÔNG THÔN MỚI NĂM 2023          ← title lines (commune, level, year)
    Xã Khánh Bình, huyện An Phú, tỉnh An Giang
    TT | Tên tiêu chí | Nội dung tiêu chí | Chỉ tiêu | Kết quả | Tự đánh giá | Thẩm định | Ghi chú
    (1)| (2)          | (3)               | …                                          ← numbering row
    I  | QUY HOẠCH                                                                    ← group heading
    1  | Quy hoạch    | 1.1. Có quy hoạch chung …  | Đạt | Có | Đạt | Đạt |            ← criterion 1 starts
       | (merged)     | 1.2. Ban hành quy định …   | Đạt | Có | Đạt | Đạt |
    5  | Trường học   | Tỷ lệ trường học các cấp … | 80% | 85% | Đạt | Đạt |         ← single indicator: "5"
    …
    Người lập biểu            TM. UBND XÃ                                              ← below the table

How rows are read, criterion by criterion (a criterion starts at a TT number, a "Tiêu chí 5" text,
or a new merged criterion name; codes also start one):

* indicator codes come from the TT cell ("1.1", or 17.1 typed as a number) or from the start of
  the content ("17.10. Tỷ lệ…", "2.1-", "a)"); a letter is the n-th indicator of the criterion;
* a criterion with coded indicators: its own row is a criterion row (its status is checked
  against the indicators, ``criterion-row-disagreement``), other rows without a code are detail
  lines of the indicator above;
* a criterion without codes: its one row with a result is the criterion's single indicator, coded
  by the bare criterion number ("5"); several such rows are numbered in order (``code-assigned``);
* group headings, numbering rows, and everything from a notes/signature line down are not data.

Every row that is not read as a result is in ``SheetRead.unused`` with its reason. The status
column is the caller's choice (``LoadOptions.status_column``), by default the latest appraisal
present (province > district > self-assessment); where it differs from the self-assessment, one
``appraisal-differs`` warning lists the indicators.

A form for a set the catalog does not fully know (its indicator list is incomplete, or the catalog
has no set for the title's level and year) also says what its rows tell about that set
(``SheetRead.form_set``): a complete form defines the set it is scored against (``form_set``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ntm.loaders.base import (
    CriterionMark,
    Entry,
    Layout,
    ReadContext,
    SheetRead,
    Unused,
    cell_text,
    column_letter,
    row_text,
)
from ntm.loaders.codes import recover_codes
from ntm.loaders.form_header import (
    LOOKED_FOR,
    PROVINCE,
    SELF,
    STATUS_KINDS,
    STATUS_LABELS,
    FormHeader,
    StatusSource,
    find_form_header,
)
from ntm.loaders.form_set import FormSetEvidence, read_form_set
from ntm.loaders.groups import GROUP_COLUMN, INVALID, bad_group, parse_group
from ntm.loaders.sheet_context import SheetContext, resolve_context
from ntm.loaders.source import SheetData
from ntm.loaders.structure import fill_merged, is_numbering_row, is_roman, opens_after_table
from ntm.loaders.titles import read_titles
from ntm.schema import ERROR, WARNING, Problem
from ntm.statuses import MISSING, parse_status
from ntm.text import criterion_of, fold, is_blank, normalize_code

NAME = "official-form"
_DOTTED = re.compile(
    r"\s*(?:chỉ tiêu|chi tieu)?\s*(\d{1,2}\s*[.,]\s*\d{1,2}(?:\s*[.,]\s*\d{1,2})?)\s*[.:)\-–—]?\s*")
_BARE = re.compile(r"\s*(\d{1,2})\s*[.:)\-–—]\s*(?=\S)")
_LETTER = re.compile(r"\s*([a-zđ])\s*[).]\s+", re.IGNORECASE)
_TT_LETTER = re.compile(r"([a-zđ])\s*[).]?")
_CRITERION_WORDS = re.compile(r"\s*(?:tieu chi|tc)\s*(?:so)?\s*(\d{1,2})\b")
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
_MAX_CRITERION = 40


@dataclass
class _Row:
    index: int                 # 0-based grid row
    cells: list
    code: object = None        # raw code: text, a float typed as a number, or None
    content: str = ""
    has_result: bool = False
    status: object = ""
    has_status: bool = False
    lettered: bool = False     # its code came from a letter ("a)"): the n-th indicator


@dataclass
class _Block:
    criterion: str
    start: _Row | None = None
    name: str = ""
    group: str = ""            # the group heading above it ("QUY HOẠCH")
    numbered: bool = False     # some indicator carries a number code ("17.2"): letters are sub-items
    coded: list[_Row] = field(default_factory=list)
    uncoded: list[_Row] = field(default_factory=list)


def find_official_header(sheet: SheetData, context: ReadContext | None = None) -> FormHeader | None:
    """The official form header of ``sheet``, or None."""
    return find_form_header(sheet.rows)


def read_official_sheet(sheet: SheetData, header: FormHeader, context: ReadContext) -> SheetRead:
    """One commune-year: entries for its indicators, its criterion rows, and what is not data."""
    header_row = header.row + 1
    titles = read_titles(sheet.rows, header.row)
    if titles.year is None and header.year_hint is not None:
        titles.year = header.year_hint
        titles.rows["year"] = header_row
    where = resolve_context(titles, context, sheet.name, header_row)
    problems = list(where.problems)
    source, choice_problem = _choose_status(sheet, header, context.options.status_column)
    if choice_problem is not None:
        problems.append(choice_problem)
    reader = _BodyReader(sheet, header, source, where, context)
    reader.read()
    # Codes typed as numbers are read from their sequence here (not only later, with every layout's
    # rows): the form's own structure is judged on the codes it means.
    entries, recovered = recover_codes(reader.entries)
    entries, group_problems = _with_group(entries, titles, sheet.name)
    problems += recovered + reader.problems + group_problems
    problems += _extra_columns(sheet, header)
    if source is not None:
        problems += _appraisal_differs(sheet.name, header, source, reader)
    usable = not where.missing and source is not None
    info = {"header_row": header_row, "first_data_row": header.last_row + 2, "commune": where.commune,
            "year": where.year,
            "criteria_set": where.criteria_set.id if where.criteria_set else None,
            "status_column": source.label if source else None}
    read = SheetRead(entries, problems, usable, reader.unused, reader.marks, info)
    read.form_set = _form_set(sheet.name, header_row, titles.level, where, reader, entries,
                              usable_with_set=where.missing == ["criteria_set"] and source is not None)
    return read


OFFICIAL_FORM_LAYOUT = Layout(NAME, find_official_header, read_official_sheet, LOOKED_FOR)


def _with_group(entries: list[Entry], titles, sheet: str) -> tuple[list[Entry], list[Problem]]:
    """The entries carrying the commune group a title line gives ("xã nhóm 2", "Nhóm xã: 2"); a
    warning, placed at that line, when what it gives is not a group."""
    if not titles.commune_group:
        return entries, []
    row = titles.rows.get("commune_group")
    label = f"tiêu đề (dòng {row})"
    group = parse_group(titles.commune_group)
    if group == INVALID:
        return entries, [bad_group(sheet, row, label, titles.commune_group)]
    return [replace(entry, cells={**entry.cells, GROUP_COLUMN: group},
                    labels={**entry.labels, GROUP_COLUMN: label}) for entry in entries], []


def _choose_status(sheet: SheetData, header: FormHeader,
                   wanted: str) -> tuple[StatusSource | None, Problem | None]:
    """The status source the caller asked for, or the latest appraisal that holds any status."""
    by_kind = {s.kind: s for s in header.statuses}
    if wanted in STATUS_KINDS:
        if wanted in by_kind:
            return by_kind[wanted], None
        present = ", ".join(f"'{s.label}'" for s in header.statuses)
        vi, en = STATUS_LABELS[wanted]
        return None, Problem(
            ERROR, "missing-status-column",
            f"Trang '{sheet.name}' không có cột {vi} (đã chọn dùng cột {vi}); các cột đánh giá có: "
            f"{present}. Hãy chọn cột khác khi tải lên; không dòng nào của trang này được dùng.",
            f"Sheet '{sheet.name}' has no {en} column (the {en} column was asked for); its status columns: "
            f"{present}. Choose another when uploading; no row of this sheet is used.",
            sheet=sheet.name, row=header.row + 1, column=wanted)
    body = sheet.rows[header.last_row + 1:]
    for source in reversed(header.statuses):
        if any(parse_status(source.raw(cells)) not in (None, MISSING) for cells in body):
            return source, None
    return header.statuses[-1], None


class _BodyReader:
    """Walks the rows below the header once, criterion block by criterion block."""

    def __init__(self, sheet: SheetData, header: FormHeader, source: StatusSource | None,
                 where: SheetContext, context: ReadContext) -> None:
        self.sheet, self.header, self.source, self.where = sheet, header, source, where
        self.columns = header.columns
        self.statuses = header.statuses
        self.criteria_set = where.criteria_set
        self.entries: list[Entry] = []
        self.unused: list[Unused] = []
        self.marks: list[CriterionMark] = []
        self.problems: list[Problem] = []
        self.labels = self._labels()
        self._names = self._criterion_names()
        # What the form says about its set's structure (``form_set``): criterion → (name, group),
        # and whether some codes were numbered by position.
        self.criteria: dict[str, tuple[str, str]] = {}
        self.assigned = False
        self._group = ""

    def _labels(self) -> dict[str, str]:
        labels = dict(self.header.labels)
        for name in ("province", "district", "commune", "year", "criteria_set"):
            labels[name] = self.where.sources.get(name, "tiêu đề")
        labels["status"] = self.source.label if self.source else "đánh giá"
        labels["code"] = labels.get("tt") or labels.get("content") or "TT"
        return labels

    def _criterion_names(self) -> dict[str, str]:
        if self.criteria_set is None:
            return {}
        frame = self.criteria_set.criteria
        return {fold(name): code for name, code in zip(frame["name_vi"], frame["criterion"]) if name}

    def _cell(self, cells: list, name: str) -> object:
        col = self.columns.get(name)
        return cells[col] if col is not None and col < len(cells) else ""

    def read(self) -> None:
        first = self.header.last_row + 1
        fill = {self.columns[k] for k in ("tt", "criterion_name", "target", "value") if k in self.columns}
        fill |= {c for s in self.statuses for c in s.columns()}
        rows, filled = fill_merged(self.sheet, first, fill)
        self._merged_status_warnings(first)
        block: _Block | None = None
        after_table = False
        last_criterion = 0
        tt_col, name_col = self.columns.get("tt"), self.columns.get("criterion_name")
        for index in range(first, len(rows)):
            cells = rows[index]
            if all(is_blank(v) for v in cells):
                continue
            if after_table:
                self._skip(index, "below-table")
                continue
            if is_numbering_row(cells):
                self._skip(index, "sub-header")
                continue
            row = self._row(index, cells)
            if not row.has_status and opens_after_table(cells):
                after_table = True
                self._skip(index, "below-table")
                continue
            tt = self._cell(cells, "tt") if (index, tt_col) not in filled else ""
            name = self._cell(cells, "criterion_name") if (index, name_col) not in filled else ""
            tt_text = cell_text(tt)
            if not row.has_result and (is_roman(tt_text) or re.fullmatch(r"[A-ZĐ]\.?", tt_text)):
                block = self._close(block)
                self._skip(index, "heading")
                self._group = " ".join(cell_text(v) for c, v in enumerate(cells)
                                       if c != tt_col and not is_blank(v))
                continue
            criterion = self._criterion_start(tt, name, row.content, last_criterion, block)
            letters = criterion is not None or block is None or not block.numbered
            row.code = self._code(tt, row, criterion or (block.criterion if block else None), letters)
            if criterion is not None:
                block = self._close(block)
                block = _Block(criterion, row, cell_text(name) or row.content, self._group)
                last_criterion = int(criterion)
            if row.code is not None:
                code_criterion = criterion_of(normalize_code(row.code))
                if block is None or code_criterion != block.criterion:
                    block = self._close(block)
                    block = _Block(code_criterion, group=self._group)
                    if code_criterion.isdigit():
                        last_criterion = int(code_criterion)
                block.coded.append(row)
                block.numbered = block.numbered or not row.lettered
            elif block is not None:
                block.uncoded.append(row)
            elif row.has_result:
                self._entry(row, None)  # no criterion, no code: rejected as missing-code
            elif _is_heading_text(cells):
                self._skip(index, "heading")
            else:
                self._skip(index, "text")
        self._close(block)
        self.entries.sort(key=lambda entry: entry.row)

    def _row(self, index: int, cells: list) -> _Row:
        content = cell_text(self._cell(cells, "content"))
        status = self.source.raw(cells) if self.source else ""
        any_status = any(not is_blank(s.raw(cells)) for s in self.statuses)
        has_result = any_status or not is_blank(self._cell(cells, "value"))
        return _Row(index, cells, None, content, has_result, status, any_status)

    def _criterion_start(self, tt: object, name: object, content: str, last: int,
                         block: _Block | None) -> str | None:
        """The criterion a row starts, if it starts one."""
        number = _whole_number(tt)
        if number is not None and 1 <= number <= _MAX_CRITERION:
            return str(number)
        for text in (cell_text(tt), cell_text(name), content):
            if text[:1] in ("T", "t"):  # "Tiêu chí 5", "TC5": nothing else can match
                match = _CRITERION_WORDS.match(fold(text))
                if match:
                    return str(int(match.group(1)))
        if is_blank(name) or (block is not None and fold(name) == fold(block.name)):
            return None
        folded = fold(name)
        bare = _BARE.match(folded)
        if bare:
            return str(int(bare.group(1)))
        if folded in self._names:
            return self._names[folded]
        return str(last + 1)  # a new merged criterion name in a form without numbers

    def _code(self, tt: object, row: _Row, criterion: str | None, letters: bool = True) -> object:
        """The indicator code a row gives (raw: a float stays a float), or None.

        The TT cell wins over a code at the start of the content; either way the content loses
        its code prefix. Letters ("a)") number indicators only in a criterion whose indicators carry
        no number codes; under "17.2" they are the parts of 17.2 (detail lines).
        """
        from_content = self._content_code(row, criterion, letters)
        if isinstance(tt, float) and not tt.is_integer():
            return tt
        tt_text = cell_text(tt)
        if _DOTTED.fullmatch(tt_text):
            return normalize_code(tt_text)
        letter = _TT_LETTER.fullmatch(tt_text) if letters else None
        if letter and criterion:
            position = _VI_LETTERS.find(letter.group(1)) + 1
            row.lettered = bool(position)
            return f"{criterion}.{position}" if position else from_content
        return from_content

    def _content_code(self, row: _Row, criterion: str | None, letters: bool) -> str | None:
        content = row.content
        match = _DOTTED.match(content)
        if match and not content[match.end():match.end() + 1].isdigit():
            row.content = content[match.end():].strip() or content
            return normalize_code(match.group(1))
        letter = _LETTER.match(content) if letters else None
        if letter and criterion:
            position = _VI_LETTERS.find(letter.group(1).lower()) + 1
            if position:
                row.content = content[letter.end():].strip() or content
                row.lettered = True
                return f"{criterion}.{position}"
        bare = _BARE.match(content)
        if bare and criterion and str(int(bare.group(1))) == criterion:
            row.content = content[bare.end():].strip() or content
            return criterion
        return None

    def _close(self, block: _Block | None) -> None:
        """Decide what each row of a finished criterion block is."""
        if block is None:
            return None
        self.criteria.setdefault(block.criterion, (block.name, block.group))
        start = block.start
        if block.coded:
            for row in block.coded:
                self._entry(row, row.code)
            for row in block.uncoded:
                if row is start:
                    self._criterion_row(block, row)
                else:
                    self._detail(row)
            return None
        candidates = [row for row in block.uncoded if row.has_result]
        if start is not None and start in candidates and len(candidates) > 1 and (
                not start.content or fold(start.content) == fold(block.name)):
            candidates.remove(start)
        known = self._known_codes(block.criterion)
        if len(candidates) > 1 and known == [block.criterion]:
            candidates = candidates[:1]
        if not candidates and start is not None and start in block.uncoded and (
                known == [block.criterion] or (start.content and fold(start.content) != fold(block.name))):
            candidates = [start]  # a single indicator not assessed yet: its row, with a blank status
        if len(candidates) == 1:
            self._entry(candidates[0], block.criterion)
        elif candidates:
            assigned = [f"{block.criterion}.{i}" for i in range(1, len(candidates) + 1)]
            for row, code in zip(candidates, assigned):
                self._entry(row, code)
            self.problems.append(self._assigned(block, candidates, assigned))
        for row in block.uncoded:
            if row in candidates:
                continue
            if row is start:
                self._criterion_row(block, row)
            else:
                self._detail(row)
        return None

    def _known_codes(self, criterion: str) -> list[str]:
        if self.criteria_set is None:
            return []
        return [c for c in self.criteria_set.indicator_codes if criterion_of(c) == criterion]

    def _criterion_row(self, block: _Block, row: _Row) -> None:
        if not is_blank(row.status) and self.source is not None:
            self.marks.append(CriterionMark(self.sheet.name, row.index + 1, block.criterion, row.status,
                                            self.source.label))
        self._skip(row.index, "criterion-row")

    def _detail(self, row: _Row) -> None:
        """A row under an indicator without a code of its own: a detail line, not data; said so when
        it carries a status (it may be an indicator whose code is missing)."""
        self._skip(row.index, "detail")
        if parse_status(row.status) in (None, MISSING):
            return
        shown = cell_text(row.status)
        self.problems.append(Problem(
            WARNING, "detail-row-ignored",
            f"Dòng {row.index + 1} có đánh giá '{shown}' nhưng không có mã chỉ tiêu nên được coi là dòng "
            "diễn giải của chỉ tiêu phía trên và không được tính. Nếu đây là một chỉ tiêu, hãy ghi mã ở đầu "
            "nội dung.",
            f"Row {row.index + 1} has the status '{shown}' but no indicator code, so it is read as a detail "
            "line of the indicator above and not counted. If it is an indicator, write its code at the start "
            "of the text.",
            sheet=self.sheet.name, row=row.index + 1, column=self.labels["status"], value=shown))

    def _entry(self, row: _Row, code: object) -> None:
        where = self.where
        cells = {
            "province": where.province, "district": where.district, "commune": where.commune,
            "commune_code": "", "year": where.year if where.year is not None else "",
            "criteria_set": where.criteria_set.id if where.criteria_set else "",
            "code": "" if code is None else code,
            "indicator_name": row.content,
            "target": self._cell(row.cells, "target"),
            "value": self._cell(row.cells, "value"),
            "status": row.status,
            "note": self._cell(row.cells, "note"),
        }
        self.entries.append(Entry(self.sheet.name, row.index + 1, cells, self.labels))

    def _skip(self, index: int, reason: str) -> None:
        self.unused.append(Unused(self.sheet.name, index + 1, reason, row_text(self.sheet.rows[index])))

    def _assigned(self, block: _Block, rows: list[_Row], codes: list[str]) -> Problem:
        self.assigned = True
        pairs = ", ".join(f"dòng {row.index + 1} → {code}" for row, code in zip(rows, codes))
        pairs_en = ", ".join(f"row {row.index + 1} → {code}" for row, code in zip(rows, codes))
        return Problem(
            WARNING, "code-assigned",
            f"Trang '{self.sheet.name}': các chỉ tiêu của tiêu chí {block.criterion} không ghi mã; được đánh "
            f"mã theo thứ tự: {pairs}. Nên ghi mã ở đầu nội dung (ví dụ '{block.criterion}.1.').",
            f"Sheet '{self.sheet.name}': criterion {block.criterion}'s indicators carry no codes; they were "
            f"numbered in order: {pairs_en}. Better write the code at the start of each (e.g. "
            f"'{block.criterion}.1.').",
            sheet=self.sheet.name, row=rows[0].index + 1, column=self.labels["code"], value=", ".join(codes))

    def _merged_status_warnings(self, first: int) -> None:
        columns = {c: s for s in self.statuses for c in s.columns()}
        rows = self.sheet.rows
        for r0, c0, r1, _ in self.sheet.merged:
            top = cell_text(rows[r0][c0]) if r0 < len(rows) and c0 < len(rows[r0]) else ""
            if c0 in columns and r1 > r0 and r0 >= first and top:
                ref = f"{column_letter(c0)}{r0 + 1}:{column_letter(c0)}{r1 + 1}"
                self.problems.append(Problem(
                    WARNING, "merged-status",
                    f"Ô đánh giá {ref} được gộp cho {r1 - r0 + 1} dòng; mỗi dòng nhận cùng đánh giá "
                    f"'{top}'. Nên ghi đánh giá riêng cho từng chỉ tiêu.",
                    f"The status cells {ref} are merged over {r1 - r0 + 1} rows; each row gets the same "
                    f"status '{top}'. Better give each indicator its own status.",
                    sheet=self.sheet.name, row=r0 + 1, column=columns[c0].label, value=top))


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = cell_text(value).rstrip(".")
    return int(text) if text.isdigit() and len(text) <= 2 else None


def _is_heading_text(cells: list) -> bool:
    found = [cell_text(v) for v in cells if not is_blank(v)]
    return bool(found) and all(t.isupper() for t in found if any(ch.isalpha() for ch in t))


def _extra_columns(sheet: SheetData, header: FormHeader) -> list[Problem]:
    problems = []
    for col, text in header.extras:
        problems.append(Problem(
            WARNING, "extra-column",
            f"Cột '{text}' không thuộc biểu mẫu đánh giá nên được bỏ qua.",
            f"The column '{text}' is not part of the assessment form and is ignored.",
            sheet=sheet.name, row=header.row + 1, column=text, value=text))
    return problems


def _appraisal_differs(sheet: str, header: FormHeader, source: StatusSource,
                       reader: _BodyReader) -> list[Problem]:
    """One warning listing the indicators whose counted status differs from the self-assessment."""
    own = next((s for s in header.statuses if s.kind == SELF), None)
    if own is None or source.kind == SELF:
        return []
    differs = []
    for entry in reader.entries:
        cells = reader.sheet.rows[entry.row - 1]
        before, after = parse_status(own.raw(cells)), parse_status(source.raw(cells))
        if before != after:
            differs.append((entry, normalize_code(entry.cells["code"])))
    if not differs:
        return []
    codes = ", ".join(code for _, code in differs)
    who_vi, who_en = ("tỉnh thẩm định", "province appraisal") if source.kind == PROVINCE else (
        "huyện thẩm tra", "district verification")
    first = differs[0][0]
    return [Problem(
        WARNING, "appraisal-differs",
        f"Trang '{sheet}': kết quả {who_vi} (cột '{source.label}', được dùng để tính) khác xã tự đánh giá ở "
        f"{len(differs)} chỉ tiêu: {codes}.",
        f"Sheet '{sheet}': the {who_en} (column '{source.label}', used for scoring) differs from the "
        f"commune's self-assessment on {len(differs)} indicator(s): {codes}.",
        sheet=sheet, row=first.row, column=source.label, value=codes)]


def _form_set(sheet: str, header_row: int, level: str, where: SheetContext, reader: _BodyReader,
              entries: list[Entry], usable_with_set: bool) -> FormSetEvidence | None:
    """What the form says about its set, when the catalog does not fully know that set: its set's
    indicator list is incomplete, or it has no set for the title's level and year (``form_set``)."""
    base = where.criteria_set
    unknown = next((p for p in where.problems if p.code == "unknown-set"), None)
    if base is not None and base.indicators_complete:
        return None
    if base is None and unknown is None:
        return None  # no year, or the set was not looked for: nothing a form's rows can settle
    evidence = read_form_set(entries, reader.criteria, assigned=reader.assigned, base=base, sheet=sheet,
                             header_row=header_row, level=level, year=where.year, province=where.province)
    evidence.unknown_set = unknown
    evidence.only_set_missing = usable_with_set
    return evidence

