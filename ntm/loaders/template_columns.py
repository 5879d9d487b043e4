"""Checking the template's rows column by column: the same results and problems as row by row.

A province's workbook repeats a few hundred distinct values tens of thousands of times (commune
names, set names, codes, status words, targets). Each column is dictionary-encoded, and every
check of ``rows.RowChecker`` runs once per distinct value — or once per distinct (set, code,
status, target) for the checks that look at several cells — with the checker's own code, so the
two paths cannot drift apart. A row whose values get no problem is then assembled column-wise; a
row that gets any problem is handed to ``RowChecker.check`` whole, so its messages (which name its
row) are exactly the row-by-row ones. Cross-row checks (``checks``) run on whole assessments, for
the assessments where one of them can say something (a repeated code, an indicator missing from
the set, a criterion row beside its indicators, a code outside an incomplete catalog).

Problems come out in the order the row-by-row path makes them (the sheet's header problems, each
row's problems top to bottom, one spelling per place name), so the problems tables are equal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ntm import schema
from ntm.catalog import Catalog
from ntm.loaders import checks
from ntm.loaders.base import Entry, cell_text, row_text
from ntm.loaders.groups import GROUP_COLUMN, INVALID, GroupMention, assessment_key, collect_groups, parse_group
from ntm.loaders.header import HeaderMatch
from ntm.loaders.names import NAME_FIELDS, unify_names
from ntm.loaders.result import LoadResult, LoadStats, sheets_frame, unused_frame
from ntm.loaders.rows import CheckedRow, RowChecker, name_text, parse_year
from ntm.loaders.template_layout import NAME as TEMPLATE, header_problems, unnamed_column_problems
from ntm.schema import ASSESSMENT_KEYS, ERROR, Problem, problems_frame, results_frame
from ntm.statuses import MET, NOT_MET, STATUS_DTYPE, STATUSES
from ntm.text import criterion_of, is_blank, parse_number

# Fields checked column-wise; the others (the indicator's wording) only make a row non-blank.
_CHECKED = ("province", "district", "commune", "commune_code", "year", "criteria_set", "code", "target",
            "value", "status", "note", GROUP_COLUMN)
# The fields of a row that come from its set, code and target (one probe per distinct three).
_ITEM_FIELDS = ("criteria_set", "criterion", "indicator", "target")
# Stand in for a row's commune, year and status while its set, code and target are checked.
_PROBE_CELLS = {"commune": "-", "year": 2000.0, "status": "Đạt"}
_TEXT_DTYPE = pd.StringDtype(na_value=pd.NA)


@dataclass
class Column:
    """One column as distinct values: ``values[codes[i]]`` is row ``i``'s cell ("" when empty)."""

    codes: np.ndarray
    values: list

    def table(self, function, dtype=object) -> np.ndarray:
        """``function`` of each distinct value."""
        out = np.empty(len(self.values), dtype=dtype)
        out[:] = [function(value) for value in self.values]
        return out


@dataclass
class Coded:
    """A result column as codes into a table of values (``pd.NA`` for none)."""

    codes: np.ndarray
    table: list

    def at(self, i: int):
        return self.table[self.codes[i]]

    def set(self, i: int, value) -> None:
        if not _same(self.at(i), value):
            self.table.append(value)
            self.codes[i] = len(self.table) - 1

    def ids(self) -> tuple[np.ndarray, list]:
        """One id per distinct value (NA included) for each row, and the value of each id."""
        seen: dict = {}
        table_ids = np.array([seen.setdefault(_key(value), len(seen)) for value in self.table],
                             dtype=np.int64)
        values = [None] * len(seen)
        for value in self.table:
            values[seen[_key(value)]] = value
        return table_ids[self.codes], values


def _key(value):
    return None if value is None or value is pd.NA else value


def _same(a, b) -> bool:
    return _key(a) is None and _key(b) is None or (_key(a) is not None and type(a) is type(b) and a == b)


def encode(array: pa.Array) -> Column:
    """An Arrow column (strings, floats or nulls) as a ``Column``."""
    n = len(array)
    if pa.types.is_null(array.type) or array.null_count == n:
        return Column(np.zeros(n, dtype=np.int64), [""])
    encoded = pc.dictionary_encode(array)
    values = encoded.dictionary.to_pylist()
    codes = pc.fill_null(encoded.indices, len(values)).to_numpy(zero_copy_only=False).astype(np.int64)
    return Column(codes, [*values, ""])


def _factorize(*keys: np.ndarray) -> np.ndarray:
    """One id per distinct combination of the integer arrays ``keys`` (0 … n-1)."""
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        combined, _ = pd.factorize(combined * (int(key.max(initial=0)) + 1) + key)
        combined = combined.astype(np.int64)
    return combined


