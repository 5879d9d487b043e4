"""Setting the commune group (nhóm xã, 2026–2030) of stored assessments after upload.

A province classifies its communes into groups 1, 2, 3; the classification often arrives after
the results were uploaded, or corrects what a file said. ``plan_groups`` works out what a list of
(commune, group) for one province would change — every stored assessment of those communes
(history too, so a later upload without groups inherits them: ``imports._inherit_groups``) for
the sets whose targets depend on the group, optionally one year only — without writing;
``Store.plan_commune_groups`` does it on a store (a dry run). ``set_groups`` makes the planned change in the
caller's write transaction and records it in the audit trail. ``recorded_groups`` and
``group_list_rows`` read the groups back from a scores frame (what is recorded, what is missing).
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
PLAN_COLUMNS = ["assessment_id", "province", "commune", "commune_code", "year", "criteria_set", "current",
                "old_group", "new_group"]
RECORDED_COLUMNS = ["province", "commune", "commune_code", "criteria_set", "years", "commune_group"]


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


@dataclass(frozen=True)
class GroupsPlan:
    """What a list of groups would change, before anything is written (a dry run).

    Attributes:
        changes: ``PLAN_COLUMNS``, one row per stored assessment whose group would change
            (``current`` False for an older, superseded copy kept as history; ``old_group`` NA
            when no group was recorded), sorted by commune, year and set.
        matched: stored assessments the list named (changed or already so).
        unmatched: the list's communes with no stored assessment of the sets (and year) asked for.
    """

    changes: pd.DataFrame
    matched: int
    unmatched: list[str] = field(default_factory=list)

    @property
    def places(self) -> list[tuple[str, str]]:
        """(province, commune) of the assessments that would change, sorted: what to authorize."""
        return sorted({(p or "", c or "") for p, c in zip(self.changes["province"], self.changes["commune"])})

    def outcome(self) -> GroupsOutcome:
        """The outcome of making this change."""
        return GroupsOutcome(len(self.changes), self.matched, list(self.unmatched), self.places)

    def message(self, lang: str = "vi") -> str:
        """One sentence saying what saving would do (the communes not found listed after it)."""
        changed, same = len(self.changes), self.matched - len(self.changes)
        missing = ", ".join(self.unmatched)
        if lang == "en":
            text = (f"Saving would change the group of {changed} stored assessment(s); {same} already have "
                    "the group listed.")
            return text + (f" No stored assessment for: {missing}." if missing else "")
        text = (f"Khi lưu, {changed} kết quả đánh giá trong kho sẽ đổi nhóm; {same} đã đúng nhóm trong "
                "danh sách.")
        return text + (f" Không có kết quả đánh giá nào trong kho của: {missing}." if missing else "")


def plan_groups(connection: Connection, province: str, groups: pd.DataFrame, set_ids: Sequence[str], *,
                year: int | None = None) -> GroupsPlan:
    """What writing each listed commune's group onto its stored assessments would change.

    Args:
        province: the province whose communes the list names.
        groups: one row per commune: ``commune`` (name) and/or ``commune_code``, and
            ``commune_group`` (1, 2 or 3). A code, when given, is matched first; else the name
            (case, diacritics and the "xã" prefix do not matter).
        set_ids: the criteria sets whose assessments get the group.
        year: only this year's assessments (None: every year).
    """
    a = assessments.c
    clauses = [a.province_key == keys.province_key(province), a.criteria_set.in_(list(set_ids))]
    if year is not None:
        clauses.append(a.year == int(year))
    stored = connection.execute(select(a.id, a.province, a.commune, a.commune_code, a.year, a.criteria_set,
                                       a.is_current, a.commune_key, a.commune_name_key, a.commune_group)
                                .where(*clauses)).all()
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
    changes = [{"assessment_id": row.id, "province": row.province, "commune": row.commune,
                "commune_code": row.commune_code, "year": row.year, "criteria_set": row.criteria_set,
                "current": bool(row.is_current), "old_group": row.commune_group, "new_group": group}
               for group, row in wanted.values() if row.commune_group != group]
    frame = pd.DataFrame(changes, columns=PLAN_COLUMNS)
    frame = frame.astype({"assessment_id": "int64", "year": "Int64", "current": bool,
                          "old_group": "Int8", "new_group": "Int8"})
    frame = frame.sort_values(["commune", "year", "criteria_set", "current"],
                              ascending=[True, True, True, False], kind="stable").reset_index(drop=True)
    return GroupsPlan(frame, len(wanted), unmatched)


def set_groups(connection: Connection, province: str, groups: pd.DataFrame, set_ids: Sequence[str], *,
               year: int | None = None, who: str = "", file_name: str | None = None,
               authorize: Callable[[list[tuple[str, str]]], None] | None = None) -> GroupsOutcome:
    """Write each listed commune's group onto its stored assessments of ``set_ids`` in ``province``.

    Args:
        province, groups, set_ids, year: as ``plan_groups``.
        who: the login recorded in the audit trail.
        file_name: the list's file, recorded in the trail.
        authorize: called with the (province, commune) places about to change, before anything is
            written; raises to refuse (``ntm.auth.permissions.require``).
    """
    plan = plan_groups(connection, province, groups, set_ids, year=year)
    changes = plan.changes
    if authorize is not None:
        authorize(plan.places)
    if len(changes):
        a = assessments.c
        connection.execute(update(assessments).where(a.id == bindparam("row_id"))
                           .values(commune_group=bindparam("group")),
                           [{"row_id": int(i), "group": int(g)}
                            for i, g in zip(changes["assessment_id"], changes["new_group"])])
        _record(connection, who=who, places=plan.places, details={
            "file_name": file_name, "changed": len(changes), "criteria_sets": list(set_ids), "year": year,
            "groups": {f"{commune}": int(group)
                       for commune, group in zip(changes["commune"], changes["new_group"])}})
    return plan.outcome()


def _record(connection: Connection, *, who: str, places: list[tuple[str, str]], details: dict) -> None:
    """The change's row of the audit trail."""
    trail.record(connection, who=who, action=trail.COMMUNE_GROUPS, places=places, details=details)


