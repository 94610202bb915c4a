/// The base counts over one span of time from which every `Metric` follows.
public struct ActivityCounts: Sendable, Equatable {
    public var events = 0
    public var pageViews = 0
    /// Revenue of `booking_completed` events.
    public var revenue = 0.0
    /// Distinct users with any event.
    public var activeUsers = 0
    /// Distinct users with a `booking_completed`.
    public var converters = 0
    /// Distinct sessions with any event.
    public var sessions = 0
    public var bookingsStarted = 0
    /// `booking_completed` events.
    public var bookings = 0
    public var trips = 0
    public var reviews = 0
    public var requests = 0
    /// Requests with status 500 or above.
    public var errors = 0
    public var meanDurationMs = 0.0
    /// Users who signed up in the span.
    public var newUsers = 0

    public init(
        events: Int = 0, pageViews: Int = 0, revenue: Double = 0, activeUsers: Int = 0, converters: Int = 0,
        requests: Int = 0, errors: Int = 0
    ) {
        (self.events, self.pageViews, self.revenue) = (events, pageViews, revenue)
        (self.activeUsers, self.converters, self.requests, self.errors) = (activeUsers, converters, requests, errors)
    }

    /// Counts one event of the per-event measures (distinct users and sessions are counted by their passes).
    public mutating func count(_ name: EventName?, revenue amount: Double) {
        events += 1
        switch name {
        case .pageView: pageViews += 1
        case .bookingStarted: bookingsStarted += 1
        case .bookingCompleted:
            bookings += 1
            revenue += amount
        case .tripView: trips += 1
        case .reviewPosted: reviews += 1
        default: break
        }
    }

    /// Counts one request.
    public mutating func count(requestStatus status: Int) {
        requests += 1
        if status >= 500 { errors += 1 }
    }
}

/// The measures read from `analytics_events` by SQL, each beside the field it fills: a store selects
/// `EventMeasure.selectList` and sets each column with `counts[measure] = value`.
public enum EventMeasure: CaseIterable, Sendable {
    case events, pageViews, revenue, activeUsers, converters, sessions, bookingsStarted, bookings, trips, reviews

    /// The aggregate over a group of `analytics_events` rows.
    public var sql: String {
        switch self {
        case .events: "count(*)"
        case .pageViews: "count(*) FILTER (WHERE name = 'page_view')"
        case .revenue: "coalesce(sum(revenue) FILTER (WHERE name = 'booking_completed'), 0)::float8"
        case .activeUsers: "count(DISTINCT user_id)"
        case .converters: "count(DISTINCT user_id) FILTER (WHERE name = 'booking_completed')"
        case .sessions: "count(DISTINCT session_id)"
        case .bookingsStarted: "count(*) FILTER (WHERE name = 'booking_started')"
        case .bookings: "count(*) FILTER (WHERE name = 'booking_completed')"
        case .trips: "count(*) FILTER (WHERE name = 'trip_view')"
        case .reviews: "count(*) FILTER (WHERE name = 'review_posted')"
        }
    }

    /// Every measure's aggregate, comma-separated, in `allCases` order.
    public static let selectList = allCases.map(\.sql).joined(separator: ", ")

    /// The same measure over a day's rows of `rollup_user_hours` (sessions come from `rollup_sessions`).
    public var rollupSQL: String {
        switch self {
        case .events: "sum(events)"
        case .pageViews: "sum(page_views)"
        case .revenue: "coalesce(sum(revenue), 0)::float8"
        case .activeUsers: "count(DISTINCT user_id)"
        case .converters:
            "count(DISTINCT user_id) FILTER (WHERE flags & \(ActivityFlags.bookingCompleted.rawValue) <> 0)"
        case .sessions: "0"
        case .bookingsStarted: "sum(bookings_started)"
        case .bookings: "sum(bookings)"
        case .trips: "sum(trips)"
        case .reviews: "sum(reviews)"
        }
    }
}

/// The measures read from `analytics_requests` by SQL, in the order `selectList` selects them.
public enum RequestMeasure: CaseIterable, Sendable {
    case requests, errors, meanDurationMs

    public var sql: String {
        switch self {
        case .requests: "count(*)"
        case .errors: "count(*) FILTER (WHERE status >= 500)"
        case .meanDurationMs: "coalesce(avg(duration_ms), 0)::float8"
        }
    }

    public static let selectList = allCases.map(\.sql).joined(separator: ", ")
}

extension ActivityCounts {
    /// The field an event measure fills.
    public subscript(measure: EventMeasure) -> Double {
        get {
            switch measure {
            case .events: Double(events)
            case .pageViews: Double(pageViews)
            case .revenue: revenue
            case .activeUsers: Double(activeUsers)
            case .converters: Double(converters)
            case .sessions: Double(sessions)
            case .bookingsStarted: Double(bookingsStarted)
            case .bookings: Double(bookings)
            case .trips: Double(trips)
            case .reviews: Double(reviews)
            }
        }
        set {
            let count = Int(newValue)
            switch measure {
            case .events: events = count
            case .pageViews: pageViews = count
            case .revenue: revenue = newValue
            case .activeUsers: activeUsers = count
            case .converters: converters = count
            case .sessions: sessions = count
            case .bookingsStarted: bookingsStarted = count
            case .bookings: bookings = count
            case .trips: trips = count
            case .reviews: reviews = count
            }
        }
    }

    /// The field a request measure fills.
    public subscript(measure: RequestMeasure) -> Double {
        get {
            switch measure {
            case .requests: Double(requests)
            case .errors: Double(errors)
            case .meanDurationMs: meanDurationMs
            }
        }
        set {
            switch measure {
            case .requests: requests = Int(newValue)
            case .errors: errors = Int(newValue)
            case .meanDurationMs: meanDurationMs = newValue
            }
        }
    }
}
