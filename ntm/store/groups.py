"""Setting the commune group (nhóm xã, 2026–2030) of stored assessments after upload.

A province classifies its communes into groups 1, 2, 3; the classification often arrives after
the results were uploaded, or corrects what a file said. ``set_groups`` writes a list of
(commune, group) for one province onto every stored assessment of those communes (history too,
so a later upload without groups inherits them: ``imports._inherit_groups``) for the sets whose
targets depend on the group, optionally one year only, in the caller's write transaction, and
records the change in the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, bindparam, select, update

from ntm.store import audit as trail
from ntm.store import keys
from ntm.store.schema import assessments

COMMUNE_GROUPS = trail.COMMUNE_GROUPS  # the audit trail's word for this change


@dataclass(frozen=True)
class GroupsOutcome:
    """What setting groups did.

    Attributes:
        changed: stored assessments whose group changed.
        matched: stored assessments the list named (changed or already so).
        unmatched: the list's communes with no stored assessment of the sets (and year) asked for.
        places: (province, commune) of the assessments that changed.
    """

    changed: int
    matched: int
    unmatched: list[str] = field(default_factory=list)
    places: list[tuple[str, str]] = field(default_factory=list)

    def message(self, lang: str = "vi") -> str:
        """One sentence for the user (the communes not found listed after it)."""
        missing = ", ".join(self.unmatched)
        if lang == "en":
            text = f"Commune groups set: {self.changed} stored assessment(s) changed ({self.matched} named)."
            return text + (f" No stored assessment for: {missing}." if missing else "")
        text = f"Đã ghi nhóm xã: {self.changed} kết quả đánh giá trong kho đổi nhóm ({self.matched} được nêu)."
        return text + (f" Không có kết quả đánh giá nào trong kho của: {missing}." if missing else "")


def set_groups(connection: Connection, province: str, groups: pd.DataFrame, set_ids: Sequence[str], *,
               year: int | None = None, who: str = "", file_name: str | None = None,
               authorize: Callable[[list[tuple[str, str]]], None] | None = None) -> GroupsOutcome:
    """Write each listed commune's group onto its stored assessments of ``set_ids`` in ``province``.

    Args:
        province: the province whose communes the list names.
        groups: one row per commune: ``commune`` (name) and/or ``commune_code``, and
            ``commune_group`` (1, 2 or 3). A code, when given, is matched first; else the name
            (case, diacritics and the "xã" prefix do not matter).
        set_ids: the criteria sets whose assessments get the group.
        year: only this year's assessments (None: every year).
        who: the login recorded in the audit trail.
        file_name: the list's file, recorded in the trail.
        authorize: called with the (province, commune) places about to change, before anything is
            written; raises to refuse (``ntm.auth.permissions.require``).
    """
    a = assessments.c
    clauses = [a.province_key == keys.province_key(province), a.criteria_set.in_(list(set_ids))]
    if year is not None:
        clauses.append(a.year == int(year))
    stored = connection.execute(select(a.id, a.province, a.commune, a.commune_key, a.commune_name_key,
                                       a.commune_group).where(*clauses)).all()
    by_code: dict[str, list] = {}
    by_name: dict[str, list] = {}
    for row in stored:
        by_name.setdefault(row.commune_name_key, []).append(row)
        if row.commune_key.startswith("code:"):
            by_code.setdefault(row.commune_key, []).append(row)
    wanted: dict[int, tuple[int, object]] = {}   # assessment id → (group, its row)
    unmatched = []
    for record in groups.to_dict("records"):
        code, name = record.get("commune_code"), record.get("commune")
        code = None if pd.isna(code) or str(code).strip() == "" else str(code).strip()
        name = None if pd.isna(name) or str(name).strip() == "" else str(name).strip()
        rows = by_code.get(keys.commune_key(None, code), []) if code else []
        if not rows and name:
            rows = by_name.get(keys.name_key(name), [])
        if not rows:
            unmatched.append(name or code or "?")
        for row in rows:
            wanted[row.id] = (int(record["commune_group"]), row)
    changes = [(assessment_id, group, row) for assessment_id, (group, row) in wanted.items()
               if row.commune_group != group]
    places = sorted({(row.province or "", row.commune or "") for _, _, row in changes})
    if authorize is not None:
        authorize(places)
    if changes:
        connection.execute(update(assessments).where(a.id == bindparam("row_id"))
                           .values(commune_group=bindparam("group")),
                           [{"row_id": assessment_id, "group": group} for assessment_id, group, _ in changes])
        _record(connection, who=who, places=places, details={
            "file_name": file_name, "changed": len(changes), "criteria_sets": list(set_ids), "year": year,
            "groups": {f"{row.commune}": group for _, group, row in changes}})
    return GroupsOutcome(len(changes), len(wanted), unmatched, places)


def _record(connection: Connection, *, who: str, places: list[tuple[str, str]], details: dict) -> None:
    """The change's row of the audit trail."""
    trail.record(connection, who=who, action=trail.COMMUNE_GROUPS, places=places, details=details)
