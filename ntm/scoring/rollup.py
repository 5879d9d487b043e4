"""Roll-ups across communes (DESIGN rule 8): bands, averages, shares, most often unmet items.

Every function takes the frames ``ntm.scoring.assess`` produces and returns one frame per
(year, criteria_set) group: a province or district report for one year and one set. Percentages
are ``ntm.vnformat.ratio_pct`` (half-up, 2 decimals, 0..100, NaN when the denominator is 0).

Bands
    Provinces report communes by criteria satisfied: 19 / 15–18 / 10–14 / 5–9 / under 5. A
    not-applicable criterion counts as satisfied (a commune at 18/18 with one N/A is in the top
    band), so "satisfied" = criteria met + criteria not applicable, out of the set's criteria.
    For a set with another number of criteria n (ntm-2026: 10), each cut-off c of the 19 scale
    becomes ceil(c × n / 19), the smallest count reaching the same share, and bands are labelled by
    their actual counts: n = 10 gives "10", "8–9", "6–7", "3–5", "<3". Cut-offs that would
    coincide (very small n) are pushed down so that every band is a non-empty range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ntm.scoring import frames as fr
from ntm.scoring.assess import CRITERION_STATUSES, UNMET_CRITERION_STATUSES
from ntm.statuses import NOT_APPLICABLE
from ntm.vnformat import format_number, format_pct

GROUP_KEYS = ["year", "criteria_set"]
BAND_SCALE = 19
BAND_CUTS = (19, 15, 10, 5)  # lower bounds of the bands provinces report on the 19 scale

BAND_COLUMNS = [*GROUP_KEYS, "band", "band_vi", "band_rank", "lower", "upper", "communes", "share_pct"]
SUMMARY_COLUMNS = [*GROUP_KEYS, "communes", "reached_standard", "reached_standard_pct",
                   "avg_criteria_met", "avg_criteria_pct", "summary_vi", "summary_en"]
SHARE_COLUMNS = [*GROUP_KEYS, "criterion", "communes", "met", "share_met_pct",
                 *(s for s in CRITERION_STATUSES if s != "met")]
UNMET_COLUMNS = [*GROUP_KEYS, "level", "code", "rank", "unmet", "communes", "share_pct"]


def band_bounds(criteria_count: int) -> list[tuple[int, int, str]]:
    """The bands for a set of ``criteria_count`` criteria, top band first.

    Returns:
        ``(lower, upper, label)`` per band: criteria satisfied in ``lower..upper`` (inclusive).
        For 19 criteria: (19, 19, "19"), (15, 18, "15–18"), (10, 14, "10–14"), (5, 9, "5–9"),
        (0, 4, "<5").
    """
    n = int(criteria_count)
    bands = []
    above = n + 1  # the lower bound of the band above
    for cut in BAND_CUTS:
        lower = min(-(-cut * n // BAND_SCALE), above - 1)  # ceil(cut × n / 19), below the band above
        if lower < 1:
            break
        upper = above - 1
        bands.append((lower, upper, str(lower) if lower == upper else f"{lower}–{upper}"))
        above = lower
    bands.append((0, above - 1, f"<{above}"))
    return bands


def _band_label_vi(label: str) -> str:
    return f"Dưới {label[1:]} tiêu chí" if label.startswith("<") else f"{label} tiêu chí"


def band_of(satisfied, criteria_count: int) -> pd.Categorical:
    """The band of each commune.

    Args:
        satisfied: criteria met + criteria not applicable, per commune (scalar or array-like of
            ints in 0..criteria_count).
        criteria_count: the set's number of criteria (19, 10, ...).

    Returns:
        An ordered Categorical of band labels whose categories run from the lowest band to the
        top one (so ``band >= "15–18"`` means "15 or more").
    """
    bands = band_bounds(criteria_count)
    lowers = np.array([b[0] for b in bands][::-1])  # ascending
    labels = [b[2] for b in bands][::-1]
    values = np.atleast_1d(np.asarray(satisfied, dtype=np.int64))
    index = np.searchsorted(lowers, values, side="right") - 1
    return pd.Categorical.from_codes(index, categories=labels, ordered=True)


def _satisfied(scores: pd.DataFrame) -> np.ndarray:
    return (scores["criteria_met"] + scores["criteria_not_applicable"]).to_numpy(dtype=np.int64)


def band_distribution(scores: pd.DataFrame) -> pd.DataFrame:
    """How many communes are in each band, per (year, criteria_set); empty bands included.

    Args:
        scores: ``score_assessments`` output (needs ``criteria_met``, ``criteria_not_applicable``
            and ``criteria_count``).

    Returns:
        Columns ``BAND_COLUMNS``: band (label, e.g. "15–18"), band_vi ("15–18 tiêu chí"),
        band_rank (0 = top band), lower/upper (criteria satisfied, inclusive), communes (count),
        share_pct (communes in the band ÷ communes of the group × 100). Rows by year, set, then
        top band first.
    """
    frames = []
    satisfied = _satisfied(scores)
    count_of = scores["criteria_count"].to_numpy()
    for count in sorted(pd.unique(scores["criteria_count"])):
        in_set = np.flatnonzero(count_of == count)
        bands = band_bounds(int(count))
        part = scores.iloc[in_set]
        # Groups in order of first appearance, each with every band (top first) and its count.
        group = part.groupby(GROUP_KEYS, dropna=False, sort=False, observed=True).ngroup().to_numpy()
        _, first = np.unique(group, return_index=True)
        rank = len(bands) - 1 - band_of(satisfied[in_set], int(count)).codes.astype(np.int64)
        communes = np.bincount(group * len(bands) + rank, minlength=len(first) * len(bands))
        rows = np.repeat(first, len(bands))
        grid = pd.DataFrame({k: part[k].array.take(rows) for k in GROUP_KEYS})
        grid["band"] = pd.array([b[2] for b in bands] * len(first), dtype="str")
        grid["band_rank"] = np.tile(np.arange(len(bands), dtype=np.int64), len(first))
        grid["lower"] = np.tile(np.array([b[0] for b in bands], dtype=np.int64), len(first))
        grid["upper"] = np.tile(np.array([b[1] for b in bands], dtype=np.int64), len(first))
        grid["communes"] = communes.astype(np.int64)
        frames.append(grid)
    if not frames:
        return pd.DataFrame(columns=BAND_COLUMNS)
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    totals = out.groupby(GROUP_KEYS, dropna=False, observed=True)["communes"].transform("sum")
    out["share_pct"] = fr.pct(out["communes"].to_numpy(), totals.to_numpy())
    out["band_vi"] = out["band"].map(_band_label_vi)
    out = out.sort_values([*GROUP_KEYS, "band_rank"], kind="stable").reset_index(drop=True)
    return out[BAND_COLUMNS]


def _mean_2dp(total: np.ndarray, count: np.ndarray) -> np.ndarray:
    """total ÷ count half-up to 2 decimals, exactly (``ratio_pct(t, 100 c)`` is t ÷ c)."""
    return fr.pct(np.asarray(total, dtype=np.int64), 100 * np.asarray(count, dtype=np.int64))


def rollup_summary(scores: pd.DataFrame) -> pd.DataFrame:
    """Headline numbers of a group of communes, per (year, criteria_set).

    Formulas: reached_standard_pct = communes reaching the standard ÷ communes × 100;
    avg_criteria_met = Σ criteria met ÷ communes (criteria per commune, 0..criteria_count);
    avg_criteria_pct = mean of the communes' criteria_pct (0..100; communes without a ratio are
    left out). All half-up to 2 decimals.

    Returns:
        Columns ``SUMMARY_COLUMNS``, with a sentence in Vietnamese and English beside the numbers.
    """
    if scores.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    pct = scores["criteria_pct"].to_numpy(dtype=float)
    # Groups numbered in (year, criteria_set) order, missing values last; sums by bincount.
    group = scores.groupby(GROUP_KEYS, dropna=False, sort=True, observed=True).ngroup().to_numpy()
    _, first = np.unique(group, return_index=True)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(group, weights=values, minlength=len(first)).round().astype(np.int64)

    communes = np.bincount(group, minlength=len(first)).astype(np.int64)
    hundredths = np.where(np.isnan(pct), 0, np.rint(np.nan_to_num(pct) * 100)).astype(np.int64)
    out = pd.DataFrame({k: scores[k].array.take(first) for k in GROUP_KEYS})
    out["communes"] = communes
    out["reached_standard"] = total(scores["reached_standard"].to_numpy(dtype=np.float64, na_value=0))
    out["reached_standard_pct"] = fr.pct(out["reached_standard"].to_numpy(), communes)
    out["avg_criteria_met"] = _mean_2dp(total(scores["criteria_met"].to_numpy(dtype=np.float64, na_value=0)),
                                        communes)
    # Mean of 2-decimal percentages, exactly: Σ hundredths ÷ (100 × count) = ratio_pct(Σ h, 10000 × count).
    out["avg_criteria_pct"] = fr.pct(total(hundredths.astype(np.float64)),
                                     10000 * total((~np.isnan(pct)).astype(np.float64)))
    out["summary_vi"] = [
        f"{r}/{c} xã đạt chuẩn ({format_pct(p) or '–'}); bình quân {format_number(a)} tiêu chí/xã."
        for r, c, p, a in zip(out["reached_standard"], out["communes"], out["reached_standard_pct"],
                              out["avg_criteria_met"])]
    out["summary_en"] = [
        f"{r}/{c} communes reached the standard ({p:g}%); on average {a:g} criteria per commune."
        for r, c, p, a in zip(out["reached_standard"], out["communes"], out["reached_standard_pct"],
                              out["avg_criteria_met"])]
    return out[SUMMARY_COLUMNS]


def criterion_share(criteria_results: pd.DataFrame) -> pd.DataFrame:
    """How many communes meet each criterion, per (year, criteria_set).

    Args:
        criteria_results: ``criterion_results`` output.

    Returns:
        Columns ``SHARE_COLUMNS``, one row per criterion: communes (assessed communes to which the
        criterion applies: every status but not_applicable), met, share_met_pct (met ÷ communes
        × 100), and the count of communes in each other status. Rows in criterion order.
    """
    if criteria_results.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    frame = criteria_results[[*GROUP_KEYS, "criterion", "status"]]
    frame = frame[frame["criterion"].notna().to_numpy()]
    if frame.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    # Groups (year, set, criterion) numbered in sorted order; statuses counted per group with
    # one bincount (column 0: a status that is none of CRITERION_STATUSES, counted nowhere).
    year_index, _, set_index, set_names = _groups(frame["year"], frame["criteria_set"])
    criterion_index, criterion_values = pd.factorize(frame["criterion"], sort=True)
    place = ((year_index.astype(np.int64) * len(set_names) + set_index) * len(criterion_values)
             + criterion_index)
    _, first, group = np.unique(place, return_index=True, return_inverse=True)
    kinds = len(CRITERION_STATUSES) + 1
    status = frame["status"].astype(pd.CategoricalDtype(CRITERION_STATUSES)).cat.codes.to_numpy(np.int64)
    counts = np.bincount(group * kinds + status + 1, minlength=len(first) * kinds)
    counts = counts.reshape(len(first), kinds)[:, 1:]
    by_status = dict(zip(CRITERION_STATUSES, counts.T))
    communes = sum(by_status[s] for s in CRITERION_STATUSES if s != NOT_APPLICABLE)
    shown = communes + by_status[NOT_APPLICABLE] > 0
    keep = first[shown]
    out = pd.DataFrame({k: frame[k].array.take(keep) for k in [*GROUP_KEYS, "criterion"]})
    out["communes"] = communes[shown]
    out["met"] = by_status["met"][shown]
    out["share_met_pct"] = fr.pct(out["met"].to_numpy(), out["communes"].to_numpy())
    for name in CRITERION_STATUSES:
        if name != "met":
            out[name] = by_status[name][shown]
    ranks = fr.code_ranks(out["criterion"])
    out = out.assign(_rank=out["criterion"].map(ranks)).sort_values([*GROUP_KEYS, "_rank"], kind="stable")
    return out[SHARE_COLUMNS].reset_index(drop=True)


def most_unmet(criteria_results: pd.DataFrame, results: pd.DataFrame | None = None,
               top: int = 5) -> pd.DataFrame:
    """The criteria (and, given ``results``, indicators) most often unmet, per (year, criteria_set).

    A criterion counts as unmet for a commune when it is applicable but not met (not_met,
    basically_met, incomplete or missing, as in ``unmet_criteria``); an indicator when its
    reported status is not_met or basically_met (as in ``unmet_indicators``; missing indicators
    are a data problem, not a result). Ties are broken by code order.

    Args:
        criteria_results: ``criterion_results`` output.
        results: the tidy results frame, for the indicator ranking (optional).
        top: how many items per group and level.

    Returns:
        Columns ``UNMET_COLUMNS``: level ("criterion" or "indicator"), code, rank (1 = most often
        unmet), unmet (communes), communes (communes to which the item applies), share_pct (unmet ÷
        communes × 100). Rows by year, set, level (criteria first), rank.
    """
    code_index, codes = fr.factorize_codes(criteria_results["criterion"])
    status = criteria_results["status"].astype(object)
    groups = _groups(criteria_results["year"], criteria_results["criteria_set"])
    unmet = status.isin(UNMET_CRITERION_STATUSES).to_numpy()
    applicable = (status != NOT_APPLICABLE).to_numpy()
    parts = [_rank_unmet(_count_items(groups, code_index, codes, unmet, applicable), "criterion", top)]
    if results is not None:
        parts.append(_rank_unmet(_indicator_counts(results), "indicator", top))
    out = pd.concat(parts, ignore_index=True) if any(len(p) for p in parts) else parts[0]
    order = out["level"].map({"criterion": 0, "indicator": 1})
    out = out.assign(_l=order).sort_values([*GROUP_KEYS, "_l", "rank"], kind="stable")
    return out[UNMET_COLUMNS].reset_index(drop=True)


def _groups(year: pd.Series, criteria_set: pd.Series) -> tuple:
    """``(year_index, years, set_index, set_names)``: each row's year and set as indices into the
    sorted distinct values (missing last), so that groups numbered from them follow
    (year, criteria_set) order."""
    year_index, years = pd.factorize(year, sort=True, use_na_sentinel=False)
    set_index, set_names = pd.factorize(criteria_set, sort=True, use_na_sentinel=False)
    return (year_index, pd.Series(years, dtype=year.dtype),
            set_index, pd.Series(set_names, dtype=criteria_set.dtype))


def _count_items(groups: tuple, code_index: np.ndarray, codes: list, unmet: np.ndarray,
                 applicable: np.ndarray) -> pd.DataFrame:
    """Per (year, criteria_set, code): communes where the item is unmet, and where it applies.

    Each input row is one commune's result for one item (``code_index`` into ``codes``, -1 to skip),
    in the (year, criteria_set) group ``groups`` gives it (``_groups``). ``_group`` numbers the
    groups in (year, criteria_set) order.
    """
    year_index, years, set_index, set_names = groups
    k = len(codes)
    ok = code_index >= 0
    if not ok.all():
        year_index, set_index, code_index = year_index[ok], set_index[ok], code_index[ok]
        unmet, applicable = unmet[ok], applicable[ok]
    key = (year_index.astype(np.int64) * len(set_names) + set_index) * k + code_index
    size = len(years) * len(set_names) * k
    n_unmet = np.bincount(key, weights=unmet, minlength=size).astype(np.int64)
    n_applicable = np.bincount(key, weights=applicable, minlength=size).astype(np.int64)
    found = np.flatnonzero(n_unmet > 0)
    group, code = np.divmod(found, k)
    y, st = np.divmod(group, len(set_names)) if len(set_names) else (group, group)
    return pd.DataFrame({"year": years.take(y).array, "criteria_set": set_names.take(st).array,
                         "code": np.asarray(codes, dtype=object)[code] if k else np.zeros(0, dtype=object),
                         "unmet": n_unmet[found], "communes": n_applicable[found], "_group": group})


def _indicator_counts(results: pd.DataFrame) -> pd.DataFrame:
    """``_count_items`` for indicator results: a duplicated result counts once per commune
    (unmet if any copy is unmet, applicable if any copy applies)."""
    aid, assessments = fr.assessment_ids(results)
    code_index, codes = fr.factorize_codes(results["indicator"])
    status = fr.status_codes(results["status"]) if len(results) else np.zeros(0, dtype=np.int8)
    ok = code_index >= 0
    if not ok.all():
        aid, code_index, status = aid[ok], code_index[ok], status[ok]
    k = max(len(codes), 1)
    key = aid * k + code_index
    is_unmet = (status == fr.S_NOT_MET) | (status == fr.S_BASIC)
    is_applicable = status != fr.S_NA
    size = len(assessments) * k
    if size <= 8 * len(key) + (1 << 20):
        # One flag per assessment × code (a table not much bigger than the rows): "any copy".
        flag = np.zeros(size, dtype=bool)
        flag[key] = True
        unique_keys = np.flatnonzero(flag)
        flag[:] = False
        flag[key[is_unmet]] = True
        unmet = flag[unique_keys].astype(np.int64)
        flag[:] = False
        flag[key[is_applicable]] = True
        applicable = flag[unique_keys].astype(np.int64)
    else:
        unique_keys, inverse = np.unique(key, return_inverse=True)
        unmet = np.zeros(len(unique_keys), dtype=np.int64)
        applicable = np.zeros(len(unique_keys), dtype=np.int64)
        np.maximum.at(unmet, inverse, is_unmet.astype(np.int64))
        np.maximum.at(applicable, inverse, is_applicable.astype(np.int64))
    item_aid, item_code = np.divmod(unique_keys, k)
    year_index, years, set_index, set_names = _groups(assessments["year"], assessments["criteria_set"])
    return _count_items((year_index[item_aid], years, set_index[item_aid], set_names), item_code, codes,
                        unmet, applicable)


def _rank_unmet(counts: pd.DataFrame, level: str, top: int) -> pd.DataFrame:
    """Keep the ``top`` codes by unmet count per (year, criteria_set); ties in code order."""
    columns = [*GROUP_KEYS, "level", "code", "rank", "unmet", "communes", "share_pct"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    ranks = fr.code_ranks(counts["code"])
    code_rank = counts["code"].map(ranks).to_numpy(dtype=np.float64)
    # Groups in (year, criteria_set) order, missing values last; within a group, the most often
    # unmet first, ties in code order; then each item's place in its group.
    group = counts["_group"].to_numpy()
    unmet = counts["unmet"].to_numpy(dtype=np.int64)
    order = np.lexsort((code_rank, -unmet, group))
    sorted_group = group[order]
    first = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
    rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)])) + 1
    keep = rank <= top
    out = counts.iloc[order[keep]].copy()
    out["rank"] = rank[keep].astype(np.int64)
    out["level"] = level
    out["share_pct"] = fr.pct(out["unmet"].to_numpy(), out["communes"].to_numpy())
    return out[columns]
