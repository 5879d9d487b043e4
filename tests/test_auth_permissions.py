"""Who may do what, where: the rules as a table, one row per (account, action, place) case."""

from __future__ import annotations

import pytest

from ntm.auth.errors import AuthError, PermissionDenied
from ntm.auth.permissions import (
    PLACE_SCOPED, RULES, Account, Action, Place, Role, decide, may, parse_role, require,
)

AG, DN = "An Giang", "Đắk Nông"
VIEWER = Account("xem", Role.VIEWER)
EDITOR_AG = Account("bt-ag", Role.EDITOR, (Place(AG),))
EDITOR_KB = Account("bt-kb", Role.EDITOR, (Place(AG, "Khánh Bình"),))
EDITOR_NONE = Account("bt-moi", Role.EDITOR)
ADMIN = Account("qt", Role.ADMIN)
GONE = Account("cu", Role.ADMIN, active=False)

CHANGES = [Action.UPLOAD, Action.SUPERSEDE, Action.DELETE, Action.UNDO]


@pytest.mark.parametrize("account, action, province, commune, allowed", [
    # viewers read and export everywhere, change nothing
    (VIEWER, Action.VIEW, AG, None, True),
    (VIEWER, Action.EXPORT, DN, "Quảng Khê", True),
    *[(VIEWER, action, AG, "Khánh Bình", False) for action in CHANGES],
    (VIEWER, Action.VIEW_AUDIT, None, None, False),
    (VIEWER, Action.MANAGE_USERS, None, None, False),
    # an editor of a province changes any commune of it, nothing elsewhere
    *[(EDITOR_AG, action, AG, "Khánh Bình", True) for action in CHANGES],
    *[(EDITOR_AG, action, "tỉnh an giang", "UBND xã Bình Hòa", True) for action in CHANGES],
    *[(EDITOR_AG, action, DN, "Quảng Khê", False) for action in CHANGES],
    (EDITOR_AG, Action.UPLOAD, AG, None, True),
    (EDITOR_AG, Action.UPLOAD, "", "Khánh Bình", False),  # data naming no province: admins only
    (EDITOR_AG, Action.VIEW, DN, None, True),
    (EDITOR_AG, Action.VIEW_AUDIT, AG, None, True),
    (EDITOR_AG, Action.VIEW_AUDIT, DN, None, False),
    (EDITOR_AG, Action.MANAGE_USERS, None, None, False),
    (EDITOR_AG, Action.MANAGE_CRITERIA_SETS, None, None, False),
    # an editor of one commune: that commune only, never the whole province
    (EDITOR_KB, Action.UPLOAD, AG, "xã Khánh Bình", True),
    (EDITOR_KB, Action.DELETE, AG, "Khánh Hòa", False),
    (EDITOR_KB, Action.UPLOAD, AG, None, False),
    (EDITOR_KB, Action.UPLOAD, DN, "Khánh Bình", False),  # same name, other province
    # "Hòa" and "Hóa" are different communes (keys keep the tones)
    (Account("bt-hoa", Role.EDITOR, (Place(AG, "Bình Hòa"),)), Action.UPLOAD, AG, "Bình Hóa", False),
    # an editor with no place yet may not change anything
    (EDITOR_NONE, Action.UPLOAD, None, None, False),
    (EDITOR_NONE, Action.UPLOAD, AG, None, False),
    (EDITOR_NONE, Action.VIEW, AG, None, True),
    # admins do everything everywhere
    *[(ADMIN, action, DN, "Quảng Khê", True) for action in Action],
    # inactive accounts and nobody do nothing
    *[(GONE, action, AG, None, False) for action in Action],
    *[(None, action, AG, None, False) for action in Action],
])
def test_who_may_do_what_where(account, action, province, commune, allowed):
    assert may(account, action, province, commune) is allowed


@pytest.mark.parametrize("account, allowed", [(EDITOR_AG, True), (EDITOR_KB, True), (EDITOR_NONE, False),
                                              (VIEWER, False), (ADMIN, True)])
def test_may_upload_at_all_decides_the_menu(account, allowed):
    assert decide(account, Action.UPLOAD).allowed is allowed


def test_every_place_of_a_change_must_be_allowed():
    mixed = [Place(AG, "Khánh Bình"), Place(DN, "Quảng Khê")]
    decision = decide(EDITOR_AG, Action.DELETE, mixed)
    assert not decision and "Quảng Khê, Đắk Nông" in decision.reason_vi
    assert "Đắk Nông" in decision.message("en")
    assert decide(EDITOR_AG, Action.DELETE, mixed[:1])


def test_refusals_say_why_in_both_languages():
    with pytest.raises(PermissionDenied) as caught:
        require(VIEWER, Action.UPLOAD, [Place(AG)])
    assert "Người xem" in caught.value.message_vi and "viewer role" in caught.value.message_en
    assert "đăng nhập" in decide(None, Action.VIEW).reason_vi
    assert "deactivated" in decide(GONE, Action.VIEW).reason_en
    require(ADMIN, Action.MANAGE_USERS)  # allowed: no exception


def test_the_rules_table_is_consistent():
    assert RULES[Role.VIEWER] < RULES[Role.EDITOR] < RULES[Role.ADMIN]
    assert PLACE_SCOPED <= RULES[Role.EDITOR]
    assert not (PLACE_SCOPED & RULES[Role.VIEWER])


@pytest.mark.parametrize("text, role", [("editor", Role.EDITOR), (" ADMIN ", Role.ADMIN),
                                        ("Người xem", Role.VIEWER), ("biên tập viên", Role.EDITOR)])
def test_roles_are_parsed_from_words(text, role):
    assert parse_role(text) is role


def test_an_unknown_role_is_refused():
    with pytest.raises(AuthError, match="viewer, editor, admin"):
        parse_role("superuser")
