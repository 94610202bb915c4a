"""GET /cohort-analysis and GET /predictive against hand-built fixtures whose numbers are worked out below."""

import pytest
import requests

from conftest import admin, bearer, envelope

ADMIN = bearer(admin("cohort-admin"))
# 2026-09-28 is a Monday; the range ends mid-day on Thursday 10-22, so the last periods are not over.
RANGE = {"startDate": "2026-09-28", "endDate": "2026-10-22T12:00:00Z"}

# Users: u1 premium 09-28 (Mon), u2 free 09-30 (Wed), u3 free 10-01 (Thu: same ISO week as u1 and u2, but October),
# u4 premium 10-06 (Tue), u5 free 10-20 (no events at all).
# Events:
#   u1 09-28 session_start, booking_completed 100.00 | 10-06 feature_used | 10-20 page_view
#   u2 09-30 session_start | 10-07 session_start, booking_completed 50.00
#   u3 10-01 feature_used | 10-14 session_start
#   u4 10-06 session_start | 10-13 page_view | 10-22 13:00 session_start (after the range's end: not counted)
# Weekly cohorts: 09-28 {u1, u2, u3}, 10-05 {u4}, 10-19 {u5}; weeks 09-28, 10-05, 10-12 are over by the end,
# 10-19 is not; 10-26 has not begun (absent).
#   09-28 cohort, k = 0..3: active 3, 2, 1, 1; events 4, 3, 1, 1; revenue 100, 50, 0, 0; feature users 1, 1, 0, 0
#   10-05 cohort, k = 0..2: active 1, 1, 0; events 1, 1, 0
#   10-19 cohort, k = 0:    active 0
# Monthly cohorts: September {u1, u2}: k=0 active 2 (3 events, 100.00), k=1 (October, not over) active 2 (4 events,
# 50.00, 1 feature user); October {u3, u4, u5}: k=0 active 2 of 3 (4 events, 1 feature user).
FIXTURE = """
TRUNCATE analytics_users, analytics_events, analytics_requests;
INSERT INTO analytics_users VALUES
  ('u1', '2026-09-28T10:00:00Z', 'premium'), ('u2', '2026-09-30T12:00:00Z', 'free'),
  ('u3', '2026-10-01T08:00:00Z', 'free'), ('u4', '2026-10-06T09:00:00Z', 'premium'),
  ('u5', '2026-10-20T09:00:00Z', 'free');
INSERT INTO analytics_events (user_id, session_id, name, occurred_at, revenue, properties) VALUES
  ('u1', 's1', 'session_start', '2026-09-28T10:05:00Z', 0, '{}'),
  ('u1', 's1', 'booking_completed', '2026-09-28T10:06:00Z', 100.00, '{}'),
  ('u1', 's2', 'feature_used', '2026-10-06T11:00:00Z', 0, '{"feature": "alerts"}'),
  ('u1', 's3', 'page_view', '2026-10-20T09:00:00Z', 0, '{"page": "home"}'),
  ('u2', 's4', 'session_start', '2026-09-30T12:10:00Z', 0, '{}'),
  ('u2', 's5', 'session_start', '2026-10-07T13:00:00Z', 0, '{}'),
  ('u2', 's5', 'booking_completed', '2026-10-07T13:01:00Z', 50.00, '{}'),
  ('u3', 's6', 'feature_used', '2026-10-01T08:30:00Z', 0, '{"feature": "alerts"}'),
  ('u3', 's7', 'session_start', '2026-10-14T10:00:00Z', 0, '{}'),
  ('u4', 's8', 'session_start', '2026-10-06T09:30:00Z', 0, '{}'),
  ('u4', 's9', 'page_view', '2026-10-13T10:00:00Z', 0, '{"page": "home"}'),
  ('u4', 's10', 'session_start', '2026-10-22T13:00:00Z', 0, '{}');
"""



@pytest.fixture(scope="module")
def cohort_fixture(stack):
    stack.psql(FIXTURE)
    stack.settle()
    yield
    stack.psql("TRUNCATE analytics_users, analytics_events, analytics_requests")
    stack.settle()


