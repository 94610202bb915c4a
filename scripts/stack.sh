#!/usr/bin/env bash
# The stack behind `make run`, `make stop` and the integration tests: a private PostgreSQL cluster,
# report-fcgi on a Unix socket, and nginx in front, all under one run directory.
#
#   scripts/stack.sh deps           install what is missing (apt, pip)
#   scripts/stack.sh build          release build of report-fcgi
#   scripts/stack.sh up             start everything in the background (idempotent)
#   scripts/stack.sh run            up, then stay in the foreground until Ctrl-C, which stops everything
#   scripts/stack.sh down           stop everything (data is kept)
#   scripts/stack.sh pg-start|pg-stop|app-start|app-stop|nginx-start|nginx-stop|nginx-reload
#
# Settings (environment): REPORT_RUN_DIR (.run), REPORT_HTTP_PORT (8080), REPORT_PG_PORT (54329),
# REPORT_RATE_LIMIT (50 requests/s per client, burst twice that; 0 = off), REPORT_THREADS (8),
# REPORT_JWT_SECRET (else a generated secret in the run directory), REPORT_FASTCGI_TIMEOUT (60s),
# REPORT_ACCESS_LOG (1 = on).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${REPORT_RUN_DIR:-$ROOT/.run}
case "$RUN_DIR" in /*) ;; *) RUN_DIR=$ROOT/$RUN_DIR ;; esac
HTTP_PORT=${REPORT_HTTP_PORT:-8080}
PG_PORT=${REPORT_PG_PORT:-54329}
RATE_LIMIT=${REPORT_RATE_LIMIT:-50}
THREADS=${REPORT_THREADS:-8}
EXPORT_DIR=${REPORT_EXPORT_DIR:-$RUN_DIR/exports}
FCGI_TIMEOUT=${REPORT_FASTCGI_TIMEOUT:-60s}
BIN=$ROOT/.build/release/report-fcgi
SOCKET=$RUN_DIR/report-fcgi.sock
PID_FILE=$RUN_DIR/report-fcgi.pid
SUPERVISOR_PID_FILE=$RUN_DIR/supervisor.pid
STOPPING=$RUN_DIR/stopping
NGINX_DIR=$RUN_DIR/nginx
DB_URL_TCP="postgresql://report@127.0.0.1:$PG_PORT/report"

# The exporter: libxlsxwriter, cairo + pango and their fonts (DejaVu Sans; Droid Sans Fallback for CJK), and the
# readers its tests check the files with (qpdf, poppler's pdfinfo/pdftotext, openpyxl).
APT_PACKAGES=(curl nginx postgresql libfcgi-dev libpq-dev libjansson-dev pkg-config python3 python3-pip wrk iproute2
    libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core fonts-droid-fallback qpdf poppler-utils
    python3-openpyxl)

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

# --- installation -------------------------------------------------------------------------------

deps() {
    local missing=()
    for package in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing: ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    # python3 may not be Debian's (pyenv, a virtualenv), which is where apt put openpyxl.
    if ! python3 -c 'import pytest, requests, openpyxl' 2>/dev/null; then
        log "installing pytest, requests and openpyxl"
        python3 -m pip install -q pytest requests openpyxl 2>/dev/null \
            || python3 -m pip install -q --break-system-packages pytest requests openpyxl
    fi
}

build() {
    (cd "$ROOT" && swift build -c release --product report-fcgi 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Write|Emitting)' >&2) \
        || die "build failed"
    [ -x "$BIN" ] || die "build produced no $BIN"
}

# --- PostgreSQL ---------------------------------------------------------------------------------

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
    echo "$dir"
}

# initdb and postgres refuse root: as root the cluster belongs to the postgres user.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_data() {
    local dir=$RUN_DIR/pg
    if [ "$(id -u)" -eq 0 ] && [ ! -L "$dir" ] && [ ! -d "$dir/data" ]; then
        mkdir -p "$dir"
        chown postgres: "$dir"
        # The postgres user must reach the cluster; when a parent of the run directory is closed to it
        # (a checkout under /root, say), the cluster lives under /var/tmp and .run/pg links to it.
        if ! runuser -u postgres -- test -w "$dir"; then
            rmdir "$dir"
            local elsewhere
            elsewhere=/var/tmp/report-fcgi-$(printf '%s' "$RUN_DIR" | sha256sum | cut -c1-12)
            mkdir -p "$elsewhere"
            chown postgres: "$elsewhere"
            ln -s "$elsewhere" "$dir"
        fi
    fi
    mkdir -p "$dir"
    # The real path: the postgres user may not be able to pass through the run directory to a link's target.
    echo "$(readlink -f "$dir")/data"
}

# The responder talks to PostgreSQL over a Unix socket (faster than loopback TCP, which stays open for psql).
# Its path must fit in sun_path: the cluster's own directory when short enough, else one under /tmp.
pg_socket_dir() {
    local dir
    dir=$(readlink -f "$RUN_DIR/pg" 2>/dev/null || true)
    if [ -z "$dir" ] || [ ${#dir} -gt 80 ]; then
        dir=/tmp/report-fcgi-pg-$(printf '%s' "$RUN_DIR" | sha256sum | cut -c1-12)
    fi
    echo "$dir"
}

db_url() { echo "postgresql://report@/report?host=$(pg_socket_dir)&port=$PG_PORT"; }

pg_start() {
    local bin data sockets
    bin=$(pg_bin)
    mkdir -p "$RUN_DIR"
    data=$(pg_data)
    sockets=$(pg_socket_dir)
    mkdir -p "$sockets"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$sockets"
    if [ ! -f "$data/PG_VERSION" ]; then
        log "initialising a private PostgreSQL cluster in $data"
        as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
        cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
max_connections = 200
shared_buffers = 256MB
EOF
    fi
    # Acknowledged means durable: clusters made by earlier versions of this script turned synchronous_commit
    # off, so a COMMIT could be answered before its WAL reached the disk (writes lost on a crash).
    if grep -q '^synchronous_commit = off' "$data/postgresql.conf"; then
        log "turning synchronous_commit back on in $data/postgresql.conf"
        sed -i 's/^synchronous_commit = off$/synchronous_commit = on/' "$data/postgresql.conf"
        if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then as_pg "$bin/pg_ctl" -D "$data" reload >/dev/null; fi
    fi
    # A postmaster killed outright can stay a zombie here (nothing reaps it): pg_ctl would take it for a running
    # server, and a new postmaster for a live lock holder. Its lock file is stale then.
    local postmaster
    postmaster=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    if [ -n "$postmaster" ] && grep -qE '^State:[[:space:]]+Z' "/proc/$postmaster/status" 2>/dev/null; then
        log "PostgreSQL's postmaster $postmaster has died; starting a new one"
        rm -f "$data/postmaster.pid"
    fi
    if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        return 0
    fi
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/../postgres.log" -o "-p $PG_PORT -k $sockets" -w -t 60 start >/dev/null \
        || die "PostgreSQL did not start; see $data/../postgres.log"
    if ! psql -qtA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
        -c "SELECT 1 FROM pg_roles WHERE rolname = 'report'" | grep -q 1; then
        psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE ROLE report LOGIN" >/dev/null
        psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE report OWNER report" >/dev/null
    fi
}

pg_stop() {
    local bin data
    bin=$(pg_bin)
    [ -e "$RUN_DIR/pg" ] || return 0
    data=$(readlink -f "$RUN_DIR/pg")/data
    [ -f "$data/PG_VERSION" ] || return 0
    as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# --- report-fcgi --------------------------------------------------------------------------------

secret_file() {
    local file=$RUN_DIR/jwt-secret
    if [ -n "${REPORT_JWT_SECRET:-}" ]; then
        (umask 077 && printf '%s' "$REPORT_JWT_SECRET" >"$file")
    elif [ ! -s "$file" ]; then
        (umask 077 && head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
    fi
    echo "$file"
}

# Alive and not a zombie (a killed responder whose parent, here PID 1, never reaps it still answers kill -0).
app_running() {
    [ -f "$PID_FILE" ] || return 1
    local pid
    pid=$(cat "$PID_FILE")
    kill -0 "$pid" 2>/dev/null && ! grep -qE '^State:[[:space:]]+Z' "/proc/$pid/status" 2>/dev/null
}

app_start() {
    app_running && return 0
    [ -x "$BIN" ] || build
    local secret
    secret=$(secret_file)
    REPORT_DATABASE_URL=$(db_url) REPORT_JWT_SECRET_FILE=$secret "$BIN" migrate >&2
    # A first start seeds a small data set so a new user sees numbers at once (REPORT_SEED_USERS=0: none).
    if [ "${REPORT_SEED_USERS:-2000}" != "0" ] \
        && [ "$(psql -qtA "$DB_URL_TCP" -c 'SELECT NOT EXISTS (SELECT 1 FROM analytics_users)')" = "t" ]; then
        REPORT_DATABASE_URL=$(db_url) "$BIN" seed --users "${REPORT_SEED_USERS:-2000}" --days 90 >&2
    fi
    mkdir -p "$EXPORT_DIR"
    rm -f "$STOPPING"
    # The supervisor restarts a responder that dies (SIGKILL, a crash) within a second, writing each one's pid to
    # $PID_FILE; app_stop marks $STOPPING first, so a stop is not undone.
    REPORT_DATABASE_URL=$(db_url) REPORT_JWT_SECRET_FILE=$secret REPORT_SOCKET=$SOCKET REPORT_THREADS=$THREADS \
        REPORT_EXPORT_DIR=$EXPORT_DIR REPORT_SOCKET_MODE=660 nohup bash -c '
            while [ ! -e "$1" ]; do
                "$2" serve </dev/null & child=$!
                echo "$child" >"$3"
                wait "$child"
                status=$?
                [ -e "$1" ] && break
                echo "[supervisor] report-fcgi $child exited with status $status; restarting" >&2
                sleep 0.2
            done' supervise "$STOPPING" "$BIN" "$PID_FILE" >>"$RUN_DIR/report-fcgi.log" 2>&1 </dev/null &
    echo $! >"$SUPERVISOR_PID_FILE"
    local i
    for i in $(seq 1 100); do
        [ -S "$SOCKET" ] && [ -f "$PID_FILE" ] && return 0
        kill -0 "$(cat "$SUPERVISOR_PID_FILE")" 2>/dev/null || { tail -n 20 "$RUN_DIR/report-fcgi.log" >&2; die "report-fcgi exited"; }
        sleep 0.05
    done
    die "report-fcgi did not open $SOCKET"
}

app_stop() {
    [ -d "$RUN_DIR" ] || return 0
    touch "$STOPPING"
    local pid i
    if [ -f "$SUPERVISOR_PID_FILE" ]; then
        pid=$(cat "$SUPERVISOR_PID_FILE")
        # The supervisor waits on its child: it leaves by itself once the child is gone and $STOPPING is there.
        if app_running; then kill -TERM "$(cat "$PID_FILE")" 2>/dev/null || true; fi
        for i in $(seq 1 200); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
        rm -f "$SUPERVISOR_PID_FILE"
    fi
    if app_running; then
        pid=$(cat "$PID_FILE")
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 200); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$PID_FILE"
}

# --- nginx --------------------------------------------------------------------------------------

nginx_render() {
    mkdir -p "$NGINX_DIR"
    local user_line="" zone="" req="" access_log="off"
    # As root, nginx's workers would drop to nobody, who may not reach a socket inside the checkout.
    [ "$(id -u)" -eq 0 ] && user_line="user root;"
    if [ "$RATE_LIMIT" != "0" ]; then
        zone="limit_req_zone \$binary_remote_addr zone=report_api:10m rate=${RATE_LIMIT}r/s;"
        req="limit_req zone=report_api burst=$((RATE_LIMIT * 2)) nodelay;"
    fi
    [ "${REPORT_ACCESS_LOG:-1}" = "1" ] && access_log="$NGINX_DIR/access.log"
    sed -e "s|@USER_LINE@|$user_line|" -e "s|@NGINX_DIR@|$NGINX_DIR|g" -e "s|@SOCKET@|$SOCKET|g" \
        -e "s|@LISTEN@|127.0.0.1:$HTTP_PORT|" -e "s|@LIMIT_ZONE@|$zone|" -e "s|@LIMIT_REQ@|$req|" \
        -e "s|@FCGI_TIMEOUT@|$FCGI_TIMEOUT|g" -e "s|@ACCESS_LOG@|$access_log|" -e "s|@EXTRA@|${REPORT_NGINX_EXTRA:-}|" \
        -e "s|@EXPORT_DIR@|$EXPORT_DIR|g" \
        "$ROOT/nginx/report-fcgi.conf.template" >"$NGINX_DIR/nginx.conf"
}

nginx_cmd() { nginx -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" "$@"; }

nginx_running() { [ -f "$NGINX_DIR/nginx.pid" ] && kill -0 "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null; }

nginx_start() {
    nginx_render
    nginx_cmd -t -q || die "nginx configuration test failed"
    if nginx_running; then
        nginx_cmd -s reload
        sleep 1 # reload is asynchronous: let the old workers hand over
    else
        nginx_cmd
    fi
}

nginx_stop() {
    nginx_running || return 0
    local pid i
    pid=$(cat "$NGINX_DIR/nginx.pid")
    nginx_cmd -s quit 2>/dev/null || kill -QUIT "$pid"
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.05
    done
    kill -TERM "$pid" 2>/dev/null || true
}

# --- the whole stack ----------------------------------------------------------------------------

write_env() {
    cat >"$RUN_DIR/env" <<EOF
# Written by scripts/stack.sh; source it: . $RUN_DIR/env
export REPORT_BASE_URL=http://127.0.0.1:$HTTP_PORT/api/analytics-dashboard
export REPORT_DATABASE_URL='$(db_url)'
export REPORT_DATABASE_URL_TCP=$DB_URL_TCP
export REPORT_SOCKET=$SOCKET
export REPORT_JWT_SECRET_FILE=$(secret_file)
EOF
}

wait_healthy() {
    local i
    for i in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$HTTP_PORT/api/analytics-dashboard/health" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "the stack did not become healthy; see $RUN_DIR/report-fcgi.log and $NGINX_DIR/error.log"
}

# True when this run directory's stack is up. It must be on the port asked for: a second stack needs its own
# REPORT_RUN_DIR, so a different port here is an error, not a stack that is "already running" there.
already_running() {
    app_running && nginx_running || return 1
    local listening
    listening=$(sed -n 's/^ *listen \([0-9.]*:[0-9]*\);  # the service.s address.*/\1/p' "$NGINX_DIR/nginx.conf")
    [ "$listening" = "127.0.0.1:$HTTP_PORT" ] || die "the stack of $RUN_DIR is already running at http://$listening," \
        "not on port $HTTP_PORT: 'make stop' stops it; a second stack needs its own REPORT_RUN_DIR"
}

