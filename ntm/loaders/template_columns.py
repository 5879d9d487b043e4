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

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ntm.catalog import Catalog
from ntm.loaders import checks
from ntm.loaders.base import Entry, cell_text, row_text
from ntm.loaders.header import HeaderMatch
from ntm.loaders.names import NAME_FIELDS, unify_names
from ntm.loaders.result import LoadResult, LoadStats, sheets_frame, unused_frame
from ntm.loaders.rows import CheckedRow, RowChecker, name_text, parse_year
from ntm.loaders.template_layout import NAME as TEMPLATE, header_problems, unnamed_column_problems
from ntm.schema import ASSESSMENT_KEYS, RECORD_COLUMNS, Problem, problems_frame, results_frame
from ntm.statuses import MET, NOT_MET
from ntm.text import criterion_of, is_blank, parse_number

# The fields of a row that come from its set, code, status and target (one check per distinct four).
_ITEM_FIELDS = ("criteria_set", "criterion", "indicator", "target", "status")
# Stands in for a row's commune and year while its other cells are checked.
_PROBE_IDENTITY = {"commune": "-", "year": 2000.0}


@dataclass
class Column:
    """One column as distinct values: ``values[codes[i]]`` is row ``i``'s cell ("" when empty)."""

    codes: np.ndarray
    values: list

    def map(self, function, dtype=object) -> np.ndarray:
        """``function`` of each row's cell, computed once per distinct value."""
        table = np.empty(len(self.values), dtype=dtype)
        table[:] = [function(value) for value in self.values]
        return table[self.codes]


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
        key = np.asarray(key, dtype=np.int64)
        combined, _ = pd.factorize(combined * (int(key.max(initial=0)) + 1) + key)
    return combined.astype(np.int64)


def _ids(values: np.ndarray) -> np.ndarray:
    """Integer ids of an object array's values (NA and None share one id)."""
    codes, _ = pd.factorize(pd.array(values, dtype=object), use_na_sentinel=False)
    return codes.astype(np.int64)


