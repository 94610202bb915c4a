/// One predicted day: the point forecast and its two-sided interval.
public struct Prediction: Sendable, Equatable {
    /// Days after the last observed day, from 1.
    public let daysAhead: Int
    /// The point forecast.
    public let value: Double
    /// `value - z * sd`, where sd is the model's standard deviation at this horizon.
    public let lowerBound: Double
    /// `value + z * sd`.
    public let upperBound: Double

    /// Whether `actual` lies inside the interval, with a relative slack of 1e-9 for rounding.
    public func contains(_ actual: Double) -> Bool {
        let slack = 1e-9 * max(abs(actual), abs(value))
        return actual >= lowerBound - slack && actual <= upperBound + slack
    }
}
