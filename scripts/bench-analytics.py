#!/usr/bin/env python3
"""`make bench-analytics`: seeds 10 million events (100,000 users, 180 days) into the bench stack, then
measures through nginx, one request at a time, p50/p95 of /realtime (cold: a metrics subset not yet
cached; cached: the same request again), of /user-insights for 30 and 180 days, every insight type, of
/cohort-analysis (weekly over 180 days and daily over 92, each metric) and of /predictive (each type, 180 days).

Requests go through one kept-alive http.client connection to nginx: the `requests` library alone adds about 1 ms
of Python per call, which would swamp the 2 ms goal of the cached case (nginx still opens a new FastCGI
connection for every request). Each cached sample repeats its request CACHED_REPEATS (5) times.

Goals, warm: /realtime p95 < 20 ms uncached and < 2 ms cached; /user-insights, /cohort-analysis and /predictive
p95 < 150 ms for 180 days.
After the seed it also times how long the rollups and the in-memory model take to catch up with it.
Settings: BENCH_USERS (100000), BENCH_DAYS (180), BENCH_SAMPLES (20), BENCH_INSIGHT_SAMPLES (20),
BENCH_RESEED (1; 0 reuses the data a previous run left in .run-bench when there is any).
"""
import datetime
import http.client
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, REPORT_RUN_DIR=os.path.join(ROOT, ".run-bench"), REPORT_HTTP_PORT="18180",
           REPORT_PG_PORT="54349", REPORT_RATE_LIMIT="0", REPORT_ACCESS_LOG="0", REPORT_SEED_USERS="0",
           REPORT_FASTCGI_TIMEOUT="300s", REPORT_JWT_SECRET="bench-secret-0123456789abcdef0123456789abcdef")
BIN = os.path.join(ROOT, ".build", "release", "report-fcgi")
USERS = int(os.environ.get("BENCH_USERS", "100000"))
DAYS = int(os.environ.get("BENCH_DAYS", "180"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "20"))
INSIGHT_SAMPLES = int(os.environ.get("BENCH_INSIGHT_SAMPLES", "20"))
RESEED = os.environ.get("BENCH_RESEED", "1") != "0"
CACHED_REPEATS = 5
PSQL_URL = "postgresql://report@127.0.0.1:54349/report"
METRICS = ["active_users", "page_views", "events_per_second", "conversion_rate", "error_rate", "revenue_per_minute"]


def stack(*args):
    subprocess.run([os.path.join(ROOT, "scripts", "stack.sh"), *args], env=ENV, check=True)


def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def psql(sql):
    return subprocess.run(["psql", "-qtAX", PSQL_URL, "-c", sql], capture_output=True, text=True,
                          check=True).stdout.strip()


