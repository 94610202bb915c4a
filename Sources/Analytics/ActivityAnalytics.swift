public import Domain
import Forecast

/// The analytics endpoints' figures from the process's in-memory model, with `source` for what the model does not
/// hold: the real-time windows when its copy of recent events is stale, and the partial hours at a range's ends.
public struct ActivityAnalytics: AnalyticsService {
    let model: ActivityModel
    let source: any AnalyticsSource
    /// How long a request waits for the model's first load before it is refused with 503.
    let warmUpWait: Double

    public init(model: ActivityModel, source: any AnalyticsSource, warmUpWait: Double = 10) {
        (self.model, self.source, self.warmUpWait) = (model, source, warmUpWait)
    }

    public var minimumPredictionHistory: Int { Forecaster.minimumHistory }

    /// The model's current snapshot; 503 while the responder has not loaded it yet.
    public func snapshot() throws(StoreError) -> ActivitySnapshot {
        guard let snapshot = model.snapshot(waiting: warmUpWait) else {
            throw .unavailable(reason: "analytics model is still loading", retryAfter: 5)
        }
        return snapshot
    }

    public func realtime(now: Double, seconds: Int) throws -> RealtimeSnapshot {
        if let recent = model.recent(now: now), let snapshot = recent.snapshot(now: now, seconds: seconds) {
            return snapshot
        }
        return try source.realtime(now: now, seconds: seconds)
    }

    /// Only the partial hours at the range's ends (if its bounds are not on the hour) are read from the source.
    public func insights(_ query: InsightQuery) throws -> InsightData {
        let snapshot = try snapshot()
        let span = HourSpan(start: query.start, end: query.end)
        var edges = EdgeRows()
        for (piece, isHead) in [(span.head, true), (span.tail, false)] where !piece.isEmpty {
            let rows = try source.edgeRows(piece)
            let hours = snapshot.index(rows.hours)
            if isHead { edges.head = hours } else { edges.tail = hours }
            edges.features += snapshot.index(rows.features)
        }
        return ActivityInsights(snapshot: snapshot, query: query).compute(edges: edges)
    }

    public func cohorts(_ query: CohortQuery) throws -> CohortReport {
        let started = Monotonic.now()
        let snapshot = try snapshot()
        let cohorts = ActivityCohorts(snapshot: snapshot, query: query).compute()
        return CohortReport(
            query: query, cohorts: cohorts, asOf: snapshot.asOf, queryTimeMs: started.millisecondsElapsed)
    }

    public func prediction(_ query: PredictionQuery) throws -> PredictionReport {
        let snapshot = try snapshot()
        let series = ActivitySeries(snapshot: snapshot, start: query.start, end: query.end)
        let history = series.values(query.type)
        let model = try Forecaster.fit(history)
        let bounds = query.type.bounds
        func clamp(_ value: Double) -> Double { min(max(value, bounds.lowerBound), bounds.upperBound) }
        let level = query.confidencePercent
        let lastDay = Int((query.end / 86_400).rounded(.up)) - 1
        return PredictionReport(
            query: query, firstDay: lastDay - history.count + 1, history: history,
            predictions: model.forecast(horizon: PredictionQuery.horizon, confidencePercent: level).map {
                .init(value: clamp($0.value), lowerBound: clamp($0.lowerBound), upperBound: clamp($0.upperBound))
            },
            model: .init(
                kind: model.kind.rawValue, version: model.modelVersion, trend: model.trend.rawValue,
                slopePerDay: model.slopePerDay, residualSigma: model.sigma),
            backtest: Forecaster.backtest(history, confidencePercent: level).map {
                .init(mape: $0.mape, coverage: $0.coverage, heldOutDays: $0.heldOut)
            },
            asOf: snapshot.asOf)
    }
}

extension ActivitySnapshot {
    /// Rows read outside the rollups with users replaced by their indexes; users the model has not loaded yet are
    /// left out, as they are from the rest of the range until the next refresh.
    func index(_ rows: [UserHourRow]) -> [UserHour] {
        rows.compactMap { row in
            guard let user = userIndex[row.userID] else { return nil }
            return UserHour(
                hour: Int32(clamping: row.hour), user: user, events: row.events, bookings: row.bookings,
                flags: row.flags, revenueCents: row.revenueCents)
        }
    }

    func index(_ rows: [FeatureUseRow]) -> [FeatureUse] {
        rows.compactMap { row in
            guard let user = userIndex[row.userID], let feature = features.id(of: row.feature) else { return nil }
            return FeatureUse(firstAt: row.firstAt, user: user, feature: feature)
        }
    }
}
