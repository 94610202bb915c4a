/// The analytics endpoints' figures, as the HTTP layer asks for them; the `Analytics` module answers from its
/// in-memory model and an `AnalyticsSource`.
public protocol AnalyticsService {
    /// Counts for the window of `seconds` ending at `now`, the window before it, and each minute of the window.
    func realtime(now: Double, seconds: Int) throws -> RealtimeSnapshot
    /// Everything the requested insights need for the range and segment.
    func insights(_ query: InsightQuery) throws -> InsightData
    func cohorts(_ query: CohortQuery) throws -> CohortReport
    func prediction(_ query: PredictionQuery) throws -> PredictionReport
    /// The fewest daily buckets a prediction's history may have.
    var minimumPredictionHistory: Int { get }
}

/// What the analytics engine reads from the source tables directly: the real-time windows when its own copy of
/// recent events is stale, and the partial hours at a range's ends (the rollups hold whole hours only).
public protocol AnalyticsSource {
    func realtime(now: Double, seconds: Int) throws -> RealtimeSnapshot
    /// User-hours and feature uses of a piece of time shorter than an hour.
    func edgeRows(_ piece: Range<Double>) throws -> (hours: [UserHourRow], features: [FeatureUseRow])
}

/// The daily figures exports are built from.
public protocol DailyFiguresSource {
    /// `ActivityCounts` per UTC day number for `[start, end)`; days without data may be absent.
    func dailyCounts(start: Double, end: Double) throws -> [Int: ActivityCounts]
}
