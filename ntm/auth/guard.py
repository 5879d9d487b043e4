"""The store's changes, made as a named account after its rights are checked.

The dashboard and the command line change data through these functions, never by calling the
store directly: each one finds the places a change touches (the provinces and communes in a
workbook, or those of a stored upload), asks ``permissions.decide`` whether the account may
change all of them, and only then writes, under the account's login (which the audit trail
records). A refused import writes nothing and says why, like a rejected file.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ntm.auth.errors import AuthError, PermissionDenied
from ntm.auth.mode import SINGLE_USER
from ntm.auth.permissions import ROLE_WORDS, Account, Action, Place, decide, require
from ntm.catalog import Catalog, CriteriaSet
from ntm.store import ImportOutcome, Store
from ntm.store.audit import upload_places
from ntm.store.engine import read_connection
from ntm.store.imports import CorrectionsOutcome, rejected, sha256_of
from ntm.store.users import Accounts


def places_of_results(results: pd.DataFrame) -> list[Place]:
    """The distinct (province, commune) places of a tidy results frame."""
    pairs = results[["province", "commune"]].astype(object).drop_duplicates()
    return [Place("" if pd.isna(p) else str(p), None if pd.isna(c) else str(c))
            for p, c in pairs.itertuples(index=False)]


def places_of_upload(store: Store, upload_id: int) -> list[Place]:
    """The places of a stored upload's assessments (empty for an unknown upload)."""
    with read_connection(store.engine) as connection:
        return [Place(p or "", c) for p, c in upload_places(connection, upload_id)]


def acting_account(store: Store, login: str | None) -> Account:
    """Who acts on the command line.

    With ``login``: that account, which must exist and be active. Without: the local operator
    (an administrator) while the store has no active account yet, so a fresh install can create
    its first administrator; once accounts exist, naming one is required.

    Raises:
        AuthError: unknown or deactivated login, or no login on a store that has accounts.
    """
    accounts = Accounts(store.engine)
    if login:
        account = accounts.account(login)
        if account is None or not account.active:
            raise AuthError(f"Không có tài khoản đang hoạt động '{login}'.", f"No active account '{login}'.")
        return account
    if accounts.has_accounts():
        raise AuthError("Kho dữ liệu này có tài khoản: hãy cho biết bạn là ai bằng --as TEN_DANG_NHAP.",
                        "This store has accounts: say who you are with --as LOGIN.")
    return SINGLE_USER


def import_as(store: Store, account: Account, content: bytes, file_name: str, catalog: Catalog, *,
              load_options: Mapping[str, object] | None = None) -> ImportOutcome:
    """Import a workbook as ``account``: rejected, with nothing written, unless it may upload (and
    supersede) for every province and commune in the file.

    ``load_options`` are ``Store.import_file``'s (the place, year or set a form's titles lack); the
    places checked are those of the rows as read with them.
    """
    digest = sha256_of(content)
    general = decide(account, Action.UPLOAD)
    if not general:
        return rejected(file_name, digest, general.reason_vi, general.reason_en)
    prepared = store.prepare_import(content, file_name, catalog, load_options)
    if isinstance(prepared, ImportOutcome):
        return prepared
    places = places_of_results(prepared.results)
    for action in (Action.UPLOAD, Action.SUPERSEDE):
        decision = decide(account, action, places)
        if not decision:
            return rejected(file_name, digest, decision.reason_vi, decision.reason_en, prepared.problems)
    return store.write_prepared(prepared, who=account.login)


def delete_as(store: Store, account: Account, upload_id: int) -> bool:
    """Delete an upload as ``account`` (see ``Store.delete_upload``).

    Raises:
        PermissionDenied: the upload touches a place the account may not change.
    """
    require(account, Action.DELETE, places_of_upload(store, upload_id))
    return store.delete_upload(upload_id, who=account.login)


def undo_as(store: Store, account: Account, upload_id: int) -> bool:
    """Restore a deleted upload as ``account`` (see ``Store.undo_delete``).

    Raises:
        PermissionDenied: the upload touches a place the account may not change.
    """
    require(account, Action.UNDO, places_of_upload(store, upload_id))
    return store.undo_delete(upload_id, who=account.login)


def recompute_as(store: Store, account: Account, catalog: Catalog, *, only_missing: bool = False) -> int:
    """Rescore every stored assessment as ``account`` (administrators only: it touches every
    place); returns how many (see ``Store.recompute_scores``).

    Raises:
        PermissionDenied: the account may not manage criteria sets.
    """
    require(account, Action.MANAGE_CRITERIA_SETS)
    return store.recompute_scores(catalog, only_missing=only_missing, who=account.login)


def save_criteria_set_as(store: Store, account: Account, criteria_set: CriteriaSet, *,
                         file_name: str | None = None, content: bytes | None = None) -> int:
    """Keep a user criteria set as ``account`` (administrators only); returns its version.

    Raises:
        PermissionDenied: the account may not manage criteria sets.
    """
    require(account, Action.MANAGE_CRITERIA_SETS)
    return store.save_criteria_set(criteria_set, who=account.login, file_name=file_name, content=content)


def require_unit_rights(account: Account | None) -> None:
    """Refuse anyone but an administrator the official units: a lineage correction or a refresh
    may move any stored assessment to another unit, in every province, so it takes the right that
    rescoring takes (``Action.MANAGE_CRITERIA_SETS``), with a refusal that names what was asked.

    Raises:
        PermissionDenied: nobody signed in, a deactivated account, or not an administrator.
    """
    decision = decide(account, Action.MANAGE_CRITERIA_SETS)
    if decision:
        return
    if account is None or not account.active:
        raise PermissionDenied(decision.reason_vi, decision.reason_en)
    role_vi, role_en = ROLE_WORDS[account.role]
    raise PermissionDenied(
        f"Vai trò {role_vi} không được hiệu chỉnh kế thừa hay tính lại đơn vị hành chính: việc này đổi "
        "đơn vị của mọi kết quả trong kho nên chỉ quản trị viên được làm.",
        f"The {role_en.lower()} role may not correct the lineage or recompute the official units: that "
        "changes the units of every stored assessment, so only administrators may.")


def save_unit_corrections_as(store: Store, account: Account, content: bytes | None,
                             file_name: str | None) -> CorrectionsOutcome:
    """Keep a lineage correction workbook as ``account`` (administrators only), or withdraw the one
    in force with ``content`` None (see ``Store.save_unit_corrections``).

    Raises:
        PermissionDenied: the account may not change the official units (``require_unit_rights``).
        WorkbookError: ``content`` is not a readable workbook.
    """
    require_unit_rights(account)
    return store.save_unit_corrections(content, file_name, who=account.login)


def refresh_units_as(store: Store, account: Account) -> int:
    """Resolve every stored assessment's official unit again as ``account`` (administrators only);
    returns how many changed unit (see ``Store.refresh_units``).

    Raises:
        PermissionDenied: the account may not change the official units (``require_unit_rights``).
    """
    require_unit_rights(account)
    return store.refresh_units(who=account.login)
