"""NTM Dashboard: the router. Page config and navigation only; each page is a script in pages/."""

import streamlit as st

st.set_page_config(page_title="NTM Dashboard — Nông thôn mới", page_icon="🌾", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Tổng quan", icon="📊", url_path="overview", default=True),
]
st.navigation(pages).run()
