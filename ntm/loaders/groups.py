"""The commune group (nhóm xã) of an assessment: read from a file, checked, kept beside the results.

The 2026–2030 set (QĐ 51/2025/QĐ-TTg) sets its targets by commune group: nhóm 1 (communes next to
or oriented to urban areas, or where agriculture is under 10% of the economy), nhóm 3 (area II/III
ethnic-minority and mountain communes), nhóm 2 (the others). The province decides each commune's
group. Files may say it — our template's optional "Nhóm xã" column, a form's title line ("xã nhóm
2", "Nhóm xã: 2"), a summary's "Nhóm" column — and it is never required: absent is unknown (NA).

A group belongs to an assessment (commune, year, set), not to a result row: it is kept in a small
frame keyed by ``ntm.schema.ASSESSMENT_KEYS`` (``LoadResult.groups``), so the tidy results frame
does not grow by a column per indicator row.

``parse_group`` reads one cell; ``collect_groups`` turns the groups rows carry into that frame,
with a warning where one assessment is given two groups and where a group is given for a set whose
targets do not depend on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ntm.catalog import Catalog
from ntm.loaders.base import cell_text
from ntm.schema import ASSESSMENT_KEYS, WARNING, Problem
from ntm.text import fold, is_blank, nfc

GROUP_COLUMN = "commune_group"
GROUPS = (1, 2, 3)
GROUP_SCHEME = "group"  # ``CriteriaSet.target_scheme`` of sets whose targets depend on the group
GROUP_COLUMNS = [*ASSESSMENT_KEYS, GROUP_COLUMN]
# "2", "Nhóm 2", "nhom 2", "Nhóm xã 2", "N2", "group 2": the number, with or without the word.
_GROUP_TEXT = re.compile(r"(?:(?:nhom|group|n)\s*(?:xa)?\s*[:.\-]?\s*)?0?([0-9]+)(?:[.,]0+)?")
INVALID = -1  # ``parse_group``'s answer for a cell that holds something other than a group


def parse_group(value: object) -> int | None:
    """A commune group from a cell: 1, 2 or 3; None when blank; ``INVALID`` otherwise.

    Accepted: 2, 2.0, "2", "Nhóm 2", "nhom 2", "Nhóm xã 2", "group 2" (any case, diacritics or
    spacing). Anything else ("4", "II", "miền núi") is ``INVALID``: the caller warns about it.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return INVALID
    if isinstance(value, (int, float)):
        number = float(value)
        return int(number) if number.is_integer() and int(number) in GROUPS else INVALID
    match = _GROUP_TEXT.fullmatch(fold(nfc(value)).strip())
    if match is None:
        return INVALID
    number = int(match.group(1))
    return number if number in GROUPS else INVALID


def bad_group(sheet: str | None, row: int | None, column: str | None, value: object, *,
              severity: str = WARNING) -> Problem:
    """The problem of a cell that is not a commune group: a warning in an assessment file (the
    assessment's group stays unknown), an error in a list of groups (``group_list``: not applied)."""
    shown = nfc(value).strip() if isinstance(value, str) else cell_text(value)
    if severity == WARNING:
        then_vi, then_en = ("Nhóm xã của dòng này được để trống (chưa rõ nhóm).",
                            "This row's commune group is left blank (unknown).")
    else:
        then_vi, then_en = "Danh sách chưa được áp dụng.", "The list is not applied."
    return Problem(
        severity, "bad-commune-group",
        f"Nhóm xã '{shown}' không đọc được: hãy ghi 1, 2 hoặc 3 (hoặc \"Nhóm 1\", \"Nhóm 2\", \"Nhóm 3\"), "
        f"hoặc để trống nếu chưa rõ. {then_vi}",
        f"Commune group '{shown}' is not a group: write 1, 2 or 3 (or \"Nhóm 1\", \"Nhóm 2\", \"Nhóm 3\"), "
        f"or leave it blank if not known. {then_en}",
        sheet=sheet, row=row, column=column, value=shown or None)


@dataclass(frozen=True)
class GroupMention:
    """A group a row of a file gives for its assessment, and where it was read."""

    keys: tuple            # the assessment's ``ASSESSMENT_KEYS`` values (None for missing)
    group: int
    sheet: str
    row: int
    column: str


