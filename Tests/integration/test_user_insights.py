"""GET /user-insights against a hand-built fixture whose every number is worked out below."""

import pytest
import requests

from conftest import admin, bearer, envelope

ADMIN = bearer(admin("insights-admin"))
RANGE = {"startDate": "2026-11-02", "endDate": "2026-11-09"}  # Monday to Monday, 7 UTC days, end excluded

# Users: a premium (signed up 10-01), b free (11-03, inside the range), c free (10-15), d free (11-20, after the
# range), e premium (10-01, active only on 10-20, before the range).
# Sessions (events 10 s apart unless said):
#   a1 11-02 10:00  session_start, page_view home, search, trip_view, booking_started, booking_completed 200.00,
#                   page_view confirmation                                  -> 7 events, Monday, hour 10
#   a2 11-04 15:00  session_start, feature_used saved_search (+5 s), page_view search (+10 s)
#                                                                            -> 3 events, Wednesday, hour 15
#   b1 11-03 20:00  session_start, page_view home, search, trip_view, page_view trip
#                                                                            -> 5 events, Tuesday, hour 20
#   b2 11-08 23:59:59  session_start                                        -> 1 event, Sunday, hour 23
#   c1 11-02 00:00:00 (exactly the start, counted)  session_start, page_view home (+5 s),
#                   feature_used saved_search (+10 s), feature_used price_alert (+15 s) -> 4 events, Monday, hour 0
#   c2 11-09 00:00:00 (exactly the end, not counted)  session_start
#   d1 11-20        session_start (after the range)
#   e1 10-20 10:00  session_start, page_view home (before the range; e counts in MAU only)
# So, for segment all: 20 events, 3 active users (a, b, c), 5 sessions.
FIXTURE = """
TRUNCATE analytics_users, analytics_events, analytics_requests;
INSERT INTO analytics_users VALUES
  ('a', '2026-10-01T00:00:00Z', 'premium'), ('b', '2026-11-03T12:00:00Z', 'free'),
  ('c', '2026-10-15T00:00:00Z', 'free'), ('d', '2026-11-20T00:00:00Z', 'free'),
  ('e', '2026-10-01T00:00:00Z', 'premium');
INSERT INTO analytics_events (user_id, session_id, name, occurred_at, revenue, properties) VALUES
  ('a', 'a1', 'session_start', '2026-11-02T10:00:00Z', 0, '{}'),
  ('a', 'a1', 'page_view', '2026-11-02T10:00:10Z', 0, '{"page": "home"}'),
  ('a', 'a1', 'search', '2026-11-02T10:00:20Z', 0, '{}'),
  ('a', 'a1', 'trip_view', '2026-11-02T10:00:30Z', 0, '{}'),
  ('a', 'a1', 'booking_started', '2026-11-02T10:00:40Z', 0, '{}'),
  ('a', 'a1', 'booking_completed', '2026-11-02T10:00:50Z', 200.00, '{}'),
  ('a', 'a1', 'page_view', '2026-11-02T10:01:00Z', 0, '{"page": "confirmation"}'),
  ('a', 'a2', 'session_start', '2026-11-04T15:00:00Z', 0, '{}'),
  ('a', 'a2', 'feature_used', '2026-11-04T15:00:05Z', 0, '{"feature": "saved_search"}'),
  ('a', 'a2', 'page_view', '2026-11-04T15:00:10Z', 0, '{"page": "search"}'),
  ('b', 'b1', 'session_start', '2026-11-03T20:00:00Z', 0, '{}'),
  ('b', 'b1', 'page_view', '2026-11-03T20:00:10Z', 0, '{"page": "home"}'),
  ('b', 'b1', 'search', '2026-11-03T20:00:20Z', 0, '{}'),
  ('b', 'b1', 'trip_view', '2026-11-03T20:00:30Z', 0, '{}'),
  ('b', 'b1', 'page_view', '2026-11-03T20:00:40Z', 0, '{"page": "trip"}'),
  ('b', 'b2', 'session_start', '2026-11-08T23:59:59Z', 0, '{}'),
  ('c', 'c1', 'session_start', '2026-11-02T00:00:00Z', 0, '{}'),
  ('c', 'c1', 'page_view', '2026-11-02T00:00:05Z', 0, '{"page": "home"}'),
  ('c', 'c1', 'feature_used', '2026-11-02T00:00:10Z', 0, '{"feature": "saved_search"}'),
  ('c', 'c1', 'feature_used', '2026-11-02T00:00:15Z', 0, '{"feature": "price_alert"}'),
  ('c', 'c2', 'session_start', '2026-11-09T00:00:00Z', 0, '{}'),
  ('d', 'd1', 'session_start', '2026-11-20T09:00:00Z', 0, '{}'),
  ('e', 'e1', 'session_start', '2026-10-20T10:00:00Z', 0, '{}'),
  ('e', 'e1', 'page_view', '2026-10-20T10:00:10Z', 0, '{"page": "home"}');
"""


