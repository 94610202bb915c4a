/// The span of time the analytics endpoints answer for and the engine keeps (contract section 14): the last 731
/// days, the 30 days before them that `wau`/`mau` look back over, and up to a day ahead. Events outside
/// 2000-01-01 ... now + 1 day are ignored and counted.
public enum AnalyticsWindow {
    /// How far back a range may start: 731 days before now.
    public static let rangeDays = 731
    /// The look-back before a range's start that `wau`/`mau` need.
    public static let lookBackDays = 30
    /// Events later than this after now are ignored until their time comes.
    public static let futureSlackDays = 1
    /// UTC day number of 2000-01-01: earlier events are ignored.
    public static let firstValidDay = 10_957

    /// The UTC day numbers the engine keeps at `now`.
    public static func keptDays(now: Double) -> ClosedRange<Int> {
        let today = Int((now / 86_400).rounded(.down))
        return max(firstValidDay, today - rangeDays - lookBackDays)...(today + futureSlackDays)
    }

    /// The earliest instant a range of the analytics endpoints may start at: the start of the UTC day 731 days
    /// before `now`'s.
    public static func earliestStart(now: Double) -> Double {
        (Double(Int((now / 86_400).rounded(.down)) - rangeDays)) * 86_400
    }
}
