"""Scoring one assessment (one commune, one year, one criteria set): criteria, indicators, ratios.

Frame in, frame out, vectorised: the tidy results frame goes in (``ntm.schema.RESULT_COLUMNS``),
one row per assessment × criterion (``criterion_results``) or per assessment (``score_assessments``)
comes out. No file is read; the catalog only says what each set contains.

The rules (DESIGN.md, "Scoring rules"):

* A criterion with indicator results is **met** when every applicable indicator is met; else
  **not_met** if any indicator is not met; else **incomplete** if any is missing (for a set whose
  indicator list is complete, an indicator of the set without a row is missing); else
  **basically_met**; a criterion whose indicators are all not applicable is **not_applicable**.
  Without indicator rows, a criterion-level result (``indicator`` empty) gives the status directly;
  without either, the criterion is **missing**. Indicator rows win over a criterion-level row.
* Denominators come from the set: criteria_total = criteria of the set − not-applicable criteria;
  indicators_total = the set's declared indicator count − not-applicable indicators.
* Ratios are met ÷ total × 100, rounded half-up to 2 decimals (``ntm.vnformat.ratio_pct``).

How the input is read:

* Codes are compared after ``ntm.text.normalize_code`` ("05" = "5", "17,2" = "17.2"); an indicator
  belongs to the criterion its code names ("17.11" → 17), whatever the ``criterion`` column says.
* A set whose indicator list is complete scores exactly that list: other codes are ignored (the
  loader has rejected them). For an incomplete set, codes the file brings count too, as long as
  their criterion is one of the set's. Rows of criteria the set does not have are ignored.
* Two results for the same item of one assessment: the most cautious status wins (not met, then
  missing, basically met, met, not applicable), so the result never depends on row order.
* A criterion-level "not applicable" for a criterion whose indicators the file leaves out makes
  those indicators not applicable rather than missing (complete sets).
* A blank or unknown status is "missing".

Each set is scored on dense assessment × indicator matrices (int8): memory is about rows of the
file, more only when a file lists few of a large set's indicators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ntm.catalog import Catalog
from ntm.schema import ASSESSMENT_KEYS
from ntm.scoring import frames as fr

CRITERION_STATUSES = ("met", "basically_met", "not_met", "incomplete", "not_applicable", "missing")
CRITERION_STATUS_DTYPE = pd.CategoricalDtype(CRITERION_STATUSES)
C_MET, C_BASIC, C_NOT_MET, C_INCOMPLETE, C_NA, C_MISSING = range(6)
# Criteria that are applicable but not met: what ``unmet_criteria`` lists.
UNMET_CRITERION_STATUSES = ("not_met", "basically_met", "incomplete", "missing")

BASES = ("indicators", "criterion", "none")
BASIS_DTYPE = pd.CategoricalDtype(BASES)

CRITERION_COLUMNS = [*ASSESSMENT_KEYS, "criterion", "status", "indicators_met",
                     "indicators_applicable", "indicators_missing", "basis"]

SCORE_KEYS = [
    "province", "district", "commune", "commune_code", "year", "criteria_set",
    "criteria_met", "criteria_total", "criteria_pct", "criteria_basically_met",
    "indicators_met", "indicators_total", "indicators_pct",
    "unmet_criteria", "unmet_indicators", "missing_indicators", "not_applicable",
    "reached_standard",
]
# Extra columns after SCORE_KEYS: the other criterion counts and the set's size, which roll-ups
# need (bands count not-applicable criteria as satisfied).
SCORE_EXTRA_COLUMNS = ["criteria_not_met", "criteria_incomplete", "criteria_missing",
                       "criteria_not_applicable", "criteria_count"]
SCORE_COLUMNS = [*SCORE_KEYS, *SCORE_EXTRA_COLUMNS]

# Whether a criterion status (C_*) is one ``unmet_criteria`` lists.
_UNMET = np.isin(np.arange(len(CRITERION_STATUSES)), [C_NOT_MET, C_BASIC, C_INCOMPLETE, C_MISSING])
# A result status (fr.S_*) read as the status of a whole criterion (C_*).
_RESULT_TO_CRITERION = np.array([C_MET, C_BASIC, C_NOT_MET, C_NA, C_MISSING], dtype=np.int8)
_ABSENT = 5  # an indicator cell without any row (a status code past fr.S_*)
_KINDS = 6  # fr.S_* and _ABSENT
# A cell's precedence (fr.PRECEDENCE, or fr.NO_RESULT when no row) read as its status.
_CELL_STATUS = np.full(int(fr.NO_RESULT) + 1, _ABSENT, dtype=np.int8)
_CELL_STATUS[:5] = fr.FROM_PRECEDENCE


def _from_occurring(bits: int) -> int:
    for status, criterion_status in ((fr.S_NOT_MET, C_NOT_MET), (fr.S_MISSING, C_INCOMPLETE),
                                     (fr.S_BASIC, C_BASIC), (fr.S_MET, C_MET)):
        if bits >> status & 1:
            return criterion_status
    return C_NA


# A criterion's status (C_*) from the set of statuses (S_*, a bit each) among its indicators.
_FROM_OCCURRING = np.array([_from_occurring(bits) for bits in range(1 << _KINDS)], dtype=np.int8)


@dataclass(frozen=True)
class _Assessed:
    """Everything scoring derives from a results frame, as arrays keyed by assessment id ``aid``.

    Attributes:
        assessments: one row per assessment (``ASSESSMENT_KEYS``); row k is aid k.
        criteria_count, indicator_count, complete: per aid, its set's number of criteria,
            declared number of indicators, and whether the set's indicator list is complete.
        book: the code ids (id == sort rank) of every criterion and indicator code.
        criteria: long arrays, one item per assessment × criterion of its set, sorted by aid then
            criterion (unless ``_assess`` was told the order does not matter: then set by set):
            ``aid``, ``code``, ``status`` (C_*), ``basis`` (index in BASES), ``met``,
            ``applicable``, ``missing`` (indicator counts, meaningful where the assessment has
            indicator rows).
        indicator_counts: ``n × 5`` counts of indicator results per status (S_*), per aid.
        listed: per aid, the number of distinct indicator codes scored (for incomplete sets: the
            codes the file lists).
        has_indicators: per aid, whether the assessment has any indicator row.
        pairs: (aid, code id) arrays of indicators "unmet" (not met, basically met), "missing",
            and "not_applicable" (indicators so marked, and criteria a criterion-level row so marks).
    """

    assessments: pd.DataFrame
    criteria_count: np.ndarray
    indicator_count: np.ndarray
    complete: np.ndarray
    book: fr.CodeBook
    criteria: dict[str, np.ndarray]
    indicator_counts: np.ndarray
    listed: np.ndarray
    has_indicators: np.ndarray
    pairs: dict[str, tuple[np.ndarray, np.ndarray]]


def _assess(results: pd.DataFrame, catalog: Catalog, *, ordered: bool = True,
            detail: bool = True) -> _Assessed:
    """Number assessments and codes, then score each criteria set in play (a loop over sets).

    ``ordered=False``: the criteria arrays may come set by set; ``detail=False``: they hold only
    ``aid``, ``code`` and ``status`` (what ``score_assessments`` reads).
    """
    aid, assessments = fr.assessment_ids(results)
    n = len(assessments)
    set_of_aid, sets = fr.resolve_sets(assessments["criteria_set"], catalog)
    criteria_count = np.array([cs.criteria_count for cs in sets], dtype=np.int64)[set_of_aid]
    declared = [cs.indicator_count if cs.indicator_count is not None
                else (len(cs.indicator_codes) if cs.indicators_complete else 0) for cs in sets]
    indicator_count = np.array(declared, dtype=np.int64)[set_of_aid]
    complete = np.array([cs.indicators_complete for cs in sets], dtype=bool)[set_of_aid]

    ind_index, ind_codes = fr.factorize_codes(results["indicator"])
    ind_criteria = fr.criterion_codes_of(ind_codes)
    # Indicator codes carry their criterion ("17.11" is in 17); trust the code over the column,
    # which is therefore read only on rows without an indicator code (criterion-level rows).
    no_indicator = np.append(np.array([c is None for c in ind_codes], dtype=bool), True)[ind_index]
    level_rows = np.flatnonzero(no_indicator)
    crit_index, crit_codes = fr.factorize_codes(results["criterion"].take(level_rows))
    book = fr.CodeBook([*ind_codes, *crit_codes, *ind_criteria,
                        *(c for cs in sets for c in cs.criterion_codes),
                        *(c for cs in sets for c in cs.indicator_codes)])
    row_ind = fr.row_code_ids(ind_index, ind_codes, book)  # -1 on criterion-level rows
    row_status = fr.status_codes(results["status"])
    # An indicator row's criterion is its code's ("17.11" is in 17), whatever the criterion
    # column says; that column is read on criterion-level rows only.
    level_crit = fr.row_code_ids(crit_index, crit_codes, book)
    crit_of_code = book.ids(fr.criterion_codes_of(list(book.codes)))
    local_of_aid = np.zeros(n, dtype=np.int64)
    for s in range(len(sets)):
        aids = np.flatnonzero(set_of_aid == s)
        local_of_aid[aids] = np.arange(len(aids))
    row_local = local_of_aid[aid]
    row_set = set_of_aid.astype(np.int16)[aid] if len(sets) > 1 else None

    parts = []
    for s, cs in enumerate(sets):
        aids = np.flatnonzero(set_of_aid == s)
        if row_set is None:  # one set: every row, without copies
            rows, level_in_set = slice(None), slice(None)
        else:
            rows, level_in_set = np.flatnonzero(row_set == s), np.flatnonzero(row_set[level_rows] == s)
        at_level = level_rows[level_in_set]
        levels = (row_local[at_level], level_crit[level_in_set], row_status[at_level])
        parts.append(_assess_set(cs, book, crit_of_code, aids, row_local[rows], row_ind[rows],
                                 row_status[rows], levels, detail=detail))

    if ordered or len(parts) < 2:
        criteria = _by_assessment([p["criteria"] for p in parts], n)
    else:  # the caller only counts and groups them
        criteria = {k: np.concatenate([p["criteria"][k] for p in parts]) for k in parts[0]["criteria"]}
    indicator_counts = np.zeros((n, 5), dtype=np.int64)
    listed = np.zeros(n, dtype=np.int64)
    has_indicators = np.zeros(n, dtype=bool)
    pairs = {}
    for p in parts:
        indicator_counts[p["ind_aids"]] = p["indicator_counts"]
        listed[p["ind_aids"]] = p["listed"]
        has_indicators[p["ind_aids"]] = True
    for name in ("unmet", "missing", "not_applicable"):
        pairs[name] = (np.concatenate([p["pairs"][name][0] for p in parts] or [np.zeros(0, np.int64)]),
                       np.concatenate([p["pairs"][name][1] for p in parts] or [np.zeros(0, np.int64)]))
    return _Assessed(assessments, criteria_count, indicator_count, complete, book, criteria, indicator_counts,
                     listed, has_indicators, pairs)


def _by_assessment(parts: list[dict[str, np.ndarray]], n: int) -> dict[str, np.ndarray]:
    """The criteria arrays of every set's part, merged in assessment order (stable).

    Each part lists its assessments in increasing order, each with all its criteria, and an
    assessment is in one part only: each item's place is its assessment's first place plus its
    rank within the assessment (what a stable sort by ``aid`` would give, without sorting).
    """
    keys = ("aid", "code", "status", "basis", "met", "applicable", "missing")
    if not parts:
        return {k: np.zeros(0, dtype=np.int64) for k in keys}
    if len(parts) == 1:
        return dict(parts[0])
    per_aid = np.zeros(n, dtype=np.int64)
    runs = []
    for part in parts:
        aid = part["aid"]
        starts = np.flatnonzero(np.r_[True, aid[1:] != aid[:-1]]) if len(aid) else np.zeros(0, dtype=np.int64)
        lengths = np.diff(np.r_[starts, len(aid)])
        per_aid[aid[starts]] = lengths
        runs.append((starts, lengths))
    first = np.cumsum(per_aid) - per_aid
    merged = {k: np.empty(int(per_aid.sum()), dtype=np.result_type(*(p[k] for p in parts))) for k in parts[0]}
    for part, (starts, lengths) in zip(parts, runs):
        aid = part["aid"]
        place = first[aid] + np.arange(len(aid)) - np.repeat(starts, lengths)
        for k, values in part.items():
            merged[k][place] = values
    return merged


def _lookup(ids: np.ndarray, size: int) -> np.ndarray:
    """An array mapping code id → position in ``ids`` (-1 elsewhere; index -1 also gives -1)."""
    table = np.full(size + 1, -1, dtype=np.int64)
    table[ids] = np.arange(len(ids))
    return table


def _assess_set(cs, book: fr.CodeBook, crit_of_code: np.ndarray, aids: np.ndarray, local: np.ndarray,
                ind: np.ndarray, status: np.ndarray, levels: tuple[np.ndarray, np.ndarray, np.ndarray], *,
                detail: bool = True) -> dict:
    """Score the assessments of one criteria set, on dense assessment × item matrices.

    Args:
        cs: the set.
        book: code ids; ``crit_of_code`` gives the criterion id of each code id (-1 if none).
        aids: the (sorted) assessment ids of this set; ``local`` indexes into it, per row.
        ind, status: per row, indicator id (-1 for a criterion-level row) and status code.
        levels: the criterion-level rows: (local assessment, criterion id, status code) arrays.
        detail: also give the per-criterion indicator counts and the basis.
    """
    m = len(aids)
    complete = cs.indicators_complete
    crit_ids = np.sort(book.ids(cs.criterion_codes))
    n_crit = len(crit_ids)
    crit_pos = _lookup(crit_ids, len(book))

    # Criterion-level results: one cell per assessment × criterion, the most cautious row wins.
    level = np.full(m * n_crit, fr.NO_RESULT, dtype=np.int8)
    level_local, level_crit, level_status = levels
    lv = crit_pos[level_crit] >= 0  # rows of criteria the set lacks cannot be scored against it
    if lv.any():
        np.minimum.at(level, level_local[lv] * n_crit + crit_pos[level_crit[lv]],
                      fr.PRECEDENCE[level_status[lv]])
    level = level.reshape(m, n_crit)

    # Indicator results. A complete set scores exactly its list (other codes were rejected by the
    # loader); an incomplete set scores its known indicators plus whatever codes the file lists,
    # as long as their criterion is one of the set's.
    codes = np.sort(book.ids(cs.indicator_codes))
    if not complete:
        seen = np.flatnonzero(np.bincount(ind[ind >= 0], minlength=len(book)))
        codes = np.union1d(codes, seen)
    codes = codes[crit_pos[crit_of_code[codes]] >= 0]
    code_pos = _lookup(codes, len(book))
    row_code = code_pos[ind]  # -1 on a criterion-level row (ind -1) and for a code not scored
    iv = row_code >= 0
    every = bool(iv.all())  # the usual case: every row is an indicator result of the set
    row_local = local if every else local[iv]
    ind_local = np.flatnonzero(np.bincount(row_local, minlength=m))  # sorted, distinct
    mi, nc = len(ind_local), len(codes)
    if mi != m:
        row_of = np.full(m, -1, dtype=np.int64)
        row_of[ind_local] = np.arange(mi)
        row_local = row_of[row_local]
    cell = np.full(mi * nc, fr.NO_RESULT, dtype=np.int8)
    np.minimum.at(cell, row_local * nc + (row_code if every else row_code[iv]),
                  fr.PRECEDENCE[status if every else status[iv]])
    # Each cell's status (S_*), or _ABSENT where the file gives no result for the indicator.
    st = _CELL_STATUS[cell].reshape(mi, nc)

    code_crit = crit_pos[crit_of_code[codes]]
    codes_per_crit = np.bincount(code_crit, minlength=n_crit)
    # Cells per assessment × criterion × status, in one pass: (mi, n_crit, S_* then _ABSENT).
    key = np.add.outer(np.arange(mi, dtype=np.int64) * (n_crit * _KINDS), code_crit * _KINDS)
    key += st
    counts = np.bincount(key.ravel(), minlength=mi * n_crit * _KINDS).reshape(mi, n_crit, _KINDS)
    absent = counts[:, :, _ABSENT]
    by_indicators = codes_per_crit[None, :] - absent > 0  # some indicator of the criterion has a row
    whole_na = None
    if complete:
        # Otherwise an indicator of a complete set without a row is missing; but a criterion the
        # file marks not applicable as a whole, giving none of its indicators, has them not
        # applicable.
        if lv.any():
            whole_na = (level[ind_local] == fr.PRECEDENCE[fr.S_NA]) & ~by_indicators
            whole_na = whole_na if whole_na.any() else None
        if whole_na is None:
            counts[:, :, fr.S_MISSING] += absent
        else:
            counts[:, :, fr.S_NA] += np.where(whole_na, absent, 0)
            counts[:, :, fr.S_MISSING] += np.where(whole_na, 0, absent)
    # (An incomplete set's absent cells are in no status: it does not list those indicators.)
    indicator_counts = np.einsum("ijk->ik", counts)[:, :_ABSENT]  # faster than sum(axis=1) here

    def full(values: np.ndarray, fill=0) -> np.ndarray:
        if mi == m:  # every assessment has indicator rows: ind_local is 0..m-1
            return values
        out = np.full((m, n_crit), fill, dtype=values.dtype)
        out[ind_local] = values
        return out

    # The criterion's status from its indicators, by which statuses occur among them (bit k of
    # ``occurring`` for status k): not met, else incomplete (missing), else basically met, else
    # met, else (none applicable) not applicable. Not applicable needs no bit.
    occurring = np.zeros((mi, n_crit), dtype=np.uint8)
    for k in (fr.S_MET, fr.S_BASIC, fr.S_NOT_MET, fr.S_MISSING):
        occurring |= (counts[:, :, k] > 0).view(np.uint8) << k
    from_indicators = _FROM_OCCURRING[occurring]
    by_indicators = full(by_indicators, False)
    has_level = level != fr.NO_RESULT
    if has_level.any():
        level_status = _RESULT_TO_CRITERION[fr.FROM_PRECEDENCE[np.minimum(level, 4)]]
        fallback = np.where(has_level, level_status, np.int8(C_MISSING))
    else:
        fallback = np.int8(C_MISSING)
    crit_status = np.where(by_indicators, full(from_indicators, C_MISSING), fallback).astype(np.int8)
    criteria = {"aid": np.repeat(aids, n_crit), "code": np.tile(crit_ids, m), "status": crit_status.ravel()}
    basis = np.where(by_indicators, 0, np.where(has_level, 1, 2)).astype(np.int8)
    if detail:
        met, basic, not_met, missing = (full(counts[:, :, k])
                                        for k in (fr.S_MET, fr.S_BASIC, fr.S_NOT_MET, fr.S_MISSING))
        criteria |= {"basis": basis.ravel(), "met": met.ravel(),
                     "applicable": (met + basic + not_met + missing).ravel(), "missing": missing.ravel()}

    # Indicator cells to list, found in one pass: unmet (not met, basically met), missing, and
    # not applicable as reported (present). Absent cells are missing for a complete set, except
    # in a criterion marked not applicable as a whole.
    listed = st != fr.S_MET
    if not complete:
        listed &= st != _ABSENT
    elif whole_na is not None:
        listed &= ~((st == _ABSENT) & whole_na[:, code_crit])
    r, c = np.nonzero(listed)
    kind = st[r, c]
    ind_aids = aids[ind_local]
    cell_aids, cell_codes = ind_aids[r], codes[c]

    def cells_of(mask: np.ndarray):
        return cell_aids[mask], cell_codes[mask]

    level_na = np.nonzero((crit_status == C_NA) & (basis == 1))
    return {
        "criteria": criteria,
        "ind_aids": ind_aids,
        "indicator_counts": indicator_counts,
        "listed": indicator_counts.sum(axis=1),
        "pairs": {
            "unmet": cells_of((kind == fr.S_NOT_MET) | (kind == fr.S_BASIC)),
            "missing": cells_of((kind == fr.S_MISSING) | (kind == _ABSENT)),
            "not_applicable": tuple(np.concatenate(x) for x in zip(
                cells_of(kind == fr.S_NA), (aids[level_na[0]], crit_ids[level_na[1]]))),
        },
    }


def _keys_of(assessed: _Assessed, aid: np.ndarray) -> pd.DataFrame:
    keys = assessed.assessments
    return pd.DataFrame({k: keys[k].array.take(aid) for k in ASSESSMENT_KEYS})


def criterion_results(results: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """The status of every criterion of every assessment, and how it was decided.

    Args:
        results: tidy results frame (``ntm.schema.RESULT_COLUMNS``), any number of assessments.
        catalog: the criteria sets; ``criteria_set`` values must resolve with ``catalog.get``.

    Returns:
        One row per assessment × criterion of its set (criteria the file never mentions included,
        as "missing"), sorted by assessment keys then criterion number. Columns
        ``CRITERION_COLUMNS``: the assessment keys; ``criterion`` (str); ``status``
        (``CRITERION_STATUS_DTYPE``: met, basically_met, not_met, incomplete, not_applicable,
        missing); ``indicators_met``, ``indicators_applicable`` (not "not applicable"),
        ``indicators_missing`` (Int64 counts ≥ 0 over the criterion's indicator results, counting
        indicators of a complete set without a row as missing; NA when the assessment has no
        indicator rows at all); ``basis`` ("indicators", "criterion" (a criterion-level row) or
        "none").

    Raises:
        UnknownSetError: a ``criteria_set`` the catalog does not know.
    """
    assessed = _assess(results, catalog)
    crit = assessed.criteria
    out = _keys_of(assessed, crit["aid"])
    out["criterion"] = pd.array(assessed.book.codes[crit["code"]], dtype="string")
    out["status"] = pd.Categorical.from_codes(crit["status"], dtype=CRITERION_STATUS_DTYPE)
    known = assessed.has_indicators[crit["aid"]]
    for column, key in (("indicators_met", "met"), ("indicators_applicable", "applicable"),
                        ("indicators_missing", "missing")):
        out[column] = pd.arrays.IntegerArray(crit[key].astype(np.int64), ~known)
    out["basis"] = pd.Categorical.from_codes(crit["basis"], dtype=BASIS_DTYPE)
    return out[CRITERION_COLUMNS]


def score_assessments(results: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Criteria and indicator scores of every assessment, the way officials report them.

    Formulas (per assessment):
        criteria_total = criteria of the set − criteria not applicable;
        criteria_pct = criteria_met ÷ criteria_total × 100, half-up to 2 decimals, in 0..100
        (NaN when criteria_total is 0); indicators_total = the set's declared indicator count
        (or, for a set whose list is incomplete, the number of distinct codes in the file when
        larger) − indicators not applicable; indicators_pct likewise.

    Args:
        results: tidy results frame (``ntm.schema.RESULT_COLUMNS``).
        catalog: the criteria sets.

    Returns:
        One row per assessment, sorted by ``ASSESSMENT_KEYS``, with columns ``SCORE_KEYS`` then
        ``SCORE_EXTRA_COLUMNS``:
        criteria_met / criteria_basically_met / criteria_not_met / criteria_incomplete /
        criteria_missing / criteria_not_applicable (int counts of criteria in each status);
        criteria_total (int); criteria_count (the set's number of criteria); criteria_pct (float);
        indicators_met, indicators_total (Int64), indicators_pct (float), unmet_indicators
        (codes not met or basically met), missing_indicators (codes without a status, and for a
        complete set its indicators without a row) — all four null when the assessment has no
        indicator rows (a criterion-level file); unmet_criteria (applicable criteria not met:
        not_met, basically_met, incomplete or missing; so criteria_met + len(unmet_criteria) ==
        criteria_total); not_applicable (indicator codes marked not applicable, and criterion
        numbers of criterion-level rows so marked); reached_standard (bool: criteria_total > 0
        and every applicable criterion met). Lists are Python lists of code strings in code order.

    Raises:
        UnknownSetError: a ``criteria_set`` the catalog does not know.
    """
    # Criteria are only counted and grouped (lists are sorted by code) here: any order will do.
    assessed = _assess(results, catalog, ordered=False, detail=False)
    a, crit, book = assessed.assessments, assessed.criteria, assessed.book
    n = len(a)
    has_ind = assessed.has_indicators

    by_status = fr.count_by_group(crit["aid"], crit["status"], n, len(CRITERION_STATUSES))
    criteria_count = assessed.criteria_count
    criteria_met = by_status[:, C_MET]
    criteria_total = criteria_count - by_status[:, C_NA]

    counts = assessed.indicator_counts
    declared = assessed.indicator_count
    # DESIGN rule 2: the set's declared count is the denominator, even where the catalog's list
    # is incomplete, unless the file itself lists more distinct codes than declared.
    base = np.where(assessed.complete, declared, np.maximum(declared, assessed.listed))
    indicators_met = counts[:, fr.S_MET]
    indicators_total = base - counts[:, fr.S_NA]
    unmet = _UNMET[crit["status"]]

    def indicator_lists(pair: str) -> np.ndarray:
        lists = _lists(book, *assessed.pairs[pair], n)
        if not has_ind.all():
            lists = [codes if has else None for codes, has in zip(lists, has_ind)]
        return fr.object_array(lists)

    columns = {
        "criteria_met": criteria_met,
        "criteria_total": criteria_total,
        "criteria_pct": fr.pct(criteria_met, criteria_total),
        "criteria_basically_met": by_status[:, C_BASIC],
        "indicators_met": pd.arrays.IntegerArray(indicators_met, ~has_ind),
        "indicators_total": pd.arrays.IntegerArray(indicators_total, ~has_ind),
        "indicators_pct": np.where(has_ind, fr.pct(indicators_met, indicators_total), np.nan),
        "unmet_criteria": fr.object_array(_lists(book, crit["aid"][unmet], crit["code"][unmet], n)),
        "unmet_indicators": indicator_lists("unmet"),
        "missing_indicators": indicator_lists("missing"),
        "not_applicable": fr.object_array(_lists(book, *assessed.pairs["not_applicable"], n)),
        "reached_standard": (criteria_total > 0) & (criteria_met == criteria_total),
        "criteria_not_met": by_status[:, C_NOT_MET],
        "criteria_incomplete": by_status[:, C_INCOMPLETE],
        "criteria_missing": by_status[:, C_MISSING],
        "criteria_not_applicable": by_status[:, C_NA],
        "criteria_count": criteria_count,
    }
    out = pd.DataFrame({**{k: a[k].array for k in ASSESSMENT_KEYS}, **columns})
    return out[SCORE_COLUMNS] if list(out.columns) != SCORE_COLUMNS else out


