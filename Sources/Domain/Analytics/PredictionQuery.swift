/// The range, series and confidence level one `/predictive` request asks about.
public struct PredictionQuery: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var type: PredictionType
    /// Strictly between 0 and 100.
    public var confidencePercent: Double

    public init(start: Double, end: Double, type: PredictionType, confidencePercent: Double) {
        (self.start, self.end, self.type, self.confidencePercent) = (start, end, type, confidencePercent)
    }

    /// The daily buckets of `[start, end)`: the start's UTC day through the day of the last instant.
    public static func dayCount(start: Double, end: Double) -> Int {
        max(0, Int((end / 86_400).rounded(.up)) - Int((start / 86_400).rounded(.down)))
    }

    /// Days predicted after the history.
    public static let horizon = 30
}
