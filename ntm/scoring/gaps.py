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
from ntm.statuses import STATUS_DTYPE, STATUSES
from ntm.targets import gap as target_gap
from ntm.targets import parse_target
from ntm.text import criterion_of, is_blank, nfc
from ntm.vnformat import format_number

GAP_COLUMNS = [*ASSESSMENT_KEYS, "criterion", "indicator", "status", "name_vi", "name_en", "unit",
               "value", "value_num", "target", "comparator", "target_num", "gap", "note", "note_en"]
_CATALOG_COLUMNS = ["indicator_name_vi", "indicator_name_en", "unit", "comparator", "target"]


def _catalog_table(set_names: pd.Series, catalog: Catalog) -> tuple[pd.DataFrame, dict]:
    """The known indicators of each set named in the results, keyed by the name as written.

    Returns:
        ``(table, complete)``: table columns ``_set``, indicator, indicator_name_vi/en, unit,
        comparator, catalog_target; ``complete`` maps each name to whether its list is complete.
    """
    _, sets = fr.resolve_sets(set_names, catalog)
    names = pd.unique(set_names.astype(object))
    frames = [cs.indicators[["indicator", *_CATALOG_COLUMNS]].assign(_set=name)
              for name, cs in zip(names, sets)]
    table = pd.concat(frames, ignore_index=True).rename(columns={"target": "catalog_target"})
    return table.astype({"_set": object}), {name: cs.indicators_complete for name, cs in zip(names, sets)}


def _text_or_none(column: pd.Series) -> pd.Series:
    """Stripped text, None where blank (computed once per distinct value)."""
    values = column.astype(object)
    present = values.notna()
    table = {v: (None if is_blank(v) else nfc(v)) for v in pd.unique(values[present])}
    return values.map(table).where(present, None).astype(object)


