/// The direction of a series, as `/predictive` reports it.
public enum Trend: String, Sendable, Equatable {
    case increasing
    case decreasing
    case stable
    /// Fewer than 7 points: no model is fitted.
    case insufficientData = "insufficient_data"
}
