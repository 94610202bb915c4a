public import Handlers
import Postgres

/// Analytics for the handlers, from `model`, the process's in-memory picture: `/realtime` counts the last two hours
/// of events the refresher reloads every few seconds (or, when that copy is stale or too large, reads the source
/// tables of CONTRACT.md section 8 through their time indexes); everything else comes from the rollups.
public struct PostgresAnalyticsStore: AnalyticsStore {
    let session: DatabaseSession
    let model: ActivityModel

    public init(session: DatabaseSession, model: ActivityModel) {
        self.session = session
        self.model = model
    }

    static let eventColumns = """
        count(*), count(*) FILTER (WHERE name = 'page_view'),
        coalesce(sum(revenue) FILTER (WHERE name = 'booking_completed'), 0)::float8,
        count(DISTINCT user_id), count(DISTINCT user_id) FILTER (WHERE name = 'booking_completed')
        """
    static let requestColumns = "count(*), count(*) FILTER (WHERE status >= 500)"

    /// One pass over each table: GROUPING SETS give the two windows' totals (distinct users included) and the
    /// current window's minutes together.
    public func realtime(now: Double, seconds: Int) throws -> RealtimeSnapshot {
        // The refresher's copy of the last two hours, when it is fresh: no query at all.
        if let recent = model.recent(now: now), let snapshot = recent.snapshot(now: now, seconds: seconds) {
            return snapshot
        }
        let start = now - Double(seconds)
        let previousStart = start - Double(seconds)
        return try session.withConnection { connection in
            var snapshot = RealtimeSnapshot(current: ActivityCounts(), previous: ActivityCounts(), minutes: [])
            var buckets: [Int64: ActivityCounts] = [:]
            let events = try connection.query(
                """
                SELECT cur, GROUPING(minute), minute, \(unescaped: Self.eventColumns)
                FROM (
                  SELECT occurred_at > to_timestamp(\(start)) AS cur,
                    extract(epoch FROM date_trunc('minute', occurred_at))::int8 AS minute, user_id, name, revenue
                  FROM analytics_events
                  WHERE occurred_at > to_timestamp(\(previousStart)) AND occurred_at <= to_timestamp(\(now))
                ) e
                GROUP BY GROUPING SETS ((cur), (cur, minute))
                """)
            for row in 0..<events.rowCount {
                let current = events.bool(row, 0) == true
                let counts = Self.events(events, row, from: 3)
                if events.int(row, 1) == 1 {
                    if current { snapshot.current = counts } else { snapshot.previous = counts }
                } else if current {
                    buckets[Int64(events.int(row, 2) ?? 0)] = counts
                }
            }
            let requests = try connection.query(
                """
                SELECT cur, GROUPING(minute), minute, \(unescaped: Self.requestColumns)
                FROM (
                  SELECT occurred_at > to_timestamp(\(start)) AS cur,
                    extract(epoch FROM date_trunc('minute', occurred_at))::int8 AS minute, status
                  FROM analytics_requests
                  WHERE occurred_at > to_timestamp(\(previousStart)) AND occurred_at <= to_timestamp(\(now))
                ) r
                GROUP BY GROUPING SETS ((cur), (cur, minute))
                """)
            for row in 0..<requests.rowCount {
                let current = requests.bool(row, 0) == true
                let (total, errors) = (requests.int(row, 3) ?? 0, requests.int(row, 4) ?? 0)
                if requests.int(row, 1) == 1 {
                    if current {
                        (snapshot.current.requests, snapshot.current.errors) = (total, errors)
                    } else {
                        (snapshot.previous.requests, snapshot.previous.errors) = (total, errors)
                    }
                } else if current {
                    let minute = Int64(requests.int(row, 2) ?? 0)
                    buckets[minute, default: ActivityCounts()].requests = total
                    buckets[minute, default: ActivityCounts()].errors = errors
                }
            }
            // Every calendar minute that overlaps (start, now], oldest first, empty ones included.
            let first = (start / 60).rounded(.down) * 60
            let last = (now / 60).rounded(.down) * 60
            snapshot.minutes = stride(from: first, through: last, by: 60).map {
                ($0, buckets[Int64($0)] ?? ActivityCounts())
            }
            return snapshot
        }
    }

    static func events(_ rows: PGResult, _ row: Int, from column: Int) -> ActivityCounts {
        ActivityCounts(
            events: rows.int(row, column) ?? 0, pageViews: rows.int(row, column + 1) ?? 0,
            revenue: rows.double(row, column + 2) ?? 0, activeUsers: rows.int(row, column + 3) ?? 0,
            converters: rows.int(row, column + 4) ?? 0)
    }
}
