import Handlers
import Postgres

/// The SQL behind `/user-insights`, straight from the source tables. Every statement starts with the same
/// CTEs: `b` holds the range (`$1`, `$2`), `ev` the range's events of the segment's users.
extension PostgresAnalyticsStore {
    /// The segment as a condition on `analytics_users u` (CONTRACT.md section 8), or nil when it is every user.
    static func segmentCondition(_ segment: Segment) -> String? {
        switch segment {
        case .all, .active: nil
        case .new: "u.signed_up_at >= b.s AND u.signed_up_at < b.e"
        case .returning: "u.signed_up_at < b.s"
        case .inactive: "FALSE"
        case .premium: "u.plan = 'premium'"
        case .free: "u.plan = 'free'"
        }
    }

    static func prefix(_ segment: Segment) -> String {
        let membership = segmentCondition(segment).map {
            "AND user_id IN (SELECT u.user_id FROM analytics_users u, b WHERE \($0))"
        }
        return """
            WITH b AS (SELECT to_timestamp($1) AS s, to_timestamp($2) AS e),
            ev AS (
              SELECT user_id, session_id, name, occurred_at, properties FROM analytics_events, b
              WHERE occurred_at >= b.s AND occurred_at < b.e \(membership ?? "")
            )
            """
    }

    func insightData(_ query: InsightQuery, on connection: PGConnection) throws -> InsightData {
        var data = InsightData()
        let head = Self.prefix(query.segment)
        let binds = [String(query.start), String(query.end)]
        func run(_ sql: String, _ extra: [String] = []) throws -> PGResult {
            try connection.query(PGQuery(unsafeSQL: head + sql, binds: binds + extra))
        }
        let firstDay = Int((query.start / 86_400).rounded(.down))
        let lastDay = Int((query.end / 86_400).rounded(.up)) - 1
        data.dailyActiveUsers = Array(repeating: 0, count: max(0, lastDay - firstDay + 1))
        // Only what the requested insights need; the totals (metadata, percentages) always.
        let wants = Set(query.types)
        if wants.contains(.engagementPatterns) {
            let daily = try run(
                "SELECT d, count(*) FROM (SELECT DISTINCT floor(extract(epoch FROM occurred_at) / 86400)::int8 AS d, user_id FROM ev) x GROUP BY d"
            )
            for row in 0..<daily.rowCount {
                let index = (daily.int(row, 0) ?? 0) - firstDay
                if data.dailyActiveUsers.indices.contains(index) {
                    data.dailyActiveUsers[index] = daily.int(row, 1) ?? 0
                }
            }
        }
        let totals = try run(
            """
            SELECT coalesce(sum(events), 0), count(*), (SELECT count(*) FROM (SELECT DISTINCT session_id FROM ev) s),
              count(*) FILTER (WHERE visit), count(*) FILTER (WHERE search), count(*) FILTER (WHERE trip_view),
              count(*) FILTER (WHERE booking_started), count(*) FILTER (WHERE booking_completed)
            FROM (
              SELECT user_id, count(*) AS events, bool_or(name IN ('session_start', 'page_view')) AS visit,
                bool_or(name = 'search') AS search, bool_or(name = 'trip_view') AS trip_view,
                bool_or(name = 'booking_started') AS booking_started,
                bool_or(name = 'booking_completed') AS booking_completed
              FROM ev GROUP BY user_id
            ) per_user
            """)
        data.events = totals.int(0, 0) ?? 0
        data.activeUsers = totals.int(0, 1) ?? 0
        data.sessions = totals.int(0, 2) ?? 0
        data.funnelUsers = (3...7).map { totals.int(0, $0) ?? 0 }
        if wants.contains(.engagementPatterns) {
            let times = try run(
                "SELECT extract(hour FROM occurred_at)::int, extract(isodow FROM occurred_at)::int, count(*) FROM ev GROUP BY 1, 2"
            )
            for row in 0..<times.rowCount {
                let count = times.int(row, 2) ?? 0
                data.eventsByHour[times.int(row, 0) ?? 0] += count
                data.eventsByWeekday[(times.int(row, 1) ?? 1) - 1] += count
            }
            // WAU and MAU look back from the range's end; segments defined by activity keep to users active in range.
            let activeOnly =
                [.active, .returning].contains(query.segment) ? "AND user_id IN (SELECT user_id FROM ev)" : ""
            let segmentOnly = Self.segmentCondition(query.segment).map {
                "AND user_id IN (SELECT u.user_id FROM analytics_users u, b WHERE \($0))"
            }
            let recent = try run(
                """
                SELECT count(*) FILTER (WHERE last >= b.e - interval '7 days'), count(*)
                FROM (
                  SELECT user_id, max(occurred_at) AS last FROM analytics_events, b
                  WHERE occurred_at >= b.e - interval '30 days' AND occurred_at < b.e \(segmentOnly ?? "") \(activeOnly)
                  GROUP BY user_id
                ) per_user, b
                """)
            data.weeklyActiveUsers = recent.int(0, 0) ?? 0
            data.monthlyActiveUsers = recent.int(0, 1) ?? 0
        }
        let limit = [String(query.limit)]
        if wants.contains(.dropOffPoints) {
            let exits = try run(
                """
                , last AS (
                  SELECT DISTINCT ON (session_id) properties->>'page' AS page FROM ev
                  WHERE name = 'page_view' ORDER BY session_id, occurred_at DESC, properties->>'page'
                )
                SELECT coalesce(page, ''), count(*) FROM last GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $3
                """, limit)
            data.exitPages = (0..<exits.rowCount).map { (exits.string($0, 0) ?? "", exits.int($0, 1) ?? 0) }
        }
        if wants.contains(.featureAdoption) {
            let features = try run(
                """
                , used AS (
                  SELECT DISTINCT properties->>'feature' AS feature, user_id FROM ev
                  WHERE name = 'feature_used' AND properties ? 'feature'
                ), first_use AS (
                  SELECT x.feature, x.user_id, extract(epoch FROM min(e.occurred_at) - u.signed_up_at) / 86400 AS days
                  FROM used x
                  JOIN analytics_events e ON e.user_id = x.user_id AND e.name = 'feature_used'
                    AND e.properties->>'feature' = x.feature
                  JOIN analytics_users u ON u.user_id = x.user_id, b
                  WHERE e.occurred_at < b.e
                  GROUP BY x.feature, x.user_id, u.signed_up_at
                )
                SELECT x.feature, count(*),
                  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY f.days) FROM first_use f WHERE f.feature = x.feature)
                FROM used x GROUP BY x.feature ORDER BY 2 DESC, 1 LIMIT $3
                """, limit)
            data.features = (0..<features.rowCount).map {
                (features.string($0, 0) ?? "", features.int($0, 1) ?? 0, features.double($0, 2))
            }
        }
        if wants.contains(.userJourneys) {
            let journeys = try run(
                """
                , paths AS (
                  SELECT (array_agg(name ORDER BY occurred_at, name))[1:10] AS path FROM ev GROUP BY session_id
                )
                SELECT array_to_string(path, ','), count(*) FROM paths GROUP BY path ORDER BY 2 DESC, 1 LIMIT $3
                """, limit)
            data.journeys = (0..<journeys.rowCount).map {
                ((journeys.string($0, 0) ?? "").split(separator: ",").map(String.init), journeys.int($0, 1) ?? 0)
            }
        }
        return data
    }
}
