"""Building blocks shared by the scoring modules: assessment ids, code ids, status codes, list cells.

Scoring works on integers so that every per-assessment aggregate is a ``groupby``, a ``bincount``
or a matrix product rather than a Python loop over assessments:

* an assessment id ``aid`` (0..n-1, in sorted ``ASSESSMENT_KEYS`` order);
* a code id for every criterion and indicator code, equal to the code's rank in
  ``ntm.text.code_sort_key`` order (so sorting ids sorts codes: 1.2 < 1.10 < 2 < 10);
* a status code ``S_*`` (the index in ``ntm.statuses.STATUSES``).

Python loops here run over *distinct* values only (code spellings, criteria sets), a few hundred
at most whatever the number of rows.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from contextlib import contextmanager

import numpy as np
import pandas as pd

from ntm.catalog import Catalog, CriteriaSet
from ntm.schema import ASSESSMENT_KEYS
from ntm.statuses import MISSING, STATUSES
from ntm.text import code_sort_key, criterion_of, normalize_code
from ntm.vnformat import ratio_pct

S_MET, S_BASIC, S_NOT_MET, S_NA, S_MISSING = range(5)
assert STATUSES[S_MISSING] == MISSING

# When one assessment has two results for the same item (the loader flags "duplicate-result"), the
# most cautious one wins, so that a duplicate can never turn "not met" into "met" and the result
# does not depend on row order. PRECEDENCE[status] is the status's place in that order (0 wins):
# not met, missing, basically met, met, not applicable. FROM_PRECEDENCE inverts it.
PRECEDENCE = np.array([3, 2, 0, 4, 1], dtype=np.int8)
FROM_PRECEDENCE = np.argsort(PRECEDENCE).astype(np.int8)
NO_RESULT = np.int8(99)  # precedence of a cell without any row


def status_codes(status: pd.Series) -> np.ndarray:
    """Integer status codes (``S_*``) of a status column; blank or unknown text counts as missing."""
    if isinstance(status.dtype, pd.CategoricalDtype) and tuple(status.cat.categories) == STATUSES:
        codes = status.cat.codes.to_numpy().astype(np.int8)
    else:
        codes = pd.Categorical(status.astype(object), categories=list(STATUSES)).codes.astype(np.int8)
    codes[codes < 0] = S_MISSING
    return codes


class CodeBook:
    """Every code in play, numbered by sort order: ``id`` of a code == its rank.

    Args:
        codes: code strings (already normalised); blanks and None are ignored.
    """

    def __init__(self, codes: Iterable[object]) -> None:
        distinct = {c for c in codes if isinstance(c, str) and c}
        self.codes = np.array(sorted(distinct, key=code_sort_key), dtype=object)
        self._ids = {code: i for i, code in enumerate(self.codes)}

    def __len__(self) -> int:
        return len(self.codes)

    def id(self, code: object) -> int:
        """The id of ``code`` (-1 when blank or unknown)."""
        return self._ids.get(code, -1) if isinstance(code, str) else -1

    def ids(self, codes: Iterable[object]) -> np.ndarray:
        return np.array([self.id(c) for c in codes], dtype=np.int64)


def code_ranks(codes: Iterable[object]) -> dict[str, int]:
    """Rank of each distinct code in code order (1.2 < 1.10 < 2 < 10); blanks are left out."""
    return {code: i for i, code in enumerate(CodeBook(pd.unique(pd.Series(codes, dtype=object))).codes)}


def code_ranks_of(codes: list[str | None]) -> np.ndarray:
    """The rank of each code of a list in code order (blanks last), as an array aligned with it."""
    ranks = code_ranks(codes)
    return np.array([ranks.get(c, len(ranks)) for c in codes] + [len(ranks)], dtype=np.int64)


def factorize_codes(column: pd.Series) -> tuple[np.ndarray, list[str | None]]:
    """Per row, an index into a list of distinct normalised codes (-1 for blank).

    Returns:
        ``(index, codes)``: ``codes[index[i]]`` is row i's code, normalised with
        ``ntm.text.normalize_code`` ("05" → "5", "17,2" → "17.2"), None when blank. ``index`` is
        an int64 array. For a categorical column (the tidy frame's codes) the list is its
        categories, unused ones included, and nothing is hashed.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        index = column.cat.codes.to_numpy().astype(np.int64)
        return index, [normalize_code(u) or None for u in column.cat.categories]
    index, uniques = pd.factorize(column)
    codes = [normalize_code(u) or None for u in uniques]
    return index.astype(np.int64), codes


def row_code_ids(index: np.ndarray, codes: list[str | None], book: CodeBook) -> np.ndarray:
    """Code id of each row from ``factorize_codes`` output (-1 for blank)."""
    lookup = np.append(book.ids(codes), -1)  # index -1 reads the appended -1
    return lookup[index]


def criterion_codes_of(codes: list[str | None]) -> list[str | None]:
    """The criterion of each indicator code ("17.11" → "17")."""
    return [criterion_of(c) if c else None for c in codes]


def assessment_ids(results: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """The id of each row's assessment and the assessments themselves.

    Args:
        results: a tidy results frame (``ntm.schema.RESULT_COLUMNS``).

    Returns:
        ``(aid, assessments)``: ``aid[i]`` is row i's assessment, an integer in ``0..n-1``;
        ``assessments`` has one row per assessment (``ASSESSMENT_KEYS``), row k being id k, sorted
        by the keys (a missing district or code sorts last).
    """
    n = len(results)
    if n == 0:
        return np.zeros(0, dtype=np.int64), pd.DataFrame({k: results[k].array[:0] for k in ASSESSMENT_KEYS})
    # Rows of one assessment come in runs (files list a commune-year's indicators together), so
    # only the first row of each run is numbered; neighbouring rows are compared instead of
    # hashing every row. Runs may split an assessment (it is numbered once, by its keys) but never
    # join two: ``_run_starts`` may only err towards more runs.
    starts = _run_starts(results)
    heads = {k: results[k].take(starts) for k in ASSESSMENT_KEYS}
    # Each key column as sorted integer codes (missing last), packed into one integer per run
    # (mixed radix, re-packed by rank whenever the next column could overflow int64). The runs
    # hold every distinct value of each column, so codes rank values as over all rows.
    key = np.zeros(len(starts), dtype=np.int64)
    span = 1
    for column in ASSESSMENT_KEYS:
        codes, uniques = pd.factorize(heads[column], sort=True)
        radix = len(uniques) + 1
        if span * radix >= 2**62:
            _, key = np.unique(key, return_inverse=True)
            span = int(key.max()) + 1
        key = key * radix + np.where(codes < 0, radix - 1, codes)
        span *= radix
    run_aid, uniques = pd.factorize(key, sort=True)  # hashing, then sorting only the distinct keys
    run_aid = run_aid.astype(np.int64).ravel()
    aid = np.repeat(run_aid, np.diff(np.append(starts, n)))
    first = np.full(len(uniques), n, dtype=np.int64)
    np.minimum.at(first, run_aid, starts)
    assessments = pd.DataFrame({k: results[k].array.take(first) for k in ASSESSMENT_KEYS})
    return aid, assessments


def _run_starts(results: pd.DataFrame) -> np.ndarray:
    """Positions where a row's assessment keys differ from the row before (0 always included)."""
    n = len(results)
    boundary = np.zeros(n, dtype=bool)
    boundary[0] = True
    for column in ASSESSMENT_KEYS:
        boundary[1:] |= _differs_from_previous(results[column].array)
    return np.flatnonzero(boundary)


def _differs_from_previous(values) -> np.ndarray:
    """For each row but the first, whether its value may differ from the previous row's.

    Exact for Arrow-backed, categorical, nullable and plain NumPy columns (missing equals
    missing); NaN in a float column counts as different (a harmless extra run). Anything else
    goes through ``pd.factorize``.
    """
    if isinstance(values, pd.Categorical):
        codes = values.codes
        return codes[1:] != codes[:-1]
    if isinstance(values, pd.arrays.ArrowExtensionArray):  # Arrow-backed strings among them
        import pyarrow as pa
        import pyarrow.compute as pc

        array = pa.array(values)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        after, before = array.slice(1), array.slice(0, len(array) - 1)
        same = pc.fill_null(pc.equal(after, before), False)
        if array.null_count:
            same = pc.or_(same, pc.and_(pc.is_null(after), pc.is_null(before)))
        return ~np.asarray(same.to_numpy(zero_copy_only=False), dtype=bool)
    if isinstance(values, (pd.arrays.IntegerArray, pd.arrays.FloatingArray, pd.arrays.BooleanArray)):
        mask = np.asarray(values.isna())
        data = values.to_numpy(dtype=values.dtype.numpy_dtype, na_value=values.dtype.type(0))
        return (mask[1:] != mask[:-1]) | (~mask[1:] & (data[1:] != data[:-1]))
    array = np.asarray(values)
    if array.dtype != object:
        return array[1:] != array[:-1]
    codes, _ = pd.factorize(values)
    return codes[1:] != codes[:-1]


def resolve_sets(set_names: pd.Series, catalog: Catalog) -> tuple[np.ndarray, list[CriteriaSet]]:
    """The criteria set of each value of ``set_names``, as an index into a list of sets.

    Raises:
        UnknownSetError: a value names no set the catalog knows.
    """
    index, names = pd.factorize(set_names, use_na_sentinel=False)
    return index.astype(np.int64), [catalog.get(name) for name in names]


def lists_by_group(group: np.ndarray, codes: np.ndarray, rank: np.ndarray, n: int) -> list[list[str]]:
    """``n`` Python lists: the ``codes`` of each group ``0..n-1``, in ``rank`` order.

    Args:
        group: group id of each item (integers in ``0..n-1``).
        codes: the item codes (strings).
        rank: sort key of each item within its group.
        n: number of groups (groups without items get ``[]``).
    """
    if n == 0:
        return []
    group = np.asarray(group, dtype=np.int64)
    rank = np.asarray(rank, dtype=np.int64)
    low, span = (int(rank.min()), int(rank.max()) - int(rank.min()) + 1) if len(rank) else (0, 1)
    if n * span < 2**62:
        # One stable sort of a combined key; items often come in sorted runs (one per criteria
        # set), which the sort merges instead of sorting again.
        order = np.argsort(group * span + (rank - low), kind="stable")
    else:
        order = np.lexsort((rank, group))
    sorted_codes = np.asarray(codes, dtype=object)[order].tolist()
    ends = np.cumsum(np.bincount(group, minlength=n)).tolist()
    with collector_paused():
        return [sorted_codes[start:end] for start, end in zip([0, *ends[:-1]], ends)]


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while many small lists are made (then resume it
    if it was running).

    Making 100,000 lists runs the collector hundreds of times over every object alive, which
    took four times as long as making the lists; lists of strings hold no cycles, so there is
    nothing for it to find.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def object_array(items: list) -> np.ndarray:
    """A 1-d object array holding ``items`` as they are (lists stay list cells)."""
    return np.fromiter(items, dtype=object, count=len(items))


def count_by_group(group: np.ndarray, values: np.ndarray, n: int, k: int) -> np.ndarray:
    """An ``n × k`` table counting, per group ``0..n-1``, the items whose value is ``0..k-1``."""
    group = np.asarray(group, dtype=np.int64)
    values = np.asarray(values, dtype=np.int64)
    return np.bincount(group * k + values, minlength=n * k).reshape(n, k)


def pct(met, total) -> np.ndarray:
    """``ntm.vnformat.ratio_pct`` over arrays (half-up, 2 decimals, NaN for a 0 total), empty-safe."""
    met = np.asarray(met)
    if met.size == 0:
        return np.zeros(0, dtype=float)
    total = np.asarray(total)
    if met.dtype.kind in "iu" and total.dtype.kind in "iu":
        # Plain integer counts (no missing value): ratio_pct's formula without its conversions.
        valid = total > 0
        t0 = np.where(valid, total, 1).astype(np.int64)
        hundredths = (np.where(valid, met, 0).astype(np.int64) * 20000 + t0) // (2 * t0)
        return np.where(valid, hundredths / 100.0, np.nan)
    return np.asarray(ratio_pct(met, total), dtype=float)
