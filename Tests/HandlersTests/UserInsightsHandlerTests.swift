import Auth
import Handlers
import JSON
import Logging
import Testing

@testable import Domain
@testable import Handlers

@Suite struct UserInsightsHandlerTests {
    let store = FixedAnalyticsStore()
    let responder = Responder(
        router: Routes.all(info: ServiceInfo(version: "t", startedAt: 0), signer: testSigner),
        authenticator: TableAuthenticator(principals: [
            "alice": Principal(sub: "alice", role: "admin", permissions: ["analytics:dashboard"])
        ]))

    func get(_ query: String) -> (Int, JSONObject?) {
        let request = Request(
            method: "GET", path: Routes.prefix + "/user-insights", query: query,
            headers: ["authorization": "Bearer alice"], id: "r")
        let response = responder.respond(
            to: request,
            services: Services(
                health: SwitchHealthStore(), dashboards: InMemoryDashboardStore(), analytics: store,
                exports: InMemoryExportStore()),
            logger: Logger(label: "t"), now: 1_795_358_958)
        return (response.status, try? JSONParser.parse(response.body).objectValue)
    }

    @Test func defaultsReachTheStore() {
        #expect(get("startDate=2026-11-01&endDate=2026-11-08T12:00:00Z").0 == 200)
        #expect(
            store.lastInsightQuery
                == InsightQuery(
                    start: 1_793_491_200, end: 1_794_139_200, segment: .all, types: InsightType.allCases, limit: 20))
    }

    @Test func oneTypeOnly() throws {
        let (status, body) = get("startDate=2026-11-01&endDate=2026-11-08&insightType=user_journeys&limit=100")
        #expect(status == 200)
        let insights = try #require(body?["data"]?.objectValue?["insights"]?.arrayValue)
        #expect(insights.map { $0.objectValue?["insightType"] } == ["user_journeys"])
        #expect(store.lastInsightQuery?.limit == 100)
    }

    @Test func confidenceGrowsWithData() {
        #expect(InsightData.confidence(0) == 0)
        #expect(InsightData.confidence(30) == 50)
        #expect(InsightData.confidence(2970) == 99)
    }

    @Test func emptyDataGivesZerosNotErrors() throws {
        let (status, body) = get("startDate=2026-11-01&endDate=2026-11-02")
        #expect(status == 200)
        let first = try #require(body?["data"]?.objectValue?["insights"]?.arrayValue?.first?.objectValue)
        #expect(first["confidence"] == 0)
        #expect(first["data"]?.objectValue?["stickiness"] == 0)
    }
}
