"""Gaps (DESIGN rule 6): the indicators still to reach, and for numeric ones how far there is to go.

One row per indicator result that is not met (not_met, basically_met) or has no status
(missing), with the indicator's name and unit from the catalog, the reported value, the target
(the row's own target when the file gives one, else the catalog's), the target parsed into a
comparator and a number (``ntm.targets.parse_target``), and the gap in the indicator's unit
(``ntm.targets.gap``: 0 when the value already reaches the target — the reported status is
authoritative (DESIGN rule 5), so such a row says the two disagree).

Indicators of a complete set for which the file has no row at all are not rows here: they have
no value to measure; ``score_assessments`` lists them in ``missing_indicators``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ntm.catalog import Catalog
from ntm.schema import ASSESSMENT_KEYS
from ntm.scoring import frames as fr
from ntm.statuses import STATUS_DTYPE
from ntm.targets import gap as target_gap
from ntm.targets import parse_target
from ntm.text import criterion_of, is_blank, nfc
from ntm.vnformat import format_number

GAP_COLUMNS = [*ASSESSMENT_KEYS, "criterion", "indicator", "status", "name_vi", "name_en", "unit",
               "value", "value_num", "target", "comparator", "target_num", "gap", "note", "note_en"]
_CATALOG_COLUMNS = ["indicator_name_vi", "indicator_name_en", "unit", "comparator", "target"]
_GAP_STATUSES = [fr.S_NOT_MET, fr.S_BASIC, fr.S_MISSING]


def _text(value: object) -> str | None:
    """Stripped NFC text, None when blank."""
    return None if value is None or value is pd.NA or is_blank(value) else nfc(value)


def _strings(values: list, index: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``values[index]`` as a string array (None → NA), built from the distinct values only."""
    return pd.array(list(values) or [None], dtype="string").take(np.asarray(index, dtype=np.int64))


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    index, uniques = pd.factorize(values)
    return index.astype(np.int64), np.asarray(uniques)


