"""The responder behind nginx, end to end: envelope, routing, nginx's own errors, outages, shutdown."""
import concurrent.futures
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time

import pytest
import requests

from conftest import envelope

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def test_health_answers_in_the_envelope(stack):
    r = requests.get(stack.base + "/health")
    assert r.status_code == 200
    body = envelope(r)
    assert RFC3339.match(body["server_time"]), body["server_time"]
    assert re.fullmatch(r"[0-9a-f]{32}", body["request_id"]), body["request_id"]
    data = body["data"]
    assert data["status"] == "ok"
    assert data["database"] == "ok"
    assert data["version"] == "0.1.0"
    assert isinstance(data["uptimeSeconds"], int) and data["uptimeSeconds"] >= 0


def test_each_request_gets_its_own_id(stack):
    ids = {envelope(requests.get(stack.base + "/health"))["request_id"] for _ in range(5)}
    assert len(ids) == 5


def test_unknown_route_is_a_json_404(stack):
    r = requests.get(stack.base + "/no-such-thing")
    assert r.status_code == 404
    assert envelope(r)["error"]["code"] == "E_NOT_FOUND"


def test_path_outside_the_service_is_a_json_404_from_nginx(stack):
    for path in ["/", "/index.html", "/api/other"]:
        r = requests.get(stack.root + path)
        assert r.status_code == 404, path
        assert envelope(r)["error"]["code"] == "E_NOT_FOUND"


def test_post_to_health_is_405_with_allow(stack):
    r = requests.post(stack.base + "/health", json={})
    assert r.status_code == 405
    assert r.headers["Allow"] == "GET"
    assert envelope(r)["error"]["code"] == "E_METHOD_NOT_ALLOWED"


def test_two_mebibyte_body_is_a_json_413_from_nginx(stack):
    r = requests.post(stack.base + "/health", data=b"x" * (2 << 20), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert envelope(r)["error"]["code"] == "E_PAYLOAD_TOO_LARGE"


def test_health_takes_no_query_parameter(stack):
    # Health takes no parameters, and like every route it refuses one it does not take (contract section 6).
    r = requests.get(stack.base + "/health?x=1")
    assert r.status_code == 400
    assert envelope(r)["error"]["details"] == [{"field": "x", "message": "unknown parameter"}]
    assert requests.get(stack.base + "/health?").status_code == 200  # an empty query names nothing


def test_rate_limit_answers_429_in_the_envelope(stack):
    stack.script("nginx-reload", REPORT_RATE_LIMIT="2")
    try:
        statuses = []
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            for r in pool.map(lambda _: requests.get(stack.base + "/health"), range(40)):
                statuses.append(r.status_code)
                if r.status_code == 429:
                    body = envelope(r)
                    assert body["error"]["code"] == "E_RATE_LIMITED"
                    assert r.headers["Retry-After"] == "1"
        assert statuses.count(429) > 0, statuses
        assert statuses.count(200) > 0, statuses
    finally:
        stack.script("nginx-reload")


def test_responder_down_is_a_json_502_and_recovers(stack):
    stack.script("app-stop")
    try:
        r = requests.get(stack.base + "/health")
        assert r.status_code == 502
        assert envelope(r)["error"]["code"] == "E_UPSTREAM_UNAVAILABLE"
    finally:
        stack.script("app-start")
    assert requests.get(stack.base + "/health").status_code == 200


def test_stalled_responder_is_a_json_504(stack):
    pid = stack.app_pid()
    os.kill(pid, signal.SIGSTOP)
    try:
        r = requests.get(stack.base + "/health", timeout=20)
        assert r.status_code == 504
        assert envelope(r)["error"]["code"] == "E_UPSTREAM_TIMEOUT"
    finally:
        os.kill(pid, signal.SIGCONT)
    assert stack.wait_for(lambda: requests.get(stack.base + "/health").status_code == 200, timeout=10)


def test_database_down_is_503_and_health_recovers_by_itself(stack):
    stack.script("pg-stop")
    try:
        r = requests.get(stack.base + "/health")
        assert r.status_code == 503
        body = envelope(r)
        assert body["error"]["code"] == "E_SERVICE_UNAVAILABLE"
        assert "database" not in body["error"]["message"].lower() or "postgres" not in body["error"]["message"].lower()
        assert re.fullmatch(r"[1-9][0-9]*", r.headers["Retry-After"]), r.headers
        # Every worker, not just one, answers 503 rather than dying.
        assert all(requests.get(stack.base + "/health").status_code == 503 for _ in range(12))
    finally:
        stack.script("pg-start")
    # No restart of report-fcgi: each worker reconnects with backoff (at most 5 s apart).
    assert stack.wait_for(
        lambda: all(requests.get(stack.base + "/health").status_code == 200 for _ in range(12)), timeout=20
    )


def test_after_a_database_restart_no_request_fails_on_a_connection_that_died_idle(stack):
    # PostgreSQL restarts while no request comes in, so every worker still holds a connection the old server
    # closed. Once PostgreSQL is back, not one request may fail on such a dead connection.
    from conftest import admin, bearer

    headers = bearer(admin("restart-admin"))
    created = requests.post(stack.base + "/custom", headers=headers, json={
        "name": "Restart", "widgets": [{"type": "metric", "title": "U", "dataSource": "user_events",
                                        "visualization": "number", "config": {}}]})
    assert created.status_code == 201
    url = stack.base + "/custom/" + envelope(created)["data"]["id"]
    # Every worker (4 in this stack) uses its connection before the restart.
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert set(pool.map(lambda _: requests.get(url, headers=headers).status_code, range(64))) == {200}
    from conftest import RUN_DIR

    app_log = os.path.join(RUN_DIR, "report-fcgi.log")
    log_before = os.path.getsize(app_log)
    stack.script("pg-stop")
    stack.script("pg-start")
    assert stack.wait_for(lambda: stack.psql_value("SELECT 1") == "1", timeout=20)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: requests.get(url, headers=headers).status_code, range(64)))
    assert statuses == [200] * 64, {s: statuses.count(s) for s in set(statuses)}
    # Each request worker found its connection dead and said so, on one line carrying the request's id.
    with open(app_log, encoding="utf-8") as f:
        f.seek(log_before)
        lost = [line for line in f if "database connection lost" in line and " worker=" in line]
    assert len(lost) >= 1, lost
    for line in lost:
        assert re.search(r" request\.id=[0-9a-f]{32} ", line) and "closed the connection while it was idle" in line, line


