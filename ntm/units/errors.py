"""The administrative-units part of the project's error family."""

from __future__ import annotations

from ntm.errors import NtmError


class UnitsError(NtmError):
    """The units dataset cannot be used, or a unit code given on purpose does not exist."""
