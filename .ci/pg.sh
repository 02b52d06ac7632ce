#!/usr/bin/env bash
# A PostgreSQL server on loopback for the store and service tests.
#
#   .ci/pg.sh         install (Debian package) if missing, start the cluster, make sure the test
#                     role and database exist, and print the URL on stdout (nothing else goes there):
#                     postgresql+psycopg://complaints_test:…@127.0.0.1:5432/complaints_test
#   .ci/pg.sh stop    stop the cluster (if it runs)
#
# Idempotent: run it twice and the second run only prints the URL. Runs as root (CI does); server
# commands run as the `postgres` user. Override the names with PG_TEST_ROLE, PG_TEST_PASSWORD and
# PG_TEST_DB. Usage in CI:  export COMPLAINTS_TEST_PG="$(.ci/pg.sh)"; …; .ci/pg.sh stop
set -euo pipefail

ROLE="${PG_TEST_ROLE:-complaints_test}"
PASSWORD="${PG_TEST_PASSWORD:-complaints_test}"
DATABASE="${PG_TEST_DB:-complaints_test}"
CLUSTER=main

log() { echo "pg.sh: $*" >&2; }

as_postgres() {
    if command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- "$@"
    else
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

newest_version() {
    # The newest server installed under /usr/lib/postgresql (Debian's layout), or nothing.
    local dir
    dir="$(ls -1d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$dir" ] || return 0
    basename "$(dirname "$(dirname "$dir")")"
}

install_if_missing() {
    if [ -n "$(newest_version)" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
        return 0
    fi
    if [ "$(id -u)" != 0 ]; then
        log "PostgreSQL is not installed and this is not root: cannot apt-get install"
        exit 1
    fi
    log "installing PostgreSQL from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
}

cluster_field() {
    # pg_lsclusters columns: Ver Cluster Port Status Owner Data-directory Log-file
    pg_lsclusters --no-header 2>/dev/null | awk -v v="$1" -v c="$CLUSTER" -v f="$2" \
        '$1 == v && $2 == c { print $f }'
}

stop() {
    local ver
    ver="$(newest_version)"
    if [ -z "$ver" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
        log "PostgreSQL is not installed: nothing to stop"
        return 0
    fi
    if [ "$(cluster_field "$ver" 4)" = online ]; then
        pg_ctlcluster "$ver" "$CLUSTER" stop >&2
        log "stopped cluster $ver/$CLUSTER"
    else
        log "cluster $ver/$CLUSTER is not running"
    fi
}

start() {
    install_if_missing
    local ver port
    ver="$(newest_version)"
    if [ -z "$(cluster_field "$ver" 2)" ]; then
        log "creating cluster $ver/$CLUSTER"
        pg_createcluster "$ver" "$CLUSTER" >&2
    fi
    if [ "$(cluster_field "$ver" 4)" != online ]; then
        # Loopback only; the Debian default pg_hba.conf asks for a password on 127.0.0.1.
        pg_ctlcluster "$ver" "$CLUSTER" start -- -o "-c listen_addresses=127.0.0.1" >&2 \
            || pg_ctlcluster "$ver" "$CLUSTER" start >&2
    fi
    port="$(cluster_field "$ver" 3)"
    for _ in $(seq 1 60); do
        pg_isready -q -h 127.0.0.1 -p "$port" && break
        sleep 0.5
    done
    pg_isready -q -h 127.0.0.1 -p "$port" || { log "server on port $port is not ready"; exit 1; }

    # Role: created once, password (re)set each run; CREATEDB so tests may make scratch databases,
    # pg_signal_backend so DROP DATABASE … WITH (FORCE) may end an autovacuum worker that has just
    # connected to one (without it the drop fails now and then: a flaky teardown error).
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres \
        -v role="$ROLE" -v password="$PASSWORD" >&2 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN CREATEDB PASSWORD %L', :'role', :'password') \gexec
SELECT format('GRANT pg_signal_backend TO %I', :'role') \gexec
SQL
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres \
        -v role="$ROLE" -v db="$DATABASE" >&2 <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'role', 'UTF8')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
    # Check the password login over TCP before handing the URL out.
    PGPASSWORD="$PASSWORD" psql -X -q -h 127.0.0.1 -p "$port" -U "$ROLE" -d "$DATABASE" \
        -c 'SELECT 1' >/dev/null
    echo "postgresql+psycopg://${ROLE}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    url) start ;;
    *) log "usage: $0 [start|stop]"; exit 2 ;;
esac
