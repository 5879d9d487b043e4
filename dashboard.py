"""NTM Dashboard: the router. Page config, who is signed in, and their own navigation; each page is a
script in pages/."""

import streamlit as st

from pages.ui.auth import guard_page, menu, sign_in_state
from pages.ui.i18n import t

st.set_page_config(page_title="NTM Dashboard — Nông thôn mới", page_icon=":material/agriculture:",
                   layout="wide")
signed_in = sign_in_state()
shown = menu(signed_in)

# The overview is the default page, served at the root URL. Every page has an ASCII url_path: its
# script's name (pages/ui/router.py explains why they must match). Pages the user's role may not use
# are hidden from the menu; opened by their link, they show a refusal (guard_page).
pages = [
    st.Page("pages/overview.py", title=t("Tổng quan", "Overview"), icon=":material/dashboard:",
            url_path="overview", default=True, visibility=shown("overview")),
    st.Page("pages/profile.py", title=t("Hồ sơ xã", "Commune profile"), icon=":material/home_work:",
            url_path="profile", visibility=shown("profile")),
    st.Page("pages/compare.py", title=t("So sánh", "Compare"), icon=":material/compare_arrows:",
            url_path="compare", visibility=shown("compare")),
    st.Page("pages/progress.py", title=t("Tiến độ", "Progress"), icon=":material/trending_up:",
            url_path="progress", visibility=shown("progress")),
    st.Page("pages/data.py", title=t("Dữ liệu", "Data"), icon=":material/table_view:", url_path="data",
            visibility=shown("data")),
    st.Page("pages/upload.py", title=t("Tải lên", "Upload"), icon=":material/upload_file:",
            url_path="upload", visibility=shown("upload")),
    st.Page("pages/audit.py", title=t("Nhật ký", "Audit trail"), icon=":material/history:",
            url_path="audit", visibility=shown("audit")),
    st.Page("pages/admin.py", title=t("Người dùng", "Users"), icon=":material/manage_accounts:",
            url_path="admin", visibility=shown("admin")),
    st.Page("pages/method.py", title=t("Phương pháp", "Method"), icon=":material/menu_book:",
            url_path="method", visibility=shown("method")),
]
page = st.navigation(pages)
guard_page(signed_in, page)
page.run()
