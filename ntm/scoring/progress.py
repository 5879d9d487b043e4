"""Year over year (DESIGN rule 7): what each commune gained and lost between assessed years.

A commune is followed by its official unit code when the file has one; otherwise by province and
commune name, compared by a diacritics-free key (``ntm.text.fold``). A commune written without a
code in one file is matched to the code other files give it, when that name has exactly one code.

Within a set *family* (``CriteriaSet.family``: "ntm" covers ntm-2016 and ntm-2021), consecutive
assessed years are compared criterion by criterion. Across a change of family (ntm-2021 in 2025
→ ntm-2026 in 2026) the criteria differ, so only the ratio of criteria met is compared; such rows
have ``comparable`` False and say so in Vietnamese and English. A family follows another when the
older set's period ends before the newer one starts (basic and advanced sets of the same period
run side by side and are never paired); sets without a declared period are paired by year order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ntm.catalog import Catalog
from ntm.schema import ASSESSMENT_KEYS
from ntm.scoring import frames as fr
from ntm.scoring.assess import CRITERION_STATUSES, UNMET_CRITERION_STATUSES
from ntm.text import fold, nfc

PROGRESS_COLUMNS = [
    "province", "district", "commune", "commune_code", "commune_key",
    "from_year", "to_year", "from_set", "to_set", "from_family", "family", "comparable",
    "from_criteria_met", "to_criteria_met", "criteria_met_change",
    "from_criteria_total", "to_criteria_total",
    "from_criteria_pct", "to_criteria_pct", "criteria_pct_change",
    "criteria_gained", "criteria_lost",
    "from_reached_standard", "to_reached_standard", "lost_after_standard", "note", "note_en",
]

NOTE_OTHER_SET_VI = ("Khác bộ tiêu chí ({a} → {b}): chỉ so sánh tỷ lệ tiêu chí đạt, "
                     "không so sánh từng tiêu chí.")
NOTE_OTHER_SET_EN = ("Different criteria set ({a} → {b}): only the ratio of criteria met is compared, "
                     "not each criterion.")
NOTE_LOST_VI = "Mất tiêu chí sau khi đã đạt chuẩn."
NOTE_LOST_EN = "Lost a criterion after reaching the standard."


def commune_keys(scores: pd.DataFrame) -> pd.Series:
    """A key following each commune across files and years.

    "code:<commune_code>" when the row has a code, or when its province + commune name has exactly
    one code elsewhere in ``scores``; else "name:<province>|<commune>" (folded: no diacritics,
    lower case, single spaces). Text is folded once per distinct value.
    """
    code = _mapped(scores["commune_code"], lambda c: nfc(c) or None)
    name = _mapped(scores["province"], fold).fillna("") + "|" + _mapped(scores["commune"], fold).fillna("")
    known = pd.DataFrame({"name": name, "code": code}).dropna().drop_duplicates()
    codes_per_name = known.groupby("name")["code"].transform("size")
    unique_code = known[codes_per_name == 1].set_index("name")["code"]
    code = code.where(code.notna(), name.map(unique_code))
    return ("code:" + code.fillna("")).where(code.notna(), "name:" + name).astype(object)


def _mapped(column: pd.Series, func) -> pd.Series:
    """``func`` applied to each distinct non-blank value of ``column`` (None/"" stay None or "")."""
    values = column.astype(object)
    present = values.notna()
    table = {v: func(v) for v in pd.unique(values[present])}
    return values.map(table).where(present, None).astype(object)


def year_over_year(scores: pd.DataFrame, criteria_results: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Changes between a commune's consecutive assessed years, per set family.

    Formulas: criteria_met_change = to − from (criteria, may be negative); criteria_pct_change =
    to − from (percentage points, 2 decimals); criteria_gained = criteria met in the later year
    that were applicable and not met in the earlier one; criteria_lost = criteria met in the
    earlier year that are applicable and not met in the later one (a criterion becoming or ceasing
    to be not applicable is neither). lost_after_standard: the commune had reached the standard in
    this family in the earlier year or before, and lost a criterion.

    Args:
        scores: ``score_assessments`` output.
        criteria_results: ``criterion_results`` output for the same results.
        catalog: the criteria sets (for families and periods).

    Returns:
        Columns ``PROGRESS_COLUMNS``; place columns are the later assessment's. Rows within a
        family have ``comparable`` True; rows across a change of set have ``comparable`` False,
        no criterion-level change (criteria_met_change, gained and lost are null) and a note.
        Sorted by province, commune, commune_key, to_year, from_family.
    """
    if scores.empty:
        return pd.DataFrame(columns=PROGRESS_COLUMNS)
    a = scores[[*ASSESSMENT_KEYS, "criteria_met", "criteria_total", "criteria_pct", "reached_standard"]]
    a = a.reset_index(drop=True)
    set_index, sets = fr.resolve_sets(a["criteria_set"], catalog)
    a["family"] = np.array([cs.family for cs in sets], dtype=object)[set_index]
    a["year_from"] = pd.array([cs.year_from for cs in sets], dtype="Int64")[set_index]
    a["year_to"] = pd.array([cs.year_to for cs in sets], dtype="Int64")[set_index]
    a["commune_key"] = commune_keys(a).to_numpy()
    a["aid"] = np.arange(len(a))
    # One assessment per commune, family and year (a duplicate is a loader problem: keep the first).
    a = a.sort_values(["commune_key", "family", "year"], kind="stable").drop_duplicates(
        ["commune_key", "family", "year"])

    group = a.groupby(["commune_key", "family"], sort=False)
    a["prev"] = group["aid"].shift(1).astype("Int64")
    a["ever_reached"] = group["reached_standard"].cummax().astype(bool)
    by_aid = a.set_index("aid")

    same = a[a["prev"].notna()][["aid", "prev"]].rename(columns={"aid": "to", "prev": "from"})
    same = same.astype({"from": np.int64})
    cross = _cross_set_pairs(a)
    pairs = pd.concat([same.assign(comparable=True), cross.assign(comparable=False)], ignore_index=True)
    if pairs.empty:
        return pd.DataFrame(columns=PROGRESS_COLUMNS)

    frm = by_aid.loc[pairs["from"].to_numpy()].reset_index()
    to = by_aid.loc[pairs["to"].to_numpy()].reset_index()
    comparable = pairs["comparable"].to_numpy(dtype=bool)
    out = to[["province", "district", "commune", "commune_code", "commune_key"]].copy()
    out["from_year"] = frm["year"].array
    out["to_year"] = to["year"].array
    out["from_set"] = frm["criteria_set"].array
    out["to_set"] = to["criteria_set"].array
    out["from_family"] = frm["family"].to_numpy()
    out["family"] = to["family"].to_numpy()
    out["comparable"] = comparable
    out["from_criteria_met"] = frm["criteria_met"].to_numpy(dtype=np.int64)
    out["to_criteria_met"] = to["criteria_met"].to_numpy(dtype=np.int64)
    change = out["to_criteria_met"] - out["from_criteria_met"]
    out["criteria_met_change"] = pd.arrays.IntegerArray(change.to_numpy(), ~comparable)
    out["from_criteria_total"] = frm["criteria_total"].to_numpy(dtype=np.int64)
    out["to_criteria_total"] = to["criteria_total"].to_numpy(dtype=np.int64)
    out["from_criteria_pct"] = frm["criteria_pct"].to_numpy(dtype=float)
    out["to_criteria_pct"] = to["criteria_pct"].to_numpy(dtype=float)
    # Differences of 2-decimal percentages, in integer hundredths so that no float noise shows.
    hundredths = (np.rint(out["to_criteria_pct"].to_numpy() * 100)
                  - np.rint(out["from_criteria_pct"].to_numpy() * 100))
    out["criteria_pct_change"] = hundredths / 100

    gained, lost = _gained_and_lost(pairs, scores, criteria_results)
    out["criteria_gained"] = [g if c else None for g, c in zip(gained, comparable)]
    out["criteria_lost"] = [x if c else None for x, c in zip(lost, comparable)]
    out["from_reached_standard"] = frm["reached_standard"].to_numpy(dtype=bool)
    out["to_reached_standard"] = to["reached_standard"].to_numpy(dtype=bool)
    lost_any = np.array([bool(x) for x in lost], dtype=bool)
    out["lost_after_standard"] = comparable & frm["ever_reached"].to_numpy(dtype=bool) & lost_any

    from_set = out["from_set"].astype(object).astype(str)
    to_set = out["to_set"].astype(object).astype(str)
    other_vi = [NOTE_OTHER_SET_VI.format(a=f, b=t) for f, t in zip(from_set, to_set)]
    other_en = [NOTE_OTHER_SET_EN.format(a=f, b=t) for f, t in zip(from_set, to_set)]
    out["note"] = np.where(~comparable, other_vi,
                           np.where(out["lost_after_standard"], NOTE_LOST_VI, None))
    out["note_en"] = np.where(~comparable, other_en,
                              np.where(out["lost_after_standard"], NOTE_LOST_EN, None))
    out = out.astype({"commune_key": "string", "from_family": "string", "family": "string", "note": "string",
                      "note_en": "string"})
    out = out.sort_values(["province", "commune", "commune_key", "to_year", "from_family"], kind="stable")
    return out[PROGRESS_COLUMNS].reset_index(drop=True)


