import Glibc
import SeededRandom

/// The test series: 100 + 2·t plus a weekly pattern (day 0 is a Monday), plus optional Gaussian noise.
enum SyntheticSeries {
    static let intercept = 100.0
    static let slope = 2.0
    /// Monday -5, Saturday +10, the other days -1: zero mean over the week.
    static let weeklyPattern: [Double] = [-5, -1, -1, -1, -1, 10, -1]

    /// The noiseless value on day t.
    static func expected(day t: Int) -> Double {
        intercept + slope * Double(t) + weeklyPattern[t % 7]
    }

    /// `days` values with N(0, sigma²) noise drawn from `seed`.
    static func values(days: Int, sigma: Double = 0, seed: UInt64 = 0) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<days).map { expected(day: $0) + sigma * generator.normal() }
    }
}