up() {
    mkdir -p "$RUN_DIR"
    if already_running; then
        log "already running (report-fcgi pid $(cat "$PID_FILE")) at http://127.0.0.1:$HTTP_PORT"
        return 0
    fi
    [ -x "$BIN" ] || build
    pg_start
    app_start
    nginx_start
    write_env
    wait_healthy
}

down() {
    nginx_stop
    app_stop
    pg_stop
}

run_foreground() {
    if already_running; then
        log "already running (report-fcgi pid $(cat "$PID_FILE")) at http://127.0.0.1:$HTTP_PORT; 'make stop' stops it"
        exit 0
    fi
    up
    cat <<EOF

report-fcgi is serving at http://127.0.0.1:$HTTP_PORT/api/analytics-dashboard

  . $RUN_DIR/env
  curl -s \$REPORT_BASE_URL/health
  TOKEN=\$($BIN token --sub admin-1 --role admin --permission analytics:dashboard)
  curl -s -H "Authorization: Bearer \$TOKEN" \$REPORT_BASE_URL/custom

Logs: $RUN_DIR/report-fcgi.log, $NGINX_DIR/error.log. Ctrl-C stops everything (data is kept).
EOF
    trap 'echo; log "stopping"; down; exit 0' INT TERM
    while true; do sleep 1 & wait $!; done
}

case "${1:-}" in
    deps) deps ;;
    build) build ;;
    up) up ;;
    run) run_foreground ;;
    down) down ;;
    pg-start) pg_start ;;
    pg-stop) pg_stop ;;
    app-start) app_start ;;
    app-stop) app_stop ;;
    nginx-start | nginx-reload) nginx_start ;;
    nginx-stop) nginx_stop ;;
    env) write_env ;;
    *) die "usage: $0 deps|build|up|run|down|pg-start|pg-stop|app-start|app-stop|nginx-start|nginx-reload|nginx-stop" ;;
esac
