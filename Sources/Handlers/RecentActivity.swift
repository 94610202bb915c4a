/// The last two hours of events and requests, one entry each in time order, kept in memory by the refresher so
/// that `/realtime` counts them without a query. Covers `occurred_at` in `(from, loadedAt]`.
public struct RecentActivity: Sendable {
    public enum Kind: UInt8, Sendable {
        case other, pageView, bookingCompleted
    }

    public var from: Double
    public var loadedAt: Double
    public var eventTimes: [Double] = []
    public var eventUsers: [Int32] = []
    public var eventKinds: [Kind] = []
    public var eventRevenue: [Double] = []
    public var requestTimes: [Double] = []
    public var requestErrors: [Bool] = []
    /// Distinct users among the events (indexes run 0..<userCount).
    public var userCount = 0

    public init(from: Double, loadedAt: Double) {
        self.from = from
        self.loadedAt = loadedAt
    }

    /// The two windows `(now - 2s, now - s]` and `(now - s, now]` and the minutes of the second, or nil when
    /// this picture does not reach back far enough. Events after `loadedAt` are not in it yet (the refresher
    /// reloads every few seconds).
    public func snapshot(now: Double, seconds: Int) -> RealtimeSnapshot? {
        let start = now - Double(seconds)
        let previousStart = start - Double(seconds)
        guard previousStart >= from else { return nil }
        var current = ActivityCounts()
        var previous = ActivityCounts()
        let firstMinute = (start / 60).rounded(.down) * 60
        let lastMinute = (now / 60).rounded(.down) * 60
        let minuteCount = Int((lastMinute - firstMinute) / 60) + 1
        var minutes = Array(repeating: ActivityCounts(), count: minuteCount)
        // Per user: the last window (1 previous, 2 current) and minute each was counted in, as users and as
        // converters; events are in time order, so neither ever goes back.
        var userWindow = Array(repeating: UInt8(0), count: userCount)
        var converterWindow = Array(repeating: UInt8(0), count: userCount)
        var userMinute = Array(repeating: -1, count: userCount)
        var converterMinute = Array(repeating: -1, count: userCount)
        var index = Self.firstIndex(after: previousStart, in: eventTimes)
        while index < eventTimes.count && eventTimes[index] <= now {
            let time = eventTimes[index]
            let user = Int(eventUsers[index])
            let kind = eventKinds[index]
            let window: UInt8 = time > start ? 2 : 1
            func add(_ counts: inout ActivityCounts) {
                counts.events += 1
                if kind == .pageView { counts.pageViews += 1 }
                if kind == .bookingCompleted { counts.revenue += eventRevenue[index] }
            }
            if window == 2 { add(&current) } else { add(&previous) }
            if userWindow[user] != window {
                userWindow[user] = window
                if window == 2 { current.activeUsers += 1 } else { previous.activeUsers += 1 }
            }
            if kind == .bookingCompleted && converterWindow[user] != window {
                converterWindow[user] = window
                if window == 2 { current.converters += 1 } else { previous.converters += 1 }
            }
            if window == 2 {
                let minute = Int(((time / 60).rounded(.down) * 60 - firstMinute) / 60)
                if minutes.indices.contains(minute) {
                    add(&minutes[minute])
                    if userMinute[user] != minute {
                        userMinute[user] = minute
                        minutes[minute].activeUsers += 1
                    }
                    if kind == .bookingCompleted && converterMinute[user] != minute {
                        converterMinute[user] = minute
                        minutes[minute].converters += 1
                    }
                }
            }
            index += 1
        }
        index = Self.firstIndex(after: previousStart, in: requestTimes)
        while index < requestTimes.count && requestTimes[index] <= now {
            let time = requestTimes[index]
            let error = requestErrors[index]
            if time > start {
                current.requests += 1
                if error { current.errors += 1 }
                let minute = Int(((time / 60).rounded(.down) * 60 - firstMinute) / 60)
                if minutes.indices.contains(minute) {
                    minutes[minute].requests += 1
                    if error { minutes[minute].errors += 1 }
                }
            } else {
                previous.requests += 1
                if error { previous.errors += 1 }
            }
            index += 1
        }
        return RealtimeSnapshot(
            current: current, previous: previous,
            minutes: minutes.enumerated().map { (firstMinute + Double($0.offset) * 60, $0.element) })
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
