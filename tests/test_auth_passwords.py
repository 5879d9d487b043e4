"""Local passwords: argon2id hashes, verification, rehash when the parameters change; no clear text."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from ntm.auth.errors import AuthError
from ntm.auth.passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password

SECRET = "mật-khẩu-đủ-dài"


def test_a_hash_verifies_its_password_and_nothing_else():
    stored = hash_password(SECRET)
    assert stored.startswith("$argon2id$") and SECRET not in stored
    assert verify_password(stored, SECRET)
    assert not verify_password(stored, SECRET + "x")
    assert not verify_password(stored, "")


def test_the_same_password_hashes_differently_each_time():
    assert hash_password(SECRET) != hash_password(SECRET)


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$argon2id$v=19$broken"])
def test_a_missing_or_malformed_hash_never_verifies(stored):
    assert not verify_password(stored, SECRET)


def test_short_passwords_are_refused_without_repeating_them():
    with pytest.raises(AuthError) as caught:
        hash_password("ngan")
    assert str(MIN_LENGTH) in caught.value.message_vi and "ngan" not in str(caught.value)


def test_weaker_parameters_need_a_rehash():
    assert not needs_rehash(hash_password(SECRET))
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(SECRET)
    assert verify_password(weak, SECRET) and needs_rehash(weak)
    assert needs_rehash("not-a-hash")
