import Testing

@testable import Forecast

@Suite struct LinearTrendTests {
    /// y = 2, 4, 3, 6, 5, 8, 7 by hand: x̄ = 3, Sxx = 28, Sxy = 25, Syy = 28, so slope = 25/28, intercept = 65/28,
    /// SSR = 28 - 625/28 = 159/28 and sigma² = SSR / 5 = 159/140. Day 7: value 240/28 and
    /// sd = sigma sqrt(1 + 1/7 + 16/28) = sqrt(159/140 · 48/28). All within 1e-12.
    @Test func sevenPointsGiveTheHandComputedLineAndInterval() throws {
        let model = try Forecaster.fit([2, 4, 3, 6, 5, 8, 7])
        #expect(model.kind == .linearTrend)
        #expect(model.modelVersion == "ols-linear/1")
        #expect(model.smoothing == nil)
        #expect(model.seasonal == nil)
        #expect(abs(model.slopePerDay - 25.0 / 28) < 1e-12)
        #expect(abs(model.level - (65.0 / 28 + 6 * 25.0 / 28)) < 1e-12)
        #expect(abs(model.sigma - (159.0 / 140).squareRoot()) < 1e-12)

        let z = NormalDistribution.criticalValue(confidencePercent: 95)
        let first = try #require(model.forecast(horizon: 3, confidencePercent: 95).first)
        let deviation = (159.0 / 140 * 48 / 28).squareRoot()
        #expect(first.daysAhead == 1)
        #expect(abs(first.value - 240.0 / 28) < 1e-12)
        #expect(abs(first.upperBound - (240.0 / 28 + z * deviation)) < 1e-12)
        #expect(abs(first.lowerBound - (240.0 / 28 - z * deviation)) < 1e-12)
    }

    /// A noiseless line 10 + 3·t over 15 days: slope 3 and the next 30 days 10 + 3·(14 + h), within 1e-9.
    @Test func recoversAnExactLine() throws {
        let model = try Forecaster.fit((0..<15).map { 10 + 3 * Double($0) })
        #expect(abs(model.slopePerDay - 3) < 1e-9)
        for prediction in model.forecast(horizon: 30, confidencePercent: 80) {
            #expect(abs(prediction.value - (10 + 3 * Double(14 + prediction.daysAhead))) < 1e-9)
        }
        #expect(model.trend == .increasing)
    }

    /// The least-squares interval widens with the distance from the centre of the history.
    @Test func intervalWidensWithTheHorizon() throws {
        let model = try Forecaster.fit([5, 7, 6, 9, 8, 10, 12, 11, 13, 12])
        let widths = model.forecast(horizon: 30, confidencePercent: 95).map { $0.upperBound - $0.lowerBound }
        #expect(zip(widths, widths.dropFirst()).allSatisfy { $0 < $1 })
    }

    /// Ten noisy points around a flat 100 (±4): the slope is not distinguishable from zero, so stable, even though
    /// 30 days of the fitted slope (0.39/day) would exceed 2% of the level.
    @Test func insignificantSlopeIsStable() throws {
        let model = try Forecaster.fit([100, 96, 104, 97, 103, 98, 101, 104, 96, 102])
        #expect(abs(model.slopePerDay) * 30 > 0.02 * model.meanAbsoluteLevel)
        #expect(model.trend == .stable)
    }
}