def check_template_columns(columns: dict[int, Column], n: int, width: int, header: HeaderMatch, sheet: str,
                           catalog: Catalog, file_name: str) -> LoadResult:
    """The ``LoadResult`` of a workbook whose only sheet read is a template sheet, from its columns.

    Args:
        columns: 0-based sheet column index → the column's cells below the header (one per row,
            the first being the row under the header), encoded (``encode``).
        n: the number of rows below the header.
        width: the number of columns of the sheet's rows (as a cell reader pads them).
        header: the template header found in the sheet (every required column present).
        sheet: the sheet's name.
        catalog: the criteria sets.
        file_name: the name shown in ``source`` and problems.
    """
    excel_rows = np.arange(n, dtype=np.int64) + header.row + 2
    empty = Column(np.zeros(n, dtype=np.int64), [""])
    blank = {index: column.table(is_blank, bool)[column.codes] for index, column in columns.items()}
    fields = {name: columns.get(index, empty) for name, index in header.columns.items() if name in _CHECKED}
    is_entry = np.zeros(n, dtype=bool)
    for index in header.columns.values():
        if index in blank:
            is_entry |= ~blank[index]

    def cells_at(i: int) -> dict:
        return {name: (columns[index].values[columns[index].codes[i]] if index in columns else "")
                for name, index in header.columns.items()}

    def row_cells(i: int) -> list:
        cells = [""] * width
        for index, column in columns.items():
            cells[index] = column.values[column.codes[i]]
        return cells

    # Columns without a header: reported from the first row holding data; rows with data only there.
    problems, known = header_problems(sheet, header)
    unnamed, ignored = {}, np.zeros(n, dtype=bool)
    for index in sorted(set(columns) - known):
        filled = ~blank[index]
        if filled.any():
            unnamed[index] = int(excel_rows[np.argmax(filled)])
            ignored |= filled & ~is_entry
    problems += unnamed_column_problems(sheet, header.row + 1, unnamed)
    unused_rows = [{"sheet": sheet, "row": int(excel_rows[i]), "reason": "ignored-columns",
                    "text": row_text(row_cells(i))} for i in np.flatnonzero(ignored)]

    checker = RowChecker(catalog, file_name)
    labels = header.labels
    commune, year, status = fields["commune"], fields["year"], fields["status"]
    commune_names = commune.table(name_text)
    years = year.table(parse_year)
    identity_ok = (commune_names != "")[commune.codes] & pd.notna(years)[year.codes]
    # A status cell's own problems (a blank status's warning), when they do not name the row.
    statuses, status_said = _status_table(checker, status, sheet, labels)
    status_ok = np.array([s is not None for s in status_said], dtype=bool)[status.codes]
    # A cell that is not a commune group gets a warning naming its row: such rows go row by row.
    group = fields.get(GROUP_COLUMN)
    group_table = group.table(parse_group) if group is not None else None
    group_ok = (np.array([g != INVALID for g in group_table], dtype=bool)[group.codes] if group is not None
                else np.ones(n, dtype=bool))

    # One probe per distinct (set, code, target): the checker's verdict on those cells.
    item_fields = [name for name in ("criteria_set", "code", "target") if name in fields]
    item = _factorize(*(fields[name].codes for name in item_fields))
    _, first_of_item = np.unique(item, return_index=True)
    probes: list[CheckedRow] = []
    for i in first_of_item:
        cells = {name: fields[name].values[fields[name].codes[i]] for name in item_fields}
        probes.append(checker.check(Entry(sheet, int(excel_rows[i]), {**cells, **_PROBE_CELLS}, labels)))
    probe_clean = np.array([p.record is not None and not p.problems for p in probes], dtype=bool)
    criterion_level = np.array([p.criterion_level for p in probes], dtype=bool)
    clean = is_entry & identity_ok & status_ok & group_ok & probe_clean[item]

    value = fields.get("value", empty)
    numbers = [parse_number(v) for v in value.values]
    number_table = np.array([math.nan if x is None else x for x in numbers], dtype=np.float64)
    # A number may disagree with the row's target, or be a fraction of a percentage target.
    suspect = np.flatnonzero(clean & ~np.isnan(number_table)[value.codes] & ~criterion_level[item])
    if len(suspect):
        pair = _factorize(item[suspect], status.codes[suspect], value.codes[suspect])
        _, first = np.unique(pair, return_index=True)
        warns = np.array([checker.value_warns(probes[item[suspect[j]]], statuses[status.codes[suspect[j]]],
                                              value.values[value.codes[suspect[j]]]) for j in first],
                         dtype=bool)
        clean[suspect[warns[pair]]] = False

    # Rows with any problem: checked whole, row by row.
    checked: dict[int, CheckedRow] = {}
    for i in np.flatnonzero(is_entry & ~clean).tolist():
        checked[i] = checker.check(Entry(sheet, int(excel_rows[i]), cells_at(i), labels))
    has_record = clean.copy()

    out = _coded_columns(fields, probes, item, commune_names, years, statuses, n)
    groups = (Coded(group.codes.copy(), [pd.NA if g is None or g == INVALID else g for g in group_table])
              if group is not None else None)
    value_num = number_table[value.codes]
    for i, row in checked.items():
        if row.record is not None:
            has_record[i] = True
            for name, coded in out.items():
                coded.set(i, row.record[name])
            if groups is not None:
                groups.set(i, row.record[GROUP_COLUMN])
            number = row.record["value_num"]
            value_num[i] = math.nan if number is pd.NA or number is None else number

    # Cross-row checks, on the assessments where they can find something.
    assessment = _factorize(*(out[key].ids()[0] for key in ASSESSMENT_KEYS))
    members = _assessments_to_check(has_record, assessment, item, probes, out["status"])
    for i in members.tolist():
        if i not in checked:
            probe = probes[item[i]]
            record = {name: coded.at(i) for name, coded in out.items()}
            record["value_num"] = pd.NA if math.isnan(value_num[i]) else float(value_num[i])
            record["source"] = f"{file_name}:{sheet}:{excel_rows[i]}"
            checked[i] = CheckedRow(Entry(sheet, int(excel_rows[i]), cells_at(i), labels), record=record,
                                    criteria_set=probe.criteria_set, code=probe.code,
                                    criterion_level=probe.criterion_level,
                                    outside_catalog=probe.outside_catalog,
                                    problems=[replace(p, row=int(excel_rows[i]))
                                              for p in status_said[status.codes[i]] or ()])
    if len(members):
        checks.check_across_rows([checked[i] for i in members.tolist()])
        for i in members.tolist():
            has_record[i] = checked[i].record is not None

    said = np.flatnonzero(clean & np.array([bool(s) for s in status_said], dtype=bool)[status.codes])
    row_problems = {i: [replace(p, row=int(excel_rows[i])) for p in status_said[status.codes[i]]]
                    for i in said.tolist()}
    for i, row in checked.items():
        row_problems[i] = row.problems
    for i in sorted(row_problems):
        problems.extend(row_problems[i])
    used = np.flatnonzero(has_record)
    problems += _unify_names(out, used, excel_rows, sheet)
    found_groups, group_problems = collect_groups(
        _group_mentions(out, groups, used, excel_rows, sheet, labels.get(GROUP_COLUMN, GROUP_COLUMN)), catalog)
    problems += group_problems

    frame = _frame(out, value_num, used, excel_rows, file_name, sheet)
    rejected = excel_rows[is_entry & ~has_record].tolist()
    unused_rows += [{"sheet": sheet, "row": row, "reason": "rejected", "text": ""} for row in rejected]
    stats = LoadStats(int(is_entry.sum()), len(used), len(rejected), int(ignored.sum()))
    unused = unused_frame(unused_rows).sort_values(["sheet", "row"], kind="stable").reset_index(drop=True)
    sheets = sheets_frame([{"sheet": sheet, "layout": TEMPLATE, "header_row": header.row + 1,
                            "first_data_row": header.row + 2, "rows_read": stats.rows_read,
                            "rows_used": stats.rows_used, "rows_rejected": stats.rows_rejected,
                            "rows_skipped": stats.rows_skipped, "commune": None, "year": None,
                            "criteria_set": None, "status_column": None}])
    return LoadResult(results=frame, problems=problems_frame(list(dict.fromkeys(problems))),
                      layout=TEMPLATE, stats=stats, unused=unused, sheets=sheets, groups=found_groups)


