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
