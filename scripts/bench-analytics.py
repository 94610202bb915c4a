#!/usr/bin/env python3
"""`make bench-analytics`: for each data shape (`report-fcgi seed --shape standard`, then `wide`), 10 million
events (100,000 users, 180 days) in the bench stack (.run-bench, ports 18180 and 54349), then:

1. the seed's time, and the catch-up: from the seed's end until the rollup change log is drained and the
   responder's model reflects it (goal < 60 s);
2. p50/p95 through nginx, one request at a time, of /realtime (cold: a metrics subset not yet cached; cached: the
   same request again; goals p95 < 20 ms and < 2 ms), /user-insights over the 180 and the 30 days up to now (each
   insight type alone and all five together), /cohort-analysis (weekly over 180 days and daily over 92, each
   metric) and /predictive (each type, 180 days): goal p95 < 150 ms each;
3. the responder's resident memory (VmRSS) once the model is loaded (goal < 300 MB), and again after 2 million
   events dated 800 to 1,000 days ago were appended (`seed --append-older`) and caught up with: goal, a rise of
   at most 10% over the figure just before the append.

Each shape gets a new database (dropped, created, migrated) and a restarted responder, so that its figures owe
nothing to the shape before it; nginx stays up.
A table per shape, then a summary of every goal with its figure, MET or MISSED.

Requests go through one kept-alive http.client connection to nginx: the `requests` library alone adds about 1 ms
of Python per call, which would swamp the 2 ms goal of the cached case (nginx still opens a new FastCGI
connection for every request). Each cached sample repeats its request CACHED_REPEATS (5) times. Every measured
request is sent once first, unmeasured (the goals are warm), and a row stops taking samples after
BENCH_ROW_SECONDS once it has 5, so that a slow endpoint does not stretch the run past about 20 minutes.

Settings: BENCH_SHAPES (standard,wide), BENCH_USERS (100000), BENCH_DAYS (180), BENCH_SAMPLES (20, /realtime),
BENCH_INSIGHT_SAMPLES (20, the others), BENCH_ROW_SECONDS (10), BENCH_APPEND_EVENTS (2000000; 0 skips step 3's
append), BENCH_RESEED (1; 0 reuses the data a previous run left for the first shape when there is any).
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
RUN_DIR = os.path.join(ROOT, ".run-bench")
ENV = dict(os.environ, REPORT_RUN_DIR=RUN_DIR, REPORT_HTTP_PORT="18180",
           REPORT_PG_PORT="54349", REPORT_RATE_LIMIT="0", REPORT_ACCESS_LOG="0", REPORT_SEED_USERS="0",
           REPORT_FASTCGI_TIMEOUT="300s", REPORT_JWT_SECRET="bench-secret-0123456789abcdef0123456789abcdef")
BIN = os.path.join(ROOT, ".build", "release", "report-fcgi")
SHAPES = [s.strip() for s in os.environ.get("BENCH_SHAPES", "standard,wide").split(",") if s.strip()]
USERS = int(os.environ.get("BENCH_USERS", "100000"))
DAYS = int(os.environ.get("BENCH_DAYS", "180"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "20"))
INSIGHT_SAMPLES = int(os.environ.get("BENCH_INSIGHT_SAMPLES", "20"))
ROW_SECONDS = float(os.environ.get("BENCH_ROW_SECONDS", "10"))
APPEND_EVENTS = int(os.environ.get("BENCH_APPEND_EVENTS", "2000000"))
RESEED = os.environ.get("BENCH_RESEED", "1") != "0"
CACHED_REPEATS = 5
MINIMUM_SAMPLES = 5
CATCH_UP_TIMEOUT = 900
PSQL_URL = "postgresql://report@127.0.0.1:54349/report"
METRICS = ["active_users", "page_views", "events_per_second", "conversion_rate", "error_rate", "revenue_per_minute"]
INSIGHT_TYPES = ["engagement_patterns", "conversion_funnel", "drop_off_points", "feature_adoption", "user_journeys"]
GOALS = {"seed": 300, "catch_up": 60, "rss": 300, "rss_rise": 10}


def stack(*args):
    subprocess.run([os.path.join(ROOT, "scripts", "stack.sh"), *args], env=ENV, check=True)


def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def psql(sql):
    return subprocess.run(["psql", "-qtAX", PSQL_URL, "-c", sql], capture_output=True, text=True,
                          check=True).stdout.strip()


def iso(instant):
    return instant.isoformat().replace("+00:00", "Z")


def verdict(figure, goal):
    return "MET" if figure is not None and figure < goal else "MISSED"


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


def catch_up(client, since):
    """Seconds from `since` (a perf_counter) until the change log is drained, and until /user-insights answers from
    a model refreshed after that; None for either after CATCH_UP_TIMEOUT. An answer read from the database at the
    request (no model yet) carries the request's own time as dataAsOf, so it must also be older than the request."""
    # Days more than a day ahead (the wide shape's absurd rows) wait in the log until their time comes.
    pending = ("SELECT count(*) FROM analytics_change_log"
               " WHERE day <= floor(extract(epoch FROM now()) / 86400)::int4 + 1")
    while psql(pending) != "0":
        if time.perf_counter() - since > CATCH_UP_TIMEOUT:
            return None, None
        time.sleep(0.5)
    drained_after = time.perf_counter() - since
    drained = datetime.datetime.now(datetime.timezone.utc)
    today = drained.date()
    params = {"startDate": (today - datetime.timedelta(days=1)).isoformat(), "endDate": today.isoformat(),
              "insightType": "conversion_funnel"}
    while time.perf_counter() - since < CATCH_UP_TIMEOUT:
        asked = datetime.datetime.now(datetime.timezone.utc)
        status, body = client.get("/user-insights", params)
        if 400 <= status < 500:
            raise SystemExit(f"/user-insights {params}: HTTP {status} {body[:200]!r}")
        if status == 200:
            as_of = json.loads(body)["data"]["metadata"]["dataAsOf"]
            as_of = datetime.datetime.fromisoformat(as_of.replace("Z", "+00:00"))
            if drained < as_of < asked:
                return drained_after, time.perf_counter() - since
        time.sleep(0.5)
    return drained_after, None


