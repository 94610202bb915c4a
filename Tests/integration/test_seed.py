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


def test_the_wide_shape_is_deterministic_and_writes_late_and_absurd_rows_last(stack, empty_tables):
    assert seed(stack).returncode == 0
    standard = stack.psql_value(CHECKSUM)
    first = seed(stack, "--shape", "wide", "--replace")
    assert first.returncode == 0, first.stderr
    assert "late events" in first.stdout
    wide = stack.psql_value(CHECKSUM)
    assert wide != standard
    assert seed(stack, "--shape", "wide", "--replace").returncode == 0
    assert stack.psql_value(CHECKSUM) == wide
    absurd = stack.psql_value("SELECT string_agg(to_char(occurred_at, 'YYYY-MM-DD'), ',' ORDER BY occurred_at) "
                              "FROM analytics_events WHERE occurred_at NOT BETWEEN '2026-11-01' AND '2026-11-21'")
    assert absurd.split(",") == ["1990-03-15"] * 3 + ["2026-11-30"] * 3 + ["200000-06-01"] * 3
    # About 2% of the rows occurred more than two hours before a row written before them (a late arrival).
    late, total = (int(x) for x in stack.psql_value(
        "SELECT count(*) FILTER (WHERE occurred_at < before - interval '2 hours'), count(*) FROM ("
        " SELECT occurred_at, max(occurred_at) OVER (ORDER BY ctid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
        " AS before FROM analytics_events) r").split("|"))
    assert 0.01 < late / total < 0.035, (late, total)  # 2% of some 1,400 events, give or take 4 sigma


def test_append_older_adds_events_through_the_change_log_triggers(stack, empty_tables):
    refused = seed(stack, "--append-older", "1000")
    assert refused.returncode != 0 and "seed the data first" in refused.stderr
    assert seed(stack, "--shape", "wide").returncode == 0
    before = int(stack.psql_value("SELECT count(*) FROM analytics_events"))
    appended = seed(stack, "--shape", "wide", "--append-older", "20000", "--older-days-from", "800",
                    "--older-days-to", "809")
    assert appended.returncode == 0, appended.stderr
    added = int(stack.psql_value("SELECT count(*) FROM analytics_events")) - before
    assert 20000 <= added < 20400
    assert stack.psql_value(
        "SELECT min(occurred_at) >= timestamptz '2026-11-20T12:00:00Z' - interval '810 days' AND "
        "max(occurred_at) < timestamptz '2026-11-20T12:00:00Z' - interval '799 days' "
        "FROM analytics_events WHERE occurred_at BETWEEN '2000-01-01' AND '2026-01-01'") == "t"
    # The triggers logged the ten days, and the rollup pass drained them without rolling them up: they are older
    # than the analytics window (contract section 14).
    logged = "SELECT count(*) FROM analytics_change_log WHERE day BETWEEN 20777 - 810 AND 20777 - 799"
    assert stack.wait_for(lambda: stack.psql_value(logged) == "0", 30)
    assert stack.psql_value("SELECT count(*) FROM rollup_days WHERE day BETWEEN 20777 - 810 AND 20777 - 799") == "0"
    assert int(stack.psql_value("SELECT count(*) FROM pg_indexes WHERE tablename = 'analytics_events'")) == 2
    assert seed(stack, "--append-older", "10", "--replace").returncode != 0
