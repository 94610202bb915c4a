public import JSON

/// The answer of `/cohort-analysis`: the query, its cohorts, and when the data was read.
public struct CohortReport: Sendable {
    public var query: CohortQuery
    public var cohorts: [Cohort]
    /// When the data behind the answer was read (seconds since the epoch).
    public var asOf: Double
    /// How long computing it took, in milliseconds.
    public var queryTimeMs: Double

    public init(query: CohortQuery, cohorts: [Cohort], asOf: Double, queryTimeMs: Double) {
        (self.query, self.cohorts, self.asOf, self.queryTimeMs) = (query, cohorts, asOf, queryTimeMs)
    }

    static let bucketRule: [CohortPeriod: String] = [
        .daily: "UTC day of signed_up_at", .weekly: "ISO week (Monday to Sunday, UTC) of signed_up_at",
        .monthly: "calendar month (UTC) of signed_up_at",
    ]

    /// Per period k: the size-weighted mean of the cohorts' values, over the cohorts that reached k.
    public static func summary(_ cohorts: [Cohort]) -> [(period: Int, value: Double, cohorts: Int, size: Int)] {
        var sums: [(weighted: Double, cohorts: Int, size: Int)] = []
        for cohort in cohorts {
            for cell in cohort.cells {
                while sums.count <= cell.period { sums.append((0, 0, 0)) }
                sums[cell.period].weighted += cell.value * Double(cohort.size)
                sums[cell.period].cohorts += 1
                sums[cell.period].size += cohort.size
            }
        }
        return sums.enumerated().map { k, sum in
            (k, sum.size == 0 ? 0 : sum.weighted / Double(sum.size), sum.cohorts, sum.size)
        }
    }

    public var json: JSONValue {
        let number = MetricValue.json
        return [
            "cohortPeriod": .string(query.period.rawValue), "analysisMetric": .string(query.metric.rawValue),
            "segment": .string(query.segment.rawValue), "startDate": .string(Timestamp.rfc3339(query.start)),
            "endDate": .string(Timestamp.rfc3339(query.end)),
            "buckets": [
                "timeZone": "UTC", "weekStartsOn": "monday", "cohort": .string(Self.bucketRule[query.period] ?? ""),
                "period":
                    "k-th period after the cohort's own; a period that has not begun before endDate is absent, one that has not ended is isComplete: false",
            ],
            "cohorts": .array(cohorts.map(\.json)),
            "summary": .array(
                Self.summary(cohorts).map {
                    [
                        "period": .int($0.period), "value": number($0.value), "cohorts": .int($0.cohorts),
                        "users": .int($0.size),
                    ]
                }),
            "metadata": [
                "users": .int(cohorts.reduce(0) { $0 + $1.size }),
                "queryTimeMs": .number(MetricValue.round4(queryTimeMs)),
                "dataAsOf": .string(Timestamp.rfc3339(asOf)),
            ],
        ]
    }
}

extension Cohort {
    /// The cohort as `/cohort-analysis` lists it.
    public var json: JSONValue {
        [
            "period": .string(CivilDate.text(firstDay)), "size": .int(size),
            "retention": .array(
                cells.map {
                    [
                        "period": .int($0.period), "value": MetricValue.json($0.value), "count": .int($0.count),
                        "isComplete": .bool($0.isComplete),
                    ]
                }),
        ]
    }
}
