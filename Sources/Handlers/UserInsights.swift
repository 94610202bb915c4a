/// The user segments of CONTRACT.md section 8, relative to the range `[start, end)`.
public enum Segment: String, CaseIterable, Sendable {
    /// Everyone.
    case all
    /// Signed up inside the range.
    case new
    /// Signed up before the range and active in it.
    case returning
    /// With an event in the range.
    case active
    /// Signed up before the range's end, with no event in it.
    case inactive
    case premium, free
}

/// The five kinds of insight (spec endpoint 2).
public enum InsightType: String, CaseIterable, Sendable {
    case engagementPatterns = "engagement_patterns"
    case conversionFunnel = "conversion_funnel"
    case dropOffPoints = "drop_off_points"
    case featureAdoption = "feature_adoption"
    case userJourneys = "user_journeys"
}

/// The funnel's steps, in order (CONTRACT.md section 10).
public enum FunnelStep: String, CaseIterable, Sendable {
    case visit, search
    case tripView = "trip_view"
    case bookingStarted = "booking_started"
    case bookingCompleted = "booking_completed"
}

/// What the store computes for one range and segment; the handler turns it into insights.
public struct InsightData: Sendable, Equatable {
    /// Distinct active users per UTC day of the range, one entry per day (zeros included).
    public var dailyActiveUsers: [Int] = []
    /// Distinct users active in the 7 and 30 days ending at the range's end.
    public var weeklyActiveUsers = 0
    public var monthlyActiveUsers = 0
    /// Events and distinct active users in the range.
    public var events = 0
    public var activeUsers = 0
    /// Events per UTC hour (24) and per weekday (7, Monday first).
    public var eventsByHour: [Int] = Array(repeating: 0, count: 24)
    public var eventsByWeekday: [Int] = Array(repeating: 0, count: 7)
    /// Distinct users per funnel step, in `FunnelStep` order.
    public var funnelUsers: [Int] = Array(repeating: 0, count: 5)
    /// The page of each session's last page view, with its session count.
    public var exitPages: [(page: String, sessions: Int)] = []
    /// Per feature: distinct users in the range and the median days from signup to their first use.
    public var features: [(feature: String, users: Int, medianDays: Double?)] = []
    /// Each session's event names in time order (at most 10), with the number of sessions that took it.
    public var journeys: [(path: [String], sessions: Int)] = []
    public var sessions = 0
    /// When the data was read (see `ActivitySnapshot.asOf`); nil when it was read at the moment of the request.
    public var asOf: Double?

    public init() {}

    public static func == (a: InsightData, b: InsightData) -> Bool {
        a.dailyActiveUsers == b.dailyActiveUsers && a.weeklyActiveUsers == b.weeklyActiveUsers
            && a.monthlyActiveUsers == b.monthlyActiveUsers && a.events == b.events && a.activeUsers == b.activeUsers
            && a.eventsByHour == b.eventsByHour && a.eventsByWeekday == b.eventsByWeekday
            && a.funnelUsers == b.funnelUsers && a.exitPages.map(\.page) == b.exitPages.map(\.page)
            && a.exitPages.map(\.sessions) == b.exitPages.map(\.sessions) && a.sessions == b.sessions
            && a.features.map(\.feature) == b.features.map(\.feature)
            && a.features.map(\.users) == b.features.map(\.users)
            && a.journeys.map(\.path) == b.journeys.map(\.path)
            && a.journeys.map(\.sessions) == b.journeys.map(\.sessions)
    }
}

/// The range and segment one `/user-insights` request asks about.
public struct InsightQuery: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var segment: Segment
    public var types: [InsightType]
    public var limit: Int

    public init(start: Double, end: Double, segment: Segment, types: [InsightType], limit: Int) {
        (self.start, self.end, self.segment, self.types, self.limit) = (start, end, segment, types, limit)
    }
}
