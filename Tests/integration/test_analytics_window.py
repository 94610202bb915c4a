"""Contract section 14 through nginx: the engine keeps the last 731 days (plus the look-back) whatever else the
tables hold, ignores and counts absurd timestamps, follows deleted users, and a statement past the timeout is a 503
that frees its worker."""

import datetime
import subprocess
import time

import pytest
import requests

from conftest import admin, bearer, envelope

ADMIN = bearer(admin("window-admin"))
NOW = datetime.datetime.now(datetime.timezone.utc)
TODAY = NOW.replace(hour=0, minute=0, second=0, microsecond=0)


def day(offset):
    """Midnight UTC `offset` days from today, as ISO text."""
    return (TODAY + datetime.timedelta(days=offset)).strftime("%Y-%m-%dT%H:%M:%SZ")


def date(offset):
    return (TODAY + datetime.timedelta(days=offset)).strftime("%Y-%m-%d")


# Users u0..u5 signed up 40 to 15 days ago; each has a session of five events 20, 10 and 3 days ago.
FIXTURE = "TRUNCATE analytics_users, analytics_events, analytics_requests;\n" + "".join(
    f"INSERT INTO analytics_users VALUES ('u{u}', '{day(-40 + 5 * u)}', '{'premium' if u % 2 else 'free'}');\n"
    for u in range(6)) + "".join(
    f"""INSERT INTO analytics_events (user_id, session_id, name, occurred_at, revenue, properties) VALUES
      ('u{u}', 's{u}-{ago}', 'session_start', timestamptz '{day(-ago)}' + interval '{u} hours', 0, '{{}}'),
      ('u{u}', 's{u}-{ago}', 'page_view', timestamptz '{day(-ago)}' + interval '{u} hours 1 minute', 0,
       '{{"page": "p{u}"}}'),
      ('u{u}', 's{u}-{ago}', 'feature_used', timestamptz '{day(-ago)}' + interval '{u} hours 2 minutes', 0,
       '{{"feature": "f{u % 3}"}}'),
      ('u{u}', 's{u}-{ago}', 'booking_started', timestamptz '{day(-ago)}' + interval '{u} hours 3 minutes', 0, '{{}}'),
      ('u{u}', 's{u}-{ago}', 'booking_completed', timestamptz '{day(-ago)}' + interval '{u} hours 4 minutes',
       {10 + u}, '{{}}');
    """ for u in range(6) for ago in (20, 10, 3))

QUERIES = [
    ("/user-insights", {"startDate": date(-180), "endDate": date(0)}),
    ("/user-insights", {"startDate": date(-30), "endDate": date(0), "insightType": "feature_adoption"}),
    ("/cohort-analysis", {"startDate": date(-60), "endDate": date(0), "cohortPeriod": "weekly",
                          "analysisMetric": "retention_rate"}),
    ("/predictive", {"startDate": date(-60), "endDate": date(0), "predictionType": "user_growth"}),
]


def answers(stack):
    """Each query's data without the parts that change from call to call."""
    out = []
    for path, params in QUERIES:
        r = requests.get(stack.base + path, params=params, headers=ADMIN)
        assert r.status_code == 200, r.text
        data = envelope(r)["data"]
        data.get("metadata", {}).pop("queryTimeMs", None)
        data.get("metadata", {}).pop("dataAsOf", None)
        data.get("metadata", {}).pop("ignoredEvents", None)
        out.append(data)
    return out


@pytest.fixture()
def window_fixture(stack):
    stack.psql(FIXTURE)
    stack.settle()
    yield
    stack.psql("TRUNCATE analytics_users, analytics_events, analytics_requests")
    stack.psql("DELETE FROM analytics_change_log WHERE day > floor(extract(epoch FROM now()) / 86400)::int4 + 1")
    stack.settle()


def test_data_older_than_the_window_leaves_every_answer_unchanged(stack, window_fixture):
    before = answers(stack)
    assert before[0]["insights"][0]["data"]["mau"] == 6
    # 1,200 events of the same users (and one user only seen then) 800 to 1,000 days ago.
    stack.psql("""
        INSERT INTO analytics_events (user_id, session_id, name, occurred_at, revenue, properties)
        SELECT 'u' || (n % 7), 'old' || n, (ARRAY['session_start', 'page_view', 'feature_used', 'booking_completed'])[1 + n % 4],
          now() - interval '800 days' - (n % 200) * interval '1 day', 5, '{"feature": "old", "page": "old"}'
        FROM generate_series(1, 1200) n
    """)
    stack.settle()
    assert answers(stack) == before
    r = requests.get(stack.base + "/user-insights", params={"startDate": date(-800), "endDate": date(-700)},
                     headers=ADMIN)
    assert r.status_code == 400, r.text
    assert [d["field"] for d in envelope(r)["error"]["details"]] == ["startDate"]


