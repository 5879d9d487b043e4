"""Accounts and their places, kept in the store; every change is written to the audit trail.

``Accounts(store.engine)`` opens a short transaction per call, like ``Store``. Logins are kept
trimmed and in lower case ("Nguyen.A@tinh.gov.vn" and "nguyen.a@tinh.gov.vn" are one account).
Accounts are deactivated, never deleted: the audit trail names them. The last active
administrator can be neither deactivated nor demoted, so a store never locks everybody out.
Rights are not checked here: callers check them first (``ntm.auth.guard`` and the pages).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from functools import cache

import pandas as pd
from sqlalchemy import Connection, Engine, and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ntm.auth.errors import AuthError
from ntm.auth.passwords import hash_password, needs_rehash, verify_password
from ntm.auth.permissions import Account, Place, Role, parse_role
from ntm.store import audit
from ntm.store.engine import read_connection, write_transaction
from ntm.store.keys import name_key, province_key
from ntm.store.schema import assignments, users

USER_COLUMNS = ["login", "display_name", "role", "active", "local_password", "oidc", "places", "created_at"]


def normal_login(login: object) -> str:
    """A login as stored: trimmed, lower case.

    Raises:
        AuthError: blank, or containing spaces or control characters.
    """
    text = str(login or "").strip().lower()
    if not text or any(c.isspace() or not c.isprintable() for c in text):
        raise AuthError(f"Tên đăng nhập không hợp lệ: {login!r} (không để trống, không có dấu cách).",
                        f"Not a valid login: {login!r} (not blank, no spaces).")
    return text


def _unknown(login: str) -> AuthError:
    return AuthError(f"Không có người dùng '{login}'. Xem danh sách: python -m ntm users list",
                     f"There is no user '{login}'. See the list: python -m ntm users list")


class Accounts:
    """The users table and their assignments (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- reading ---------------------------------------------------------------------------------
    def has_accounts(self) -> bool:
        """True when at least one account is active (then people must sign in)."""
        with read_connection(self.engine) as connection:
            return connection.execute(select(func.count()).select_from(users)
                                      .where(users.c.active)).scalar_one() > 0

    def account(self, login: str) -> Account | None:
        """The account of ``login`` with its places (inactive ones too); None if unknown."""
        with read_connection(self.engine) as connection:
            row = connection.execute(select(users).where(users.c.login == normal_login(login))).first()
            return _account(connection, row) if row is not None else None

    def account_for_oidc(self, subject: str, email: str | None) -> Account | None:
        """The account of an OpenID Connect user: by the provider's subject, else by the verified
        e-mail address given as login (the subject is then remembered for next time)."""
        with write_transaction(self.engine) as connection:
            row = connection.execute(select(users).where(users.c.oidc_subject == subject)).first()
            if row is None and email:
                row = connection.execute(select(users).where(
                    users.c.login == email.strip().lower(), users.c.oidc_subject.is_(None))).first()
                if row is not None:
                    connection.execute(update(users).where(users.c.id == row.id).values(oidc_subject=subject))
            return _account(connection, row) if row is not None else None

    def sign_in(self, login: str, password: str) -> Account | None:
        """The active account whose password matches, else None (the same answer for an unknown
        login, a wrong password and a deactivated account, so the form reveals nothing).
        A hash made with older parameters is replaced by a new one."""
        try:
            login = normal_login(login)
        except AuthError:
            return None
        with read_connection(self.engine) as connection:
            row = connection.execute(select(users).where(users.c.login == login)).first()
        # Verify even for an unknown login, so the answer takes as long either way.
        matches = verify_password(row.password_hash if row is not None else _decoy_hash(), password)
        if row is None or not row.active or not matches:
            return None
        if needs_rehash(row.password_hash):
            with write_transaction(self.engine) as connection:
                connection.execute(update(users).where(users.c.id == row.id)
                                   .values(password_hash=hash_password(password)))
        return self.account(login)

    def list(self) -> pd.DataFrame:
        """Every account, by login: ``USER_COLUMNS`` (``places`` as "Khánh Bình, An Giang; Đắk Nông")."""
        with read_connection(self.engine) as connection:
            rows = connection.execute(select(users).order_by(users.c.login)).all()
            places = _places_by_user(connection)
        records = [{"login": r.login, "display_name": r.display_name, "role": r.role,
                    "active": bool(r.active),
                    "local_password": bool(r.password_hash), "oidc": bool(r.oidc_subject),
                    "places": "; ".join(p.label() for p in places.get(r.id, ())), "created_at": r.created_at}
                   for r in rows]
        return pd.DataFrame.from_records(records, columns=USER_COLUMNS)

    # -- changing (each one audited as ``who``) ---------------------------------------------------
    def add(self, login: str, role: Role | str, *, who: str, display_name: str = "",
            password: str | None = None) -> Account:
        """Create an account; ``password`` None for one that signs in by OpenID Connect only.

        Raises:
            AuthError: a bad login or role, a short password, or the login exists already.
        """
        login, role = normal_login(login), parse_role(role)
        hashed = hash_password(password) if password is not None else None
        try:
            with write_transaction(self.engine) as connection:
                connection.execute(insert(users).values(
                    login=login, display_name=display_name.strip(), role=role.value, password_hash=hashed,
                    active=True, created_at=datetime.now(UTC)))
                audit.record(connection, who=who, action=audit.USER_ADD, subject=login,
                             details={"role": role.value, "local_password": hashed is not None})
        except IntegrityError as error:
            raise AuthError(f"Tên đăng nhập '{login}' đã có.",
                            f"The login '{login}' exists already.") from error
        return Account(login, role, display_name=display_name.strip())

    def set_role(self, login: str, role: Role | str, *, who: str) -> None:
        """Change an account's role.

        Raises:
            AuthError: unknown login, bad role, or it would leave no active administrator.
        """
        role = parse_role(role)
        with write_transaction(self.engine) as connection:
            row = _row(connection, login)
            if row.role == Role.ADMIN and role != Role.ADMIN and row.active:
                _keep_one_admin(connection, row.id)
            connection.execute(update(users).where(users.c.id == row.id).values(role=role.value))
            audit.record(connection, who=who, action=audit.USER_ROLE, subject=row.login,
                         details={"from": row.role, "to": role.value})

    def set_password(self, login: str, password: str, *, who: str) -> None:
        """Set a new local password (the trail records that it changed, never the password)."""
        hashed = hash_password(password)
        with write_transaction(self.engine) as connection:
            row = _row(connection, login)
            connection.execute(update(users).where(users.c.id == row.id).values(password_hash=hashed))
            audit.record(connection, who=who, action=audit.USER_PASSWORD, subject=row.login)

    def set_active(self, login: str, active: bool, *, who: str) -> None:
        """Deactivate (``active=False``) or reactivate an account.

        Raises:
            AuthError: unknown login, or deactivating the last active administrator.
        """
        with write_transaction(self.engine) as connection:
            row = _row(connection, login)
            if not active and row.role == Role.ADMIN and row.active:
                _keep_one_admin(connection, row.id)
            connection.execute(update(users).where(users.c.id == row.id).values(active=active))
            audit.record(connection, who=who, action=audit.USER_ACTIVE, subject=row.login,
                         details={"active": active})

    def assign(self, login: str, place: Place, *, who: str) -> bool:
        """Give an account a place; False when it had it already.

        Raises:
            AuthError: unknown login, or a blank province.
        """
        if not province_key(place.province):
            raise AuthError("Hãy cho biết tỉnh của địa bàn.", "Give the place's province.")
        with write_transaction(self.engine) as connection:
            row = _row(connection, login)
            commune_key = name_key(place.commune) if place.commune else ""
            exists = connection.execute(select(assignments.c.id).where(
                assignments.c.user_id == row.id, assignments.c.province_key == province_key(place.province),
                assignments.c.commune_key == commune_key)).first()
            if exists is not None:
                return False
            connection.execute(insert(assignments).values(
                user_id=row.id, province=place.province.strip(),
                commune=place.commune.strip() if place.commune else None,
                province_key=province_key(place.province), commune_key=commune_key))
            audit.record(connection, who=who, action=audit.ASSIGN, subject=row.login, places=[place])
            return True

    def unassign(self, login: str, place: Place, *, who: str) -> bool:
        """Take a place away from an account; False when it did not have it."""
        with write_transaction(self.engine) as connection:
            row = _row(connection, login)
            commune_key = name_key(place.commune) if place.commune else ""
            done = connection.execute(delete(assignments).where(
                assignments.c.user_id == row.id, assignments.c.province_key == province_key(place.province),
                assignments.c.commune_key == commune_key)).rowcount
            if done:
                audit.record(connection, who=who, action=audit.UNASSIGN, subject=row.login, places=[place])
            return bool(done)


@cache
def _decoy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def _row(connection: Connection, login: str):
    login = normal_login(login)
    row = connection.execute(select(users).where(users.c.login == login)).first()
    if row is None:
        raise _unknown(login)
    return row


def _keep_one_admin(connection: Connection, leaving_id: int) -> None:
    others = connection.execute(select(func.count()).select_from(users).where(and_(
        users.c.role == Role.ADMIN.value, users.c.active, users.c.id != leaving_id))).scalar_one()
    if not others:
        raise AuthError("Không thể bỏ người quản trị cuối cùng: hãy thêm một người quản trị khác trước.",
                        "Cannot remove the last administrator: add another administrator first.")


def _places_by_user(connection: Connection, user_id: int | None = None) -> dict[int, list[Place]]:
    query = select(assignments.c.user_id, assignments.c.province, assignments.c.commune).order_by(
        assignments.c.user_id, assignments.c.province_key, assignments.c.commune_key)
    if user_id is not None:
        query = query.where(assignments.c.user_id == user_id)
    out: dict[int, list[Place]] = {}
    for r in connection.execute(query):
        out.setdefault(r.user_id, []).append(Place(r.province, r.commune))
    return out


def _account(connection: Connection, row) -> Account:
    places = _places_by_user(connection, row.id).get(row.id, [])
    return Account(row.login, Role(row.role), tuple(places), row.display_name or "", bool(row.active))
