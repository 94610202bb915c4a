import Glibc

/// Which kinds of event a user had in one hour, as bits (the funnel's steps and the adoption signals).
public struct ActivityFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `session_start` or `page_view`: the funnel's first step.
    public static let visit = ActivityFlags(rawValue: 1)
    public static let search = ActivityFlags(rawValue: 2)
    public static let tripView = ActivityFlags(rawValue: 4)
    public static let bookingStarted = ActivityFlags(rawValue: 8)
    public static let bookingCompleted = ActivityFlags(rawValue: 16)
    public static let featureUsed = ActivityFlags(rawValue: 32)
    public static let reviewPosted = ActivityFlags(rawValue: 64)

    /// The flag of each funnel step, in `FunnelStep` order.
    public static let funnel: [ActivityFlags] = [.visit, .search, .tripView, .bookingStarted, .bookingCompleted]
}

/// One user's events in one UTC hour: the rollup row everything but `/realtime` is computed from.
public struct UserHour: Sendable, Equatable {
    /// Hours since 1970-01-01T00:00Z.
    public var hour: Int32
    /// The user's index in `ActivityUsers`.
    public var user: Int32
    public var events: Int32
    /// `booking_completed` events.
    public var bookings: Int32
    public var flags: ActivityFlags
    /// Revenue of the hour's `booking_completed` events, in cents.
    public var revenueCents: Int64

    public init(
        hour: Int32, user: Int32, events: Int32, bookings: Int32 = 0, flags: ActivityFlags, revenueCents: Int64 = 0
    ) {
        (self.hour, self.user, self.events, self.bookings) = (hour, user, events, bookings)
        (self.flags, self.revenueCents) = (flags, revenueCents)
    }
}

/// A session's events within one UTC day (a session that crosses midnight is two parts).
public struct SessionPart: Sendable, Equatable {
    /// The part's first event, seconds since the epoch.
    public var start: Double
    public var user: Int32
    /// Index in `ActivitySnapshot.paths`: the first ten event names, comma-joined.
    public var path: Int32
    /// Index in `ActivitySnapshot.pages` of the last `page_view`'s page, or -1 when the part has none.
    public var exitPage: Int32

    public init(start: Double, user: Int32, path: Int32, exitPage: Int32) {
        (self.start, self.user, self.path, self.exitPage) = (start, user, path, exitPage)
    }
}

/// A user's first use of a feature within one UTC hour.
public struct FeatureUse: Sendable, Equatable {
    /// Seconds since the epoch.
    public var firstAt: Double
    public var user: Int32
    /// Index in `ActivitySnapshot.features`.
    public var feature: Int32

    public init(firstAt: Double, user: Int32, feature: Int32) {
        (self.firstAt, self.user, self.feature) = (firstAt, user, feature)
    }
}

/// The rollup rows of one UTC day; `hours` ordered by hour.
public struct ActivityDay: Sendable, Equatable {
    public var hours: [UserHour] = []
    public var sessions: [SessionPart] = []
    public var features: [FeatureUse] = []

    public init(hours: [UserHour] = [], sessions: [SessionPart] = [], features: [FeatureUse] = []) {
        (self.hours, self.sessions, self.features) = (hours.sorted { $0.hour < $1.hour }, sessions, features)
    }
}

/// Every user the rows refer to, by index. Users seen in events but absent from `analytics_users` are `known:
/// false`: they belong to no segment that needs a signup time or a plan.
public struct ActivityUsers: Sendable, Equatable {
    /// Sign-up instant, seconds since the epoch (0 when unknown).
    public var signups: [Double] = []
    public var premium: [Bool] = []
    public var known: [Bool] = []

    public init() {}

    public var count: Int { signups.count }

    public mutating func append(signup: Double?, premium: Bool) {
        signups.append(signup ?? 0)
        self.premium.append(premium)
        known.append(signup != nil)
    }
}

/// An immutable picture of the rollups, shared by every request until the next refresh replaces it.
public struct ActivitySnapshot: Sendable {
    /// When the rollups this picture holds were read (seconds since the epoch): data committed before the rollup
    /// pass preceding that instant is in it.
    public var asOf: Double = 0
    /// UTC day number (days since 1970-01-01) of `days[0]`.
    public var firstDay: Int32 = 0
    public var days: [ActivityDay] = []
    public var users = ActivityUsers()
    public var paths: [String] = []
    public var pages: [String] = []
    public var features: [String] = []
    /// The index of each user id and feature name, for rows read outside the rollups.
    public var userIndex: [String: Int32] = [:]
    public var featureIndex: [String: Int32] = [:]
    /// Each (user, feature)'s first use ever (infinity: never), at `user * firstUseStride + feature`.
    public var firstUseTable: [Double] = []
    public var firstUseStride = 0
    /// Known users' signup instants, ascending.
    public var sortedSignups: [Double] = []
    /// For each known user who has used any feature, the first such instant, ascending.
    public var sortedFirstAnyUses: [Double] = []

