"""Ranking communes among their peers: ties, commune groups, the unknown group, other sets unchanged."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.scoring import UNKNOWN_GROUP, group_label, group_sets, rank_communes, ranking_note


def _scores(rows: list[tuple]) -> pd.DataFrame:
    """(commune, set, year, criteria met, indicator ratio or None, group or None) per row."""
    return pd.DataFrame(rows, columns=["commune", "criteria_set", "year", "criteria_met", "indicators_pct",
                                       "commune_group"]).astype({"commune_group": "Int8"})


def _ranks(ranked: pd.DataFrame) -> list[tuple]:
    return list(zip(ranked["commune"], ranked["rank"], ranked["peers"]))


def test_criteria_first_then_the_indicator_ratio_and_ties_share_the_best_rank():
    ranked = rank_communes(_scores([
        ("A", "ntm-2021", 2023, 17, 90.0, None), ("B", "ntm-2021", 2023, 19, 100.0, None),
        ("C", "ntm-2021", 2023, 17, 95.0, None), ("D", "ntm-2021", 2023, 17, 90.0, None),
        ("E", "ntm-2021", 2023, 12, None, None)]))
    assert _ranks(ranked) == [("B", 1, 5), ("C", 2, 5), ("A", 3, 5), ("D", 3, 5), ("E", 5, 5)]
    assert list(ranked["rank_in_set"]) == list(ranked["rank"])
    assert ranked["rank_group"].isna().all()  # ranked as a whole set


def test_years_and_sets_are_ranked_apart():
    ranked = rank_communes(_scores([
        ("A", "ntm-2021", 2023, 10, None, None), ("A", "ntm-2021", 2024, 12, None, None),
        ("B", "ntm-2021", 2024, 15, None, None), ("B", "ntm-nc-2021", 2024, 3, None, None)]))
    assert list(zip(ranked["commune"], ranked["year"], ranked["criteria_set"], ranked["rank"])) == [
        ("A", 2023, "ntm-2021", 1), ("B", 2024, "ntm-2021", 1), ("A", 2024, "ntm-2021", 2),
        ("B", 2024, "ntm-nc-2021", 1)]


def test_a_set_whose_targets_depend_on_the_group_is_ranked_within_each_group():
    scores = _scores([
        ("A", "ntm-2026", 2026, 6, None, 1), ("B", "ntm-2026", 2026, 8, None, 2),
        ("C", "ntm-2026", 2026, 7, None, 1), ("D", "ntm-2026", 2026, 9, None, None),
        ("E", "ntm-2026", 2026, 4, None, 3), ("F", "ntm-2026", 2026, 5, None, None),
        ("G", "ntm-2026", 2026, 8, None, 2)])
    ranked = rank_communes(scores, by_group={"ntm-2026"})
    assert list(zip(ranked["commune"], ranked["rank_group"], ranked["rank"], ranked["peers"])) == [
        ("C", 1, 1, 2), ("A", 1, 2, 2), ("B", 2, 1, 2), ("G", 2, 1, 2), ("E", 3, 1, 1),
        ("D", UNKNOWN_GROUP, 1, 2), ("F", UNKNOWN_GROUP, 2, 2)]
    # The rank among the whole set stays beside it: D has the most criteria of all.
    assert dict(zip(ranked["commune"], ranked["rank_in_set"])) == {
        "D": 1, "B": 2, "G": 2, "C": 4, "A": 5, "F": 6, "E": 7}
    assert set(ranked["set_peers"]) == {7}
    # Without the set in ``by_group`` the groups are ignored: the plain ranking.
    plain = rank_communes(scores)
    assert list(plain["commune"]) == ["D", "B", "G", "C", "A", "F", "E"]
    assert plain["rank_group"].isna().all()


def test_without_a_group_column_every_commune_is_in_the_unknown_group():
    scores = _scores([("A", "ntm-2026", 2026, 6, None, None), ("B", "ntm-2026", 2026, 8, None, None)])
    ranked = rank_communes(scores.drop(columns="commune_group"), by_group={"ntm-2026"})
    assert list(ranked["rank_group"]) == [UNKNOWN_GROUP, UNKNOWN_GROUP] and list(ranked["rank"]) == [1, 2]


def test_an_empty_selection_ranks_to_an_empty_frame():
    ranked = rank_communes(_scores([]), by_group={"ntm-2026"})
    assert ranked.empty and {"rank", "peers", "rank_group"} <= set(ranked.columns)


def test_group_sets_come_from_the_catalog(catalog):
    assert group_sets(catalog) == {"ntm-2026"}


@pytest.mark.parametrize(("group", "vi", "en"), [
    (1, "Nhóm 1", "Group 1"), (3, "Nhóm 3", "Group 3"), (UNKNOWN_GROUP, "Chưa rõ nhóm", "Group unknown"),
    (pd.NA, "", ""), (None, "", "")])
def test_group_labels(group, vi, en):
    assert group_label(group) == vi and group_label(group, "en") == en


def test_the_note_says_what_the_ranking_means_and_how_many_have_no_group():
    grouped = rank_communes(_scores([("A", "ntm-2026", 2026, 6, None, 1), ("B", "ntm-2026", 2026, 8, None, None),
                                     ("C", "ntm-2026", 2026, 2, None, None)]), by_group={"ntm-2026"})
    vi, en = ranking_note(grouped), ranking_note(grouped, "en")
    assert "cùng nhóm" in vi and "ít có ý nghĩa" in vi and "2 xã chưa ghi nhóm" in vi and "trang \"Nhóm xã\"" in vi
    assert "within a group" in en and "2 commune(s) have no group recorded" in en and "groups set" in en
    assert "\"Commune groups\" page" in en
    plain = rank_communes(_scores([("A", "ntm-2021", 2023, 6, None, None)]))
    assert "nhóm" not in ranking_note(plain) and "means little" in ranking_note(plain, "en")
    all_known = rank_communes(_scores([("A", "ntm-2026", 2026, 6, None, 2)]), by_group={"ntm-2026"})
    assert "chưa ghi nhóm" not in ranking_note(all_known)
