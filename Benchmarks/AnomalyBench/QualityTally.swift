/// Flagged and total days, by day kind and by noise level, for one sensitivity.
struct QualityTally {
    /// Flagged and total days of one group.
    struct Count {
        var flagged = 0
        var total = 0

        /// flagged / total, or nil for an empty group.
        var share: Double? { total == 0 ? nil : Double(flagged) / Double(total) }

        static func += (count: inout Count, other: Count) {
            count.flagged += other.flagged
            count.total += other.total
        }
    }

    private(set) var byKind: [DayKind: Count] = [:]
    /// Anomaly days and normal days (after-shift days included) by noise level.
    private(set) var anomaliesByNoise: [Double: Count] = [:]
    private(set) var normalByNoise: [Double: Count] = [:]
    /// Anomaly days by whole magnitude (4 holds 4 to 5 noise standard deviations).
    private(set) var anomaliesByMagnitude: [Int: Count] = [:]

    /// Counts one judged day.
    mutating func add(kind: DayKind, noise: Double, magnitude: Double, flagged: Bool) {
        let one = Count(flagged: flagged ? 1 : 0, total: 1)
        byKind[kind, default: Count()] += one
        if kind.isAnomaly {
            anomaliesByNoise[noise, default: Count()] += one
            anomaliesByMagnitude[Int(magnitude), default: Count()] += one
        } else {
            normalByNoise[noise, default: Count()] += one
        }
    }

    /// Share of the anomaly days flagged.
    var recall: Count { sum(of: [.spike, .dip, .shiftStart]) }
    /// Share of the normal days flagged, after-shift days included.
    var falsePositiveRate: Count { sum(of: [.normal, .afterShift]) }

    private func sum(of kinds: [DayKind]) -> Count {
        var total = Count()
        for kind in kinds { total += byKind[kind] ?? Count() }
        return total
    }
}
