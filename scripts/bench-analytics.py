#!/usr/bin/env python3
"""`make bench-analytics`: seeds 10 million events (100,000 users, 180 days) into the bench stack, then
measures through nginx, one request at a time, p50/p95 of /realtime (cold: a metrics subset not yet
cached; cached: the same request again) and of /user-insights for 30 and 180 days, every insight type.

Goals, warm: /realtime p95 < 20 ms uncached and < 2 ms cached; /user-insights p95 < 150 ms for 180 days.
Settings: BENCH_USERS (100000), BENCH_DAYS (180), BENCH_SAMPLES (20), BENCH_INSIGHT_SAMPLES (3).
"""
import datetime
import itertools
import os
import statistics
import subprocess
import sys
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, REPORT_RUN_DIR=os.path.join(ROOT, ".run-bench"), REPORT_HTTP_PORT="18180",
           REPORT_PG_PORT="54349", REPORT_RATE_LIMIT="0", REPORT_ACCESS_LOG="0", REPORT_SEED_USERS="0",
           REPORT_FASTCGI_TIMEOUT="300s", REPORT_JWT_SECRET="bench-secret-0123456789abcdef0123456789abcdef")
BIN = os.path.join(ROOT, ".build", "release", "report-fcgi")
USERS = int(os.environ.get("BENCH_USERS", "100000"))
DAYS = int(os.environ.get("BENCH_DAYS", "180"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "20"))
INSIGHT_SAMPLES = int(os.environ.get("BENCH_INSIGHT_SAMPLES", "3"))
METRICS = ["active_users", "page_views", "events_per_second", "conversion_rate", "error_rate", "revenue_per_minute"]


def stack(*args):
    subprocess.run([os.path.join(ROOT, "scripts", "stack.sh"), *args], env=ENV, check=True)


def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def timed(session, url, params, headers):
    start = time.perf_counter()
    r = session.get(url, params=params, headers=headers, timeout=600)
    elapsed = (time.perf_counter() - start) * 1000
    if r.status_code != 200:
        raise SystemExit(f"{url} {params}: HTTP {r.status_code} {r.text[:200]}")
    return elapsed


def main():
    stack("down")
    stack("up")
    try:
        env = dict(ENV)
        env["REPORT_DATABASE_URL"] = subprocess.run(
            ["bash", "-c", ". .run-bench/env && echo $REPORT_DATABASE_URL"], cwd=ROOT, env=ENV,
            capture_output=True, text=True, check=True).stdout.strip()
        started = time.perf_counter()
        subprocess.run([BIN, "seed", "--users", str(USERS), "--days", str(DAYS), "--replace"], env=env, check=True)
        seed_seconds = time.perf_counter() - started
        token = subprocess.run([BIN, "token", "--sub", "bench", "--role", "admin", "--permission",
                                "analytics:dashboard"], env=env, capture_output=True, text=True,
                               check=True).stdout.strip()
        headers = {"Authorization": "Bearer " + token}
        base = "http://127.0.0.1:18180/api/analytics-dashboard"
        session = requests.Session()
        rows = []

        subsets = [",".join(c) for n in range(1, 7) for c in itertools.combinations(METRICS, n)]
        for time_range in ("last_5_minutes", "last_15_minutes", "last_hour"):
            timed(session, base + "/realtime", {"timeRange": time_range, "metrics": "active_users"}, headers)
            cold, cached = [], []
            for subset in subsets[:SAMPLES]:
                params = {"timeRange": time_range, "metrics": subset}
                cold.append(timed(session, base + "/realtime", params, headers))
                cached.append(timed(session, base + "/realtime", params, headers))
            rows.append((f"/realtime {time_range} cold", cold, 20))
            rows.append((f"/realtime {time_range} cached", cached, 2))

        end = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        for days in (30, 180):
            start = end - datetime.timedelta(days=days)
            for kind in ("engagement_patterns", "conversion_funnel", "drop_off_points", "feature_adoption",
                         "user_journeys", None):
                params = {"startDate": start.isoformat().replace("+00:00", "Z"),
                          "endDate": end.isoformat().replace("+00:00", "Z")}
                if kind:
                    params["insightType"] = kind
                samples = [timed(session, base + "/user-insights", params, headers) for _ in range(INSIGHT_SAMPLES)]
                rows.append((f"/user-insights {days} days {kind or 'all five'}", samples, 150 if days == 180 else None))

        events = subprocess.run(["psql", "-qtA", "postgresql://report@127.0.0.1:54349/report",
                                 "-c", "SELECT count(*) FROM analytics_events"], capture_output=True, text=True,
                                check=True).stdout.strip()
        print()
        print(f"seeded {USERS} users over {DAYS} days: {events} events in {seed_seconds:.0f} s (goal: 10 M in < 300 s)")
        print(f"{'request':58}{'n':>4}{'p50 ms':>11}{'p95 ms':>11}  goal p95")
        for name, values, goal in rows:
            verdict = "" if goal is None else (f"< {goal} ms " + ("met" if p(values, 0.95) < goal else "NOT met"))
            print(f"{name:58}{len(values):>4}{statistics.median(values):>11.1f}{p(values, 0.95):>11.1f}  {verdict}")
    finally:
        stack("down")


if __name__ == "__main__":
    sys.exit(main())
