"""Sign-in, menus per role and refusals, through dashboard.py with AppTest: a viewer, an editor and
an admin each see their own menu; a page opened by its link that the role may not use shows a clear
refusal; names are shown as text, never as HTML; single-user mode only on localhost."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ntm.auth.permissions import Place, Role
from ntm.store import open_store
from ntm.store.users import Accounts
from pages.ui import auth, state
from tests.test_pages_support import (  # noqa: F401  (fixtures)
    ENTRY, TIMEOUT, assert_no_exception, seeded_store_dir, store_url, texts,
)

SECRET = "mật-khẩu-đủ-dài"
SCRIPT = "<script>alert(1)</script>"
EVERY_PAGE = {"overview", "profile", "compare", "progress", "data", "upload", "groups", "audit", "admin",
              "method"}
READING = {"overview", "profile", "compare", "progress", "data", "groups", "method"}


@pytest.fixture
def menus(monkeypatch):
    """Record the (url_path, visibility) of the pages each run passes to st.navigation."""
    seen: list[dict[str, str]] = []
    real = st.navigation

    def recording(pages, *args, **kwargs):
        seen.append({p.url_path or "overview": p.visibility for p in pages})  # the default page's url is ""
        return real(pages, *args, **kwargs)

    monkeypatch.setattr(st, "navigation", recording)
    return seen


@pytest.fixture
def people(store_url):
    """An admin, an editor of An Giang, a viewer, and an editor whose display name is a script tag."""
    store = open_store(store_url)
    accounts = Accounts(store.engine)
    accounts.add("qt", Role.ADMIN, who="", password=SECRET, display_name="Quản trị")
    accounts.add("bt", Role.EDITOR, who="qt", password=SECRET, display_name=SCRIPT)
    accounts.assign("bt", Place("An Giang", SCRIPT), who="qt")
    accounts.add("xem", Role.VIEWER, who="qt", password=SECRET)
    store.close()
    return store_url


def _serve_on(monkeypatch, address: str) -> None:
    """Run as if ``streamlit run --server.address <address>``."""
    real = st.get_option
    monkeypatch.setattr(st, "get_option", lambda name: address if name == "server.address" else real(name))


def _visible(menu: dict[str, str]) -> set[str]:
    return {path for path, visibility in menu.items() if visibility == "visible"}


def signed_in(login: str, page: str = "pages/overview.py") -> AppTest:
    """Sign in through the form, then open ``page``."""
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    at.run()
    assert_no_exception(at)
    at.text_input(key=state.SIGN_IN_LOGIN).input(login)
    at.text_input(key=state.SIGN_IN_PASSWORD).input(SECRET)
    at.button(key=f"FormSubmitter:{state.SIGN_IN_FORM}-Đăng nhập").click().run()
    assert_no_exception(at)
    at.switch_page(page).run()
    assert_no_exception(at)
    return at


def test_nobody_sees_a_page_before_signing_in(people, menus):
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT).run()
    assert_no_exception(at)
    assert at.text_input(key=state.SIGN_IN_LOGIN) is not None and not at.dataframe
    assert _visible(menus[-1]) == set()
    at.text_input(key=state.SIGN_IN_LOGIN).input("qt")
    at.text_input(key=state.SIGN_IN_PASSWORD).input("sai-mat-khau")
    at.button(key=f"FormSubmitter:{state.SIGN_IN_FORM}-Đăng nhập").click().run()
    assert "Sai tên đăng nhập hoặc mật khẩu" in texts(at) and state.SIGNED_IN not in at.session_state


@pytest.mark.parametrize("login, visible", [
    ("xem", READING),
    ("bt", READING | {"upload", "audit"}),
    ("qt", EVERY_PAGE),
])
def test_each_role_has_its_own_menu(people, menus, login, visible):
    signed_in(login)
    assert _visible(menus[-1]) == visible and set(menus[-1]) == EVERY_PAGE


@pytest.mark.parametrize("login, page", [
    ("xem", "pages/upload.py"), ("xem", "pages/admin.py"), ("xem", "pages/audit.py"),
    ("bt", "pages/admin.py"),
])
def test_a_page_the_role_may_not_use_shows_a_refusal(people, login, page):
    at = signed_in(login, page)
    assert "Bạn không dùng được trang này" in texts(at)
    assert "không được" in "\n".join(e.value for e in at.error)
    assert not at.dataframe and not at.button(key=state.SIGN_OUT).disabled  # nothing of the page drawn


def test_an_admin_adds_an_account_and_the_audit_page_shows_it(people):
    at = signed_in("qt", "pages/admin.py")
    at.text_input(key=state.ADMIN_ADD_LOGIN).input("bt-dn")
    at.selectbox(key=state.ADMIN_ADD_ROLE).select("editor")
    at.text_input(key=state.ADMIN_ADD_PASSWORD).input(SECRET)
    at.button(key=f"FormSubmitter:{state.ADMIN_ADD_FORM}-Thêm").click().run()
    assert_no_exception(at)
    assert "Đã lưu." in texts(at) and "bt-dn" in at.dataframe[0].value.iloc[:, 0].tolist()

    at.switch_page("pages/audit.py").run()
    assert_no_exception(at)
    trail = at.dataframe[0].value
    assert trail.iloc[0]["Tài khoản"] == "bt-dn" and trail.iloc[0]["Người thực hiện"] == "qt"


def test_user_supplied_text_is_shown_as_text_never_as_html(people):
    at = signed_in("bt", "pages/audit.py")
    assert SCRIPT in "\n".join(str(e.value) for e in at.sidebar.text)  # the editor's name and place, as text
    for element in at.markdown:
        assert not (SCRIPT in element.value and element.proto.allow_html), element.value
    assert SCRIPT in at.dataframe[0].value["Địa bàn"].iloc[0]  # its assignment, in a plain table


def test_single_user_mode_on_localhost_shows_a_banner_and_every_page(store_url, menus, monkeypatch):
    _serve_on(monkeypatch, "localhost")
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT).run()
    assert_no_exception(at)
    assert ":orange-badge[:material/person: Chế độ một người dùng]" in texts(at)
    assert _visible(menus[-1]) == EVERY_PAGE and not at.warning  # the pages' own alerts stay theirs


def test_single_user_mode_is_refused_beyond_localhost(store_url, menus, monkeypatch):
    _serve_on(monkeypatch, "0.0.0.0")
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT).run()
    assert_no_exception(at)
    shown = texts(at)
    assert "orange-badge" not in shown and "0.0.0.0" in shown
    assert "--server.address localhost" in shown
    assert _visible(menus[-1]) == set() and not at.dataframe


@pytest.mark.parametrize("user, visible, shown", [
    ({"is_logged_in": False}, set(), "Đăng nhập bằng tài khoản của đơn vị"),
    ({"is_logged_in": True, "sub": "kc-1", "email": "BT.AG@angiang.gov.vn"}, READING | {"upload", "audit"},
     "Biên tập viên"),
    ({"is_logged_in": True, "sub": "kc-2", "email": "la@example.com"}, set(), "chưa được cấp quyền"),
])
def test_openid_connect_users_get_the_rights_of_their_account(store_url, menus, user, visible, shown):
    store = open_store(store_url)
    accounts = Accounts(store.engine)
    accounts.add("qt", Role.ADMIN, who="", password=SECRET)
    accounts.add("bt.ag@angiang.gov.vn", Role.EDITOR, who="qt")  # no password: signs in by OIDC
    accounts.assign("bt.ag@angiang.gov.vn", Place("An Giang"), who="qt")
    store.close()
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    at.user = user  # "is_logged_in" present: an [auth] provider is configured
    at.run()
    assert_no_exception(at)
    assert _visible(menus[-1]) == visible
    assert shown in texts(at) + "\n".join(str(e.value) for e in at.sidebar.text) + "".join(
        b.label for b in at.button)


def test_repeated_wrong_passwords_block_the_login_even_for_the_right_one(people):
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT).run()
    for password in ["sai-1", "sai-2", "sai-3", "sai-4", "sai-5", SECRET]:
        at.text_input(key=state.SIGN_IN_LOGIN).input("qt")
        at.text_input(key=state.SIGN_IN_PASSWORD).input(password)
        at.button(key=f"FormSubmitter:{state.SIGN_IN_FORM}-Đăng nhập").click().run()
        assert_no_exception(at)
    assert "Đăng nhập sai quá nhiều lần" in texts(at) and state.SIGNED_IN not in at.session_state
