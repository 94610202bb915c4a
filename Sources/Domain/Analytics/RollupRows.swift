/// One user's events in one UTC hour, as the rollups store it (users by id).
public struct UserHourRow: Sendable, Equatable {
    /// Hours since 1970-01-01T00:00Z.
    public var hour: Int64
    public var userID: String
    public var events: Int32
    /// `booking_completed` events.
    public var bookings: Int32
    public var flags: ActivityFlags
    public var revenueCents: Int64

    public init(
        hour: Int64, userID: String, events: Int32, bookings: Int32, flags: ActivityFlags, revenueCents: Int64
    ) {
        (self.hour, self.userID, self.events, self.bookings) = (hour, userID, events, bookings)
        (self.flags, self.revenueCents) = (flags, revenueCents)
    }
}

/// A session's events within one UTC day, as the rollups store it.
public struct SessionRow: Sendable, Equatable {
    public var start: Double
    public var userID: String
    /// The first ten event names, comma-joined.
    public var path: String
    /// The page of the last `page_view`, if any.
    public var exitPage: String?

    public init(start: Double, userID: String, path: String, exitPage: String?) {
        (self.start, self.userID, self.path, self.exitPage) = (start, userID, path, exitPage)
    }
}

/// A user's first use of a feature within one UTC hour.
public struct FeatureUseRow: Sendable, Equatable {
    public var firstAt: Double
    public var userID: String
    public var feature: String

    public init(firstAt: Double, userID: String, feature: String) {
        (self.firstAt, self.userID, self.feature) = (firstAt, userID, feature)
    }
}

/// The rollup rows of one UTC day.
public struct RollupDay: Sendable, Equatable {
    public var hours: [UserHourRow] = []
    public var sessions: [SessionRow] = []
    public var features: [FeatureUseRow] = []

    public init(hours: [UserHourRow] = [], sessions: [SessionRow] = [], features: [FeatureUseRow] = []) {
        (self.hours, self.sessions, self.features) = (hours, sessions, features)
    }
}

/// A row of `analytics_users`.
public struct UserRow: Sendable, Equatable {
    public var id: String
    public var signup: Double
    public var isPremium: Bool

    public init(id: String, signup: Double, isPremium: Bool) {
        (self.id, self.signup, self.isPremium) = (id, signup, isPremium)
    }
}

/// The recent events and requests `/realtime` counts in memory, in time order.
public struct RecentRows: Sendable, Equatable {
    public var eventTimes: [Double] = []
    public var eventUsers: [String] = []
    public var eventNames: [EventName?] = []
    public var eventRevenue: [Double] = []
    public var requestTimes: [Double] = []
    public var requestStatuses: [Int] = []

    public init() {}
}

/// The rollup tables and the recent source rows, as the analytics engine's loader reads them.
public protocol RollupReader {
    /// Runs a rollup pass over at most `maxDays` changed days; nil when another responder holds the pass.
    func rollupPass(maxDays: Int) throws -> Int?
    /// Runs `body` inside one read-only snapshot of the database, so every read in it sees the same data.
    func inSnapshot<T>(_ body: () throws -> T) throws -> T
    /// Each rolled-up day's version (day -1: the users), bumped whenever the day is rebuilt.
    func dayVersions() throws -> [(day: Int, version: Int)]
    func users() throws -> [UserRow]
    /// The users changed after version `version`, each with its row or nil when it was deleted; nil when the
    /// changes since then are no longer kept (the caller then reloads every user).
    func userChanges(after version: Int) throws -> [(id: String, row: UserRow?)]?
    /// Events the rollups ignore: dated before 2000-01-01 or more than a day ahead of now.
    func ignoredEvents() throws -> Int
    func day(_ day: Int) throws -> RollupDay
    /// Events and requests after `from`, or nil when there are more than `limit` of either.
    func recent(after from: Double, limit: Int) throws -> RecentRows?
}
