#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the test suite.
#
#   scripts/pg_throwaway.sh start   # init + start, create role/databases, print DATABASE_URL
#   scripts/pg_throwaway.sh url     # print DATABASE_URL
#   scripts/pg_throwaway.sh status  # exit 0 if our cluster is running
#   scripts/pg_throwaway.sh stop    # stop and delete the cluster (safe when not started)
#   scripts/pg_throwaway.sh start-replica  # a streaming replica of the running cluster, print its URL
#   scripts/pg_throwaway.sh replica-url    # print the replica's URL
#
# Only the URL goes to stdout, so `DATABASE_URL=$(scripts/pg_throwaway.sh start)` works;
# progress messages go to stderr.
#
# Environment:
#   PG_THROWAWAY_PORT  TCP port on 127.0.0.1 (default 54329)
#   PG_THROWAWAY_DIR   cluster directory (default /tmp/tuijin-pg-$PORT); deleted by `stop`
#   PG_THROWAWAY_REPLICA_PORT  the replica's port on 127.0.0.1 (default $PORT + 10)
#
# The replica is a hot standby made with `pg_basebackup -R` (streaming replication from the cluster
# above, the same databases and roles) in $PG_THROWAWAY_DIR/replica, so `stop` removes it with the
# primary. Physical replication copies the whole cluster: a database created on the primary after
# the replica started (pytest's test database) appears on the replica too.
#
# The cluster listens on 127.0.0.1 only, trusts every local connection and runs with
# fsync/synchronous_commit/full_page_writes off: for tests only, never for real data.
# As root, initdb/pg_ctl run as the `postgres` system user (created if missing).
# If no PostgreSQL server binaries are found and we are root, Debian's `postgresql`
# package is installed with apt-get.
set -euo pipefail

PORT="${PG_THROWAWAY_PORT:-54329}"
BASE="${PG_THROWAWAY_DIR:-/tmp/tuijin-pg-${PORT}}"
DATA="${BASE}/data"
LOG="${BASE}/server.log"
HOST=127.0.0.1
DB_USER=tuijin
DB_NAME=tuijin
DB_TEST_NAME=tuijin_test
URL="postgres://${DB_USER}@${HOST}:${PORT}/${DB_NAME}"
REPLICA_PORT="${PG_THROWAWAY_REPLICA_PORT:-$((PORT + 10))}"
REPLICA_BASE="${BASE}/replica"
REPLICA_DATA="${REPLICA_BASE}/data"
REPLICA_URL="postgres://${DB_USER}@${HOST}:${REPLICA_PORT}/${DB_NAME}"

log() { echo "pg_throwaway: $*" >&2; }
die() { echo "pg_throwaway: ERROR: $*" >&2; exit 1; }

case "$PORT" in
  ''|*[!0-9]*) die "PG_THROWAWAY_PORT must be a number, got '${PORT}'" ;;
esac
case "$REPLICA_PORT" in
  ''|*[!0-9]*) die "PG_THROWAWAY_REPLICA_PORT must be a number, got '${REPLICA_PORT}'" ;;
esac
case "$BASE" in
  /*) ;;
  *) die "PG_THROWAWAY_DIR must be an absolute path, got '${BASE}'" ;;
esac

BINDIR=""
find_bindir() {
  local d best=""
  # Highest installed version under /usr/lib/postgresql/*/bin (Debian layout).
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      best="$d"
    fi
  done
  if [ -z "$best" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    best="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
  fi
  BINDIR="$best"
}

ensure_bindir() {
  find_bindir
  [ -n "$BINDIR" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "no PostgreSQL server binaries found (initdb, pg_ctl). Install them as root: apt-get install -y postgresql"
  fi
  log "no PostgreSQL server binaries found; installing Debian package 'postgresql'"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends postgresql >&2
  find_bindir
  [ -n "$BINDIR" ] || die "installed 'postgresql' but still found no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
}

RUN_AS=()
setup_user() {
  if [ "$(id -u)" -eq 0 ]; then
    if ! id -u postgres >/dev/null 2>&1; then
      log "creating system user 'postgres'"
      useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin postgres
    fi
    RUN_AS=(runuser -u postgres --)
  fi
}

# Run a PostgreSQL server binary as the cluster's owner, from a directory it can read.
as_owner() {
  (cd / && "${RUN_AS[@]}" "$@")
}

# Our cluster is running: its pid file names a live postmaster AND it answers on our port.
# (A postmaster killed with -9 can linger as a zombie that pg_ctl still calls running.)
pg_is_running() {
  [ -f "${DATA}/PG_VERSION" ] || return 1
  [ -n "$BINDIR" ] || find_bindir
  [ -n "$BINDIR" ] || return 1
  as_owner "${BINDIR}/pg_ctl" -D "$DATA" status >/dev/null 2>&1 || return 1
  port_answers
}

# Kill a postmaster left behind by an earlier run that does not answer any more.
kill_stale_postmaster() {
  local pid
  [ -f "${DATA}/postmaster.pid" ] || return 0
  pid="$(head -n 1 "${DATA}/postmaster.pid" 2>/dev/null || true)"
  case "$pid" in ''|*[!0-9]*) return 0 ;; esac
  kill -KILL "$pid" 2>/dev/null || true
}

