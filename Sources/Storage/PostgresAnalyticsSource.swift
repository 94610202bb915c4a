public import Domain
public import Logging
import Postgres

/// The analytics source tables of CONTRACT.md section 8, read directly: the real-time windows (when the engine's
/// copy of recent events is stale), the partial hours at a range's ends, and the daily figures exports use.
public struct PostgresAnalyticsSource: AnalyticsSource, DailyFiguresSource {
    let database: DatabaseHandle

    public init(session: DatabaseSession, logger: Logger) {
        database = DatabaseHandle(session: session, logger: logger)
    }

    /// The event measures real-time answers use (all but distinct sessions).
    static let realtimeEventMeasures = EventMeasure.allCases.filter { $0 != .sessions }
    static let realtimeRequestMeasures: [RequestMeasure] = [.requests, .errors]

    /// One pass over each table: GROUPING SETS give the two windows' totals (distinct users included) and the
    /// current window's minutes together.
    public func realtime(now: Double, seconds: Int) throws -> RealtimeSnapshot {
        let start = now - Double(seconds)
        let previousStart = start - Double(seconds)
        return try database.withConnection { connection in
            var snapshot = RealtimeSnapshot(current: ActivityCounts(), previous: ActivityCounts(), minutes: [])
            var buckets: [Int64: ActivityCounts] = [:]
            try windows(
                "analytics_events", Self.realtimeEventMeasures.map(\.sql), start: start, previousStart: previousStart,
                now: now, connection
            ) { current, minute, values in
                var counts = ActivityCounts()
                for (measure, value) in zip(Self.realtimeEventMeasures, values) { counts[measure] = value }
                if let minute {
                    buckets[minute] = counts
                } else if current {
                    snapshot.current = counts
                } else {
                    snapshot.previous = counts
                }
            }
            try windows(
                "analytics_requests", Self.realtimeRequestMeasures.map(\.sql), start: start,
                previousStart: previousStart, now: now, connection
            ) { current, minute, values in
                func fill(_ counts: inout ActivityCounts) {
                    for (measure, value) in zip(Self.realtimeRequestMeasures, values) { counts[measure] = value }
                }
                if let minute {
                    fill(&buckets[minute, default: ActivityCounts()])
                } else if current {
                    fill(&snapshot.current)
                } else {
                    fill(&snapshot.previous)
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

    /// Aggregates `columns` over `(previousStart, now]` of `table`, per window and per minute of the current one;
    /// `row` gets whether the row is the current window, its minute (nil for a window's total) and the values.
    func windows(
        _ table: String, _ columns: [String], start: Double, previousStart: Double, now: Double,
        _ connection: PGConnection, row: (Bool, Int64?, [Double]) -> Void
    ) throws {
        let rows = try connection.query(
            """
            SELECT cur, GROUPING(minute), minute, \(unescaped: columns.joined(separator: ", "))
            FROM (
              SELECT occurred_at > \(PGTimestamp(start)) AS cur,
                floor(extract(epoch FROM occurred_at) / 60)::int8 * 60 AS minute, *
              FROM \(unescaped: table)
              WHERE occurred_at > \(PGTimestamp(previousStart)) AND occurred_at <= \(PGTimestamp(now))
            ) t
            GROUP BY GROUPING SETS ((cur), (cur, minute))
            """)
        for index in 0..<rows.rowCount {
            let (current, grouping, minute) = try rows.row(index).decode((Bool, Int, Int64?).self)
            guard grouping == 1 || current else { continue }
            let values = try (0..<columns.count).map {
                try PGRowSlice(rows.row(index), from: 3 + $0).decode(Double.self)
            }
            row(current, grouping == 1 ? nil : minute ?? 0, values)
        }
    }

    public func edgeRows(_ piece: Range<Double>) throws -> (hours: [UserHourRow], features: [FeatureUseRow]) {
        try database.withConnection { connection in
            let binds = [PGBind(PGTimestamp(piece.lowerBound)), PGBind(PGTimestamp(piece.upperBound))]
            let hours = try connection.query(PGQuery(unsafeSQL: RollupSQL.userHours, binds: binds))
            let features = try connection.query(PGQuery(unsafeSQL: RollupSQL.features, binds: binds))
            return (
                try (0..<hours.rowCount).map { try RollupSQL.userHour(hours.row($0)) },
                try (0..<features.rowCount).map { try RollupSQL.featureUse(features.row($0)) }
            )
        }
    }

    /// Whole days of the analytics window whose rollups are current come from the rollups (one small aggregate a
    /// day); the rest (partial days, older days, days still being rolled up) from the source tables.
    public func dailyCounts(start: Double, end: Double) throws -> [Int: ActivityCounts] {
        try database.withConnection { connection in
            var days: [Int: ActivityCounts] = [:]
            let rolled = try rolledUpDays(start: start, end: end, connection)
            if !rolled.isEmpty { try rollupCounts(rolled, into: &days, connection) }
            let edges =
                rolled.isEmpty
                ? [(start, end)]
                : [(start, Double(rolled.lowerBound) * 86_400), (Double(rolled.upperBound) * 86_400, end)]
            for (from, to) in edges where from < to {
                try eventCounts(PGTimestamp(from), PGTimestamp(to), into: &days, connection)
            }
            let (from, to) = (PGTimestamp(start), PGTimestamp(end))
            let requests = RequestMeasure.allCases
            for (day, values) in try perDay(
                "analytics_requests", "occurred_at", requests.map(\.sql), from, to, connection)
            {
                for (measure, value) in zip(requests, values) { days[day, default: ActivityCounts()][measure] = value }
            }
            for (day, values) in try perDay("analytics_users", "signed_up_at", ["count(*)"], from, to, connection) {
                days[day, default: ActivityCounts()].newUsers = Int(values[0])
            }
            return days
        }
    }

    /// The whole days of `[start, end)` inside the analytics window, or none while any of them is still being
    /// rolled up (its change-log rows not yet drained).
    func rolledUpDays(start: Double, end: Double, _ connection: PGConnection) throws -> Range<Int> {
        let window = AnalyticsWindow.keptDays(now: Timestamp.now())
        let first = max(Int((start / 86_400).rounded(.up)), window.lowerBound)
        let last = min(Int((end / 86_400).rounded(.down)), window.upperBound + 1)
        guard first < last else { return first..<first }
        let pending = try connection.query(
            "SELECT count(*) FROM analytics_change_log WHERE day >= \(first) AND day < \(last)"
        ).row(0).decode(Int.self)
        return pending == 0 ? first..<last : first..<first
    }

    /// Event measures per day from the source events of `[from, to)`.
    func eventCounts(
        _ from: PGTimestamp, _ to: PGTimestamp, into days: inout [Int: ActivityCounts], _ connection: PGConnection
    ) throws {
        let measures = EventMeasure.allCases
        for (day, values) in try perDay("analytics_events", "occurred_at", measures.map(\.sql), from, to, connection) {
            for (measure, value) in zip(measures, values) { days[day, default: ActivityCounts()][measure] = value }
        }
    }

    /// Event measures of whole days from the rollups: the user-hours, and the session parts for sessions.
    func rollupCounts(_ range: Range<Int>, into days: inout [Int: ActivityCounts], _ connection: PGConnection) throws {
        let measures = EventMeasure.allCases.filter { $0 != .sessions }
        let hours = try connection.query(
            """
            SELECT day, \(unescaped: measures.map(\.rollupSQL).joined(separator: ", ")) FROM rollup_user_hours
            WHERE day >= \(range.lowerBound) AND day < \(range.upperBound) GROUP BY day
            """)
        for index in 0..<hours.rowCount {
            let row = hours.row(index)
            let day = try row.decode(Int.self)
            for (column, measure) in measures.enumerated() {
                days[day, default: ActivityCounts()][measure] = try PGRowSlice(row, from: column + 1).decode(
                    Double.self)
            }
        }
        let sessions = try connection.query(
            """
            SELECT day, count(*) FROM rollup_sessions
            WHERE day >= \(range.lowerBound) AND day < \(range.upperBound) GROUP BY day
            """
        ).decode((Int, Int).self)
        for (day, count) in sessions { days[day, default: ActivityCounts()].sessions = count }
    }

    /// `columns` aggregated over the rows of `table` whose `time` lies in `[from, to)`, per UTC day number.
    func perDay(
        _ table: String, _ time: String, _ columns: [String], _ from: PGTimestamp, _ to: PGTimestamp,
        _ connection: PGConnection
    ) throws -> [(day: Int, values: [Double])] {
        let rows = try connection.query(
            """
            SELECT floor(extract(epoch FROM \(unescaped: time)) / 86400)::int8, \(unescaped: columns.joined(separator: ", "))
            FROM \(unescaped: table) WHERE \(unescaped: time) >= \(from) AND \(unescaped: time) < \(to) GROUP BY 1
            """)
        return try (0..<rows.rowCount).map { index in
            let row = rows.row(index)
            let day = try row.decode(Int.self)
            let values = try (0..<columns.count).map { try PGRowSlice(row, from: $0 + 1).decode(Double.self) }
            return (day, values)
        }
    }
}