def test_absurd_timestamps_are_ignored_and_counted(stack, window_fixture):
    before = answers(stack)
    stack.psql(f"""
        INSERT INTO analytics_events (user_id, session_id, name, occurred_at) VALUES
          ('u1', 'x1', 'session_start', '250000-01-01T00:00:00Z'), ('u1', 'x1', 'page_view', '250000-01-01T00:00:01Z'),
          ('u2', 'x2', 'session_start', '1990-06-01T00:00:00Z'), ('u2', 'x2', 'page_view', '1999-12-31T23:59:59Z'),
          ('u3', 'x3', 'session_start', timestamptz '{day(10)}'), ('u3', 'x3', 'search', timestamptz '{day(10)}' + interval '1 minute')
    """)
    stack.settle()
    assert answers(stack) == before
    r = requests.get(stack.base + "/user-insights", params={"startDate": date(-1), "endDate": date(0)}, headers=ADMIN)
    assert envelope(r)["data"]["metadata"]["ignoredEvents"] == 6
    # The rollups kept working: an ordinary event still shows.
    stack.psql(f"INSERT INTO analytics_events (user_id, session_id, name, occurred_at) VALUES "
               f"('u4', 'y', 'session_start', timestamptz '{day(-2)}' + interval '5 hours')")
    stack.settle()
    events = requests.get(stack.base + "/user-insights", params=QUERIES[0][1], headers=ADMIN).json()["data"]
    assert events["metadata"]["eventsConsidered"] == before[0]["metadata"]["eventsConsidered"] + 1


def test_a_deleted_user_leaves_the_model_within_60_seconds(stack, window_fixture):
    path, params = QUERIES[3]

    def growth():
        data = requests.get(stack.base + path, params=params, headers=ADMIN).json()["data"]
        return data["historicalData"][-1]["value"]

    assert growth() == 6
    started = time.monotonic()
    stack.psql("DELETE FROM analytics_users WHERE user_id = 'u5'")
    assert stack.wait_for(lambda: growth() == 5, timeout=60)
    assert time.monotonic() - started < 60
    cohorts = requests.get(stack.base + QUERIES[2][0], params=QUERIES[2][1], headers=ADMIN).json()["data"]
    assert sum(c["size"] for c in cohorts["cohorts"]) == 5


def test_a_statement_past_the_timeout_is_a_503_and_frees_its_worker(stack):
    stack.script("app-stop")
    stack.script("app-start", REPORT_STATEMENT_TIMEOUT="1")
    locker = None
    try:
        created = requests.post(stack.base + "/custom", headers=ADMIN, json={
            "name": "Timed", "widgets": [{"type": "metric", "title": "t", "dataSource": "trips",
                                          "visualization": "number", "config": {}}]})
        assert created.status_code == 201, created.text
        url = stack.base + "/custom/" + created.json()["data"]["id"]
        locker = subprocess.Popen(["psql", "-qX", stack.database_url, "-c",
                                   "BEGIN; LOCK TABLE dashboards IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT;"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert stack.wait_for(lambda: stack.psql_value(
            "SELECT count(*) FROM pg_locks WHERE relation = 'dashboards'::regclass AND mode = 'AccessExclusiveLock'"
            " AND granted") == "1", timeout=10)
        started = time.monotonic()
        r = requests.get(url, headers=ADMIN)
        assert r.status_code == 503, r.text
        assert envelope(r)["error"]["code"] == "E_SERVICE_UNAVAILABLE"
        assert int(r.headers["Retry-After"]) >= 1
        assert time.monotonic() - started < 2.5
        locker.wait(timeout=10)
        assert requests.get(url, headers=ADMIN).status_code == 200
    finally:
        if locker and locker.poll() is None:
            locker.kill()
        stack.script("app-stop")
        stack.script("app-start")