port_answers() {
  if [ -n "$BINDIR" ] && [ -x "${BINDIR}/pg_isready" ]; then
    "${BINDIR}/pg_isready" -q -h "$HOST" -p "$PORT" -t 2 >/dev/null 2>&1 && return 0
  fi
  # Anything at all listening on the port? (bash /dev/tcp; no extra tools needed)
  (exec 3<>"/dev/tcp/${HOST}/${PORT}") >/dev/null 2>&1
}

psql_admin() {
  local psql="${BINDIR}/psql"
  [ -x "$psql" ] || psql="$(command -v psql || true)"
  [ -n "$psql" ] || die "psql not found"
  "$psql" -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U postgres -d postgres "$@"
}

create_role_and_dbs() {
  psql_admin >/dev/null <<SQL
SELECT 'CREATE ROLE ${DB_USER} LOGIN SUPERUSER'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DB_USER}') \gexec
SELECT 'CREATE DATABASE ${DB_NAME} OWNER ${DB_USER}'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}') \gexec
SELECT 'CREATE DATABASE ${DB_TEST_NAME} OWNER ${DB_USER}'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '${DB_TEST_NAME}') \gexec
SQL
}

remove_cluster_dir() {
  [ -e "$BASE" ] || return 0
  # Refuse to delete anything that does not look like our cluster directory.
  if [ -d "$DATA" ] && [ ! -f "${DATA}/PG_VERSION" ] && [ -n "$(ls -A "$DATA" 2>/dev/null)" ]; then
    die "${DATA} exists but is not a PostgreSQL data directory; not deleting it"
  fi
  rm -rf -- "$BASE"
}

cmd_start() {
  ensure_bindir
  setup_user

  if pg_is_running; then
    log "already running (${DATA}, port ${PORT})"
    create_role_and_dbs
    echo "$URL"
    return 0
  fi
  if port_answers; then
    die "port ${PORT} on ${HOST} is already in use by another server; set PG_THROWAWAY_PORT to a free port"
  fi

  # Leftovers of an earlier run that was not stopped: start fresh.
  kill_stale_postmaster
  remove_cluster_dir
  mkdir -p "$BASE"
  chmod 700 "$BASE"
  if [ "${#RUN_AS[@]}" -gt 0 ]; then
    chown postgres: "$BASE"
  fi

  log "initdb ($("${BINDIR}/postgres" --version | awk '{print $3}')) in ${DATA}"
  if ! as_owner "${BINDIR}/initdb" -D "$DATA" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C --no-sync >"${BASE}/initdb.log" 2>&1; then
    cat "${BASE}/initdb.log" >&2
    die "initdb failed"
  fi

  # Appended settings win over the defaults initdb wrote above them.
  cat >>"${DATA}/postgresql.conf" <<CONF

# --- pg_throwaway.sh: test-only settings ---
listen_addresses = '${HOST}'
port = ${PORT}
unix_socket_directories = '${BASE}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
log_min_messages = warning
CONF
  cat >"${DATA}/pg_hba.conf" <<HBA
# pg_throwaway.sh: trust everything local (test-only cluster)
local   all   all                  trust
host    all   all   127.0.0.1/32   trust
host    replication   all   127.0.0.1/32   trust
HBA

  log "starting on ${HOST}:${PORT}"
  if ! as_owner "${BINDIR}/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -s start; then
    [ -f "$LOG" ] && tail -n 30 "$LOG" >&2
    die "server did not start (log: ${LOG})"
  fi

  local i
  for i in $(seq 1 60); do
    if psql_admin -c 'SELECT 1' >/dev/null 2>&1; then break; fi
    [ "$i" -eq 60 ] && die "server started but does not accept connections on ${HOST}:${PORT}"
    sleep 0.5
  done

  create_role_and_dbs
  log "ready: ${URL}"
  echo "$URL"
}

replica_is_running() {
  [ -f "${REPLICA_DATA}/PG_VERSION" ] || return 1
  [ -n "$BINDIR" ] || find_bindir
  as_owner "${BINDIR}/pg_ctl" -D "$REPLICA_DATA" status >/dev/null 2>&1 || return 1
  "${BINDIR}/pg_isready" -q -h "$HOST" -p "$REPLICA_PORT" -t 2 >/dev/null 2>&1
}