def assessment_key(values: Sequence[object]) -> tuple:
    """``ASSESSMENT_KEYS`` values as a plain tuple: text as text, the year as int, missing as None."""
    out = []
    for name, value in zip(ASSESSMENT_KEYS, values):
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            out.append(None)
        elif name == "year":
            out.append(int(value))
        else:
            out.append(str(value))
    return tuple(out)


def groups_frame(rows: Iterable[Sequence[object]] = ()) -> pd.DataFrame:
    """The assessment-level groups: ``ASSESSMENT_KEYS`` then ``commune_group`` (Int8, 1..3)."""
    frame = pd.DataFrame(list(rows), columns=GROUP_COLUMNS)
    types = {k: "string" for k in ASSESSMENT_KEYS} | {"year": "Int64", GROUP_COLUMN: "Int8"}
    return frame.astype(types)


def collect_groups(mentions: Iterable[GroupMention], catalog: Catalog) -> tuple[pd.DataFrame, list[Problem]]:
    """The group of each assessment the mentions name, and the problems they raise.

    Args:
        mentions: in reading order (sheet by sheet, top to bottom); repeats are expected (every
            row of an assessment may carry its group).
        catalog: where each set's ``target_scheme`` is looked up.

    Returns:
        ``groups_frame`` rows, one per assessment given exactly one group (an assessment given
        two different groups keeps none: ``conflicting-commune-group``); and the warnings: the
        conflicts, and one ``group-for-set-without-groups`` per set whose targets do not depend on
        the commune group (those groups are kept all the same).
    """
    first: dict[tuple, GroupMention] = {}
    conflict: dict[tuple, GroupMention] = {}
    for mention in mentions:
        seen = first.setdefault(mention.keys, mention)
        if seen.group != mention.group and mention.keys not in conflict:
            conflict[mention.keys] = mention
    problems = [_conflict(first[keys], other) for keys, other in conflict.items()]
    set_at = ASSESSMENT_KEYS.index("criteria_set")
    warned: set[str] = set()
    for keys, mention in first.items():
        set_id = keys[set_at]
        if set_id is None or set_id in warned or set_id not in catalog:
            continue
        if catalog.get(set_id).target_scheme != GROUP_SCHEME:
            warned.add(set_id)
            problems.append(_set_without_groups(mention, catalog.get(set_id).label))
    rows = [[*keys, mention.group] for keys, mention in first.items() if keys not in conflict]
    return groups_frame(rows), problems


def _who(keys: tuple) -> tuple[str, str]:
    where = dict(zip(ASSESSMENT_KEYS, keys))
    commune = where["commune"] or where["commune_code"] or "?"
    year = where["year"] if where["year"] is not None else "?"
    return f"xã {commune}, năm {year}, bộ {where['criteria_set']}", f"commune {commune}, {year}, set {where['criteria_set']}"


def _conflict(first: GroupMention, other: GroupMention) -> Problem:
    who, who_en = _who(first.keys)
    return Problem(
        WARNING, "conflicting-commune-group",
        f"{who} được ghi hai nhóm xã khác nhau: nhóm {first.group} (trang '{first.sheet}', dòng {first.row}) "
        f"và nhóm {other.group} (dòng {other.row}). Nhóm xã của xã-năm này được để trống (chưa rõ nhóm); "
        "hãy sửa để mọi dòng ghi cùng một nhóm.",
        f"{who_en} is given two different commune groups: group {first.group} (sheet '{first.sheet}', "
        f"row {first.row}) and group {other.group} (row {other.row}). Its commune group is left blank "
        "(unknown); correct the file so that every row gives the same group.",
        sheet=other.sheet, row=other.row, column=other.column, value=str(other.group))


def _set_without_groups(mention: GroupMention, label: str) -> Problem:
    return Problem(
        WARNING, "group-for-set-without-groups",
        f"Có ghi nhóm xã cho bộ {label}, nhưng bộ này không đặt mức đạt chuẩn theo nhóm xã (chỉ bộ tiêu chí "
        "2026–2030 làm vậy). Nhóm xã vẫn được lưu nhưng không dùng để xếp hạng; hãy kiểm tra lại bộ tiêu chí.",
        f"A commune group is given for {label}, but that set's targets do not depend on the commune group "
        "(only the 2026–2030 set's do). The group is kept but not used for ranking; check the criteria set.",
        sheet=mention.sheet, row=mention.row, column=mention.column, value=str(mention.group))
