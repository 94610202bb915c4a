import SeededRandom
import Testing

@testable import Anomaly

/// The days `scan` flags, by index.
private func flaggedDays(_ values: [Double], _ sensitivity: Sensitivity = .medium) -> [Int] {
    AnomalyDetector.scan(values, sensitivity: sensitivity).filter(\.isAnomaly).map(\.index)
}

/// The point `scan` gives for day `index`.
private func point(_ values: [Double], at index: Int, _ sensitivity: Sensitivity = .medium) throws -> AnomalyPoint {
    try #require(AnomalyDetector.scan(values, sensitivity: sensitivity).first { $0.index == index })
}

@Suite struct AnomalyDetectorTests {
    /// 120 days of 100 + N(0, 2²) (seed 7), +20 (10 sigma) on day 80: day 80 is the only flagged day, with a score
    /// of 7.56; its expected value (100.39) comes from the days before it, so the spike is not in its own baseline.
    @Test func spikeIsFlaggedAndItsNeighboursAreNot() throws {
        var values = SplitMix64.series(days: 120, level: 100, sigma: 2, seed: 7)
        values[80] += 20
        #expect(flaggedDays(values) == [80])
        let spike = try point(values, at: 80)
        #expect(abs(spike.expected - 100.39) < 0.01)
        #expect(abs(spike.score - 7.56) < 0.01)
        #expect(spike.lower < 100 && spike.upper < 110)
        #expect(abs(try point(values, at: 81).expected - 100) < 1)
    }

    /// The same with -20 on day 80 (seed 3): only day 80, score -8.37.
    @Test func dipIsFlaggedAndItsNeighboursAreNot() throws {
        var values = SplitMix64.series(days: 120, level: 100, sigma: 2, seed: 3)
        values[80] -= 20
        #expect(flaggedDays(values) == [80])
        #expect(abs(try point(values, at: 80).score - -8.37) < 0.01)
    }

    /// 100 + N(0, 2²) (seed 9) for 100 days, then 30 higher (15 sigma) for 60: days 100, 101 and 102 are flagged,
    /// against the old level (expected within 1 of 100); then the level is reset, and no later day is flagged: from
    /// day 103 on the expected value is within 2.5 of 130.
    @Test func levelShiftFlagsItsFirstThreeDaysOnly() throws {
        var values = SplitMix64.series(days: 160, level: 100, sigma: 2, seed: 9)
        for day in 100..<160 { values[day] += 30 }
        #expect(flaggedDays(values) == [100, 101, 102])
        let points = AnomalyDetector.scan(values)
        for shifted in points.filter({ (100...102).contains($0.index) }) {
            #expect(abs(shifted.expected - 100) < 1)
            #expect(shifted.score > 12)
        }
        #expect(points.filter { $0.index >= 103 }.allSatisfy { abs($0.expected - 130) < 2.5 })
    }

    /// 0 to 21 days: no point, and evaluateLast is nil; the first 21 days only start the detector.
    @Test(arguments: [0, 1, 6, 7, 14, 20, 21])
    func shortHistoryHasNoPoints(days: Int) {
        let values = [Double](repeating: 10, count: days)
        #expect(AnomalyDetector.scan(values).isEmpty)
        #expect(AnomalyDetector.evaluateLast(values) == nil)
    }

    /// 22 days: one point, for day 21, which a 5x jump makes an anomaly.
    @Test func twentyTwoDaysJudgeTheLastOne() throws {
        var values = SplitMix64.series(days: 22, level: 100, sigma: 2, seed: 1)
        values[21] = 500
        let points = AnomalyDetector.scan(values)
        #expect(points.map(\.index) == [21])
        #expect(points.first?.isAnomaly == true)
        #expect(AnomalyDetector.evaluateLast(values) == points.first)
    }

    /// 60 days of 50 with 60 on day 40: no error at all, so the spread is its floor, 1 % of the level (0.5): day 40
    /// has expected 50, band 48.625...51.375 (2.75 spreads) and score 20; no other day is flagged.
    @Test func constantSeriesFlagsItsOneChange() throws {
        var values = [Double](repeating: 50, count: 60)
        values[40] = 60
        #expect(flaggedDays(values) == [40])
        let change = try point(values, at: 40)
        #expect(change.expected == 50)
        #expect(change.lower == 48.625)
        #expect(change.upper == 51.375)
        #expect(change.score == 20)
    }

