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

    /// `days` values of `level` plus N(0, sigma²) noise, plus `weekly[t mod 7]` when given.
    static func series(days: Int, level: Double, sigma: Double, weekly: [Double]? = nil, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<days).map { day in level + (weekly?[day % 7] ?? 0) + sigma * generator.normal() }
    }
}
