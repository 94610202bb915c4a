import Domain
import JSON

/// `GET /realtime`: the requested metrics over the sliding window, the previous window, change and a per-minute
/// series, served from a short-lived cache.
public struct RealtimeHandler: Sendable {
    let cache: RealtimeCache

    public init(cache: RealtimeCache) { self.cache = cache }

    public func respond(to context: RequestContext) throws -> Response {
        var v = QueryValidator(try context.query())
        let metrics = v.list("metrics", RealtimeMetric.self, maxCount: RealtimeMetric.allCases.count)
        let range = v.oneOf("timeRange", RealtimeRange.self, default: .last15Minutes)
        let refresh = v.integer("refreshInterval", in: 5...300, default: 30)
        let chosen = try v.finish { metrics ?? RealtimeMetric.allCases }

        // The key lists the metrics in canonical order, so `a,b` and `b,a` share an entry.
        let ordered = RealtimeMetric.allCases.filter { chosen.contains($0) }
        let key = ordered.map(\.rawValue).joined(separator: ",") + "|" + range.rawValue
        let maxAge = min(Double(refresh), cache.maximumAge)
        let generatedAt: Double
        let values: JSONValue
        if let hit = cache.lookup(key, now: context.now, maxAge: maxAge) {
            (generatedAt, values) = hit
        } else {
            let snapshot = try context.services.analytics.realtime(now: context.now, seconds: range.seconds)
            generatedAt = context.now
            values = Self.render(ordered, snapshot, seconds: Double(range.seconds))
            cache.store(key, generatedAt: generatedAt, metrics: values)
        }
        return context.json([
            "timeRange": .string(range.rawValue), "refreshInterval": .int(refresh),
            "generatedAt": .string(Timestamp.rfc3339(generatedAt)), "metrics": values,
        ])
    }

    /// One member per metric, in the canonical order.
    static func render(_ metrics: [RealtimeMetric], _ snapshot: RealtimeSnapshot, seconds: Double) -> JSONValue {
        var object = JSONObject()
        for metric in metrics {
            let value = metric.value(of: snapshot.current, seconds: seconds)
            let previous = metric.value(of: snapshot.previous, seconds: seconds)
            let change: JSONValue = previous == 0 ? .null : MetricValue.json((value - previous) / previous * 100)
            object[metric.rawValue] = [
                "value": MetricValue.json(value), "previousValue": MetricValue.json(previous), "changePercent": change,
                "series": .array(
                    snapshot.minutes.map {
                        [
                            "minute": .string(Timestamp.rfc3339($0.start)),
                            "value": MetricValue.json(metric.value(of: $0.counts, seconds: 60)),
                        ]
                    }),
            ]
        }
        return .object(object)
    }
}
