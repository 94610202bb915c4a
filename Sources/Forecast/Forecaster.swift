/// Fits the `/predictive` models to a daily history and backtests them.
public enum Forecaster {
    /// The shortest history any model accepts; shorter ones have trend `insufficient_data`.
    public static let minimumHistory = 7
    /// From this many points on, the model is Holt–Winters; below, a least-squares line.
    public static let seasonalMinimumHistory = 21
    /// The longest stretch a backtest holds out.
    public static let maximumHeldOut = 30

    /// Fits additive Holt–Winters (weekly season) to 21 points or more, a least-squares line to 7 to 20.
    ///
    /// Throws `insufficientData` below 7 points and `nonFiniteValue` for NaN or infinite values. Internally the
    /// series is divided by its largest absolute value, so huge or constant series stay finite.
    public static func fit(_ history: [Double]) throws(ForecastError) -> FittedModel {
        if let index = history.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(index: index) }
        guard history.count >= minimumHistory else {
            throw .insufficientData(count: history.count, minimum: minimumHistory)
        }
        let largest = history.map(abs).max() ?? 0
        let scale = largest > 0 ? largest : 1
        let y = history.map { $0 / scale }
        let meanAbsoluteLevel = scale * (y.map(abs).reduce(0, +) / Double(y.count))
        let mean = scale * (y.reduce(0, +) / Double(y.count))
        let z95 = NormalDistribution.criticalValue(confidencePercent: 95)

        guard y.count >= seasonalMinimumHistory else {
            let line = LeastSquaresLine(y)
            return FittedModel(
                spread: .leastSquares(meanX: line.meanX, sxx: line.sxx),
                slopeIsSignificant: abs(line.slope) > z95 * line.slopeStandardError,
                observationCount: y.count,
                level: scale * (line.intercept + line.slope * Double(y.count - 1)),
                slopePerDay: scale * line.slope,
                seasonal: nil,
                sigma: scale * line.sigma,
                meanAbsoluteLevel: meanAbsoluteLevel, mean: mean, fittedTrendPerDay: scale * line.slope)
        }

        let model = HoltWinters(initialisingFrom: y)
        let parameters = model.optimalParameters(for: y)
        let pass = model.smooth(y, with: parameters)
        // Centre the final components; their mean moves into the level, so forecasts are unchanged.
        let seasonMean = pass.season.reduce(0, +) / Double(HoltWinters.period)
        let season = pass.season.map { $0 - seasonMean }
        let deseasonalised = y.enumerated().map { $0.element - season[$0.offset % HoltWinters.period] }
        let drift = LeastSquaresLine(deseasonalised)
        let freeParameters = 11
        return FittedModel(
            spread: .holtWinters(parameters),
            slopeIsSignificant: abs(drift.slope) > z95 * drift.slopeStandardError,
            observationCount: y.count,
            level: scale * (pass.level + seasonMean),
            slopePerDay: scale * pass.trend,
            seasonal: season.map { scale * $0 },
            sigma: scale * (pass.sumOfSquaredErrors / Double(y.count - freeParameters)).squareRoot(),
            meanAbsoluteLevel: meanAbsoluteLevel, mean: mean, fittedTrendPerDay: scale * drift.slope)
    }

    /// The trend of a history: `insufficientData` below 7 points, otherwise the fitted model's `trend`.
    public static func trend(of history: [Double]) throws(ForecastError) -> Trend {
        do {
            return try fit(history).trend
        } catch .insufficientData {
            return .insufficientData
        }
    }

    /// Fits on the history minus its last `heldOut` points, predicts those, and scores the predictions.
    ///
    /// heldOut = min(30, max(7, n / 5)). The fitting part must keep at least 7 points, and at least 21 when the
    /// whole history has 21 or more, so the backtest scores the same kind of model that `fit` returns. Returns nil
    /// when it cannot (n < 14, or 21 <= n < 28) or when the history holds a value that is not finite.
    /// MAPE is in percent over held-out points whose actual value is not zero; coverage counts a point inside
    /// when lowerBound <= actual <= upperBound (with a relative slack of 1e-9 for rounding).
    public static func backtest(_ history: [Double], confidencePercent: Double) -> Backtest? {
        let heldOut = min(maximumHeldOut, max(minimumHistory, history.count / 5))
        let fitted = history.count - heldOut
        let required = history.count >= seasonalMinimumHistory ? seasonalMinimumHistory : minimumHistory
        guard fitted >= required, let model = try? fit(Array(history[..<fitted])) else { return nil }
        let predictions = model.forecast(horizon: heldOut, confidencePercent: confidencePercent)
        var inside = 0
        var percentageErrors: [Double] = []
        for (prediction, actual) in zip(predictions, history[fitted...]) {
            if prediction.contains(actual) { inside += 1 }
            if actual != 0 { percentageErrors.append(abs((actual - prediction.value) / actual)) }
        }
        let mape = percentageErrors.isEmpty ? nil : 100 * percentageErrors.reduce(0, +) / Double(percentageErrors.count)
        return Backtest(
            kind: model.kind, heldOut: heldOut, mape: mape, coverage: Double(inside) / Double(heldOut))
    }
}
