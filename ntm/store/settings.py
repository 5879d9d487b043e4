"""Where the store lives: one setting, ``NTM_DATABASE_URL``, and the default SQLite file.

| setting            | default                              | help                                         |
|--------------------|--------------------------------------|----------------------------------------------|
| ``NTM_DATABASE_URL`` | ``sqlite:///<project>/data/ntm.sqlite3`` | SQLAlchemy URL of the store; ``postgresql://user:pw@host/db`` for a shared server |

``postgresql://`` and ``postgres://`` URLs are given the psycopg 3 driver (the one the project
ships); SQLAlchemy would otherwise look for psycopg2. Nothing here touches the disk or a server.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from ntm.store.errors import StoreError

ENV_VAR = "NTM_DATABASE_URL"
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = PROJECT_DIR / "data"
DEFAULT_FILE = DATA_DIR / "ntm.sqlite3"


def database_url(url: str | None = None) -> URL:
    """The store's URL: ``url`` if given, else ``NTM_DATABASE_URL``, else the default SQLite file.

    Raises:
        StoreError: the URL cannot be parsed or names a database the store does not support.
    """
    text = url or os.environ.get(ENV_VAR) or f"sqlite:///{DEFAULT_FILE}"
    try:
        parsed = make_url(text)
    except Exception as error:  # SQLAlchemy raises ArgumentError, ValueError...
        raise StoreError(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ: {text!r}. Ví dụ: sqlite:///data/ntm.sqlite3 "
            "hoặc postgresql://nguoidung:matkhau@maychu/ntm.",
            f"Invalid database URL: {text!r}. Examples: sqlite:///data/ntm.sqlite3 or "
            "postgresql://user:password@host/ntm.",
        ) from error
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed
    raise StoreError(
        f"Kho dữ liệu chỉ hỗ trợ SQLite và PostgreSQL, không hỗ trợ '{backend}'.",
        f"The store supports SQLite and PostgreSQL only, not '{backend}'.",
    )


def redact(url: URL) -> str:
    """``url`` for messages, with the password hidden."""
    return url.render_as_string(hide_password=True)
