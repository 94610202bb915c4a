import Auth
import Domain
import Handlers
import JSON
import Logging
import Testing

/// An analytics service that answers a fixed snapshot and counts how often it was asked.
final class FixedAnalyticsStore: AnalyticsService {
    var snapshot = RealtimeSnapshot(current: ActivityCounts(), previous: ActivityCounts(), minutes: [])
    var calls = 0

    var insightData = InsightData()
    var lastInsightQuery: InsightQuery?

    func realtime(now: Double, seconds: Int) throws -> RealtimeSnapshot {
        calls += 1
        return snapshot
    }

    func insights(_ query: InsightQuery) throws -> InsightData {
        lastInsightQuery = query
        return insightData
    }

    var lastCohortQuery: CohortQuery?
    var lastPredictionQuery: PredictionQuery?

    func cohorts(_ query: CohortQuery) throws -> CohortReport {
        lastCohortQuery = query
        return CohortReport(query: query, cohorts: [], asOf: 0, queryTimeMs: 0)
    }

    func prediction(_ query: PredictionQuery) throws -> PredictionReport {
        lastPredictionQuery = query
        return PredictionReport(
            query: query, firstDay: 0, history: [], predictions: [],
            model: .init(kind: "k", version: "v", trend: "stable", slopePerDay: 0, residualSigma: 0), backtest: nil,
            asOf: 0)
    }

    var minimumPredictionHistory: Int { 7 }
}

@Suite struct RealtimeHandlerTests {
    let store = FixedAnalyticsStore()
    let responder = Responder(
        router: Routes.all(info: ServiceInfo(version: "t", startedAt: 0), signer: testSigner),
        authenticator: TableAuthenticator(principals: [
            "alice": Principal(sub: "alice", role: "admin", permissions: ["analytics:dashboard"])
        ]))

    init() {
        // Current window (5 min): 40 events, 10 page views, 4 users of whom 1 booked 120.50; 20 requests, 3 errors.
        // Previous window: 20 events, 10 page views, 2 users, nobody booked; no requests.
        store.snapshot = RealtimeSnapshot(
            current: ActivityCounts(
                events: 40, pageViews: 10, revenue: 120.5, activeUsers: 4, converters: 1, requests: 20, errors: 3),
            previous: ActivityCounts(events: 20, pageViews: 10, activeUsers: 2),
            minutes: [
                (
                    1_795_358_880,
                    ActivityCounts(events: 30, pageViews: 6, revenue: 120.5, activeUsers: 3, converters: 1)
                ),
                (1_795_358_940, ActivityCounts(events: 10, pageViews: 4, activeUsers: 1, requests: 20, errors: 3)),
            ])
    }

    func get(_ query: String, now: Double = 1_795_358_958) -> (Int, JSONObject?) {
        let request = Request(
            method: "GET", path: Routes.prefix + "/realtime", query: query,
            headers: ["authorization": "Bearer alice"], id: "r")
        let response = responder.respond(
            to: request,
            services: Services(
                health: SwitchHealthStore(), dashboards: InMemoryDashboardStore(), analytics: store,
                exports: InMemoryExportStore()),
            logger: Logger(label: "t"), now: now)
        return (response.status, try? JSONParser.parse(response.body).objectValue)
    }

