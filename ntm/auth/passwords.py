"""Passwords of local accounts, hashed with argon2id (argon2-cffi's recommended parameters).

Only the hash is ever stored; clear text is never kept, logged or put in an error message. A
hash records its own parameters, so ``needs_rehash`` tells when a stored hash was made with
weaker settings than today's and should be replaced at the next successful sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ntm.auth.errors import AuthError

MIN_LENGTH = 8
_HASHER = PasswordHasher()  # argon2id, RFC 9106 "low memory" profile; stateless and thread-safe


def check_strength(password: str) -> None:
    """Refuse passwords too short to protect a shared server.

    Raises:
        AuthError: fewer than ``MIN_LENGTH`` characters (the message never repeats the password).
    """
    if len(password or "") < MIN_LENGTH:
        raise AuthError(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.",
                        f"A password needs at least {MIN_LENGTH} characters.")


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (a string of about 100 ASCII characters, salt included).

    Raises:
        AuthError: the password is too short (see ``check_strength``).
    """
    check_strength(password)
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored_hash``; False for a wrong password, an empty or
    malformed hash (an account without a local password, e.g. one that signs in by OpenID Connect)."""
    if not stored_hash or not password:
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when ``stored_hash`` was made with other parameters than today's (rehash it on sign-in)."""
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return True
