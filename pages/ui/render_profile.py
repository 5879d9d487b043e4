"""Drawing a commune's report card: headline figures, what is unmet, criteria, history, summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ntm.catalog import Catalog
from ntm.charts import build_history_chart, build_todays_map_chart
from ntm.scoring import commune_keys
from ntm.summary import default_heading, write_summary
from ntm.units.history import COMBINED_SERIES, describe_history
from ntm.vnformat import format_number, format_pct
from pages.ui import state
from pages.ui.data import remembered
from pages.ui.figures import sendable
from pages.ui.downloads import XLSX_MIME, commune_report_builder, file_stem
from pages.ui.i18n import lang, t
from pages.ui.labels import criterion_label, status_text, status_word, yes_no
from pages.ui.render_common import render_figure, render_status_legend, render_table
from pages.ui.tables import codes, fraction, style_statuses


def commune_choices(scores: pd.DataFrame) -> dict[str, int]:
    """A label per commune of ``scores`` → its row; the name alone unless two places share it."""
    names = scores["commune"].astype(object).fillna("?")
    shared = names.duplicated(keep=False)
    labels = {}
    for i, (name, district, province) in enumerate(zip(names, scores["district"], scores["province"])):
        where = ", ".join(str(p) for p in (district, province) if p is not None and not pd.isna(p))
        labels[f"{name} ({where})" if shared.iat[i] else str(name)] = i
    return dict(sorted(labels.items()))


def choose_commune(scores: pd.DataFrame, key: tuple | None = None) -> pd.Series:
    """A commune of ``scores`` (remembered across pages); its score row, with where and when it is.

    ``key`` names the selection ``scores`` come from, to remember the choices per selection.
    """
    choices = commune_choices(scores) if key is None else remembered("communes", key, lambda: commune_choices(scores))
    remembered_choice = st.session_state.get(state.PROFILE_COMMUNE)
    st.session_state[state.PROFILE_COMMUNE] = (remembered_choice if remembered_choice in choices
                                               else next(iter(choices)))
    label = st.selectbox(t("Xã", "Commune"), list(choices), key=state.PROFILE_COMMUNE,
                         persist_state="session")
    score = scores.iloc[choices[label]]
    where = ", ".join(str(p) for p in (score["district"], score["province"]) if isinstance(p, str))
    st.caption(f"{score['commune']} · {where} · {t('năm', 'year')} {int(score['year'])} · "
               f"{score['criteria_set']}")
    return score


def render_report_card(score: pd.Series) -> None:
    """"16/19 tiêu chí · 84,21%", "51/57 chỉ tiêu · 89,47%" and whether the standard is reached."""
    criteria = (f"{fraction(score['criteria_met'], score['criteria_total'])} {t('tiêu chí', 'criteria')} · "
                f"{format_pct(score['criteria_pct'])}")
    if pd.isna(score["indicators_total"]):
        indicators = t("Chỉ có kết quả cấp tiêu chí", "Criterion-level results only")
    else:
        indicators = (f"{fraction(score['indicators_met'], score['indicators_total'])} "
                      f"{t('chỉ tiêu', 'indicators')} · {format_pct(score['indicators_pct'])}")
    a, b, c = st.columns([2, 2, 1])
    a.metric(t("Tiêu chí đạt", "Criteria met"), criteria)
    b.metric(t("Chỉ tiêu đạt", "Indicators met"), indicators)
    c.metric(t("Đạt chuẩn", "Reached the standard"), yes_no(bool(score["reached_standard"])))
    if int(score["criteria_basically_met"]):
        st.caption(t(f"{score['criteria_basically_met']} tiêu chí cơ bản đạt (chưa tính là đạt).",
                     f"{score['criteria_basically_met']} criteria basically met (not counted as met)."))


def _no_list(text: str) -> str:
    """"1\\. Quy hoạch": Markdown would read "1. Quy hoạch" as a numbered list."""
    return text.replace(".", "\\.", 1)


def render_unmet(score: pd.Series, criteria: pd.DataFrame, gaps: pd.DataFrame, catalog: Catalog) -> None:
    """The unmet criteria with their names, and the unmet indicators with their gaps to target."""
    unmet = criteria[criteria["criterion"].isin(score["unmet_criteria"] or [])]
    if unmet.empty:
        st.success(t("Đã đạt đủ các tiêu chí áp dụng.", "Every applicable criterion is met."))
    else:
        st.markdown(t("**Tiêu chí chưa đạt**", "**Criteria not met**"))
        lines = [f"- {_no_list(criterion_label(catalog, r.criteria_set, r.criterion))} — "
                 f"{status_word(r.status)}"
                 for r in unmet.itertuples()]
        st.markdown("\n".join(lines))
    if gaps.empty:
        return
    st.markdown(t("**Chỉ tiêu chưa đạt và khoảng cách tới mức đạt chuẩn**",
                  "**Indicators not met and their gap to target**"))
    table = pd.DataFrame({
        "indicator": gaps["indicator"].to_numpy(),
        "name": gaps[t("name_vi", "name_en")].to_numpy(),
        "status": gaps["status"].astype(object).map(status_text).to_numpy(),
        "value": gaps["value"].astype(object).fillna("").to_numpy(),
        "target": gaps["target"].astype(object).fillna("").to_numpy(),
        "gap": [f"{format_number(g)} {u or ''}".strip() if pd.notna(g) else "" for g, u in
                zip(gaps["gap"], gaps["unit"].astype(object).where(gaps["unit"].notna(), None))],
        "note": gaps[t("note", "note_en")].astype(object).fillna("").to_numpy(),
    })
    render_table(style_statuses(table, ["status"]), columns={
        "indicator": t("Mã", "Code"),
        "name": st.column_config.TextColumn(t("Chỉ tiêu", "Indicator"), width="large"),
        "status": t("Đánh giá", "Status"), "value": t("Kết quả", "Result"),
        "target": t("Mức đạt chuẩn", "Target"), "gap": t("Còn thiếu", "Gap"),
        "note": st.column_config.TextColumn(t("Ghi chú", "Note"), width="medium")})


def render_criteria_table(criteria: pd.DataFrame, catalog: Catalog) -> None:
    """Every criterion of the set: status icon, indicators met of applicable, missing data."""
    table = pd.DataFrame({
        "criterion": [criterion_label(catalog, s, c)
                      for s, c in zip(criteria["criteria_set"], criteria["criterion"])],
        "status": criteria["status"].astype(object).map(status_text).to_numpy(),
        "indicators": [fraction(m, n)
                       for m, n in zip(criteria["indicators_met"], criteria["indicators_applicable"])],
        "missing": criteria["indicators_missing"].to_numpy(),
    })
    render_table(style_statuses(table, ["status"]), fit=True, columns={
        "criterion": st.column_config.TextColumn(t("Tiêu chí", "Criterion"), width="large"),
        "status": t("Đánh giá", "Status"),
        "indicators": t("Chỉ tiêu đạt/áp dụng", "Indicators met/applicable"),
        "missing": st.column_config.NumberColumn(t("Chỉ tiêu thiếu dữ liệu", "Indicators without data"),
                                                 format="%d")})
    render_status_legend()


def commune_history(scores: pd.DataFrame, score: pd.Series, keys: pd.Series | None = None) -> pd.DataFrame:
    """Every current assessment of the commune of ``score`` (followed by code or name), by year.

    Args:
        scores: the scores to look in.
        score: one row of them.
        keys: ``commune_keys(scores)`` when already known (``data.score_commune_keys``).
    """
    if keys is None or len(keys) != len(scores):  # not given, or read at another store revision
        keys = commune_keys(scores)
    same = np.ones(len(scores), dtype=bool)
    for column in ("province", "commune", "year", "criteria_set"):
        same &= np.array((scores[column] == score[column]).fillna(False), dtype=bool)
    mine = keys[same].iat[0]
    return scores[(keys == mine).to_numpy()].sort_values(["year", "criteria_set"]).reset_index(drop=True)


def render_history(history: pd.DataFrame, changes: pd.DataFrame) -> None:
    """The chart of criteria met and ratios by year, then the table with criteria gained and lost.

    The chart is the same whatever year is chosen: drawn once per commune history.
    """
    figure = remembered("history-chart", tuple(history["assessment_id"]),
                        lambda: sendable(build_history_chart(history, lang=lang())))
    render_figure(figure, f"ho-so-{history['commune'].iat[0]}-qua-cac-nam")
    render_history_table(history, changes)


def render_history_table(history: pd.DataFrame, changes: pd.DataFrame) -> None:
    """Criteria and indicators met by year and set, with the criteria gained and lost."""
    table = pd.DataFrame({
        "year": history["year"].to_numpy(), "criteria_set": history["criteria_set"].to_numpy(),
        "criteria": [fraction(m, n) for m, n in zip(history["criteria_met"], history["criteria_total"])],
        "criteria_pct": history["criteria_pct"].map(format_pct).to_numpy(),
        "indicators": [fraction(m, n)
                       for m, n in zip(history["indicators_met"], history["indicators_total"])],
        "indicators_pct": pd.to_numeric(history["indicators_pct"]).map(format_pct).to_numpy(),
        "reached": history["reached_standard"].map(yes_no).to_numpy(),
    })
    if not changes.empty:
        moves = changes.set_index(["to_year", "to_set"])
        gained, lost = {}, {}
        for (year, set_id), row in moves.iterrows():
            gained[(year, set_id)] = codes(row["criteria_gained"])
            lost[(year, set_id)] = codes(row["criteria_lost"]) or (
                t(row["note"], row["note_en"]) if not row["comparable"] else "")
        pairs = list(zip(table["year"], table["criteria_set"]))
        table["gained"] = [gained.get(p, "") for p in pairs]
        table["lost"] = [lost.get(p, "") for p in pairs]
    render_table(table, columns={
        "year": st.column_config.NumberColumn(t("Năm", "Year"), format="%d"),
        "criteria_set": t("Bộ tiêu chí", "Criteria set"), "criteria": t("Tiêu chí đạt", "Criteria met"),
        "criteria_pct": t("Tỷ lệ tiêu chí", "Criteria ratio"),
        "indicators": t("Chỉ tiêu đạt", "Indicators met"),
        "indicators_pct": t("Tỷ lệ chỉ tiêu", "Indicator ratio"), "reached": t("Đạt chuẩn", "Standard"),
        "gained": t("Tiêu chí tăng thêm", "Criteria gained"), "lost": t("Tiêu chí bị mất", "Criteria lost")})


def todays_unit(score: pd.Series) -> str | None:
    """The code of the commune ``score``'s commune is part of today, or None when its name did
    not resolve to an official unit."""
    code = score.get("new_code")
    return None if code is None or pd.isna(code) else str(code)


def render_todays_history(score: pd.Series, todays_map: pd.DataFrame) -> bool:
    """The commune's history on today's map: which units it was made of, each one's series and the
    combined line (chart, then table). False, after saying why, when it cannot be shown (the
    commune's name did not resolve): the caller shows the history as reported instead."""
    code = todays_unit(score)
    rows = todays_map[todays_map["today_code"] == code] if code else todays_map.iloc[0:0]
    if rows.empty:
        st.warning(t(f"'{score['commune']}' chưa khớp với đơn vị hành chính chính thức nào (xem cảnh báo khi "
                     "tải lên), nên chưa xếp được theo bản đồ hiện nay. Dưới đây là lịch sử theo đơn vị khi "
                     "báo cáo.",
                     f"'{score['commune']}' does not match an official unit yet (see the upload's warnings), "
                     "so it cannot be placed on today's map. Its history as reported follows."))
        return False
    st.info(describe_history(rows, code, lang()), icon=":material/map:")
    figure = remembered("todays-map-profile", (code,), lambda: build_todays_map_chart(rows, lang=lang()))
    render_figure(figure, f"ho-so-{code}-ban-do-hien-nay")
    render_todays_table(rows)
    return True


def render_todays_table(rows: pd.DataFrame) -> None:
    """One line per unit and year (and a combined line per year): criteria met or units at the
    standard, and the ratio; a note in the first year after a change of criteria set."""
    combined = (rows["series"] == COMBINED_SERIES).to_numpy()
    table = pd.DataFrame({
        "year": rows["year"].to_numpy(), "criteria_set": rows["criteria_set"].astype(object).to_numpy(),
        "unit": [t("Tổng hợp", "Combined") if c else f"{n} [{k}]"
                 for c, n, k in zip(combined, rows["series_name"], rows["series_code"])],
        "criteria": ["" if c else fraction(m, n)
                     for c, m, n in zip(combined, rows["criteria_met"], rows["criteria_total"])],
        "criteria_pct": rows["criteria_pct"].map(format_pct).to_numpy(),
        "reached": [t(f"{r}/{n} đơn vị", f"{r}/{n} units") if c else yes_no(bool(s))
                    for c, r, n, s in zip(combined, rows["units_reached"], rows["units_total"],
                                          rows["reached_standard"])],
        "note": rows[t("note", "note_en")].astype(object).fillna("").to_numpy(),
    })
    render_table(table, columns={
        "year": st.column_config.NumberColumn(t("Năm", "Year"), format="%d"),
        "criteria_set": t("Bộ tiêu chí", "Criteria set"), "unit": t("Đơn vị", "Unit"),
        "criteria": t("Tiêu chí đạt", "Criteria met"), "criteria_pct": t("Tỷ lệ tiêu chí", "Criteria ratio"),
        "reached": t("Đạt chuẩn", "Standard"),
        "note": st.column_config.TextColumn(t("Ghi chú", "Note"), width="large")})
    st.caption(t("Dòng tổng hợp: tỷ lệ là bình quân tỷ lệ của các đơn vị có số liệu; không cộng số tiêu chí "
                 "của các đơn vị hay của hai bộ tiêu chí.",
                 "Combined line: the ratio is the mean of the ratios of the units with data; criteria counts "
                 "of units or of two criteria sets are never added."))


def summary_text(score: pd.Series) -> str:
    """The summary paragraph scoring writes for the report, with its heading."""
    return write_summary(score, heading=default_heading(score["criteria_set"], lang()), lang=lang())


def render_summary(score: pd.Series) -> None:
    """The paragraph, in a box with a copy button."""
    st.code(summary_text(score), language=None, wrap_lines=True)
    st.caption(t("Bấm biểu tượng sao chép ở góc hộp để dán vào báo cáo.",
                 "Click the copy icon in the corner of the box to paste it into a report."))


def render_report_download(score: pd.Series, criteria: pd.DataFrame, gaps: pd.DataFrame,
                           history: pd.DataFrame) -> None:
    """The commune's report as .xlsx (built on click; the page is not reset): its score, its
    ``criterion_results`` and ``indicator_gaps`` that year, and its history."""
    st.download_button(t("Tải báo cáo của xã (.xlsx)", "Download the commune's report (.xlsx)"),
                       icon=":material/download:",
                       data=commune_report_builder(score, criteria, gaps, history, lang()), mime=XLSX_MIME,
                       file_name=file_stem("bao-cao", score["commune"], score["year"], score["criteria_set"])
                       + ".xlsx",
                       key=state.PROFILE_REPORT, on_click="ignore", type="primary")
    st.caption(t("Báo cáo gồm điểm số, từng tiêu chí, chỉ tiêu chưa đạt với khoảng cách tới mức đạt chuẩn và "
                 "các năm.",
                 "The report holds the scores, each criterion, the unmet indicators with their gaps and the "
                 "years."))
