#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests, on localhost, on a free port.
#
#   source .ci/postgres.sh      # from .ci/run, before pytest; exports NTM_TEST_POSTGRES_URL
#
# Installs Debian's `postgresql` package when its server binaries are missing (needs root, as in
# CI), creates the `postgres` OS user if needed (PostgreSQL refuses to run as root), makes a
# cluster in a temporary folder with trust auth on 127.0.0.1 only, starts it, and exports
# NTM_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:PORT/postgres. The server is stopped and
# its folder removed when the sourcing shell exits (an EXIT trap; call ntm_pg_stop to stop early).
# Run directly (bash .ci/postgres.sh) it starts the server, prints the URL and leaves it running.

ntm_pg_bin_dir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V | tail -n 1
}

ntm_pg_start() {
    local bin dir port as_postgres=()
    bin="$(ntm_pg_bin_dir)"
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "postgres.sh: installing Debian's postgresql package" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq postgresql >/dev/null
        bin="$(ntm_pg_bin_dir)"
    fi
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "postgres.sh: no PostgreSQL server binaries after installing" >&2
        return 1
    fi
    dir="$(mktemp -d /tmp/ntm-ci-pg.XXXXXX)"
    if [ "$(id -u)" = 0 ]; then
        id -u postgres >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/postgresql \
            --shell /bin/bash postgres
        chown postgres: "$dir"
        as_postgres=(runuser -u postgres --)
    fi
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
    "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
    NTM_PG_DIR="$dir"
    NTM_PG_BIN="$bin"
    NTM_PG_AS="${as_postgres[*]}"
    export NTM_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
    echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $NTM_TEST_POSTGRES_URL" >&2
}

ntm_pg_stop() {
    if [ -n "${NTM_PG_DIR:-}" ] && [ -d "$NTM_PG_DIR/data" ]; then
        # shellcheck disable=SC2086  # NTM_PG_AS is a command prefix, split on purpose
        ${NTM_PG_AS:-} "$NTM_PG_BIN/pg_ctl" -D "$NTM_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$NTM_PG_DIR"
    fi
    NTM_PG_DIR=""
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    ntm_pg_start
    trap ntm_pg_stop EXIT
else
    set -euo pipefail
    ntm_pg_start
    echo "$NTM_TEST_POSTGRES_URL"
fi
