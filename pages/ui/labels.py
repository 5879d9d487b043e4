"""Words, marks and colours the pages show for statuses, sets and criteria, in both languages.

Status words, marks and colours come from ``ntm.palette`` (the charts and exports use the same):
met green "✓", basically met amber "~", not met vermilion "✗", incomplete (not met because data
is missing) salmon "✗?", not applicable blue-grey "–", no data light grey "?" (striped in charts
and in the legend chips) — so that missing data never looks like "not met". Marks are plain
characters every font has (no emoji), and tables colour the cells (``tables.style_statuses``).
"""

from __future__ import annotations

from ntm.catalog import Catalog
from ntm.palette import MISSING, NO_DATA_PATTERN, STATUS_MARKS, STATUS_ORDER, status_label, xlsx_fill
from ntm.units.history import VIEWS
from pages.ui.i18n import lang, t


def status_word(status: object) -> str:
    """The status in the user's language ("Đạt"); "" for a blank or unknown status."""
    return status_label(str(status), lang()) if str(status) in STATUS_MARKS else ""


def status_mark(status: object) -> str:
    """The status's mark ("✓"); "" for a blank or unknown status."""
    return STATUS_MARKS.get(str(status), "")


def status_text(status: object) -> str:
    """Mark and word, for tables: "✓ Đạt"."""
    word = status_word(status)
    return f"{STATUS_MARKS[str(status)]} {word}" if word else ""


def status_css(status: str) -> str:
    """The cell style of ``status``: the palette's background and text colours."""
    background, text = xlsx_fill(status)
    return f"background-color: {background}; color: {text}"


def status_legend() -> str:
    """One line of coloured chips explaining the marks (HTML: show with ``unsafe_allow_html``).

    The no-data chip is striped as the charts hatch it, so that it never reads as a result.
    """
    chips = []
    for status in STATUS_ORDER:
        background, text = xlsx_fill(status)
        if status == MISSING:
            stripe = NO_DATA_PATTERN["fgcolor"]
            background = f"repeating-linear-gradient(135deg,{background} 0 4px,{stripe} 4px 5px)"
        chips.append(f'<span style="background:{background};color:{text};padding:0 .35em;border-radius:.3em">'
                     f"{status_text(status)}</span>")
    return " ".join(chips)


def set_label(catalog: Catalog, set_id: str) -> str:
    """A set's menu label: "NTM 2021-2025 (ntm-2021)"; the id if the catalog does not know it."""
    return catalog.get(set_id).label if set_id in catalog else str(set_id)


def criterion_label(catalog: Catalog, set_id: str, criterion: str) -> str:
    """"17. Môi trường và an toàn thực phẩm" (the number alone if the set does not name it)."""
    name = catalog.get(set_id).criterion_name(criterion, lang()) if set_id in catalog else ""
    return f"{criterion}. {name}" if name else str(criterion)


def yes_no(value: bool) -> str:
    return t("Có", "Yes") if value else t("Không", "No")


def criterion_names(catalog: Catalog, set_id: str) -> dict[str, str]:
    """Criterion code → name in the user's language (empty for a set the catalog does not know)."""
    if set_id not in catalog:
        return {}
    criteria = catalog.get(set_id).criteria
    return dict(zip(criteria["criterion"], criteria[t("name_vi", "name_en")]))


def indicator_names(catalog: Catalog, set_id: str) -> dict[str, str]:
    """Indicator code → name in the user's language."""
    if set_id not in catalog:
        return {}
    indicators = catalog.get(set_id).indicators
    return dict(zip(indicators["indicator"], indicators[t("indicator_name_vi", "indicator_name_en")]))


REPORTED_VIEW, TODAY_VIEW = "reported", "today"


def view_label(view: str) -> str:
    """The history view's name: "Theo đơn vị khi báo cáo" / "Theo bản đồ hành chính hiện nay"."""
    return t(*VIEWS[view])


def view_caption(view: str) -> str:
    """The sentence saying which view the page shows, and what that means."""
    if view == TODAY_VIEW:
        return t("Đang xem **theo bản đồ hành chính hiện nay** (từ 1/7/2025): số liệu các năm trước được xếp "
                 "vào xã hiện nay mà đơn vị cũ đã nhập vào; mỗi đơn vị cũ giữ chuỗi số liệu riêng, kèm dòng "
                 "tổng hợp. Qua đổi bộ tiêu chí chỉ so sánh tỷ lệ.",
                 "Shown **on today's map** (from 1 July 2025): earlier years are grouped under the commune each "
                 "former unit became part of; each former unit keeps its own series, with a combined line. "
                 "Across a change of criteria set only ratios are compared.")
    return t("Đang xem **theo đơn vị khi báo cáo**: mỗi năm theo tên xã và địa giới đã ghi trong tệp.",
             "Shown **as reported**: each year under the commune and boundaries its file names.")
