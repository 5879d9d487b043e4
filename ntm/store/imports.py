"""Importing one workbook: all of its rows or none.

``prepare_import`` is the pure part: it reads and scores the workbook and returns what to write
(or why not). ``write_import`` is the shell: one write transaction that inserts the upload with
its bytes, its assessments (each with its official unit, resolved once per distinct place and
year against the store's units: ``ntm.units.uploads``), its results (bulk), their scores and the
commune aliases it shows, then marks what it supersedes and records it all in the audit trail
(``who`` comes from the caller). A failure anywhere — including the process being killed — leaves
the store exactly as it was.

A commune that does not resolve never blocks an upload: it is stored under its reported name with
empty unit columns, and the outcome's problems carry a warning with the closest official names.
``save_unit_corrections`` keeps a lineage correction workbook (bytes and who) and, like
``refresh_units``, recomputes every stored assessment's unit columns with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ntm.catalog import Catalog, CriteriaSet
from ntm.errors import NtmError
from ntm.schema import ASSESSMENT_KEYS, WARNING, has_errors, problem_count, problems_frame, with_source_text
from ntm.store import audit, criteria, keys, scores_io
from ntm.store.bulk import bulk_insert, column_values, frame_rows
from ntm.store.current import KEY, refresh_current
from ntm.store.schema import (
    RESULT_VALUE_COLUMNS, UNIT_COLUMNS, assessments, commune_aliases, results, unit_corrections, uploads,
)
from ntm.units.uploads import merge_problems

IMPORTED, UNCHANGED, REJECTED = "imported", "unchanged", "rejected"


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did, and a sentence saying so.

    Attributes:
        status: "imported", "unchanged" (identical bytes are already stored) or "rejected"
            (nothing was written; ``problems`` or the reason says why).
        file_name: the file's name.
        sha256: hex digest of its bytes.
        upload_id: the new upload ("imported"), the identical one already stored ("unchanged"),
            or None ("rejected").
        rows: indicator results stored. assessments: commune-years stored.
        superseded: older assessments this upload replaced in every view.
        problems: the loader's problems table (errors block the import; warnings do not).
        reason_vi, reason_en: why a file was rejected or left unchanged.
    """

    status: str
    file_name: str
    sha256: str
    upload_id: int | None = None
    rows: int = 0
    assessments: int = 0
    superseded: int = 0
    problems: pd.DataFrame = field(default_factory=problems_frame, repr=False, compare=False)
    reason_vi: str = ""
    reason_en: str = ""

    @property
    def ok(self) -> bool:
        """True unless the file was rejected."""
        return self.status != REJECTED

    def message(self, lang: str = "vi") -> str:
        """One sentence for the user about this file."""
        en = lang == "en"
        if self.status == IMPORTED:
            if en:
                extra = f"; replaces {self.superseded} older assessment(s)" if self.superseded else ""
                return (f"{self.file_name}: imported as upload #{self.upload_id} "
                        f"({self.assessments} assessment(s), {self.rows} results{extra}).")
            extra = f"; thay thế {self.superseded} kết quả đánh giá cũ hơn" if self.superseded else ""
            return (f"{self.file_name}: đã nhập, lần tải lên số {self.upload_id} "
                    f"({self.assessments} xã-năm, {self.rows} kết quả{extra}).")
        return f"{self.file_name}: {self.reason_en if en else self.reason_vi}"


@dataclass(frozen=True)
class PreparedImport:
    """A workbook read, checked and scored, ready to be written (see ``write_import``)."""

    content: bytes
    file_name: str
    sha256: str
    results: pd.DataFrame
    scores: pd.DataFrame
    problems: pd.DataFrame
    layout: str
    # Sets a complete official form defined from its rows (a province's variant): kept with the
    # upload, so its scores can be recomputed and later forms of the province share them.
    defined_sets: tuple[CriteriaSet, ...] = ()
    # The commune group of the assessments the file gives one for (``LoadResult.groups``).
    groups: pd.DataFrame | None = None


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def unchanged(file_name: str, sha256: str, upload_id: int) -> ImportOutcome:
    return ImportOutcome(
        UNCHANGED, file_name, sha256, upload_id,
        reason_vi=f"không có gì thay đổi: tệp giống hệt lần tải lên số {upload_id} đã có trong kho.",
        reason_en=f"nothing changed: identical to upload #{upload_id}, already in the store.",
    )


def rejected(file_name: str, sha256: str, vi: str, en: str, problems: pd.DataFrame | None = None) -> ImportOutcome:
    return ImportOutcome(REJECTED, file_name, sha256, problems=problems if problems is not None else problems_frame(),
                         reason_vi=f"không nhập, không ghi gì vào kho: {vi}",
                         reason_en=f"not imported, nothing written: {en}")


