import Domain
import Logging
import Postgres

/// The rollups of migration 4 and the one pass that keeps them current.
///
/// Triggers on the source tables append the day of every changed event to `analytics_change_log` (day -1 when
/// `analytics_users` changed). A pass, under a session advisory lock so that one responder at a time does it, takes
/// a REPEATABLE READ snapshot, deletes the log rows that snapshot sees, rebuilds those days' rollups from the same
/// snapshot and gives each a new `rollup_days.version`. Log rows committed after the snapshot stay for the next
/// pass, so no change is lost between the read and the delete.
enum RollupSQL {
    /// Arbitrary, fixed: the advisory lock that makes passes take turns across responders.
    static let lockKey = 7_210_615_001

    /// Event-name bits, as `ActivityFlags`.
    static let flags = EventName.flagsSQL
    /// `[$1, $2)`, both timestamptz.
    static let bounds = "occurred_at >= $1 AND occurred_at < $2"

    /// Per user and hour of `[$1, $2)`: hour, user_id, events, bookings, flags, revenue, then the counts exports
    /// read (page views, bookings started, trips, reviews).
    static let userHours = """
        SELECT floor(extract(epoch FROM occurred_at) / 3600)::int8 AS hour, user_id, count(*)::int4,
          (count(*) FILTER (WHERE name = 'booking_completed'))::int4, \(flags),
          coalesce(sum(revenue) FILTER (WHERE name = 'booking_completed'), 0),
          (count(*) FILTER (WHERE name = 'page_view'))::int4, (count(*) FILTER (WHERE name = 'booking_started'))::int4,
          (count(*) FILTER (WHERE name = 'trip_view'))::int4, (count(*) FILTER (WHERE name = 'review_posted'))::int4
        FROM analytics_events WHERE \(bounds) GROUP BY 1, 2
        """
    /// Per session part in `[$1, $2)`: session_id, user_id, first event, the first ten names, the last page viewed.
    static let sessions = """
        SELECT session_id, min(user_id), min(occurred_at),
          array_to_string((array_agg(name ORDER BY occurred_at, name))[1:10], ','),
          (array_agg(coalesce(properties->>'page', '') ORDER BY occurred_at DESC, properties->>'page')
            FILTER (WHERE name = 'page_view'))[1]
        FROM analytics_events WHERE \(bounds) GROUP BY session_id
        """
    /// Per user, feature and hour of `[$1, $2)`: user_id, feature, first use.
    static let features = """
        SELECT user_id, properties->>'feature', min(occurred_at)
        FROM analytics_events WHERE \(bounds) AND name = 'feature_used' AND properties ? 'feature'
        GROUP BY user_id, properties->>'feature', floor(extract(epoch FROM occurred_at) / 3600)
        """