def _group_mentions(out: dict[str, Coded], groups: Coded | None, used: np.ndarray, excel_rows: np.ndarray,
                    sheet: str, label: str) -> list[GroupMention]:
    """The first row of each (assessment, group) pair among the rows ``used``, in row order: what
    ``groups.collect_groups`` needs of the many rows that repeat an assessment's group."""
    if groups is None or not len(used):
        return []
    known = np.array([_key(g) is not None for g in groups.table], dtype=bool)[groups.codes[used]]
    rows = used[known]
    if not len(rows):
        return []
    ids = [out[key].ids() for key in ASSESSMENT_KEYS]
    assessment = _factorize(*(column_ids[rows] for column_ids, _ in ids))
    pair = _factorize(assessment, groups.codes[rows])
    _, first = np.unique(pair, return_index=True)
    mentions = []
    for j in np.sort(first).tolist():
        i = int(rows[j])
        keys = assessment_key([values[column_ids[i]] for column_ids, values in ids])
        mentions.append(GroupMention(keys, int(groups.at(i)), sheet, int(excel_rows[i]), label))
    return mentions


def _status_table(checker: RowChecker, status: Column, sheet: str,
                  labels: dict) -> tuple[list[str | None], list[list[Problem] | None]]:
    """Each distinct status cell: the status it means, and the problems it gets on any row (None
    when they reject the row or their words name the row: such rows are checked one by one)."""
    means, said = [], []
    for value in status.values:
        meaning, first = checker.status_problems(Entry(sheet, 1, {"status": value}, labels))
        _, second = checker.status_problems(Entry(sheet, 2, {"status": value}, labels))
        same = [replace(p, row=None) for p in first] == [replace(p, row=None) for p in second]
        means.append(meaning)
        said.append(first if same and all(p.severity != ERROR for p in first) else None)
    return means, said


