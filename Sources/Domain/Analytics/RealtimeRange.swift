/// The sliding windows a client may ask for.
public enum RealtimeRange: String, CaseIterable, Sendable {
    case last5Minutes = "last_5_minutes"
    case last15Minutes = "last_15_minutes"
    case lastHour = "last_hour"

    public var seconds: Int {
        switch self {
        case .last5Minutes: 300
        case .last15Minutes: 900
        case .lastHour: 3600
        }
    }
}
