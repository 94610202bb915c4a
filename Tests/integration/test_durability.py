"""Issue "nothing acknowledged is ever lost": PostgreSQL killed under a write load loses no acknowledged write,
a retried create makes one dashboard, a stopping responder hands its export back, and one caller's queue does not
starve another's."""

import concurrent.futures
import os
import signal
import time
import uuid

import requests

from conftest import RUN_DIR, admin, bearer, envelope

WRITER = bearer(admin("durability-writer"))
WIDGET = {"type": "metric", "title": "t", "dataSource": "trips", "visualization": "number", "config": {"x": 0.1}}


def postmaster_pid():
    data = os.path.join(os.path.realpath(os.path.join(RUN_DIR, "pg")), "data")
    with open(os.path.join(data, "postmaster.pid")) as f:
        return int(f.readline())


def test_a_postgres_crash_under_writes_loses_no_acknowledged_write(stack):
    created, deleted = {}, set()
    stop = time.monotonic() + 8

    def writer(n):
        session = requests.Session()
        while time.monotonic() < stop:
            try:
                r = session.post(stack.base + "/custom", headers=WRITER, timeout=10,
                                 json={"name": f"w{n}", "widgets": [WIDGET]})
                if r.status_code == 201:
                    board = r.json()["data"]
                    created[board["id"]] = board["name"]
                    if len(created) % 3 == 0:
                        d = session.delete(stack.base + "/custom/" + board["id"], headers=WRITER, timeout=10)
                        if d.status_code == 204:
                            deleted.add(board["id"])
                else:
                    assert r.status_code in (502, 503, 504), r.text
            except requests.RequestException:
                pass

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(writer, n) for n in range(8)]
        time.sleep(3)
        os.kill(postmaster_pid(), signal.SIGKILL)
        time.sleep(2)  # the backends leave as soon as they see the postmaster gone
        stack.script("pg-start")
        for f in futures:
            f.result()
    assert len(created) > 50, len(created)
    assert stack.wait_for(lambda: requests.get(stack.base + "/health").status_code == 200, timeout=20)
    stored = set(stack.psql_value("SELECT id FROM dashboards WHERE name LIKE 'w%'").split())
    lost = [i for i in created if i not in deleted and i not in stored]
    resurrected = [i for i in deleted if i in stored]
    assert not lost and not resurrected, (lost, resurrected)
    stack.psql("DELETE FROM dashboards WHERE name LIKE 'w%'")


def test_a_retried_create_with_the_same_key_makes_one_dashboard(stack):
    key = {"Idempotency-Key": "retry-" + uuid.uuid4().hex}
    body = {"name": "Once", "widgets": [WIDGET]}
    first = requests.post(stack.base + "/custom", headers={**WRITER, **key}, json=body)
    again = requests.post(stack.base + "/custom", headers={**WRITER, **key}, json=body)
    assert first.status_code == 201 and again.status_code == 201, (first.text, again.text)
    assert envelope(first)["data"]["id"] == envelope(again)["data"]["id"]
    assert first.headers["Location"] == again.headers["Location"]
    count = stack.psql_value(f"SELECT count(*) FROM dashboards WHERE idempotency_key = '{key['Idempotency-Key']}'")
    assert count == "1"
    changed = requests.post(stack.base + "/custom", headers={**WRITER, **key}, json={**body, "name": "Twice"})
    assert changed.status_code == 409 and envelope(changed)["error"]["code"] == "E_IDEMPOTENCY_CONFLICT"


EXPORT_DATA = """
TRUNCATE analytics_users, analytics_events, analytics_requests, export_jobs;
INSERT INTO analytics_users VALUES ('d1', '2026-01-01T00:00:00Z', 'free');
INSERT INTO analytics_events (user_id, session_id, name, occurred_at)
SELECT 'd1', 's' || d, 'session_start', timestamptz '2026-01-01T10:00:00Z' + d * interval '1 day'
FROM generate_series(0, 300) d;
"""


def export(stack, headers, start="2026-10-01", end="2026-11-05", key=None):
    h = dict(headers, **({"Idempotency-Key": key} if key else {}))
    return requests.post(stack.base + "/export", headers=h, json={
        "exportType": "dataset", "format": "csv", "dateRange": {"startDate": start, "endDate": end}})


def job_row(stack, job_id):
    return stack.psql_value(f"SELECT status || ' ' || attempts FROM export_jobs WHERE id = '{job_id}'")


def test_sigterm_hands_an_export_back_with_its_attempt_uncounted(stack):
    stack.psql(EXPORT_DATA)
    stack.script("app-stop")
    stack.script("app-start", REPORT_EXPORT_STEP_DELAY="1")
    try:
        owner = bearer(admin("sigterm-owner"))
        job = envelope(export(stack, owner))["data"]
        assert stack.wait_for(lambda: job_row(stack, job["jobId"]) == "generating 1", timeout=20)
        stack.script("app-stop")
        assert job_row(stack, job["jobId"]) == "pending 0"
    finally:
        stack.script("app-start")
    done_row = lambda: job_row(stack, job["jobId"]) == "completed 1"  # noqa: E731
    assert stack.wait_for(done_row, timeout=30)


def test_one_callers_queue_does_not_starve_another(stack):
    stack.psql(EXPORT_DATA)
    stack.script("app-stop")
    stack.script("app-start", REPORT_EXPORT_STEP_DELAY="1")
    busy, other = bearer(admin("queue-busy")), bearer(admin("queue-other"))
    try:
        long_jobs = [export(stack, busy, start="2025-01-01", end="2026-11-01") for _ in range(5)]
        assert all(r.status_code == 200 for r in long_jobs), [r.text for r in long_jobs]
        refused = export(stack, busy)
        assert refused.status_code == 429 and envelope(refused)["error"]["code"] == "E_RATE_LIMITED"
        assert int(refused.headers["Retry-After"]) > 0
        assert stack.wait_for(lambda: stack.psql_value(
            "SELECT count(*) FROM export_jobs WHERE status = 'generating'") == "1", timeout=10)
        started = time.monotonic()
        short = envelope(export(stack, other, start="2026-10-01", end="2026-10-08"))["data"]
        assert stack.wait_for(lambda: job_row(stack, short["jobId"]) == "completed 1", timeout=60)
        assert time.monotonic() - started < 60
        # The busy caller never held both workers while the other waited.
        assert stack.psql_value("SELECT count(*) FROM export_jobs WHERE status = 'generating'") == "1"
    finally:
        stack.script("app-stop")
        stack.psql("TRUNCATE analytics_users, analytics_events, analytics_requests, export_jobs")
        stack.script("app-start")
