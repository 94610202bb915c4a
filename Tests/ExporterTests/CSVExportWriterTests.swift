import Domain
import Foundation
import JSON
import Testing

@testable import Exporter

@Suite struct CSVExportWriterTests {
    /// Reads a CSV file with Python's csv module in strict mode and prints its records as JSON.
    static let reader = """
        import csv, json, sys
        with open(sys.argv[1], newline="", encoding="utf-8") as f:
            print(json.dumps(list(csv.reader(f, strict=True))))
        """

    private func csv(_ rows: [[ExportCell]], columns: [ExportColumn]? = nil) throws -> String {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.csv")
        var writer = makeWriter(.csv, path: path)
        try writer.begin(ExportFixtures.document)
        try writer.beginTable(
            name: "Daily", columns: columns ?? rows[0].indices.map { ExportColumn("c\($0)", .text) }, chart: false)
        for row in rows { try writer.row(row) }
        try writer.endTable()
        _ = try writer.finish()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func recordsEndInCRLFAndFieldsAreQuotedOnlyWhenNeeded() throws {
        let text = try csv([
            [.text("plain"), .text("a,b"), .text("say \"hi\""), .text("two\nlines"), .text("cr\rhere")]
        ])
        #expect(text == "c0,c1,c2,c3,c4\r\nplain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\r\n")
    }

    @Test(arguments: [
        ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""), ("=1,2", "\"'=1,2\""), ("a=1", "a=1"), ("", ""), ("'quoted", "'quoted"),
    ])
    func formulaTriggersInTextAreNeutralised(text: String, field: String) throws {
        #expect(try csv([[.text(text)]]) == "c0\r\n\(field)\r\n")
    }

    @Test func numbersAreNeverNeutralised() throws {
        let text = try csv(
            [[.number(-1.5), .integer(-1), .number(-0.25), .number(1e-7)]],
            columns: [.init("a", .number), .init("b", .integer), .init("c", .number), .init("d", .number)])
        #expect(text == "a,b,c,d\r\n-1.5,-1,-0.25,1e-07\r\n")
    }

    @Test func datesEmptiesAndNonFiniteNumbers() throws {
        let text = try csv(
            [[.date(20454), .empty, .number(.nan), .number(-.infinity), .integer(7)]],
            columns: [
                .init("d", .date), .init("e", .text), .init("n", .number), .init("i", .number), .init("k", .integer),
            ]
        )
        #expect(text == "d,e,n,i,k\r\n2026-01-01,,,,7\r\n")
    }

    @Test func headerTitlesAreNeutralisedAndQuotedToo() throws {
        let text = try csv([[.integer(1), .integer(2)]], columns: [.init("-delta", .integer), .init("a,b", .integer)])
        #expect(text == "'-delta,\"a,b\"\r\n1,2\r\n")
    }

    @Test func holdsTheFirstTableAndCountsTheOthersAsOmitted() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.csv")
        let summary = try ExportFixtures.write(
            .csv, to: path,
            more: [(name: "Widget", columns: [.init("x", .integer)], rows: [[.integer(1)], [.integer(2)]])])
        #expect(summary.rowCount == ExportFixtures.dailyRows.count + 2)
        #expect(summary.omittedRowCount == 2)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("date,active_users,conversion_rate,comment\r\n"))
        #expect(!text.contains("Widget"))
    }

    @Test func pythonsStrictCSVReaderReadsEveryValueBack() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.csv")
        try ExportFixtures.write(.csv, to: path)
        let records = try ExternalTool.python(Self.reader, [path], install: "python3")
        let expected: JSONValue = [
            ["date", "active_users", "conversion_rate", "comment"],
            ["2026-01-01", "5123", "3.25", "'=SUM(A1)"],
            ["2026-01-02", "-1", "-1.5", "'-1"],
            ["2026-01-03", "0", "0.1", "say \"hi\", then\nleave"],
            ["2026-01-04", "", "", .string(ExportFixtures.unicodeSample)],
        ]
        #expect(records == expected)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.prefix(3) != Data([0xef, 0xbb, 0xbf]), "no byte order mark")
    }
}
