import Domain
import Foundation
import JSON
import Testing

@testable import Exporter

@Suite struct JSONExportWriterTests {
    private func export(_ rows: [[ExportCell]] = ExportFixtures.dailyRows) throws -> (text: String, value: JSONValue) {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.json")
        try ExportFixtures.write(
            .json, to: path, rows: rows,
            more: [(name: "Empty \"widget\"", columns: [.init("x", .integer)], rows: [])])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return (text, try JSONParser.parse(text, limits: JSONLimits(maxBytes: 1 << 24, maxElements: 100_000)))
    }

    @Test func documentHoldsMetadataKPIsNotesAndTables() throws {
        let value = try export().value
        let root = try #require(value.objectValue)
        #expect(root.keys == ["export", "kpis", "notes", "tables"])
        let export: JSONValue = [
            "title": .string(ExportFixtures.document.title), "exportType": "report",
            "jobId": "665f1c2ab3d4e5f601234567", "startDate": "2026-01-01T00:00:00Z",
            "endDate": "2026-01-08T00:00:00Z", "generatedAt": "2026-01-08T00:01:01.500Z",
        ]
        #expect(root["export"] == export)
        #expect(
            root["kpis"] == [["name": "Active users", "value": 5123.0], ["name": "Conversion rate %", "value": 3.25]])
        #expect(root["notes"]?.arrayValue?.first?.objectValue?["title"] == "Engagement")
        let tables = try #require(root["tables"]?.arrayValue)
        #expect(tables.count == 2)
        #expect(tables[0].objectValue?.keys == ["name", "columns", "rows"])
        #expect(
            tables[0].objectValue?["columns"]?.arrayValue?.first == ["title": "date", "kind": "date"])
        #expect(tables[1] == ["name": "Empty \"widget\"", "columns": [["title": "x", "kind": "integer"]], "rows": []])
    }

    @Test func cellsKeepTheirTypes() throws {
        let rows = try #require(try export().value.objectValue?["tables"]?.arrayValue?[0].objectValue?["rows"])
        let expected: JSONValue = [
            ["2026-01-01", 5123, 3.25, "=SUM(A1)"],
            ["2026-01-02", -1, -1.5, "-1"],
            ["2026-01-03", 0, 0.1, "say \"hi\", then\nleave"],
            ["2026-01-04", nil, nil, .string(ExportFixtures.unicodeSample)],
        ]
        #expect(rows == expected)
    }

    @Test func wholeNumbersStayRealsAndNonFiniteNumbersAreNull() throws {
        let (text, value) = try export([
            [.date(0), .integer(3), .number(3), .text("x")], [.date(0), .empty, .number(.infinity), .empty],
        ])
        #expect(text.contains("[\"1970-01-01\",3,3.0,\"x\"]"))
        #expect(!text.contains("inf") && !text.contains("nan"))
        let rows = value.objectValue?["tables"]?.arrayValue?[0].objectValue?["rows"]?.arrayValue
        #expect(rows?[0].arrayValue?[2] == .real(3))
        #expect(rows?[1] == ["1970-01-01", nil, nil, nil])
    }

    @Test func stringsAreEscapedAndParseBack() throws {
        let nasty =
            "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{7} del \u{7f} "
            + "separators \u{2028}\u{2029} emoji 🧭 \(ExportFixtures.unicodeSample)"
        let (text, value) = try export([[.date(0), .integer(1), .number(1), .text(nasty)]])
        #expect(text.contains(#"quote \" backslash \\ slash / tab \t newline \n cr \r bell \u0007"#))
        #expect(text.contains(#"separators \u2028\u2029 emoji 🧭"#))
        let cell = value.objectValue?["tables"]?.arrayValue?[0].objectValue?["rows"]?.arrayValue?[0].arrayValue?[3]
        #expect(cell == .string(nasty))
    }

    @Test func nulIsEscaped() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.json")
        try ExportFixtures.write(.json, to: path, rows: [[.date(0), .integer(1), .number(1), .text("a\u{0}b")]])
        // The project's parser refuses \u0000 (jansson without JSON_ALLOW_NUL); Python reads it back.
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(#""a\u0000b""#))
        let script =
            "import json, sys; print([ord(c) for c in json.load(open(sys.argv[1]))['tables'][0]['rows'][0][3]])"
        #expect(try ExternalTool.python(script, [path], install: "python3") == [97, 0, 98])
    }

    @Test func pythonReadsTheSameDocument() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.json")
        try ExportFixtures.write(.json, to: path)
        let script = "import json, sys; print(json.dumps(json.load(open(sys.argv[1], encoding='utf-8'))))"
        let parsed = try ExternalTool.python(script, [path], install: "python3")
        let ours = try JSONParser.parse(String(contentsOfFile: path, encoding: .utf8))
        #expect(parsed == ours)
    }
}
