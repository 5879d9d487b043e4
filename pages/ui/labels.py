"""Words and icons the pages show for statuses, sets and column names, in both languages.

Status icons follow traffic lights: met green, basically met yellow, not met red. "No data" has
its own grey sign so that missing data never looks like "not met".
"""

from __future__ import annotations

from ntm.catalog import Catalog
from pages.ui.i18n import lang, t

STATUS_ICONS = {
    "met": "🟢",
    "basically_met": "🟡",
    "not_met": "🔴",
    "incomplete": "🟠",
    "not_applicable": "⚪",
    "missing": "❔",
}
_STATUS_WORDS = {
    "met": ("Đạt", "Met"),
    "basically_met": ("Cơ bản đạt", "Basically met"),
    "not_met": ("Chưa đạt", "Not met"),
    "incomplete": ("Thiếu dữ liệu chỉ tiêu", "Incomplete data"),
    "not_applicable": ("Không áp dụng", "Not applicable"),
    "missing": ("Chưa có dữ liệu", "No data"),
}


def status_word(status: object) -> str:
    """The status in the user's language ("Đạt"); "" for a blank status."""
    words = _STATUS_WORDS.get(str(status)) if status is not None else None
    return t(*words) if words else ""


def status_text(status: object) -> str:
    """Icon and word, for tables: "🟢 Đạt"."""
    word = status_word(status)
    return f"{STATUS_ICONS[str(status)]} {word}" if word else ""


def status_legend() -> str:
    """One line explaining the icons."""
    return " · ".join(f"{icon} {status_word(status)}" for status, icon in STATUS_ICONS.items())


def set_label(catalog: Catalog, set_id: str) -> str:
    """A set's menu label: "NTM 2021-2025 (ntm-2021)"; the id if the catalog does not know it."""
    return catalog.get(set_id).label if set_id in catalog else str(set_id)


def criterion_label(catalog: Catalog, set_id: str, criterion: str) -> str:
    """"17. Môi trường và an toàn thực phẩm" (the number alone if the set does not name it)."""
    name = catalog.get(set_id).criterion_name(criterion, lang()) if set_id in catalog else ""
    return f"{criterion}. {name}" if name else str(criterion)


def yes_no(value: bool) -> str:
    return t("Có", "Yes") if value else t("Không", "No")