def prepare_import(content: bytes, file_name: str, catalog: Catalog,
                   load_options: Mapping[str, object] | None = None) -> PreparedImport | ImportOutcome:
    """Read and score a workbook; a rejected ``ImportOutcome`` when it must not be stored.

    ``load_options`` are ``ntm.loaders.load_workbook``'s keywords (province, district, commune,
    year, criteria_set, status_column): what the caller says where a form's titles do not.
    """
    from ntm.loaders import load_workbook
    from ntm.scoring import score_assessments

    digest = sha256_of(content)
    try:
        loaded = load_workbook(content, catalog, file_name=file_name, **dict(load_options or {}))
    except NtmError as error:
        return rejected(file_name, digest, error.message_vi, error.message_en)
    problems = loaded.problems
    if has_errors(problems):
        n = problem_count(problems)
        return rejected(file_name, digest,
                        f"tệp có {n} lỗi (xem: python -m ntm check {file_name}).",
                        f"the file has {n} error(s) (see: python -m ntm check {file_name}).", problems)
    if loaded.results.empty:
        return rejected(file_name, digest, "tệp không có kết quả nào.", "the file holds no results.", problems)
    try:
        scores = score_assessments(loaded.results, loaded.scoring_catalog(catalog))
    except NtmError as error:
        return rejected(file_name, digest, error.message_vi, error.message_en, problems)
    return PreparedImport(content, file_name, digest, loaded.results, scores, problems, str(loaded.layout),
                          tuple(loaded.defined_sets), loaded.groups)


def live_upload_with(connection: Connection, sha256: str) -> int | None:
    """The live (not deleted) upload holding exactly these bytes, if any."""
    return connection.execute(
        select(uploads.c.id).where(uploads.c.sha256 == sha256, uploads.c.deleted_at.is_(None))
    ).scalar()


