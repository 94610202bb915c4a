public import Domain

/// The last two hours of events and requests, one entry each in time order, kept in memory by the refresher so
/// that `/realtime` counts them without a query. Covers `occurred_at` in `(from, loadedAt]`.
public struct RecentActivity: Sendable {
    public var from: Double
    public var loadedAt: Double
    public var eventTimes: [Double] = []
    public var eventUsers: [Int32] = []
    public var eventNames: [EventName?] = []
    public var eventRevenue: [Double] = []
    public var requestTimes: [Double] = []
    public var requestStatuses: [Int16] = []
    /// Distinct users among the events (indexes run 0..<userCount).
    public var userCount = 0

    public init(from: Double, loadedAt: Double) {
        self.from = from
        self.loadedAt = loadedAt
    }

    /// The rows a store read, users replaced by indexes.
    public init(_ rows: RecentRows, from: Double, loadedAt: Double) {
        self.init(from: from, loadedAt: loadedAt)
        var users: [String: Int32] = [:]
        eventUsers = rows.eventUsers.map { id in
            if let known = users[id] { return known }
            let index = Int32(users.count)
            users[id] = index
            return index
        }
        userCount = users.count
        (eventTimes, eventNames, eventRevenue) = (rows.eventTimes, rows.eventNames, rows.eventRevenue)
        requestTimes = rows.requestTimes
        requestStatuses = rows.requestStatuses.map { Int16(clamping: $0) }
    }

    /// The two windows `(now - 2s, now - s]` and `(now - s, now]` and the minutes of the second, or nil when
    /// this picture does not reach back far enough. Events after `loadedAt` are not in it yet (the refresher
    /// reloads every few seconds).
    public func snapshot(now: Double, seconds: Int) -> RealtimeSnapshot? {
        var windows = Windows(now: now, seconds: Double(seconds), users: userCount)
        guard windows.previousStart >= from else { return nil }
        countEvents(into: &windows)
        countRequests(into: &windows)
        return RealtimeSnapshot(
            current: windows.current, previous: windows.previous,
            minutes: windows.minutes.enumerated().map { (windows.firstMinute + Double($0.offset) * 60, $0.element) })
    }

    func countEvents(into windows: inout Windows) {
        var index = Self.firstIndex(after: windows.previousStart, in: eventTimes)
        while index < eventTimes.count && eventTimes[index] <= windows.now {
            windows.count(
                event: eventNames[index], at: eventTimes[index], user: Int(eventUsers[index]),
                revenue: eventRevenue[index])
            index += 1
        }
    }

    func countRequests(into windows: inout Windows) {
        var index = Self.firstIndex(after: windows.previousStart, in: requestTimes)
        while index < requestTimes.count && requestTimes[index] <= windows.now {
            windows.count(requestStatus: Int(requestStatuses[index]), at: requestTimes[index])
            index += 1
        }
    }

    /// The index of the first time strictly after `bound` (binary search).
    static func firstIndex(after bound: Double, in times: [Double]) -> Int {
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= bound { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// The counts of one `/realtime` answer as events are fed to it in time order: the previous window, the current one
/// and its minutes, with per-user marks so each distinct user and converter counts once per window and minute.
struct Windows {
    let now: Double
    let start: Double
    let previousStart: Double
    let firstMinute: Double
    var current = ActivityCounts()
    var previous = ActivityCounts()
    var minutes: [ActivityCounts]
    /// Per user: the last window (1 previous, 2 current) and minute each was counted in, as a user and as a
    /// converter; events come in time order, so neither ever goes back.
    var userWindow: [UInt8]
    var converterWindow: [UInt8]
    var userMinute: [Int]
    var converterMinute: [Int]

    init(now: Double, seconds: Double, users: Int) {
        self.now = now
        start = now - seconds
        previousStart = start - seconds
        firstMinute = (start / 60).rounded(.down) * 60
        let lastMinute = (now / 60).rounded(.down) * 60
        minutes = Array(repeating: ActivityCounts(), count: Int((lastMinute - firstMinute) / 60) + 1)
        userWindow = Array(repeating: 0, count: users)
        converterWindow = Array(repeating: 0, count: users)
        userMinute = Array(repeating: -1, count: users)
        converterMinute = Array(repeating: -1, count: users)
    }

    func minute(of time: Double) -> Int { Int(((time / 60).rounded(.down) * 60 - firstMinute) / 60) }

    mutating func count(event name: EventName?, at time: Double, user: Int, revenue: Double) {
        let window: UInt8 = time > start ? 2 : 1
        let converts = name == .bookingCompleted
        if window == 2 { current.count(name, revenue: revenue) } else { previous.count(name, revenue: revenue) }
        if userWindow[user] != window {
            userWindow[user] = window
            if window == 2 { current.activeUsers += 1 } else { previous.activeUsers += 1 }
        }
        if converts && converterWindow[user] != window {
            converterWindow[user] = window
            if window == 2 { current.converters += 1 } else { previous.converters += 1 }
        }
        let minute = minute(of: time)
        guard window == 2, minutes.indices.contains(minute) else { return }
        minutes[minute].count(name, revenue: revenue)
        if userMinute[user] != minute {
            userMinute[user] = minute
            minutes[minute].activeUsers += 1
        }
        if converts && converterMinute[user] != minute {
            converterMinute[user] = minute
            minutes[minute].converters += 1
        }
    }

    mutating func count(requestStatus status: Int, at time: Double) {
        guard time > start else {
            previous.count(requestStatus: status)
            return
        }
        current.count(requestStatus: status)
        let minute = minute(of: time)
        if minutes.indices.contains(minute) { minutes[minute].count(requestStatus: status) }
    }
}
