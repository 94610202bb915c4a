public import Handlers
import Postgres

extension PostgresAnalyticsStore {
    /// `/user-insights` from the process's in-memory model of the rollups; only the partial hours at the range's
    /// ends (if its bounds are not on the hour) are read from the source tables.
    public func activity() throws -> ActivitySnapshot {
        guard let snapshot = model.snapshot(waiting: 10) else {
            throw StoreError.unavailable(reason: "analytics model is still loading", retryAfter: 5)
        }
        return snapshot
    }

    public func insights(_ query: InsightQuery) throws -> InsightData {
        let snapshot = try activity()
        let insights = ActivityInsights(snapshot: snapshot, query: query)
        let span = HourSpan(start: query.start, end: query.end)
        var edges = EdgeRows()
        if !span.head.isEmpty || !span.tail.isEmpty {
            try session.withConnection { connection in
                for (piece, isHead) in [(span.head, true), (span.tail, false)] where !piece.isEmpty {
                    let rows = try Self.edgeHours(piece, snapshot, connection)
                    if isHead { edges.head = rows } else { edges.tail = rows }
                    edges.features += try Self.edgeFeatures(piece, snapshot, connection)
                }
            }
        }
        return insights.compute(edges: edges)
    }

    /// User-hours of a piece shorter than an hour, straight from `analytics_events`. Users the model has not loaded
    /// yet are left out, as they are from the rest of the range until the next refresh.
    static func edgeHours(_ piece: Range<Double>, _ snapshot: ActivitySnapshot, _ connection: PGConnection) throws
        -> [UserHour]
    {
        let rows = try connection.query(
            PGQuery(unsafeSQL: Rollups.userHours, binds: [String(piece.lowerBound), String(piece.upperBound)]))
        return (0..<rows.rowCount).compactMap { row in
            guard let user = rows.string(row, 1).flatMap({ snapshot.userIndex[$0] }) else { return nil }
            return UserHour(
                hour: Int32(rows.int(row, 0) ?? 0), user: user, events: Int32(rows.int(row, 2) ?? 0),
                bookings: Int32(rows.int(row, 3) ?? 0),
                flags: ActivityFlags(rawValue: UInt16(truncatingIfNeeded: rows.int(row, 4) ?? 0)),
                revenueCents: Int64(((rows.double(row, 5) ?? 0) * 100).rounded()))
        }
    }

    static func edgeFeatures(_ piece: Range<Double>, _ snapshot: ActivitySnapshot, _ connection: PGConnection)
        throws -> [FeatureUse]
    {
        let rows = try connection.query(
            PGQuery(
                unsafeSQL:
                    "SELECT user_id, feature, extract(epoch FROM first_at)::float8 FROM (\(Rollups.features)) f(user_id, feature, first_at)",
                binds: [String(piece.lowerBound), String(piece.upperBound)]))
        return (0..<rows.rowCount).compactMap { row in
            guard let user = rows.string(row, 0).flatMap({ snapshot.userIndex[$0] }),
                let feature = rows.string(row, 1).flatMap({ snapshot.featureIndex[$0] })
            else { return nil }
            return FeatureUse(firstAt: rows.double(row, 2) ?? 0, user: user, feature: feature)
        }
    }
}
