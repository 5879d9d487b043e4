"""Roles, actions and places: who may do what, where. Pure functions, no store, no Streamlit.

| role   | may                                                                        | where             |
|--------|----------------------------------------------------------------------------|-------------------|
| viewer | view, export                                                               | everywhere        |
| editor | view, export; upload, supersede, delete, undo; read the audit trail         | its places only   |
| admin  | everything, and manage users, assignments and criteria sets                | everywhere        |

A place is a province, or one commune of a province. An editor assigned a province may change
every commune of it; an editor assigned a commune only that commune. Names are compared as keys
(``ntm.store.keys``): "Tỉnh An Giang" and "an giang" are the same province, "UBND xã Khánh Bình"
and "Khánh Bình" the same commune. An inactive account may do nothing, nor may nobody (``None``).
Viewing and exporting are open to every active account everywhere: the results are public
reports; what must be guarded is who can change them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from ntm.auth.errors import AuthError, PermissionDenied
from ntm.store.keys import name_key, province_key


class Role(StrEnum):
    """An account's role (stored as its value)."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


class Action(StrEnum):
    """Something an account may ask to do (stored in the audit trail as its value)."""

    VIEW = "view"
    EXPORT = "export"
    UPLOAD = "upload"
    SUPERSEDE = "supersede"
    DELETE = "delete"
    UNDO = "undo"
    VIEW_AUDIT = "view-audit"
    MANAGE_USERS = "manage-users"
    MANAGE_CRITERIA_SETS = "manage-criteria-sets"


ROLE_WORDS = {Role.VIEWER: ("Người xem", "Viewer"), Role.EDITOR: ("Biên tập viên", "Editor"),
              Role.ADMIN: ("Quản trị", "Administrator")}
ACTION_WORDS = {
    Action.VIEW: ("xem dữ liệu", "view the data"), Action.EXPORT: ("xuất dữ liệu", "export the data"),
    Action.UPLOAD: ("tải dữ liệu lên", "upload data"),
    Action.SUPERSEDE: ("thay thế kết quả cũ", "supersede older results"),
    Action.DELETE: ("xóa lần tải lên", "delete uploads"),
    Action.UNDO: ("khôi phục lần tải lên", "restore uploads"),
    Action.VIEW_AUDIT: ("xem nhật ký thay đổi", "read the audit trail"),
    Action.MANAGE_USERS: ("quản lý người dùng", "manage users"),
    Action.MANAGE_CRITERIA_SETS: ("quản lý bộ tiêu chí", "manage criteria sets"),
}

# What each role may do at all; PLACE_SCOPED actions of an editor are further limited to its places.
RULES: dict[Role, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.VIEW, Action.EXPORT}),
    Role.EDITOR: frozenset({Action.VIEW, Action.EXPORT, Action.UPLOAD, Action.SUPERSEDE, Action.DELETE,
                            Action.UNDO, Action.VIEW_AUDIT}),
    Role.ADMIN: frozenset(Action),
}
PLACE_SCOPED = frozenset({Action.UPLOAD, Action.SUPERSEDE, Action.DELETE, Action.UNDO, Action.VIEW_AUDIT})


def parse_role(text: object) -> Role:
    """``"editor"`` (any case, or the Vietnamese word) → ``Role.EDITOR``.

    Raises:
        AuthError: not a role.
    """
    word = str(text or "").strip().lower()
    for role in Role:
        if word in (role.value, ROLE_WORDS[role][0].lower(), ROLE_WORDS[role][1].lower()):
            return role
    raise AuthError(f"Vai trò không hợp lệ: {text!r}. Chọn một trong: viewer, editor, admin.",
                    f"Not a role: {text!r}. Choose one of: viewer, editor, admin.")