    /// 50 for 40 days, then 60: days 40-42 are flagged (score 20 each), the level is then 60 exactly: the last day
    /// has expected 60 and band 58.35...61.65.
    @Test func constantSeriesStepIsRelevelled() throws {
        let values = [Double](repeating: 50, count: 40) + [Double](repeating: 60, count: 40)
        #expect(flaggedDays(values) == [40, 41, 42])
        let last = try #require(AnomalyDetector.evaluateLast(values))
        #expect(last.expected == 60)
        #expect(abs(last.lower - 58.35) < 1e-9)
        #expect(abs(last.upper - 61.65) < 1e-9)
        #expect(!last.isAnomaly)
    }

    /// 100 every day (spread 1, its floor) with 104 on day 60, 103 on day 100 and 102.5 on day 140 (scores 4.00,
    /// 3.03, 2.54): low (3.5 spreads) flags day 60, medium (2.75) days 60 and 100, high (2.25) all three.
    @Test func sensitivitiesFlagNestedSets() {
        var values = [Double](repeating: 100, count: 200)
        values[60] = 104
        values[100] = 103
        values[140] = 102.5
        #expect(flaggedDays(values, .low) == [60])
        #expect(flaggedDays(values, .medium) == [60, 100])
        #expect(flaggedDays(values, .high) == [60, 100, 140])
    }

    /// On a noisy weekly series, every sensitivity gives the same expected values and scores; only the band differs,
    /// so high flags a superset of medium and medium of low (here 1, 1 and 2 days).
    @Test func sensitivityChangesOnlyTheBand() {
        let values = SplitMix64.series(
            days: 200, level: 1000, sigma: 20, weekly: [-200, 50, 60, 70, 80, 90, -150], seed: 11)
        let low = AnomalyDetector.scan(values, sensitivity: .low)
        let medium = AnomalyDetector.scan(values, sensitivity: .medium)
        let high = AnomalyDetector.scan(values, sensitivity: .high)
        #expect(low.map(\.expected) == medium.map(\.expected) && medium.map(\.expected) == high.map(\.expected))
        #expect(low.map(\.score) == high.map(\.score))
        let days = [low, medium, high].map { Set($0.filter(\.isAnomaly).map(\.index)) }
        #expect(days.map(\.count) == [1, 1, 2])
        #expect(days[0].isSubset(of: days[1]) && days[1].isSubset(of: days[2]))
    }

    /// On a series with a weekly pattern, spikes, a shift, missing days and 731 days, evaluateLast on a prefix
    /// equals scan's last point on that prefix, and scan's point for the same day on the whole series: a day is
    /// judged from the days before it only. A prefix that ends on a missing day has no last point.
    @Test func evaluateLastAgreesWithScan() {
        var values = SplitMix64.series(
            days: 731, level: 500, sigma: 25, weekly: [-100, 20, 30, 30, 20, 10, -10], seed: 5)
        for day in [100, 300, 500] { values[day] += 200 }
        for day in 400..<731 { values[day] += 150 }
        for day in [200, 201, 650] { values[day] = .nan }
        let whole = AnomalyDetector.scan(values, sensitivity: .high)
        for count in [22, 23, 60, 101, 203, 401, 403, 652, 731] {
            let prefix = Array(values[..<count])
            let last = AnomalyDetector.evaluateLast(prefix, sensitivity: .high)
            #expect(last != nil)
            #expect(last == AnomalyDetector.scan(prefix, sensitivity: .high).last)
            #expect(last == whole.first { $0.index == count - 1 })
        }
        #expect(AnomalyDetector.evaluateLast(Array(values[..<651])) == nil)
    }

