"""So sánh: choosing communes, the commune × criterion matrix, the ranking and its caveat."""

from __future__ import annotations


from ntm.store import open_store
from pages.ui import state
from tests.store_fixtures import stored_groups
from tests.test_pages_support import (  # noqa: F401
    chart_titles,
    charts,
    frames,
    on_both_backends,
    rerun,
    run_page,
    seeded_postgres,
    seeded_store_dir,
    store_url,
    texts,
)

BASE = {state.FILTER_SET: "ntm-2021", state.FILTER_YEAR: 2023}


def test_compare_two_communes_criterion_by_criterion(store_url):
    at = run_page("compare", **BASE, **{state.COMPARE_COMMUNES: ["Khánh Bình", "Mỹ Đức"]})
    matrix = frames(at)[0].set_index("commune")
    assert list(matrix.index) == ["Khánh Bình", "Mỹ Đức"]
    assert list(matrix.columns) == [str(n) for n in range(1, 20)]
    assert matrix.loc["Khánh Bình", "1"] == "✗" and matrix.loc["Khánh Bình", "2"] == "✓"
    assert "✓ Đạt" in texts(at)  # the legend


@on_both_backends
def test_ranking_covers_every_commune_of_the_selection_and_says_what_it_means(store_url):
    at = run_page("compare", **BASE, **{state.COMPARE_COMMUNES: ["Khánh Bình", "Mỹ Đức"]})
    ranking = frames(at)[1]
    scores = open_store(store_url).scores(criteria_set="ntm-2021", year=2023)
    assert len(ranking) == len(scores) == 15
    assert ranking["rank"].iloc[0] == 1 and ranking["rank"].is_monotonic_increasing
    assert ranking["criteria"].iloc[0] == f"{scores['criteria_met'].max()}/19"
    assert set(ranking.loc[ranking["compared"] == "●", "commune"]) == {"Khánh Bình", "Mỹ Đức"}
    assert "ít có ý nghĩa" in texts(at)
    assert "nhóm xã" not in texts(at)  # 2021–2025 targets do not depend on a commune group


@on_both_backends
def test_the_2026_ranking_is_within_each_commune_group(store_url):
    at = run_page("compare", **{state.FILTER_SET: "ntm-2026", state.COMPARE_COMMUNES: ["Khánh Bình", "Mỹ Đức"]})
    ranking = frames(at)[1]
    assert list(ranking.columns[:4]) == ["rank", "compared", "group", "rank_in_set"]
    # The sample's groups (tools/make_sample_data.py GROUPS_2026): groups 1, 2, 3, then the unknown one.
    assert list(zip(ranking["group"], ranking["commune"], ranking["rank"])) == [
        ("Nhóm 1", "Khánh Bình", 1), ("Nhóm 1", "Châu Phú", 2), ("Nhóm 2", "Mỹ Đức", 1),
        ("Nhóm 2", "Phú Hữu", 2), ("Nhóm 3", "Nhơn Hội", 1), ("Chưa rõ nhóm", "Vĩnh Hậu", 1)]
    assert list(ranking["rank_in_set"]) == [2, 4, 1, 2, 6, 4]  # the whole set's order, for reference
    note = texts(at)
    assert "chỉ được xếp hạng trong các xã cùng nhóm" in note and "ít có ý nghĩa" in note
    assert "1 xã chưa ghi nhóm" in note and "Nhóm xã" in note and "groups set" in note
    assert stored_groups(store_url) == {"Khánh Bình": 1, "Châu Phú": 1, "Mỹ Đức": 2, "Phú Hữu": 2,
                                       "Nhơn Hội": 3, "Vĩnh Hậu": None}




def test_the_2026_ranking_note_in_english(store_url):
    at = run_page("compare", **{state.FILTER_SET: "ntm-2026", state.LANG: "en",
                                state.COMPARE_COMMUNES: ["Khánh Bình", "Mỹ Đức"]})
    assert list(frames(at)[1]["group"])[-1] == "Group unknown"
    note = texts(at)
    assert "ranked only among the communes of its own group" in note
    assert "1 commune(s) have no group recorded" in note


def test_compare_defaults_to_the_sidebar_communes(store_url):
    at = run_page("compare", **BASE, **{state.FILTER_COMMUNES: ["Khánh Bình", "Mỹ Đức", "Bình Long"]})
    assert sorted(at.multiselect(key=state.COMPARE_COMMUNES).value) == ["Bình Long", "Khánh Bình", "Mỹ Đức"]


def test_fewer_than_two_communes_asks_for_more(store_url):
    at = run_page("compare", **BASE)
    at.multiselect(key=state.COMPARE_COMMUNES).set_value(["Khánh Bình"])
    rerun(at)
    assert any("ít nhất 2 xã" in i.value for i in at.info)
    at.multiselect(key=state.COMPARE_COMMUNES).set_value([])
    rerun(at)
    assert any("ít nhất 2 xã" in i.value for i in at.info)


def test_compare_at_criterion_level_for_2026(store_url):
    at = run_page("compare", **{state.FILTER_SET: "ntm-2026",
                                state.COMPARE_COMMUNES: ["Khánh Bình", "Mỹ Đức"]})
    matrix = frames(at)[0]
    assert list(matrix.columns) == ["commune", *[str(n) for n in range(1, 11)]]


def test_compare_draws_grouped_bars_heat_map_and_radar(store_url):
    at = run_page("compare", **BASE, **{state.COMPARE_COMMUNES: ["Khánh Bình", "Mỹ Đức"]})
    assert chart_titles(at) == ["So sánh tiêu chí và chỉ tiêu đạt", "Tình trạng từng tiêu chí theo xã",
                                "Mức hoàn thành từng tiêu chí (tỷ lệ chỉ tiêu đạt)"]
    bars, _, radar = charts(at)
    assert [t["name"] for t in bars["data"]] == ["Tiêu chí đạt", "Chỉ tiêu đạt"]
    assert sorted(t["name"] for t in radar["data"]) == ["Khánh Bình", "Mỹ Đức"]
