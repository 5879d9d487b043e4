"""The store's errors, members of the project's one error family (``ntm.errors.NtmError``)."""

from __future__ import annotations

from ntm.errors import NtmError


class StoreError(NtmError):
    """The store cannot do what was asked: bad URL, unreachable server, unknown upload, a newer schema."""
