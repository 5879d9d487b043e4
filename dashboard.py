"""NTM Dashboard: the router. Page config and navigation only; each page is a script in pages/."""

import streamlit as st

from pages.ui.i18n import t

st.set_page_config(page_title="NTM Dashboard — Nông thôn mới", page_icon=":material/agriculture:",
                   layout="wide")

# The overview is the default page, served at the root URL. Every page has an ASCII url_path: its
# script's name (pages/ui/router.py explains why they must match).
pages = [
    st.Page("pages/overview.py", title=t("Tổng quan", "Overview"), icon=":material/dashboard:",
            url_path="overview", default=True),
    st.Page("pages/profile.py", title=t("Hồ sơ xã", "Commune profile"), icon=":material/home_work:",
            url_path="profile"),
    st.Page("pages/compare.py", title=t("So sánh", "Compare"), icon=":material/compare_arrows:",
            url_path="compare"),
    st.Page("pages/progress.py", title=t("Tiến độ", "Progress"), icon=":material/trending_up:",
            url_path="progress"),
    st.Page("pages/data.py", title=t("Dữ liệu", "Data"), icon=":material/table_view:", url_path="data"),
    st.Page("pages/upload.py", title=t("Tải lên", "Upload"), icon=":material/upload_file:",
            url_path="upload"),
    st.Page("pages/method.py", title=t("Phương pháp", "Method"), icon=":material/menu_book:",
            url_path="method"),
]
st.navigation(pages).run()
