public import Domain

/// One user's events in one UTC hour: the rollup row everything but `/realtime` is computed from (24 bytes).
public struct UserHour: Sendable, Equatable {
    /// Hours since 1970-01-01T00:00Z.
    public var hour: Int32
    /// The user's index in `ActivityUsers`.
    public var user: Int32
    public var events: Int32
    /// `booking_completed` events (capped at 65,535 in one hour).
    public var bookings: UInt16
    public var flags: ActivityFlags
    /// Revenue of the hour's `booking_completed` events, in cents.
    public var revenueCents: Int64

    public init(
        hour: Int32, user: Int32, events: Int32, bookings: Int32 = 0, flags: ActivityFlags, revenueCents: Int64 = 0
    ) {
        (self.hour, self.user, self.events, self.bookings) = (hour, user, events, UInt16(clamping: bookings))
        (self.flags, self.revenueCents) = (flags, revenueCents)
    }
}

/// A session's events within one UTC day (a session that crosses midnight is two parts).
public struct SessionPart: Sendable, Equatable {
    /// The part's first event, seconds since the epoch.
    public var start: Double
    public var user: Int32
    /// Id in `ActivitySnapshot.journeys`: the first ten event names.
    public var path: Int32
    /// Id in `ActivitySnapshot.pages` of the last `page_view`'s page, or -1 when the part has none.
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
    /// Id in `ActivitySnapshot.features`.
    public var feature: Int32

    public init(firstAt: Double, user: Int32, feature: Int32) {
        (self.firstAt, self.user, self.feature) = (firstAt, user, feature)
    }
}

/// The rollup rows of one UTC day: `hours` ordered by hour, `features` by feature then user.
public struct ActivityDay: Sendable, Equatable {
    public var hours: [UserHour] = []
    public var sessions: [SessionPart] = []
    public var features: [FeatureUse] = []

    public init(hours: [UserHour] = [], sessions: [SessionPart] = [], features: [FeatureUse] = []) {
        self.hours = hours.sorted { $0.hour < $1.hour }
        self.sessions = sessions
        self.features = features.sorted { ($0.feature, $0.user) < ($1.feature, $1.user) }
    }
}
