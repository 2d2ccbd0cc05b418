#!/usr/bin/env bash
# Start / stop a throwaway PostgreSQL cluster for tests.
#
#   tests/pg-cluster.sh start DIR   -> prints postgresql://postgres@127.0.0.1:PORT/inventory_test
#   tests/pg-cluster.sh stop  DIR   -> stops the server and removes DIR (never fails if already stopped)
#
# DIR should be a fresh temp folder (e.g. from `mktemp -d`). Layout inside DIR:
#   DIR/data/          cluster data directory (initdb)
#   DIR/server.log     server log
#   DIR/.s.PGSQL.PORT  unix socket (socket directory is DIR itself)
#   DIR/port           port of the running server
#   DIR/.pg-cluster    marker: DIR belongs to this script (stop refuses to rm -rf anything else)
#
# Only the URL goes to stdout; everything else goes to stderr.
# Set PG_BINDIR to override where initdb/pg_ctl/postgres/psql are taken from.
set -euo pipefail

DB_NAME=inventory_test
DB_USER=postgres
START_TIMEOUT=60   # seconds pg_ctl -w waits for the server
PORT_ATTEMPTS=5    # retries if the chosen port got taken before the server bound it

prog=$(basename "$0")
die() { echo "$prog: error: $*" >&2; exit 1; }
log() { echo "$prog: $*" >&2; }

usage() { echo "usage: $prog {start|stop} DIR" >&2; exit 2; }

