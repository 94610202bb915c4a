/// What a cohort's cells measure (spec endpoint 3; CONTRACT.md section 10 fixes the units).
public enum CohortMetric: String, CaseIterable, Sendable {
    /// Percent of the cohort active in the period.
    case retentionRate = "retention_rate"
    /// The cohort's revenue in the period, in money.
    case revenue
    /// Events per cohort member in the period.
    case engagement
    /// Percent of the cohort that used any feature in the period.
    case featureUsage = "feature_usage"
}

/// The range, grouping, measure and segment one `/cohort-analysis` request asks about.
public struct CohortQuery: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var period: CohortPeriod
    public var metric: CohortMetric
    public var segment: UserSegment

    public init(start: Double, end: Double, period: CohortPeriod, metric: CohortMetric, segment: UserSegment) {
        (self.start, self.end, self.period, self.metric, self.segment) = (start, end, period, metric, segment)
    }
}

/// One cohort: its first day, its size and a cell per period that has begun inside the range.
public struct Cohort: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// k: the k-th period after the cohort's own.
        public var period: Int
        public var value: Double
        /// Members active in the period.
        public var count: Int
        /// Whether the period ended before the range's end.
        public var isComplete: Bool

        public init(period: Int, value: Double, count: Int, isComplete: Bool) {
            (self.period, self.value, self.count, self.isComplete) = (period, value, count, isComplete)
        }
    }

    /// UTC day number of the cohort period's first day.
    public var firstDay: Int
    public var size: Int
    public var cells: [Cell]

    public init(firstDay: Int, size: Int, cells: [Cell]) {
        (self.firstDay, self.size, self.cells) = (firstDay, size, cells)
    }
}