@pytest.fixture(scope="module")
def fixture(stack):
    stack.psql(FIXTURE)
    stack.settle()
    yield
    stack.psql("TRUNCATE analytics_users, analytics_events, analytics_requests")
    stack.settle()


def insights(stack, **params):
    r = requests.get(stack.base + "/user-insights", params={**RANGE, **params}, headers=ADMIN)
    assert r.status_code == 200, r.text
    data = envelope(r)["data"]
    return {i["insightType"]: i for i in data["insights"]}, data["metadata"]


def test_engagement_patterns(stack, fixture):
    got, meta = insights(stack, insightType="engagement_patterns")
    assert list(got) == ["engagement_patterns"]
    e = got["engagement_patterns"]
    assert e["title"] and e["description"] and 0 < e["confidence"] < 100  # 3 users: thin data
    d = e["data"]
    # Active users per day 11-02..11-08: 2 (a, c), 1 (b), 1 (a), 0, 0, 0, 1 (b): 5 / 7 days.
    assert d["dau"] == 0.7143
    assert d["wau"] == 3  # a, b, c in the 7 days ending at 11-09
    assert d["mau"] == 4  # and e on 10-20
    assert d["stickiness"] == 17.8571  # 0.714286 / 4
    assert d["eventsPerActiveUser"] == 6.6667  # 20 / 3
    by_hour = {h["hour"]: h["events"] for h in d["byHour"]}
    assert len(d["byHour"]) == 24 and by_hour == {**{h: 0 for h in range(24)}, 0: 4, 10: 7, 15: 3, 20: 5, 23: 1}
    assert [w["events"] for w in d["byWeekday"]] == [11, 5, 3, 0, 0, 0, 1]
    assert [w["weekday"] for w in d["byWeekday"]] == [1, 2, 3, 4, 5, 6, 7]
    assert meta["usersConsidered"] == 3 and meta["eventsConsidered"] == 20 and meta["segment"] == "all"


def test_conversion_funnel_and_drop_off(stack, fixture):
    got, _ = insights(stack)
    assert list(got) == ["engagement_patterns", "conversion_funnel", "drop_off_points", "feature_adoption",
                         "user_journeys"]
    steps = got["conversion_funnel"]["data"]["steps"]
    assert [(s["step"], s["users"]) for s in steps] == [
        ("visit", 3), ("search", 2), ("trip_view", 2), ("booking_started", 1), ("booking_completed", 1)]
    assert [s["conversionPercent"] for s in steps] == [100, 66.6667, 66.6667, 33.3333, 33.3333]
    assert [s["stepConversionPercent"] for s in steps] == [100, 66.6667, 100, 50, 100]
    drop = got["drop_off_points"]["data"]
    assert [(s["from"], s["to"], s["usersLost"], s["dropOffPercent"]) for s in drop["steps"]] == [
        ("visit", "search", 1, 33.3333), ("trip_view", "booking_started", 1, 50),
        ("search", "trip_view", 0, 0), ("booking_started", "booking_completed", 0, 0)]
    # Last page view of each session: a1 confirmation, a2 search, b1 trip, c1 home (b2 has none).
    assert drop["exitPages"] == [{"page": p, "sessions": 1} for p in ["confirmation", "home", "search", "trip"]]


