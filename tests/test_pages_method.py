"""Phương pháp: the criteria sets and legal basis; each indicator with code, name, target, confidence."""

from __future__ import annotations

from ntm.catalog import load_catalog
from pages.ui import state
from tests.test_pages_support import frames, rerun, run_page, seeded_store_dir, store_url, texts  # noqa: F401


def test_method_lists_the_criteria_sets_with_legal_basis(store_url):
    at = run_page("method")
    sets = frames(at)[0].set_index("id")
    assert list(sets.index) == load_catalog().ids()
    assert "318/QĐ-TTg" in sets.loc["ntm-2021", "legal_basis"]
    assert "51/2025/QĐ-TTg" in sets.loc["ntm-2026", "legal_basis"]
    assert sets.loc["ntm-2021", ["criteria", "indicators", "period"]].tolist() == [19, 57, "2021–2025"]


def test_method_lists_every_indicator_with_target_and_confidence(store_url):
    at = run_page("method")
    indicators = frames(at)[1]
    assert len(indicators) == 57
    first = indicators.iloc[0]
    assert first["indicator"] == "1.1" and first["criterion"] == "1. Quy hoạch"
    assert first["target"] == "Đạt" and first["confidence"] == "Khá cao"
    assert indicators["name"].str.len().min() > 5
    assert indicators["source"].str.startswith("http").all()


def test_method_explains_the_scoring_rules_in_vietnamese(store_url):
    page = " ".join(texts(run_page("method")).split())  # Markdown lines are wrapped
    for phrase in ("Mẫu số lấy từ bộ tiêu chí", "84,21%", "Không áp dụng", "Chưa có dữ liệu"):
        assert phrase in page


def test_a_set_known_at_criterion_level_lists_its_criteria(store_url):
    at = run_page("method")
    at.selectbox(key=state.METHOD_SET).set_value("ntm-2026")
    rerun(at)
    assert any("cấp tiêu chí" in i.value for i in at.info)
    assert len(frames(at)[1]) == 10