    /// Rebuilds the rollups of at most `maxDays` logged days (the earliest first) in one transaction, so that a
    /// backlog (a migration over existing data, a bulk load) never holds locks for long; returns how many logged days
    /// it took, or nil when another responder holds the lock. Only days of the analytics window at `now` are
    /// rebuilt: older ones are dropped, later ones wait in the log until their time comes. The users changed are
    /// published under one new version.
    static func pass(_ connection: PGConnection, maxDays: Int = 8, now: Double, prune: Bool, logger: Logger) throws
        -> Int?
    {
        let locked = try connection.query("SELECT pg_try_advisory_lock(\(lockKey))")
        guard try locked.row(0).decode(Bool.self) else { return nil }
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(lockKey))") }
        let started = Monotonic.now()
        let window = AnalyticsWindow.keptDays(now: now)
        try connection.execute(unsafeSQL: "BEGIN ISOLATION LEVEL REPEATABLE READ")
        do {
            // Rollups are derived, and the change-log rows go in the same transaction: a crash loses both or
            // neither, so the commit need not wait for the WAL flush. Sorts of a day's sessions fit in memory.
            try connection.execute(unsafeSQL: "SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '64MB'")
            let days = try connection.query(
                """
                WITH d AS (
                  DELETE FROM analytics_change_log
                  WHERE day IN (
                    SELECT DISTINCT day FROM analytics_change_log WHERE day <= \(window.upperBound) ORDER BY day
                    LIMIT \(maxDays))
                  RETURNING day
                )
                SELECT DISTINCT day FROM d ORDER BY day
                """
            ).decode(Int.self)
            for day in days where window.contains(day) {
                try rebuild(day: day, connection)
                try connection.query(
                    """
                    INSERT INTO rollup_days (day, version) VALUES (\(day), nextval('rollup_version'))
                    ON CONFLICT (day) DO UPDATE SET version = excluded.version
                    """)
            }
            try publishUserChanges(everyUser: days.contains(-1), connection)
            if prune || days.contains(where: { $0 >= 0 && $0 < window.lowerBound }) {
                try dropDays(before: window.lowerBound, connection)
            }
            try countIgnored(now: now, connection)
            try connection.execute(unsafeSQL: "COMMIT")
            if !days.isEmpty {
                logger.debug(
                    "rollups rebuilt", metadata: ["days": "\(days.count)", "ms": "\(Int(started.millisecondsElapsed))"])
            }
            return days.count
        } catch {
            try connection.rollBack(after: error)
        }
    }

    /// Moves the logged user ids (NULL: every user) to `rollup_user_changes` under one new version, recorded as
    /// day -1's; prunes changes older than ten minutes (a responder further behind reloads every user).
    static func publishUserChanges(everyUser: Bool, _ connection: PGConnection) throws {
        let moved = try connection.query(
            """
            WITH moved AS (DELETE FROM analytics_user_change_log RETURNING user_id),
              version AS (SELECT nextval('rollup_version') AS v)
            INSERT INTO rollup_user_changes (version, user_id)
            SELECT (SELECT v FROM version), user_id
            FROM (SELECT DISTINCT user_id FROM moved UNION SELECT NULL WHERE \(everyUser)) u
            RETURNING version
            """)
        if let version = try moved.decode(Int.self).first {
            try connection.query(
                """
                INSERT INTO rollup_days (day, version) VALUES (-1, \(version))
                ON CONFLICT (day) DO UPDATE SET version = excluded.version
                """)
        }
        try connection.query(
            """
            WITH pruned AS (DELETE FROM rollup_user_changes WHERE at < now() - interval '10 minutes' RETURNING version)
            UPDATE rollup_user_pruned SET version = greatest(version, (SELECT max(version) FROM pruned))
            WHERE EXISTS (SELECT 1 FROM pruned)
            """)
    }

    /// Deletes the rollups of days before the window, which no responder keeps.
    static func dropDays(before first: Int, _ connection: PGConnection) throws {
        for table in ["rollup_user_hours", "rollup_sessions", "rollup_features", "rollup_days"] {
            try connection.query("DELETE FROM \(unescaped: table) WHERE day >= 0 AND day < \(first)")
        }
    }

    /// Recounts the events the rollups ignore, when there may be any: dated before 2000 or after now + 1 day.
    static func countIgnored(now: Double, _ connection: PGConnection) throws {
        let first = PGTimestamp(Double(AnalyticsWindow.firstValidDay) * 86_400)
        let last = PGTimestamp(now + Double(AnalyticsWindow.futureSlackDays) * 86_400)
        try connection.query(
            """
            UPDATE rollup_ignored SET events = CASE kind
              WHEN 'before_2000' THEN (SELECT count(*) FROM analytics_events WHERE occurred_at < \(first))
              ELSE (SELECT count(*) FROM analytics_events WHERE occurred_at > \(last)) END
            """)
    }

    static func rebuild(day: Int, _ connection: PGConnection) throws {
        let (start, end) = (PGTimestamp(Double(day) * 86_400), PGTimestamp(Double(day + 1) * 86_400))
        for table in ["rollup_user_hours", "rollup_sessions", "rollup_features"] {
            try connection.query("DELETE FROM \(unescaped: table) WHERE day = \(day)")
        }
        let statements = [
            (
                "rollup_user_hours (day, hour, user_id, events, bookings, flags, revenue, page_views, bookings_started, trips, reviews)",
                userHours
            ),
            ("rollup_sessions (day, session_id, user_id, started_at, path, exit_page)", sessions),
            ("rollup_features (day, user_id, feature, first_at)", features),
        ]
        for (target, select) in statements {
            try connection.query(
                PGQuery(
                    unsafeSQL: "INSERT INTO \(target) SELECT $3::int4, r.* FROM (\(select)) r",
                    binds: [PGBind(start), PGBind(end), PGBind(Int32(day))]))
        }
    }

    /// A row of `userHours` (or of `rollup_user_hours`): hour, user_id, events, bookings, flags, revenue.
    static func userHour(_ row: PGRow) throws -> UserHourRow {
        let (hour, user, events, bookings, flags, revenue) = try row.decode(
            (Int64, String, Int32, Int32, Int, Double).self)
        return UserHourRow(
            hour: hour, userID: user, events: events, bookings: bookings,
            flags: ActivityFlags(rawValue: UInt16(truncatingIfNeeded: flags)),
            revenueCents: Int64((revenue * 100).rounded()))
    }

    /// A row of `features` (or of `rollup_features`): user_id, feature, first use.
    static func featureUse(_ row: PGRow) throws -> FeatureUseRow {
        let (user, feature, firstAt) = try row.decode((String, String, PGTimestamp).self)
        return FeatureUseRow(firstAt: firstAt.seconds, userID: user, feature: feature)
    }
}
