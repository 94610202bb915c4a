/// SplitMix64: small, fast and seedable, so the data can be reproduced exactly.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The generator for one user (day nil) or one user's day, independent of every other of the same seed.
    init(seed: UInt64, user: Int, day: Int?) {
        var mixer = SplitMix64(
            seed: seed ^ (UInt64(user) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(bitPattern: Int64(day ?? -1)) << 40)
        self.init(seed: mixer.next())
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
