/// How sign-ups are grouped: UTC day, ISO week (Monday first) or calendar month (spec endpoint 3).
public enum CohortPeriod: String, CaseIterable, Sendable {
    case daily, weekly, monthly

    /// The number of the period holding UTC day `day` (days since 1970-01-01): the day itself, the count of Monday
    /// weeks (day 0 was a Thursday, so week 0 began on 1969-12-29), or year x 12 + month - 1.
    public func index(ofDay day: Int) -> Int {
        switch self {
        case .daily: return day
        case .weekly: return Int((Double(day + 3) / 7).rounded(.down))
        case .monthly:
            let date = CivilDate(day: day)
            return date.year * 12 + date.month - 1
        }
    }

    /// The first UTC day of period `index`.
    public func firstDay(ofIndex index: Int) -> Int {
        switch self {
        case .daily: return index
        case .weekly: return index * 7 - 3
        case .monthly:
            let year = Int((Double(index) / 12).rounded(.down))
            return CivilDate(year: year, month: index - year * 12 + 1, day: 1).dayNumber
        }
    }
}
