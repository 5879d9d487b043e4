"""Keeping every session on dashboard.py's navigation, even the first one after the server starts.

Streamlit treats a folder called ``pages/`` beside the entry file as an old-style page folder until
some session has run ``st.navigation``. So the first visitor after a restart who opens a deep link
(``/upload``) gets that page's script run on its own, with a menu of file names. Every page calls
``leave_page_folder_mode`` first: in that situation it switches the old behaviour off and reruns,
and the rerun goes through dashboard.py to the same page: pages are keyed by their url_path, and
each page's url_path is its script's file name (a test checks it).
"""

from __future__ import annotations

import streamlit as st


def leave_page_folder_mode() -> None:
    """Rerun through dashboard.py's ``st.navigation`` if this run came from the old page-folder mode."""
    from streamlit.runtime.pages_manager import PagesManager  # Streamlit internals: guarded below

    if getattr(PagesManager, "uses_pages_directory", None):
        PagesManager.uses_pages_directory = False
        st.rerun()
