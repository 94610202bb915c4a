"""GET /realtime against a hand-built fixture in the source tables, through nginx."""

import pytest
import requests

from conftest import admin, bearer, envelope

ADMIN = bearer(admin("realtime-admin"))

# Times are seconds before the moment of insertion; the request follows within a few seconds, and no event is
# within 25 s of a window bound, so the windows (now - 300, now] and (now - 600, now - 300] hold exactly:
#   current:  u1 session_start, page_view, booking_completed 100.00; u2 page_view x2; u3 error
#             -> 6 events, 3 page views, 3 active users, 1 converter, revenue 100.00
#   previous: u1 page_view, u2 page_view -> 2 events, 2 page views, 2 users, nobody converted
#   outside:  u3 page_view 700 s ago (in neither window)
#   requests: current 4 (statuses 200, 200, 500, 503 -> 50 %); previous 2 (200, 404 -> 0 %)
FIXTURE = """
DELETE FROM analytics_events; DELETE FROM analytics_requests; DELETE FROM analytics_users;
INSERT INTO analytics_users VALUES ('u1', now() - interval '30 days', 'premium'),
  ('u2', now() - interval '3 days', 'free'), ('u3', now() - interval '1 day', 'free');
INSERT INTO analytics_events (user_id, session_id, name, occurred_at, revenue, properties) VALUES
  ('u1', 's1', 'session_start', now() - interval '200 s', 0, '{}'),
  ('u1', 's1', 'page_view', now() - interval '190 s', 0, '{"page": "home"}'),
  ('u1', 's1', 'booking_completed', now() - interval '100 s', 100.00, '{}'),
  ('u2', 's2', 'page_view', now() - interval '150 s', 0, '{"page": "search"}'),
  ('u2', 's2', 'page_view', now() - interval '30 s', 0, '{"page": "trip"}'),
  ('u3', 's3', 'error', now() - interval '50 s', 0, '{}'),
  ('u1', 's0', 'page_view', now() - interval '400 s', 0, '{"page": "home"}'),
  ('u2', 's4', 'page_view', now() - interval '350 s', 0, '{"page": "home"}'),
  ('u3', 's5', 'page_view', now() - interval '700 s', 0, '{"page": "home"}');
INSERT INTO analytics_requests VALUES
  (now() - interval '100 s', '/a', 200, 5), (now() - interval '90 s', '/a', 200, 5),
  (now() - interval '80 s', '/a', 500, 5), (now() - interval '70 s', '/b', 503, 5),
  (now() - interval '400 s', '/a', 200, 5), (now() - interval '450 s', '/a', 404, 5);
"""


@pytest.fixture(scope="module")
def fixture(stack):
    stack.psql(FIXTURE)
    stack.settle()  # the responder counts its copy of the last two hours, reloaded every refresh
    yield
    stack.psql("DELETE FROM analytics_events; DELETE FROM analytics_requests; DELETE FROM analytics_users;")


def test_every_metric_matches_the_fixture(stack, fixture):
    r = requests.get(stack.base + "/realtime", params={"timeRange": "last_5_minutes", "refreshInterval": 5},
                     headers=ADMIN)
    assert r.status_code == 200, r.text
    data = envelope(r)["data"]
    assert data["timeRange"] == "last_5_minutes" and data["refreshInterval"] == 5
    m = data["metrics"]
    assert list(m) == ["active_users", "page_views", "events_per_second", "conversion_rate", "error_rate",
                       "revenue_per_minute"]
    assert (m["active_users"]["value"], m["active_users"]["previousValue"], m["active_users"]["changePercent"]) == (3, 2, 50)
    assert (m["page_views"]["value"], m["page_views"]["previousValue"], m["page_views"]["changePercent"]) == (3, 2, 50)
    # 6 events / 300 s = 0.02; previously 2 / 300 = 0.0067; +200 %.
    assert (m["events_per_second"]["value"], m["events_per_second"]["previousValue"]) == (0.02, 0.0067)
    assert m["events_per_second"]["changePercent"] == 200
    # 1 of 3 active users booked; nobody before, so no change percent.
    assert m["conversion_rate"]["value"] == 33.3333 and m["conversion_rate"]["previousValue"] == 0
    assert m["conversion_rate"]["changePercent"] is None
    assert (m["error_rate"]["value"], m["error_rate"]["previousValue"], m["error_rate"]["changePercent"]) == (50, 0, None)
    # 100.00 over 5 minutes.
    assert (m["revenue_per_minute"]["value"], m["revenue_per_minute"]["previousValue"]) == (20, 0)
    for name, metric in m.items():
        assert len(metric["series"]) == 6, name  # a 5-minute window touches 6 calendar minutes
        assert all(point["minute"].endswith(":00.000+00:00") for point in metric["series"]), name
    assert sum(p["value"] for p in m["page_views"]["series"]) == 3
    assert sum(p["value"] for p in m["revenue_per_minute"]["series"]) == 100
    assert max(p["value"] for p in m["active_users"]["series"]) <= 3


def test_only_the_requested_metrics(stack, fixture):
    r = requests.get(stack.base + "/realtime?metrics=error_rate,page_views&timeRange=last_hour", headers=ADMIN)
    assert r.status_code == 200
    m = envelope(r)["data"]["metrics"]
    assert list(m) == ["page_views", "error_rate"]
    # The hour holds both 5-minute windows and the event 700 s ago: 6 page views; 6 requests, 2 failed.
    assert m["page_views"]["value"] == 6
    assert m["error_rate"]["value"] == 33.3333
    assert len(m["page_views"]["series"]) == 61


def test_results_are_cached_then_refreshed(stack, fixture):
    url = stack.base + "/realtime?metrics=active_users&timeRange=last_15_minutes&refreshInterval=5"
    first = envelope(requests.get(url, headers=ADMIN))["data"]
    second = envelope(requests.get(url, headers=ADMIN))["data"]
    assert second["generatedAt"] == first["generatedAt"]
    assert first["metrics"]["active_users"]["value"] == 3


@pytest.mark.parametrize("query,field", [
    ("metrics=visits", "metrics"), ("metrics=page_views&metrics=page_views", "metrics"),
    ("timeRange=last_day", "timeRange"), ("refreshInterval=4", "refreshInterval"),
    ("refreshInterval=301", "refreshInterval"), ("refreshInterval=abc", "refreshInterval"), ("since=1", "since"),
])
def test_parameter_rules(stack, query, field):
    r = requests.get(stack.base + "/realtime?" + query, headers=ADMIN)
    assert r.status_code == 400
    assert [d["field"] for d in envelope(r)["error"]["details"]] == [field]


def test_needs_a_token(stack):
    assert requests.get(stack.base + "/realtime").status_code == 401
