"""NTM Dashboard: the router. Page config, who is signed in, and their own navigation; each page is a
script in pages/."""

import streamlit as st

from pages.ui.auth import guard_page, menu, sign_in_state
from pages.ui.data import begin_run
from pages.ui.downloads import render_download_failures
from pages.ui.i18n import t

st.set_page_config(page_title="NTM Dashboard — Nông thôn mới", page_icon=":material/agriculture:",
                   layout="wide")
begin_run()  # the store's revision, read once: the key of this run's cached reads
signed_in = sign_in_state()
shown = menu(signed_in)

# The overview is the default page, served at the root URL. Every page has an ASCII url_path: its
# script's name (pages/ui/router.py explains why they must match). Pages the user's role may not use
# are hidden from the menu; opened by their link, they show a refusal (guard_page).
# (script and url_path, title vi, title en, icon); the first is the default page.
PAGES = [
    ("overview", "Tổng quan", "Overview", ":material/dashboard:"),
    ("profile", "Hồ sơ xã", "Commune profile", ":material/home_work:"),
    ("compare", "So sánh", "Compare", ":material/compare_arrows:"),
    ("progress", "Tiến độ", "Progress", ":material/trending_up:"),
    ("data", "Dữ liệu", "Data", ":material/table_view:"),
    ("upload", "Tải lên", "Upload", ":material/upload_file:"),
    ("groups", "Nhóm xã", "Commune groups", ":material/groups:"),
    ("audit", "Nhật ký", "Audit trail", ":material/history:"),
    ("admin", "Người dùng", "Users", ":material/manage_accounts:"),
    ("method", "Phương pháp", "Method", ":material/menu_book:"),
]
pages = [st.Page(f"pages/{name}.py", title=t(vi, en), icon=icon, url_path=name, default=i == 0,
                 visibility=shown(name))
         for i, (name, vi, en, icon) in enumerate(PAGES)]
page = st.navigation(pages)
guard_page(signed_in, page)
render_download_failures()  # downloads that failed since the last run, why (once)
page.run()
