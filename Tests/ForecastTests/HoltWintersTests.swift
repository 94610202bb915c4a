import Testing

@testable import Forecast

@Suite struct HoltWintersTests {
    /// 84 noiseless days of 100 + 2·t with Monday -5, Saturday +10, other days -1: Holt–Winters recovers the
    /// slope (2/day within 1e-6), every seasonal component (within 1e-6) and the next 30 days (within 1e-6).
    @Test func recoversSlopeAndWeeklyPatternOfANoiselessSeries() throws {
        let model = try Forecaster.fit(SyntheticSeries.values(days: 84))
        #expect(model.kind == .holtWinters)
        #expect(abs(model.slopePerDay - 2) < 1e-6)
        let seasonal = try #require(model.seasonal)
        #expect(seasonal.count == 7)
        for (component, expected) in zip(seasonal, SyntheticSeries.weeklyPattern) {
            #expect(abs(component - expected) < 1e-6)
        }
        let predictions = model.forecast(horizon: 30, confidencePercent: 95)
        #expect(predictions.map(\.daysAhead) == Array(1...30))
        for prediction in predictions {
            #expect(abs(prediction.value - SyntheticSeries.expected(day: 83 + prediction.daysAhead)) < 1e-6)
        }
        // The one-step errors are rounding noise: sigma below 1e-9.
        #expect(model.sigma < 1e-9)
        #expect(model.trend == .increasing)
    }

    /// The same series with N(0, 0.5²) noise, 20 seeds: the slope within ±0.1/day, each seasonal component within
    /// ±1, the next 30 days within ±3 of the noiseless values (measured worst cases: 0.066, 0.57, 2.0).
    @Test func recoversSlopeAndWeeklyPatternUnderLightNoise() throws {
        for seed in 0..<20 {
            let model = try Forecaster.fit(SyntheticSeries.values(days: 84, sigma: 0.5, seed: UInt64(seed)))
            #expect(abs(model.slopePerDay - 2) < 0.1, "seed \(seed)")
            let seasonal = try #require(model.seasonal)
            for (component, expected) in zip(seasonal, SyntheticSeries.weeklyPattern) {
                #expect(abs(component - expected) < 1, "seed \(seed)")
            }
            for prediction in model.forecast(horizon: 30, confidencePercent: 95) {
                let expected = SyntheticSeries.expected(day: 83 + prediction.daysAhead)
                #expect(abs(prediction.value - expected) < 3, "seed \(seed)")
            }
        }
    }

    /// Noise of sigma 5: fit 84 days, predict the next 5, over 100 seeds (500 held-out points). The 80% interval
    /// must cover 70–90% of them and the 95% interval 88–99% (measured: 82.8% and 96.2%). Sigma lies within 4–8
    /// every time (measured 4.43–6.97, mean 5.63: one-step errors include the error of the estimated states).
    @Test func intervalsCoverTheirNominalShareOfFiveHundredHeldOutPoints() throws {
        var inside80 = 0
        var inside95 = 0
        var total = 0
        for seed in 0..<100 {
            let series = SyntheticSeries.values(days: 89, sigma: 5, seed: UInt64(1000 + seed))
            let model = try Forecaster.fit(Array(series[..<84]))
            #expect(model.sigma > 4 && model.sigma < 8, "seed \(seed): sigma \(model.sigma)")
            let at80 = model.forecast(horizon: 5, confidencePercent: 80)
            let at95 = model.forecast(horizon: 5, confidencePercent: 95)
            for (index, actual) in series[84...].enumerated() {
                if at80[index].contains(actual) { inside80 += 1 }
                if at95[index].contains(actual) { inside95 += 1 }
                total += 1
            }
        }
        #expect(total == 500)
        let coverage80 = Double(inside80) / Double(total)
        let coverage95 = Double(inside95) / Double(total)
        #expect(coverage80 >= 0.70 && coverage80 <= 0.90, "80% interval covered \(coverage80)")
        #expect(coverage95 >= 0.88 && coverage95 <= 0.99, "95% interval covered \(coverage95)")
    }

    /// The variance factor 1 + Σ_{j=1}^{h-1} (alpha (1 + j beta) + gamma [j mod 7 == 0])² by hand for alpha 0.2,
    /// beta 0.1, gamma 0.3: h = 1 -> 1, h = 2 -> 1.0484, h = 8 -> 1.854 (j = 7 adds (0.34 + 0.3)²).
    @Test func varianceFactorFollowsTheAdditiveFormula() {
        let parameters = SmoothingParameters(alpha: 0.2, beta: 0.1, gamma: 0.3)
        #expect(HoltWinters.varianceFactor(horizon: 1, parameters: parameters) == 1)
        #expect(abs(HoltWinters.varianceFactor(horizon: 2, parameters: parameters) - 1.0484) < 1e-12)
        #expect(abs(HoltWinters.varianceFactor(horizon: 8, parameters: parameters) - 1.854) < 1e-12)
    }

    /// Each interval is value ± z·sigma·sqrt(factor(h)), within 1e-9, and widens with the horizon.
    @Test func intervalsUseTheFittedSigmaAndTheVarianceFactor() throws {
        let model = try Forecaster.fit(SyntheticSeries.values(days: 84, sigma: 5, seed: 7))
        let parameters = try #require(model.smoothing)
        let z = NormalDistribution.criticalValue(confidencePercent: 90)
        let predictions = model.forecast(horizon: 30, confidencePercent: 90)
        for prediction in predictions {
            let factor = HoltWinters.varianceFactor(horizon: prediction.daysAhead, parameters: parameters)
            let halfWidth = z * model.sigma * factor.squareRoot()
            #expect(abs(prediction.upperBound - prediction.value - halfWidth) < 1e-9)
            #expect(abs(prediction.value - prediction.lowerBound - halfWidth) < 1e-9)
        }
        let widths = predictions.map { $0.upperBound - $0.lowerBound }
        #expect(zip(widths, widths.dropFirst()).allSatisfy { $0 < $1 })
    }

    /// The error-correction recursions give the states of the textbook component form within 1e-9.
    @Test func errorCorrectionFormMatchesTheComponentForm() {
        let series = SyntheticSeries.values(days: 60, sigma: 3, seed: 11)
        let model = HoltWinters(initialisingFrom: series)
        let parameters = SmoothingParameters(alpha: 0.3, beta: 0.2, gamma: 0.4)
        let pass = model.smooth(series, with: parameters)

        var level = model.initialLevel
        var trend = model.initialTrend
        var season = model.initialSeason
        for (t, value) in series.enumerated() {
            let (previousLevel, previousTrend) = (level, trend)
            level =
                parameters.alpha * (value - season[t % 7]) + (1 - parameters.alpha) * (previousLevel + previousTrend)
            trend = parameters.beta * (level - previousLevel) + (1 - parameters.beta) * previousTrend
            season[t % 7] =
                parameters.gamma * (value - previousLevel - previousTrend) + (1 - parameters.gamma) * season[t % 7]
        }
        #expect(abs(pass.level - level) < 1e-9)
        #expect(abs(pass.trend - trend) < 1e-9)
        #expect(zip(pass.season, season).allSatisfy { abs($0 - $1) < 1e-9 })
    }
}