def score_records(scores: pd.DataFrame) -> list[dict]:
    """JSON-ready dicts, one per assessment, with exactly the keys ``SCORE_KEYS``.

    Codes and names are strings (None when missing), ``year`` an int, counts ints (None when
    unknown), percentages floats rounded to 2 decimals (None when there is no denominator),
    lists of code strings (None when unknown), ``reached_standard`` a bool.

    Args:
        scores: the output of ``score_assessments`` (extra columns are ignored).
    """
    text = ["province", "district", "commune", "commune_code", "criteria_set"]
    counts = ["year", "criteria_met", "criteria_total", "criteria_basically_met", "indicators_met",
              "indicators_total"]
    pcts = ["criteria_pct", "indicators_pct"]
    lists = ["unmet_criteria", "unmet_indicators", "missing_indicators", "not_applicable"]
    columns = {}
    for name in text:
        columns[name] = [None if pd.isna(v) else str(v) for v in scores[name].astype(object)]
    for name in counts:
        columns[name] = [None if pd.isna(v) else int(v) for v in scores[name].astype(object)]
    for name in pcts:
        columns[name] = [None if pd.isna(v) else round(float(v), 2) for v in scores[name].astype(object)]
    for name in lists:
        columns[name] = [None if v is None or (not isinstance(v, list) and pd.isna(v))
                         else [str(c) for c in v] for v in scores[name]]
    columns["reached_standard"] = [bool(v) for v in scores["reached_standard"]]
    return [dict(zip(SCORE_KEYS, row)) for row in zip(*(columns[k] for k in SCORE_KEYS))]


def _lists(book: fr.CodeBook, aid: np.ndarray, code: np.ndarray, n: int) -> list[list[str]]:
    """Per assessment, its codes as strings in code order (code ids sort like the codes)."""
    return fr.lists_by_group(aid, book.codes[code], code, n)
