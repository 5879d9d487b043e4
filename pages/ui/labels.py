"""Words and icons the pages show for statuses, sets and column names, in both languages.

Status words and colours come from ``ntm.palette`` (the charts and exports use the same). Icons
follow the traffic lights: met green, basically met yellow, not met red; "incomplete" (not met
because data is missing) a hollow red ring; "no data" its own grey sign, so that missing data never
looks like "not met".
"""

from __future__ import annotations

from ntm.catalog import Catalog
from ntm.palette import STATUS_ORDER, status_label
from pages.ui.i18n import lang, t

STATUS_ICONS = {
    "met": "🟢",
    "basically_met": "🟡",
    "not_met": "🔴",
    "incomplete": "⭕",
    "not_applicable": "⚪",
    "missing": "❔",
}


def status_word(status: object) -> str:
    """The status in the user's language ("Đạt"); "" for a blank or unknown status."""
    return status_label(str(status), lang()) if str(status) in STATUS_ICONS else ""


def status_text(status: object) -> str:
    """Icon and word, for tables: "🟢 Đạt"."""
    word = status_word(status)
    return f"{STATUS_ICONS[str(status)]} {word}" if word else ""


def status_legend() -> str:
    """One line explaining the icons."""
    return " · ".join(f"{STATUS_ICONS[status]} {status_word(status)}" for status in STATUS_ORDER)


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
