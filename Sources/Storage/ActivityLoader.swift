import Foundation
public import Handlers
public import Logging
public import Postgres

/// Builds the process's `ActivitySnapshot` from the rollup tables and keeps it current: each refresh reads
/// `rollup_days` and reloads only the days whose version changed (day -1: the users). One thread owns a loader.
public final class ActivityLoader {
    let model: ActivityModel
    private var snapshot = ActivitySnapshot()
    private var users: [String: Int32] = [:]
    private var paths: [String: Int32] = [:]
    private var pages: [String: Int32] = [:]
    private var features: [String: Int32] = [:]
    private var versions: [Int: Int] = [:]
    private var published = false

    public init(model: ActivityModel) { self.model = model }

    /// Reloads what changed since the last refresh and publishes the result, stamped `asOf`; returns the number of
    /// days reloaded.
    @discardableResult
    public func refresh(_ connection: PGConnection, asOf: Double = Timestamp.now()) throws -> Int {
        try connection.execute(unsafeSQL: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        var reloaded = 0
        do {
            let listed = try connection.query("SELECT day, version FROM rollup_days")
            var seen = Set<Int>()
            var changed: [(day: Int, version: Int)] = []
            for row in 0..<listed.rowCount {
                guard let day = listed.int(row, 0), let version = listed.int(row, 1) else { continue }
                seen.insert(day)
                if versions[day] != version { changed.append((day, version)) }
            }
            let usersChanged = changed.contains { $0.day == -1 } || !published
            if usersChanged { try loadUsers(connection) }
            for (day, _) in changed where day >= 0 {
                snapshot.replace(day: Int32(day), with: try loadDay(day, connection))
                reloaded += 1
            }
            for day in versions.keys where !seen.contains(day) && day >= 0 {
                snapshot.replace(day: Int32(day), with: ActivityDay())
                versions[day] = nil
                reloaded += 1
            }
            try connection.execute(unsafeSQL: "COMMIT")
            for (day, version) in changed { versions[day] = version }
            if reloaded > 0 || usersChanged || !published {
                snapshot.paths = Self.names(paths)
                snapshot.pages = Self.names(pages)
                snapshot.features = Self.names(features)
                snapshot.userIndex = users
                snapshot.featureIndex = features
                snapshot.buildIndexes()
            }
            snapshot.asOf = asOf
            model.publish(snapshot)
            published = true
        } catch {
            if connection.isConnected { try? connection.execute(unsafeSQL: "ROLLBACK") }
            throw error
        }
        return reloaded
    }

    static func names(_ index: [String: Int32]) -> [String] {
        var names = Array(repeating: "", count: index.count)
        for (name, position) in index { names[Int(position)] = name }
        return names
    }

    static func intern(_ name: String, _ index: inout [String: Int32]) -> Int32 {
        if let known = index[name] { return known }
        let position = Int32(index.count)
        index[name] = position
        return position
    }

    /// The index of `id`; a user first seen in events is added as unknown (no signup, no plan).
    func user(_ id: String) -> Int32 {
        if let known = users[id] { return known }
        let position = Int32(users.count)
        users[id] = position
        snapshot.users.append(signup: nil, premium: false)
        return position
    }

    func loadUsers(_ connection: PGConnection) throws {
        let rows = try connection.query(
            "SELECT user_id, extract(epoch FROM signed_up_at)::float8, plan = 'premium' FROM analytics_users")
        var fresh = ActivityUsers()
        for _ in 0..<users.count { fresh.append(signup: nil, premium: false) }
        snapshot.users = fresh
        for row in 0..<rows.rowCount {
            guard let id = rows.string(row, 0), let signup = rows.double(row, 1) else { continue }
            let index = Int(user(id))
            snapshot.users.signups[index] = signup
            snapshot.users.premium[index] = rows.bool(row, 2) == true
            snapshot.users.known[index] = true
        }
    }

    func loadDay(_ day: Int, _ connection: PGConnection) throws -> ActivityDay {
        let hours = try connection.query(
            """
            SELECT hour, user_id, events, bookings, flags, (revenue * 100)::int8 FROM rollup_user_hours
            WHERE day = \(day) ORDER BY hour
            """)
        var result = ActivityDay()
        result.hours.reserveCapacity(hours.rowCount)
        for row in 0..<hours.rowCount {
            result.hours.append(
                UserHour(
                    hour: Int32(hours.int(row, 0) ?? 0), user: user(hours.string(row, 1) ?? ""),
                    events: Int32(hours.int(row, 2) ?? 0), bookings: Int32(hours.int(row, 3) ?? 0),
                    flags: ActivityFlags(rawValue: UInt16(truncatingIfNeeded: hours.int(row, 4) ?? 0)),
                    revenueCents: Int64(hours.int(row, 5) ?? 0)))
        }
        let sessions = try connection.query(
            """
            SELECT user_id, extract(epoch FROM started_at)::float8, path, exit_page FROM rollup_sessions
            WHERE day = \(day)
            """)
        result.sessions.reserveCapacity(sessions.rowCount)
        for row in 0..<sessions.rowCount {
            result.sessions.append(
                SessionPart(
                    start: sessions.double(row, 1) ?? 0, user: user(sessions.string(row, 0) ?? ""),
                    path: Self.intern(sessions.string(row, 2) ?? "", &paths),
                    exitPage: sessions.string(row, 3).map { Self.intern($0, &pages) } ?? -1))
        }
        let uses = try connection.query(
            "SELECT user_id, feature, extract(epoch FROM first_at)::float8 FROM rollup_features WHERE day = \(day)")
        result.features.reserveCapacity(uses.rowCount)
        for row in 0..<uses.rowCount {
            result.features.append(
                FeatureUse(
                    firstAt: uses.double(row, 2) ?? 0, user: user(uses.string(row, 0) ?? ""),
                    feature: Self.intern(uses.string(row, 1) ?? "", &features)))
        }
        return result
    }
}

/// The thread that keeps rollups and the in-memory model current: every `interval` seconds a rollup pass (when no
/// other responder is doing one), a reload of the last two hours of events for `/realtime`, and a model refresh. It has its own connection and reconnects with backoff.
public final class AnalyticsRefresher: @unchecked Sendable {
    private let session: DatabaseSession
    private let interval: Double
    private let logger: Logger
    private let loader: ActivityLoader