def cohorts(stack, **params):
    r = requests.get(stack.base + "/cohort-analysis", params={**RANGE, **params}, headers=ADMIN)
    assert r.status_code == 200, r.text
    return envelope(r)["data"]


def table(data):
    return [(c["period"], c["size"], [(x["period"], x["value"], x["count"], x["isComplete"]) for x in c["retention"]])
            for c in data["cohorts"]]


def test_weekly_retention(stack, cohort_fixture):
    data = cohorts(stack, cohortPeriod="weekly", analysisMetric="retention_rate")
    assert data["buckets"]["timeZone"] == "UTC" and data["buckets"]["weekStartsOn"] == "monday"
    assert table(data) == [
        ("2026-09-28", 3, [(0, 100, 3, True), (1, 66.6667, 2, True), (2, 33.3333, 1, True), (3, 33.3333, 1, False)]),
        ("2026-10-05", 1, [(0, 100, 1, True), (1, 100, 1, True), (2, 0, 0, False)]),
        ("2026-10-19", 1, [(0, 0, 0, False)]),
    ]
    # Size-weighted mean per period: k=0 (3*100 + 1*100 + 1*0) / 5 = 80; k=1 (3*66.6667 + 1*100) / 4 = 75;
    # k=2 (3*33.3333 + 0) / 4 = 25; k=3 33.3333 (one cohort).
    assert [(s["period"], s["value"], s["cohorts"], s["users"]) for s in data["summary"]] == [
        (0, 80, 3, 5), (1, 75, 2, 4), (2, 25, 2, 4), (3, 33.3333, 1, 3)]


def test_weekly_revenue_engagement_feature_usage(stack, cohort_fixture):
    values = lambda metric: [[x["value"] for x in c["retention"]] for c in
                             cohorts(stack, cohortPeriod="weekly", analysisMetric=metric)["cohorts"]]
    assert values("revenue") == [[100, 50, 0, 0], [0, 0, 0], [0]]
    assert values("engagement") == [[1.3333, 1, 0.3333, 0.3333], [1, 1, 0], [0]]
    assert values("feature_usage") == [[33.3333, 33.3333, 0, 0], [0, 0, 0], [0]]


def test_monthly(stack, cohort_fixture):
    data = cohorts(stack, cohortPeriod="monthly", analysisMetric="retention_rate")
    assert table(data) == [
        ("2026-09-01", 2, [(0, 100, 2, True), (1, 100, 2, False)]),
        ("2026-10-01", 3, [(0, 66.6667, 2, False)]),
    ]
    revenue = cohorts(stack, cohortPeriod="monthly", analysisMetric="revenue")
    assert [[x["value"] for x in c["retention"]] for c in revenue["cohorts"]] == [[100, 50], [0]]
    engagement = cohorts(stack, cohortPeriod="monthly", analysisMetric="engagement")
    assert [[x["value"] for x in c["retention"]] for c in engagement["cohorts"]] == [[1.5, 2], [1.3333]]
    features = cohorts(stack, cohortPeriod="monthly", analysisMetric="feature_usage")
    assert [[x["value"] for x in c["retention"]] for c in features["cohorts"]] == [[0, 50], [33.3333]]


def test_daily_and_segments(stack, cohort_fixture):
    data = cohorts(stack, cohortPeriod="daily", analysisMetric="retention_rate")
    assert [(c["period"], c["size"]) for c in data["cohorts"]] == [
        ("2026-09-28", 1), ("2026-09-30", 1), ("2026-10-01", 1), ("2026-10-06", 1), ("2026-10-20", 1)]
    u1 = data["cohorts"][0]["retention"]
    # 09-28 .. 10-22: 25 days have begun; the last (10-22) is not over. u1 was active on k = 0, 8 and 22.
    assert len(u1) == 25 and u1[-1]["isComplete"] is False and u1[-2]["isComplete"] is True
    assert [x["period"] for x in u1 if x["count"] == 1] == [0, 8, 22]
    premium = cohorts(stack, cohortPeriod="weekly", analysisMetric="retention_rate", segment="premium")
    assert [(c["period"], c["size"]) for c in premium["cohorts"]] == [("2026-09-28", 1), ("2026-10-05", 1)]
    inactive = cohorts(stack, cohortPeriod="weekly", analysisMetric="retention_rate", segment="inactive")
    assert [(c["period"], c["size"]) for c in inactive["cohorts"]] == [("2026-10-19", 1)]
    assert cohorts(stack, cohortPeriod="weekly", analysisMetric="retention_rate", segment="returning")["cohorts"] == []


