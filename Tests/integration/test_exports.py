"""Exports through nginx: POST /export, the job's life, downloads (token, signed link, Range), the files read back
by real readers (csv, openpyxl, pdfinfo/pdftotext, qpdf), idempotency, access, a killed worker, expiry."""
import csv
import datetime
import hashlib
import io
import os
import re
import signal
import subprocess
import tempfile
import time

import openpyxl
import pytest
import requests

from conftest import admin, bearer, envelope

OWNER = bearer(admin("export-owner"))
OTHER = bearer(admin("export-other"))
SUPER = bearer(admin("export-super", role="super_admin", permissions=()))
WEEK = {"startDate": "2026-10-01", "endDate": "2026-10-08"}

# 2026-10-01 .. 10-14, day index d = 0..13. u1 every day: session_start and page_view (session u1-d), and on even d a
# booking_completed of 25.50. u2 (signed up 10-05) a trip_view every day from d = 4. analytics_requests: 10 a day,
# one of them a 500. So for 10-01: active_users 1, page_views 1, revenue 25.5, errors 1, error_rate 10;
# 10-02: revenue 0; 10-05 (d = 4): active_users 2, trips 1, revenue 25.5, new_users 1.
FIXTURE = """
TRUNCATE analytics_users, analytics_events, analytics_requests, export_jobs;
INSERT INTO analytics_users VALUES ('u1', '2026-09-15T00:00:00Z', 'free'), ('u2', '2026-10-05T08:00:00Z', 'premium');
INSERT INTO analytics_events (user_id, session_id, name, occurred_at, revenue, properties)
SELECT 'u1', 'u1-' || d, e.name, timestamptz '2026-10-01T09:00:00Z' + d * interval '1 day' + e.o * interval '1 minute',
       e.revenue, e.props::jsonb
FROM generate_series(0, 13) d,
     (VALUES ('session_start', 0, 0, '{}'), ('page_view', 1, 0, '{"page": "home"}'),
             ('booking_completed', 2, 25.50, '{}')) e(name, o, revenue, props)
WHERE e.name <> 'booking_completed' OR d % 2 = 0;
INSERT INTO analytics_events (user_id, session_id, name, occurred_at)
SELECT 'u2', 'u2-' || d, 'trip_view', timestamptz '2026-10-01T15:00:00Z' + d * interval '1 day'
FROM generate_series(4, 13) d;
INSERT INTO analytics_requests (occurred_at, route, status, duration_ms)
SELECT timestamptz '2026-10-01T00:30:00Z' + d * interval '1 day' + n * interval '1 minute', '/search',
       CASE WHEN n = 0 THEN 500 ELSE 200 END, 10 + n
FROM generate_series(0, 13) d, generate_series(0, 9) n;
"""



@pytest.fixture(scope="module")
def data(stack):
    stack.psql(FIXTURE)
    stack.settle()
    yield
    stack.psql("TRUNCATE analytics_users, analytics_events, analytics_requests, export_jobs")
    stack.settle()


def post(stack, body, headers=OWNER, key=None):
    h = dict(headers)
    if key is not None:
        h["Idempotency-Key"] = key
    return requests.post(stack.base + "/export", json=body, headers=h)


def start(stack, body, headers=OWNER, key=None):
    r = post(stack, body, headers, key)
    assert r.status_code == 200, r.text
    job = envelope(r)["data"]
    assert job["status"] == "pending" and job["progress"] == 0 and job["downloadUrl"] is None
    return job


def wait_done(stack, job_id, headers=OWNER, timeout=60):
    deadline = time.monotonic() + timeout
    job = None
    while time.monotonic() < deadline:
        r = requests.get(f"{stack.base}/export/{job_id}", headers=headers)
        job = envelope(r)["data"] if r.status_code == 200 else r.text  # a restarting responder answers 502/503
        if r.status_code == 200 and job["status"] in ("completed", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"export {job_id} did not finish: {job}")


def download(stack, job, headers=OWNER):
    r = requests.get(f"{stack.base}/export/{job['jobId']}/download", headers=headers)
    assert r.status_code == 200, r.text
    return r


