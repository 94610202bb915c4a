// Measures the Exporter in release mode: a table of N rows (a date and 13 metrics) written in every format,
// each in its own process so that each format's peak memory is its own.
//
//   export-bench [--rows 100000] [--format csv|json|xlsx|pdf|all] [--out DIR]
import Domain
import Exporter
import Glibc

let metrics: [(name: String, kind: ExportColumn.Kind)] = [
    ("active_users", .integer), ("page_views", .integer), ("events_per_second", .number),
    ("conversion_rate", .number), ("error_rate", .number), ("revenue_per_minute", .number), ("new_users", .integer),
    ("sessions", .integer), ("bookings", .integer), ("trips", .integer), ("reviews", .integer),
    ("revenue", .number), ("errors", .integer),
]

/// The goals per format: seconds, and peak memory in MB for all.
let goals: [ExportFormat: Double] = [.csv: 0.3, .json: 0.5, .xlsx: 2, .pdf: 2]
let memoryGoal = 64.0

struct Options {
    var rows = 100_000
    var format: ExportFormat?  // nil: all, each in a child process
    var out: String?
    /// Set in the child processes: print one machine-readable result line.
    var child = false
}

func fail(_ message: String) -> Never {
    let text = "export-bench: \(message)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        switch argument {
        case "--rows":
            guard let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else { fail("--rows needs a count") }
            options.rows = value
        case "--format":
            guard let value = arguments.popFirst() else { fail("--format needs csv, json, xlsx, pdf or all") }
            if value != "all" {
                guard let format = ExportFormat(rawValue: value) else { fail("unknown format \(value)") }
                options.format = format
            }
        case "--out":
            guard let value = arguments.popFirst() else { fail("--out needs a directory") }
            options.out = value
        case "--child": options.child = true
        case "-h", "--help":
            print("usage: export-bench [--rows 100000] [--format csv|json|xlsx|pdf|all] [--out DIR]")
            exit(0)
        default: fail("unknown argument \(argument)")
        }
    }
    return options
}

/// Seconds on the monotonic clock.
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// This process's peak resident set in kB (VmHWM), or 0 when /proc is not there.
func peakResidentKilobytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:") {
            return Int(text.dropFirst(6).filter { $0.isNumber }) ?? 0
        }
    }
    return 0
}

/// A deterministic generator (SplitMix64).
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Rounds to `decimals` places, as an analytics query would.
func rounded(_ value: Double, _ decimals: Double) -> Double {
    let scale = pow(10, decimals)
    return (value * scale).rounded() / scale
}

/// Writes the benchmark document in `format` to `path`: the same rows for every format.
func export(_ format: ExportFormat, rows: Int, path: String) throws -> ExportFileSummary {
    let firstDay = 10957  // 2000-01-01
    let document = ExportDocument(
        title: "Daily metrics – Zürich – 東京 – ☂", exportType: "report", jobId: "665f1c2ab3d4e5f601234567",
        rangeStart: Double(firstDay) * 86400, rangeEnd: Double(firstDay + rows) * 86400, generatedAt: 1_780_000_000,
        kpis: [
            .init(name: "Active users (average)", value: 5123.4), .init(name: "Conversion rate %", value: 3.27),
            .init(name: "Revenue", value: 12_345_678.9), .init(name: "Errors", value: 1234),
        ],
        notes: [
            .init(
                title: "Engagement", body: "Weekday activity peaks on Tuesdays; weekends are 18 % quieter."),
            .init(title: "Funnel", body: "Most users who start a booking complete it; search is the largest drop-off."),
        ])
    var writer = makeWriter(format, path: path)
    try writer.begin(document)
    try writer.beginTable(
        name: "Daily", columns: [ExportColumn("date", .date)] + metrics.map { ExportColumn($0.name, $0.kind) },
        chart: true)
    var generator = Generator(state: 42)
    var cells = [ExportCell](repeating: .empty, count: metrics.count + 1)
    for index in 0..<rows {
        let season = 1 + 0.3 * sin(Double(index) * 2 * .pi / 365) + 0.1 * sin(Double(index) * 2 * .pi / 7)
        let active = Int(5000 * season * (0.9 + 0.2 * generator.unit()))
        let sessions = Int(Double(active) * (1.6 + 0.4 * generator.unit()))
        let bookings = Int(Double(sessions) * (0.03 + 0.01 * generator.unit()))
        let revenue = rounded(Double(bookings) * (180 + 60 * generator.unit()), 2)
        let errors = Int(40 * generator.unit() * generator.unit() * season)
        cells[0] = .date(firstDay + index)
        cells[1] = .integer(active)
        cells[2] = .integer(sessions * 7 + Int(generator.next() % 500))
        cells[3] = .number(rounded(Double(sessions * 25) / 86400, 3))
        cells[4] = .number(rounded(Double(bookings) / Double(active) * 100, 2))
        cells[5] = .number(rounded(Double(errors) / Double(sessions * 3) * 100, 3))
        cells[6] = .number(rounded(revenue / 1440, 2))
        cells[7] = .integer(Int(Double(active) * (0.05 + 0.03 * generator.unit())))
        cells[8] = .integer(sessions)
        cells[9] = .integer(bookings)
        cells[10] = .integer(Int(Double(sessions) * (0.4 + 0.1 * generator.unit())))
        cells[11] = .integer(Int(Double(bookings) * (0.2 + 0.1 * generator.unit())))
        cells[12] = .number(revenue)
        cells[13] = .integer(errors)
        try writer.row(cells)
    }
    try writer.endTable()
    return try writer.finish()
}

