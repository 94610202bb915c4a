import Forecast
import JSON

/// `GET /predictive`: the daily history of a series over the range, a model fitted to it, 30 daily predictions with
/// intervals at `confidenceLevel`, the trend and a backtest of the model on the history's last part.
public struct PredictiveHandler: Sendable {
    public static let horizon = 30

    public init() {}

    public func respond(to context: RequestContext) throws -> Response {
        var v = QueryValidator(try context.query())
        let range = v.dateRange(now: context.now)
        let type = v.oneOf("predictionType", PredictionType.self, required: true)
        let level = v.percent("confidenceLevel", default: 95)
        if let range {
            if ActivitySeries.dayCount(start: range.start, end: range.end) < Forecaster.minimumHistory {
                v.fail("endDate", "the history must cover at least \(Forecaster.minimumHistory) days")
            }
        }
        let (start, end, predictionType) = try v.finish { (range?.start ?? 0, range?.end ?? 0, type ?? .revenue) }
        let snapshot = try context.services.analytics.activity()
        let series = ActivitySeries(snapshot: snapshot, start: start, end: end)
        let history = series.values(predictionType)
        let model = try Forecaster.fit(history)
        let bounds = predictionType.bounds
        func clamp(_ value: Double) -> Double { min(max(value, bounds.lowerBound), bounds.upperBound) }
        let number = MetricValue.json
        let lastDay = Int((end / 86_400).rounded(.up)) - 1
        let firstDay = lastDay - history.count + 1
        let backtest = Forecaster.backtest(history, confidencePercent: level)
        return context.json([
            "predictionType": .string(predictionType.rawValue), "confidenceLevel": number(level),
            "startDate": .string(Timestamp.rfc3339(start)), "endDate": .string(Timestamp.rfc3339(end)),
            "historicalData": .array(
                history.enumerated().map {
                    ["date": .string(CivilDate.text(firstDay + $0.offset)), "value": number($0.element)]
                }),
            "predictions": .array(
                model.forecast(horizon: Self.horizon, confidencePercent: level).enumerated().map {
                    [
                        "date": .string(CivilDate.text(lastDay + 1 + $0.offset)),
                        "value": number(clamp($0.element.value)),
                        "lowerBound": number(clamp($0.element.lowerBound)),
                        "upperBound": number(clamp($0.element.upperBound)), "confidence": number(level),
                    ]
                }),
            "trend": .string(model.trend.rawValue), "modelVersion": .string(model.modelVersion),
            "model": [
                "kind": .string(model.kind.rawValue), "slopePerDay": number(model.slopePerDay),
                "residualSigma": number(model.sigma),
            ],
            "backtest": backtest.map {
                [
                    "mape": $0.mape.map(number) ?? .null, "coverage": number($0.coverage * 100),
                    "heldOutDays": .int($0.heldOut),
                ]
            } ?? .null,
            "metadata": ["dataAsOf": .string(Timestamp.rfc3339(snapshot.asOf))],
        ])
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