def rss_mb():
    with open(os.path.join(RUN_DIR, "report-fcgi.pid")) as f:
        pid = f.read().strip()
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise SystemExit("no VmRSS for the responder")


def timed(client, path, params):
    start = time.perf_counter()
    status, body = client.get(path, params)
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise SystemExit(f"{path} {params}: HTTP {status} {body[:200]!r}")
    return elapsed


def sample(client, path, params, count):
    """One unmeasured request, then up to `count` measured ones (at least MINIMUM_SAMPLES, then until
    ROW_SECONDS)."""
    timed(client, path, params)
    samples, started = [], time.perf_counter()
    while len(samples) < count:
        samples.append(timed(client, path, params))
        if len(samples) >= MINIMUM_SAMPLES and time.perf_counter() - started > ROW_SECONDS:
            break
    return samples


def realtime_rows(client):
    rows = []
    subsets = [",".join(c) for n in range(1, 7) for c in itertools.combinations(METRICS, n)]
    for time_range in ("last_5_minutes", "last_15_minutes", "last_hour"):
        timed(client, "/realtime", {"timeRange": time_range, "metrics": "active_users"})
        cold, cached = [], []
        for subset in subsets[:SAMPLES]:
            params = {"timeRange": time_range, "metrics": subset}
            cold.append(timed(client, "/realtime", params))
            cached.extend(timed(client, "/realtime", params) for _ in range(CACHED_REPEATS))
        rows.append(("realtime_cold", f"/realtime {time_range} cold", cold, 20))
        rows.append(("realtime_cached", f"/realtime {time_range} cached", cached, 2))
    return rows


def insight_rows(client):
    rows = []
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    for days in (180, 30):
        for kind in INSIGHT_TYPES + [None]:
            params = {"startDate": iso(now - datetime.timedelta(days=days)), "endDate": iso(now)}
            if kind:
                params["insightType"] = kind
            samples = sample(client, "/user-insights", params, INSIGHT_SAMPLES)
            rows.append(("user_insights", f"/user-insights {days} days {kind or 'all five'}", samples, 150))
    return rows


