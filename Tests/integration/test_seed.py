"""report-fcgi seed: deterministic synthetic data written with COPY, refused over existing data."""
import subprocess

import pytest

CHECKSUM = """
SELECT (SELECT count(*) FROM analytics_users), (SELECT count(*) FROM analytics_events),
       (SELECT count(*) FROM analytics_requests),
       (SELECT md5(string_agg(user_id || plan || signed_up_at::text, ',' ORDER BY user_id)) FROM analytics_users),
       (SELECT md5(string_agg(user_id || session_id || name || occurred_at::text || revenue::text || properties::text,
                              ',' ORDER BY user_id, occurred_at, name)) FROM analytics_events)
"""


def seed(stack, *extra):
    env = dict(stack.env, REPORT_DATABASE_URL=stack.database_url)
    return subprocess.run([stack.binary, "seed", "--users", "200", "--days", "14", "--seed", "7",
                           "--now", "2026-11-20T12:00:00Z", *extra], env=env, capture_output=True, text=True)


@pytest.fixture
def empty_tables(stack):
    stack.psql("TRUNCATE analytics_users, analytics_events, analytics_requests")
    yield
    stack.psql("TRUNCATE analytics_users, analytics_events, analytics_requests")


def test_same_arguments_give_the_same_rows(stack, empty_tables):
    first = seed(stack)
    assert first.returncode == 0, first.stderr
    assert "seed: 100% of 15 days" in first.stdout  # 14 days back from --now touch 15 calendar days
    snapshot = stack.psql_value(CHECKSUM)
    users, events, requests = (int(x) for x in snapshot.split("|")[:3])
    assert users == 200 and events > 1000 and requests > 1000
    again = seed(stack, "--replace")
    assert again.returncode == 0, again.stderr
    assert stack.psql_value(CHECKSUM) == snapshot


def test_the_funnel_narrows_and_time_ends_at_now(stack, empty_tables):
    assert seed(stack).returncode == 0
    counts = dict(line.split("|") for line in stack.psql_value(
        "SELECT name, count(DISTINCT user_id) FROM analytics_events GROUP BY name").splitlines())
    steps = [int(counts[s]) for s in ("session_start", "search", "trip_view", "booking_started", "booking_completed")]
    assert steps == sorted(steps, reverse=True) and steps[-1] > 0, steps
    assert stack.psql_value("SELECT max(occurred_at) <= '2026-11-20T12:00:00Z' FROM analytics_events") == "t"
    assert stack.psql_value("SELECT bool_and(revenue > 0) FROM analytics_events WHERE name = 'booking_completed'") == "t"
    assert stack.psql_value("SELECT count(*) FROM analytics_events e LEFT JOIN analytics_users u USING (user_id) "
                       "WHERE u.user_id IS NULL OR e.occurred_at < u.signed_up_at") == "0"
    # The indexes dropped for the load are back.
    assert int(stack.psql_value("SELECT count(*) FROM pg_indexes WHERE tablename = 'analytics_events'")) == 2


def test_existing_data_is_not_overwritten_without_replace(stack, empty_tables):
    assert seed(stack).returncode == 0
    before = stack.psql_value(CHECKSUM)
    refused = seed(stack)
    assert refused.returncode != 0
    assert "--replace" in refused.stderr
    assert stack.psql_value(CHECKSUM) == before
