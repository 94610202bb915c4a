// Measures the Anomaly module in release mode: recall and false-positive rate on synthetic daily series with
// injected spikes, dips and level shifts, per sensitivity, and the CPU time of 1,000 alert-rule evaluations.
//
//   anomaly-bench [--seed N]   (docs/anomaly-detection.md quotes the default, seed 1)
import Anomaly
import Glibc

let seriesCount = 200
let recallGoal = 0.90
let falsePositiveGoal = 0.02
let evaluations = 1_000

func fail(_ message: String) -> Never {
    let text = "anomaly-bench: \(message)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

func parseSeed() -> UInt64 {
    var arguments = CommandLine.arguments.dropFirst()
    var seed: UInt64 = 1
    while let argument = arguments.popFirst() {
        guard argument == "--seed", let value = arguments.popFirst().flatMap({ UInt64($0) }) else {
            fail("usage: anomaly-bench [--seed N]")
        }
        seed = value
    }
    return seed
}

/// CPU seconds used by this process so far.
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// `value` with `digits` decimals, right-aligned in `width` columns; "-" for nil.
func format(_ value: Double?, digits: Int, width: Int = 0) -> String {
    var text = "-"
    if let value {
        let scaled = (abs(value) * pow(10, Double(digits))).rounded()
        var body = String(Int(scaled))
        if digits > 0 {
            while body.count <= digits { body = "0" + body }
            body.insert(".", at: body.index(body.endIndex, offsetBy: -digits))
        }
        text = (value < 0 && scaled > 0 ? "-" : "") + body
    }
    return String(repeating: " ", count: max(0, width - text.count)) + text
}

/// `text` followed by spaces up to `width` columns.
func padded(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}

/// Judges every series at every sensitivity.
func tally(_ series: [BenchSeries]) -> [Sensitivity: QualityTally] {
    var tallies: [Sensitivity: QualityTally] = [:]
    for sensitivity in Sensitivity.allCases {
        var tally = QualityTally()
        for one in series {
            for point in AnomalyDetector.scan(one.values, sensitivity: sensitivity) {
                tally.add(
                    kind: one.kinds[point.index], noise: one.noise, magnitude: one.magnitudes[point.index],
                    flagged: point.isAnomaly)
            }
        }
        tallies[sensitivity] = tally
    }
    return tallies
}

func printSetup(_ series: [BenchSeries], seed: UInt64, medium: QualityTally) {
    let lengths = series.map(\.values.count)
    let span = "\(lengths.min()!)-\(lengths.max()!) days"
    print("anomaly-bench: \(series.count) synthetic daily series (seed \(seed)), \(span)")
    print("  weekly pattern ×(1 ± up to 30 %), trend -30 %..+60 % over the series, normal noise of CV 2, 5, 10, 20 %")
    print("  (50 series each); half are counts (level 30-5000, rounded), half rates (0.5-15 %); no value below 0")
    print("  injected from day 28 on, 5 % of the judged days: spikes +4..8 sigma, dips -4..8 sigma (not below 0),")
    print("  level shifts ±4..8 sigma (a drop at most 80 % of the level); sigma = the noise's on that day. A shift's")
    print("  first 3 days are the anomalies; its next 14 days are normal days at the new level (after-shift column)")
    print("  days 0-\(AnomalyDetector.minimumHistory - 1) of each series start the detector and are not judged")
    let kinds = [("spike", DayKind.spike), ("dip", .dip), ("shift", .shiftStart)]
    let counts = kinds.map { "\($0.0) days \(medium.byKind[$0.1]?.total ?? 0)" }.joined(separator: ", ")
    print("  judged: \(medium.recall.total) anomaly days (\(counts)), \(medium.falsePositiveRate.total) normal days")
}

func printQuality(_ tallies: [Sensitivity: QualityTally]) {
    print("")
    print("sensitivity  band   recall     FPR  spikes    dips  shifts  after-shift FPR")
    for sensitivity in Sensitivity.allCases {
        let tally = tallies[sensitivity]!
        var line = padded(sensitivity.rawValue, 11) + format(sensitivity.bandWidth, digits: 2, width: 6)
        line +=
            format(tally.recall.share, digits: 3, width: 9) + format(tally.falsePositiveRate.share, digits: 4, width: 8)
        for kind in [DayKind.spike, .dip, .shiftStart] {
            line += format(tally.byKind[kind]?.share, digits: 3, width: 8)
        }
        print(line + format(tally.byKind[.afterShift]?.share, digits: 4, width: 17))
    }
    print("")
    print("recall / FPR by noise level")
    print(padded("sensitivity", 12) + BenchSeries.noiseLevels.map { padded("CV \(Int($0 * 100)) %", 18) }.joined())
    for sensitivity in Sensitivity.allCases {
        let tally = tallies[sensitivity]!
        let cells = BenchSeries.noiseLevels.map { noise in
            format(tally.anomaliesByNoise[noise]?.share, digits: 3, width: 5) + " / "
                + format(tally.normalByNoise[noise]?.share, digits: 4) + "    "
        }
        print(padded(sensitivity.rawValue, 12) + cells.joined())
    }
    print("")
    print("recall by injected magnitude, in noise standard deviations")
    let buckets = Array(Int(BenchSeries.magnitudes.lowerBound)..<Int(BenchSeries.magnitudes.upperBound))
    print(padded("sensitivity", 12) + buckets.map { padded("\($0)-\($0 + 1)", 8) }.joined())
    for sensitivity in Sensitivity.allCases {
        let shares = buckets.map { padded(format(tallies[sensitivity]!.anomaliesByMagnitude[$0]?.share, digits: 3), 8) }
        print(padded(sensitivity.rawValue, 12) + shares.joined())
    }
}

/// CPU seconds of `evaluations` calls of evaluateLast at medium, on as many series of `days` days: the median of
/// 5 rounds, and how many last days were flagged.
func evaluationSeconds(days: Int, seed: UInt64) -> (seconds: Double, flagged: Int) {
    let inputs = (0..<evaluations).map {
        BenchSeries(number: $0, seed: seed, length: days, judgedFrom: AnomalyDetector.minimumHistory).values
    }
    var flagged = 0
    var rounds: [Double] = []
    for _ in 0..<5 {
        flagged = 0
        let start = cpuSeconds()
        for values in inputs where AnomalyDetector.evaluateLast(values)?.isAnomaly == true { flagged += 1 }
        rounds.append(cpuSeconds() - start)
    }
    return (rounds.sorted()[2], flagged)
}

let seed = parseSeed()
let series = (0..<seriesCount).map {
    BenchSeries(number: $0, seed: seed, judgedFrom: AnomalyDetector.minimumHistory)
}
let tallies = tally(series)
let medium = tallies[.medium]!
printSetup(series, seed: seed, medium: medium)
printQuality(tallies)

print("")
print("alert rules: \(evaluations) calls of evaluateLast (medium), CPU seconds, median of 5 rounds")
for days in [365, 731] {
    let (seconds, flagged) = evaluationSeconds(days: days, seed: seed)
    let perCall = format(seconds / Double(evaluations) * 1e6, digits: 1)
    print("  \(days)-day series: \(format(seconds, digits: 4)) s (\(perCall) us a call; \(flagged) last days flagged)")
}
let recall = medium.recall.share ?? 0
let falsePositives = medium.falsePositiveRate.share ?? 1
let verdict = recall >= recallGoal && falsePositives <= falsePositiveGoal ? "met" : "NOT met"
print("")
print(
    "goal at medium: recall >= \(format(recallGoal, digits: 2)), FPR <= \(format(falsePositiveGoal, digits: 2)) -> "
        + "recall \(format(recall, digits: 3)), FPR \(format(falsePositives, digits: 4)): \(verdict)")
print("goal for alert rules: 1,000 evaluations in well under 1 s of CPU (one minute's budget)")
