/// Consecutive days whose forecast error exceeds `threshold` spreads on the same side, held back from the filter
/// until the run is judged: `length` of them are a level shift, a shorter run was outliers.
struct LevelShiftRun {
    /// Errors beyond this many spreads start or extend a run.
    static let threshold = 2.0
    /// Days in a row that confirm a shift.
    static let length = 3

    /// One held day.
    struct Day {
        /// Position in the series.
        let index: Int
        /// Phase of the day in the filter's week.
        let phase: Int
        let value: Double
        /// The value minus its forecast.
        let error: Double
        /// The spread the day was judged with.
        let spread: Double
        /// What the error is divided by before it joins the spread's errors.
        let errorUnit: Double
    }

    /// The held days, oldest first.
    private(set) var days: [Day] = []

    init() {
        days.reserveCapacity(Self.length)
    }

    /// Whether the run is long enough to be a level shift.
    var isShift: Bool { days.count >= Self.length }

    /// Whether a day with this error would extend the run (or start it, when there is none).
    func isExtended(by error: Double) -> Bool {
        guard let first = days.first else { return true }
        return (first.error > 0) == (error > 0)
    }

    /// Holds a day.
    mutating func hold(_ day: Day) {
        days.append(day)
    }

    /// Ends the run and hands back its days.
    mutating func end() -> [Day] {
        defer { days.removeAll(keepingCapacity: true) }
        return days
    }
}
