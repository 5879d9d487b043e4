"""NTM Dashboard: the router. Page config and navigation only; each page is a script in pages/."""

import streamlit as st

st.set_page_config(page_title="NTM Dashboard — Nông thôn mới", page_icon=":material/agriculture:", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Tổng quan", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/profile.py", title="Hồ sơ xã", icon=":material/home_work:", url_path="profile"),
    st.Page("pages/compare.py", title="So sánh", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/progress.py", title="Tiến độ", icon=":material/trending_up:", url_path="progress"),
    st.Page("pages/data_export.py", title="Dữ liệu", icon=":material/table_view:", url_path="data"),
    st.Page("pages/upload.py", title="Tải lên", icon=":material/upload_file:", url_path="upload"),
    st.Page("pages/method.py", title="Phương pháp", icon=":material/menu_book:", url_path="method"),
]
st.navigation(pages).run()
