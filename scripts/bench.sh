#!/usr/bin/env bash
# `make bench`: GET /custom/:id through nginx with wrk (authenticated, database-backed), next to a
# minimal threaded C responder on libfcgi (bench/c-responder.c, fixed envelope) behind the same
# nginx, in the same run. Prints requests/s, p50 and p99 of each and the ratio.
#   Goal: report-fcgi at >= 60% of the C responder's rate, p99 < 5 ms.
# Settings: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_ROUNDS (3, alternating; medians).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export REPORT_RUN_DIR=$ROOT/.run-bench
export REPORT_HTTP_PORT=${BENCH_HTTP_PORT:-18180}
export REPORT_PG_PORT=${BENCH_PG_PORT:-54349}
export REPORT_RATE_LIMIT=0
export REPORT_ACCESS_LOG=0
export REPORT_SEED_USERS=0
export REPORT_THREADS=${REPORT_THREADS:-8}
export REPORT_JWT_SECRET=bench-secret-0123456789abcdef0123456789abcdef
C_PORT=$((REPORT_HTTP_PORT + 1))
C_SOCKET=$REPORT_RUN_DIR/c-responder.sock
SECONDS_EACH=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
ROUNDS=${BENCH_ROUNDS:-3}

mkdir -p "$REPORT_RUN_DIR"
cc -O2 -o "$REPORT_RUN_DIR/c-responder" "$ROOT/bench/c-responder.c" -lfcgi -lpthread
export REPORT_NGINX_EXTRA="upstream c_responder { server unix:$C_SOCKET; } server { listen 127.0.0.1:$C_PORT; location / { fastcgi_pass c_responder; fastcgi_param REQUEST_METHOD \$request_method; fastcgi_param REQUEST_URI \$request_uri; fastcgi_param REQUEST_ID \$request_id; } }"

cleanup() {
    # libfcgi catches SIGTERM in the C responder; it has nothing to finish.
    [ -n "${C_PID:-}" ] && kill -KILL "$C_PID" 2>/dev/null || true
    "$ROOT/scripts/stack.sh" down
}
trap cleanup EXIT

"$ROOT/scripts/stack.sh" down
"$ROOT/scripts/stack.sh" up
"$REPORT_RUN_DIR/c-responder" "$C_SOCKET" "$REPORT_THREADS" >"$REPORT_RUN_DIR/c-responder.log" 2>&1 &
C_PID=$!

TOKEN=$("$ROOT/.build/release/report-fcgi" token --sub bench-admin --role admin --permission analytics:dashboard --ttl 3600)
BASE=http://127.0.0.1:$REPORT_HTTP_PORT/api/analytics-dashboard
ID=$(curl -fsS -X POST "$BASE/custom" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"Bench","widgets":[{"type":"metric","title":"Users","dataSource":"user_events","visualization":"number","config":{}}]}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
# The responder loads the analytics model when it starts (seconds after a large seed such as bench-analytics'),
# and /user-insights answers 503 until then: measure after that, not during it.
for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
        "$BASE/user-insights?startDate=2026-01-01&endDate=2026-01-02&insightType=conversion_funnel")" = 200 ] && break
    sleep 1
done
OURS=$BASE/custom/$ID
THEIRS=http://127.0.0.1:$C_PORT/api/analytics-dashboard/custom/$ID
curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$OURS"
curl -fsS -o /dev/null "$THEIRS"

# Prints "requests_per_second p50_ms p99_ms non_2xx" for one wrk run.
measure() {
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "Authorization: Bearer $TOKEN" "$1")
    python3 - "$out" <<'EOF'
import re, sys
text = sys.argv[1]
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {ms('50%'):.3f} {ms('99%'):.3f} {bad.group(1) if bad else 0}")
EOF
}

echo "warming up"
wrk -t2 -c"$CONNECTIONS" -d3s -H "Authorization: Bearer $TOKEN" "$OURS" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d3s "$THEIRS" >/dev/null

ours=()
theirs=()
for round in $(seq 1 "$ROUNDS"); do
    ours+=("$(measure "$OURS")")
    theirs+=("$(measure "$THEIRS")")
    echo "round $round: report-fcgi ${ours[-1]} | C responder ${theirs[-1]}  (rps p50ms p99ms non2xx)"
done

python3 - "$CONNECTIONS" "$SECONDS_EACH" "$ROUNDS" "${ours[*]}" "${theirs[*]}" <<'EOF'
import statistics, sys
connections, seconds, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
def rows(text):
    values = [float(v) for v in text.split()]
    return [values[i:i + 4] for i in range(0, len(values), 4)]
ours, theirs = rows(sys.argv[4]), rows(sys.argv[5])
def med(rows, i):
    return statistics.median(r[i] for r in rows)
ratio = med(ours, 0) / med(theirs, 0)
print()
print(f"GET /custom/:id through nginx, wrk {connections} connections, {seconds}s x {rounds} rounds (medians)")
print(f"{'':24}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
print(f"{'report-fcgi (auth+db)':24}{med(ours,0):>12.0f}{med(ours,1):>10.3f}{med(ours,2):>10.3f}{sum(r[3] for r in ours):>10.0f}")
print(f"{'C responder (fixed)':24}{med(theirs,0):>12.0f}{med(theirs,1):>10.3f}{med(theirs,2):>10.3f}{sum(r[3] for r in theirs):>10.0f}")
print(f"ratio report-fcgi / C: {ratio:.2f}   goal >= 0.60: {'met' if ratio >= 0.6 else 'NOT met'}")
print(f"report-fcgi p99 {med(ours,2):.3f} ms   goal < 5 ms: {'met' if med(ours,2) < 5 else 'NOT met'}")
EOF
