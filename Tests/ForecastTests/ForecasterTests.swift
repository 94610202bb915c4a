import SeededRandom
import Testing

@testable import Forecast

@Suite struct ForecasterTests {
    /// 0 to 6 points throw insufficientData(count:minimum: 7), and their trend is insufficient_data.
    @Test(arguments: 0..<7)
    func fewerThanSevenPointsAreInsufficient(count: Int) throws {
        let history = [Double](repeating: 10, count: count)
        #expect(throws: ForecastError.insufficientData(count: count, minimum: 7)) { try Forecaster.fit(history) }
        #expect(try Forecaster.trend(of: history) == .insufficientData)
    }

    /// 7 to 20 points give the least-squares line; 21 and more give Holt–Winters with 7 seasonal components.
    @Test(arguments: [7, 8, 14, 20, 21, 22, 28, 84, 365])
    func modelSwitchesToHoltWintersAtTwentyOneDays(count: Int) throws {
        let model = try Forecaster.fit(SyntheticSeries.values(days: count, sigma: 2, seed: 3))
        #expect(model.observationCount == count)
        if count < 21 {
            #expect(model.kind == .linearTrend)
            #expect(model.modelVersion == "ols-linear/1")
        } else {
            #expect(model.kind == .holtWinters)
            #expect(model.modelVersion == "holt-winters-additive-7/1")
            #expect(model.seasonal?.count == 7)
            let parameters = try #require(model.smoothing)
            for weight in [parameters.alpha, parameters.beta, parameters.gamma] {
                #expect(weight >= 0.01 && weight <= 0.99)
            }
        }
        let predictions = model.forecast(horizon: 30, confidencePercent: 95)
        #expect(predictions.count == 30)
        #expect(predictions.allSatisfy { $0.lowerBound <= $0.value && $0.value <= $0.upperBound })
    }

    /// NaN and infinities are refused with their index.
    @Test func nonFiniteValuesAreRefused() {
        var history = [Double](repeating: 1, count: 30)
        history[12] = .nan
        #expect(throws: ForecastError.nonFiniteValue(index: 12)) { try Forecaster.fit(history) }
        history[12] = 1
        history[3] = -.infinity
        #expect(throws: ForecastError.nonFiniteValue(index: 3)) { try Forecaster.fit(history) }
    }

    /// Flat series (50 every day, or 0 every day) at both model sizes: stable, slope and sigma 0 within 1e-9,
    /// every prediction and bound the constant within 1e-9, nothing NaN or infinite.
    @Test(arguments: [(7, 50.0), (10, 50.0), (84, 50.0), (7, 0.0), (84, 0.0), (200, 0.0)])
    func flatSeriesIsStableAndFinite(count: Int, value: Double) throws {
        let model = try Forecaster.fit([Double](repeating: value, count: count))
        #expect(model.trend == .stable)
        #expect(abs(model.slopePerDay) < 1e-9)
        #expect(model.sigma < 1e-9)
        for prediction in model.forecast(horizon: 30, confidencePercent: 99) {
            for number in [prediction.value, prediction.lowerBound, prediction.upperBound] {
                #expect(number.isFinite)
                #expect(abs(number - value) < 1e-9)
            }
        }
    }

    /// 100 + 2·t with a weekly pattern is increasing; 500 - 3·t is decreasing; at both model sizes.
    @Test(arguments: [14, 84])
    func clearSlopesGiveTheirDirection(count: Int) throws {
        #expect(try Forecaster.trend(of: SyntheticSeries.values(days: count, sigma: 5, seed: 5)) == .increasing)
        let falling = (0..<count).map { 500 - 3 * Double($0) }
        #expect(try Forecaster.trend(of: falling) == .decreasing)
    }

    /// CONTRACT.md section 10: stable when the fitted change over 30 days is under 5% of the history's mean.
    /// 100 + 0.15·t over 60 days (mean 104.425) changes by 4.5 < 5.22: stable, though exact.
    @Test func changeUnderFivePercentOfTheMeanIsStable() throws {
        #expect(try Forecaster.trend(of: (0..<60).map { 100 + 0.15 * Double($0) }) == .stable)
        // 100 + 0.2·t (mean 105.9) changes by 6 > 5.295: increasing; 100 - 0.2·t (mean 94.1): 6 > 4.705, decreasing.
        #expect(try Forecaster.trend(of: (0..<60).map { 100 + 0.2 * Double($0) }) == .increasing)
        #expect(try Forecaster.trend(of: (0..<60).map { 100 - 0.2 * Double($0) }) == .decreasing)
    }

    /// Noise of sigma 5 around a flat 100 with the weekly pattern, 84 days, 20 seeds: always stable.
    @Test func noisyFlatSeriesIsStable() throws {
        for seed in 0..<20 {
            var generator = SplitMix64(seed: UInt64(seed))
            let history = (0..<84).map { 100 + SyntheticSeries.weeklyPattern[$0 % 7] + 5 * generator.normal() }
            #expect(try Forecaster.trend(of: history) == .stable, "seed \(seed)")
        }
    }

    /// Values near the largest double are fitted on a scaled copy: every output stays finite.
    @Test func hugeValuesStayFinite() throws {
        let history = SyntheticSeries.values(days: 60, sigma: 5, seed: 9).map { $0 * 1e305 }
        let model = try Forecaster.fit(history)
        #expect(model.sigma.isFinite && model.level.isFinite && model.slopePerDay.isFinite)
        for prediction in model.forecast(horizon: 30, confidencePercent: 99) {
            #expect(prediction.value.isFinite && prediction.lowerBound.isFinite && prediction.upperBound.isFinite)
        }
    }

    /// A zero horizon gives no predictions.
    @Test func zeroHorizonIsEmpty() throws {
        #expect(
            try Forecaster.fit(SyntheticSeries.values(days: 30)).forecast(horizon: 0, confidencePercent: 95).isEmpty)
    }
}
