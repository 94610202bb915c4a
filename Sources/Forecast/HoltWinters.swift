/// Additive Holt–Winters with a weekly season: initial states, the smoothing pass and the parameter search.
///
/// In error-correction form, with e the one-step-ahead error y[t] - (level + trend + season[t mod 7]):
/// level += trend + alpha e; trend += alpha beta e; season[t mod 7] += gamma e. This is the textbook
/// component form (Hyndman & Athanasopoulos, FPP, section 8.3) rewritten; both give the same states.
struct HoltWinters {
    /// Days in a season.
    static let period = 7
    /// Bounds of each smoothing parameter.
    static let parameterRange = 0.01...0.99

    /// Level before the first observation (t = -1).
    let initialLevel: Double
    /// Trend before the first observation.
    let initialTrend: Double
    /// Seasonal components by phase: index k applies to days t with t mod 7 == k. They sum to zero.
    let initialSeason: [Double]

    /// Initial states from the first k = min(3, n / 7) full weeks (k >= 2): the trend is the change of the weekly
    /// means per day between the first and the k-th week; each seasonal component is the mean deviation of its
    /// weekday from its week's mean, after removing that trend inside the week.
    init(initialisingFrom y: [Double]) {
        let period = Self.period
        let weeks = min(3, y.count / period)
        precondition(weeks >= 2, "Holt–Winters needs two full weeks to start")
        let means = (0..<weeks).map { week in
            y[(week * period)..<((week + 1) * period)].reduce(0, +) / Double(period)
        }
        let trend = (means[weeks - 1] - means[0]) / Double((weeks - 1) * period)
        let centre = Double(period - 1) / 2
        var season = [Double](repeating: 0, count: period)
        for week in 0..<weeks {
            for phase in 0..<period {
                let local = means[week] + (Double(phase) - centre) * trend
                season[phase] += (y[week * period + phase] - local) / Double(weeks)
            }
        }
        // The first week's mean is the level at its centre (t = 3); step back to t = -1.
        self.initialLevel = means[0] - (centre + 1) * trend
        self.initialTrend = trend
        self.initialSeason = season
    }

    /// The states after the last observation and the sum of squared one-step-ahead errors.
    struct Pass {
        var level: Double
        var trend: Double
        var season: [Double]
        var sumOfSquaredErrors: Double
    }

    /// Runs the recursions over `y` from the initial states.
    func smooth(_ y: [Double], with parameters: SmoothingParameters) -> Pass {
        let alpha = parameters.alpha
        let alphaBeta = parameters.alpha * parameters.beta
        let gamma = parameters.gamma
        var level = initialLevel
        var trend = initialTrend
        var season = initialSeason
        var sse = 0.0
        var phase = 0
        season.withUnsafeMutableBufferPointer { season in
            for value in y {
                let error = value - (level + trend + season[phase])
                sse += error * error
                level += trend + alpha * error
                trend += alphaBeta * error
                season[phase] += gamma * error
                phase = phase == Self.period - 1 ? 0 : phase + 1
            }
        }
        return Pass(level: level, trend: trend, season: season, sumOfSquaredErrors: sse)
    }

    /// The parameters minimising the sum of squared one-step-ahead errors: the best of a 5×5×5 grid
    /// (0.1, 0.3, ... 0.9), refined by bounded Nelder–Mead; at most 275 passes in all.
    func optimalParameters(for y: [Double]) -> SmoothingParameters {
        func sse(_ x: [Double]) -> Double {
            smooth(y, with: SmoothingParameters(alpha: x[0], beta: x[1], gamma: x[2])).sumOfSquaredErrors
        }
        let grid = [0.1, 0.3, 0.5, 0.7, 0.9]
        var best = [grid[0], grid[0], grid[0]]
        var bestValue = Double.infinity
        for alpha in grid {
            for beta in grid {
                for gamma in grid {
                    let value = sse([alpha, beta, gamma])
                    // Strictly lower only, so that ties keep the earliest (smoothest) point.
                    if value < bestValue {
                        best = [alpha, beta, gamma]
                        bestValue = value
                    }
                }
            }
        }
        let search = BoundedNelderMead(
            lower: Self.parameterRange.lowerBound, upper: Self.parameterRange.upperBound, tolerance: 1e-4,
            maximumEvaluations: 150)
        let refined = search.minimise(start: best, step: 0.1, sse)
        let point = refined.value <= bestValue ? refined.point : best
        return SmoothingParameters(alpha: point[0], beta: point[1], gamma: point[2])
    }

    /// The variance factor of the h-step forecast: 1 + Σ_{j=1}^{h-1} (alpha (1 + j beta) + gamma [j mod 7 == 0])².
    ///
    /// The ETS(A,A,A) formula of FPP (section 8.7) with its beta = alpha × Holt's beta.
    static func varianceFactor(horizon: Int, parameters: SmoothingParameters) -> Double {
        var factor = 1.0
        if horizon > 1 {
            for j in 1..<horizon {
                let seasonal = j % period == 0 ? parameters.gamma : 0
                let weight = parameters.alpha * (1 + Double(j) * parameters.beta) + seasonal
                factor += weight * weight
            }
        }
        return factor
    }
}
