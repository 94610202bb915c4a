/// The event names the figures count (CONTRACT.md section 8), with the rollup flag each sets.
public enum EventName: String, CaseIterable, Sendable {
    case sessionStart = "session_start"
    case pageView = "page_view"
    case search
    case tripView = "trip_view"
    case bookingStarted = "booking_started"
    case bookingCompleted = "booking_completed"
    case featureUsed = "feature_used"
    case reviewPosted = "review_posted"

    /// The flag a user-hour gets for an event of this name (`visit` for both ways into the funnel).
    public var flag: ActivityFlags {
        switch self {
        case .sessionStart, .pageView: .visit
        case .search: .search
        case .tripView: .tripView
        case .bookingStarted: .bookingStarted
        case .bookingCompleted: .bookingCompleted
        case .featureUsed: .featureUsed
        case .reviewPosted: .reviewPosted
        }
    }

    /// SQL over `analytics_events`: the `ActivityFlags` of a group of rows, as `int2`.
    public static let flagsSQL: String = {
        let cases = allCases.map { "WHEN '\($0.rawValue)' THEN \($0.flag.rawValue)" }.joined(separator: " ")
        return "bit_or(CASE name \(cases) ELSE 0 END)::int2"
    }()
}