def listen_queue(path):
    """Connections waiting in a listening Unix socket's accept queue (`ss`'s Recv-Q for it)."""
    out = subprocess.run(["ss", "-xlnH", "src", path], capture_output=True, text=True, check=True).stdout.split()
    return int(out[2]) if len(out) > 2 else 0


def test_sigterm_answers_every_connection_already_queued_and_exits_0(stack):
    # Deterministic, whatever the machine's load: the responder is stopped (SIGSTOP) while a burst of requests
    # reaches nginx, so every one of their connections waits in the responder's accept queue. Then SIGTERM and
    # SIGCONT: a graceful stop must accept and answer all of them before it closes the socket. nginx waits up to
    # 30 s for the responder meanwhile (the suite's 3 s would turn a slow burst into 504s).
    burst = 32
    stack.script("nginx-reload", REPORT_FASTCGI_TIMEOUT="30s")
    stack.script("app-stop")
    log_before = len(stack.nginx_error_log())
    env = dict(stack.env)
    env.update(
        REPORT_DATABASE_URL=stack.database_url,
        REPORT_SOCKET=stack.socket,
        REPORT_THREADS="2",
        REPORT_LOG_LEVEL="warning",
    )
    process = subprocess.Popen([stack.binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = []
    try:
        assert stack.wait_for(lambda: os.path.exists(stack.socket), timeout=10)
        assert requests.get(stack.base + "/health").status_code == 200
        process.send_signal(signal.SIGSTOP)
        with concurrent.futures.ThreadPoolExecutor(burst) as pool:
            futures = [pool.submit(requests.get, stack.base + "/health", timeout=60) for _ in range(burst)]

            def all_queued():
                seen.append(listen_queue(stack.socket))
                return seen[-1] >= burst

            queued = stack.wait_for(all_queued, timeout=25, interval=0.05)
            process.send_signal(signal.SIGTERM)
            process.send_signal(signal.SIGCONT)
            responses = [f.result() for f in futures]
        statuses = [r.status_code for r in responses]
        assert queued, f"the accept queue reached {max(seen, default=0)} of {burst}; statuses {statuses}"
        assert process.wait(timeout=30) == 0
        # Once it has gone, nginx answers for it: a 502 in the envelope.
        late = requests.get(stack.base + "/health")
        assert late.status_code == 502
        envelope(late)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)
            process.kill()
        stack.script("nginx-reload")
        stack.script("app-start")
    assert statuses == [200] * burst, {s: statuses.count(s) for s in set(statuses)}
    for r in responses:
        assert envelope(r)["data"]["status"] == "ok"
    new_log = stack.nginx_error_log()[log_before:]
    assert "prematurely closed" not in new_log, new_log
    assert "reset by peer" not in new_log, new_log


def test_a_concurrent_mix_of_bodied_and_bodiless_requests_closes_every_connection_cleanly(stack):
    # The responder closes a connection outright once it has read the request's input to its end (no lingering
    # close). Under a concurrent mix of GETs, POSTs with bodies of many sizes, a body with a declared length of 0
    # and a DELETE, every answer must be whole and nginx must see no reset or early close.
    from conftest import admin, bearer

    headers = bearer(admin("mix-admin"))
    log_before = len(stack.nginx_error_log())
    widget = {"type": "metric", "title": "Users", "dataSource": "user_events", "visualization": "number", "config": {}}

    def one(i):
        kind = i % 4
        if kind == 0:
            return "health", requests.get(stack.base + "/health", timeout=30)
        if kind == 1:
            # Small bodies, and bodies of 1 to 200 KB whose description is over its cap (a 400).
            description = "short" if i % 8 == 1 else "d" * (1_001 + i * 997 % 200_000)
            body = {"name": f"mix {i}", "description": description, "widgets": [widget]}
            return "create", requests.post(stack.base + "/custom", json=body, headers=headers, timeout=30)
        if kind == 2:
            return "empty", requests.post(
                stack.base + "/custom", data=b"", headers=dict(headers, **{"Content-Type": "application/json"}),
                timeout=30)
        return "list", requests.get(stack.base + "/custom", headers=headers, timeout=30)

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(one, range(400)))
    for kind, r in results:
        body = envelope(r)
        if kind in ("health", "list"):
            assert r.status_code == 200, body
        elif kind == "empty":
            assert r.status_code == 400 and body["error"]["code"] == "E_INVALID_JSON", body
        elif len(r.request.body) < 1_000:
            assert r.status_code == 201, body
            assert body["data"]["description"] == "short"
        else:
            assert r.status_code == 400 and body["error"]["code"] == "E_VALIDATION", body
    new_log = stack.nginx_error_log()[log_before:]
    for symptom in ("prematurely closed", "reset by peer", "broken pipe", "upstream timed out"):
        assert symptom not in new_log.lower(), new_log