    /// Days whose value is not finite are missing: no point for day 50, the spike on day 80 is still found, and a
    /// series ending on a missing day has no last point.
    @Test func missingDaysAreSkipped() {
        var values = SplitMix64.series(days: 120, level: 100, sigma: 2, seed: 7)
        values[50] = .nan
        values[60] = .infinity
        values[80] += 20
        let points = AnomalyDetector.scan(values)
        #expect(points.count == 97)
        #expect(!points.contains { $0.index == 50 || $0.index == 60 })
        #expect(points.filter(\.isAnomaly).map(\.index) == [80])
        #expect(AnomalyDetector.evaluateLast(values + [.nan]) == nil)
    }

    /// 60 days of zeros: nothing flagged, the last day expects 0 with band 0...1.375 (the spread of a count is at least
    /// half a unit). Zeros with a 1 on days 30 and 45 and a 5 on day 50: only the 5 is flagged (score 9.83).
    @Test func zerosAndSparseCountsFlagOnlyALargeCount() throws {
        let zeros = [Double](repeating: 0, count: 60)
        #expect(flaggedDays(zeros).isEmpty)
        let last = try #require(AnomalyDetector.evaluateLast(zeros))
        #expect(last.expected == 0 && last.lower == 0 && last.upper == 1.375)
        var sparse = zeros
        sparse[30] = 1
        sparse[45] = 1
        sparse[50] = 5
        #expect(flaggedDays(sparse) == [50])
        #expect(abs(try point(sparse, at: 50).score - 9.83) < 0.01)
    }

    /// A rate around 0.031 (N(0, 0.001²), seed 7) rising to 0.037 on day 70 is flagged (score 4.85): the floors for
    /// counts do not apply to fractions.
    @Test func smallRatesAreJudgedOnTheirOwnScale() throws {
        var values = SplitMix64.series(days: 120, level: 0.031, sigma: 0.001, seed: 7)
        values[70] = 0.037
        #expect(flaggedDays(values) == [70])
        #expect(abs(try point(values, at: 70).score - 4.85) < 0.01)
    }

    /// Values around 0 (N(0, 5²), seed 3), +40 on day 90: only day 90 is flagged, and the lower bound is negative.
    @Test func seriesWithNegativeValuesHasNegativeBounds() throws {
        var values = SplitMix64.series(days: 120, level: 0, sigma: 5, seed: 3)
        values[90] += 40
        #expect(flaggedDays(values) == [90])
        let spike = try point(values, at: 90)
        #expect(spike.lower < -10)
        #expect(abs(spike.score - 5.84) < 0.01)
    }

    /// 1000 + N(0, 10²) (seed 13) with day 0 of each week 400 lower: 904 on day 119 (a low day, expected 597.7) is
    /// flagged though it would be ordinary on any other weekday.
    @Test func weeklyPatternSetsTheExpectedValue() throws {
        var values = SplitMix64.series(
            days: 150, level: 1000, sigma: 10, weekly: [-400, 50, 60, 70, 80, 90, 50], seed: 13)
        values[119] += 300
        #expect(flaggedDays(values) == [119])
        #expect(abs(try point(values, at: 119).expected - 597.68) < 0.01)
    }

    /// A count around 100 (N(0, 5²), seed 2, rounded) that falls to 0 for 200 days: the fall is a level shift, so
    /// days 120-122 are flagged and the zeros after them are not (nor days 115-119); the last day expects 0.
    @Test func countFallingToZeroIsALevelShift() throws {
        let before = SplitMix64.series(days: 120, level: 100, sigma: 5, seed: 2).map { $0.rounded() }
        let values = before + [Double](repeating: 0, count: 200)
        #expect(flaggedDays(values).filter { $0 >= 115 } == [120, 121, 122])
        #expect(try #require(AnomalyDetector.evaluateLast(values)).expected < 0.5)
    }

    /// Values near the largest double overflow the arithmetic: such days are judged but not learnt from, and nothing
    /// traps; 60 days give 39 points.
    @Test func hugeValuesDoNotTrap() {
        var values = SplitMix64.series(days: 60, level: 1e300, sigma: 1e298, seed: 4)
        for day in 40..<43 { values[day] = .greatestFiniteMagnitude }
        values[43] = -.greatestFiniteMagnitude
        #expect(AnomalyDetector.scan(values).count == 39)
        #expect(AnomalyDetector.evaluateLast(values) != nil)
    }
}
