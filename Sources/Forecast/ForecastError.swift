/// Why a history cannot be fitted.
public enum ForecastError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The history has fewer points than the smallest model needs.
    case insufficientData(count: Int, minimum: Int)
    /// The history holds NaN or an infinity at this index.
    case nonFiniteValue(index: Int)

    public var description: String {
        switch self {
        case .insufficientData(let count, let minimum):
            "a forecast needs at least \(minimum) daily points, the history has \(count)"
        case .nonFiniteValue(let index):
            "the history holds a value that is not finite at index \(index)"
        }
    }
}
