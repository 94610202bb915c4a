/// One judged day: its value, the band forecast from the days before it, and whether the value lies outside.
public struct AnomalyPoint: Sendable, Equatable {
    /// Position of the day in the series, from 0.
    public let index: Int
    /// The observed value.
    public let value: Double
    /// The forecast from the days before: level, trend and the weekday's seasonal component.
    public let expected: Double
    /// `expected - k * spread`, and never below 0 when no earlier day was negative.
    public let lower: Double
    /// `expected + k * spread`.
    public let upper: Double
    /// `(value - expected) / spread`: signed, in robust standard deviations of the forecast error.
    public let score: Double
    /// Whether `value` lies outside `lower...upper`.
    public let isAnomaly: Bool
}
