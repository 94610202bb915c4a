/// The six real-time metrics (spec endpoint 1; definitions in CONTRACT.md section 8).
public enum RealtimeMetric: String, CaseIterable, Sendable {
    case activeUsers = "active_users"
    case pageViews = "page_views"
    case eventsPerSecond = "events_per_second"
    case conversionRate = "conversion_rate"
    case errorRate = "error_rate"
    case revenuePerMinute = "revenue_per_minute"

    /// The metric over a span of `seconds` (the nominal window, or 60 for a minute of the series).
    public func value(of counts: ActivityCounts, seconds: Double) -> Double {
        switch self {
        case .activeUsers: Double(counts.activeUsers)
        case .pageViews: Double(counts.pageViews)
        case .eventsPerSecond: Double(counts.events) / seconds
        case .conversionRate: counts.activeUsers == 0 ? 0 : Double(counts.converters) / Double(counts.activeUsers) * 100
        case .errorRate: counts.requests == 0 ? 0 : Double(counts.errors) / Double(counts.requests) * 100
        case .revenuePerMinute: counts.revenue / (seconds / 60)
        }
    }
}

/// The sliding windows a client may ask for.
public enum RealtimeRange: String, CaseIterable, Sendable {
    case last5Minutes = "last_5_minutes"
    case last15Minutes = "last_15_minutes"
    case lastHour = "last_hour"

    public var seconds: Int {
        switch self {
        case .last5Minutes: 300
        case .last15Minutes: 900
        case .lastHour: 3600
        }
    }
}

/// Raw counts over one span of time, from which every real-time metric follows.
public struct ActivityCounts: Sendable, Equatable {
    public var events = 0
    public var pageViews = 0
    /// Revenue of `booking_completed` events.
    public var revenue = 0.0
    /// Distinct users with any event.
    public var activeUsers = 0
    /// Distinct users with a `booking_completed`.
    public var converters = 0
    public var requests = 0
    /// Requests with status 500 or above.
    public var errors = 0

    public init(
        events: Int = 0, pageViews: Int = 0, revenue: Double = 0, activeUsers: Int = 0, converters: Int = 0,
        requests: Int = 0, errors: Int = 0
    ) {
        self.events = events
        self.pageViews = pageViews
        self.revenue = revenue
        self.activeUsers = activeUsers
        self.converters = converters
        self.requests = requests
        self.errors = errors
    }
}

/// The counts of a window `(now - N, now]`, of the window before it, and of each calendar minute of the window
/// (the first and last minutes partial), oldest first.
public struct RealtimeSnapshot: Sendable, Equatable {
    public var current: ActivityCounts
    public var previous: ActivityCounts
    public var minutes: [(start: Double, counts: ActivityCounts)]

    public init(current: ActivityCounts, previous: ActivityCounts, minutes: [(start: Double, counts: ActivityCounts)]) {
        self.current = current
        self.previous = previous
        self.minutes = minutes
    }

    public static func == (a: RealtimeSnapshot, b: RealtimeSnapshot) -> Bool {
        a.current == b.current && a.previous == b.previous && a.minutes.map(\.start) == b.minutes.map(\.start)
            && a.minutes.map(\.counts) == b.minutes.map(\.counts)
    }
}

/// The analytics source tables, as the handlers read them.
public protocol AnalyticsStore {
    /// Counts for the window of `seconds` ending at `now`, the window before it, and each minute of the window.
    func realtime(now: Double, seconds: Int) throws -> RealtimeSnapshot
    /// Everything the requested insights need for the range and segment.
    func insights(_ query: InsightQuery) throws -> InsightData
    /// The current in-memory picture of the rollups (cohorts and predictive series are computed from it).
    func activity() throws -> ActivitySnapshot
}
