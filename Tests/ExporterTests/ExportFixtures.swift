import Domain
import Foundation
import JSON
import Testing

@testable import Exporter

/// The document, tables and tools the writer tests share.
enum ExportFixtures {
    /// Text no single-byte code page holds: Latin-1, an en dash, CJK and a symbol.
    static let unicodeSample = "Zürich – 東京 – ☂"

    static let document = ExportDocument(
        title: "Weekly report \(unicodeSample)", exportType: "report", jobId: "665f1c2ab3d4e5f601234567",
        rangeStart: 1_767_225_600, rangeEnd: 1_767_830_400, generatedAt: 1_767_830_461.5,
        kpis: [.init(name: "Active users", value: 5123), .init(name: "Conversion rate %", value: 3.25)],
        notes: [.init(title: "Engagement", body: "Tuesdays peak; weekends are 18 % quieter. \(unicodeSample)")])

    static let dailyColumns = [
        ExportColumn("date", .date), ExportColumn("active_users", .integer), ExportColumn("conversion_rate", .number),
        ExportColumn("comment", .text),
    ]

    /// Rows with every kind of cell, formula-like text and numbers that must stay numbers.
    static let dailyRows: [[ExportCell]] = [
        [.date(20454), .integer(5123), .number(3.25), .text("=SUM(A1)")],
        [.date(20455), .integer(-1), .number(-1.5), .text("-1")],
        [.date(20456), .integer(0), .number(0.1), .text("say \"hi\", then\nleave")],
        [.date(20457), .empty, .number(.nan), .text(unicodeSample)],
    ]

    /// Writes the document with the Daily table (and, when given, more tables) in `format` to `path`.
    @discardableResult
    static func write(
        _ format: ExportFormat, to path: String, rows: [[ExportCell]] = dailyRows,
        more tables: [(name: String, columns: [ExportColumn], rows: [[ExportCell]])] = []
    ) throws -> ExportFileSummary {
        var writer = makeWriter(format, path: path)
        try writer.begin(document)
        try writer.beginTable(name: "Daily", columns: dailyColumns, chart: true)
        for row in rows { try writer.row(row) }
        try writer.endTable()
        for table in tables {
            try writer.beginTable(name: table.name, columns: table.columns, chart: false)
            for row in table.rows { try writer.row(row) }
            try writer.endTable()
        }
        return try writer.finish()
    }
}

/// A fresh directory under the system's temporary directory, removed with everything in it by `remove`.
struct ScratchDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/exporter-tests-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(created != nil, "mkdtemp failed")
        path = String(cString: template)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// The names in the directory, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs the real readers (python3 with csv and openpyxl, pdfinfo, pdftotext, qpdf, sha256sum).
enum ExternalTool {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `tool` found on PATH; a tool that is not installed fails the test with what to install.
    static func run(_ tool: String, _ arguments: [String], install package: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let run = Run(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
        try #require(
            run.status != 127, "\(tool) is not installed: apt-get install \(package) (`make deps` installs it)")
        return run
    }

    /// Runs a Python script with `arguments` and parses the JSON it prints. The script runs under the first of
    /// `python3` and Debian's `/usr/bin/python3` that can import `module` (apt installs python3-openpyxl for
    /// the latter; PATH's python3 may be another one).
    static func python(
        _ script: String, _ arguments: [String], module: String = "json", install package: String
    ) throws -> JSONValue {
        let interpreter = try ["python3", "/usr/bin/python3"].first {
            try run($0, ["-c", "import \(module)"], install: "python3").status == 0
        }
        let found = try #require(interpreter, "no python3 can import \(module): apt-get install \(package)")
        let result = try run(found, ["-c", script] + arguments, install: package)
        try #require(result.status == 0, "python3 failed: \(result.errors)")
        return try JSONParser.parse(
            result.output, limits: JSONLimits(maxBytes: 64 << 20, maxDepth: 16, maxElements: 1_000_000))
    }

    /// `sha256sum`'s digest of a file: a check of the checksum that shares no code with the writer.
    static func sha256(of path: String) throws -> String {
        let run = try run("sha256sum", [path], install: "coreutils")
        try #require(run.status == 0)
        return String(run.output.prefix(64))
    }
}
