"""The errors of sign-in and rights, members of the project's one error family."""

from __future__ import annotations

from ntm.errors import NtmError


class AuthError(NtmError):
    """A sign-in or account problem: unknown login, wrong password, bad role, duplicate login."""


class PermissionDenied(NtmError):
    """The acting account may not do this here (its role or its places do not allow it)."""
