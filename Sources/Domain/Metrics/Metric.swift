/// The metric identifiers of CONTRACT.md section 7, in the order exports list them; each is defined once, from the
/// base counts of `ActivityCounts` (whose SQL and in-memory forms sit in `EventMeasure` and `ActivityCounts`).
public enum Metric: String, CaseIterable, Sendable {
    case activeUsers = "active_users"
    case pageViews = "page_views"
    case eventsPerSecond = "events_per_second"
    case conversionRate = "conversion_rate"
    case errorRate = "error_rate"
    case revenuePerMinute = "revenue_per_minute"
    case newUsers = "new_users"
    case sessions, bookings, trips, reviews, revenue, errors

    /// The metric over counts taken across `seconds` of time (a window, a minute, the part of a day in a range).
    public func value(of counts: ActivityCounts, seconds: Double) -> Double {
        switch self {
        case .activeUsers: Double(counts.activeUsers)
        case .pageViews: Double(counts.pageViews)
        case .eventsPerSecond: seconds > 0 ? Double(counts.events) / seconds : 0
        case .conversionRate:
            counts.activeUsers == 0 ? 0 : Double(counts.converters) / Double(counts.activeUsers) * 100
        case .errorRate: counts.requests == 0 ? 0 : Double(counts.errors) / Double(counts.requests) * 100
        case .revenuePerMinute: seconds > 0 ? counts.revenue / (seconds / 60) : 0
        case .newUsers: Double(counts.newUsers)
        case .sessions: Double(counts.sessions)
        case .bookings: Double(counts.bookings)
        case .trips: Double(counts.trips)
        case .reviews: Double(counts.reviews)
        case .revenue: counts.revenue
        case .errors: Double(counts.errors)
        }
    }

    /// Whether the metric is a count (written as an integer) rather than a rate or an amount.
    public var isCount: Bool {
        switch self {
        case .eventsPerSecond, .conversionRate, .errorRate, .revenuePerMinute, .revenue: false
        default: true
        }
    }
}