@dataclass(frozen=True)
class Place:
    """A province, or one commune of it (``commune`` None: the whole province)."""

    province: str
    commune: str | None = None

    @property
    def province_key(self) -> str:
        return province_key(self.province)

    @property
    def commune_key(self) -> str:
        """The commune's name key; "" for a whole province."""
        return name_key(self.commune) if self.commune else ""

    def covers(self, other: Place) -> bool:
        """True when an assignment to this place allows changing ``other``.

        A blank province covers nothing (data that names no province is the admins' to change).
        """
        if not self.province_key or self.province_key != other.province_key:
            return False
        return not self.commune_key or self.commune_key == other.commune_key

    def label(self) -> str:
        """"Khánh Bình, An Giang" or "An Giang"."""
        return f"{self.commune}, {self.province}" if self.commune else self.province


@dataclass(frozen=True)
class Account:
    """Who is acting: a login, a role and, for editors, the places assigned to them."""

    login: str
    role: Role
    places: tuple[Place, ...] = field(default=())
    display_name: str = ""
    active: bool = True

    @property
    def name(self) -> str:
        """What to show: the display name, else the login."""
        return self.display_name or self.login


@dataclass(frozen=True)
class Decision:
    """Allowed or not, and why not (Vietnamese and English)."""

    allowed: bool
    reason_vi: str = ""
    reason_en: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def message(self, lang: str = "vi") -> str:
        return self.reason_en if lang == "en" else self.reason_vi


ALLOWED = Decision(True)


def covered(assigned: Iterable[Place], place: Place) -> bool:
    """True when one of the ``assigned`` places covers ``place``."""
    return any(a.covers(place) for a in assigned)


def decide(account: Account | None, action: Action, places: Iterable[Place] = ()) -> Decision:
    """May ``account`` do ``action`` on every one of ``places``?

    Args:
        account: who acts; None for nobody signed in.
        action: what they ask to do.
        places: the provinces/communes the action touches (every one must be allowed). Empty asks
            "may they do this anywhere at all?" (e.g. whether to show the upload page).

    Returns:
        A ``Decision``; when refused, the reason names the first place or the missing right.
    """
    what_vi, what_en = ACTION_WORDS[action]
    if account is None:
        return Decision(False, f"Hãy đăng nhập để {what_vi}.", f"Sign in to {what_en}.")
    if not account.active:
        return Decision(False, f"Tài khoản {account.login} đã bị khóa.",
                        f"Account {account.login} is deactivated.")
    if action not in RULES[account.role]:
        role_vi, role_en = ROLE_WORDS[account.role]
        return Decision(False, f"Vai trò {role_vi} không được {what_vi}.",
                        f"The {role_en.lower()} role may not {what_en}.")
    if account.role == Role.ADMIN or action not in PLACE_SCOPED:
        return ALLOWED
    places = list(places)
    if not places:
        if account.places:
            return ALLOWED
        return Decision(False,
                        f"Tài khoản {account.login} chưa được giao địa bàn nào nên chưa thể {what_vi}.",
                        f"Account {account.login} has no places assigned, so it cannot {what_en} yet.")
    for place in places:
        if not covered(account.places, place):
            where = place.label() or "(không rõ tỉnh)"
            return Decision(
                False,
                f"Tài khoản {account.login} không được {what_vi} cho {where}: địa bàn này không được giao.",
                f"Account {account.login} may not {what_en} for {place.label() or '(no province)'}: "
                "that place is not assigned to it.")
    return ALLOWED


def may(account: Account | None, action: Action, province: str | None = None,
        commune: str | None = None) -> bool:
    """``decide`` for one place (or none), as a plain True/False."""
    places = [Place(province, commune)] if province is not None else []
    return decide(account, action, places).allowed


def require(account: Account | None, action: Action, places: Iterable[Place] = ()) -> None:
    """Raise unless ``decide`` allows it.

    Raises:
        PermissionDenied: with the reason.
    """
    decision = decide(account, action, places)
    if not decision:
        raise PermissionDenied(decision.reason_vi, decision.reason_en)
