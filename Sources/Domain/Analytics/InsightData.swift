/// The figures behind `/user-insights` for one range and segment, from which each insight is rendered.
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
    /// Events the engine ignores: dated before 2000-01-01 or more than a day ahead (contract section 14).
    public var ignoredEvents = 0

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
