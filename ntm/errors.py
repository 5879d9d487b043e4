"""The project's one family of exceptions, each written for the user.

Every error carries a Vietnamese message (shown first) and its English twin, says what is wrong
and how to fix it. Pages catch ``NtmError`` only; anything else is a bug and must surface.
"""

from __future__ import annotations


class NtmError(Exception):
    """Base of every error the product raises on purpose.

    Args:
        message_vi: what is wrong and what to do, in Vietnamese.
        message_en: the same in English.
    """

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi = message_vi
        self.message_en = message_en

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang`` ("vi" or "en")."""
        return self.message_en if lang == "en" else self.message_vi


class CatalogError(NtmError):
    """A criteria set is malformed (duplicate codes, orphan indicators, wrong counts)."""


class UnknownSetError(NtmError):
    """A criteria set name or id that neither the catalog nor the user's sets know."""


class WorkbookError(NtmError):
    """A file that cannot be read as an assessment workbook at all (not Excel, corrupt, empty)."""
