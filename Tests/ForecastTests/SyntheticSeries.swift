import Glibc

/// A small seeded generator (SplitMix64) with Box–Muller normals, so that every test series is reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    /// The second normal of the last Box–Muller pair.
    private var spare: Double?

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1): 53 random bits, shifted off zero.
    mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992
    }

    /// Standard normal by Box–Muller.
    mutating func normal() -> Double {
        if let spare {
            self.spare = nil
            return spare
        }
        let radius = (-2 * log(uniform())).squareRoot()
        let angle = 2 * Double.pi * uniform()
        spare = radius * sin(angle)
        return radius * cos(angle)
    }
}

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
