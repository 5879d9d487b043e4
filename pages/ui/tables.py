"""Frames shaped for display: scores, problems, uploads, criteria, with Vietnamese formatting.

Pure pandas (no ``st.*``): each function takes a frame from ``ntm`` and returns the columns a table
shows, numbers already written the Vietnamese way ("16/19", "84,21%", "1.234") where a table shows
text, and raw numbers where a column config draws them (progress bars). ``style_statuses`` colours
status cells with the palette (a pandas Styler, which ``st.dataframe`` draws).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from ntm.palette import STATUS_ORDER
from ntm.scoring import group_label, rank_communes
from ntm.text import code_sort_key
from ntm.vnformat import format_number, format_pct
from pages.ui.i18n import lang, t
from pages.ui.labels import status_css, status_mark, status_text, yes_no

# Colouring cells costs time per cell: larger tables are shown with their marks only ("✓ Đạt").
MAX_STYLED_ROWS = 5000


def fraction(met, total) -> str:
    """"16/19"; "–" when either count is unknown."""
    if met is None or total is None or pd.isna(met) or pd.isna(total):
        return "–"
    return f"{int(met)}/{int(total)}"


def codes(values) -> str:
    """A list of codes as officials write it: "1.1; 1.2; 17.2" ("" for none or unknown)."""
    if values is None or isinstance(values, float):
        return ""
    return "; ".join(str(v) for v in values)


def fractions(met: pd.Series, total: pd.Series) -> np.ndarray:
    """``fraction`` of each pair, column-wise (a national year is ten thousand rows)."""
    met, total = (pd.array(c, dtype="Int64") for c in (met, total))
    known = ~np.asarray(met.isna() | total.isna(), dtype=bool)
    out = np.full(len(met), "–", dtype=object)
    if known.any():
        out[known] = np.strings.add(np.strings.add(met[known].to_numpy(dtype=np.int64).astype(str), "/"),
                                    total[known].to_numpy(dtype=np.int64).astype(str)).astype(object)
    return out


def _code_lists(lists: pd.Series) -> list[str]:
    """``codes`` of each list of a column."""
    return ["; ".join(map(str, v)) if isinstance(v, (list, tuple, np.ndarray)) else codes(v) for v in lists]


def score_table(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per commune-year: place, year, set, criteria and indicators met, ratios, unmet lists.

    ``criteria_pct`` and ``indicators_pct`` stay numbers (0..100) for progress-bar columns;
    ``criteria`` and ``indicators`` are "16/19"-style text.
    """
    return pd.DataFrame({
        "province": scores["province"].astype(object).fillna("").to_numpy(),
        "district": scores["district"].astype(object).fillna("").to_numpy(),
        "commune": scores["commune"].to_numpy(),
        "year": scores["year"].to_numpy(),
        "criteria_set": scores["criteria_set"].to_numpy(),
        "criteria": fractions(scores["criteria_met"], scores["criteria_total"]),
        "criteria_pct": scores["criteria_pct"].to_numpy(dtype=float),
        "indicators": fractions(scores["indicators_met"], scores["indicators_total"]),
        "indicators_pct": pd.to_numeric(scores["indicators_pct"], errors="coerce").to_numpy(dtype=float),
        "reached_standard": scores["reached_standard"].astype(bool).to_numpy(),
        "unmet_criteria": _code_lists(scores["unmet_criteria"]),
        "unmet_indicators": _code_lists(scores["unmet_indicators"]),
    })


def score_text_table(scores: pd.DataFrame) -> pd.DataFrame:
    """``score_table`` with the ratios written as text ("84,21%") and the standard as Có/Không."""
    table = score_table(scores)
    table["criteria_pct"] = table["criteria_pct"].map(format_pct)
    table["indicators_pct"] = table["indicators_pct"].map(format_pct)
    table["reached_standard"] = table["reached_standard"].map(yes_no)
    return table


def style_statuses(frame: pd.DataFrame, columns: list[str],
                   extra: dict[str, str] | None = None) -> Styler | pd.DataFrame:
    """``frame`` with the status cells of ``columns`` coloured as the palette colours them.

    Cells are matched by their text: a status text ("✓ Đạt"), a mark alone ("✓"), or a key of
    ``extra`` (text → CSS). Tables over ``MAX_STYLED_ROWS`` rows come back unstyled.
    """
    if len(frame) > MAX_STYLED_ROWS:
        return frame
    css = {status_text(s): status_css(s) for s in STATUS_ORDER}
    css |= {status_mark(s): status_css(s) for s in STATUS_ORDER}
    css |= extra or {}
    return frame.style.map(lambda value: css.get(value, ""), subset=columns)


