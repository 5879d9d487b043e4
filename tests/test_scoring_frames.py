"""Scoring's building blocks (ntm.scoring.frames and the criterion status rule of assess):
per-group code lists, the paused garbage collector, categorical code columns."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd
import pytest

from ntm.scoring import frames as fr
from ntm.scoring.assess import C_BASIC, C_INCOMPLETE, C_MET, C_NA, C_NOT_MET, _FROM_OCCURRING


def test_lists_by_group_orders_each_group_by_rank_and_gives_empty_groups_empty_lists():
    group = np.array([2, 0, 2, 2, 0])
    codes = np.array(["10", "1.2", "2", "1.10", "1.1"], dtype=object)
    rank = np.array([4, 1, 3, 2, 0])
    assert fr.lists_by_group(group, codes, rank, 4) == [["1.1", "1.2"], [], ["1.10", "2", "10"], []]


def test_lists_by_group_keeps_input_order_on_equal_ranks_and_takes_negative_ranks():
    group = np.array([0, 0, 0, 1])
    codes = np.array(["b", "a", "c", "d"], dtype=object)
    assert fr.lists_by_group(group, codes, np.array([-5, -5, -9, 0]), 2) == [["c", "b", "a"], ["d"]]
    none = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object), np.zeros(0))
    assert fr.lists_by_group(*none, 2) == [[], []] and fr.lists_by_group(*none, 0) == []


def test_lists_by_group_gives_each_group_its_own_list():
    lists = fr.lists_by_group(np.array([0, 1]), np.array(["1", "1"], dtype=object), np.array([0, 0]), 3)
    lists[0].append("x")
    assert lists == [["1", "x"], ["1"], []] and lists[2] is not lists[1]


@pytest.mark.parametrize("running", [True, False])
def test_the_collector_is_paused_then_left_as_it_was(running):
    before = gc.isenabled()
    (gc.enable if running else gc.disable)()
    try:
        with fr.collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is running
        with pytest.raises(ValueError), fr.collector_paused():
            raise ValueError("boom")
        assert gc.isenabled() is running
    finally:
        (gc.enable if before else gc.disable)()


def test_categorical_codes_read_like_any_other_column():
    values = ["05", "17,2", None, "1.1", "05", "17.2"]
    plain = pd.Series(values, dtype=object)
    categorical = pd.Series(pd.Categorical(values, categories=["1.1", "05", "17,2", "17.2", "9"]))
    for column in (plain, categorical):
        index, codes = fr.factorize_codes(column)
        assert index.dtype == np.int64
        assert [codes[i] if i >= 0 else None for i in index] == ["5", "17.2", None, "1.1", "5", "17.2"]


@pytest.mark.parametrize("met, basic, not_met, na, missing", [
    (m, b, n, a, s) for m in (0, 1) for b in (0, 1) for n in (0, 1) for a in (0, 1) for s in (0, 1)])
def test_a_criterion_status_follows_the_rule_for_every_mix_of_statuses(met, basic, not_met, na, missing):
    applicable = met + basic + not_met + missing
    expected = (C_NA if applicable == 0 else C_MET if met == applicable else C_NOT_MET if not_met
                else C_INCOMPLETE if missing else C_BASIC)
    bits = (met << fr.S_MET) | (basic << fr.S_BASIC) | (not_met << fr.S_NOT_MET) | (na << fr.S_NA) \
        | (missing << fr.S_MISSING)
    assert _FROM_OCCURRING[bits] == expected
    assert _FROM_OCCURRING[bits | 1 << 5] == expected  # cells without a row count for nothing here
