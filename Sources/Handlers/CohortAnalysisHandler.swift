import JSON

/// `GET /cohort-analysis`: users grouped by the UTC day, ISO week or month they signed up in, each cohort followed
/// period by period through the range.
public struct CohortAnalysisHandler: Sendable {
    /// Daily cohorts cover at most this many days (CONTRACT.md section 6).
    public static let dailyMaxDays = 92

    public init() {}

    static let bucketRule: [CohortPeriod: String] = [
        .daily: "UTC day of signed_up_at", .weekly: "ISO week (Monday to Sunday, UTC) of signed_up_at",
        .monthly: "calendar month (UTC) of signed_up_at",
    ]

    public func respond(to context: RequestContext) throws -> Response {
        var v = QueryValidator(try context.query())
        let range = v.dateRange(now: context.now)
        let period = v.oneOf("cohortPeriod", CohortPeriod.self, required: true)
        let metric = v.oneOf("analysisMetric", CohortMetric.self, required: true)
        let segment = v.oneOf("segment", Segment.self, default: .all)
        if let range, period == .daily, range.end - range.start > Double(Self.dailyMaxDays) * 86_400 {
            v.fail("endDate", "daily cohorts cover at most \(Self.dailyMaxDays) days")
        }
        let query = try v.finish {
            CohortQuery(
                start: range?.start ?? 0, end: range?.end ?? 0, period: period ?? .weekly,
                metric: metric ?? .retentionRate, segment: segment)
        }
        let started = Timestamp.monotonic()
        let snapshot = try context.services.analytics.activity()
        let cohorts = ActivityCohorts(snapshot: snapshot, query: query).compute()
        let elapsed = (Timestamp.monotonic() - started) * 1000
        let number = MetricValue.json
        return context.json([
            "cohortPeriod": .string(query.period.rawValue), "analysisMetric": .string(query.metric.rawValue),
            "segment": .string(query.segment.rawValue), "startDate": .string(Timestamp.rfc3339(query.start)),
            "endDate": .string(Timestamp.rfc3339(query.end)),
            "buckets": [
                "timeZone": "UTC", "weekStartsOn": "monday",
                "cohort": .string(Self.bucketRule[query.period] ?? ""),
                "period":
                    "k-th period after the cohort's own; a period that has not begun before endDate is absent, one that has not ended is isComplete: false",
            ],
            "cohorts": .array(
                cohorts.map { cohort in
                    [
                        "period": .string(CivilDate.text(cohort.firstDay)), "size": .int(cohort.size),
                        "retention": .array(
                            cohort.cells.map {
                                [
                                    "period": .int($0.period), "value": number($0.value), "count": .int($0.count),
                                    "isComplete": .bool($0.isComplete),
                                ]
                            }),
                    ]
                }),
            "summary": .array(
                ActivityCohorts.summary(cohorts).map {
                    [
                        "period": .int($0.period), "value": number($0.value), "cohorts": .int($0.cohorts),
                        "users": .int($0.size),
                    ]
                }),
            "metadata": [
                "users": .int(cohorts.reduce(0) { $0 + $1.size }), "queryTimeMs": .number(MetricValue.round4(elapsed)),
                "dataAsOf": .string(Timestamp.rfc3339(snapshot.asOf)),
            ],
        ])
    }
}