def assessment_frame(results_frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The distinct assessments of a results frame with their keys, and each row's position among them."""
    group = results_frame.groupby(ASSESSMENT_KEYS, dropna=False, sort=False, observed=True).ngroup()
    first = group.drop_duplicates()
    frame = results_frame.loc[first.index, ASSESSMENT_KEYS].reset_index(drop=True)
    frame["rows"] = group.value_counts().reindex(first.to_numpy()).to_numpy()
    frame["province_key"] = frame["province"].map(keys.province_key)
    frame["commune_key"] = [keys.commune_key(c, k) for c, k in zip(frame["commune"], frame["commune_code"])]
    frame["commune_name_key"] = frame["commune"].map(keys.name_key)
    frame["district_key"] = frame["district"].map(keys.district_key).astype(object)
    # ngroup numbers groups in order of first appearance when sort=False.
    return frame, group


def write_import(connection: Connection, prepared: PreparedImport, *, who: str, sample: bool) -> ImportOutcome:
    """Store a prepared import in the caller's write transaction (see module docstring)."""
    existing = live_upload_with(connection, prepared.sha256)
    if existing is not None:
        return unchanged(prepared.file_name, prepared.sha256, existing)
    frame = prepared.results
    found, position = assessment_frame(frame)
    units = _upload_units(connection, found, frame)
    problems = merge_problems(prepared.problems, units.problems)
    warnings = problem_count(problems, WARNING)
    try:
        with connection.begin_nested():
            upload_id = connection.execute(insert(uploads).values(
                file_name=prepared.file_name, size=len(prepared.content), sha256=prepared.sha256,
                uploaded_at=datetime.now(UTC), uploaded_by=who, sample=sample, layout=prepared.layout,
                rows=len(frame), warnings=warnings, content=prepared.content,
            ).returning(uploads.c.id)).scalar_one()
    except IntegrityError:
        twin = live_upload_with(connection, prepared.sha256)
        if twin is None:
            raise
        return unchanged(prepared.file_name, prepared.sha256, twin)  # stored meanwhile by another process

    _keep_defined_sets(connection, prepared, who=who)
    found = units.frame
    found["commune_group"] = pd.array(file_groups(found, prepared.groups), dtype="Int64")
    columns = [*ASSESSMENT_KEYS, "province_key", "commune_key", "commune_name_key", "district_key", "rows",
               *UNIT_COLUMNS, "commune_group"]
    params = [dict(zip(columns, row), upload_id=upload_id, is_current=True) for row in frame_rows(found, columns)]
    ids = connection.execute(
        insert(assessments).returning(assessments.c.id, sort_by_parameter_order=True), params).scalars().all()
    found["assessment_id"] = ids

    row_assessment = pd.Series(ids).to_numpy()[position.to_numpy()]
    values = with_source_text(frame).assign(status=frame["status"].astype(object).fillna("missing"))
    rows = zip(row_assessment.tolist(), [upload_id] * len(frame),
               *(column_values(values[c]) for c in RESULT_VALUE_COLUMNS))
    bulk_insert(connection, results, ["assessment_id", "upload_id", *RESULT_VALUE_COLUMNS], rows)

    scores_io.insert_scores(connection, found, prepared.scores)
    _learn_aliases(connection, found, upload_id)
    refresh_current(connection, [upload_id])
    _inherit_groups(connection, upload_id)
    if not sample:  # the shipped samples load themselves into an empty store: nobody's change
        audit.record_import(connection, upload_id, who=who, rows=len(frame))
    superseded = connection.execute(
        select(func.count()).select_from(assessments).where(assessments.c.superseded_by == upload_id)).scalar_one()
    return ImportOutcome(IMPORTED, prepared.file_name, prepared.sha256, upload_id, rows=len(frame),
                         assessments=len(found), superseded=superseded, problems=problems)


def file_groups(found: pd.DataFrame, groups: pd.DataFrame | None) -> list[int | None]:
    """The commune group a file gives each assessment of ``found`` (None where it gives none)."""
    from ntm.loaders.groups import assessment_key

    if groups is None or groups.empty:
        return [None] * len(found)
    known = {assessment_key(row[:-1]): int(row[-1])
             for row in groups[[*ASSESSMENT_KEYS, "commune_group"]].itertuples(index=False)
             if not pd.isna(row[-1])}
    return [known.get(assessment_key(row)) for row in found[ASSESSMENT_KEYS].itertuples(index=False)]


def _inherit_groups(connection: Connection, upload_id: int) -> None:
    """An assessment whose file gives no group keeps the group of the one it supersedes.

    A group is the province's classification of the commune, often recorded after the upload
    (``python -m ntm groups set``): a corrected workbook without the column must not lose it.
    """
    a = assessments.c
    older = connection.execute(
        select(*(a[k] for k in KEY), a.commune_group)
        .where(a.superseded_by == upload_id, a.commune_group.is_not(None)).order_by(a.upload_id)).all()
    if not older:
        return
    group_of = {tuple(row[:-1]): row[-1] for row in older}  # the newest older upload last: it wins
    mine = connection.execute(select(a.id, *(a[k] for k in KEY))
                              .where(a.upload_id == upload_id, a.commune_group.is_(None))).all()
    params = [{"row_id": row[0], "group": group_of[tuple(row[1:])]} for row in mine if tuple(row[1:]) in group_of]
    if params:
        connection.execute(update(assessments).where(a.id == bindparam("row_id"))
                           .values(commune_group=bindparam("group")), params)


def _upload_units(connection: Connection, found: pd.DataFrame, frame: pd.DataFrame):
    """The official units of an upload's assessments (``ntm.units.uploads.upload_units``)."""
    from ntm.store.reads import read_unit_registry
    from ntm.units.uploads import upload_units

    return upload_units(found, read_unit_registry(connection), results=frame)


def _keep_defined_sets(connection: Connection, prepared: PreparedImport, *, who: str) -> None:
    """Store each set the workbook defined, unless the same set (same id, same indicators) is in force."""
    for criteria_set in prepared.defined_sets:
        if criteria.indicator_codes_in_force(connection, criteria_set.id) == criteria_set.indicator_codes:
            continue
        version = criteria.save_set(connection, criteria_set, who=who, file_name=prepared.file_name, content=None)
        audit.record_criteria_set(connection, criteria_set.id, version, who=who, file_name=prepared.file_name)


def _learn_aliases(connection: Connection, found: pd.DataFrame, upload_id: int) -> None:
    """Remember each (province, commune name) ↔ official code pair this upload shows."""
    pairs = found[found["commune_code"].notna() & found["commune"].notna()].copy()
    if pairs.empty:
        return
    pairs["name_key"] = pairs["commune"].map(keys.name_key)
    pairs["code_key"] = pairs["commune_code"].map(keys.code_key)
    pairs = pairs.drop_duplicates(["province_key", "name_key", "code_key"])
    known = {tuple(r) for r in connection.execute(
        select(commune_aliases.c.province_key, commune_aliases.c.name_key, commune_aliases.c.code_key)
        .where(commune_aliases.c.province_key.in_(pairs["province_key"].unique().tolist())))}
    new = [dict(province_key=p, name_key=n, code_key=c, province=prov, commune=com, commune_code=code,
                first_upload_id=upload_id)
           for p, n, c, prov, com, code in frame_rows(
               pairs, ["province_key", "name_key", "code_key", "province", "commune", "commune_code"])
           if (p, n, c) not in known]
    if new:
        connection.execute(insert(commune_aliases), new)


# -- official units --------------------------------------------------------------------------------
def refresh_units(connection: Connection, registry=None) -> int:
    """Resolve every stored assessment's official unit again; returns how many rows changed.

    For a lineage correction, a newer dataset, or a store migrated from before units were kept.
    Each distinct place and year is resolved once; only rows whose unit columns change are written.

    Args:
        registry: the units to resolve against (default: the store's, with its corrections).

    Raises:
        UnitsError: the units dataset cannot be read (the store is left as it was).
    """
    from ntm.units.history import attach_units

    a = assessments.c
    stored = pd.DataFrame.from_records(
        [tuple(r) for r in connection.execute(select(a.id, *(a[k] for k in ASSESSMENT_KEYS),
                                                     *(a[c] for c in UNIT_COLUMNS)))],
        columns=["id", *ASSESSMENT_KEYS, *UNIT_COLUMNS])
    if stored.empty:
        return 0
    if registry is None:
        from ntm.store.reads import read_unit_registry

        registry = read_unit_registry(connection)
    fresh = attach_units(stored[["id", *ASSESSMENT_KEYS]], registry).frame
    before = stored[UNIT_COLUMNS].astype(object).where(stored[UNIT_COLUMNS].notna(), None)
    after = fresh[UNIT_COLUMNS].astype(object).where(fresh[UNIT_COLUMNS].notna(), None)
    changed = (before != after).any(axis=1).to_numpy()
    if not changed.any():
        return 0
    params = [{"row_id": int(row_id), **{f"u_{c}": v for c, v in zip(UNIT_COLUMNS, values)}}
              for row_id, *values in zip(fresh.loc[changed, "id"], *(after.loc[changed, c] for c in UNIT_COLUMNS))]
    connection.execute(update(assessments).where(a.id == bindparam("row_id"))
                       .values(**{c: bindparam(f"u_{c}") for c in UNIT_COLUMNS}), params)
    return int(changed.sum())


@dataclass(frozen=True)
class CorrectionsOutcome:
    """What saving a lineage correction workbook did.

    Attributes:
        saved: False when the workbook has errors (nothing was written; ``problems`` say why).
        version: the stored version (None when not saved).
        successions: lineage rows the workbook holds.
        changed: stored assessments whose official unit changed.
        problems: the workbook's problems table (errors block saving; warnings do not).
    """

    saved: bool
    version: int | None
    successions: int
    changed: int
    problems: pd.DataFrame = field(repr=False, compare=False)

    def message(self, lang: str = "vi") -> str:
        """One sentence for the user."""
        errors = problem_count(self.problems)
        if not self.saved:
            return (f"Not saved: the workbook has {errors} error(s); nothing changed." if lang == "en" else
                    f"Không lưu: tệp hiệu chỉnh có {errors} lỗi; kho không thay đổi.")
        if lang == "en":
            return (f"Saved lineage corrections version {self.version} ({self.successions} row(s)); "
                    f"{self.changed} stored assessment(s) changed unit.")
        return (f"Đã lưu hiệu chỉnh kế thừa, phiên bản {self.version} ({self.successions} dòng); "
                f"{self.changed} kết quả đánh giá trong kho đổi đơn vị.")


def save_unit_corrections(connection: Connection, content: bytes | None, file_name: str | None, *,
                          who: str) -> CorrectionsOutcome:
    """Keep a lineage correction workbook (or, with ``content`` None, withdraw the one in force)
    as the newest version, then recompute every stored assessment's unit columns with it.

    A workbook with errors is not kept. Runs in the caller's write transaction: the workbook and
    the recomputed units are kept together or not at all.

    Raises:
        WorkbookError: the bytes are not a readable workbook.
    """
    from ntm.schema import problems_frame as empty_problems
    from ntm.units.corrections import corrected_registry, read_corrections
    from ntm.units.registry import default_registry

    if content is None:
        registry, count, problems = default_registry(), 0, empty_problems()
    else:
        import io

        corrections = read_corrections(io.BytesIO(content), default_registry(), file_name=file_name or "")
        problems, count = corrections.problems, len(corrections.successions)
        if not corrections.ok:
            return CorrectionsOutcome(False, None, count, 0, problems)
        registry = corrected_registry(content, file_name or "")
    version = connection.execute(insert(unit_corrections).values(
        file_name=file_name, sha256=sha256_of(content) if content is not None else None, successions=count,
        saved_by=who or "", saved_at=datetime.now(UTC), content=content,
    ).returning(unit_corrections.c.id)).scalar_one()
    changed = refresh_units(connection, registry)
    return CorrectionsOutcome(True, int(version), count, changed, problems)
