"""Drawing the method page: the criteria sets, their indicators, and the scoring rules in words."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ntm.catalog import Catalog, CriteriaSet
from pages.ui.i18n import lang, t
from pages.ui.render_common import render_table

CONFIDENCE = {
    "high": ("Cao", "High"), "medium-high": ("Khá cao", "Medium-high"), "medium": ("Trung bình", "Medium"),
    "low-medium": ("Khá thấp", "Low-medium"), "low": ("Thấp", "Low"),
}
SCHEME = {"region": ("Theo 7 vùng", "By 7 regions"), "group": ("Theo 3 nhóm xã", "By 3 commune groups")}


def _confidence(text: str) -> str:
    words = CONFIDENCE.get(str(text).strip())
    return t(*words) if words else str(text)


def _period(cs: CriteriaSet) -> str:
    return f"{cs.year_from or '…'}–{cs.year_to or '…'}"


def render_sets(catalog: Catalog) -> None:
    """Every criteria set: id, name, legal basis, period, counts, how complete its list is."""
    table = pd.DataFrame([{
        "id": cs.id, "name": t(cs.name_vi, cs.name_en), "legal_basis": cs.legal_basis, "period": _period(cs),
        "criteria": cs.criteria_count, "indicators": cs.indicator_count,
        "complete": t("Đầy đủ", "Complete") if cs.indicators_complete else
        t(f"Mới biết {len(cs.indicators)} chỉ tiêu", f"{len(cs.indicators)} known so far"),
        "targets": t(*SCHEME[cs.target_scheme]) if cs.target_scheme in SCHEME else cs.target_scheme,
        "origin": t("Có sẵn", "Shipped") if cs.origin == "catalog" else cs.origin,
    } for cs in catalog])
    render_table(table, columns={
        "id": t("Mã bộ", "Id"), "name": t("Tên", "Name"),
        "legal_basis": st.column_config.TextColumn(t("Căn cứ pháp lý", "Legal basis"), width="large"),
        "period": t("Giai đoạn", "Period"), "criteria": t("Số tiêu chí", "Criteria"),
        "indicators": t("Số chỉ tiêu", "Indicators"), "complete": t("Danh mục chỉ tiêu", "Indicator list"),
        "targets": t("Mức đạt chuẩn", "Targets"), "origin": t("Nguồn", "Origin")})


def _target(row: pd.Series) -> str:
    target = str(row["target"] or "").strip()
    if not target:
        return t("Theo vùng/nhóm xã (chưa có trong danh mục)", "By region/group (not in the catalog yet)")
    comparator = str(row["comparator"] or "").strip()
    return target if comparator in ("", "=") else f"{comparator} {target}"


def render_indicators(cs: CriteriaSet) -> None:
    """One set's indicators: code, criterion, name, unit, target, source confidence, source."""
    if cs.notes and lang() == "en":  # the catalog's notes are written in English
        st.caption(cs.notes)
    if cs.indicators.empty:
        count = cs.indicator_count or ""
        st.info(t(f"Chưa biết danh sách {count} chỉ tiêu của bộ này: đánh giá ở cấp tiêu chí. Các tiêu chí:",
                  f"The {count} indicators of this set are not known yet: assess at criterion level. "
                  "Its criteria:"))
        criteria = cs.criteria.assign(name=cs.criteria[t("name_vi", "name_en")])[["criterion", "name"]]
        render_table(criteria, fit=True, columns={
            "criterion": t("Tiêu chí", "Criterion"), "name": t("Tên tiêu chí", "Criterion name")})
        return
    rows = cs.indicators
    table = pd.DataFrame({
        "indicator": rows["indicator"].to_numpy(),
        "criterion": [f"{c}. {n}" for c, n in zip(rows["criterion"],
                                                    rows[t("criterion_name_vi", "criterion_name_en")])],
        "name": rows[t("indicator_name_vi", "indicator_name_en")].to_numpy(),
        "unit": rows["unit"].map(lambda u: t("có/không", "yes/no") if u == "yes/no" else u).to_numpy(),
        "target": [_target(r) for _, r in rows.iterrows()],
        "confidence": rows["confidence"].map(_confidence).to_numpy(),
        "source": rows["source"].map(lambda s: str(s).split(" | ")[0] if s else None).to_numpy(),
    })
    render_table(table, columns={
        "indicator": t("Mã", "Code"), "criterion": t("Tiêu chí", "Criterion"),
        "name": st.column_config.TextColumn(t("Chỉ tiêu", "Indicator"), width="large"),
        "unit": t("Đơn vị", "Unit"),
        "target": t("Mức đạt chuẩn", "Target"), "confidence": t("Độ tin cậy nguồn", "Source confidence"),
        "source": st.column_config.LinkColumn(t("Nguồn", "Source"), display_text=r"https?://([^/]+)/.*")})
    if not cs.indicators_complete:
        st.caption(t(f"Danh mục mới có {len(rows)}/{cs.indicator_count} chỉ tiêu; mẫu số vẫn là "
                     f"{cs.indicator_count}.",
                     f"The catalog knows {len(rows)}/{cs.indicator_count} indicators; the denominator is "
                     f"still {cs.indicator_count}."))


