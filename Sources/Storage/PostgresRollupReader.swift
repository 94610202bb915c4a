public import Domain
public import Logging
import Postgres

/// The rollup tables and the recent source rows on one connection of its own (the refresher's), for the analytics
/// engine's loader; also runs the rollup passes that keep the tables current.
public final class PostgresRollupReader: RollupReader {
    let database: DatabaseHandle
    /// The connection of the snapshot `inSnapshot` holds open, if any.
    private var snapshotConnection: PGConnection?
    /// The window's first day at the last pass, to drop older rollups once each time it moves.
    private var firstKeptDay: Int?

    public init(session: DatabaseSession, logger: Logger) {
        database = DatabaseHandle(session: session, logger: logger)
    }

    public func rollupPass(maxDays: Int) throws -> Int? {
        let now = Timestamp.now()
        let first = AnalyticsWindow.keptDays(now: now).lowerBound
        let done = try database.withConnection {
            try RollupSQL.pass($0, maxDays: maxDays, now: now, prune: first != firstKeptDay, logger: database.logger)
        }
        if done != nil { firstKeptDay = first }
        return done
    }

    public func inSnapshot<T>(_ body: () throws -> T) throws -> T {
        try database.withConnection { connection in
            try connection.execute(unsafeSQL: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshotConnection = connection
            defer { snapshotConnection = nil }
            do {
                let value = try body()
                try connection.execute(unsafeSQL: "COMMIT")
                return value
            } catch {
                try connection.rollBack(after: error)
            }
        }
    }

    /// Runs `body` on the snapshot's connection when inside `inSnapshot`, else on the session's.
    private func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T {
        if let snapshotConnection { return try body(snapshotConnection) }
        return try database.withConnection(body)
    }

    public func dayVersions() throws -> [(day: Int, version: Int)] {
        try withConnection { try $0.query("SELECT day, version FROM rollup_days").decode((Int, Int).self) }
            .map { (day: $0.0, version: $0.1) }
    }

    public func users() throws -> [UserRow] {
        try withConnection { connection in
            try connection.query("SELECT user_id, signed_up_at, plan = 'premium' FROM analytics_users")
                .decode((String, PGTimestamp, Bool).self)
                .map { UserRow(id: $0.0, signup: $0.1.seconds, isPremium: $0.2) }
        }
    }

    public func userChanges(after version: Int) throws -> [(id: String, row: UserRow?)]? {
        try withConnection { connection in
            let pruned = try connection.query("SELECT version FROM rollup_user_pruned").decode(Int.self).first ?? 0
            guard pruned <= version else { return nil }
            let rows = try connection.query(
                """
                SELECT DISTINCT c.user_id, u.signed_up_at, u.plan = 'premium'
                FROM rollup_user_changes c LEFT JOIN analytics_users u ON u.user_id = c.user_id
                WHERE c.version > \(version)
                """
            ).decode((String?, PGTimestamp?, Bool?).self)
            var changes: [(id: String, row: UserRow?)] = []
            for (id, signup, premium) in rows {
                guard let id else { return nil }  // every user changed
                changes.append((id, signup.map { UserRow(id: id, signup: $0.seconds, isPremium: premium ?? false) }))
            }
            return changes
        }
    }

    public func ignoredEvents() throws -> Int {
        try withConnection {
            try $0.query("SELECT coalesce(sum(events), 0)::int8 FROM rollup_ignored").row(0).decode(Int.self)
        }
    }

    public func day(_ day: Int) throws -> RollupDay {
        try withConnection { connection in
            let hours = try connection.query(
                """
                SELECT hour, user_id, events, bookings, flags, revenue FROM rollup_user_hours
                WHERE day = \(day) ORDER BY hour
                """)
            let sessions = try connection.query(
                "SELECT user_id, started_at, path, exit_page FROM rollup_sessions WHERE day = \(day)")
            let features = try connection.query(
                "SELECT user_id, feature, first_at FROM rollup_features WHERE day = \(day)")
            return RollupDay(
                hours: try (0..<hours.rowCount).map { try RollupSQL.userHour(hours.row($0)) },
                sessions: try sessions.decode((String, PGTimestamp, String, String?).self).map {
                    SessionRow(start: $0.1.seconds, userID: $0.0, path: $0.2, exitPage: $0.3)
                },
                features: try (0..<features.rowCount).map { try RollupSQL.featureUse(features.row($0)) })
        }
    }

    public func recent(after from: Double, limit: Int) throws -> RecentRows? {
        try withConnection { connection in
            let events = try connection.query(
                """
                SELECT occurred_at, user_id, name, revenue::float8 FROM analytics_events
                WHERE occurred_at > \(PGTimestamp(from)) AND occurred_at <= \(PGTimestamp(from + 2 * 86_400))
                ORDER BY occurred_at LIMIT \(limit + 1)
                """)
            guard events.rowCount <= limit else { return nil }
            let requests = try connection.query(
                """
                SELECT occurred_at, status FROM analytics_requests
                WHERE occurred_at > \(PGTimestamp(from)) ORDER BY occurred_at LIMIT \(limit + 1)
                """)
            guard requests.rowCount <= limit else { return nil }
            var rows = RecentRows()
            rows.eventTimes.reserveCapacity(events.rowCount)
            for index in 0..<events.rowCount {
                let (at, user, name, revenue) = try events.row(index).decode((PGTimestamp, String, String, Double).self)
                rows.eventTimes.append(at.seconds)
                rows.eventUsers.append(user)
                rows.eventNames.append(EventName(rawValue: name))
                rows.eventRevenue.append(revenue)
            }
            for (at, status) in try requests.decode((PGTimestamp, Int).self) {
                rows.requestTimes.append(at.seconds)
                rows.requestStatuses.append(status)
            }
            return rows
        }
    }
}
