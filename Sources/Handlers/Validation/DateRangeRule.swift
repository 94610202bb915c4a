import Domain

/// The date and date-range rules of contract section 6, for query parameters and body members alike.
public enum DateRangeRule {
    /// The longest range any endpoint takes.
    public static let maximumDays = 731
    static let malformed =
        "must be an ISO 8601 date (YYYY-MM-DD) or date-time with Z or an offset, on a real day"

    /// A date that is not after `now`, or the message saying why not.
    static func instant(_ text: String, now: Double) -> Result<Double, DateRangeFailure> {
        guard let instant = DateParser.parse(text) else { return .failure(DateRangeFailure(malformed)) }
        guard instant <= now else { return .failure(DateRangeFailure("must not be in the future")) }
        return .success(instant)
    }

    /// Why a range's end is refused, or nil: it must lie after the start, at most `maximumDays` later.
    static func endFailure(start: Double, end: Double, maximumDays: Int = maximumDays) -> String? {
        if end <= start { return "must be after startDate" }
        if end - start > Double(maximumDays) * 86_400 { return "must be at most \(maximumDays) days after startDate" }
        return nil
    }
}

/// A refused date's message.
struct DateRangeFailure: Error {
    let message: String

    init(_ message: String) { self.message = message }
}