def test_csv_dataset_lifecycle(stack, data):
    job = start(stack, {"exportType": "dataset", "format": "csv", "dateRange": WEEK,
                        "metrics": ["active_users", "page_views", "revenue", "errors", "error_rate", "trips"]})
    done = wait_done(stack, job["jobId"])
    assert done["status"] == "completed" and done["progress"] == 100 and done["failureReason"] is None
    assert done["rowCount"] == 7
    r = download(stack, done)
    assert r.headers["Content-Type"].startswith("text/csv")
    name = f"dataset-{done['jobId']}.csv"
    assert r.headers["Content-Disposition"] == f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    assert done["fileSize"] == len(r.content) and done["checksum"] == hashlib.sha256(r.content).hexdigest()
    assert r.headers.get("X-Accel-Redirect") is None  # nginx consumed it
    # Each header once (requests would join repeats with ", "): the responder's Cache-Control, nginx's request id.
    assert r.headers["Cache-Control"] == "private, no-store"
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["X-Request-Id"]), r.headers["X-Request-Id"]
    assert r.content.count(b"\r\n") == 8  # RFC 4180: CRLF after the header and each of the 7 rows
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8"), newline=""), strict=True))
    assert rows[0] == ["date", "active_users", "page_views", "revenue", "errors", "error_rate", "trips"]
    assert rows[1] == ["2026-10-01", "1", "1", "25.5", "1", "10", "0"]
    assert rows[2] == ["2026-10-02", "1", "1", "0", "1", "10", "0"]
    assert rows[5] == ["2026-10-05", "2", "1", "25.5", "1", "10", "1"]
    expires = datetime.datetime.fromisoformat(done["expiresAt"])
    completed = datetime.datetime.fromisoformat(done["completedAt"])
    assert abs((expires - completed).total_seconds() - 86400) < 2


def test_range_request_and_etag(stack, data):
    done = wait_done(stack, start(stack, {"exportType": "dataset", "format": "json", "dateRange": WEEK})["jobId"])
    full = download(stack, done)
    assert full.headers.get("ETag") and full.headers.get("Accept-Ranges") == "bytes"
    part = requests.get(f"{stack.base}/export/{done['jobId']}/download", headers={**OWNER, "Range": "bytes=0-9"})
    assert part.status_code == 206 and part.content == full.content[:10]
    assert part.headers["Content-Range"] == f"bytes 0-9/{len(full.content)}"


def test_json_dataset(stack, data):
    import json
    done = wait_done(stack, start(stack, {"exportType": "dataset", "format": "json", "dateRange": WEEK,
                                           "metrics": ["new_users", "revenue_per_minute"]})["jobId"])
    document = json.loads(download(stack, done).content)
    assert document["export"]["jobId"] == done["jobId"] and document["export"]["exportType"] == "dataset"
    table = document["tables"][0]
    assert table["name"] == "Daily" and len(table["rows"]) == 7
    by_date = {row[0]: row[1:] for row in table["rows"]}
    assert by_date["2026-10-05"][0] == 1  # u2 signed up
    assert abs(by_date["2026-10-01"][1] - 25.5 / 1440) < 1e-9


def test_xlsx_report(stack, data, tmp_path):
    done = wait_done(stack, start(stack, {"exportType": "report", "format": "xlsx", "dateRange": WEEK})["jobId"])
    path = tmp_path / "report.xlsx"
    path.write_bytes(download(stack, done).content)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Daily"]
    daily = book["Daily"]
    header = [c.value for c in daily[1]]
    assert header[:4] == ["date", "active_users", "page_views", "events_per_second"] and len(header) == 14
    first = [c.value for c in daily[2]]
    assert isinstance(first[0], datetime.datetime) and first[0].date() == datetime.date(2026, 10, 1)
    assert first[1] == 1 and isinstance(first[1], (int, float))
    summary_text = [c.value for row in book["Summary"].iter_rows() for c in row if c.value is not None]
    assert "Active users" in summary_text and "Revenue" in summary_text


def test_pdf_report(stack, data, tmp_path):
    done = wait_done(stack, start(stack, {"exportType": "report", "format": "pdf", "dateRange": WEEK})["jobId"])
    path = tmp_path / "report.pdf"
    path.write_bytes(download(stack, done).content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in info.splitlines() if ":" in line}
    assert fields["Title"] == "Analytics report" and fields["Author"] == "report-fcgi"
    pages = int(fields["Pages"])
    assert pages >= 3  # title page, the daily table, charts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Analytics report" in text and "Conversion funnel" in text and "2026-10-05" in text
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)


