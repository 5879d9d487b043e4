"""``Store``: the one object the dashboard and the CLI use to keep and read history.

Every method opens its own short transaction: reads see one consistent snapshot, writes hold the
store's write lock (see ``engine.py``) only while they write. Reading, checking and scoring a
workbook happen before the write transaction starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select, update

from ntm.catalog import Catalog, CriteriaSet
from ntm.store import audit, criteria, imports, reads
from ntm.store.current import refresh_current
from ntm.store.engine import read_connection, write_transaction
from ntm.store.errors import StoreError
from ntm.store.imports import (
    IMPORTED,
    CorrectionsOutcome,
    ImportOutcome,
    PreparedImport,
    live_upload_with,
    prepare_import,
    sha256_of,
)
from ntm.store.imports import unchanged as unchanged_outcome
from ntm.store.imports import write_import
from ntm.store.migrations import schema_version
from ntm.store.schema import assessments, commune_aliases, store_state, uploads
from ntm.store.scores_io import insert_scores
from ntm.store.settings import redact

SAMPLES_OFFERED = "samples_offered"
REVISION = "revision"
SAMPLE_WHO = "sample"


class Store:
    """History of uploads, results and scores in one database (SQLite file or PostgreSQL).

    Create with ``ntm.store.open_store``; the schema is migrated on opening.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __repr__(self) -> str:
        return f"Store({redact(self.engine.url)})"

    @property
    def backend(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    def revision(self) -> int:
        """A number that grows with every change to the store (0 for a store never written).

        Cheap to read: a process that caches what it read (the dashboard, one per server behind a
        load balancer) compares it to see whether another process has written since.
        """
        with read_connection(self.engine) as connection:
            value = connection.execute(select(store_state.c.value).where(store_state.c.key == REVISION)).scalar()
        return int(value or 0)

    def version(self) -> int:
        """The schema version of the store."""
        with read_connection(self.engine) as connection:
            return schema_version(connection)

    # -- imports ---------------------------------------------------------------------------
    def import_file(self, content: bytes, file_name: str, catalog: Catalog, *, who: str = "",
                    sample: bool = False, load_options: Mapping[str, object] | None = None) -> ImportOutcome:
        """Import a workbook: all of its rows or none.

        Identical bytes already stored (and not deleted) change nothing ("unchanged"). A file
        with any error-severity problem, or that cannot be read or scored, writes nothing
        ("rejected", with the problems). Otherwise one transaction stores the upload with its
        bytes, its results and their scores, and supersedes older assessments of the same
        commune, year and set.

        Args:
            content: the file's bytes.
            file_name: its name (shown in history and in each result's ``source``).
            catalog: the criteria sets to read and score with (see ``catalog``).
            who: who uploaded it.
            sample: True for the shipped sample data.
            load_options: ``ntm.loaders.load_workbook``'s keywords (province, district, commune,
                year, criteria_set, status_column) for forms whose titles lack them. Identical
                bytes stay "unchanged" whatever the options: delete the upload to read it again.
        """
        prepared = self.prepare_import(content, file_name, catalog, load_options)
        if isinstance(prepared, ImportOutcome):
            return prepared
        return self.write_prepared(prepared, who=who, sample=sample)

    def prepare_import(self, content: bytes, file_name: str, catalog: Catalog,
                       load_options: Mapping[str, object] | None = None) -> PreparedImport | ImportOutcome:
        """The read-only half of ``import_file``: "unchanged" when identical bytes are stored,
        "rejected" when the file must not be stored, else the workbook read and scored, ready
        for ``write_prepared`` (a caller may check it first, e.g. the account's places)."""
        digest = sha256_of(content)
        with read_connection(self.engine) as connection:
            existing = live_upload_with(connection, digest)
        if existing is not None:
            return unchanged_outcome(file_name, digest, existing)
        return prepare_import(content, file_name, catalog, load_options)

    def write_prepared(self, prepared: PreparedImport, *, who: str = "", sample: bool = False) -> ImportOutcome:
        """Write a workbook already read and scored (``ntm.store.imports.prepare_import``)."""
        with write_transaction(self.engine) as connection:
            outcome = write_import(connection, prepared, who=who, sample=sample)
            if outcome.status == IMPORTED:
                _bump_revision(connection)
            return outcome

    # -- history ---------------------------------------------------------------------------
    def uploads(self, *, include_deleted: bool = True) -> pd.DataFrame:
        """The upload history, newest first (see ``reads.read_uploads`` for the columns)."""
        with read_connection(self.engine) as connection:
            return reads.read_uploads(connection, include_deleted=include_deleted)

    def upload_content(self, upload_id: int) -> tuple[str, bytes]:
        """The file name and original bytes of an upload, to read the file again.

        Raises:
            StoreError: no such upload.
        """
        with read_connection(self.engine) as connection:
            row = connection.execute(select(uploads.c.file_name, uploads.c.content)
                                     .where(uploads.c.id == upload_id)).first()
        if row is None:
            raise _no_upload(upload_id)
        return row.file_name, bytes(row.content)

    def delete_upload(self, upload_id: int, *, who: str = "") -> bool:
        """Hide an upload from every view (undo with ``undo_delete``); False if already deleted.

        The newest remaining upload of each commune, year and set becomes current again. The
        deletion is recorded in the audit trail under ``who`` (in the same transaction).

        Raises:
            StoreError: no such upload.
        """
        with write_transaction(self.engine) as connection:
            deleted_at = self._upload_deleted_at(connection, upload_id)
            if deleted_at is not None:
                return False
            connection.execute(update(uploads).where(uploads.c.id == upload_id)
                               .values(deleted_at=datetime.now(UTC), deleted_by=who))
            refresh_current(connection, [upload_id])
            audit.record_upload(connection, audit.DELETE, upload_id, who=who)
            _bump_revision(connection)
            return True

    def undo_delete(self, upload_id: int, *, who: str = "") -> bool:
        """Bring a deleted upload back (it wins again where it is the newest); False if not deleted.

        The restoration is recorded in the audit trail under ``who``.

        Raises:
            StoreError: no such upload, or identical bytes were uploaded again since.
        """
        with write_transaction(self.engine) as connection:
            if self._upload_deleted_at(connection, upload_id) is None:
                return False
            digest = connection.execute(select(uploads.c.sha256).where(uploads.c.id == upload_id)).scalar_one()
            twin = live_upload_with(connection, digest)
            if twin is not None:
                raise StoreError(
                    f"Không khôi phục được lần tải lên số {upload_id}: tệp giống hệt đã được tải lên "
                    f"lại (số {twin}). Hãy xóa lần số {twin} trước nếu muốn khôi phục lần này.",
                    f"Cannot restore upload #{upload_id}: identical bytes were uploaded again "
                    f"(#{twin}). Delete #{twin} first to restore this one.")
            connection.execute(update(uploads).where(uploads.c.id == upload_id)
                               .values(deleted_at=None, deleted_by=None))
            refresh_current(connection, [upload_id])
            audit.record_upload(connection, audit.UNDO, upload_id, who=who)
            _bump_revision(connection)
            return True

    @staticmethod
    def _upload_deleted_at(connection, upload_id: int):
        row = connection.execute(select(uploads.c.deleted_at).where(uploads.c.id == upload_id)).first()
        if row is None:
            raise _no_upload(upload_id)
        return row.deleted_at

    # -- reads -----------------------------------------------------------------------------
    def scores(self, *, history: bool = False, **filters) -> pd.DataFrame:
        """Scores, one row per current assessment (``score_assessments``' columns, then
        upload_id, assessment_id, sample, status, superseded_by, commune_group and the official
        unit: ``reads.read_scores``). Filters: province, district,
        commune, commune_code, year, criteria_set, upload_id (one value or a list each).
        ``history=True`` returns superseded and deleted assessments too."""
        with read_connection(self.engine) as connection:
            return reads.read_scores(connection, reads.Filters(**filters), history=history)

    def results(self, *, history: bool = False, columns: Sequence[str] | None = None, **filters) -> pd.DataFrame:
        """The tidy results frame of current assessments (same filters as ``scores``).

        ``columns`` narrows it to ``ASSESSMENT_KEYS`` and these result columns (e.g. criterion,
        indicator and status: what scoring reads), text as categories (``reads.read_results``).
        """
        with read_connection(self.engine) as connection:
            return reads.read_results(connection, reads.Filters(**filters), history=history, columns=columns)

    def commune_history(self, province: str, commune: str | None = None, *, commune_code: str | None = None,
                        criteria_set: str | None = None) -> pd.DataFrame:
        """A commune's current scores over the years, oldest first (by code if given, else name)."""
        if commune is None and commune_code is None:
            raise StoreError("Hãy cho biết tên hoặc mã xã.", "Give the commune's name or code.")
        filters = reads.Filters(province=province, criteria_set=criteria_set,
                                **({"commune_code": commune_code} if commune_code else {"commune": commune}))
        with read_connection(self.engine) as connection:
            frame = reads.read_scores(connection, filters)
        return frame.sort_values(["year", "criteria_set"], kind="stable").reset_index(drop=True)

    def aliases(self) -> pd.DataFrame:
        """Commune name ↔ official code pairs seen in uploads."""
        c = commune_aliases.c
        with read_connection(self.engine) as connection:
            rows = connection.execute(select(c.province, c.commune, c.commune_code, c.first_upload_id)
                                      .order_by(c.province_key, c.name_key)).all()
        return pd.DataFrame.from_records(rows, columns=["province", "commune", "commune_code", "first_upload_id"])

    # -- scores ----------------------------------------------------------------------------
    def missing_scores(self) -> int:
        """How many stored assessments have no saved score (e.g. after migrating an old store)."""
        with read_connection(self.engine) as connection:
            return len(reads.read_missing_scores(connection))

    def recompute_scores(self, catalog: Catalog, *, only_missing: bool = False, who: str = "") -> int:
        """Score every stored assessment again (after a criteria-set correction); returns how many.

        One transaction: either every score is replaced or none. Superseded and deleted uploads
        are rescored too, so history stays consistent. The sets kept in the store (user sets,
        and sets complete forms defined) are added to ``catalog``. A recomputation that rescored
        anything is recorded in the audit trail under ``who``.
        """
        from ntm.scoring import score_assessments

        with write_transaction(self.engine) as connection:
            catalog = criteria.stored_catalog(connection, catalog)
            wanted = reads.read_missing_scores(connection) if only_missing else None
            groups = reads.assessment_groups(connection, wanted)
            count = 0
            for upload_id, found in groups.groupby("upload_id", sort=True):
                results = reads.read_results(connection, reads.Filters(upload_id=int(upload_id)), history=True)
                computed = score_assessments(results, catalog)
                count += insert_scores(connection, found.reset_index(drop=True), computed)
            if count:
                audit.record(connection, who=who, action=audit.RECOMPUTE,
                             details={"assessments": count, "only_missing": only_missing})
                _bump_revision(connection)
            return count

    # -- criteria sets ---------------------------------------------------------------------
    def save_criteria_set(self, criteria_set: CriteriaSet, *, who: str = "", file_name: str | None = None,
                          content: bytes | None = None) -> int:
        """Keep a user-supplied criteria set (a new version if the id exists); returns the version.

        The save is recorded in the audit trail under ``who`` (with the workbook's hash when given).
        """
        with write_transaction(self.engine) as connection:
            version = criteria.save_set(connection, criteria_set, who=who, file_name=file_name, content=content)
            audit.record_criteria_set(connection, criteria_set.id, version, who=who, file_name=file_name,
                                      content=content)
            _bump_revision(connection)
            return version

    def criteria_sets(self) -> pd.DataFrame:
        """The user-supplied sets in force (newest version of each id)."""
        with read_connection(self.engine) as connection:
            return criteria.list_sets(connection)

    def catalog(self, base: Catalog | None = None) -> Catalog:
        """``base`` (the shipped catalog by default) plus the user sets in force."""
        from ntm.catalog import load_catalog

        with read_connection(self.engine) as connection:
            return criteria.stored_catalog(connection, base if base is not None else load_catalog())

    # -- commune groups --------------------------------------------------------------------
    def plan_commune_groups(self, province: str, groups: pd.DataFrame, set_ids: Sequence[str], *,
                            year: int | None = None):
        """What ``set_commune_groups`` would change, without writing anything (a dry run:
        ``groups.plan_groups``, a ``groups.GroupsPlan``)."""
        from ntm.store.groups import plan_groups

        with read_connection(self.engine) as connection:
            return plan_groups(connection, province, groups, set_ids, year=year)

    def set_commune_groups(self, province: str, groups: pd.DataFrame, set_ids: Sequence[str], *,
                           year: int | None = None, who: str = "", file_name: str | None = None,
                           authorize=None):
        """Set the 2026–2030 commune group of stored assessments, in one transaction
        (``groups.set_groups``: one province's list of commune or code → group, onto every stored
        assessment of those communes in ``set_ids``, optionally one ``year``). A change is recorded
        in the audit trail under ``who`` and moves the revision. ``authorize`` may refuse the places
        before anything is written."""
        from ntm.store.groups import set_groups

        with write_transaction(self.engine) as connection:
            outcome = set_groups(connection, province, groups, set_ids, year=year, who=who,
                                 file_name=file_name, authorize=authorize)
            if outcome.changed:
                _bump_revision(connection)
            return outcome

    # -- official units --------------------------------------------------------------------
    def unit_registry(self):
        """The official units and lineage the store resolves names against: the installed dataset
        with the lineage correction workbook in force applied (``reads.read_unit_registry``)."""
        with read_connection(self.engine) as connection:
            return reads.read_unit_registry(connection)

    def unit_corrections(self) -> pd.DataFrame:
        """Every lineage correction workbook saved, newest first (``reads.read_unit_corrections``;
        ``in_force`` marks the one in use)."""
        with read_connection(self.engine) as connection:
            return reads.read_unit_corrections(connection)

    def save_unit_corrections(self, content: bytes | None, file_name: str | None, *,
                              who: str = "") -> CorrectionsOutcome:
        """Keep a lineage correction workbook as the one in force (``content`` None withdraws the
        one in force: the dataset alone applies again) and recompute every stored assessment's
        official unit with it, in one transaction (``imports.save_unit_corrections``).

        A workbook with errors writes nothing (the outcome's problems say why). A save or a
        withdrawal is recorded in the audit trail under ``who``, with the workbook's hash.

        Raises:
            WorkbookError: ``content`` is not a readable workbook.
        """
        with write_transaction(self.engine) as connection:
            outcome = imports.save_unit_corrections(connection, content, file_name, who=who)
            if outcome.saved:
                audit.record_unit_corrections(connection, outcome, who=who, file_name=file_name,
                                              content=content)
                _bump_revision(connection)
            return outcome

    def refresh_units(self, *, who: str = "") -> int:
        """Resolve every stored assessment's official unit again (after a units dataset upgrade);
        returns how many changed unit. A refresh that changed any is recorded in the audit trail
        under ``who``.

        Raises:
            UnitsError: the units dataset cannot be read (nothing is written).
        """
        with write_transaction(self.engine) as connection:
            changed = imports.refresh_units(connection)
            if changed:
                audit.record(connection, who=who, action=audit.UNIT_REFRESH, details={"changed": changed})
                _bump_revision(connection)
            return changed

    # -- sample data -----------------------------------------------------------------------
    def load_samples_if_empty(self, sample_dir: Path, catalog: Catalog) -> list[ImportOutcome]:
        """On a store that has never held anything, import the sample workbooks, marked as sample.

        Done at most once per store: after ``remove_samples`` the store stays empty.
        """
        with read_connection(self.engine) as connection:
            offered = connection.execute(select(store_state.c.value).where(store_state.c.key == SAMPLES_OFFERED)).first()
            has_uploads = connection.execute(select(func.count()).select_from(uploads)).scalar_one() > 0
        if offered is not None or has_uploads:
            return []
        outcomes = [self.import_file(path.read_bytes(), path.name, catalog, who=SAMPLE_WHO, sample=True)
                    for path in sorted(Path(sample_dir).glob("*.xlsx"))]
        with write_transaction(self.engine) as connection:
            if connection.execute(select(store_state.c.key).where(store_state.c.key == SAMPLES_OFFERED)).first() is None:
                connection.execute(insert(store_state).values(key=SAMPLES_OFFERED, value=datetime.now(UTC).isoformat()))
        return outcomes

    def remove_samples(self, *, who: str = "") -> int:
        """Remove the sample data for good (uploads, results, scores, aliases); returns uploads removed.

        The removal is recorded in the audit trail under ``who`` (the removed upload ids).
        """
        with write_transaction(self.engine) as connection:
            ids = list(connection.execute(select(uploads.c.id).where(uploads.c.sample)).scalars())
            if not ids:
                return 0
            # Hide first so the uploads they superseded become current again, then delete.
            connection.execute(update(uploads).where(uploads.c.id.in_(ids)).values(
                deleted_at=datetime.now(UTC), deleted_by=SAMPLE_WHO))
            refresh_current(connection, ids)
            connection.execute(delete(commune_aliases).where(commune_aliases.c.first_upload_id.in_(ids)))
            connection.execute(delete(assessments).where(assessments.c.upload_id.in_(ids)))
            connection.execute(delete(uploads).where(uploads.c.id.in_(ids)))
            audit.record(connection, who=who, action=audit.REMOVE_SAMPLES, details={"uploads": ids})
            _bump_revision(connection)
            return len(ids)


def _bump_revision(connection) -> None:
    """Count one more change (inside the write transaction that makes it)."""
    current = connection.execute(select(store_state.c.value).where(store_state.c.key == REVISION)).scalar()
    if current is None:
        connection.execute(insert(store_state).values(key=REVISION, value="1"))
    else:
        connection.execute(update(store_state).where(store_state.c.key == REVISION).values(value=str(int(current) + 1)))


def _no_upload(upload_id: int) -> StoreError:
    return StoreError(f"Không có lần tải lên số {upload_id}. Xem danh sách: python -m ntm uploads",
                      f"There is no upload #{upload_id}. See the list: python -m ntm uploads")