def _cross_set_pairs(a: pd.DataFrame) -> pd.DataFrame:
    """(from, to) assessment pairs across a change of set family.

    For each commune's first assessment in a family, and each other family the commune was
    assessed in before that year whose set's period ended before this set's starts (or either
    period is unknown): the latest such earlier assessment.
    """
    firsts = a.loc[a["prev"].isna(), ["aid", "commune_key", "family", "year", "year_from"]]
    earlier = a[["aid", "commune_key", "family", "year", "year_to"]]
    joined = firsts.merge(earlier, on="commune_key", suffixes=("", "_e"))
    ended_before = joined["year_to"] < joined["year_from"]
    follows = joined["year_to"].isna() | joined["year_from"].isna() | ended_before
    keep = ((joined["family_e"] != joined["family"]) & (joined["year_e"] < joined["year"])
            & follows.fillna(True).astype(bool))
    joined = joined[keep.to_numpy(dtype=bool)]
    latest = joined.sort_values(["aid", "family_e", "year_e"], kind="stable").drop_duplicates(
        ["aid", "family_e"], keep="last")
    return pd.DataFrame({"from": latest["aid_e"].to_numpy(dtype=np.int64),
                         "to": latest["aid"].to_numpy(dtype=np.int64)})


def _gained_and_lost(pairs: pd.DataFrame, scores: pd.DataFrame,
                     criteria_results: pd.DataFrame) -> tuple[list[list[str]], list[list[str]]]:
    """Per pair, the criteria gained and lost (code order); pairs across sets get empty lists."""
    # Number criteria_results' assessments as the rows of ``scores`` (a merge of distinct keys only).
    local, assessments = fr.assessment_ids(criteria_results)
    ids = scores[ASSESSMENT_KEYS].reset_index(drop=True).assign(_aid=np.arange(len(scores)))
    to_scores = assessments.merge(ids, on=ASSESSMENT_KEYS, how="left")["_aid"]
    aid = to_scores.to_numpy(dtype=float, na_value=np.nan)[local] if len(local) else np.zeros(0)
    code_index, codes = fr.factorize_codes(criteria_results["criterion"])
    status = criteria_results["status"].astype(pd.CategoricalDtype(CRITERION_STATUSES)).cat.codes.to_numpy()
    known = ~np.isnan(aid) & (code_index >= 0)
    crit = pd.DataFrame({"aid": aid[known].astype(np.int64), "code": code_index[known],
                         "met": status[known] == CRITERION_STATUSES.index("met"),
                         "unmet": np.isin(status[known], [CRITERION_STATUSES.index(s)
                                                          for s in UNMET_CRITERION_STATUSES])})
    comparable = pairs[pairs["comparable"]].reset_index().rename(columns={"index": "pair"})
    before = crit.rename(columns={"aid": "from", "met": "met_before", "unmet": "unmet_before"})
    after = crit.rename(columns={"aid": "to", "met": "met_after", "unmet": "unmet_after"})
    both = comparable[["pair", "from", "to"]].merge(before, on="from").merge(after, on=["to", "code"])
    rank = fr.code_ranks_of(codes)[both["code"].to_numpy(dtype=np.int64)]
    pair = both["pair"].to_numpy(dtype=np.int64)
    names = np.asarray([*codes, None], dtype=object)[both["code"].to_numpy(dtype=np.int64)]
    n = len(pairs)
    gained_mask = (both["met_after"] & both["unmet_before"]).to_numpy(dtype=bool)
    lost_mask = (both["met_before"] & both["unmet_after"]).to_numpy(dtype=bool)
    gained = fr.lists_by_group(pair[gained_mask], names[gained_mask], rank[gained_mask], n)
    lost = fr.lists_by_group(pair[lost_mask], names[lost_mask], rank[lost_mask], n)
    return gained, lost
