import CFastDeflate
import Domain
import Foundation
import JSON
import Testing

@testable import Exporter

@Suite struct XLSXExportWriterTests {
    /// Loads a workbook with openpyxl and prints, per sheet, each cell as [python type, value], plus the frozen
    /// pane, whether the header is bold, and the title property.
    static let reader = """
        import datetime, json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        def cell(v):
            return [type(v).__name__, v.isoformat() if isinstance(v, datetime.datetime) else v]
        print(json.dumps({
            "sheets": wb.sheetnames,
            "cells": {ws.title: [[cell(v) for v in row] for row in ws.iter_rows(values_only=True)] for ws in wb},
            "frozen": {ws.title: ws.freeze_panes for ws in wb},
            "bold": {ws.title: bool(ws.cell(1, 1).font.b) for ws in wb},
            "title": wb.properties.title,
            "creator": wb.properties.creator,
        }))
        """

    private func read(_ path: String) throws -> JSONObject {
        let value = try ExternalTool.python(Self.reader, [path], module: "openpyxl", install: "python3-openpyxl")
        return try #require(value.objectValue)
    }

    @Test func openpyxlReadsSheetsValuesAndTypes() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.xlsx")
        let summary = try ExportFixtures.write(
            .xlsx, to: path,
            more: [
                (name: "Daily", columns: [.init("x", .integer)], rows: [[.integer(1)]]),
                (name: "a/b:c*d?e[f]g\\h — a very long widget name indeed", columns: [.init("x", .text)], rows: []),
            ])
        #expect(summary.rowCount == 5)
        // The zip was deflated at level 1 through the interposed deflateInit2_ (CFastDeflate), and it reads back.
        #expect(fast_deflate_active() == 1)
        let workbook = try read(path)
        #expect(
            workbook["sheets"] == ["Summary", "Daily", "Daily (2)", "a_b_c_d_e_f_g_h — a very long w"])
        #expect(workbook["title"] == .string(ExportFixtures.document.title))
        #expect(workbook["creator"] == "report-fcgi")
        let daily = try #require(workbook["cells"]?.objectValue?["Daily"])
        let expected: JSONValue = [
            [["str", "date"], ["str", "active_users"], ["str", "conversion_rate"], ["str", "comment"]],
            [["datetime", "2026-01-01T00:00:00"], ["int", 5123], ["float", 3.25], ["str", "=SUM(A1)"]],
            [["datetime", "2026-01-02T00:00:00"], ["int", -1], ["float", -1.5], ["str", "-1"]],
            [["datetime", "2026-01-03T00:00:00"], ["int", 0], ["float", 0.1], ["str", "say \"hi\", then\nleave"]],
            [
                ["datetime", "2026-01-04T00:00:00"], ["NoneType", nil], ["NoneType", nil],
                ["str", .string(ExportFixtures.unicodeSample)],
            ],
        ]
        #expect(daily == expected)
        #expect(workbook["frozen"]?.objectValue?["Daily"] == "A2")
        #expect(workbook["bold"]?.objectValue?["Daily"] == true)
    }

    @Test func summarySheetHoldsMetadataKPIsAndNotes() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.xlsx")
        try ExportFixtures.write(.xlsx, to: path)
        let summary = try #require(try read(path)["cells"]?.objectValue?["Summary"]?.arrayValue)
        let pairs = summary.compactMap { row -> (JSONValue, JSONValue)? in
            guard let cells = row.arrayValue, cells.count >= 2 else { return nil }
            return (cells[0].arrayValue?[1] ?? nil, cells[1].arrayValue?[1] ?? nil)
        }
        #expect(summary.first?.arrayValue?.first == ["str", .string(ExportFixtures.document.title)])
        #expect(pairs.contains { $0.0 == "Job" && $0.1 == "665f1c2ab3d4e5f601234567" })
        #expect(pairs.contains { $0.0 == "Range start (UTC)" && $0.1 == "2026-01-01T00:00:00" })
        #expect(pairs.contains { $0.0 == "Active users" && $0.1 == 5123 })
        #expect(pairs.contains { $0.0 == "Conversion rate %" && $0.1 == 3.25 })
        #expect(pairs.contains { $0.0 == "Engagement" })
    }

    @Test func textLongerThanExcelsLimitIsCut() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.xlsx")
        let long = String(repeating: "é", count: 40_000)
        try ExportFixtures.write(.xlsx, to: path, rows: [[.date(0), .integer(1), .number(1), .text(long)]])
        let cell = try read(path)["cells"]?.objectValue?["Daily"]?.arrayValue?[1].arrayValue?[3].arrayValue?[1]
        #expect(cell?.stringValue?.count == 32767)
    }

    @Test(arguments: [
        ("Daily", "Daily"), ("", "Table"), ("'quoted'", "quoted"), ("History", "History (table)"),
        ("a[b]c:d*e?f/g\\h", "a_b_c_d_e_f_g_h"), (String(repeating: "x", count: 40), String(repeating: "x", count: 31)),
        (String(repeating: "😀", count: 20), String(repeating: "😀", count: 15)),
    ])
    func sheetNamesAreMadeValid(name: String, expected: String) {
        var names = XLSXSheetNames()
        #expect(names.claim(name) == expected)
    }

    @Test func sheetNamesAreUniqueWithoutRegardToCase() {
        var names = XLSXSheetNames()
        #expect(names.claim("Summary") == "Summary")
        #expect(names.claim("summary") == "summary (2)")
        #expect(names.claim("SUMMARY") == "SUMMARY (3)")
        let long = String(repeating: "w", count: 40)
        #expect(names.claim(long) == String(repeating: "w", count: 31))
        #expect(names.claim(long) == String(repeating: "w", count: 27) + " (2)")
    }
}

extension XLSXExportWriterTests {
    @Test func formulaLikeTextStaysTextInEveryCell() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("export.xlsx")
        let texts = ["=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx", "=1+1"]
        var writer = makeWriter(.xlsx, path: path)
        try writer.begin(ExportFixtures.document)
        try writer.beginTable(name: "Daily", columns: [.init("text", .text), .init("number", .number)], chart: false)
        for text in texts { try writer.row([.text(text), .number(-1.5)]) }
        try writer.endTable()
        _ = try writer.finish()
        let rows = try #require(try read(path)["cells"]?.objectValue?["Daily"]?.arrayValue?.dropFirst())
        // libxlsxwriter stores a CR as Excel's escape _x000D_, which Excel decodes; openpyxl 3.0 leaves it.
        let read = rows.map { row in
            row.arrayValue?[0].arrayValue.map { $0.map { $0.stringValue?.replacing("_x000D_", with: "\r") } }
        }
        #expect(read == texts.map { ["str", $0] })
        #expect(rows.allSatisfy { $0.arrayValue?[1] == ["float", -1.5] })
    }

    @Test func cancelledWorkbooksCloseTheirTemporaryFiles() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let before = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        for index in 0..<64 {
            var writer = makeWriter(.xlsx, path: directory.file("cancelled-\(index).xlsx"))
            try writer.begin(ExportFixtures.document)
            try writer.beginTable(name: "Daily", columns: ExportFixtures.dailyColumns, chart: false)
            for row in ExportFixtures.dailyRows { try writer.row(row) }
            writer.cancel()
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        #expect(after - before < 32, "one temporary file per sheet would leak 128 descriptors")
        #expect(try directory.contents() == [])
    }
}
