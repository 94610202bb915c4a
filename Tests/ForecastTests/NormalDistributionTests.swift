import Testing

@testable import Forecast

@Suite struct NormalDistributionTests {
    /// Two-sided critical values to 3 decimals (|z - expected| < 0.0005): 50 -> 0.674, 80 -> 1.282, 95 -> 1.960,
    /// 99 -> 2.576.
    @Test(arguments: [(50.0, 0.674), (80.0, 1.282), (95.0, 1.960), (99.0, 2.576)])
    func criticalValuesMatchTablesToThreeDecimals(confidence: Double, expected: Double) {
        #expect(abs(NormalDistribution.criticalValue(confidencePercent: confidence) - expected) < 0.0005)
    }

    /// Reference quantiles to 17 significant digits (R's qnorm); the refined approximation agrees within 1e-12.
    @Test(arguments: [
        (0.75, 0.6744897501960817), (0.9, 1.2815515655446004), (0.975, 1.959963984540054),
        (0.995, 2.5758293035489004), (0.001, -3.090232306167813), (1e-10, -6.361340902404056),
    ])
    func quantileMatchesReferenceValues(p: Double, expected: Double) {
        #expect(abs(NormalDistribution.quantile(p) - expected) < 1e-12)
    }

    /// quantile(p) = -quantile(1 - p) exactly for p > 0.5 (1 - p is exact there), and quantile(0.5) is exactly 0.
    @Test(arguments: [0.5000001, 0.6, 0.75, 0.9, 0.97575, 0.99, 0.999, 1 - 1e-12])
    func quantileIsAntisymmetric(p: Double) {
        #expect(NormalDistribution.quantile(p) == -NormalDistribution.quantile(1 - p))
        #expect(NormalDistribution.quantile(p) > 0)
        #expect(NormalDistribution.quantile(0.5) == 0)
    }

    /// The CDF of the quantile gives p back with relative error below 1e-12, deep into the lower tail.
    @Test(arguments: [1e-300, 1e-100, 1e-20, 1e-10, 0.001, 0.02, 0.02425, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999])
    func cdfOfQuantileRoundTrips(p: Double) {
        let x = NormalDistribution.quantile(p)
        #expect(x.isFinite)
        #expect(abs(NormalDistribution.cdf(x) - p) <= 1e-12 * p)
    }

    /// 0 and 1 map to -infinity and +infinity; outside [0, 1] the quantile is NaN.
    @Test func boundsAreInfiniteAndOutsideIsNaN() {
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(-0.1).isNaN)
        #expect(NormalDistribution.quantile(1.1).isNaN)
        #expect(NormalDistribution.quantile(.nan).isNaN)
    }

    /// Any level strictly between 0 and 100 gives a finite, positive, increasing z.
    @Test func criticalValueIsFiniteAndIncreasingOverTheOpenRange() {
        // The last is the largest double below 100 (99.99999999999999): 0.5 + c / 200 rounds to 1 there.
        let levels = [1e-9, 0.5, 1, 10, 50, 68.27, 90, 99.9, 99.999_999, 100.0.nextDown]
        let values = levels.map { NormalDistribution.criticalValue(confidencePercent: $0) }
        #expect(values.allSatisfy { $0.isFinite && $0 > 0 })
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 })
        // 68.27% is the one-sigma interval: z = 1.0000 within 1e-4.
        #expect(abs(NormalDistribution.criticalValue(confidencePercent: 68.27) - 1) < 1e-4)
    }
}
