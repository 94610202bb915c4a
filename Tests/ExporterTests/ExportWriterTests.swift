import Domain
import Foundation
import Testing

@testable import Exporter

/// What every writer promises: a file only on success, the right summary, calls in order.
@Suite struct ExportWriterTests {
    @Test(arguments: ExportFormat.allCases)
    func summaryDescribesTheFileAtThePath(format: ExportFormat) throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.\(format.fileExtension)")
        let summary = try ExportFixtures.write(format, to: path)
        #expect(try directory.contents() == ["export.\(format.fileExtension)"])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(summary.fileSize == size)
        #expect(summary.checksum == (try ExternalTool.sha256(of: path)))
        #expect(summary.rowCount == ExportFixtures.dailyRows.count)
        #expect(makeWriter(format, path: path).format == format)
    }

    @Test(arguments: ExportFormat.allCases)
    func aFailedCallLeavesNoFileAndAnOlderFileUntouched(format: ExportFormat) throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.\(format.fileExtension)")
        try Data("previous export".utf8).write(to: URL(fileURLWithPath: path))
        var writer = makeWriter(format, path: path)
        try writer.begin(ExportFixtures.document)
        try writer.beginTable(name: "Daily", columns: ExportFixtures.dailyColumns, chart: true)
        try writer.row(ExportFixtures.dailyRows[0])
        #expect(throws: ExportError.rowShape(table: "Daily", expected: 4, actual: 1)) {
            try writer.row([.integer(1)])
        }
        #expect(try directory.contents() == ["export.\(format.fileExtension)"], "the partial file is gone")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous export")
        #expect(throws: ExportError.misuse("endTable is not allowed after cancel or a failed call")) {
            try writer.endTable()
        }
    }

    @Test(arguments: ExportFormat.allCases)
    func cancelAndAbandonmentDeleteThePartialFile(format: ExportFormat) throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var writer = makeWriter(format, path: directory.file("cancelled"))
        try writer.begin(ExportFixtures.document)
        try writer.beginTable(name: "Daily", columns: ExportFixtures.dailyColumns, chart: true)
        try writer.row(ExportFixtures.dailyRows[0])
        #expect(try directory.contents() == ["cancelled.partial"])
        writer.cancel()
        #expect(try directory.contents() == [])

        do {
            var abandoned = makeWriter(format, path: directory.file("abandoned"))
            try abandoned.begin(ExportFixtures.document)
            try abandoned.beginTable(name: "Daily", columns: ExportFixtures.dailyColumns, chart: true)
            try abandoned.row(ExportFixtures.dailyRows[0])
        }
        #expect(try directory.contents() == [])
    }

    @Test(arguments: ExportFormat.allCases)
    func callsOutOfOrderAreRefused(format: ExportFormat) throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var early = makeWriter(format, path: directory.file("early"))
        #expect(throws: ExportError.misuse("row is not allowed before begin")) { try early.row([]) }

        var unfinishedTable = makeWriter(format, path: directory.file("table"))
        try unfinishedTable.begin(ExportFixtures.document)
        try unfinishedTable.beginTable(name: "Daily", columns: ExportFixtures.dailyColumns, chart: false)
        #expect(throws: ExportError.misuse("finish is not allowed inside table Daily (endTable first)")) {
            _ = try unfinishedTable.finish()
        }
        #expect(try directory.contents() == [])
    }

    @Test(arguments: ExportFormat.allCases)
    func anUnwritableDirectoryIsAnIOError(format: ExportFormat) throws {
        var writer = makeWriter(format, path: "/nonexistent-directory/export")
        #expect(
            throws: ExportError.io(operation: "create", path: "/nonexistent-directory/export.partial", errno: ENOENT)
        ) {
            try writer.begin(ExportFixtures.document)
        }
    }

    @Test(arguments: ExportFormat.allCases)
    func aDocumentWithoutTablesIsValid(format: ExportFormat) throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var writer = makeWriter(format, path: directory.file("empty"))
        try writer.begin(ExportFixtures.document)
        let summary = try writer.finish()
        #expect(summary.rowCount == 0)
        #expect(summary.checksum.count == 64)
    }

    @Test func formatsNameTheirDownloads() {
        #expect(ExportFormat.allCases.map(\.fileExtension) == ["csv", "json", "xlsx", "pdf"])
        #expect(ExportFormat.xlsx.mimeType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(ExportFormat.csv.mimeType == "text/csv; charset=utf-8")
        #expect(!ExportFormat.csv.holdsEveryTable && ExportFormat.pdf.holdsEveryTable)
    }
}
