import SeededRandom

extension SplitMix64 {
    /// `days` values of `level` plus N(0, sigma²) noise, plus `weekly[t mod 7]` when given.
    static func series(days: Int, level: Double, sigma: Double, weekly: [Double]? = nil, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<days).map { day in level + (weekly?[day % 7] ?? 0) + sigma * generator.normal() }
    }
}