def indicator_gaps(results: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """The unmet and missing indicator results, with their distance to target.

    Args:
        results: tidy results frame (``ntm.schema.RESULT_COLUMNS``).
        catalog: the criteria sets (names, units and default targets of indicators).

    Returns:
        Columns ``GAP_COLUMNS``, sorted by assessment then indicator code: status (not_met,
        basically_met or missing); name_vi/name_en/unit (catalog; empty for codes it does not
        know); value (as written) and value_num; target (text: the row's, else the catalog's);
        comparator (">=", "<=", ">", "<", "=") and target_num when the target is numeric; gap
        (float ≥ 0, in the indicator's unit; NaN unless both numbers are known); note/note_en: a
        sentence for the user (None when there is nothing to say). Codes outside a set whose
        indicator list is complete are left out, as scoring leaves them out.

    Raises:
        UnknownSetError: a ``criteria_set`` the catalog does not know.
    """
    if results.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    index, codes = fr.factorize_codes(results["indicator"])
    code = np.asarray([*codes, None], dtype=object)[index]
    has_code = np.asarray([c is not None for c in codes] + [False])[index]
    status = fr.status_codes(results["status"])
    keep = has_code & np.isin(status, [fr.S_NOT_MET, fr.S_BASIC, fr.S_MISSING])
    rows = results.loc[keep, [*ASSESSMENT_KEYS, "value", "value_num", "target"]].reset_index(drop=True)
    rows["indicator"] = code[keep]
    rows["status"] = np.asarray(STATUSES, dtype=object)[status[keep]]
    rows["_set"] = rows["criteria_set"].astype(object)

    table, complete = _catalog_table(results["criteria_set"], catalog)
    rows = rows.merge(table, on=["_set", "indicator"], how="left", indicator="_known")
    known = (rows["_known"] == "both").to_numpy()
    rows = rows[known | ~rows["_set"].map(complete).to_numpy(dtype=bool)]  # codes a complete set lacks

    row_target = _text_or_none(rows["target"])
    target = row_target.where(row_target.notna(), _text_or_none(rows["catalog_target"]))
    comparator = rows["comparator"].astype(object).where(rows["comparator"].notna(), "").to_numpy(dtype=object)
    pairs = list(zip(target, comparator))
    parsed_table = {pair: parse_target(*pair) if pair[0] is not None else None for pair in set(pairs)}
    parsed = [parsed_table[pair] for pair in pairs]

    out = rows[ASSESSMENT_KEYS].copy()
    out["criterion"] = rows["indicator"].map({c: criterion_of(c) for c in pd.unique(rows["indicator"])})
    out["indicator"] = rows["indicator"].to_numpy(dtype=object)
    out["status"] = rows["status"].to_numpy(dtype=object)
    for column, source in (("name_vi", "indicator_name_vi"), ("name_en", "indicator_name_en"), ("unit", "unit")):
        out[column] = _text_or_none(rows[source]).to_numpy(dtype=object)
    out["value"] = rows["value"].array
    out["value_num"] = pd.to_numeric(rows["value_num"], errors="coerce").astype(float).to_numpy()
    out["target"] = target.to_numpy(dtype=object)
    out["comparator"] = np.array([p[0] if p else None for p in parsed], dtype=object)
    out["target_num"] = np.array([p[1] if p else np.nan for p in parsed], dtype=float)
    out["gap"] = _gaps(out["value_num"].to_numpy(), out["comparator"].to_numpy(), out["target_num"].to_numpy())
    out["note"], out["note_en"] = _notes(out)
    text = ["criterion", "indicator", "name_vi", "name_en", "unit", "target", "comparator", "note", "note_en"]
    out = out.astype({**dict.fromkeys(text, "string"), "status": STATUS_DTYPE})
    ranks = fr.code_ranks(out["indicator"])
    out = out.assign(_r=out["indicator"].map(ranks)).sort_values([*ASSESSMENT_KEYS, "_r"], kind="stable")
    return out[GAP_COLUMNS].reset_index(drop=True)


def _gaps(value: np.ndarray, comparator: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``ntm.targets.gap`` where value and target are numbers, computed once per distinct triple."""
    out = np.full(len(value), np.nan)
    known = ~np.isnan(value) & ~np.isnan(target) & np.array([c is not None for c in comparator], dtype=bool)
    if known.any():
        triples = list(zip(value[known].tolist(), comparator[known].tolist(), target[known].tolist()))
        table = {t: target_gap(*t) for t in set(triples)}
        out[known] = [table[t] for t in triples]
    return out


def _notes(gaps: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """A sentence per row (Vietnamese, English): what is left to reach, or that data is missing."""
    gap = gaps["gap"].to_numpy()
    missing = (gaps["status"].astype(object) == "missing").to_numpy()
    short = ~missing & (np.nan_to_num(gap, nan=-1.0) > 0)
    reached = ~missing & (gap == 0)
    unit = gaps["unit"].fillna("").replace({"yes/no": ""})
    unit = unit.where(unit.isin(["", "%"]), " " + unit)
    target = gaps["target"].fillna("").astype(str)
    amount_vi = gaps["gap"].map({g: format_number(g) for g in pd.unique(gaps["gap"])}).fillna("") + unit
    amount_en = gaps["gap"].map({g: f"{g:g}" for g in pd.unique(gaps["gap"])}).fillna("") + unit
    vi = np.select(
        [missing, short, reached],
        ["Chưa có kết quả đánh giá.", ("Còn thiếu " + amount_vi + " để đạt mức " + target + ".").to_numpy(),
         ("Số liệu đã đạt mức " + target + " nhưng được báo cáo chưa đạt: cần kiểm tra lại.").to_numpy()],
        default=None)
    en = np.select(
        [missing, short, reached],
        ["No result reported yet.", (amount_en + " short of the target " + target + ".").to_numpy(),
         ("The value reaches the target " + target + " but is reported as not met: check it.").to_numpy()],
        default=None)
    return vi, en
