import Postgres

/// Loads a `SeedShape` into the analytics source tables with COPY, in one transaction: a failure leaves the
/// tables as they were. The tables' secondary indexes are dropped during the load and built again after it
/// (faster than maintaining them row by row), inside the same transaction. The change-log triggers are off during
/// the COPY (they would hold every row in a transition table); the seeded days are logged once at the end instead,
/// so the rollups catch up as they do after any other write.
struct Seeder {
    public struct Summary: Sendable {
        public var users: Int
        public var events: Int
        public var requests: Int
    }

    public enum Failure: Error, CustomStringConvertible {
        case notEmpty
        case noUsers

        public var description: String {
            switch self {
            case .notEmpty: "the analytics source tables already hold data; pass --replace to delete it and seed again"
            case .noUsers: "analytics_users is empty: seed the data first, then append older events to it"
            }
        }
    }

    static let tables = ["analytics_users", "analytics_events", "analytics_requests"]

    public init() {}

    func run(
        _ connection: PGConnection, shape data: inout some SeedShape, replace: Bool, progress: (String) -> Void
    ) throws -> Summary {
        try connection.transaction {
            // The seed is all or nothing and can be run again: its commit may return before the WAL is on disk.
            try connection.execute(unsafeSQL: "SET LOCAL synchronous_commit = off")
            let indexes = try prepare(connection, replace: replace)
            let summary = try copy(&data, into: connection, progress: progress)
            let dayNumbers = Array(data.dayNumbers)
            for table in Self.tables.prefix(2) {
                try connection.execute(unsafeSQL: "ALTER TABLE \(table) ENABLE TRIGGER USER")
            }
            try connection.query(
                """
                INSERT INTO analytics_change_log (day)
                SELECT generate_series(\(dayNumbers.first ?? 0)::int4, \(dayNumbers.last ?? -1)::int4) UNION ALL SELECT -1
                UNION ALL SELECT unnest(\(data.outlyingDays.map(String.init))::int4[])
                """)
            progress("seed: building \(indexes.count) indexes")
            for definition in indexes { try connection.execute(unsafeSQL: definition) }
            for table in Self.tables { try connection.execute(unsafeSQL: "ANALYZE \(table)") }
            return summary
        }
    }

    /// Appends at least `events` events of `data`'s shape, spread evenly over the UTC days `daysBefore` days
    /// before its `now`, by the users already in `analytics_users`: one COPY in one transaction, with the indexes
    /// and the change-log triggers left on, so that the rollups see it as any other write. Returns how many.
    func append(
        _ connection: PGConnection, shape data: some SeedShape, events: Int, daysBefore: ClosedRange<Int>,
        progress: (String) -> Void
    ) throws -> Int {
        try connection.transaction {
            let userIDs = try connection.query("SELECT user_id FROM analytics_users ORDER BY user_id").decode(
                String.self)
            guard !userIDs.isEmpty else { throw Failure.noUsers }
            let today = Int((data.now / 86_400).rounded(.down))
            let days = Array((today - daysBefore.upperBound)...(today - daysBefore.lowerBound))
            var (next, written) = (0, 0)
            try connection.copy(unsafeSQL: "COPY analytics_events FROM STDIN") { buffer in
                guard next < days.count else { return false }
                let quota = events * (next + 1) / days.count - events * next / days.count
                written += data.olderDay(days[next], events: quota, userIDs: userIDs, into: &buffer)
                next += 1
                if next % max(1, days.count / 10) == 0 || next == days.count {
                    progress("append: \(next * 100 / days.count)% of \(days.count) days, \(written) events")
                }
                return next < days.count
            }
            return written
        }
    }

    /// Empties the tables (or checks they are empty), drops their secondary indexes and turns the change-log
    /// triggers off; returns the dropped indexes' definitions, to build them again after the load.
    func prepare(_ connection: PGConnection, replace: Bool) throws -> [String] {
        if replace {
            try connection.execute(unsafeSQL: "TRUNCATE analytics_users, analytics_events, analytics_requests")
        } else {
            let existing = try connection.query(
                "SELECT (SELECT count(*) FROM (SELECT 1 FROM analytics_users LIMIT 1) u) + (SELECT count(*) FROM (SELECT 1 FROM analytics_events LIMIT 1) e)"
            )
            guard try existing.row(0).decode(Int.self) == 0 else { throw Failure.notEmpty }
        }
        let indexes = try connection.query(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(\(Self.tables))
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """
        ).decode((String, String).self)
        for (name, _) in indexes { try connection.query(PGQuery(unsafeSQL: "DROP INDEX \"\(name)\"")) }
        for table in Self.tables.prefix(2) {
            try connection.execute(unsafeSQL: "ALTER TABLE \(table) DISABLE TRIGGER USER")
        }
        return indexes.map(\.1)
    }

    /// Streams the users, each day's events, the requests and then the late events with COPY.
    func copy<Shape: SeedShape>(_ data: inout Shape, into connection: PGConnection, progress: (String) -> Void)
        throws -> Summary
    {
        let profiles = (0..<data.users).map { data.profile($0) }
        var summary = Summary(users: data.users, events: 0, requests: 0)
        var sentUsers = false
        try connection.copy(unsafeSQL: "COPY analytics_users FROM STDIN") { buffer in
            if !sentUsers { data.userRows(profiles, into: &buffer) }
            sentUsers = true
            return false
        }
        let dayNumbers = Array(data.dayNumbers)
        var next = 0
        try connection.copy(unsafeSQL: "COPY analytics_events FROM STDIN") { buffer in
            guard next < dayNumbers.count else { return false }
            summary.events += data.day(dayNumbers[next], profiles: profiles, into: &buffer)
            next += 1
            if next % max(1, dayNumbers.count / 10) == 0 || next == dayNumbers.count {
                progress(
                    "seed: \(next * 100 / dayNumbers.count)% of \(dayNumbers.count) days, \(summary.events) events")
            }
            return next < dayNumbers.count
        }
        let requests = SyntheticRequests(seed: data.seed, start: data.start, now: data.now)
        summary.requests = try copyRequests(requests, connection)
        var late: [UInt8] = []
        let lateCount = data.lateRows(into: &late)
        if lateCount > 0 {
            progress("seed: \(lateCount) late events")
            try connection.copy(unsafeSQL: "COPY analytics_events FROM STDIN") { buffer in
                swap(&buffer, &late)
                return false
            }
            summary.events += lateCount
        }
        return summary
    }

    /// Streams the requests from the start of the data to its end; returns how many.
    private func copyRequests(_ requests: SyntheticRequests, _ connection: PGConnection) throws -> Int {
        var requests = requests
        let bursts = requests.burstStarts()
        var time = requests.start
        var count = 0
        try connection.copy(unsafeSQL: "COPY analytics_requests FROM STDIN") { buffer in
            let (reached, written) = requests.requests(into: &buffer, from: time, to: requests.now, bursts: bursts)
            time = reached
            count += written
            return time < requests.now
        }
        return count
    }
}
