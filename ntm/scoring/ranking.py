"""Ranking communes against their peers: same year, same criteria set and, where the set's targets
depend on it, the same commune group.

The 2026–2030 set (QĐ 51/2025/QĐ-TTg) sets different targets for communes of group 1, 2 and 3, so
a commune is only ranked against communes of its own group there; communes whose group is not
recorded are ranked together in an "unknown group" bucket, never mixed into a group. Other sets
rank every commune of the year and set together.

Rank rule: more criteria met first, then the higher indicator ratio (a criterion-level file has
none: it counts as below any ratio); equal scores share the best rank ("1, 2, 2, 4"). A rank
says little about small differences: one indicator often separates neighbours.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from ntm.vnformat import format_number

GROUP_SCHEME = "group"  # ``CriteriaSet.target_scheme`` of sets whose targets depend on the group
UNKNOWN_GROUP = 0  # the ``rank_group`` of communes whose group is not recorded
RANKING_COLUMNS = ["rank", "peers", "rank_group", "rank_in_set", "set_peers"]


def group_sets(catalog) -> set[str]:
    """The ids of the catalog's sets whose targets depend on the commune group."""
    return {criteria_set.id for criteria_set in catalog if criteria_set.target_scheme == GROUP_SCHEME}


def rank_communes(scores: pd.DataFrame, by_group: Collection[str] = ()) -> pd.DataFrame:
    """``scores`` ranked within each (year, criteria set) and, for the sets in ``by_group``, each
    commune group.

    Args:
        scores: one row per assessment with ``year``, ``criteria_set``, ``commune``,
            ``criteria_met``, ``indicators_pct`` (0..100 or NA) and, optionally, ``commune_group``
            (1..3 or NA; a frame without it has no known group).
        by_group: ids of the sets ranked within commune groups (``group_sets(catalog)``).

    Returns:
        ``scores`` sorted by year, set, group bucket (1, 2, 3, then unknown), rank and commune,
        index renumbered, with ``RANKING_COLUMNS`` added:

        * ``rank``: 1 = best, among the commune's peers (its bucket);
        * ``peers``: how many communes share that bucket (the rank is "of ``peers``");
        * ``rank_group``: the bucket (Int8): the group 1..3, ``UNKNOWN_GROUP`` (0) for a commune
          of a group-ranked set whose group is not recorded, NA for a set ranked as a whole;
        * ``rank_in_set`` and ``set_peers``: the rank among every commune of the year and set.
    """
    frame = scores.reset_index(drop=True)
    n = len(frame)
    ratio = pd.to_numeric(frame["indicators_pct"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    # One number per commune that orders as the rule does: criteria first, the ratio breaking ties.
    score = frame["criteria_met"].to_numpy(dtype=float) * 1000 + np.nan_to_num(ratio, nan=-1.0)
    if "commune_group" in frame:
        group = pd.array(frame["commune_group"], dtype="Int8")
    else:
        group = pd.array([pd.NA] * n, dtype="Int8")
    grouped = frame["criteria_set"].astype(object).isin(list(by_group)).to_numpy(dtype=bool)
    groups = group.fillna(UNKNOWN_GROUP).to_numpy(dtype=np.int64)
    bucket = pd.array(np.where(grouped, groups, UNKNOWN_GROUP), dtype="Int8")
    bucket[~grouped] = pd.NA
    # Buckets in the order shown: groups 1, 2, 3, then the unknown group; -1 for a whole set.
    order = np.where(grouped, np.where(groups == UNKNOWN_GROUP, 9, groups), -1)
    scored = pd.Series(score, index=frame.index)
    keys = [frame["year"], frame["criteria_set"]]
    in_set = scored.groupby(keys, dropna=False, observed=True)
    in_bucket = scored.groupby([*keys, pd.Series(order, index=frame.index)], dropna=False, observed=True)

    def counts(grouping, how: str) -> np.ndarray:
        if not n:
            return np.zeros(0, dtype=np.int64)
        values = grouping.rank(method="min", ascending=False) if how == "rank" else grouping.transform("size")
        return values.to_numpy(dtype=np.int64)

    out = frame.assign(rank=counts(in_bucket, "rank"), peers=counts(in_bucket, "size"), rank_group=bucket,
                       rank_in_set=counts(in_set, "rank"), set_peers=counts(in_set, "size"),
                       _order=order, _score=score)
    out = out.sort_values(["year", "criteria_set", "_order", "rank", "_score", "commune"],
                          ascending=[True, True, True, True, False, True], kind="stable")
    return out.drop(columns=["_order", "_score"]).reset_index(drop=True)


def group_label(group: object, lang: str = "vi") -> str:
    """"Nhóm 2" / "Group 2"; "Chưa rõ nhóm" / "Group unknown" for ``UNKNOWN_GROUP``; "" for NA."""
    if group is None or group is pd.NA or (isinstance(group, float) and np.isnan(group)):
        return ""
    if int(group) == UNKNOWN_GROUP:
        return "Group unknown" if lang == "en" else "Chưa rõ nhóm"
    return f"Group {int(group)}" if lang == "en" else f"Nhóm {int(group)}"


def ranking_note(ranked: pd.DataFrame, lang: str = "vi") -> str:
    """What a ranking (``rank_communes``' output) means, for the people reading it.

    Says what communes are ranked among, that small differences mean little and, for a ranking by
    commune group, to compare within a group only, how many communes have no group recorded and
    how to record it.
    """
    en = lang == "en"
    total = len(ranked)
    grouped = ranked["rank_group"].notna() if "rank_group" in ranked else pd.Series(False, index=ranked.index)
    if not grouped.any():
        if en:
            return (f"Ranked among the {total:,} communes with the same criteria set and year in view: by criteria "
                    "met, then the indicator ratio; equal scores share a rank. A difference of a few places often "
                    "comes down to one indicator and means little.")
        return (f"Xếp hạng trong {_vi_count(total)} xã cùng bộ tiêu chí, cùng năm đang xem: theo số tiêu chí đạt, "
                "rồi tỷ lệ chỉ tiêu đạt; xã bằng điểm cùng hạng. Chênh lệch một vài hạng thường chỉ do một chỉ "
                "tiêu, nên ít có ý nghĩa.")
    unknown = int((ranked.loc[grouped, "rank_group"] == UNKNOWN_GROUP).sum())
    if en:
        text = ("This set's targets depend on the commune group (groups 1, 2 and 3, set by the province), so each "
                "commune is ranked only among the communes of its own group, the same year and set: by criteria met, "
                "then the indicator ratio; equal scores share a rank. Compare communes within a group only; a "
                "difference of a few places often comes down to one indicator and means little.")
        if unknown:
            text += (f" {unknown:,} commune(s) have no group recorded: they are ranked together under "
                     "\"Group unknown\". Record the group on the \"Commune groups\" page, in the template's "
                     "\"Nhóm xã\" column, or with python -m ntm groups set.")
        return text
    text = ("Bộ tiêu chí này đặt mức đạt chuẩn theo nhóm xã (nhóm 1, 2, 3 do tỉnh phân loại), nên mỗi xã chỉ "
            "được xếp hạng trong các xã cùng nhóm, cùng năm, cùng bộ: theo số tiêu chí đạt, rồi tỷ lệ chỉ tiêu "
            "đạt; xã bằng điểm cùng hạng. Chỉ nên so sánh các xã cùng nhóm; chênh lệch một vài hạng thường chỉ "
            "do một chỉ tiêu, nên ít có ý nghĩa.")
    if unknown:
        text += (f" {_vi_count(unknown)} xã chưa ghi nhóm: các xã này được xếp hạng chung trong mục \"Chưa rõ "
                 "nhóm\". Hãy ghi nhóm ở trang \"Nhóm xã\", ở cột \"Nhóm xã\" của mẫu nhập liệu, hoặc "
                 "bằng lệnh python -m ntm groups set.")
    return text


def _vi_count(n: int) -> str:
    """A count written the Vietnamese way ("1.234")."""
    return format_number(n)
