"""A commune's report as one .xlsx: summary paragraph, criteria, unmet indicators, history.

What the profile page offers as "download the commune's report". Sheets (Vietnamese names, or
English with ``lang="en"``): TomTat (the figures and the paragraph officials paste into reports,
``ntm.summary.write_summary``; the commune as reported and its official unit before and after
1 July 2025 when the score carries them), TieuChi (every criterion with its status, coloured),
ChiTieuChuaDat (indicators not met or without data, with the distance to target), LichSu (the
commune's scores in every year), ThongTin (what was exported, when, from which set).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ntm.catalog import Catalog
from ntm.export.tables import SCORE_HEADERS, criteria_table, gaps_table, scores_table
from ntm.export.writers import Book, export_metadata, metadata_rows
from ntm.schema import ASSESSMENT_KEYS
from ntm.scoring.progress import commune_keys
from ntm.summary import default_heading, write_summary

_SHEETS = {"summary": ("TomTat", "Summary"), "criteria": ("TieuChi", "Criteria"),
           "gaps": ("ChiTieuChuaDat", "UnmetIndicators"), "history": ("LichSu", "History"),
           "info": ("ThongTin", "Info")}
# The commune as reported, then its official unit before and after 1 July 2025 (when known).
_SUMMARY_FIELDS = ["commune", "district", "province", "commune_code", "old_name", "old_code", "new_name",
                   "new_code", "new_province", "year", "criteria_set", "criteria_met",
                   "criteria_total", "criteria_pct", "indicators_met", "indicators_total", "indicators_pct",
                   "reached_standard"]


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _same(value: object, wanted: object) -> bool:
    """Equality where two blanks (None, NaN, pd.NA) are the same."""
    if pd.isna(wanted):
        return pd.isna(value)
    return not pd.isna(value) and value == wanted


def _of_assessment(frame: pd.DataFrame | None, score: Mapping) -> pd.DataFrame:
    """The rows of ``frame`` that belong to the assessment ``score`` describes."""
    if frame is None or frame.empty:
        return pd.DataFrame() if frame is None else frame
    keep = pd.Series(True, index=frame.index)
    for key in ASSESSMENT_KEYS:
        if key in frame and key in score:
            keep &= frame[key].astype(object).map(lambda v, w=score[key]: _same(v, w)).astype(bool)
    return frame[keep]


def commune_report_xlsx(score: Mapping, criteria: pd.DataFrame, gaps: pd.DataFrame | None = None,
                        history: pd.DataFrame | None = None, *, catalog: Catalog | None = None,
                        metadata: Mapping[str, object] | None = None, lang: str = "vi") -> bytes:
    """One commune-year's report as .xlsx bytes.

    Args:
        score: the commune-year's score record: one row of ``ntm.scoring.score_assessments``
            (a pandas Series or a dict with the same keys).
        criteria: ``ntm.scoring.criterion_results`` output; only this assessment's rows are used.
        gaps: ``ntm.scoring.indicator_gaps`` output; only this assessment's rows are used.
        history: ``score_assessments`` rows of this commune in other years; rows of other
            communes are left out (matched as ``year_over_year`` matches them).
        catalog: for criterion names, the set's name and legal basis (optional).
        metadata: extra label → value rows for the ThongTin sheet (filters, user …).
        lang: "vi" (default) or "en".

    Returns:
        The workbook's bytes.
    """
    criteria_set = None
    if catalog is not None and score.get("criteria_set") and catalog.resolve(score["criteria_set"]):
        criteria_set = catalog.get(score["criteria_set"])
    book = Book()

    summary: dict[str, object] = {}
    single = scores_table(pd.DataFrame([{k: score.get(k) for k in _SUMMARY_FIELDS if k in score}]), lang=lang)
    for label, value in single.iloc[0].items():
        summary[label] = value
    if criteria_set is not None:
        summary[_pick(("Căn cứ pháp lý", "Legal basis"), lang)] = criteria_set.legal_basis
    paragraph = write_summary(score, heading=default_heading(score.get("criteria_set"), lang), lang=lang)
    summary[_pick(("Tóm tắt", "Summary"), lang)] = paragraph
    title = _pick(("Báo cáo kết quả xây dựng nông thôn mới", "New rural development report"), lang)
    place = ", ".join(str(score[k]) for k in ("commune", "province") if k in score and not pd.isna(score[k]))
    year = score.get("year")
    when = f" – {int(year)}" if year is not None and not pd.isna(year) else ""
    book.pairs(_pick(_SHEETS["summary"], lang), summary, title=f"{title} – {place}{when}",
               percent_labels=[_pick(SCORE_HEADERS[k], lang) for k in ("criteria_pct", "indicators_pct")])

    names = None
    if criteria_set is not None:
        names = {c: criteria_set.criterion_name(c, lang) for c in criteria_set.criterion_codes}
    own = _of_assessment(criteria, score)
    book.table(_pick(_SHEETS["criteria"], lang),
               criteria_table(own.drop(columns=[c for c in ASSESSMENT_KEYS if c in own]), lang=lang,
                              criterion_names=names))
    own_gaps = _of_assessment(gaps, score)
    book.table(_pick(_SHEETS["gaps"], lang),
               gaps_table(own_gaps.drop(columns=[c for c in ASSESSMENT_KEYS if c in own_gaps]), lang=lang)
               if not own_gaps.empty else pd.DataFrame({_pick(("Ghi chú", "Note"), lang): [_pick(
                   ("Không có chỉ tiêu chưa đạt hoặc thiếu dữ liệu.", "No indicator is unmet or lacks data."),
                   lang)]}))
    if history is not None and not history.empty:
        place_columns = ["province", "commune", "commune_code"]
        this = pd.DataFrame([{k: score.get(k) for k in place_columns}])
        # Keyed together, so a name without a code finds the code other rows give it.
        keys = commune_keys(pd.concat([history[place_columns], this], ignore_index=True))
        mine = history[(keys.iloc[:-1] == keys.iloc[-1]).to_numpy()]
        mine = mine.sort_values(["year", "criteria_set"], kind="stable")
        book.table(_pick(_SHEETS["history"], lang), scores_table(mine, lang=lang))

    info = export_metadata(criteria_sets=[criteria_set] if criteria_set is not None else [], lang=lang,
                           **{_pick(("Xã", "Commune"), lang): place})
    book.pairs(_pick(_SHEETS["info"], lang), metadata_rows({**info, **(metadata or {})}, lang),
               headers=(_pick(("Mục", "Item"), lang), _pick(("Nội dung", "Value"), lang)))
    return book.close()
