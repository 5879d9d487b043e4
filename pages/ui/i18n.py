"""The UI speaks Vietnamese first; ``t`` picks the English twin when the user asks for it."""

from __future__ import annotations

import streamlit as st

from pages.ui import state

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


def lang() -> str:
    """The current UI language ("vi" or "en")."""
    return st.session_state.get(state.LANG, "vi")


def t(vi: str, en: str) -> str:
    """``vi`` or ``en`` by the user's language."""
    return en if lang() == "en" else vi


def render_language_switch() -> None:
    """A sidebar switch between Tiếng Việt and English, remembered for the session and across pages."""
    st.session_state[state.LANG] = lang() if lang() in LANGUAGES else "vi"
    st.sidebar.radio("Ngôn ngữ / Language", list(LANGUAGES), key=state.LANG, horizontal=True,
                     format_func=LANGUAGES.__getitem__, persist_state="session")