@pytest.mark.parametrize("params,fields", [
    ({}, ["startDate", "endDate", "cohortPeriod", "analysisMetric"]),
    ({**RANGE, "cohortPeriod": "hourly", "analysisMetric": "retention_rate"}, ["cohortPeriod"]),
    ({**RANGE, "cohortPeriod": "weekly", "analysisMetric": "ltv"}, ["analysisMetric"]),
    ({**RANGE, "cohortPeriod": "weekly", "analysisMetric": "revenue", "segment": "vip"}, ["segment"]),
    ({"startDate": "2026-01-01", "endDate": "2026-04-04", "cohortPeriod": "daily", "analysisMetric": "revenue"},
     ["endDate"]),  # 93 days
    ({"startDate": "2026-02-30", "endDate": "2026-03-05", "cohortPeriod": "weekly", "analysisMetric": "revenue"},
     ["startDate"]),
    ({"startDate": "2026-03-05", "endDate": "2026-03-01", "cohortPeriod": "weekly", "analysisMetric": "revenue"},
     ["endDate"]),
    ({"startDate": "2024-01-01", "endDate": "2026-01-02", "cohortPeriod": "monthly", "analysisMetric": "revenue"},
     ["endDate"]),
    ({**RANGE, "cohortPeriod": "weekly", "analysisMetric": "revenue", "limit": "5"}, ["limit"]),
    ({**RANGE, "cohortPeriod": "weekly", "cohortPeriod ": "x", "analysisMetric": "revenue"}, ["cohortPeriod "]),
])
def test_cohort_parameter_rules(stack, params, fields):
    r = requests.get(stack.base + "/cohort-analysis", params=params, headers=ADMIN)
    assert r.status_code == 400, r.text
    assert [d["field"] for d in envelope(r)["error"]["details"]] == fields


def test_daily_cohorts_at_the_92_day_cap(stack):
    r = requests.get(stack.base + "/cohort-analysis", headers=ADMIN, params={
        "startDate": "2026-01-01", "endDate": "2026-04-03", "cohortPeriod": "daily", "analysisMetric": "revenue"})
    assert r.status_code == 200, r.text  # 2026-01-01 + 92 days = 04-03


# Predictive: 28 days from 2026-08-03 (a Monday) with 10 + day bookings (+5 more on Saturdays), one
# booking_completed of 10.00 each.
PREDICTIVE_FIXTURE = """
TRUNCATE analytics_users, analytics_events, analytics_requests;
INSERT INTO analytics_users VALUES ('p', '2026-08-01T00:00:00Z', 'free');
INSERT INTO analytics_events (user_id, session_id, name, occurred_at, revenue)
SELECT 'p', 'p' || d, 'booking_completed', timestamptz '2026-08-03T12:00:00Z' + d * interval '1 day', 10.00
FROM generate_series(0, 27) d, generate_series(1, 10 + d + CASE WHEN d % 7 = 5 THEN 5 ELSE 0 END) n;
"""
PREDICTIVE_RANGE = {"startDate": "2026-08-03", "endDate": "2026-08-31"}


@pytest.fixture(scope="module")
def predictive_fixture(stack):
    stack.psql(PREDICTIVE_FIXTURE)
    stack.settle()
    yield
    stack.psql("TRUNCATE analytics_users, analytics_events, analytics_requests")
    stack.settle()


