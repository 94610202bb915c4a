/// The range and segment one `/user-insights` request asks about.
public struct InsightQuery: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var segment: UserSegment
    public var types: [InsightType]
    public var limit: Int

    public init(start: Double, end: Double, segment: UserSegment, types: [InsightType], limit: Int) {
        (self.start, self.end, self.segment, self.types, self.limit) = (start, end, segment, types, limit)
    }
}
