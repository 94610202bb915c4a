import Domain
import JSON

/// `GET /user-insights`: engagement, funnel, drop-off, feature adoption and journeys for a range and segment.
public struct UserInsightsHandler: Sendable {
    public init() {}

    public func respond(to context: RequestContext) throws -> Response {
        var v = QueryValidator(try context.query())
        let range = v.analyticsRange(now: context.now)
        let segment = v.oneOf("segment", UserSegment.self, default: .all)
        let type = v.oneOf("insightType", InsightType.self)
        let limit = v.integer("limit", in: 1...100, default: 20)
        let query = try v.finish {
            InsightQuery(
                start: range?.start ?? 0, end: range?.end ?? 0, segment: segment,
                types: type.map { [$0] } ?? InsightType.allCases, limit: limit)
        }
        let started = Monotonic.now()
        let data = try context.services.analytics.insights(query)
        let elapsed = started.millisecondsElapsed
        return context.json([
            "insights": .array(query.types.map { data.json($0, limit: limit) }),
            "metadata": [
                "segment": .string(segment.rawValue), "startDate": .string(Timestamp.rfc3339(query.start)),
                "endDate": .string(Timestamp.rfc3339(query.end)), "usersConsidered": .int(data.activeUsers),
                "eventsConsidered": .int(data.events), "queryTimeMs": .number(MetricValue.round4(elapsed)),
                "dataAsOf": .string(Timestamp.rfc3339(data.asOf ?? context.now)),
                "ignoredEvents": .int(data.ignoredEvents),
            ],
        ])
    }
}
