"""The audit trail and the accounts, on both backends: each change is recorded with who, when, what
and where; the database itself refuses to change or delete a recorded row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ntm.auth.errors import AuthError
from ntm.auth.permissions import Place, Role
from ntm.store import audit
from ntm.store.engine import read_connection, write_transaction
from ntm.store.imports import sha256_of
from ntm.store.users import Accounts
from tests.store_fixtures import PROVINCE, assessment_rows, store, store_url, workbook  # noqa: F401

SECRET = "mật-khẩu-đủ-dài"


def _trail(store):
    with read_connection(store.engine) as connection:
        return audit.read_audit(connection)


def test_an_import_is_recorded_with_who_when_which_file_and_where(store, catalog):
    first = workbook(catalog, assessment_rows(catalog, "Xã An", 2024),
                     assessment_rows(catalog, "Xã Bình", 2024))
    newer = workbook(catalog, assessment_rows(catalog, "Xã An", 2024, unmet=("17.10",)))
    before = datetime.now(UTC)
    one = store.import_file(first, "a.xlsx", catalog, who="bt-ag")
    two = store.import_file(newer, "a-sua.xlsx", catalog, who="bt-ag-2")
    store.import_file(newer, "lai.xlsx", catalog, who="x")  # identical bytes: no change, no record

    trail = _trail(store)
    assert trail["action"].tolist() == [audit.SUPERSEDE, audit.IMPORT, audit.IMPORT]  # newest first
    supersede, second, first_row = trail.to_dict("records")
    assert first_row["who"] == "bt-ag" and first_row["upload_id"] == one.upload_id
    assert first_row["sha256"] == sha256_of(first) and first_row["details"]["file_name"] == "a.xlsx"
    assert first_row["places"] == [[PROVINCE, "Xã An"], [PROVINCE, "Xã Bình"]]
    assert second["who"] == "bt-ag-2" and second["upload_id"] == two.upload_id
    assert supersede["upload_id"] == one.upload_id and supersede["details"]["by_upload"] == two.upload_id
    assert supersede["places"] == [[PROVINCE, "Xã An"]] and supersede["who"] == "bt-ag-2"
    assert all(before - timedelta(seconds=1) <= at <= datetime.now(UTC) for at in trail["at"])
    assert str(trail["at"].dt.tz) == "UTC"


def test_rejected_files_and_sample_data_leave_no_record(store, catalog):
    bad_rows = assessment_rows(catalog, "Xã Cường", 2024)
    bad_rows[0]["indicator"] = "99.9"
    assert not store.import_file(workbook(catalog, bad_rows), "loi.xlsx", catalog, who="a").ok
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã Mẫu", 2024)), "mau.xlsx", catalog,
                      who="sample", sample=True)
    assert _trail(store).empty


def test_the_database_refuses_to_change_or_delete_the_trail(store, catalog):
    store.import_file(workbook(catalog, assessment_rows(catalog, "Xã An", 2024)), "a.xlsx", catalog, who="bt")
    attempts = ["UPDATE audit SET who = 'someone else'", "DELETE FROM audit"]
    if store.backend == "postgresql":
        attempts.append("TRUNCATE audit")
    for statement in attempts:
        with pytest.raises(DBAPIError, match="audit rows cannot be changed"):
            with store.engine.begin() as connection:
                connection.execute(text(statement))
    trail = _trail(store)
    assert len(trail) == 1 and trail["who"].tolist() == ["bt"]


def test_a_delete_recorded_in_the_same_transaction_names_the_upload_and_its_places(store, catalog):
    data = workbook(catalog, assessment_rows(catalog, "Xã An", 2024))
    upload_id = store.import_file(data, "a.xlsx", catalog, who="bt").upload_id
    with write_transaction(store.engine) as connection:  # what Store.delete_upload does with one call
        audit.record_upload(connection, audit.DELETE, upload_id, who="qt")
    row = _trail(store).iloc[0]
    assert (row["action"], row["who"], row["upload_id"], row["sha256"]) == (audit.DELETE, "qt", upload_id,
                                                                           sha256_of(data))
    assert row["places"] == [[PROVINCE, "Xã An"]]
    with pytest.raises(ValueError, match="unknown audit action"):
        with write_transaction(store.engine) as connection:
            audit.record(connection, who="qt", action="rewrite-history")


def test_a_criteria_set_save_is_recorded_with_the_workbooks_hash(store):
    with write_transaction(store.engine) as connection:
        audit.record_criteria_set(connection, "ag-nc-2021", 3, who="qt", file_name="bo.xlsx", content=b"abc")
    row = _trail(store).iloc[0]
    assert (row["action"], row["set_id"]) == (audit.CRITERIA_SET, "ag-nc-2021")
    assert row["sha256"] == sha256_of(b"abc")
    assert row["details"] == {"version": 3, "file_name": "bo.xlsx"}


def test_deleting_and_restoring_through_the_store_is_recorded(store, catalog):
    data = workbook(catalog, assessment_rows(catalog, "Xã An", 2024))
    upload_id = store.import_file(data, "a.xlsx", catalog, who="bt").upload_id
    store.delete_upload(upload_id, who="qt")
    assert not store.delete_upload(upload_id, who="qt")  # already deleted: no change, no record
    store.undo_delete(upload_id, who="bt")
    assert not store.undo_delete(upload_id, who="bt")
    trail = _trail(store)
    assert trail["action"].tolist() == [audit.UNDO, audit.DELETE, audit.IMPORT]
    assert trail["who"].tolist() == ["bt", "qt", "bt"]
    for row in trail.iloc[:2].to_dict("records"):
        assert (row["upload_id"], row["sha256"]) == (upload_id, sha256_of(data))
        assert row["places"] == [[PROVINCE, "Xã An"]] and row["details"]["file_name"] == "a.xlsx"


# -- accounts -------------------------------------------------------------------------------------
def test_accounts_are_added_assigned_and_signed_in_and_every_change_is_recorded(store):
    accounts = Accounts(store.engine)
    assert not accounts.has_accounts()
    accounts.add("QT", Role.ADMIN, who="", display_name="Quản trị", password=SECRET)
    accounts.add("bt-ag", "editor", who="qt", password=SECRET)
    assert accounts.assign("bt-ag", Place("An Giang"), who="qt")
    assert accounts.assign("bt-ag", Place("Đắk Nông", "Quảng Khê"), who="qt")
    assert not accounts.assign("bt-ag", Place("tỉnh an giang"), who="qt")  # the same place, as a key
    assert accounts.has_accounts()

    signed = accounts.sign_in(" Bt-AG ", SECRET)
    assert signed is not None and signed.role is Role.EDITOR
    assert signed.places == (Place("An Giang"), Place("Đắk Nông", "Quảng Khê"))
    assert accounts.sign_in("bt-ag", "sai-mat-khau") is None
    assert accounts.sign_in("nobody", SECRET) is None

    accounts.set_password("bt-ag", SECRET + "2", who="qt")
    assert accounts.sign_in("bt-ag", SECRET) is None and accounts.sign_in("bt-ag", SECRET + "2")
    assert accounts.unassign("bt-ag", Place("Đắk Nông", "quảng khê"), who="qt")
    accounts.set_role("bt-ag", Role.VIEWER, who="qt")
    accounts.set_active("bt-ag", False, who="qt")
    assert accounts.sign_in("bt-ag", SECRET + "2") is None
    assert accounts.account("bt-ag").active is False

    listed = accounts.list().set_index("login")
    assert listed.loc["bt-ag", "places"] == "An Giang" and listed.loc["qt", "role"] == "admin"
    trail = _trail(store)
    assert trail["action"].tolist()[::-1] == [
        audit.USER_ADD, audit.USER_ADD, audit.ASSIGN, audit.ASSIGN, audit.USER_PASSWORD, audit.UNASSIGN,
        audit.USER_ROLE, audit.USER_ACTIVE]
    assert trail.iloc[-4]["places"] == [["Đắk Nông", "Quảng Khê"]]
    assert set(trail["subject"]) == {"qt", "bt-ag"}
    with store.engine.connect() as connection:
        hashes = connection.execute(text("SELECT password_hash FROM users")).scalars().all()
    assert all(h.startswith("$argon2id$") and SECRET not in h for h in hashes)
    assert SECRET not in trail.to_json(force_ascii=False, date_format="iso")


def test_the_last_administrator_cannot_be_removed_and_logins_are_unique(store):
    accounts = Accounts(store.engine)
    accounts.add("qt", Role.ADMIN, who="", password=SECRET)
    with pytest.raises(AuthError, match="last administrator"):
        accounts.set_active("qt", False, who="qt")
    with pytest.raises(AuthError, match="last administrator"):
        accounts.set_role("qt", Role.EDITOR, who="qt")
    with pytest.raises(AuthError, match="exists already"):
        accounts.add("QT", Role.VIEWER, who="qt")
    with pytest.raises(AuthError, match="no user"):
        accounts.set_role("nobody", Role.VIEWER, who="qt")
    with pytest.raises(AuthError):
        accounts.add("hai tu", Role.VIEWER, who="qt")
    accounts.add("qt2", Role.ADMIN, who="qt")
    accounts.set_active("qt", False, who="qt2")  # allowed now: another administrator remains
    assert not accounts.account("qt").active


def test_an_oidc_account_is_found_by_its_email_then_by_its_subject(store):
    accounts = Accounts(store.engine)
    accounts.add("nguyen.a@angiang.gov.vn", Role.EDITOR, who="qt")
    found = accounts.account_for_oidc("sub-123", "Nguyen.A@angiang.gov.vn")
    assert found is not None and found.login == "nguyen.a@angiang.gov.vn"
    assert accounts.account_for_oidc("sub-123", None).login == found.login  # the subject was remembered
    assert accounts.account_for_oidc("sub-999", "nguyen.a@angiang.gov.vn") is None  # bound to sub-123 now
    assert accounts.sign_in("nguyen.a@angiang.gov.vn", "") is None  # no local password
