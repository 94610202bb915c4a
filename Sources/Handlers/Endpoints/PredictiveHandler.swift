import Domain

/// `GET /predictive`: the daily history of a series over the range, a model fitted to it, 30 daily predictions with
/// intervals at `confidenceLevel`, the trend and a backtest of the model on the history's last part.
public struct PredictiveHandler: Sendable {
    public init() {}

    public func respond(to context: RequestContext) throws -> Response {
        var v = QueryValidator(try context.query())
        let range = v.analyticsRange(now: context.now)
        let type = v.oneOf("predictionType", PredictionType.self, required: true)
        let level = v.percent("confidenceLevel", default: 95)
        let minimum = context.services.analytics.minimumPredictionHistory
        if let range, PredictionQuery.dayCount(start: range.start, end: range.end) < minimum {
            v.fail("endDate", "the history must cover at least \(minimum) days")
        }
        let query = try v.finish {
            PredictionQuery(
                start: range?.start ?? 0, end: range?.end ?? 0, type: type ?? .revenue, confidencePercent: level)
        }
        return context.json(try context.services.analytics.prediction(query).json)
    }
}

extension QueryValidator {
    /// A number strictly between 0 and 100: ASCII digits with an optional fraction (no sign or exponent).
    public mutating func percent(_ name: String, default fallback: Double) -> Double {
        guard let raw = string(name) else { return fallback }
        let parts = raw.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard digits, raw.utf8.count <= 20, let value = Double(raw), value > 0, value < 100 else {
            fail(name, "must be a number greater than 0 and less than 100")
            return fallback
        }
        return value
    }
}