    public init() {}

    /// The first use ever of `feature` by `user`, if any.
    public func firstUse(user: Int32, feature: Int32) -> Double? {
        let index = Int(user) * firstUseStride + Int(feature)
        guard Int(feature) < firstUseStride, firstUseTable.indices.contains(index) else { return nil }
        let at = firstUseTable[index]
        return at.isFinite ? at : nil
    }

    /// The day's rows, or an empty day outside the loaded span.
    public func day(_ number: Int32) -> ActivityDay? {
        let index = Int(number) - Int(firstDay)
        return days.indices.contains(index) ? days[index] : nil
    }

    /// Sets one day's rows, growing the span as needed.
    public mutating func replace(day number: Int32, with day: ActivityDay) {
        if days.isEmpty { firstDay = number }
        if number < firstDay {
            days.insert(contentsOf: Array(repeating: ActivityDay(), count: Int(firstDay - number)), at: 0)
            firstDay = number
        }
        let index = Int(number - firstDay)
        if index >= days.count {
            days.append(contentsOf: Array(repeating: ActivityDay(), count: index - days.count + 1))
        }
        days[index] = day
    }

    /// Recomputes what requests would otherwise derive each time: the first-use table from every day's feature
    /// rows (`features` must be set first), the known users' signups in order, and in order the first instant each
    /// known user used any feature. Call after the days or the users change.
    public mutating func buildIndexes() {
        let stride = features.count
        var table = Array(repeating: Double.infinity, count: users.count * stride)
        for day in days {
            for use in day.features where Int(use.user) < users.count && Int(use.feature) < stride {
                let index = Int(use.user) * stride + Int(use.feature)
                table[index] = min(table[index], use.firstAt)
            }
        }
        (firstUseTable, firstUseStride) = (table, stride)
        var signups: [Double] = []
        var firstAnyUses: [Double] = []
        for user in 0..<users.count where users.known[user] {
            signups.append(users.signups[user])
            let first = table[(user * stride)..<(user * stride + stride)].min() ?? .infinity
            if first.isFinite { firstAnyUses.append(first) }
        }
        sortedSignups = signups.sorted()
        sortedFirstAnyUses = firstAnyUses.sorted()
    }
}

/// The process's current `ActivitySnapshot`: one refresher thread publishes, every worker reads. A reader takes the
/// snapshot under the lock (a copy of a few references) and computes without it.
public final class ActivityModel: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var ready = pthread_cond_t()
    private var current = ActivitySnapshot()
    private var loaded = false
    private var recentWindow: RecentActivity?
    /// The oldest copy of the recent events `/realtime` may count; an older one means the refresher is stuck.
    public let recentMaxAge: Double

    public init(recentMaxAge: Double = 5) {
        self.recentMaxAge = recentMaxAge
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&ready, nil)
    }

    deinit {
        pthread_cond_destroy(&ready)
        pthread_mutex_destroy(&mutex)
    }

    public func publish(_ snapshot: ActivitySnapshot) {
        pthread_mutex_lock(&mutex)
        current = snapshot
        loaded = true
        pthread_cond_broadcast(&ready)
        pthread_mutex_unlock(&mutex)
    }

    /// Replaces the recent events `/realtime` counts (nil: too many to hold, or not loaded).
    public func publishRecent(_ recent: RecentActivity?) {
        pthread_mutex_lock(&mutex)
        recentWindow = recent
        pthread_mutex_unlock(&mutex)
    }

    /// The recent events, if they were loaded at most `recentMaxAge` seconds before `now`.
    public func recent(now: Double) -> RecentActivity? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        guard let recentWindow, now - recentWindow.loadedAt <= recentMaxAge else { return nil }
        return recentWindow
    }

    /// The current snapshot; before the first load, waits up to `timeout` seconds for it and returns nil if it did
    /// not come.
    public func snapshot(waiting timeout: Double) -> ActivitySnapshot? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        if !loaded {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            let nanoseconds = Int(now.tv_nsec) + Int(timeout * 1e9)
            var deadline = timespec(
                tv_sec: now.tv_sec + nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
            while !loaded && pthread_cond_timedwait(&ready, &mutex, &deadline) == 0 {}
        }
        return loaded ? current : nil
    }
}
