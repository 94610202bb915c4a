"""The integration suite's stack: real PostgreSQL, report-fcgi and nginx on ports of their own.

Started once per session through scripts/stack.sh with its own run directory, so it never touches
the stack of `make run`; stopped at the end. Tests talk HTTP to nginx only.
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import socket
import subprocess
import time
import uuid

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_DIR = os.path.join(ROOT, ".run-test")
HTTP_PORT = int(os.environ.get("REPORT_TEST_HTTP_PORT", "18080"))
PG_PORT = int(os.environ.get("REPORT_TEST_PG_PORT", "54339"))
SECRET = "integration-secret-" + "x" * 32


class Stack:
    def __init__(self):
        self.env = dict(os.environ)
        self.env.update(
            REPORT_RUN_DIR=RUN_DIR,
            REPORT_HTTP_PORT=str(HTTP_PORT),
            REPORT_PG_PORT=str(PG_PORT),
            REPORT_RATE_LIMIT="0",
            REPORT_THREADS="4",
            REPORT_JWT_SECRET=SECRET,
            REPORT_FASTCGI_TIMEOUT="3s",
            REPORT_SEED_USERS="0",
            REPORT_REFRESH_INTERVAL="0.2",
            REPORT_EXPORT_POLL_INTERVAL="0.2",
            REPORT_EXPORT_STALE_SECONDS="3",
            REPORT_EXPORT_CLEANUP_INTERVAL="1",
        )
        self.base = f"http://127.0.0.1:{HTTP_PORT}/api/analytics-dashboard"
        self.root = f"http://127.0.0.1:{HTTP_PORT}"
        self.binary = os.path.join(ROOT, ".build", "release", "report-fcgi")
        self.socket = os.path.join(RUN_DIR, "report-fcgi.sock")
        self.export_dir = os.path.join(RUN_DIR, "exports")
        self.database_url = f"postgresql://report@127.0.0.1:{PG_PORT}/report"

    def script(self, *args, **overrides):
        env = dict(self.env)
        env.update(overrides)
        subprocess.run([os.path.join(ROOT, "scripts", "stack.sh"), *args], env=env, check=True, cwd=ROOT)

    def app_pid(self):
        """The running responder's pid (the supervisor rewrites the file on each restart); None while there is none."""
        try:
            with open(os.path.join(RUN_DIR, "report-fcgi.pid")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def nginx_error_log(self):
        with open(os.path.join(RUN_DIR, "nginx", "error.log"), errors="replace") as f:
            return f.read()

    def wait_for(self, predicate, timeout=20.0, interval=0.1):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(interval)
        return False

    def psql(self, sql):
        """Runs SQL (several statements allowed) against the stack's database, stopping at the first error."""
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", self.database_url, "-c", sql], check=True,
                       capture_output=True)

    def psql_value(self, sql):
        out = subprocess.run(["psql", "-qAtX", self.database_url, "-c", sql], check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def settle(self, timeout=60.0):
        """Waits until everything committed so far is in the rollups and in the responder's in-memory model: the
        change log drained (but for days more than a day ahead, which wait there until their time), then a
        /user-insights answer whose dataAsOf is later than that moment."""
        pending = ("SELECT count(*) FROM analytics_change_log"
                   " WHERE day <= floor(extract(epoch FROM now()) / 86400)::int4 + 1")
        assert self.wait_for(lambda: self.psql_value(pending) == "0", timeout)
        drained = datetime.datetime.now(datetime.timezone.utc)
        headers = bearer(admin("settle"))
        params = {"startDate": "2026-01-01", "endDate": "2026-01-02", "insightType": "conversion_funnel"}

        def fresh():
            r = requests.get(self.base + "/user-insights", params=params, headers=headers)
            if r.status_code != 200:
                return False
            as_of = r.json()["data"]["metadata"]["dataAsOf"]
            return datetime.datetime.fromisoformat(as_of.replace("Z", "+00:00")) > drained

        assert self.wait_for(fresh, timeout)

    def token(self, sub="admin-1", role="admin", permissions=("analytics:dashboard",), ttl=None):
        args = [self.binary, "token", "--sub", sub, "--role", role]
        for permission in permissions:
            args += ["--permission", permission]
        if ttl is not None:
            args += ["--ttl", str(ttl)]
        out = subprocess.run(args, env=self.env, check=True, capture_output=True, text=True)
        return out.stdout.strip()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint(claims, secret=SECRET, header=None):
    """An HS256 token made with Python's hmac, independently of the service's own signer."""
    header = header or {"alg": "HS256", "typ": "JWT"}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


def admin(sub, role="admin", permissions=("analytics:dashboard",), ttl=3600):
    now = int(time.time())
    return mint({"sub": sub, "role": role, "permissions": list(permissions), "iat": now, "exp": now + ttl})


def bearer(token):
    return {"Authorization": "Bearer " + token}


@pytest.fixture(scope="session")
def stack():
    s = Stack()
    s.script("down")
    s.script("up")
    yield s
    s.script("down")


def envelope(response):
    """Checks the contract's envelope and returns it parsed."""
    assert response.headers["Content-Type"] == "application/json; charset=utf-8", response.headers
    body = response.json()
    assert list(body.keys()) == ["server_time", "request_id", "data", "error"], body
    assert response.headers.get("X-Request-Id") == body["request_id"], (response.headers, body)
    assert body["request_id"], body
    if body["error"] is None:
        assert body["data"] is not None
    else:
        assert body["data"] is None
        assert body["error"]["code"].startswith("E_")
    return body
