/// The six real-time metrics (spec endpoint 1), the first six of the catalogue's `Metric`.
public enum RealtimeMetric: String, CaseIterable, Sendable {
    case activeUsers = "active_users"
    case pageViews = "page_views"
    case eventsPerSecond = "events_per_second"
    case conversionRate = "conversion_rate"
    case errorRate = "error_rate"
    case revenuePerMinute = "revenue_per_minute"

    /// The catalogue's definition of this metric.
    public var metric: Metric { Metric(rawValue: rawValue)! }

    /// The metric over a span of `seconds` (the nominal window, or 60 for a minute of the series).
    public func value(of counts: ActivityCounts, seconds: Double) -> Double {
        metric.value(of: counts, seconds: seconds)
    }
}