stop_replica() {
  [ -e "$REPLICA_BASE" ] || return 0
  if replica_is_running; then
    log "stopping the replica ${REPLICA_DATA}"
    as_owner "${BINDIR}/pg_ctl" -D "$REPLICA_DATA" -m immediate -w -t 30 -s stop || true
  fi
  if [ -f "${REPLICA_DATA}/postmaster.pid" ]; then
    local pid
    pid="$(head -n 1 "${REPLICA_DATA}/postmaster.pid" 2>/dev/null || true)"
    case "$pid" in ''|*[!0-9]*) ;; *) kill -KILL "$pid" 2>/dev/null || true ;; esac
  fi
  rm -rf -- "$REPLICA_BASE"
}

# A hot standby of the running cluster on REPLICA_PORT, streaming from it (pg_basebackup -R writes
# primary_conninfo and standby.signal). The primary needs a replication line in pg_hba.conf
# (written by `start` since this subcommand exists; added and reloaded here for older clusters);
# wal_level=replica and max_wal_senders=10 are initdb's defaults.
cmd_start_replica() {
  ensure_bindir
  setup_user
  pg_is_running || die "the primary is not running on ${HOST}:${PORT}: run \`$0 start\` first"
  if replica_is_running; then
    log "replica already running (${REPLICA_DATA}, port ${REPLICA_PORT})"
    echo "$REPLICA_URL"
    return 0
  fi
  if "${BINDIR}/pg_isready" -q -h "$HOST" -p "$REPLICA_PORT" -t 2 >/dev/null 2>&1; then
    die "port ${REPLICA_PORT} on ${HOST} is already in use; set PG_THROWAWAY_REPLICA_PORT to a free port"
  fi
  stop_replica
  if ! grep -q '^host[[:space:]]*replication' "${DATA}/pg_hba.conf"; then
    echo "host    replication   all   127.0.0.1/32   trust" >>"${DATA}/pg_hba.conf"
    as_owner "${BINDIR}/pg_ctl" -D "$DATA" -s reload
    sleep 0.5
  fi
  mkdir -p "$REPLICA_BASE"
  chmod 700 "$REPLICA_BASE"
  if [ "${#RUN_AS[@]}" -gt 0 ]; then
    chown postgres: "$REPLICA_BASE"
  fi
  log "pg_basebackup -R from ${HOST}:${PORT} into ${REPLICA_DATA}"
  if ! as_owner "${BINDIR}/pg_basebackup" -h "$HOST" -p "$PORT" -U postgres -D "$REPLICA_DATA" -R -X stream \
        -c fast --no-sync >"${REPLICA_BASE}/basebackup.log" 2>&1; then
    cat "${REPLICA_BASE}/basebackup.log" >&2
    die "pg_basebackup failed"
  fi
  cat >>"${REPLICA_DATA}/postgresql.conf" <<CONF

# --- pg_throwaway.sh: the replica's own port and socket ---
port = ${REPLICA_PORT}
unix_socket_directories = '${REPLICA_BASE}'
hot_standby = on
CONF
  log "starting the replica on ${HOST}:${REPLICA_PORT}"
  if ! as_owner "${BINDIR}/pg_ctl" -D "$REPLICA_DATA" -l "${REPLICA_BASE}/server.log" -w -t 60 -s start; then
    [ -f "${REPLICA_BASE}/server.log" ] && tail -n 30 "${REPLICA_BASE}/server.log" >&2
    die "the replica did not start (log: ${REPLICA_BASE}/server.log)"
  fi
  local i recovering=""
  for i in $(seq 1 60); do
    recovering="$("${BINDIR}/psql" -X -At -h "$HOST" -p "$REPLICA_PORT" -U postgres -d postgres \
      -c 'SELECT pg_is_in_recovery()' 2>/dev/null || true)"
    [ "$recovering" = "t" ] && break
    [ "$i" -eq 60 ] && die "the replica started but does not answer as a standby on ${HOST}:${REPLICA_PORT}"
    sleep 0.5
  done
  log "replica ready: ${REPLICA_URL}"
  echo "$REPLICA_URL"
}

cmd_stop() {
  if [ ! -e "$BASE" ]; then
    log "not running (no ${BASE})"
    return 0
  fi
  find_bindir
  setup_user
  stop_replica
  if pg_is_running; then
    log "stopping ${DATA}"
    as_owner "${BINDIR}/pg_ctl" -D "$DATA" -m immediate -w -t 30 -s stop \
      || { log "warning: pg_ctl stop failed; killing the postmaster"; kill_stale_postmaster; }
  else
    kill_stale_postmaster
  fi
  remove_cluster_dir
  log "removed ${BASE}"
}

cmd_status() {
  find_bindir
  setup_user
  if pg_is_running; then
    log "running: ${URL}"
    return 0
  fi
  log "not running"
  return 3
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) echo "$URL" ;;
  status) cmd_status ;;
  start-replica) cmd_start_replica ;;
  replica-url) echo "$REPLICA_URL" ;;
  *)
    echo "usage: $0 start|stop|url|status|start-replica|replica-url" >&2
    exit 2
    ;;
esac