RULES_VI = """
1. **Tiêu chí đạt** khi mọi chỉ tiêu áp dụng của tiêu chí đều đạt. Nếu không có chỉ tiêu nào chưa đạt nhưng
   còn chỉ tiêu thiếu dữ liệu, tiêu chí được ghi là *thiếu dữ liệu chỉ tiêu* (chưa đạt, có đánh dấu).
2. **Mẫu số lấy từ bộ tiêu chí** (19 tiêu chí, 57 chỉ tiêu…), trừ đi các mục *không áp dụng* — không phụ
   thuộc số dòng có trong tệp. Một xã không có chợ được tính 18/18 tiêu chí.
3. **Tỷ lệ** = số đạt ÷ số áp dụng × 100, làm tròn nửa lên 2 chữ số thập phân, viết kiểu Việt Nam: 16/19 →
   84,21%; 50/57 → 87,72%; 63/75 → 84%.
4. **Xã đạt chuẩn** khi mọi tiêu chí áp dụng đều đạt.
5. **Kết quả tự đánh giá là căn cứ** (đó là số liệu chính thức). Khi có cả số liệu và mức đạt chuẩn bằng số,
   công cụ so sánh thêm và *cảnh báo* nếu lệch (ví dụ: ghi "Đạt" nhưng 85% < 90%) — không tự sửa kết quả.
6. **Khoảng cách**: chỉ tiêu và tiêu chí còn phải đạt; với chỉ tiêu đo bằng số, khoảng cách tới mức đạt
   chuẩn tính theo đơn vị của chỉ tiêu.
7. **So sánh qua các năm**: cùng xã (theo mã đơn vị hoặc tên đã chuẩn hóa), cùng họ bộ tiêu chí; ghi rõ tiêu
   chí tăng thêm và tiêu chí bị mất (mất tiêu chí sau khi đã đạt chuẩn được đánh dấu riêng). Khi đổi bộ tiêu
   chí (2025 → 2026) chỉ so sánh tỷ lệ.
8. **Tổng hợp nhiều xã**: số xã theo nhóm 19 / 15–18 / 10–14 / 5–9 / dưới 5 tiêu chí (tiêu chí không áp dụng
   được tính là đã đáp ứng), bình quân tiêu chí đạt mỗi xã, tỷ lệ xã đạt từng tiêu chí, các tiêu chí và chỉ
   tiêu chưa đạt nhiều nhất.

**Trạng thái một kết quả:** *Đạt*; *Cơ bản đạt* (chưa tính là đạt, hiển thị riêng); *Chưa đạt*; *Không áp
dụng* (không tính vào mẫu số); *Chưa có dữ liệu* (ô trống hoặc thiếu dòng: chưa đạt, luôn được đánh dấu,
không bao giờ bị coi lặng lẽ là "chưa đạt").
"""

RULES_EN = """
1. **A criterion is met** when every applicable indicator in it is met. If none is unmet but some have no
   data, the criterion is *incomplete* (not met, flagged).
2. **Denominators come from the criteria set** (19 criteria, 57 indicators…) minus *not applicable* items —
   never from how many rows a file has. A commune with no market scores 18/18.
3. **Ratios** = met ÷ applicable × 100, rounded half-up to 2 decimals, written the Vietnamese way: 16/19 →
   84,21%; 50/57 → 87,72%; 63/75 → 84%.
4. **A commune reaches the standard** when every applicable criterion is met.
5. **The reported status is authoritative** (it is the official assessment). Where a numeric result and a
   numeric target are both known, the tool checks them too and *warns* on a disagreement (reported "Met" but
   85% < 90%) — it never overrides the report.
6. **Gaps**: indicators and criteria still to reach; for numeric indicators, the distance to target in the
   indicator's unit.
7. **Year over year**: the same commune (by official code or normalised name), the same family of sets;
   criteria gained and lost are listed (losing one after reaching the standard is flagged). Across a change
   of set (2025 → 2026) only ratios are compared.
8. **Roll-ups**: communes per band 19 / 15–18 / 10–14 / 5–9 / under 5 criteria (a not-applicable criterion
   counts as satisfied), average criteria met per commune, share of communes meeting each criterion, the
   criteria and indicators most often unmet.

**Statuses of a result:** *Met*; *Basically met* (not counted as met, shown separately); *Not met*; *Not
applicable* (left out of the denominator); *No data* (blank cell or missing row: not met, always flagged,
never silently treated as "not met").
"""


def render_rules() -> None:
    """The scoring rules in plain words."""
    st.markdown(t(RULES_VI, RULES_EN))
