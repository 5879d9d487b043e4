"""Every session-state and widget key, in one place (pages never spell keys as literals).

Filter keys belong to sidebar widgets drawn on every page with ``persist_state="session"``, so a
choice made on one page is still there on the next. Keys ending in ``_PREFIX`` are completed with
an id (one widget per upload).
"""

LANG = "lang"
"""The UI language: "vi" (default) or "en"."""

STORE_SNAPSHOT = "store_snapshot"
"""(store URL, revision) read once at the start of each script run by the router
(``pages.ui.data.begin_run``): the key of every cached store read during that run."""

# -- filters shared by every page (pages/ui/filters.py) ----------------------------------------
FILTER_SET = "filter_set"
"""The criteria set id ("ntm-2021")."""
FILTER_YEAR = "filter_year"
"""The assessment year (int)."""
FILTER_PROVINCE = "filter_province"
"""A province name, or None for every province."""
FILTER_DISTRICT = "filter_district"
"""A district name, or None for every district."""
FILTER_COMMUNES = "filter_communes"
"""Communes to keep (list of names; empty = every commune)."""

HISTORY_TODAY = "history_today"
"""Toggle on the overview, profile and progress pages: True shows history on today's map (grouped
under today's communes), False as reported (the units of each year; ``ntm.units.history.VIEWS``);
shared across pages. A toggle, not a radio: its value does not change with the UI language."""

# -- commune profile ---------------------------------------------------------------------------
PROFILE_COMMUNE = "profile_commune"
"""The commune whose report card is shown."""
PROFILE_REPORT = "profile_report_download"
"""Download button: the commune's report (.xlsx)."""

# -- compare -----------------------------------------------------------------------------------
COMPARE_COMMUNES = "compare_communes"
"""The 2–10 communes compared."""

# -- data and export ---------------------------------------------------------------------------
DATA_ALL_YEARS = "data_all_years"
"""Toggle: show and export every year instead of the year filter."""
DATA_RESULTS_XLSX = "data_results_xlsx"
"""Download button: the filtered tidy results (one row per indicator result) as .xlsx."""
DATA_RESULTS_CSV = "data_results_csv"
"""Download button: the same rows as .csv."""
DATA_SCORES_XLSX = "data_scores_xlsx"
"""Download button: the filtered scores (one row per commune-year) as .xlsx."""
DATA_SCORES_CSV = "data_scores_csv"
"""Download button: the same rows as .csv."""

# -- upload ------------------------------------------------------------------------------------
UPLOAD_FILES = "upload_files"
"""File uploader: the workbooks to check and save."""
UPLOAD_SAVE = "upload_save"
"""Button: save the checked files to the store."""
UPLOAD_OUTCOMES = "upload_outcomes"
"""The messages of the last save, shown after the rerun that clears the uploader."""
UPLOAD_WIDGET_GENERATION = "upload_widget_generation"
"""Bumped after a save so the file uploader starts empty again."""
TEMPLATE_SET = "template_set"
"""Selectbox: the criteria set of the template to download."""
TEMPLATE_DOWNLOAD = "template_download"
"""Download button: the template workbook."""
HISTORY_UPLOAD = "history_upload"
"""Selectbox: the upload to delete or restore."""
HISTORY_DELETE = "history_delete"
"""Button: delete the chosen upload."""
HISTORY_UNDO = "history_undo"
"""Button: restore the chosen deleted upload."""
HISTORY_MESSAGE = "history_message"
"""The message of the last delete or restore (kind, text)."""
SAMPLES_CONFIRM = "samples_confirm"
"""Checkbox: confirm removing the sample data."""
SAMPLES_REMOVE = "samples_remove"
"""Button: remove the sample data."""

# -- commune groups (pages/groups.py) -----------------------------------------------------------
GROUPS_PROVINCE = "groups_province"
"""Selectbox: the province whose groups are shown and to which an uploaded list applies (None: every
province shown, no list applied)."""
GROUPS_YEAR = "groups_year"
"""Selectbox: the one year shown and set (None: every year)."""
GROUPS_FILE = "groups_file"
"""File uploader: the group list (.csv, .xlsx); completed with ``GROUPS_WIDGET_GENERATION``."""
GROUPS_WIDGET_GENERATION = "groups_widget_generation"
"""Bumped after a save so the group list uploader starts empty again."""
GROUPS_SAVE = "groups_save"
"""Button: save the checked group list to the store."""
GROUPS_MESSAGES = "groups_messages"
"""The messages of the last save (kind, text), shown after the rerun that clears the uploader."""
GROUPS_LIST_DOWNLOAD = "groups_list_download"
"""Download button: the province's group list to fill in (.xlsx)."""

# -- method ------------------------------------------------------------------------------------
METHOD_SET = "method_set"
"""Selectbox: the criteria set whose indicators are listed."""

# -- sign-in, accounts and the audit trail (pages/ui/auth.py, pages/admin.py, pages/audit.py) ------
SIGNED_IN = "auth_signed_in"
"""The login of the local account signed in in this session."""
ACCOUNT = "auth_account"
"""This run's ``Account`` (set by ``guard_page``; pages read it with ``signed_in_account``)."""
SIGN_IN_FORM = "auth_sign_in_form"
SIGN_IN_LOGIN = "auth_sign_in_login"
SIGN_IN_PASSWORD = "auth_sign_in_password"
SIGN_IN_ERROR = "auth_sign_in_error"
"""Why the last sign-in failed (a label pair of ``labels_auth``)."""
SIGN_OUT = "auth_sign_out"
ADMIN_MESSAGE = "admin_message"
ADMIN_ADD_FORM = "admin_add_form"
ADMIN_ADD_LOGIN = "admin_add_login"
ADMIN_ADD_NAME = "admin_add_name"
ADMIN_ADD_ROLE = "admin_add_role"
ADMIN_ADD_PASSWORD = "admin_add_password"
ADMIN_USER = "admin_user"
ADMIN_ROLE = "admin_role"
ADMIN_SET_ROLE = "admin_set_role"
ADMIN_TOGGLE_ACTIVE = "admin_toggle_active"
ADMIN_PASSWORD = "admin_password"
ADMIN_SET_PASSWORD = "admin_set_password"
ADMIN_PROVINCE = "admin_province"
ADMIN_COMMUNE = "admin_commune"
ADMIN_ASSIGN = "admin_assign"
ADMIN_UNASSIGN = "admin_unassign"
AUDIT_ACTIONS = "audit_actions"
AUDIT_CSV = "audit_csv"

# -- downloads (pages/ui/downloads.py) --------------------------------------------------------
DOWNLOAD_FAILURES = "download_failures"
"""This session's ``downloads.FailureBox``: files that failed to build on a click, shown on the next run."""
