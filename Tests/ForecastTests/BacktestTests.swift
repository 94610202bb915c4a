import Testing

@testable import Forecast

@Suite struct BacktestTests {
    /// heldOut = min(30, max(7, n / 5)); nil when fewer than 7 points (21 for Holt–Winters) would remain to fit.
    @Test(
        arguments: [
            (6, nil), (13, nil), (14, 7), (20, 7), (21, nil), (27, nil), (28, 7), (40, 8), (100, 20), (150, 30),
            (400, 30),
        ] as [(Int, Int?)])
    func heldOutFollowsTheRule(count: Int, expected: Int?) {
        let backtest = Forecaster.backtest(SyntheticSeries.values(days: count, sigma: 1), confidencePercent: 95)
        #expect(backtest?.heldOut == expected)
        if let backtest {
            #expect(backtest.kind == (count >= 21 ? .holtWinters : .linearTrend))
        }
    }

    /// A noiseless line 100 + 2·t: MAPE below 1e-9 percent and coverage 1, for the line (16 days) and Holt–Winters
    /// (60 days).
    @Test(arguments: [16, 60])
    func noiselessLineHasZeroErrorAndFullCoverage(count: Int) throws {
        let backtest = try #require(
            Forecaster.backtest((0..<count).map { 100 + 2 * Double($0) }, confidencePercent: 80))
        let mape = try #require(backtest.mape)
        #expect(mape < 1e-9)
        #expect(backtest.coverage == 1)
    }

    /// Held-out actuals 10% above the exact line's predictions (17...23): every error is 0.1/1.1 of the actual,
    /// so MAPE = 100/11 = 9.0909...% within 1e-9; sigma is 0, so no point is inside: coverage 0.
    @Test func mapeIsTheMeanAbsolutePercentageError() throws {
        let history = (0..<7).map { 10 + Double($0) } + (7..<14).map { 1.1 * (10 + Double($0)) }
        let backtest = try #require(Forecaster.backtest(history, confidencePercent: 95))
        #expect(backtest.heldOut == 7)
        #expect(abs(try #require(backtest.mape) - 100.0 / 11) < 1e-9)
        #expect(backtest.coverage == 0)
    }

    /// An all-zero history: MAPE is nil (no non-zero actual), coverage 1.
    @Test func zeroSeriesHasNoMape() throws {
        let backtest = try #require(Forecaster.backtest([Double](repeating: 0, count: 60), confidencePercent: 95))
        #expect(backtest.mape == nil)
        #expect(backtest.coverage == 1)
    }

    /// The noisy series (sigma 5, 84 days, 16 held out), 30 seeds: mean coverage of the 95% interval within
    /// 0.80–1 and of the 80% interval within 0.60–0.95 (measured: 93.8% and 76.7%), MAPE below 5% each time
    /// (the level is about 180 and sigma 5).
    @Test func noisySeriesHasPlausibleCoverage() throws {
        var coverage80 = 0.0
        var coverage95 = 0.0
        for seed in 0..<30 {
            let history = SyntheticSeries.values(days: 84, sigma: 5, seed: UInt64(2000 + seed))
            let at80 = try #require(Forecaster.backtest(history, confidencePercent: 80))
            let at95 = try #require(Forecaster.backtest(history, confidencePercent: 95))
            #expect(at95.heldOut == 16)
            #expect(try #require(at95.mape) < 5, "seed \(seed)")
            coverage80 += at80.coverage / 30
            coverage95 += at95.coverage / 30
        }
        #expect(coverage80 >= 0.60 && coverage80 <= 0.95, "80% backtest coverage \(coverage80)")
        #expect(coverage95 >= 0.80 && coverage95 <= 1, "95% backtest coverage \(coverage95)")
    }

    /// A history with NaN gives no backtest.
    @Test func nonFiniteHistoryHasNoBacktest() {
        var history = SyntheticSeries.values(days: 60)
        history[40] = .nan
        #expect(Forecaster.backtest(history, confidencePercent: 95) == nil)
    }
}