    public init(conninfo: String, model: ActivityModel, interval: Double, logger: Logger) {
        session = DatabaseSession(conninfo: conninfo, logger: logger)
        self.interval = interval
        self.logger = logger
        loader = ActivityLoader(model: model)
    }

    /// Starts the thread; it runs until the process exits.
    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "analytics-refresher"
        thread.start()
    }

    func run() {
        var failures = 0
        while true {
            do {
                try session.withConnection { try refresh($0) }
                failures = 0
                Thread.sleep(forTimeInterval: interval)
            } catch {
                failures += 1
                if failures == 1 || failures % 50 == 0 {
                    logger.warning("analytics refresh failed", metadata: ["error": "\(error)"])
                }
                Thread.sleep(forTimeInterval: DatabaseSession.backoff(afterFailures: failures))
            }
        }
    }

    /// One round: rollup passes, the recent events, the model.
    func refresh(_ connection: PGConnection) throws {
        let started = Timestamp.monotonic()
        // A backlog is worked off in batches for up to 5 s before the model is refreshed with what is done.
        var rebuilt = 0
        while let days = try Rollups.pass(connection, maxDays: 8, logger: logger) {
            rebuilt += days
            if days < 8 || Timestamp.monotonic() - started > 5 { break }
        }
        let asOf = Timestamp.now()
        loader.model.publishRecent(try RecentLoader.load(connection, now: asOf))
        let reloaded = try loader.refresh(connection, asOf: asOf)
        if rebuilt > 0 || reloaded > 0 {
            logger.info(
                "analytics model refreshed",
                metadata: [
                    "rollup.days": "\(rebuilt)", "model.days": "\(reloaded)",
                    "ms": "\(Int((Timestamp.monotonic() - started) * 1000))",
                ])
        }
    }
}

/// Reads the last two hours (and a minute) of events and requests for `/realtime`.
enum RecentLoader {
    /// Above this many events in the window the responder keeps none and `/realtime` queries instead.
    static let maximumEvents = 2_000_000
    static let span = 2 * 3600.0 + 60

    static func load(_ connection: PGConnection, now: Double) throws -> RecentActivity? {
        var recent = RecentActivity(from: now - span, loadedAt: now)
        let events = try connection.query(
            """
            SELECT extract(epoch FROM occurred_at)::float8, user_id,
              CASE name WHEN 'page_view' THEN 1 WHEN 'booking_completed' THEN 2 ELSE 0 END, revenue::float8
            FROM analytics_events WHERE occurred_at > to_timestamp(\(recent.from))
            ORDER BY occurred_at LIMIT \(maximumEvents + 1)
            """)
        guard events.rowCount <= maximumEvents else { return nil }
        var users: [String: Int32] = [:]
        recent.eventTimes.reserveCapacity(events.rowCount)
        for row in 0..<events.rowCount {
            let id = events.string(row, 1) ?? ""
            let user: Int32
            if let known = users[id] {
                user = known
            } else {
                user = Int32(users.count)
                users[id] = user
            }
            recent.eventTimes.append(events.double(row, 0) ?? 0)
            recent.eventUsers.append(user)
            recent.eventKinds.append(RecentActivity.Kind(rawValue: UInt8(events.int(row, 2) ?? 0)) ?? .other)
            recent.eventRevenue.append(events.double(row, 3) ?? 0)
        }
        recent.userCount = users.count
        let requests = try connection.query(
            """
            SELECT extract(epoch FROM occurred_at)::float8, status >= 500 FROM analytics_requests
            WHERE occurred_at > to_timestamp(\(recent.from)) ORDER BY occurred_at LIMIT \(maximumEvents + 1)
            """)
        guard requests.rowCount <= maximumEvents else { return nil }
        for row in 0..<requests.rowCount {
            recent.requestTimes.append(requests.double(row, 0) ?? 0)
            recent.requestErrors.append(requests.bool(row, 1) == true)
        }
        return recent
    }
}
