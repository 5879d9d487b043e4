"""Words of sign-in, the account box, the admin page and the audit page, Vietnamese first.

Each label is a (Vietnamese, English) pair; ``say`` picks one by the user's language, as
``pages.ui.i18n.t`` does.
"""

from __future__ import annotations

from ntm.auth.permissions import ROLE_WORDS, Role
from pages.ui.i18n import t


def say(pair: tuple[str, str]) -> str:
    """The pair's text in the user's language."""
    return t(*pair)


def role_word(role: Role | str) -> str:
    """"Biên tập viên" / "Editor"."""
    return say(ROLE_WORDS[Role(role)])


SIGN_IN = ("Đăng nhập", "Sign in")
SIGN_OUT = ("Đăng xuất", "Sign out")
SIGN_IN_TITLE = ("Đăng nhập NTM Dashboard", "Sign in to NTM Dashboard")
SIGN_IN_OIDC = ("Đăng nhập bằng tài khoản của đơn vị", "Sign in with your organisation's account")
LOGIN = ("Tên đăng nhập", "Login")
PASSWORD = ("Mật khẩu", "Password")
BAD_SIGN_IN = ("Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.",
               "Wrong login or password, or the account is deactivated.")
TOO_MANY_SIGN_INS = ("Đăng nhập sai quá nhiều lần: hãy thử lại sau 15 phút.",
                     "Too many failed sign-ins: try again in 15 minutes.")
NO_ACCOUNT = ("Tài khoản của bạn chưa được cấp quyền trong NTM Dashboard. Hãy nhờ người quản trị thêm bạn.",
              "Your account has no rights in NTM Dashboard yet. Ask an administrator to add you.")
LOCKED = ("Chưa có tài khoản nào và máy chủ không chỉ mở trên máy này.",
          "There are no accounts yet and the server is not bound to this computer only.")
SINGLE_USER_TITLE = ("Chế độ một người dùng", "Single-user mode")
SINGLE_USER_BANNER = (
    "không cần đăng nhập, bạn có mọi quyền; chỉ dùng được trên máy này (localhost). Để dùng chung, hãy "
    "tạo tài khoản quản trị: `python -m ntm users add TEN --role admin`",
    "no sign-in, you have every right; it works on this computer only (localhost). To share the "
    "dashboard, create an administrator: `python -m ntm users add NAME --role admin`")
SIGNED_IN_AS = ("Đăng nhập với tên", "Signed in as")
PLACES = ("Địa bàn", "Places")
NO_PLACES = ("chưa được giao", "none assigned")
EVERYWHERE = ("toàn bộ", "everywhere")
REFUSED_TITLE = ("Bạn không dùng được trang này", "You cannot use this page")

# -- admin page ------------------------------------------------------------------------------------
ADMIN_TITLE = ("Người dùng và phân quyền", "Users and rights")
ACCOUNTS = ("1. Tài khoản", "1. Accounts")
ADD_ACCOUNT = ("2. Thêm tài khoản", "2. Add an account")
CHANGE_ACCOUNT = ("3. Vai trò, khóa, mật khẩu", "3. Role, deactivation, password")
ASSIGN_PLACES = ("4. Giao địa bàn", "4. Assign places")
DISPLAY_NAME = ("Tên hiển thị", "Display name")
ROLE = ("Vai trò", "Role")
ACTIVE = ("Hoạt động", "Active")
PASSWORD_OPTIONAL = ("Mật khẩu (bỏ trống nếu đăng nhập qua OpenID Connect)",
                     "Password (leave blank for OpenID Connect sign-in)")
ADD = ("Thêm", "Add")
ACCOUNT = ("Tài khoản", "Account")
SET_ROLE = ("Đổi vai trò", "Change role")
DEACTIVATE = ("Khóa tài khoản", "Deactivate")
REACTIVATE = ("Mở lại tài khoản", "Reactivate")
NEW_PASSWORD = ("Mật khẩu mới", "New password")
SET_PASSWORD = ("Đặt mật khẩu", "Set password")
PROVINCE = ("Tỉnh", "Province")
COMMUNE = ("Xã (bỏ trống: cả tỉnh)", "Commune (blank: the whole province)")
ASSIGN = ("Giao", "Assign")
UNASSIGN = ("Bỏ giao", "Take away")
DONE = ("Đã lưu.", "Saved.")

# -- audit page ------------------------------------------------------------------------------------
AUDIT_TITLE = ("Nhật ký thay đổi", "Audit trail")
AUDIT_SCOPE_ALL = ("Mọi thay đổi (quản trị).", "Every change (administrator).")
AUDIT_SCOPE_PLACES = ("Các thay đổi ở địa bàn của bạn và do bạn thực hiện.",
                      "Changes in your places and changes you made.")
AUDIT_EMPTY = ("Chưa có thay đổi nào.", "No changes yet.")
AUDIT_ACTIONS = ("Loại thay đổi", "Kinds of change")
AUDIT_CSV = ("Tải nhật ký (.csv)", "Download the trail (.csv)")
AUDIT_READ_ONLY = ("Nhật ký chỉ được ghi thêm; không ai sửa hay xóa được từ ứng dụng.",
                   "The trail is append-only; nobody can edit or delete it from the app.")
