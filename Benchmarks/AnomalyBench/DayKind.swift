/// What a day of a bench series is, for scoring.
enum DayKind: CaseIterable {
    /// Not judged: the detector's warm-up.
    case warmUp
    case normal
    /// A one-day rise of 4 to 8 noise standard deviations.
    case spike
    /// A one-day fall of 4 to 8 noise standard deviations, not below zero.
    case dip
    /// One of the first three days of a level shift: an anomaly.
    case shiftStart
    /// One of the 14 days after those: a normal day at the new level.
    case afterShift

    /// Whether the detector should flag the day.
    var isAnomaly: Bool { self == .spike || self == .dip || self == .shiftStart }
}
