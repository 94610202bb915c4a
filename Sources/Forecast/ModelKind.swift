/// Which model a history was fitted with.
public enum ModelKind: String, Sendable, Equatable {
    /// Additive Holt–Winters with weekly seasonality, for 21 points or more.
    case holtWinters = "holt-winters"
    /// Ordinary least-squares line, for 7 to 20 points.
    case linearTrend = "linear-trend"

    /// The version string of the additive Holt–Winters model; bump it when its output changes.
    public static let holtWintersVersion = "holt-winters-additive-7/1"
    /// The version string of the least-squares trend; bump it when its output changes.
    public static let linearTrendVersion = "ols-linear/1"

    /// The version string the endpoint reports as `modelVersion`.
    public var modelVersion: String {
        switch self {
        case .holtWinters: Self.holtWintersVersion
        case .linearTrend: Self.linearTrendVersion
        }
    }
}