def test_no_header_is_sent_twice(stack):
    # The responder's headers and nginx's add_header must not both set one (e.g. X-Request-Id, Cache-Control).
    import http.client
    from conftest import admin

    token = "Bearer " + admin("headers-admin")
    host, port = stack.base.split("//")[1].split("/")[0].split(":")
    prefix = "/" + stack.base.split("//")[1].split("/", 1)[1]
    cases = [
        ("GET", "/health", {}, None),
        ("GET", "/no-such-thing", {}, None),
        ("GET", "/custom", {}, None),
        ("GET", "/custom", {"Authorization": token}, None),
        ("DELETE", "/health", {}, None),
        ("POST", "/custom", {"Authorization": token, "Content-Type": "application/json"},
         b'{"name":"H","widgets":[{"type":"metric","title":"U","dataSource":"user_events","visualization":"number","config":{}}]}'),
        ("POST", "/custom", {"Authorization": token, "Content-Type": "application/json"}, b"x" * (2 << 20)),
    ]
    for method, path, headers, body in cases:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request(method, prefix + path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        names = [name.lower() for name, _ in response.getheaders()]
        repeated = {name for name in names if names.count(name) > 1}
        assert not repeated, (method, path, response.status, response.getheaders())
        connection.close()


def test_every_route_refuses_a_query_parameter_it_does_not_take(stack):
    # Contract section 6: an unknown parameter is 400, on every route; and the refused write changes nothing.
    from conftest import admin, bearer

    headers = bearer(admin("query-admin"))
    body = {"name": "Q", "widgets": [{"type": "metric", "title": "U", "dataSource": "user_events",
                                      "visualization": "number", "config": {}}]}
    created = requests.post(stack.base + "/custom", headers=headers, json=body)
    assert created.status_code == 201
    board = envelope(created)["data"]["id"]
    export = requests.post(stack.base + "/export", headers=headers, json={
        "exportType": "dataset", "format": "csv", "dateRange": {"startDate": "2026-10-01", "endDate": "2026-10-02"}})
    assert export.status_code == 200
    job = envelope(export)["data"]["jobId"]
    cases = [
        ("GET", "/health", None), ("GET", f"/custom/{board}", None), ("PUT", f"/custom/{board}", {"name": "Changed"}),
        ("DELETE", f"/custom/{board}", None), ("POST", "/custom", body), ("POST", "/export", {}),
        ("GET", f"/export/{job}", None), ("GET", f"/export/{job}/download", None),
    ]
    for method, path, payload in cases:
        r = requests.request(method, stack.base + path + "?x=1", headers=headers, json=payload)
        assert r.status_code == 400, (method, path, r.text)
        error = envelope(r)["error"]
        assert error["code"] == "E_VALIDATION" and error["details"] == [{"field": "x", "message": "unknown parameter"}]
    still = requests.get(stack.base + f"/custom/{board}", headers=headers)
    assert still.status_code == 200 and envelope(still)["data"]["name"] == "Q" and envelope(still)["data"]["version"] == 1
    listed = requests.get(stack.base + "/custom", headers=headers, params={"search": "Q", "x": "1"})
    assert listed.status_code == 400 and envelope(listed)["error"]["details"][0]["field"] == "x"


def raw_exchange(stack, request_head, status):
    """Sends request_head (no final blank line) over a raw socket; checks the status and that the answer is JSON.
    Returns the lower-cased headers and the parsed body."""
    host, port = stack.base.split("//")[1].split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(request_head + b"\r\nConnection: close\r\n\r\n")
        raw = b""
        while chunk := conn.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0].split(" ")[1] == str(status), lines[0]
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    assert headers["content-type"] == "application/json; charset=utf-8", headers
    return headers, json.loads(body)


