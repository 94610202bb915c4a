import Domain
import JSON

/// `GET /cohort-analysis`: users grouped by the UTC day, ISO week or month they signed up in, each cohort followed
/// period by period through the range.
public struct CohortAnalysisHandler: Sendable {
    /// Daily cohorts cover at most this many days (CONTRACT.md section 6).
    public static let dailyMaxDays = 92

    public init() {}

    public func respond(to context: RequestContext) throws -> Response {
        var v = QueryValidator(try context.query())
        let range = v.analyticsRange(now: context.now)
        let period = v.oneOf("cohortPeriod", CohortPeriod.self, required: true)
        let metric = v.oneOf("analysisMetric", CohortMetric.self, required: true)
        let segment = v.oneOf("segment", UserSegment.self, default: .all)
        if let range, period == .daily, range.end - range.start > Double(Self.dailyMaxDays) * 86_400 {
            v.fail("endDate", "daily cohorts cover at most \(Self.dailyMaxDays) days")
        }
        let query = try v.finish {
            CohortQuery(
                start: range?.start ?? 0, end: range?.end ?? 0, period: period ?? .weekly,
                metric: metric ?? .retentionRate, segment: segment)
        }
        return context.json(try context.services.analytics.cohorts(query).json)
    }
}