# -- reading the recorded groups back (from ``Store.scores``) --------------------------------------
def recorded_groups(scores: pd.DataFrame, set_ids: Sequence[str],
                    province: str | None = None) -> pd.DataFrame:
    """The commune groups recorded on the assessments of ``scores``, one row per commune, set and group.

    Args:
        scores: ``Store.scores`` rows (current assessments) with ``province``, ``commune``,
            ``commune_code``, ``year``, ``criteria_set`` and ``commune_group`` (1..3 or NA).
        set_ids: the sets whose targets depend on the group (others are left out).
        province: only this province (compared as a key: "Tỉnh An Giang" is "An Giang"); None: all.

    Returns:
        ``RECORDED_COLUMNS``: ``years`` the sorted list of the years (ints) with that group,
        ``commune_group`` 1..3, or NA where no group is recorded yet. Sorted by province, commune
        and group (unknown last).
    """
    keep = scores["criteria_set"].isin(list(set_ids)).to_numpy(dtype=bool)
    if province is not None:
        wanted = keys.province_key(province)
        # Each distinct name keyed once: a national store has a hundred thousand rows, few provinces.
        names = scores["province"].dropna().unique()
        same = [name for name in names if keys.province_key(name) == wanted]
        keep = keep & scores["province"].isin(same).to_numpy(dtype=bool)
    rows = scores.loc[keep, ["province", "commune", "commune_code", "criteria_set", "year", "commune_group"]]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="Int8" if c == "commune_group" else object)
                             for c in RECORDED_COLUMNS})
    rows = rows.assign(group_order=rows["commune_group"].astype("Int64").fillna(9))
    grouped = (rows.groupby(["province", "commune", "commune_code", "criteria_set", "group_order"],
                            dropna=False, sort=False)
               .agg(years=("year", lambda y: sorted({int(v) for v in y.dropna()})),
                    commune_group=("commune_group", "first"))
               .reset_index())
    grouped = grouped.sort_values(["province", "commune", "group_order"], kind="stable")
    return grouped[RECORDED_COLUMNS].astype({"commune_group": "Int8"}).reset_index(drop=True)


def group_list_rows(recorded: pd.DataFrame) -> pd.DataFrame:
    """A group list (``ntm.loaders.group_list`` columns) from ``recorded_groups``: one row per
    commune, with the group of its latest year (NA where none is recorded), to fill in and upload."""
    if recorded.empty:
        return pd.DataFrame({"commune": pd.Series(dtype=object), "commune_code": pd.Series(dtype=object),
                             "commune_group": pd.Series(dtype="Int8")})
    latest = recorded.assign(last_year=recorded["years"].map(lambda y: max(y) if y else 0))
    latest = latest.sort_values(["commune", "last_year"], kind="stable")
    latest = latest.drop_duplicates(["province", "commune", "commune_code"], keep="last")
    return latest[["commune", "commune_code", "commune_group"]].reset_index(drop=True)