@pytest.mark.parametrize("request_line, status", [
    (b"GARBAGE", 400),
    (b"GET / HTTP/1.1 extra", 400),
    (b"G\x01T / HTTP/1.1", 400),
    (b"GET /api/analytics-dashboard/health?" + b"a" * 140_000 + b" HTTP/1.1", 414),  # over nginx's buffers
    (b"GET /api/analytics-dashboard/health?" + b"a" * 40_000 + b" HTTP/1.1", 414),  # over the 8 KiB URI cap
    (b"GET /api/analytics-dashboard/" + b"p" * 40_000 + b" HTTP/1.1", 414),
    (b"GET /api/analytics-dashboard/health HTTP/9.9", 505),
])
def test_nginx_answers_a_bad_request_line_in_the_envelope(stack, request_line, status):
    # These fail before nginx has a URI: its error pages must still be the JSON envelope, never HTML.
    headers, parsed = raw_exchange(stack, request_line + b"\r\nHost: localhost", status)
    assert list(parsed) == ["server_time", "request_id", "data", "error"]
    assert parsed["error"]["code"] == "E_VALIDATION" and parsed["data"] is None
    assert headers["x-request-id"] == parsed["request_id"]


@pytest.mark.parametrize("request_head, status, code", [
    (b"TRACE /api/analytics-dashboard/health HTTP/1.1\r\nHost: localhost", 405, "E_METHOD_NOT_ALLOWED"),
    (b"POST /api/analytics-dashboard/custom HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: foo", 501,
     "E_VALIDATION"),
])
def test_nginx_own_405_and_501_are_in_the_envelope(stack, request_head, status, code):
    headers, parsed = raw_exchange(stack, request_head, status)
    assert parsed["error"]["code"] == code
    if status == 405:
        assert headers["allow"] == "GET, POST, PUT, DELETE"


def test_an_eight_kib_uri_still_reaches_the_responder(stack):
    # Just under the cap: the responder answers (400: the parameter is unknown), not nginx.
    query = "x=" + "a" * (8192 - len("/api/analytics-dashboard/health?x="))
    r = requests.get(stack.base + "/health?" + query)
    assert len(r.request.path_url) == 8192
    assert r.status_code == 400 and envelope(r)["error"]["details"][0]["field"] == "x"


def test_oversized_content_type_host_and_idempotency_key_are_client_errors(stack):
    from conftest import admin, bearer

    headers = bearer(admin("sizes-admin"))
    r = requests.post(stack.base + "/custom", data=b"{}", headers={
        **headers, "Content-Type": "application/json; x=" + "a" * 70_000})
    assert r.status_code == 415 and envelope(r)["error"]["code"] == "E_UNSUPPORTED_MEDIA_TYPE", r.text
    r = requests.get(stack.base + "/health", headers={"Host": "h" * 70_000})
    assert r.status_code == 200, r.text
    body = {"exportType": "dataset", "format": "csv", "dateRange": {"startDate": "2026-10-01", "endDate": "2026-10-02"}}
    for length in (257, 5000):
        r = requests.post(stack.base + "/export", json=body, headers={**headers, "Idempotency-Key": "k" * length})
        assert r.status_code == 400, (length, r.text)
        assert envelope(r)["error"]["details"][0]["field"] == "Idempotency-Key"