def check_template_columns(columns: dict[int, pa.Array], width: int, header: HeaderMatch, sheet: str,
                           catalog: Catalog, file_name: str) -> LoadResult:
    """The ``LoadResult`` of a workbook whose only sheet read is a template sheet, from its columns.

    Args:
        columns: 0-based sheet column index → the column's cells below the header (one per row,
            the first being the row under the header).
        width: the number of columns of the sheet's rows (as a cell reader pads them).
        header: the template header found in the sheet (every required column present).
        sheet: the sheet's name.
        catalog: the criteria sets.
        file_name: the name shown in ``source`` and problems.
    """
    n = len(next(iter(columns.values()))) if columns else 0
    first_row = header.row + 2
    excel_rows = np.arange(n, dtype=np.int64) + first_row
    encoded = {index: encode(array) for index, array in columns.items()}
    blank = {index: column.map(is_blank, bool) for index, column in encoded.items()}
    fields = {name: encoded.get(index, Column(np.zeros(n, dtype=np.int64), [""]))
              for name, index in header.columns.items()}
    field_blank = [blank[index] for index in header.columns.values() if index in blank]
    is_entry = np.logical_or.reduce([~b for b in field_blank]) if field_blank else np.zeros(n, bool)

    def cells_at(i: int) -> dict:
        return {name: column.values[column.codes[i]] for name, column in fields.items()}

    def row_cells(i: int) -> list:
        cells = [""] * width
        for index, column in encoded.items():
            cells[index] = column.values[column.codes[i]]
        return cells

    # Columns without a header: reported from the first row holding data; rows with data only there.
    problems, known = header_problems(sheet, header)
    unnamed, ignored = {}, np.zeros(n, dtype=bool)
    for index in sorted(set(encoded) - known):
        filled = ~blank[index]
        if filled.any():
            unnamed[index] = int(excel_rows[np.argmax(filled)])
            ignored |= filled & ~is_entry
    problems += unnamed_column_problems(sheet, header.row + 1, unnamed)
    unused_rows = [{"sheet": sheet, "row": int(excel_rows[i]), "reason": "ignored-columns",
                    "text": row_text(row_cells(i))} for i in np.flatnonzero(ignored)]

    checker = RowChecker(catalog, file_name)
    labels = header.labels
    commune = fields["commune"].map(name_text)
    year = fields["year"].map(parse_year)
    identity_ok = (commune != "") & pd.notna(year)

    # One probe per distinct (set, code, status, target): the checker's verdict on those cells.
    item_fields = [name for name in ("criteria_set", "code", "status", "target") if name in fields]
    item = _factorize(*(fields[name].codes for name in item_fields))
    _, first_of_item = np.unique(item, return_index=True)
    probes: list[CheckedRow] = []
    for i in first_of_item:
        cells = {name: fields[name].values[fields[name].codes[i]] for name in item_fields}
        probes.append(checker.check(Entry(sheet, int(excel_rows[i]), {**cells, **_PROBE_IDENTITY}, labels)))
    probe_clean = np.array([p.record is not None and not p.problems for p in probes], dtype=bool)
    criterion_level = np.array([p.criterion_level for p in probes], dtype=bool)

    clean = is_entry & identity_ok & probe_clean[item]
    value_text = value_num = None
    if "value" in fields:
        value = fields["value"]
        value_text = value.map(lambda v: cell_text(v) or pd.NA)
        numbers = [parse_number(v) for v in value.values]
        has_number = np.array([number is not None for number in numbers], dtype=bool)[value.codes]
        value_num = np.array([pd.NA if number is None else number for number in numbers],
                             dtype=object)[value.codes]
        # A number may disagree with the row's target, or be a fraction of a percentage target.
        suspect = np.flatnonzero(clean & has_number & ~criterion_level[item])
        if len(suspect):
            pair = _factorize(item[suspect], value.codes[suspect])
            _, first = np.unique(pair, return_index=True)
            warns = np.array([checker.value_warns(probes[item[suspect[j]]],
                                                  value.values[value.codes[suspect[j]]]) for j in first],
                             dtype=bool)
            clean[suspect[warns[pair]]] = False

    # Rows with any problem: checked whole, row by row.
    checked: dict[int, CheckedRow] = {}
    for i in np.flatnonzero(is_entry & ~clean):
        checked[int(i)] = checker.check(Entry(sheet, int(excel_rows[i]), cells_at(int(i)), labels))
    slow_record = np.zeros(n, dtype=bool)
    for i, row in checked.items():
        slow_record[i] = row.record is not None
    has_record = clean | slow_record

    record_columns = _record_columns(fields, probes, item, commune, year, value_text, value_num, n)
    record_columns["source"] = np.array([f"{file_name}:{sheet}:{row}" for row in excel_rows.tolist()],
                                        dtype=object)
    for i, row in checked.items():
        if row.record is not None:
            for name in RECORD_COLUMNS:
                record_columns[name][i] = row.record[name]

    def record_at(i: int) -> dict:
        return {name: record_columns[name][i] for name in RECORD_COLUMNS}

    # Cross-row checks, on the assessments where they can find something.
    assessment = _factorize(*(_ids(record_columns[key]) for key in ASSESSMENT_KEYS))
    members = _assessments_to_check(has_record, assessment, item, probes, catalog)
    if len(members):
        rows = []
        for i in members.tolist():
            row = checked.get(i)
            if row is None:
                probe = probes[item[i]]
                row = checked[i] = CheckedRow(Entry(sheet, int(excel_rows[i]), cells_at(i), labels),
                                              record=record_at(i), criteria_set=probe.criteria_set,
                                              code=probe.code, criterion_level=probe.criterion_level,
                                              outside_catalog=probe.outside_catalog)
            rows.append(row)
        checks.check_across_rows(rows)
        for i in members.tolist():
            has_record[i] = checked[i].record is not None

    for i in sorted(checked):
        problems.extend(checked[i].problems)
    problems += _unify_names(record_columns, has_record, excel_rows, sheet)

    used = np.flatnonzero(has_record)
    frame = pd.DataFrame({name: record_columns[name][used] for name in RECORD_COLUMNS})
    rejected = excel_rows[is_entry & ~has_record].tolist()
    unused_rows += [{"sheet": sheet, "row": row, "reason": "rejected", "text": ""} for row in rejected]
    stats = LoadStats(int(is_entry.sum()), len(used), len(rejected), int(ignored.sum()))
    unused = unused_frame(unused_rows).sort_values(["sheet", "row"], kind="stable").reset_index(drop=True)
    sheets = sheets_frame([{"sheet": sheet, "layout": TEMPLATE, "header_row": header.row + 1,
                            "first_data_row": header.row + 2, "rows_read": stats.rows_read,
                            "rows_used": stats.rows_used, "rows_rejected": stats.rows_rejected,
                            "rows_skipped": stats.rows_skipped, "commune": None, "year": None,
                            "criteria_set": None, "status_column": None}])
    return LoadResult(results=results_frame(frame), problems=problems_frame(list(dict.fromkeys(problems))),
                      layout=TEMPLATE, stats=stats, unused=unused, sheets=sheets)


def _record_columns(fields: dict[str, Column], probes: list[CheckedRow], item: np.ndarray,
                    commune: np.ndarray, year: np.ndarray, value_text, value_num, n: int) -> dict:
    """Each result column for every row, as rows that pass every check would have it."""
    out: dict[str, np.ndarray] = {}
    for name in ("province", "district", "commune_code"):
        if name in fields:
            out[name] = fields[name].map(lambda v: name_text(v) or pd.NA)
        else:
            out[name] = np.full(n, pd.NA, dtype=object)
    out["commune"] = commune.copy()
    out["year"] = np.where(pd.isna(year), pd.NA, year).astype(object)
    records = [p.record or {} for p in probes]
    for name in _ITEM_FIELDS:
        table = np.empty(len(records), dtype=object)
        table[:] = [record.get(name, pd.NA) for record in records]
        out[name] = table[item]
    out["value"] = value_text.copy() if value_text is not None else np.full(n, pd.NA, dtype=object)
    out["value_num"] = value_num.copy() if value_num is not None else np.full(n, pd.NA, dtype=object)
    if "note" in fields:
        out["note"] = fields["note"].map(lambda v: cell_text(v) or pd.NA)
    else:
        out["note"] = np.full(n, pd.NA, dtype=object)
    return out