def test_feature_adoption(stack, fixture):
    got, _ = insights(stack, insightType="feature_adoption")
    features = got["feature_adoption"]["data"]["features"]
    # saved_search: a (first use 11-04 15:00:05, 34.6251 days after signup) and c (11-02 00:00:10, 18.0001 days):
    # median 26.3126. price_alert: c, 18.0002 days.
    assert features == [
        {"feature": "saved_search", "users": 2, "percent": 66.6667, "medianDaysToFirstUse": 26.3126},
        {"feature": "price_alert", "users": 1, "percent": 33.3333, "medianDaysToFirstUse": 18.0002},
    ]


def test_user_journeys_limit_caps_the_list(stack, fixture):
    got, _ = insights(stack, insightType="user_journeys", limit=2)
    paths = got["user_journeys"]["data"]["paths"]
    assert paths == [
        {"path": ["session_start"], "sessions": 1, "share": 20},
        {"path": ["session_start", "feature_used", "page_view"], "sessions": 1, "share": 20},
    ]
    full, _ = insights(stack, insightType="user_journeys")
    a1 = ["session_start", "page_view", "search", "trip_view", "booking_started", "booking_completed", "page_view"]
    assert a1 in [p["path"] for p in full["user_journeys"]["data"]["paths"]]
    assert len(full["user_journeys"]["data"]["paths"]) == 5


def test_segments(stack, fixture):
    funnel = lambda seg, **kw: [s["users"] for s in insights(stack, segment=seg, insightType="conversion_funnel",
                                                               **kw)[0]["conversion_funnel"]["data"]["steps"]]
    assert funnel("new") == [1, 1, 1, 0, 0]  # b signed up inside the range
    assert funnel("returning") == [2, 1, 1, 1, 1]  # a and c
    assert funnel("premium") == [1, 1, 1, 1, 1]  # a (e was not active in the range)
    assert funnel("free") == [2, 1, 1, 0, 0]  # b and c (d signed up after the range)
    assert funnel("active") == [3, 2, 2, 1, 1]
    assert funnel("inactive") == [0, 0, 0, 0, 0]  # e: nothing of theirs happened in the range
    # A segment with nobody: nobody signed up between 11-05 and 11-07.
    empty, meta = insights(stack, segment="new", startDate="2026-11-05", endDate="2026-11-07")
    assert meta["usersConsidered"] == 0 and empty["engagement_patterns"]["confidence"] == 0
    assert empty["engagement_patterns"]["data"]["dau"] == 0


def test_empty_range(stack, fixture):
    got, meta = insights(stack, startDate="2026-11-05T00:00:00Z", endDate="2026-11-08T00:00:00+00:00")
    assert meta["eventsConsidered"] == 0
    assert got["engagement_patterns"]["data"]["dau"] == 0
    # The 7 days ending at 11-08 reach back to 11-01: a, b and c were active then, though not in the range.
    assert got["engagement_patterns"]["data"]["wau"] == 3
    assert [s["users"] for s in got["conversion_funnel"]["data"]["steps"]] == [0, 0, 0, 0, 0]
    assert got["user_journeys"]["data"]["paths"] == []