def dashboard(stack, title="Trips =cmd", public=False, headers=OWNER):
    body = {"name": "Ops board", "isPublic": public, "widgets": [
        {"type": "chart", "title": title, "dataSource": "trips", "visualization": "line", "config": {}},
        {"type": "metric", "title": "Money", "dataSource": "revenue", "visualization": "number", "config": {}},
    ]}
    r = requests.post(stack.base + "/custom", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return envelope(r)["data"]["id"]


def test_dashboard_exports_and_injection(stack, data, tmp_path):
    board = dashboard(stack, title="=HYPERLINK(\"http://x\")")
    csv_job = wait_done(stack, start(stack, {"exportType": "dashboard", "dashboardId": board.upper(),
                                              "format": "csv", "dateRange": WEEK})["jobId"])
    assert csv_job["dashboardId"] == board
    rows = list(csv.reader(io.StringIO(download(stack, csv_job).content.decode(), newline=""), strict=True))
    assert rows[0] == ["widget", "date", "measure", "value"]
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"  # neutralised (OWASP)
    trips = [r for r in rows[1:] if r[2] == "trips"]
    assert [r[3] for r in trips] == ["0", "0", "0", "0", "1", "1", "1"]
    xlsx_job = wait_done(stack, start(stack, {"exportType": "dashboard", "dashboardId": board, "format": "xlsx",
                                               "dateRange": WEEK})["jobId"])
    path = tmp_path / "board.xlsx"
    path.write_bytes(download(stack, xlsx_job).content)
    book = openpyxl.load_workbook(path)
    # One sheet per widget, named after its title (":" and "/" are not allowed in sheet names).
    assert book.sheetnames == ["Summary", "=HYPERLINK(\"http___x\")", "Money"]
    assert [c.value for c in book["Money"][1]] == ["date", "revenue", "bookings"]
    assert [c.value for c in book["Money"][2]][1:] == [25.5, 1]  # 10-01
    # Nothing anywhere is a formula: text that looks like one is a string cell.
    assert all(c.data_type != "f" for sheet in book.worksheets for row in sheet.iter_rows() for c in row)


def test_signed_link(stack, data):
    done = wait_done(stack, start(stack, {"exportType": "dataset", "format": "csv", "dateRange": WEEK})["jobId"])
    url = "http://127.0.0.1:" + stack.base.split(":")[2].split("/")[0] + done["downloadUrl"]
    assert "signature=" in url and "expires=" in url
    plain = requests.get(url)
    assert plain.status_code == 200 and plain.content == download(stack, done).content
    tampered = url[:-1] + ("0" if url[-1] != "0" else "1")
    r = requests.get(tampered)
    assert r.status_code == 403 and envelope(r)["error"]["code"] == "E_FORBIDDEN"
    longer = url.replace("expires=", "expires=9")
    assert requests.get(longer).status_code == 403
    # A link whose expiry has passed: the job's expiry moved to 3 s from now, a fresh link read, then waited out.
    moved = time.monotonic()
    stack.psql(f"UPDATE export_jobs SET expires_at = now() + interval '3 seconds' WHERE id = '{done['jobId']}'")
    short = envelope(requests.get(f"{stack.base}/export/{done['jobId']}", headers=OWNER))["data"]["downloadUrl"]
    assert short != done["downloadUrl"]  # it carries the new expiry
    time.sleep(max(0.0, moved + 3.6 - time.monotonic()))
    r = requests.get(url.split("/api/")[0] + short)
    assert r.status_code == 404 and envelope(r)["error"]["code"] == "E_FILE_NOT_FOUND"


def test_access_rules(stack, data):
    done = wait_done(stack, start(stack, {"exportType": "dataset", "format": "csv", "dateRange": WEEK})["jobId"])
    for path in (f"/export/{done['jobId']}", f"/export/{done['jobId']}/download"):
        r = requests.get(stack.base + path, headers=OTHER)
        assert r.status_code == 403 and envelope(r)["error"]["code"] == "E_FORBIDDEN"
        assert requests.get(stack.base + path, headers=SUPER).status_code == 200
        assert requests.get(stack.base + path).status_code == 401
    r = requests.get(stack.base + "/export/nothex")
    assert r.status_code == 401  # token first
    r = requests.get(stack.base + "/export/nothex", headers=OWNER)
    assert r.status_code == 400 and envelope(r)["error"]["code"] == "E_INVALID_ID"
    r = requests.get(stack.base + "/export/" + "a" * 24, headers=OWNER)
    assert r.status_code == 404 and envelope(r)["error"]["code"] == "E_EXPORT_NOT_FOUND"
    r = requests.get(stack.base + "/export/" + "a" * 24 + "/download", headers=OWNER)
    assert r.status_code == 404 and envelope(r)["error"]["code"] == "E_EXPORT_NOT_FOUND"
    # The files' own location is internal: from outside it is a 404 (in that location's envelope), file or not.
    r = requests.get(stack.root + "/_exports/" + done["jobId"] + "-1.csv")
    assert r.status_code == 404 and envelope(r)["error"]["code"] == "E_FILE_NOT_FOUND" and b"dataset" not in r.content


def test_idempotent_retry(stack, data):
    body = {"exportType": "dataset", "format": "json", "dateRange": WEEK}
    first = start(stack, body, key="retry-1")
    again = post(stack, body, key="retry-1")
    assert again.status_code == 200 and envelope(again)["data"]["jobId"] == first["jobId"]
    other_caller = post(stack, body, headers=OTHER, key="retry-1")
    assert envelope(other_caller)["data"]["jobId"] != first["jobId"]
    changed = post(stack, {**body, "format": "csv"}, key="retry-1")
    assert changed.status_code == 409 and envelope(changed)["error"]["code"] == "E_IDEMPOTENCY_CONFLICT"
    assert [d["field"] for d in envelope(changed)["error"]["details"]] == ["Idempotency-Key"]
    assert post(stack, body, key="bad key").status_code == 400
    count = stack.psql_value("SELECT count(*) FROM export_jobs WHERE idempotency_key = 'retry-1'")
    assert count == "2"


@pytest.mark.parametrize("body,fields", [
    ({}, ["exportType", "format", "dateRange"]),
    ({"exportType": "dataset", "format": "xml", "dateRange": WEEK}, ["format"]),
    ({"exportType": "cube", "format": "csv", "dateRange": WEEK}, ["exportType"]),
    ({"exportType": "dashboard", "format": "csv", "dateRange": WEEK}, ["dashboardId"]),
    ({"exportType": "dataset", "format": "csv", "dateRange": WEEK, "dashboardId": "xyz"}, ["dashboardId"]),
    ({"exportType": "dataset", "format": "csv", "dateRange": WEEK, "ownerId": "me"}, ["ownerId"]),
    ({"exportType": "dataset", "format": "csv", "dateRange": {"startDate": "2026-10-08", "endDate": "2026-10-01"}},
     ["dateRange.endDate"]),
    ({"exportType": "dataset", "format": "csv", "dateRange": {"startDate": "2026-02-30", "endDate": "2099-01-01"}},
     ["dateRange.startDate", "dateRange.endDate"]),
    ({"exportType": "dataset", "format": "csv", "dateRange": {"startDate": "2026-10-01"}}, ["dateRange.endDate"]),
    ({"exportType": "dataset", "format": "csv", "dateRange": WEEK, "metrics": "revenue"}, ["metrics"]),
    ({"exportType": "dataset", "format": "csv", "dateRange": WEEK, "metrics": ["revenue", "gmv"]}, ["metrics[1]"]),
    ({"exportType": "dataset", "format": "csv", "dateRange": WEEK, "metrics": ["revenue", "revenue"]}, ["metrics[1]"]),
    ({"exportType": "dataset", "format": "csv", "dateRange": WEEK, "metrics": []}, ["metrics"]),
    ({"exportType": "dataset", "format": None, "dateRange": WEEK}, ["format"]),
])
def test_body_rules(stack, body, fields):
    r = post(stack, body)
    assert r.status_code == 400, r.text
    assert envelope(r)["error"]["code"] == "E_VALIDATION"
    assert [d["field"] for d in envelope(r)["error"]["details"]] == fields


def test_dashboard_must_exist_and_be_readable(stack, data):
    r = post(stack, {"exportType": "dashboard", "dashboardId": "b" * 24, "format": "csv", "dateRange": WEEK})
    assert r.status_code == 404 and envelope(r)["error"]["code"] == "E_DASHBOARD_NOT_FOUND"
    private = dashboard(stack, headers=OTHER)
    r = post(stack, {"exportType": "dashboard", "dashboardId": private, "format": "csv", "dateRange": WEEK})
    assert r.status_code == 403 and envelope(r)["error"]["code"] == "E_FORBIDDEN"
    public = dashboard(stack, public=True, headers=OTHER)
    assert post(stack, {"exportType": "dashboard", "dashboardId": public, "format": "csv",
                        "dateRange": WEEK}).status_code == 200


def test_completion_is_notified(stack, data):
    # psql LISTENs, then runs short sleeps, printing any notification after each; the job starts only once the
    # LISTEN is in place (its backend is seen sleeping), and psql is read line by line until the notification
    # shows, so neither a slow start nor a slow job can make this miss.
    sleeps = ["-c", "SELECT pg_sleep(0.25)"] * 240
    listener = subprocess.Popen(["psql", "-qAtX", stack.database_url, "-c", "LISTEN export_completed", *sleeps],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert stack.wait_for(lambda: stack.psql_value(
            "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(0.25)'") != "0", timeout=20)
        done = wait_done(stack, start(stack, {"exportType": "dataset", "format": "csv", "dateRange": WEEK})["jobId"])
        expected = f'notification "export_completed" with payload "{done["jobId"]}"'
        seen = []
        for line in listener.stdout:
            seen.append(line)
            if expected in line:
                break
        assert any(expected in line for line in seen), seen
    finally:
        listener.kill()
        listener.wait()


def test_expiry_and_cleanup(stack, data):
    done = wait_done(stack, start(stack, {"exportType": "dataset", "format": "csv", "dateRange": WEEK})["jobId"])
    file_name = stack.psql_value(f"SELECT file_name FROM export_jobs WHERE id = '{done['jobId']}'")
    path = os.path.join(stack.export_dir, file_name)
    assert os.path.exists(path)
    stack.psql(f"UPDATE export_jobs SET expires_at = now() - interval '1 second' WHERE id = '{done['jobId']}'")

    def cleaned():
        return stack.psql_value(f"SELECT status FROM export_jobs WHERE id = '{done['jobId']}'") == "expired"

    assert stack.wait_for(cleaned, timeout=20)
    assert not os.path.exists(path)
    # Clients see the contract's lifecycle: still `completed`, its expiry past and no link.
    job = envelope(requests.get(f"{stack.base}/export/{done['jobId']}", headers=OWNER))["data"]
    assert job["status"] == "completed" and job["downloadUrl"] is None and job["progress"] == 100
    assert datetime.datetime.fromisoformat(job["expiresAt"]) < datetime.datetime.now(datetime.timezone.utc)
    r = requests.get(f"{stack.base}/export/{done['jobId']}/download", headers=OWNER)
    assert r.status_code == 404 and envelope(r)["error"]["code"] == "E_FILE_NOT_FOUND"


def test_killed_worker_job_completes(stack, data):
    """A slowed responder is killed mid-job; the supervisor restarts it within a second, and the new one takes the
    job up as soon as the dead one's lock is gone (the stale limit is a minute here), within 15 s."""
    stack.script("app-stop")
    stack.script("app-start", REPORT_EXPORT_STEP_DELAY="1.5", REPORT_EXPORT_STALE_SECONDS="60")
    try:
        month = {"startDate": "2026-10-01", "endDate": "2026-11-01"}  # 5 weeks: 5 steps of 1.5 s
        job = start(stack, {"exportType": "dataset", "format": "xlsx", "dateRange": month})

        def generating():
            j = envelope(requests.get(f"{stack.base}/export/{job['jobId']}", headers=OWNER))["data"]
            return j["status"] == "generating" and j["progress"] > 0

        assert stack.wait_for(generating, timeout=20)
        r = requests.get(f"{stack.base}/export/{job['jobId']}/download", headers=OWNER)
        assert r.status_code == 409 and envelope(r)["error"]["code"] == "E_EXPORT_NOT_READY"
        killed = stack.app_pid()
        os.kill(killed, signal.SIGKILL)
        killed_at = time.monotonic()
        assert stack.wait_for(lambda: stack.app_pid() != killed and requests.get(stack.base + "/health").ok, 5)
        assert time.monotonic() - killed_at < 2, "the supervisor took over a second to restart the responder"
        done = wait_done(stack, job["jobId"], timeout=15)
        assert done["status"] == "completed" and done["rowCount"] == 31
    finally:
        stack.script("app-stop")
        stack.script("app-start")
    assert stack.psql_value(f"SELECT attempts FROM export_jobs WHERE id = '{job['jobId']}'") == "2"
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
        f.write(download(stack, done).content)
        f.flush()
        assert openpyxl.load_workbook(f.name)["Daily"].max_row == 32