def severity_words() -> dict[str, str]:
    return {"error": t("✗ Lỗi", "✗ Error"), "warning": t("! Cảnh báo", "! Warning")}


def severity_css() -> dict[str, str]:
    """Cell styles of the severity words: errors red, warnings amber."""
    words = severity_words()
    return {words["error"]: status_css("not_met"), words["warning"]: status_css("basically_met")}


def problems_table(problems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The problems table with the severity as a mark and word, the message in ``lang``."""
    severity = severity_words()
    return pd.DataFrame({
        "severity": problems["severity"].map(lambda s: severity.get(s, s)).to_numpy(),
        "sheet": problems["sheet"].to_numpy(),
        "row": problems["row"].to_numpy(),
        "column": problems["column"].to_numpy(),
        "value": problems["value"].to_numpy(),
        "message": problems["message_en" if lang == "en" else "message"].to_numpy(),
        "code": problems["code"].to_numpy(),
    })


UPLOAD_STATUS = {"active": ("✓ Đang dùng", "✓ In use"), "superseded": ("↻ Đã được thay thế", "↻ Superseded"),
                 "deleted": ("✗ Đã xóa", "✗ Deleted")}


def upload_status_css() -> dict[str, str]:
    """Cell styles of the upload statuses: in use green, superseded grey, deleted red."""
    styles = {"active": status_css("met"), "superseded": status_css("missing"),
              "deleted": status_css("not_met")}
    return {t(*UPLOAD_STATUS[k]): css for k, css in styles.items()}


def uploads_table(uploads: pd.DataFrame) -> pd.DataFrame:
    """The upload history: number, file, when, who, status, rows and commune-years."""
    when = uploads["uploaded_at"].dt.tz_convert("Asia/Ho_Chi_Minh").dt.strftime("%d/%m/%Y %H:%M")
    return pd.DataFrame({
        "upload_id": uploads["upload_id"].to_numpy(),
        "file_name": uploads["file_name"].to_numpy(),
        "uploaded_at": when.to_numpy(),
        "uploaded_by": [t("dữ liệu mẫu", "sample data") if s else (w or "") for s, w in
                        zip(uploads["sample"], uploads["uploaded_by"].fillna(""))],
        "status": [t(*UPLOAD_STATUS.get(s, (s, s))) for s in uploads["status"]],
        "rows": [format_number(r) for r in uploads["rows"]],
        "assessments": uploads["assessments"].to_numpy(),
        "current_assessments": uploads["current_assessments"].to_numpy(),
        "warnings": uploads["warnings"].to_numpy(),
    })


def results_table(results: pd.DataFrame) -> pd.DataFrame:
    """The tidy results frame for reading: status as icon and word, the rest as stored."""
    table = results.drop(columns=["status"]).copy()
    table.insert(list(results.columns).index("status"), "status",
                 results["status"].astype(object).map(status_text).to_numpy())
    return table


def ranking(scores: pd.DataFrame, by_group: Collection[str] = ()) -> pd.DataFrame:
    """``ntm.scoring.rank_communes`` as a table: rank, peers, the group bucket as words ("Nhóm 2",
    "Chưa rõ nhóm"; "" for a set ranked as a whole), the rank in the whole set, then ``score_table``
    (and ``rank_group``, the bucket as a number, last)."""
    ranked = rank_communes(scores, by_group)
    table = score_table(ranked)
    table.insert(0, "rank", ranked["rank"].to_numpy())
    table.insert(1, "peers", ranked["peers"].to_numpy())
    table.insert(2, "group", [group_label(g, lang()) for g in ranked["rank_group"]])
    table.insert(3, "rank_in_set", ranked["rank_in_set"].to_numpy())
    table["rank_group"] = ranked["rank_group"].array  # for ``ranking_note``
    return table


def criterion_matrix(criteria: pd.DataFrame) -> pd.DataFrame:
    """Commune × criterion: one row per commune, one column per criterion code, cells "✓"-style marks."""
    cells = criteria.assign(icon=criteria["status"].astype(object).map(status_mark).fillna(""))
    matrix = cells.pivot_table(index="commune", columns="criterion", values="icon", aggfunc="first")
    matrix = matrix[sorted(matrix.columns, key=code_sort_key)]
    matrix.columns = [str(c) for c in matrix.columns]
    return matrix.reset_index()