def _coded_columns(fields: dict[str, Column], probes: list[CheckedRow], item: np.ndarray,
                   commune_names: np.ndarray, years: np.ndarray, statuses: list, n: int) -> dict[str, Coded]:
    """Each result column (but ``value_num`` and ``source``) as rows that pass every check have it."""
    def from_field(name: str, function) -> Coded:
        column = fields.get(name)
        if column is None:
            return Coded(np.zeros(n, dtype=np.int64), [pd.NA])
        return Coded(column.codes.copy(), [function(v) or pd.NA for v in column.values])

    out = {name: from_field(name, name_text) for name in ("province", "district")}
    out["commune"] = Coded(fields["commune"].codes.copy(), [c or pd.NA for c in commune_names])
    out["commune_code"] = from_field("commune_code", name_text)
    out["year"] = Coded(fields["year"].codes.copy(), [pd.NA if y is None else y for y in years])
    records = [p.record or {} for p in probes]
    for name in _ITEM_FIELDS:
        out[name] = Coded(item.copy(), [record.get(name, pd.NA) for record in records])
    out["value"] = from_field("value", cell_text)
    out["status"] = Coded(fields["status"].codes.copy(), [pd.NA if s is None else s for s in statuses])
    out["note"] = from_field("note", cell_text)
    return {name: out[name] for name in ("province", "district", "commune", "commune_code", "year",
                                         "criteria_set", "criterion", "indicator", "value", "target",
                                         "status", "note")}


def _assessments_to_check(has_record: np.ndarray, assessment: np.ndarray, item: np.ndarray,
                          probes: list[CheckedRow], status: Coded) -> np.ndarray:
    """Rows (with a result) of the assessments where a cross-row check may find something: a
    repeated code, a code outside an incomplete catalog, a criterion-level Đạt/Chưa đạt beside
    indicator rows, an indicator of a complete set without a row."""
    rows = np.flatnonzero(has_record)
    if not len(rows):
        return rows
    aid, row_item = assessment[rows], item[rows]
    code_ids, _ = pd.factorize(np.array([p.code for p in probes], dtype=object))
    codes = code_ids.astype(np.int64)[row_item]
    repeated = pd.Series(aid * (int(codes.max()) + 1) + codes).duplicated(keep=False).to_numpy()
    flagged = set(aid[repeated].tolist())
    level = np.array([p.criterion_level for p in probes], dtype=bool)[row_item]
    flagged |= set(aid[np.array([p.outside_catalog for p in probes], dtype=bool)[row_item]].tolist())
    indicator_rows = set(aid[~level].tolist())
    decided = np.array([s in (MET, NOT_MET) for s in status.table], dtype=bool)[status.codes[rows]]
    flagged |= set(aid[level & decided].tolist()) & indicator_rows
    flagged |= _missing_indicators(aid, row_item, level, probes) & indicator_rows
    if not flagged:
        return rows[:0]
    return rows[np.isin(aid, np.fromiter(flagged, dtype=np.int64))]