class Client:
    """GET through one kept-alive HTTP/1.1 connection to nginx, reopened when nginx closed it."""

    def __init__(self, host, port, prefix, headers):
        self.host, self.port, self.prefix, self.headers = host, port, prefix, headers
        self.connection = None

    def get(self, path, params):
        url = self.prefix + path + "?" + urllib.parse.urlencode(params)
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
            try:
                self.connection.request("GET", url, headers=self.headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise


def settle(client):
    """Waits until the change log is drained and the responder's model was refreshed after that."""
    while psql("SELECT count(*) FROM analytics_change_log") != "0":
        time.sleep(0.5)
    drained = datetime.datetime.now(datetime.timezone.utc)
    params = {"startDate": "2026-01-01", "endDate": "2026-01-02", "insightType": "conversion_funnel"}
    while True:
        status, body = client.get("/user-insights", params)
        if status == 200:
            as_of = json.loads(body)["data"]["metadata"]["dataAsOf"]
            if datetime.datetime.fromisoformat(as_of.replace("Z", "+00:00")) > drained:
                return
        time.sleep(0.5)


def timed(client, path, params):
    start = time.perf_counter()
    status, body = client.get(path, params)
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise SystemExit(f"{path} {params}: HTTP {status} {body[:200]!r}")
    return elapsed


def main():
    stack("down")
    stack("up")
    try:
        env = dict(ENV)
        env["REPORT_DATABASE_URL"] = subprocess.run(
            ["bash", "-c", ". .run-bench/env && echo $REPORT_DATABASE_URL"], cwd=ROOT, env=ENV,
            capture_output=True, text=True, check=True).stdout.strip()
        token = subprocess.run([BIN, "token", "--sub", "bench", "--role", "admin", "--permission",
                                "analytics:dashboard"], env=env, capture_output=True, text=True,
                               check=True).stdout.strip()
        client = Client("127.0.0.1", 18180, "/api/analytics-dashboard", {"Authorization": "Bearer " + token})
        rows = []
        seed_seconds = catch_up_seconds = None
        if RESEED or psql("SELECT count(*) FROM analytics_events") == "0":
            started = time.perf_counter()
            subprocess.run([BIN, "seed", "--users", str(USERS), "--days", str(DAYS), "--replace"], env=env,
                           check=True)
            seed_seconds = time.perf_counter() - started
            started = time.perf_counter()
            settle(client)
            catch_up_seconds = time.perf_counter() - started
        else:
            settle(client)

        subsets = [",".join(c) for n in range(1, 7) for c in itertools.combinations(METRICS, n)]
        for time_range in ("last_5_minutes", "last_15_minutes", "last_hour"):
            timed(client, "/realtime", {"timeRange": time_range, "metrics": "active_users"})
            cold, cached = [], []
            for subset in subsets[:SAMPLES]:
                params = {"timeRange": time_range, "metrics": subset}
                cold.append(timed(client, "/realtime", params))
                cached.extend(timed(client, "/realtime", params) for _ in range(CACHED_REPEATS))
            rows.append((f"/realtime {time_range} cold", cold, 20))
            rows.append((f"/realtime {time_range} cached", cached, 2))

        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        midnight = now.replace(hour=0, minute=0, second=0)
        # Up to now (to the second: the partial hours at both ends are read from the source tables) and whole
        # UTC days (dates only: everything from the in-memory rollups).
        for days, end, label in ((30, now, ""), (180, now, ""), (180, midnight, " (dates)")):
            start = end - datetime.timedelta(days=days)
            for kind in ("engagement_patterns", "conversion_funnel", "drop_off_points", "feature_adoption",
                         "user_journeys", None):
                params = {"startDate": start.isoformat().replace("+00:00", "Z"),
                          "endDate": end.isoformat().replace("+00:00", "Z")}
                if kind:
                    params["insightType"] = kind
                samples = [timed(client, "/user-insights", params) for _ in range(INSIGHT_SAMPLES)]
                rows.append((f"/user-insights {days} days{label} {kind or 'all five'}", samples,
                             150 if days == 180 else None))

        # Cohorts: weekly over 180 days for each metric, daily over 92 days; predictive: each type over 180 days.
        for metric in ("retention_rate", "revenue", "engagement", "feature_usage"):
            for period, days in (("weekly", 180), ("daily", 92)):
                params = {"startDate": (midnight - datetime.timedelta(days=days)).isoformat().replace("+00:00", "Z"),
                          "endDate": midnight.isoformat().replace("+00:00", "Z"), "cohortPeriod": period,
                          "analysisMetric": metric}
                samples = [timed(client, "/cohort-analysis", params) for _ in range(INSIGHT_SAMPLES)]
                rows.append((f"/cohort-analysis {period} {days} days {metric}", samples, 150))
        for kind in ("user_growth", "revenue", "demand_forecast", "churn_rate", "feature_adoption"):
            params = {"startDate": (midnight - datetime.timedelta(days=180)).isoformat().replace("+00:00", "Z"),
                      "endDate": midnight.isoformat().replace("+00:00", "Z"), "predictionType": kind}
            samples = [timed(client, "/predictive", params) for _ in range(INSIGHT_SAMPLES)]
            rows.append((f"/predictive 180 days {kind}", samples, 150))

        events = psql("SELECT count(*) FROM analytics_events")
        print()
        if seed_seconds is None:
            print(f"reused the data of an earlier run: {events} events (BENCH_RESEED=0)")
        else:
            print(f"seeded {USERS} users over {DAYS} days: {events} events in {seed_seconds:.0f} s "
                  f"(goal: 10 M in < 300 s); rollups and model caught up {catch_up_seconds:.0f} s later")
        print(f"{'request':58}{'n':>4}{'p50 ms':>11}{'p95 ms':>11}  goal p95")
        for name, values, goal in rows:
            verdict = "" if goal is None else (f"< {goal} ms " + ("met" if p(values, 0.95) < goal else "NOT met"))
            print(f"{name:58}{len(values):>4}{statistics.median(values):>11.1f}{p(values, 0.95):>11.1f}  {verdict}")
    finally:
        stack("down")


if __name__ == "__main__":
    sys.exit(main())
