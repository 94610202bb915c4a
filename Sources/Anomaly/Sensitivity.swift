/// How far from the expected value a day must lie to be flagged: `low` flags fewer days, `high` more.
public enum Sensitivity: String, CaseIterable, Sendable {
    case low
    case medium
    case high

    /// The contract's default.
    public static let `default` = Sensitivity.medium

    /// Half-width of the band in spreads (robust standard deviations of the forecast error).
    public var bandWidth: Double {
        switch self {
        case .low: 3.5
        case .medium: 2.75
        case .high: 2.25
        }
    }
}