    @Test func computesEveryMetricFromCounts() throws {
        let (status, body) = get("timeRange=last_5_minutes&refreshInterval=5")
        #expect(status == 200)
        let data = try #require(body?["data"]?.objectValue)
        #expect(data["timeRange"] == "last_5_minutes")
        #expect(data["refreshInterval"] == 5)
        #expect(data["generatedAt"] == "2026-11-22T14:49:18.000+00:00")
        let metrics = try #require(data["metrics"]?.objectValue)
        #expect(metrics.keys == RealtimeMetric.allCases.map(\.rawValue))
        // 4 users vs 2: +100 %.
        #expect(metrics["active_users"]?.objectValue?["value"] == 4)
        #expect(metrics["active_users"]?.objectValue?["previousValue"] == 2)
        #expect(metrics["active_users"]?.objectValue?["changePercent"] == 100)
        // 10 vs 10 page views: 0 % change.
        #expect(metrics["page_views"]?.objectValue?["changePercent"] == 0)
        // 40 events / 300 s = 0.1333; previous 20 / 300 = 0.0667; +100 %.
        #expect(metrics["events_per_second"]?.objectValue?["value"] == 0.1333)
        #expect(metrics["events_per_second"]?.objectValue?["previousValue"] == 0.0667)
        // 1 of 4 users booked: 25 %; previously 0, so the change is null.
        #expect(metrics["conversion_rate"]?.objectValue?["value"] == 25)
        #expect(metrics["conversion_rate"]?.objectValue?["changePercent"] == .null)
        // 3 of 20 requests failed: 15 %.
        #expect(metrics["error_rate"]?.objectValue?["value"] == 15)
        // 120.50 over 5 minutes: 24.1 per minute.
        #expect(metrics["revenue_per_minute"]?.objectValue?["value"] == 24.1)
        let series = try #require(metrics["revenue_per_minute"]?.objectValue?["series"]?.arrayValue)
        #expect(
            series == [
                ["minute": "2026-11-22T14:48:00.000+00:00", "value": 120.5],
                ["minute": "2026-11-22T14:49:00.000+00:00", "value": 0],
            ])
        // A minute's events per second divide by 60: 30 / 60 = 0.5.
        #expect(metrics["events_per_second"]?.objectValue?["series"]?.arrayValue?.first?.objectValue?["value"] == 0.5)
    }

    @Test func onlyRequestedMetricsInCanonicalOrder() throws {
        let (status, body) = get("metrics=error_rate&metrics=active_users")
        #expect(status == 200)
        #expect(body?["data"]?.objectValue?["metrics"]?.objectValue?.keys == ["active_users", "error_rate"])
        #expect(body?["data"]?.objectValue?["timeRange"] == "last_15_minutes")
        #expect(body?["data"]?.objectValue?["refreshInterval"] == 30)
    }

    @Test func cachesPerMetricsAndRangeForAtMostTenSeconds() {
        _ = get("metrics=page_views,active_users", now: 1000)
        _ = get("metrics=active_users,page_views", now: 1009.9)
        #expect(store.calls == 1)
        _ = get("metrics=active_users,page_views", now: 1010)
        #expect(store.calls == 2)
        _ = get("metrics=active_users,page_views&refreshInterval=5", now: 1015)
        #expect(store.calls == 3)
        _ = get("metrics=active_users", now: 1015)
        #expect(store.calls == 4)
        _ = get("metrics=active_users&timeRange=last_hour", now: 1015)
        #expect(store.calls == 5)
    }

    @Test(arguments: [
        ("metrics=bogus", "metrics"), ("metrics=", "metrics"), ("metrics=page_views,page_views", "metrics"),
        ("timeRange=last_day", "timeRange"), ("timeRange=", "timeRange"), ("refreshInterval=4", "refreshInterval"),
        ("refreshInterval=301", "refreshInterval"), ("refreshInterval=5.0", "refreshInterval"),
        ("refreshInterval=-5", "refreshInterval"), ("refreshInterval=10&refreshInterval=20", "refreshInterval"),
        ("timeRange=last_hour&timeRange=last_hour", "timeRange"), ("window=5", "window"),
    ])
    func refusesBadParameters(_ query: String, _ field: String) throws {
        let (status, body) = get(query)
        #expect(status == 400)
        let details = try #require(body?["error"]?.objectValue?["details"]?.arrayValue)
        #expect(details.compactMap { $0.objectValue?["field"]?.stringValue } == [field])
    }

    @Test func boundariesAreAccepted() {
        #expect(get("refreshInterval=5").0 == 200)
        #expect(get("refreshInterval=300").0 == 200)
    }

    @Test func listsEveryFailingParameter() throws {
        let (_, body) = get("metrics=x&timeRange=y&refreshInterval=0")
        let fields = body?["error"]?.objectValue?["details"]?.arrayValue?.compactMap {
            $0.objectValue?["field"]?.stringValue
        }
        #expect(fields == ["metrics", "timeRange", "refreshInterval"])
    }
}
