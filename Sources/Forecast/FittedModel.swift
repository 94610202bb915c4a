/// A model fitted to a daily history (index 0 is the first day), ready to forecast the following days.
public struct FittedModel: Sendable, Equatable {
    /// Days over which the trend rule measures the change: the horizon `/predictive` shows.
    public static let trendHorizonDays = 30
    /// Below this share of the history's mean, the change over `trendHorizonDays` counts as stable (CONTRACT.md
    /// section 10).
    public static let stableChangeShare = 0.05

    /// How the intervals widen with the horizon.
    enum Spread: Sendable, Equatable {
        case holtWinters(SmoothingParameters)
        case leastSquares(meanX: Double, sxx: Double)
    }

    /// Holt–Winters weights or the line's abscissa statistics.
    let spread: Spread
    /// Whether the least-squares slope of the (deseasonalised) history differs from zero at 95%.
    let slopeIsSignificant: Bool

    /// How many days the model was fitted on.
    public let observationCount: Int
    /// The level at the last observed day: Holt–Winters' deseasonalised level, or the line's value.
    public let level: Double
    /// Change per day: Holt–Winters' final trend state, or the least-squares slope.
    public let slopePerDay: Double
    /// Holt–Winters' final seasonal components, centred on zero: index k applies to days t with t mod 7 == k,
    /// counting from the first day of the history. Nil for the linear trend.
    public let seasonal: [Double]?
    /// Residual standard deviation: of the one-step-ahead errors (Holt–Winters, n - 11 degrees of freedom for
    /// the 3 weights and 8 initial states) or of the least-squares residuals (n - 2 degrees of freedom).
    public let sigma: Double
    /// Mean of the absolute values of the history.
    public let meanAbsoluteLevel: Double
    /// Mean of the history, the yardstick of the trend rule.
    public let mean: Double
    /// Slope per day of the least-squares line through the history (deseasonalised by the fitted components for
    /// Holt–Winters): the fitted trend the trend rule judges. Holt–Winters' own final trend state follows the last
    /// weeks and swings with noise; the line does not.
    public let fittedTrendPerDay: Double

    /// Which model this is.
    public var kind: ModelKind {
        switch spread {
        case .holtWinters: .holtWinters
        case .leastSquares: .linearTrend
        }
    }

    /// The version string the endpoint reports as `modelVersion`.
    public var modelVersion: String { kind.modelVersion }

    /// Holt–Winters' smoothing weights; nil for the linear trend.
    public var smoothing: SmoothingParameters? {
        if case .holtWinters(let parameters) = spread { parameters } else { nil }
    }

    /// The direction of the series.
    ///
    /// Stable when the fitted change over `trendHorizonDays` (30) days, |fittedTrendPerDay| x 30, is under
    /// `stableChangeShare` (5 %) of the history's mean, as CONTRACT.md section 10 fixes it; otherwise increasing or
    /// decreasing by its sign. A flat series (slope 0) is stable. (`slopeIsSignificant`, whether that slope is
    /// beyond 1.96 standard errors, is kept for callers but does not decide.)
    public var trend: Trend {
        let change = abs(fittedTrendPerDay) * Double(Self.trendHorizonDays)
        if change == 0 || change < Self.stableChangeShare * abs(mean) { return .stable }
        return fittedTrendPerDay > 0 ? .increasing : .decreasing
    }

    /// Predictions for the `horizon` days after the history, each with a two-sided interval at
    /// `confidencePercent` (strictly between 0 and 100): value ± z·sd_h with z the normal critical value.
    ///
    /// Holt–Winters: value = level + h·slope + seasonal[(n - 1 + h) mod 7] and
    /// sd_h² = sigma² [1 + Σ_{j=1}^{h-1} (alpha (1 + j beta) + gamma [j mod 7 == 0])²].
    /// Linear trend: value = intercept + slope·x0 and sd_h = sigma sqrt(1 + 1/n + (x0 - x̄)² / Sxx), x0 = n - 1 + h.
    public func forecast(horizon: Int, confidencePercent: Double) -> [Prediction] {
        precondition(horizon >= 0, "the horizon cannot be negative")
        let z = NormalDistribution.criticalValue(confidencePercent: confidencePercent)
        guard horizon > 0 else { return [] }
        let lastDay = observationCount - 1
        return (1...horizon).map { h in
            let value: Double
            let deviation: Double
            switch spread {
            case .holtWinters(let parameters):
                let season = seasonal?[(lastDay + h) % HoltWinters.period] ?? 0
                value = level + Double(h) * slopePerDay + season
                deviation = sigma * HoltWinters.varianceFactor(horizon: h, parameters: parameters).squareRoot()
            case .leastSquares(let meanX, let sxx):
                let dx = Double(lastDay + h) - meanX
                value = level + Double(h) * slopePerDay
                deviation = sigma * (1 + 1 / Double(observationCount) + dx * dx / sxx).squareRoot()
            }
            return Prediction(
                daysAhead: h, value: value, lowerBound: value - z * deviation, upperBound: value + z * deviation)
        }
    }
}
