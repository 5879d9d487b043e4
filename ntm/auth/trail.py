"""Who sees which rows of the audit trail, and the trail as a readable table. Pure functions.

An administrator sees every row. An editor sees the rows that touch one of its places and the
rows of its own actions; rows that touch no place (accounts, criteria sets) are the
administrators'. Viewers see none.
"""

from __future__ import annotations

import json

import pandas as pd

from ntm.auth.permissions import Account, Action, Place, Role, covered, decide

AUDIT_HEADERS = {
    "at": ("Thời gian (UTC)", "Time (UTC)"), "who": ("Người thực hiện", "By"), "action": ("Việc", "Action"),
    "upload_id": ("Lần tải lên", "Upload"), "file_name": ("Tệp", "File"),
    "sha256": ("Mã băm SHA-256", "SHA-256"),
    "set_id": ("Bộ tiêu chí", "Criteria set"), "subject": ("Tài khoản", "Account"),
    "places": ("Địa bàn", "Places"), "details": ("Chi tiết", "Details"),
}


def _places(value) -> list[Place]:
    return [Place(p[0] or "", p[1]) for p in (value or [])]


def visible_trail(trail: pd.DataFrame, account: Account | None) -> pd.DataFrame:
    """The rows of ``trail`` (``ntm.store.audit.read_audit``) that ``account`` may read."""
    if not decide(account, Action.VIEW_AUDIT):
        return trail.iloc[0:0]
    if account.role == Role.ADMIN:
        return trail
    keep = [who == account.login or any(covered(account.places, place) for place in _places(places))
            for who, places in zip(trail["who"], trail["places"])]
    return trail[pd.Series(keep, index=trail.index, dtype=bool)]


def audit_table(trail: pd.DataFrame, *, lang: str = "vi", actions: dict | None = None) -> pd.DataFrame:
    """``trail`` for people and exports: headers and action words in ``lang``, places as
    "Khánh Bình, An Giang; Đắk Nông", details as JSON text, time as "2026-03-05 14:03:07"."""
    from ntm.store.audit import ACTIONS

    words = actions or ACTIONS
    pick = 1 if lang == "en" else 0
    out = pd.DataFrame({
        "at": trail["at"].dt.strftime("%Y-%m-%d %H:%M:%S") if len(trail) else pd.Series(dtype=object),
        "who": trail["who"],
        "action": [words.get(a, (a, a))[pick] for a in trail["action"]],
        "upload_id": trail["upload_id"],
        "file_name": [(d or {}).get("file_name") for d in trail["details"]],
        "sha256": trail["sha256"], "set_id": trail["set_id"], "subject": trail["subject"],
        "places": ["; ".join(p.label() for p in _places(v)) for v in trail["places"]],
        "details": [json.dumps({k: v for k, v in (d or {}).items() if k != "file_name"}, ensure_ascii=False,
                               sort_keys=True) for d in trail["details"]],
    }, index=trail.index)
    return out.rename(columns={k: v[pick] for k, v in AUDIT_HEADERS.items()}).reset_index(drop=True)
