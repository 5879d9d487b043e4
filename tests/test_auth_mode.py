"""Sign-in modes; single-user mode only on localhost, never beyond it or behind a proxy."""

from __future__ import annotations

import pytest

from ntm.auth.mode import Mode, choose_mode, is_loopback, single_user_decision
from ntm.auth.permissions import Decision


@pytest.mark.parametrize("host, local", [
    ("localhost", True), ("LOCALHOST:8501", True), ("127.0.0.1", True), ("127.1.2.3:80", True), ("::1", True),
    ("[::1]:8501", True), ("0.0.0.0", False), ("::", False), ("", False), (None, False), ("10.0.0.5", False),
    ("ntm.angiang.gov.vn", False), ("localhost.evil.example", False), ("192.168.1.20:8501", False),
])
def test_loopback_addresses(host, local):
    assert is_loopback(host) is local


@pytest.mark.parametrize("address, headers, allowed", [
    ("localhost", {"Host": "localhost:8501"}, True),
    ("127.0.0.1", {"Host": "127.0.0.1:8501"}, True),
    ("::1", None, True),
    (None, {"Host": "localhost:8501"}, False),        # Streamlit's default: every interface
    ("", None, False),
    ("0.0.0.0", {"Host": "localhost:8501"}, False),
    ("10.0.0.5", {"Host": "10.0.0.5:8501"}, False),
    ("localhost", {"Host": "ntm.example.vn"}, False),   # reached under another name
    ("127.0.0.1", {"Host": "localhost", "X-Forwarded-For": "203.0.113.7"}, False),  # a proxy in front
    ("127.0.0.1", {"host": "localhost", "forwarded": "for=203.0.113.7"}, False),
])
def test_single_user_mode_is_allowed_only_on_localhost(address, headers, allowed):
    assert single_user_decision(address, headers).allowed is allowed


def test_the_refusal_says_how_to_fix_it():
    decision = single_user_decision("0.0.0.0", {})
    assert not decision
    assert "--server.address localhost" in decision.reason_vi and "0.0.0.0" in decision.reason_vi
    assert "users add" in decision.message("en")


@pytest.mark.parametrize("oidc, accounts, local, mode", [
    (True, False, True, Mode.OIDC), (True, True, False, Mode.OIDC),
    (False, True, True, Mode.ACCOUNTS), (False, False, True, Mode.SINGLE_USER),
    (False, False, False, Mode.LOCKED),
])
def test_the_mode_is_chosen_in_order(oidc, accounts, local, mode):
    assert choose_mode(oidc_configured=oidc, has_accounts=accounts, single_user=Decision(local)) is mode