@pytest.mark.parametrize("params,fields", [
    ({}, ["startDate", "endDate"]),
    ({"startDate": "2026-02-30", "endDate": "2026-03-01"}, ["startDate"]),
    ({"startDate": "2026-13-01", "endDate": "2026-03-01"}, ["startDate"]),
    ({"startDate": "2026-03-02", "endDate": "2026-03-01"}, ["endDate"]),
    ({"startDate": "2024-01-01", "endDate": "2026-01-02"}, ["endDate"]),
    ({"startDate": "2026-01-01", "endDate": "2099-01-01"}, ["endDate"]),
    ({**RANGE, "segment": "vip"}, ["segment"]),
    ({**RANGE, "insightType": "churn"}, ["insightType"]),
    ({**RANGE, "limit": "0"}, ["limit"]),
    ({**RANGE, "limit": "101"}, ["limit"]),
    ({**RANGE, "limit": "1.5"}, ["limit"]),
    ({**RANGE, "extra": "1"}, ["extra"]),
    ({"startDate": "2026-11-02", "endDate": "nope", "segment": "x", "limit": "101"}, ["endDate", "segment", "limit"]),
])
def test_parameter_rules(stack, params, fields):
    r = requests.get(stack.base + "/user-insights", params=params, headers=ADMIN)
    assert r.status_code == 400
    assert [d["field"] for d in envelope(r)["error"]["details"]] == fields


def test_repeated_parameter_and_limit_edges(stack, fixture):
    r = requests.get(stack.base + "/user-insights?startDate=2026-11-02&startDate=2026-11-03&endDate=2026-11-09",
                     headers=ADMIN)
    assert r.status_code == 400
    assert [d["field"] for d in envelope(r)["error"]["details"]] == ["startDate"]
    for limit in ("1", "100"):
        assert requests.get(stack.base + "/user-insights", params={**RANGE, "limit": limit},
                            headers=ADMIN).status_code == 200


def test_bounds_inside_hours(stack, fixture):
    # 11-02 10:00:30 to 11-04 15:00:07: the rollups hold whole hours, the two partial hours come from the source
    # table. In: a1 from trip_view (10:00:30, on the bound) to page_view confirmation (4 events), all of b1 (5),
    # a2's session_start and feature_used (15:00:00, 15:00:05; its page_view at 15:00:10 is out). 11 events, a and b.
    got, meta = insights(stack, startDate="2026-11-02T10:00:30Z", endDate="2026-11-04T15:00:07Z")
    assert meta["eventsConsidered"] == 11 and meta["usersConsidered"] == 2
    # visit: a (page_view 10:01), b; search: b only (a's was at 10:00:20); trip_view: a, b; booking: a.
    assert [s["users"] for s in got["conversion_funnel"]["data"]["steps"]] == [2, 1, 2, 1, 1]
    assert got["feature_adoption"]["data"]["features"] == [
        {"feature": "saved_search", "users": 1, "percent": 50, "medianDaysToFirstUse": 34.6251}]
    # Sessions are counted by their first event: b1 and a2 started inside, a1 (10:00:00) did not.
    assert sum(p["sessions"] for p in got["user_journeys"]["data"]["paths"]) == 2
    by_hour = {h["hour"]: h["events"] for h in got["engagement_patterns"]["data"]["byHour"]}
    assert by_hour[10] == 4 and by_hour[15] == 2 and by_hour[20] == 5


def test_inserts_updates_and_deletes_show_up(stack, fixture):
    def events():
        return insights(stack, insightType="conversion_funnel")[1]["eventsConsidered"]

    stack.psql("INSERT INTO analytics_events (user_id, session_id, name, occurred_at) "
         "VALUES ('c', 'c9', 'search', '2026-11-05T12:00:00Z')")
    stack.settle()
    assert events() == 21
    stack.psql("UPDATE analytics_events SET occurred_at = '2026-11-10T12:00:00Z' WHERE session_id = 'c9'")
    stack.settle()
    assert events() == 20
    stack.psql("UPDATE analytics_events SET occurred_at = '2026-11-06T12:00:00Z' WHERE session_id = 'c9'")
    stack.settle()
    assert events() == 21
    stack.psql("DELETE FROM analytics_events WHERE session_id = 'c9'")
    stack.settle()
    assert events() == 20
