"""Every session-state and widget key, in one place (pages never spell keys as literals)."""

LANG = "lang"
"""The UI language: "vi" (default) or "en"."""