def _missing_indicators(aid: np.ndarray, row_item: np.ndarray, level: np.ndarray,
                        probes: list[CheckedRow]) -> set[int]:
    """Assessments of a complete set where some indicator has no row and no criterion-level row
    covers it."""
    found: set[int] = set()
    sets = {p.criteria_set.id: p.criteria_set for p in probes if p.criteria_set is not None}
    set_of = np.array([p.criteria_set.id if p.criteria_set else "" for p in probes], dtype=object)[row_item]
    for set_id, criteria_set in sets.items():
        if not criteria_set.indicators_complete:
            continue
        codes = list(criteria_set.indicator_codes)
        criteria = sorted({criterion_of(code) for code in codes})
        code_at = {code: k for k, code in enumerate(codes)}
        criterion_at = {c: k for k, c in enumerate(criteria)}
        in_set = set_of == set_id
        if not in_set.any():
            continue
        ids, local = np.unique(aid[in_set], return_inverse=True)
        position = np.array([code_at.get(p.code, -1) for p in probes], dtype=np.int64)[row_item[in_set]]
        covers = np.array([criterion_at.get(criterion_of(p.code), -1) for p in probes],
                          dtype=np.int64)[row_item[in_set]]
        is_level = level[in_set]
        present = np.zeros((len(ids), len(codes)), dtype=bool)
        take = ~is_level & (position >= 0)
        present[local[take], position[take]] = True
        covered = np.zeros((len(ids), len(criteria)), dtype=bool)
        take = is_level & (covers >= 0)
        covered[local[take], covers[take]] = True
        criterion_of_code = np.array([criterion_at[criterion_of(code)] for code in codes], dtype=np.int64)
        missing = (~present & ~covered[:, criterion_of_code]).any(axis=1)
        found |= {int(a) for a in ids[missing]}
    return found


def _unify_names(out: dict[str, Coded], used: np.ndarray, excel_rows: np.ndarray,
                 sheet: str) -> list[Problem]:
    """``names.unify_names`` over the results, run on each name's first appearance (tables changed)."""
    records, places, firsts = [], [], []
    for name in NAME_FIELDS:
        ids, values = out[name].ids()
        seen, first = np.unique(ids[used], return_index=True)
        for k in np.argsort(first, kind="stable"):
            value = values[seen[k]]
            if isinstance(value, str):
                records.append({other: (value if other == name else None) for other in NAME_FIELDS})
                places.append((sheet, int(excel_rows[used[first[k]]])))
                firsts.append((name, value))
    problems = unify_names(records, places)
    for record, (name, value) in zip(records, firsts):
        if record[name] != value:
            table = out[name].table
            table[:] = [record[name] if _same(v, value) else v for v in table]
    return problems


def _frame(out: dict[str, Coded], value_num: np.ndarray, used: np.ndarray, excel_rows: np.ndarray,
           file_name: str, sheet: str) -> pd.DataFrame:
    """The results frame of the rows ``used``, built from codes (``results_frame`` gives the dtypes)."""
    columns: dict[str, object] = {}
    for name, coded in out.items():
        if name == "status":
            position = {s: k for k, s in enumerate(STATUSES)}
            table = np.array([position.get(_key(s), -1) for s in coded.table], dtype=np.int64)
            columns[name] = pd.Categorical.from_codes(table[coded.codes[used]], dtype=STATUS_DTYPE)
        elif name == "year":
            values = np.array([0 if _key(y) is None else y for y in coded.table], dtype=np.int64)
            missing = np.array([_key(y) is None for y in coded.table], dtype=bool)
            columns[name] = pd.arrays.IntegerArray(values[coded.codes[used]], missing[coded.codes[used]])
        else:
            columns[name] = _text(coded, used, schema.RESULT_DTYPES.get(name) == "category")
    columns["value_num"] = value_num[used]
    rows = excel_rows[used]
    if "source_row" in schema.RESULT_COLUMNS:
        columns["source_sheet"] = _text(Coded(np.zeros(len(rows), dtype=np.int64), [f"{file_name}:{sheet}"]),
                                        np.arange(len(rows)), True)
        columns["source_row"] = rows.astype(np.int32)
    else:
        columns["source"] = np.array([f"{file_name}:{sheet}:{row}" for row in rows.tolist()], dtype=object)
    return results_frame(pd.DataFrame(columns))


def _text(coded: Coded, used: np.ndarray, categorical: bool):
    """A text column: a categorical of its distinct texts in sorted order, or objects."""
    codes = coded.codes[used]
    if not categorical:
        table = np.empty(len(coded.table), dtype=object)
        table[:] = coded.table
        return table[codes]
    observed = np.flatnonzero(np.bincount(codes, minlength=len(coded.table)))
    texts = sorted({coded.table[c] for c in observed.tolist() if _key(coded.table[c]) is not None})
    position = {text: k for k, text in enumerate(texts)}
    remap = np.full(len(coded.table), -1, dtype=np.int64)
    for c in observed.tolist():
        value = _key(coded.table[c])
        remap[c] = -1 if value is None else position[value]
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(texts, dtype=_TEXT_DTYPE))
