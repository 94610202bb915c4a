import Glibc
import SeededRandom

/// A synthetic daily metric with injected anomalies, and the kind of each day.
///
/// Expected value: level × (1 + amplitude × weekly pattern), the level moving linearly by `growth` over the series
/// plus the steps of its level shifts. Noise: normal, standard deviation `noise` × the expected value. Counts are
/// rounded; no value is below zero.
struct BenchSeries {
    /// Coefficients of variation of the noise, one per quarter of the series.
    static let noiseLevels = [0.02, 0.05, 0.10, 0.20]
    /// Anomaly magnitudes, in standard deviations of the noise on the day.
    static let magnitudes = 4.0...8.0
    /// Share of the judged days that are anomalies.
    static let anomalyShare = 0.05
    /// First day an anomaly may start on.
    static let firstAnomalyDay = 28
    /// Anomaly days of a level shift.
    static let shiftDays = 3
    /// Normal days after those that count as after-shift days.
    static let afterShiftDays = 14
    /// A downward shift removes at most this share of the level.
    static let largestDrop = 0.8
    /// Events in turn (a shift has three anomaly days), so the three kinds have about as many days each.
    static let rotation: [DayKind] = [.shiftStart, .spike, .dip, .spike, .dip, .spike, .dip]

    /// The shape of one series without its noise and anomalies.
    private struct Profile {
        let isCount: Bool
        let base: Double
        let growth: Double
        let amplitude: Double
        /// Weekly pattern in [-1, 1], centred on zero.
        let pattern: [Double]
        let weekdayOffset: Int

        init(isCount: Bool, random: inout SplitMix64) {
            self.isCount = isCount
            base = isCount ? exp(random.uniform(log(30)...log(5000))) : random.uniform(0.5...15)
            growth = random.uniform(-0.3...0.6)
            amplitude = random.uniform(0...0.3)
            let raw = (0..<7).map { _ in random.normal() }
            let mean = raw.reduce(0, +) / 7
            let scale = raw.map { abs($0 - mean) }.max() ?? 1
            pattern = raw.map { ($0 - mean) / scale }
            weekdayOffset = Int(random.uniform() * 7)
        }

        /// The level of day `day` of `days`, before shifts.
        func level(day: Int, of days: Int) -> Double { base * (1 + growth * Double(day) / Double(days)) }

        /// The weekly factor of day `day`.
        func seasonal(day: Int) -> Double { 1 + amplitude * pattern[(day + weekdayOffset) % 7] }
    }

    let values: [Double]
    let kinds: [DayKind]
    /// The injected magnitude of each anomaly day in noise standard deviations, 0 on other days.
    let magnitudes: [Double]
    let noise: Double

    /// Series `number` of the bench; `length` fixes its length (otherwise 180 to 365 days).
    init(number: Int, seed: UInt64, length: Int? = nil, judgedFrom warmUp: Int) {
        var random = SplitMix64(seed: seed &* 0x1_0000_0001 &+ UInt64(number))
        let days = length ?? 180 + Int(random.uniform() * 186)
        noise = Self.noiseLevels[number % Self.noiseLevels.count]
        let profile = Profile(isCount: (number / Self.noiseLevels.count) % 2 == 0, random: &random)
        let events = Self.placeEvents(days: days, warmUp: warmUp, random: &random)
        var kinds = [DayKind](repeating: .normal, count: days)
        var magnitudes = [Double](repeating: 0, count: days)
        for day in 0..<min(warmUp, days) { kinds[day] = .warmUp }
        var values: [Double] = []
        var step = 0.0
        for day in 0..<days {
            let seasonal = profile.seasonal(day: day)
            var expected = (profile.level(day: day, of: days) + step) * seasonal
            var sigma = noise * expected
            if let event = events[day] {
                let magnitude = random.uniform(Self.magnitudes)
                switch event {
                case .spike: expected += magnitude * sigma
                case .dip: expected -= magnitude * sigma
                default:
                    let rise = random.uniform() < 0.5
                    let change = rise ? magnitude * sigma : -min(magnitude * sigma, Self.largestDrop * expected)
                    step += change / seasonal
                    expected += change
                    sigma = noise * expected
                }
                let span = event == .shiftStart ? Self.shiftDays + Self.afterShiftDays : 1
                for offset in 0..<span where day + offset < days {
                    let isAnomaly = event != .shiftStart || offset < Self.shiftDays
                    kinds[day + offset] = isAnomaly ? event : .afterShift
                    magnitudes[day + offset] = isAnomaly ? magnitude : 0
                }
            }
            let value = expected + sigma * random.normal()
            values.append(max(0, profile.isCount ? value.rounded() : value))
        }
        self.values = values
        self.kinds = kinds
        self.magnitudes = magnitudes
    }

    /// Start days of the events by kind: 5 % of the judged days in anomaly days, spaced so that each event's
    /// effect (a week, or 17 days after a shift) is over before the next starts.
    private static func placeEvents(days: Int, warmUp: Int, random: inout SplitMix64) -> [DayKind?] {
        var events = [DayKind?](repeating: nil, count: days)
        var taken = [Bool](repeating: false, count: days)
        let target = Int((anomalyShare * Double(days - warmUp)).rounded())
        var anomalyDays = 0
        var turn = Int(random.uniform() * Double(rotation.count))
        var attempts = 0
        while anomalyDays < target && attempts < 10_000 {
            attempts += 1
            let kind = rotation[turn % rotation.count]
            let reach = kind == .shiftStart ? shiftDays + afterShiftDays : 8
            let start = firstAnomalyDay + Int(random.uniform() * Double(days - firstAnomalyDay - shiftDays))
            let end = min(start + reach, days)
            // The span before `start` must be free of an earlier event's reach, so test a week back as well.
            guard !taken[max(0, start - 8)..<end].contains(true) else { continue }
            for day in start..<end { taken[day] = true }
            events[start] = kind
            anomalyDays += kind == .shiftStart ? shiftDays : 1
            turn += 1
        }
        return events
    }
}
