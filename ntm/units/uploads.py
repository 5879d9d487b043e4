"""Official units for the assessments of an upload, and what to tell the person uploading.

A commune that cannot be resolved (an unknown or ambiguous name, a code that contradicts the name,
an unknown province) must never be guessed, and must never block an official's upload of real
data either: the assessment is stored under its reported name with the unit columns empty, and
the upload's problems table carries a **warning** that names the closest official units ("có phải
'Khánh Bình'?") and says how to attach the unit later (correct the name or give the code and
upload again, or add the unit with a lineage correction workbook). Warnings from resolution
(a spelling read by its letters, a 2025 form read on one map) pass through as they are.

Each problem is placed at the first row of the file that names the place (sheet and Excel row),
so the upload preview points at it like any other problem.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ntm.schema import ERROR, WARNING, Problem, problems_frame
from ntm.text import nfc
from ntm.units.history import AttachedUnits, attach_units
from ntm.units.registry import Registry, normalize_unit_code

UNRESOLVED_NOTE_VI = (" Kết quả vẫn được lưu theo tên đã báo cáo, chưa gắn đơn vị hành chính chính thức: "
                      "sửa tên (hoặc ghi mã xã) rồi tải lên lại, hoặc bổ sung bằng tệp hiệu chỉnh kế thừa.")
UNRESOLVED_NOTE_EN = (" The results are still saved under the reported name, without an official unit: "
                      "correct the name (or give the commune code) and upload again, or add the unit with a "
                      "lineage correction workbook.")
# kind of place → (results column, the template's header)
PLACES = {"commune": ("commune", "Xã"), "province": ("province", "Tỉnh"), "district": ("district", "Huyện"),
          "code": ("commune_code", "Mã xã")}
_KIND_OF_PROBLEM = {"unknown-province": "province", "former-province": "province", "unknown-district": "district",
                    "commune-code-conflict": "code", "unknown-commune-code": "code"}


def upload_units(assessments: pd.DataFrame, registry: Registry | None = None,
                 results: pd.DataFrame | None = None) -> AttachedUnits:
    """``attach_units`` for an upload: unit columns on ``assessments``, every problem a warning.

    Args:
        assessments: one row per assessment (``province``, ``district``, ``commune``,
            ``commune_code``, ``year`` …: the store's assessment rows or the scores of a dry run).
        registry: units and lineage (the store's, with its corrections; default the dataset's).
        results: the upload's tidy results frame, to place each problem at the first row naming
            the place (``source_sheet``, ``source_row``); without it problems name no row.

    Returns:
        ``AttachedUnits``: the frame with ``UNIT_COLUMNS`` (empty where the name did not resolve)
        and the problems table, warnings only.
    """
    attached = attach_units(assessments, registry)
    problems = [_as_warning(Problem(**{k: (None if pd.isna(v) else v) for k, v in row.items()}))
                for row in attached.problems.to_dict("records")]
    if results is not None and len(results) and problems:
        problems = _placed(problems, results)
    return AttachedUnits(attached.frame, problems_frame(problems))


def merge_problems(*tables: pd.DataFrame) -> pd.DataFrame:
    """Several problems tables as one, ordered as ``problems_frame`` orders one (errors first,
    then by sheet and row). An empty table adds nothing; one table alone is returned as it is."""
    tables = [t for t in tables if len(t)]
    if len(tables) <= 1:
        return tables[0] if tables else problems_frame()
    problems = [Problem(**{k: (None if pd.isna(v) else v) for k, v in row.items()})
                for table in tables for row in table.to_dict("records")]
    return problems_frame(problems)


def _as_warning(problem: Problem) -> Problem:
    """An error of resolution as a warning that says the data is kept without a unit."""
    if problem.severity != ERROR:
        return problem
    return replace(problem, severity=WARNING, message=problem.message + UNRESOLVED_NOTE_VI,
                   message_en=problem.message_en + UNRESOLVED_NOTE_EN)


def _placed(problems: list[Problem], results: pd.DataFrame) -> list[Problem]:
    """Each problem with the sheet and Excel row of the first result naming its value, and the
    column as the template calls it ("Xã", "Tỉnh", "Huyện", "Mã xã")."""
    if "source_sheet" not in results or "source_row" not in results:
        return problems
    firsts: dict[tuple[str, str], tuple[object, object]] = {}
    for kind, (column, _) in PLACES.items():
        if column not in results:
            continue
        values = results[column].astype(object)
        present = values.notna().to_numpy()
        keys = values[present].map(lambda v, k=kind: _key(k, v))
        first = pd.DataFrame({"key": keys.to_numpy(),
                              "sheet": results["source_sheet"].astype(object)[present].to_numpy(),
                              "row": results["source_row"].astype(object)[present].to_numpy()})
        for key, sheet, row in first.drop_duplicates("key").itertuples(index=False):
            firsts.setdefault((kind, key), (sheet, row))
    out = []
    for problem in problems:
        kind = _KIND_OF_PROBLEM.get(problem.code, "commune")
        where = firsts.get((kind, _key(kind, problem.value)))
        if where is None or problem.row is not None:
            out.append(problem)
            continue
        sheet, row = where
        # source_sheet is "file:sheet"; a sheet name cannot hold ":" (Excel forbids it).
        out.append(replace(problem, sheet=None if pd.isna(sheet) else str(sheet).rsplit(":", 1)[-1],
                           row=None if pd.isna(row) else int(row), column=PLACES[kind][1]))
    return out


def _key(kind: str, value: object) -> str:
    return normalize_unit_code(value) if kind == "code" else nfc(value)


__all__ = ["UNRESOLVED_NOTE_EN", "UNRESOLVED_NOTE_VI", "merge_problems", "upload_units"]