def cohort_and_predictive_rows(client):
    rows = []
    midnight = datetime.datetime.now(datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    for metric in ("retention_rate", "revenue", "engagement", "feature_usage"):
        for period, days in (("weekly", 180), ("daily", 92)):
            params = {"startDate": iso(midnight - datetime.timedelta(days=days)), "endDate": iso(midnight),
                      "cohortPeriod": period, "analysisMetric": metric}
            samples = sample(client, "/cohort-analysis", params, INSIGHT_SAMPLES)
            rows.append(("cohort_analysis", f"/cohort-analysis {period} {days} days {metric}", samples, 150))
    for kind in ("user_growth", "revenue", "demand_forecast", "churn_rate", "feature_adoption"):
        params = {"startDate": iso(midnight - datetime.timedelta(days=180)), "endDate": iso(midnight),
                  "predictionType": kind}
        samples = sample(client, "/predictive", params, INSIGHT_SAMPLES)
        rows.append(("predictive", f"/predictive 180 days {kind}", samples, 150))
    return rows


def fresh_database(env):
    """Drops and recreates the bench database and migrates it, so that a shape's rollups (and so the responder's
    model) keep nothing of an earlier shape or run: rollup_days keeps every day it ever saw, and a day in year
    200000 left there by the wide shape would otherwise weigh on the next shape's figures."""
    admin = ["psql", "-qtAX", "-h", "127.0.0.1", "-p", "54349", "-U", "postgres", "-d", "postgres", "-c"]
    subprocess.run(admin + ["DROP DATABASE IF EXISTS report WITH (FORCE)"], check=True, capture_output=True)
    subprocess.run(admin + ["CREATE DATABASE report OWNER report"], check=True, capture_output=True)
    subprocess.run([BIN, "migrate"], env=env, check=True, capture_output=True)


def report_seed(env, *args):
    """Runs `report-fcgi seed` with `args`; returns its seconds."""
    started = time.perf_counter()
    subprocess.run([BIN, "seed", *args], env=env, check=True)
    return time.perf_counter() - started


def run_shape(shape, env, client, reuse):
    """Seeds `shape` (unless `reuse`), restarts the responder and measures; returns the figures."""
    print(f"\n=== shape {shape} ===", flush=True)
    result = {"shape": shape, "seed": None, "catch_up": None}
    stack("app-stop")
    if not reuse:
        fresh_database(env)
        result["seed"] = report_seed(env, "--shape", shape, "--users", str(USERS), "--days", str(DAYS), "--replace")
    seeded = time.perf_counter()
    stack("app-start")
    drained, caught_up = catch_up(client, seeded)
    if caught_up is None:
        raise SystemExit(f"{shape}: the rollups and the model did not catch up in {CATCH_UP_TIMEOUT} s")
    if not reuse:
        result["drained"], result["catch_up"] = drained, caught_up
    result["rss_loaded"] = rss_mb()
    result["events"] = int(psql("SELECT count(*) FROM analytics_events"))
    sessions, journeys = psql("SELECT count(*), count(DISTINCT path) FROM rollup_sessions").split("|")
    result["sessions"], result["journeys"] = int(sessions), int(journeys)
    print(f"{shape}: {result['events']} events, {result['sessions']} session parts, {result['journeys']} distinct "
          f"journeys; model loaded, RSS {result['rss_loaded']:.0f} MB", flush=True)
    result["rows"] = realtime_rows(client) + insight_rows(client) + cohort_and_predictive_rows(client)
    result["rss_before_append"] = rss_mb()
    if APPEND_EVENTS > 0:
        result["append"] = report_seed(env, "--shape", shape, "--append-older", str(APPEND_EVENTS))
        result["append_drained"], result["append_catch_up"] = catch_up(client, time.perf_counter())
        if result["append_catch_up"] is None:
            raise SystemExit(f"{shape}: no catch-up after the append in {CATCH_UP_TIMEOUT} s")
        result["rss_appended"] = rss_mb()
    print_table(result)
    return result


def print_table(result):
    shape = result["shape"]
    print(f"\n{shape}: {result['events']} events, {result['journeys']} distinct journeys in {result['sessions']} "
          f"session parts")
    if result["seed"] is None:
        print("reused the data of an earlier run (BENCH_RESEED=0): no seed or catch-up time")
    else:
        print(f"seed {result['seed']:.0f} s (goal < {GOALS['seed']} s for 10 M: {verdict(result['seed'], 300)}); "
              f"rollups and model caught up {result['catch_up']:.1f} s later (goal < 60 s: "
              f"{verdict(result['catch_up'], 60)}; the change log was drained after {result['drained']:.1f} s)")
    print(f"{'request':52}{'n':>4}{'p50 ms':>10}{'p95 ms':>10}  {'goal p95':>10}  verdict")
    for _, name, values, goal in result["rows"]:
        figure = p(values, 0.95)
        print(f"{name:52}{len(values):>4}{statistics.median(values):>10.1f}{figure:>10.1f}  {'< ' + str(goal):>10}"
              f"  {verdict(figure, goal)}")
    print(f"RSS with the model loaded {result['rss_loaded']:.0f} MB (goal < 300 MB: "
          f"{verdict(result['rss_loaded'], 300)}); {result['rss_before_append']:.0f} MB after the requests")
    if "rss_appended" in result:
        rise = rss_rise(result)
        print(f"appended {APPEND_EVENTS} events dated 800-1,000 days ago in {result['append']:.0f} s, caught up "
              f"{result['append_catch_up']:.1f} s later (change log drained after "
              f"{result['append_drained']:.1f} s): RSS {result['rss_appended']:.0f} MB, {rise:+.1f}% "
              f"(goal <= +10%: {'MET' if rise <= 10 else 'MISSED'})")


def rss_rise(result):
    return (result["rss_appended"] / result["rss_before_append"] - 1) * 100


def summary_lines(result):
    """(goal, figure, verdict) for every goal of one shape; the request rows grouped by kind, worst p95 first."""
    lines = []
    if result["seed"] is not None:
        lines.append(("seed, 10 M events < 300 s", f"{result['seed']:.0f} s", verdict(result["seed"], 300)))
        lines.append(("catch-up after the seed < 60 s",
                      f"{result['catch_up']:.1f} s (change log drained after {result['drained']:.1f} s)",
                      verdict(result["catch_up"], 60)))
    labels = {"realtime_cold": "/realtime cold p95 < 20 ms", "realtime_cached": "/realtime cached p95 < 2 ms",
              "user_insights": "/user-insights p95 < 150 ms", "cohort_analysis": "/cohort-analysis p95 < 150 ms",
              "predictive": "/predictive p95 < 150 ms"}
    for kind, label in labels.items():
        rows = [(name, p(values, 0.95), goal) for k, name, values, goal in result["rows"] if k == kind]
        met = sum(1 for _, figure, goal in rows if figure < goal)
        worst = max(rows, key=lambda row: row[1])
        lines.append((label, f"{met}/{len(rows)} met, worst {worst[1]:.1f} ms ({worst[0]})",
                      "MET" if met == len(rows) else "MISSED"))
    lines.append(("RSS, model loaded < 300 MB", f"{result['rss_loaded']:.0f} MB", verdict(result["rss_loaded"], 300)))
    if "rss_appended" in result:
        rise = rss_rise(result)
        lines.append(("RSS rise after the append <= 10%",
                      f"{result['rss_before_append']:.0f} -> {result['rss_appended']:.0f} MB, {rise:+.1f}%",
                      "MET" if rise <= 10 else "MISSED"))
    return lines


def print_summary(results):
    print("\n=== summary ===")
    for result in results:
        print(f"\n{result['shape']} ({result['events']} events, {result['journeys']} distinct journeys)")
        for goal, figure, outcome in summary_lines(result):
            print(f"  {goal:36} {outcome:7} {figure}")


def main():
    unknown = [s for s in SHAPES if s not in ("standard", "wide")]
    if unknown or not SHAPES:
        raise SystemExit(f"BENCH_SHAPES: standard and/or wide, comma-separated (not {unknown})")
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
        results = []
        for index, shape in enumerate(SHAPES):
            reuse = index == 0 and not RESEED and psql("SELECT count(*) FROM analytics_events") != "0"
            results.append(run_shape(shape, env, client, reuse))
        print_summary(results)
    finally:
        stack("down")


if __name__ == "__main__":
    sys.exit(main())