def _assessments_to_check(has_record: np.ndarray, assessment: np.ndarray, item: np.ndarray,
                          probes: list[CheckedRow], catalog: Catalog) -> np.ndarray:
    """Rows (with a result) of the assessments where a cross-row check may find something."""
    rows = np.flatnonzero(has_record)
    if not len(rows):
        return rows
    aid, row_item = assessment[rows], item[rows]
    code_ids = _ids(np.array([p.code for p in probes], dtype=object))[row_item]
    pair = aid * (int(code_ids.max()) + 1) + code_ids
    flagged = set(aid[pd.Series(pair).duplicated(keep=False).to_numpy()].tolist())
    level = np.array([p.criterion_level for p in probes], dtype=bool)[row_item]
    outside = np.array([p.outside_catalog for p in probes], dtype=bool)[row_item]
    flagged |= set(aid[outside].tolist())
    indicator_rows = set(aid[~level].tolist())
    statuses = np.array([(p.record or {}).get("status") in (MET, NOT_MET) for p in probes], dtype=bool)
    flagged |= set(aid[level & statuses[row_item]].tolist()) & indicator_rows
    flagged |= _missing_indicators(aid, row_item, level, probes, indicator_rows)
    if not flagged:
        return rows[:0]
    return rows[np.isin(aid, np.fromiter(flagged, dtype=np.int64))]


def _missing_indicators(aid: np.ndarray, row_item: np.ndarray, level: np.ndarray,
                        probes: list[CheckedRow], indicator_rows: set[int]) -> set[int]:
    """Assessments with indicator rows where some indicator of their (complete) set has no row and
    no criterion-level row covers it."""
    found: set[int] = set()
    set_of = np.array([p.criteria_set.id if p.criteria_set else "" for p in probes], dtype=object)[row_item]
    for set_id in pd.unique(set_of):
        criteria_set = next(p.criteria_set for p in probes if p.criteria_set and p.criteria_set.id == set_id)
        if not criteria_set.indicators_complete:
            continue
        codes = list(criteria_set.indicator_codes)
        criteria = sorted({criterion_of(code) for code in codes})
        code_at = {code: k for k, code in enumerate(codes)}
        criterion_at = {c: k for k, c in enumerate(criteria)}
        in_set = set_of == set_id
        ids, local = np.unique(aid[in_set], return_inverse=True)
        position = np.array([code_at.get(p.code, -1) for p in probes], dtype=np.int64)[row_item[in_set]]
        covers = np.array([criterion_at.get(criterion_of(p.code), -1) for p in probes],
                          dtype=np.int64)[row_item[in_set]]
        is_level = level[in_set]
        present = np.zeros((len(ids), len(codes)), dtype=bool)
        take = ~is_level & (position >= 0)
        present[local[take], position[take]] = True
        covered = np.zeros((len(ids), len(criteria) + 1), dtype=bool)
        take = is_level & (covers >= 0)
        covered[local[take], covers[take]] = True
        criterion_of_code = np.array([criterion_at[criterion_of(code)] for code in codes], dtype=np.int64)
        missing = (~present & ~covered[:, criterion_of_code]).any(axis=1)
        found |= {int(a) for a in ids[missing] if int(a) in indicator_rows}
    return found


def _unify_names(columns: dict[str, np.ndarray], has_record: np.ndarray, excel_rows: np.ndarray,
                 sheet: str) -> list[Problem]:
    """``names.unify_names`` over the results, run on each name's first appearance (in place)."""
    rows = np.flatnonzero(has_record)
    records, places, firsts = [], [], []
    for name in NAME_FIELDS:
        values = columns[name][rows]
        codes, uniques = pd.factorize(pd.array(values, dtype=object))
        _, first = np.unique(codes[codes >= 0], return_index=True)
        first_rows = rows[codes >= 0][first]
        for value, row in zip(uniques, first_rows):
            records.append({other: (value if other == name else None) for other in NAME_FIELDS})
            places.append((sheet, int(excel_rows[row])))
            firsts.append((name, value))
    problems = unify_names(records, places)
    for record, (name, value) in zip(records, firsts):
        kept = record[name]
        if kept != value:
            column = columns[name]
            same = np.fromiter((cell is value or (isinstance(cell, str) and cell == value) for cell in column),
                               dtype=bool, count=len(column))
            column[same] = kept
    return problems
