/// The ordinary least-squares line through (t, y[t]) for t = 0, 1, ...
struct LeastSquaresLine: Sendable, Equatable {
    let count: Int
    let intercept: Double
    let slope: Double
    /// Mean of the abscissae, (n - 1) / 2.
    let meanX: Double
    /// Sum of squared deviations of the abscissae, n (n² - 1) / 12.
    let sxx: Double
    /// Residual standard deviation with n - 2 degrees of freedom.
    let sigma: Double

    /// Fits the line; needs at least 3 points so that sigma has a degree of freedom.
    init(_ y: [Double]) {
        precondition(y.count >= 3, "a least-squares line needs at least 3 points")
        let n = Double(y.count)
        let meanX = (n - 1) / 2
        let meanY = y.reduce(0, +) / n
        var sxx = 0.0
        var sxy = 0.0
        for (t, value) in y.enumerated() {
            let dx = Double(t) - meanX
            sxx += dx * dx
            sxy += dx * (value - meanY)
        }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanX
        var ssr = 0.0
        for (t, value) in y.enumerated() {
            let residual = value - (intercept + slope * Double(t))
            ssr += residual * residual
        }
        self.count = y.count
        self.intercept = intercept
        self.slope = slope
        self.meanX = meanX
        self.sxx = sxx
        self.sigma = (ssr / (n - 2)).squareRoot()
    }

    /// Standard error of the slope, sigma / sqrt(Sxx).
    var slopeStandardError: Double { sigma / sxx.squareRoot() }

    /// Standard deviation of a new observation at abscissa `x`: sigma sqrt(1 + 1/n + (x - x̄)² / Sxx).
    func predictionStandardDeviation(at x: Double) -> Double {
        let dx = x - meanX
        return sigma * (1 + 1 / Double(count) + dx * dx / sxx).squareRoot()
    }
}
