public import Handlers
import Postgres

/// Reads the analytics source tables (CONTRACT.md section 8) straight through their time indexes: a real-time
/// window is at most two hours of rows, so no rollup stands between a committed event and `/realtime`.
public struct PostgresAnalyticsStore: AnalyticsStore {
    let session: DatabaseSession

    public init(session: DatabaseSession) { self.session = session }

    static let eventColumns = """
        count(*), count(*) FILTER (WHERE name = 'page_view'),
        coalesce(sum(revenue) FILTER (WHERE name = 'booking_completed'), 0)::float8,
        count(DISTINCT user_id), count(DISTINCT user_id) FILTER (WHERE name = 'booking_completed')
        """
    static let requestColumns = "count(*), count(*) FILTER (WHERE status >= 500)"

    public func realtime(now: Double, seconds: Int) throws -> RealtimeSnapshot {
        let start = now - Double(seconds)
        let previousStart = start - Double(seconds)
        return try session.withConnection { connection in
            var snapshot = RealtimeSnapshot(current: ActivityCounts(), previous: ActivityCounts(), minutes: [])
            let events = try connection.query(
                """
                SELECT occurred_at > to_timestamp(\(start)), \(unescaped: Self.eventColumns)
                FROM analytics_events
                WHERE occurred_at > to_timestamp(\(previousStart)) AND occurred_at <= to_timestamp(\(now))
                GROUP BY 1
                """)
            for row in 0..<events.rowCount {
                let counts = Self.events(events, row, from: 1)
                if events.bool(row, 0) == true { snapshot.current = counts } else { snapshot.previous = counts }
            }
            let requests = try connection.query(
                """
                SELECT occurred_at > to_timestamp(\(start)), \(unescaped: Self.requestColumns)
                FROM analytics_requests
                WHERE occurred_at > to_timestamp(\(previousStart)) AND occurred_at <= to_timestamp(\(now))
                GROUP BY 1
                """)
            for row in 0..<requests.rowCount {
                let (total, errors) = (requests.int(row, 1) ?? 0, requests.int(row, 2) ?? 0)
                if requests.bool(row, 0) == true {
                    (snapshot.current.requests, snapshot.current.errors) = (total, errors)
                } else {
                    (snapshot.previous.requests, snapshot.previous.errors) = (total, errors)
                }
            }
            snapshot.minutes = try minutes(connection, start: start, now: now)
            return snapshot
        }
    }

    public func insights(_ query: InsightQuery) throws -> InsightData {
        try session.withConnection { connection in try insightData(query, on: connection) }
    }

    /// Each calendar minute that overlaps `(start, now]`, oldest first, with the counts of its part of the window.
    private func minutes(_ connection: PGConnection, start: Double, now: Double) throws -> [(
        start: Double, counts: ActivityCounts
    )] {
        let first = (start / 60).rounded(.down) * 60
        let last = (now / 60).rounded(.down) * 60
        var buckets: [Int64: ActivityCounts] = [:]
        let events = try connection.query(
            """
            SELECT extract(epoch FROM date_trunc('minute', occurred_at))::int8, \(unescaped: Self.eventColumns)
            FROM analytics_events
            WHERE occurred_at > to_timestamp(\(start)) AND occurred_at <= to_timestamp(\(now))
            GROUP BY 1
            """)
        for row in 0..<events.rowCount {
            buckets[Int64(events.int(row, 0) ?? 0)] = Self.events(events, row, from: 1)
        }
        let requests = try connection.query(
            """
            SELECT extract(epoch FROM date_trunc('minute', occurred_at))::int8, \(unescaped: Self.requestColumns)
            FROM analytics_requests
            WHERE occurred_at > to_timestamp(\(start)) AND occurred_at <= to_timestamp(\(now))
            GROUP BY 1
            """)
        for row in 0..<requests.rowCount {
            let minute = Int64(requests.int(row, 0) ?? 0)
            buckets[minute, default: ActivityCounts()].requests = requests.int(row, 1) ?? 0
            buckets[minute, default: ActivityCounts()].errors = requests.int(row, 2) ?? 0
        }
        return stride(from: first, through: last, by: 60).map { ($0, buckets[Int64($0)] ?? ActivityCounts()) }
    }

    static func events(_ rows: PGResult, _ row: Int, from column: Int) -> ActivityCounts {
        ActivityCounts(
            events: rows.int(row, column) ?? 0, pageViews: rows.int(row, column + 1) ?? 0,
            revenue: rows.double(row, column + 2) ?? 0, activeUsers: rows.int(row, column + 3) ?? 0,
            converters: rows.int(row, column + 4) ?? 0)
    }
}