def indicator_gaps(results: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """The unmet and missing indicator results, with their distance to target.

    Args:
        results: tidy results frame (``ntm.schema.RESULT_COLUMNS``).
        catalog: the criteria sets (names, units and default targets of indicators).

    Returns:
        Columns ``GAP_COLUMNS``, sorted by assessment then indicator code: status (not_met,
        basically_met or missing); name_vi/name_en/unit (catalog; NA for codes it does not
        know); value (as written) and value_num; target (text: the row's, else the catalog's);
        comparator (">=", "<=", ">", "<", "=") and target_num when the target is numeric; gap
        (float ≥ 0, in the indicator's unit; NaN unless both numbers are known); note/note_en: a
        sentence for the user (NA when there is nothing to say). Codes outside a set whose
        indicator list is complete are left out, as scoring leaves them out.

    Raises:
        UnknownSetError: a ``criteria_set`` the catalog does not know.
    """
    status = fr.status_codes(results["status"]) if len(results) else np.zeros(0, dtype=np.int8)
    rows = np.flatnonzero(np.isin(status, _GAP_STATUSES) & results["indicator"].notna().to_numpy())
    sub = {c: results[c].array.take(rows) for c in [*ASSESSMENT_KEYS, "indicator", "value", "value_num",
                                                      "target"]}
    code_index, codes = fr.factorize_codes(pd.Series(sub["indicator"]))
    set_index, sets = fr.resolve_sets(pd.Series(sub["criteria_set"]), catalog)

    # What the catalog says of each distinct (set, code) pair; unknown codes of complete sets go.
    pair_index, pairs = _factorize(set_index * (len(codes) + 1) + code_index)
    pair_set, pair_code = pairs // (len(codes) + 1), pairs % (len(codes) + 1)
    lookups = [cs.indicators.set_index("indicator")[_CATALOG_COLUMNS] for cs in sets]
    info, keep_pair = [], []
    for s, c in zip(pair_set.tolist(), pair_code.tolist()):
        code = codes[c] if c < len(codes) else None
        known = code is not None and code in lookups[s].index
        keep_pair.append(code is not None and (known or not sets[s].indicators_complete))
        info.append([_text(v) for v in lookups[s].loc[code]] if known else [None] * 5)
    info = np.array(info, dtype=object).reshape(len(pairs), 5)
    keep = np.asarray(keep_pair, dtype=bool)[pair_index] if len(pairs) else np.zeros(0, dtype=bool)
    rows_kept = np.flatnonzero(keep)
    pair_index = pair_index[rows_kept]
    sub = {k: v.take(rows_kept) for k, v in sub.items()}
    code_index = code_index[rows_kept]

    # Target: the row's own when given, else the catalog's; parsed once per distinct pair.
    own_index, own = _factorize(np.asarray(sub["target"].astype(object), dtype=object))
    own_text = [_text(t) for t in own] + [None]  # index -1 (blank) → None
    combo_index, combos = _factorize(own_index * (len(pairs) + 1) + pair_index)
    combo_target, combo_comparator, combo_number = [], [], []
    for combo in combos.tolist():
        own_t, pair = own_text[combo // (len(pairs) + 1)], combo % (len(pairs) + 1)
        target = own_t if own_t is not None else info[pair, 4]
        parsed = parse_target(target, info[pair, 3] or "") if target is not None else None
        combo_target.append(target)
        combo_comparator.append(parsed[0] if parsed else None)
        combo_number.append(parsed[1] if parsed else np.nan)

    value_num = pd.to_numeric(pd.Series(sub["value_num"]), errors="coerce")
    value_num = value_num.to_numpy(dtype=float, na_value=np.nan)
    comparator_rows = np.asarray(combo_comparator + [None], dtype=object)[combo_index]
    target_num = np.asarray(combo_number + [np.nan], dtype=float)[combo_index]
    gap = _gaps(value_num, comparator_rows, target_num)

    out = pd.DataFrame({k: sub[k] for k in ASSESSMENT_KEYS})
    out["criterion"] = _strings([criterion_of(c) if c else None for c in codes], code_index)
    out["indicator"] = _strings(codes, code_index)
    status_kept = status[rows][rows_kept]
    out["status"] = pd.Categorical.from_codes(status_kept, dtype=STATUS_DTYPE)
    for column, k in (("name_vi", 0), ("name_en", 1), ("unit", 2)):
        out[column] = _strings(info[:, k].tolist(), pair_index)
    out["value"] = sub["value"]
    out["value_num"] = value_num
    out["target"] = _strings(combo_target, combo_index)
    out["comparator"] = _strings(combo_comparator, combo_index)
    out["target_num"] = target_num
    out["gap"] = gap
    out["note"], out["note_en"] = _notes(status_kept, gap, info[:, 2][pair_index] if len(pairs) else
                                         np.zeros(0, dtype=object), combo_index, combo_target)

    aid, _ = fr.assessment_ids(out)
    order = np.lexsort((fr.code_ranks_of(codes)[code_index], aid)) if len(out) else np.zeros(0, np.int64)
    return out.take(order)[GAP_COLUMNS].reset_index(drop=True)


def _gaps(value: np.ndarray, comparator: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``ntm.targets.gap`` where value and target are numbers, computed once per distinct triple."""
    out = np.full(len(value), np.nan)
    known = ~np.isnan(value) & ~np.isnan(target) & np.array([c is not None for c in comparator], dtype=bool)
    if known.any():
        triples = list(zip(value[known].tolist(), comparator[known].tolist(), target[known].tolist()))
        table = {t: target_gap(*t) for t in set(triples)}
        out[known] = [table[t] for t in triples]
    return out


def _notes(status: np.ndarray, gap: np.ndarray, unit: np.ndarray, combo_index: np.ndarray,
           combo_target: list) -> tuple:
    """A sentence per row (Vietnamese, English): what is left to reach, or that data is missing.

    Sentences are written once per distinct (status, gap, unit, target) and then indexed.
    """
    kind = np.where(status == fr.S_MISSING, 0, np.where(np.isnan(gap), 3, np.where(gap > 0, 1, 2)))
    frame = pd.DataFrame({"kind": kind, "gap": gap, "unit": unit, "combo": combo_index})
    index, uniques = pd.MultiIndex.from_frame(frame).factorize()
    vi, en = [], []
    for k, g, u, combo in uniques:
        target = combo_target[combo] if combo >= 0 else ""
        u = "" if u in (None, "yes/no") else u
        sep = "" if u in ("", "%") else " "
        if k == 0:
            vi.append("Chưa có kết quả đánh giá.")
            en.append("No result reported yet.")
        elif k == 1:
            vi.append(f"Còn thiếu {format_number(g)}{sep}{u} để đạt mức {target}.")
            en.append(f"{g:g}{sep}{u} short of the target {target}.")
        elif k == 2:
            vi.append(f"Số liệu đã đạt mức {target} nhưng được báo cáo chưa đạt: cần kiểm tra lại.")
            en.append(f"The value reaches the target {target} but is reported as not met: check it.")
        else:
            vi.append(None)
            en.append(None)
    return _strings(vi, index), _strings(en, index)
