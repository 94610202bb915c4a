/// Rows for the parts of a range that do not fill a whole hour, read from the source tables by the store: the
/// rollups hold whole hours only.
public struct EdgeRows: Sendable {
    /// User-hours of `HourSpan.head` and of `HourSpan.tail`; their `hour` is the hour they fall in.
    public var head: [UserHour] = []
    public var tail: [UserHour] = []
    /// Feature uses of both pieces.
    public var features: [FeatureUse] = []

    public init(head: [UserHour] = [], tail: [UserHour] = [], features: [FeatureUse] = []) {
        (self.head, self.tail, self.features) = (head, tail, features)
    }
}

/// The whole hours of `[start, end)` and the partial pieces at either end.
public struct HourSpan: Sendable, Equatable {
    /// First and one-past-last whole hour (hours since the epoch); empty when no whole hour fits.
    public var whole: Range<Int32>
    /// The partial pieces, as instants; each empty when the bound sits on an hour.
    public var head: Range<Double>
    public var tail: Range<Double>

    public init(start: Double, end: Double) {
        let first = Int32((start / 3600).rounded(.up))
        let last = Int32((end / 3600).rounded(.down))
        if first <= last {
            whole = first..<last
            head = start..<Double(first) * 3600
            tail = Double(last) * 3600..<end
        } else {
            whole = first..<first
            head = start..<end
            tail = end..<end
        }
    }
}
