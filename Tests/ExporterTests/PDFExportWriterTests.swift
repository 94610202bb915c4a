import Domain
import Foundation
import Testing

@testable import Exporter

@Suite struct PDFExportWriterTests {
    /// pdfinfo's "Key: value" lines.
    private func info(_ path: String) throws -> [String: String] {
        let run = try ExternalTool.run("pdfinfo", [path], install: "poppler-utils")
        try #require(run.status == 0, "pdfinfo failed: \(run.errors)")
        var fields: [String: String] = [:]
        for line in run.output.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    private func text(_ path: String) throws -> String {
        let run = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", path, "-"], install: "poppler-utils")
        try #require(run.status == 0, "pdftotext failed: \(run.errors)")
        return run.output
    }

    @Test func readersFindMetadataPagesAndUnicodeText() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.pdf")
        let summary = try ExportFixtures.write(.pdf, to: path)
        #expect(summary.omittedRowCount == 0)

        let fields = try info(path)
        #expect(fields["Title"] == ExportFixtures.document.title)
        #expect(fields["Author"] == "report-fcgi")
        // Title page, one table page, then one chart per numeric column (active_users, conversion_rate).
        #expect(fields["Pages"] == "4")

        let text = try text(path)
        #expect(text.contains(ExportFixtures.document.title))
        #expect(text.contains(ExportFixtures.unicodeSample))
        #expect(text.contains("Range: 2026-01-01 00:00 UTC – 2026-01-08 00:00 UTC"))
        #expect(text.contains("Key figures") && text.contains("Conversion rate %"))
        #expect(text.contains("=SUM(A1)") && text.contains("2026-01-04"))
        #expect(text.contains("Page 1") && text.contains("Page 4"))

        let check = try ExternalTool.run("qpdf", ["--check", path], install: "qpdf")
        #expect(check.status == 0, "qpdf --check: \(check.output) \(check.errors)")
        #expect(check.output.contains("No syntax or stream encoding errors found"))

        let fonts = try ExternalTool.run("pdffonts", [path], install: "poppler-utils")
        #expect(fonts.output.contains("DejaVuSans"), "DejaVu Sans embedded (apt-get install fonts-dejavu-core)")
    }

    @Test func tablesFlowOverPagesWithTheHeaderRepeatedAndStopAtThePageLimit() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.pdf")
        var writer = PDFExportWriter(path: path, tablePageLimit: 3)
        try writer.begin(ExportFixtures.document)
        try writer.beginTable(name: "Daily", columns: [.init("date", .date), .init("users", .integer)], chart: false)
        for day in 0..<1000 { try writer.row([.date(20454 + day), .integer(day)]) }
        try writer.endTable()
        let summary = try writer.finish()

        #expect(summary.rowCount == 1000)
        let text = try text(path)
        let pages = text.split(separator: "\u{0C}").filter { $0.contains("Daily") }
        #expect(pages.count == 3)
        for page in pages { #expect(page.contains("users")) }
        let shown = 1000 - summary.omittedRowCount
        #expect(shown > 3 * 20 && shown < 3 * 60)
        #expect(text.contains("… \(TextFormat.grouped(summary.omittedRowCount)) more rows not shown"))
        #expect(try info(path)["Pages"] == "4")
    }

    @Test func everyTableGetsAPageEvenPastTheLimit() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.pdf")
        var writer = PDFExportWriter(path: path, tablePageLimit: 1)
        try writer.begin(ExportFixtures.document)
        for name in ["First", "Second"] {
            try writer.beginTable(name: name, columns: [.init("n", .integer)], chart: false)
            for value in 0..<200 { try writer.row([.integer(value)]) }
            try writer.endTable()
        }
        let summary = try writer.finish()
        let text = try text(path)
        #expect(text.contains("First") && text.contains("Second"))
        #expect(summary.omittedRowCount > 0 && summary.omittedRowCount < 400)
        #expect(try info(path)["Pages"] == "3")
    }

    @Test func chartsSummariseLongSeriesInBoundedBuckets() throws {
        var summary = ChartSummary(columns: [1], dayColumn: 0)
        for row in 0..<100_000 {
            summary.add([.date(row), .number(row == 77_777 ? 1e9 : Double(row % 100))])
        }
        #expect(summary.bucketCount <= ChartSummary.capacity)
        #expect(summary.bucketWidth == 256)
        #expect(summary.range(chart: 0) == 0...1e9)  // the spike survives
        #expect(summary.label(bucket: 1) == 256)
        #expect(summary.range(chart: 0, bucket: 77_777 / 256)?.upperBound == 1e9)
    }

    @Test func niceTicksCoverTheValuesWithRoundSteps() {
        let ticks = PDFCanvas.niceTicks(3.2...97.5)
        #expect(ticks.start == 0 && ticks.end == 100 && ticks.step == 20)
        let flat = PDFCanvas.niceTicks(5...5)
        #expect(flat.start <= 5 && flat.end >= 5 && flat.step > 0)
    }
}

extension PDFExportWriterTests {
    @Test func longNotesAndManyKPIsFlowOverPages() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.pdf")
        var document = ExportFixtures.document
        document.kpis = (1...80).map { .init(name: "KPI \($0)", value: Double($0) / 4) }
        let words = (1...3000).map { "word\($0)" }.joined(separator: " ")
        document.notes = [.init(title: "Long insight", body: words + " the-end-marker")]
        var writer = makeWriter(.pdf, path: path)
        try writer.begin(document)
        _ = try writer.finish()

        let text = try text(path)
        #expect(text.contains("KPI 80") && text.contains("20"))
        #expect(text.contains("Key figures (continued)"))
        #expect(text.contains("the-end-marker"))
        let pages = try #require(Int(try info(path)["Pages"] ?? ""))
        #expect(pages >= 4)
    }
}