[[ $# -eq 2 ]] || usage
cmd=$1
[[ -n $2 ]] || die "DIR must not be empty"

# Locate the server binaries.
pg_bindir=${PG_BINDIR:-}
if [[ -z $pg_bindir ]]; then
    if [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
        pg_bindir=/usr/lib/postgresql/15/bin
    elif p=$(command -v pg_ctl 2>/dev/null); then
        pg_bindir=$(dirname "$(readlink -f "$p")")
    else
        die "cannot find pg_ctl (set PG_BINDIR)"
    fi
fi
INITDB=$pg_bindir/initdb
PG_CTL=$pg_bindir/pg_ctl
PSQL=$pg_bindir/psql
[[ -x $PSQL ]] || PSQL=$(command -v psql 2>/dev/null) || die "cannot find psql"
[[ -x $INITDB && -x $PG_CTL ]] || die "initdb/pg_ctl not found in $pg_bindir"

# Ambient libpq/server settings (PGDATA, PGPORT, PGHOST, PGUSER, ...) must not leak in.
while IFS= read -r v; do
    [[ $v == PG_BINDIR ]] || unset "$v"
done < <(compgen -e | grep '^PG' || true)

is_root() { [[ $(id -u) -eq 0 ]]; }

# Run a command as the cluster owner (postgres when we are root, else ourselves),
# from a working directory that owner can access.
as_owner() {
    if is_root; then
        (cd "$DIR" && runuser -u postgres -- "$@")
    else
        (cd "$DIR" && "$@")
    fi
}

DIR=$(realpath -m -- "$2")
DATA=$DIR/data
LOG=$DIR/server.log
PORT_FILE=$DIR/port
MARKER=$DIR/.pg-cluster

# Is the server for this DIR running? (pg_ctl status: 0 running, 3 not running, 4 no data dir)
is_running() {
    [[ -f $DATA/PG_VERSION ]] || return 1
    as_owner "$PG_CTL" status -D "$DATA" >/dev/null 2>&1
}

# Print the tail of the server log (used on failures).
show_log_tail() {
    if [[ -s $LOG ]]; then
        echo "---- last lines of $LOG ----" >&2
        tail -n 40 "$LOG" >&2 || true
        echo "---- end of $LOG ----" >&2
    fi
}

free_port() {
    python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Launch pg_ctl start as the owner with every inherited descriptor above stderr closed:
# the postmaster is a long-lived daemon and must not keep a caller's pipe open
# (otherwise e.g. `url=$(pg-cluster.sh start DIR)` would block until the server exits).
pg_ctl_start() {
    (
        cd "$DIR"
        for fdpath in /proc/$BASHPID/fd/*; do
            fd=${fdpath##*/}
            if [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2 && fd != 255)); then
                eval "exec $fd>&-" 2>/dev/null || true
            fi
        done
        if is_root; then
            exec runuser -u postgres -- "$PG_CTL" start "$@"
        else
            exec "$PG_CTL" start "$@"
        fi
    )
}

psql_admin() {
    local port=$1; shift
    "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres "$@"
}

do_start() {
    [[ $DIR != / ]] || die "refusing to use / as DIR"

    mkdir -p -- "$DIR" || die "cannot create $DIR"
    if [[ ! -e $MARKER ]]; then
        # Only take over an empty directory (or one we created earlier).
        if [[ -n $(ls -A -- "$DIR") ]]; then
            die "$DIR is not empty and was not created by $prog; give a fresh temp folder"
        fi
        : >"$MARKER"
    fi
    if is_root; then
        id postgres >/dev/null 2>&1 || die "running as root but OS user 'postgres' does not exist"
        chown postgres: "$DIR" || die "cannot chown $DIR to postgres"
        runuser -u postgres -- test -w "$DIR" -a -x "$DIR" \
            || die "user 'postgres' cannot write $DIR (is a parent directory not traversable? use a folder under /tmp)"
    fi

    # Already running (start called twice): just report it.
    if is_running && [[ -s $PORT_FILE ]]; then
        local port
        port=$(<"$PORT_FILE")
        log "cluster in $DIR already running on port $port"
        ensure_db "$port"
        URL="postgresql://$DB_USER@127.0.0.1:$port/$DB_NAME"
        return 0
    fi

    if [[ ! -f $DATA/PG_VERSION ]]; then
        [[ ! -e $DATA ]] || rm -rf -- "$DATA"   # leftovers of an interrupted initdb
        log "initdb in $DATA"
        if ! as_owner "$INITDB" -D "$DATA" -U "$DB_USER" --auth=trust -E UTF8 --locale=C \
                --no-sync --no-instructions >"$DIR/initdb.log" 2>&1; then
            cat "$DIR/initdb.log" >&2 || true
            die "initdb failed in $DATA"
        fi
        # Settings go into the config file (no quoting problems with odd paths).
        local sockdir=${DIR//\'/\'\'}
        cat >>"$DATA/postgresql.conf" <<EOF

# ---- added by tests/pg-cluster.sh (throwaway test cluster) ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockdir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
    fi

    local attempt port off
    for ((attempt = 1; attempt <= PORT_ATTEMPTS; attempt++)); do
        port=$(free_port) || die "could not pick a free port with python3"
        off=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
        log "starting server on 127.0.0.1:$port (attempt $attempt)"
        if pg_ctl_start -D "$DATA" -l "$LOG" -w -t "$START_TIMEOUT" -o "-p $port" >&2; then
            echo "$port" >"$PORT_FILE"
            ensure_db "$port"
            URL="postgresql://$DB_USER@127.0.0.1:$port/$DB_NAME"
            return 0
        fi
        # Port stolen between picking and binding: try another one.
        if tail -c +"$((off + 1))" "$LOG" 2>/dev/null | grep -q 'could not bind\|Address already in use' \
                && ! is_running; then
            log "port $port was taken, retrying with another port"
            continue
        fi
        break
    done
    show_log_tail
    # Don't leave a half-started server behind.
    as_owner "$PG_CTL" stop -D "$DATA" -m immediate >/dev/null 2>&1 || true
    die "PostgreSQL server failed to start in $DIR (log: $LOG)"
}

ensure_db() {
    local port=$1 exists
    exists=$(psql_admin "$port" -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") \
        || { show_log_tail; die "cannot connect to server on port $port"; }
    if [[ $exists != 1 ]]; then
        psql_admin "$port" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" \
            || { show_log_tail; die "could not create database $DB_NAME"; }
    fi
}

do_stop() {
    if [[ ! -d $DIR ]]; then
        log "$DIR does not exist; nothing to stop"
        return 0
    fi
    [[ $DIR != / ]] || die "refusing to remove /"

    if [[ -f $DATA/postmaster.pid ]]; then
        if ! as_owner "$PG_CTL" stop -D "$DATA" -m immediate -w -t 30 >&2; then
            # pg_ctl could not stop it (e.g. stale or unreadable pid file): kill the
            # postmaster recorded in this data dir directly, if it is still alive.
            local pid
            pid=$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)
            if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
                    && [[ $(readlink -f "/proc/$pid/cwd" 2>/dev/null) == "$DATA" ]]; then
                log "pg_ctl stop failed; sending SIGQUIT to postmaster $pid"
                kill -QUIT "$pid" 2>/dev/null || true
                for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
    fi

    # Only delete directories this script owns (or empty ones, e.g. start never ran).
    if [[ -e $MARKER || -z $(ls -A -- "$DIR" 2>/dev/null) ]]; then
        rm -rf -- "$DIR" || log "warning: could not fully remove $DIR"
    else
        log "warning: $DIR was not created by $prog; not removing it"
    fi
    return 0
}

# stdout carries only the URL. Everything else, including all child processes, writes to
# stderr. (The URL is printed at the very end instead of keeping a dup of stdout open:
# an extra fd would be inherited by the postmaster and make `$(pg-cluster.sh start DIR)`
# hang until the server exits.)
URL=
case $cmd in
    start) do_start ;;
    stop) do_stop ;;
    *) usage ;;
esac >&2
if [[ -n $URL ]]; then
    printf '%s\n' "$URL"
fi
