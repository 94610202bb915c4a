public import JSON

/// The answer of `/predictive`: the history, the fitted model's predictions with their intervals, the trend and a
/// backtest.
public struct PredictionReport: Sendable {
    /// One predicted day.
    public struct Point: Sendable, Equatable {
        public var value: Double
        public var lowerBound: Double
        public var upperBound: Double

        public init(value: Double, lowerBound: Double, upperBound: Double) {
            (self.value, self.lowerBound, self.upperBound) = (value, lowerBound, upperBound)
        }
    }

    /// The model's fitted form, as clients see it.
    public struct Model: Sendable, Equatable {
        public var kind: String
        public var version: String
        public var trend: String
        public var slopePerDay: Double
        public var residualSigma: Double

        public init(kind: String, version: String, trend: String, slopePerDay: Double, residualSigma: Double) {
            (self.kind, self.version, self.trend) = (kind, version, trend)
            (self.slopePerDay, self.residualSigma) = (slopePerDay, residualSigma)
        }
    }

    /// The model refitted without the history's last days, scored on them.
    public struct Backtest: Sendable, Equatable {
        public var mape: Double?
        /// The share of held-out days inside their interval, 0 to 1.
        public var coverage: Double
        public var heldOutDays: Int

        public init(mape: Double?, coverage: Double, heldOutDays: Int) {
            (self.mape, self.coverage, self.heldOutDays) = (mape, coverage, heldOutDays)
        }
    }

    public var query: PredictionQuery
    /// UTC day number of `history[0]`.
    public var firstDay: Int
    public var history: [Double]
    /// Days `firstDay + history.count` onwards, bounds clamped to the series' range.
    public var predictions: [Point]
    public var model: Model
    public var backtest: Backtest?
    public var asOf: Double

    public init(
        query: PredictionQuery, firstDay: Int, history: [Double], predictions: [Point], model: Model,
        backtest: Backtest?, asOf: Double
    ) {
        (self.query, self.firstDay, self.history, self.predictions) = (query, firstDay, history, predictions)
        (self.model, self.backtest, self.asOf) = (model, backtest, asOf)
    }

    public var json: JSONValue {
        let number = MetricValue.json
        let level = query.confidencePercent
        let predictedFrom = firstDay + history.count
        return [
            "predictionType": .string(query.type.rawValue), "confidenceLevel": number(level),
            "startDate": .string(Timestamp.rfc3339(query.start)), "endDate": .string(Timestamp.rfc3339(query.end)),
            "historicalData": .array(
                history.enumerated().map {
                    ["date": .string(CivilDate.text(firstDay + $0.offset)), "value": number($0.element)]
                }),
            "predictions": .array(
                predictions.enumerated().map {
                    [
                        "date": .string(CivilDate.text(predictedFrom + $0.offset)), "value": number($0.element.value),
                        "lowerBound": number($0.element.lowerBound), "upperBound": number($0.element.upperBound),
                        "confidence": number(level),
                    ]
                }),
            "trend": .string(model.trend), "modelVersion": .string(model.version),
            "model": [
                "kind": .string(model.kind), "slopePerDay": number(model.slopePerDay),
                "residualSigma": number(model.residualSigma),
            ],
            "backtest": backtest.map {
                [
                    "mape": $0.mape.map(number) ?? .null, "coverage": number($0.coverage * 100),
                    "heldOutDays": .int($0.heldOutDays),
                ]
            } ?? .null,
            "metadata": ["dataAsOf": .string(Timestamp.rfc3339(asOf))],
        ]
    }
}
