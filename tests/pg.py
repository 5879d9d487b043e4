"""A PostgreSQL server for the store tests: the one in ``NTM_TEST_POSTGRES_URL``, or a throwaway one.

Without ``NTM_TEST_POSTGRES_URL`` the first test that needs PostgreSQL starts a private cluster
(``initdb`` + ``pg_ctl``, from Debian's ``postgresql`` package) in a temporary folder on a free
localhost port, run as the ``postgres`` OS user when the tests run as root (PostgreSQL refuses
root). It is stopped when the test process exits. Each test gets a schema of its own.

Where PostgreSQL cannot be had, ``postgres_server`` returns the reason; the fixtures skip on a
developer's machine but FAIL under CI (``CI=true``), so CI never silently tests SQLite alone.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ENV_URL = "NTM_TEST_POSTGRES_URL"
_state: dict[str, str] = {}
_counter = itertools.count(1)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def postgres_server() -> tuple[str | None, str]:
    """(admin URL, "") of a server the tests may create databases on, or (None, why not)."""
    if "url" not in _state and "error" not in _state:
        try:
            _state["url"] = os.environ.get(ENV_URL) or _start_cluster()
        except (OSError, subprocess.SubprocessError, RuntimeError) as error:
            _state["error"] = f"PostgreSQL unavailable: {error}"
    return _state.get("url"), _state.get("error", "")


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("initdb not found (install Debian's 'postgresql' package, or set "
                       f"{ENV_URL}; .ci/postgres.sh does both)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_cluster() -> str:
    bin_dir = _bin_dir()
    as_postgres: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="ntm-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError as error:
            raise RuntimeError("no 'postgres' OS user to run the server as (.ci/postgres.sh creates it)") from error
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()

    def run(*args: str) -> None:
        out = subprocess.run([*as_postgres, *args], capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {out.stderr.strip() or out.stdout.strip()}")

    run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
        "--locale=C", "--no-sync")
    options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-o", options, "-w", "start")

    def stop() -> None:
        subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(stop)
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


def create_database(admin_url: str) -> str:
    """A new, empty place for one store on the server; returns its URL.

    It is a schema of its own (first on the connection's ``search_path``) rather than a whole
    database: as isolated for the store, and ten times quicker to make than ``CREATE DATABASE``.
    """
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"ntm_test_{os.getpid()}_{next(_counter)}"
    url = make_url(admin_url)
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        connection.execute(f'CREATE SCHEMA "{name}"')
    return url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)


def drop_database(admin_url: str, database_url: str) -> None:
    """Remove what ``create_database`` made."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = make_url(database_url).query["options"].split("=", 1)[1]
    with psycopg.connect(_libpq(make_url(admin_url)), autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def _libpq(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
