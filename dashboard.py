"""NTM Dashboard: the router. Page config and navigation only; each page is a script in pages/."""

import streamlit as st

st.set_page_config(page_title="NTM Dashboard — Nông thôn mới", page_icon="🌾", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Tổng quan", icon="📊", url_path="overview", default=True),
    st.Page("pages/profile.py", title="Hồ sơ xã", icon="🏡", url_path="profile"),
    st.Page("pages/compare.py", title="So sánh", icon="⚖️", url_path="compare"),
    st.Page("pages/progress.py", title="Tiến độ", icon="📈", url_path="progress"),
    st.Page("pages/data_export.py", title="Dữ liệu", icon="🗂️", url_path="data"),
    st.Page("pages/upload.py", title="Tải lên", icon="📤", url_path="upload"),
    st.Page("pages/method.py", title="Phương pháp", icon="📖", url_path="method"),
]
st.navigation(pages).run()