def predictive(stack, **params):
    r = requests.get(stack.base + "/predictive", params={**PREDICTIVE_RANGE, **params}, headers=ADMIN)
    assert r.status_code == 200, r.text
    return envelope(r)["data"]


def test_predictive_demand(stack, predictive_fixture):
    data = predictive(stack, predictionType="demand_forecast", confidenceLevel="80")
    expected = [10 + d + (5 if d % 7 == 5 else 0) for d in range(28)]
    assert [h["value"] for h in data["historicalData"]] == expected
    assert data["historicalData"][0]["date"] == "2026-08-03" and data["historicalData"][-1]["date"] == "2026-08-30"
    assert data["modelVersion"] == "holt-winters-additive-7/1" and data["trend"] == "increasing"
    predictions = data["predictions"]
    assert len(predictions) == 30 and predictions[0]["date"] == "2026-08-31" and predictions[-1]["date"] == "2026-09-29"
    # The pattern continues: day 28 (a Monday) is about 38 bookings, day 33 (Saturday) about 48.
    assert abs(predictions[0]["value"] - 38) < 1.5 and abs(predictions[5]["value"] - 48) < 1.5
    for p in predictions:
        assert p["lowerBound"] <= p["value"] <= p["upperBound"] and p["confidence"] == 80
    assert data["confidenceLevel"] == 80 and data["backtest"]["heldOutDays"] == 7
    assert data["backtest"]["mape"] < 5 and 0 <= data["backtest"]["coverage"] <= 100
    revenue = predictive(stack, predictionType="revenue")
    assert [h["value"] for h in revenue["historicalData"]] == [10 * v for v in expected]
    assert revenue["confidenceLevel"] == 95


def test_predictive_growth_and_short_history(stack, predictive_fixture):
    growth = predictive(stack, predictionType="user_growth")
    assert {h["value"] for h in growth["historicalData"]} == {1}  # the one user signed up before the range
    assert growth["trend"] == "stable"
    week = predictive(stack, predictionType="demand_forecast", startDate="2026-08-03", endDate="2026-08-10")
    assert len(week["historicalData"]) == 7 and week["modelVersion"] == "ols-linear/1"


@pytest.mark.parametrize("params,fields", [
    ({}, ["startDate", "endDate", "predictionType"]),
    ({**PREDICTIVE_RANGE, "predictionType": "weather"}, ["predictionType"]),
    ({**PREDICTIVE_RANGE, "predictionType": "revenue", "confidenceLevel": "0"}, ["confidenceLevel"]),
    ({**PREDICTIVE_RANGE, "predictionType": "revenue", "confidenceLevel": "100"}, ["confidenceLevel"]),
    ({**PREDICTIVE_RANGE, "predictionType": "revenue", "confidenceLevel": "-5"}, ["confidenceLevel"]),
    ({**PREDICTIVE_RANGE, "predictionType": "revenue", "confidenceLevel": "9e1"}, ["confidenceLevel"]),
    ({**PREDICTIVE_RANGE, "predictionType": "revenue", "confidenceLevel": "abc"}, ["confidenceLevel"]),
    ({"startDate": "2026-08-03", "endDate": "2026-08-09", "predictionType": "revenue"}, ["endDate"]),  # 6 days
    ({"startDate": "2026-08-03", "endDate": "2099-01-01", "predictionType": "revenue"}, ["endDate"]),
    ({"startDate": "2026-13-01", "endDate": "2026-08-09", "predictionType": "revenue", "x": "1"}, ["startDate", "x"]),
])
def test_predictive_parameter_rules(stack, params, fields):
    r = requests.get(stack.base + "/predictive", params=params, headers=ADMIN)
    assert r.status_code == 400, r.text
    assert [d["field"] for d in envelope(r)["error"]["details"]] == fields


def test_predictive_fractional_confidence(stack, predictive_fixture):
    assert predictive(stack, predictionType="revenue", confidenceLevel="99.5")["confidenceLevel"] == 99.5