/// The page count `pdfinfo` reports, when it is installed.
func pdfPages(_ path: String) -> Int? {
    guard let pipe = popen("pdfinfo '\(path)' 2>/dev/null", "r") else { return nil }
    var line = [CChar](repeating: 0, count: 512)
    var pages: Int?
    while fgets(&line, Int32(line.count), pipe) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("Pages:") { pages = Int(text.dropFirst(6).filter { $0.isNumber }) }
    }
    pclose(pipe)
    return pages
}

struct Result {
    var format: ExportFormat
    var rows: Int
    var seconds: Double
    var bytes: Int
    var peakKilobytes: Int
}

/// Runs one format in this process.
func runHere(_ format: ExportFormat, rows: Int, directory: String) -> Result {
    let path = "\(directory)/export-bench.\(format.fileExtension)"
    let start = now()
    do {
        let summary = try export(format, rows: rows, path: path)
        return Result(
            format: format, rows: rows, seconds: now() - start, bytes: summary.fileSize,
            peakKilobytes: peakResidentKilobytes())
    } catch {
        fail("\(format.rawValue): \(error)")
    }
}

/// Runs one format in a child process (this executable with `--format X --child`) and reads its result line.
func runChild(_ format: ExportFormat, rows: Int, directory: String) -> Result {
    var executable = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &executable, executable.count - 1)
    guard count > 0 else { fail("cannot find this executable") }
    let path = String(decoding: executable[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let command = "'\(path)' --child --rows \(rows) --format \(format.rawValue) --out '\(directory)'"
    guard let pipe = popen(command, "r") else { fail("cannot run \(command)") }
    var line = [CChar](repeating: 0, count: 512)
    var result: Result?
    while fgets(&line, Int32(line.count), pipe) != nil {
        let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split(separator: " ").map { $0.trimmingCharacters() }
        if fields.count == 6, fields[0] == "result", let rows = Int(fields[2]), let seconds = Double(fields[3]),
            let bytes = Int(fields[4]), let peak = Int(fields[5])
        {
            result = Result(format: format, rows: rows, seconds: seconds, bytes: bytes, peakKilobytes: peak)
        }
    }
    guard pclose(pipe) == 0, let result else { fail("\(format.rawValue) run failed") }
    return result
}

extension Substring {
    func trimmingCharacters() -> String { String(self.filter { !$0.isWhitespace }) }
}

func padded(_ text: String, _ width: Int, right: Bool = true) -> String {
    let pad = String(repeating: " ", count: max(0, width - text.count))
    return right ? pad + text : text + pad
}

func fixed(_ value: Double, _ digits: Int) -> String {
    var scaled = value
    for _ in 0..<digits { scaled *= 10 }
    var text = String(Int(scaled.rounded()))
    while text.count <= digits { text = "0" + text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
    return text
}

let options = parseOptions()
var directory = options.out ?? ""
var temporary = false
if !directory.isEmpty && mkdir(directory, 0o755) != 0 && errno != EEXIST {
    fail("cannot create \(directory)")
}
if directory.isEmpty {
    var template = Array("/tmp/export-bench-XXXXXX".utf8CString)
    guard mkdtemp(&template) != nil else { fail("cannot create a temporary directory") }
    directory = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    temporary = true
}

if options.child, let format = options.format {
    let result = runHere(format, rows: options.rows, directory: directory)
    print("result \(format.rawValue) \(result.rows) \(result.seconds) \(result.bytes) \(result.peakKilobytes)")
    exit(0)
}

let formats = options.format.map { [$0] } ?? ExportFormat.allCases
print("export-bench: release build, one process per format; peak RSS is the process's VmHWM")
print(
    padded("format", 6, right: false) + padded("rows", 9) + padded("seconds", 9) + padded("MB", 8)
        + padded("peak RSS MB", 13) + "   goal")
var allMet = true  // the verdict is printed; the exit status stays 0, as auth-bench's does
for format in formats {
    let result = runChild(format, rows: options.rows, directory: directory)
    let goal = goals[format]!
    let peak = Double(result.peakKilobytes) / 1024
    // The time goals are for 100,000 rows; memory must stay under its goal for any number of rows.
    let timed = options.rows == 100_000
    let met = (!timed || result.seconds < goal) && peak < memoryGoal
    allMet = allMet && met
    let goalText =
        timed ? "< \(fixed(goal, 1)) s, < \(Int(memoryGoal)) MB" : "< \(Int(memoryGoal)) MB (time goals: 100,000 rows)"
    var line =
        padded(format.rawValue, 6, right: false) + padded(String(result.rows), 9) + padded(fixed(result.seconds, 3), 9)
        + padded(fixed(Double(result.bytes) / 1e6, 2), 8) + padded(fixed(peak, 1), 13)
        + "   \(goalText): \(met ? "met" : "NOT met")"
    if format == .pdf, let pages = pdfPages("\(directory)/export-bench.pdf") {
        line += " (\(pages) pages)"
    }
    print(line)
}
if temporary {
    for format in ExportFormat.allCases { unlink("\(directory)/export-bench.\(format.fileExtension)") }
    rmdir(directory)
} else {
    print("files in \(directory)")
}
print(allMet ? "every goal met" : "a goal is NOT met (see above)")
