import Testing

@testable import Postgres

/// A row of text cells, as a result would hold them, for decoding without a server.
struct TextRow: PGCellSource {
    var cells: [String?]
    var storage: [[CChar]?]

    init(_ cells: [String?]) {
        self.cells = cells
        storage = cells.map { $0.map { Array($0.utf8CString) } }
    }

    var columnCount: Int { cells.count }

    func cell(_ column: Int) -> PGCell? {
        guard let bytes = storage[column] else { return nil }
        // The arrays live as long as the row; decoding copies what it keeps.
        return bytes.withUnsafeBufferPointer { PGCell(pointer: $0.baseAddress!, count: $0.count - 1) }
    }
}

@Suite struct PGDecodingTests {
    @Test func rowsDecodeIntoTypedTuples() throws {
        let row = TextRow(["65a1b2c3d4e5f60718293a4b", "42", "t", nil, "3.25"])
        let (id, count, flag, missing, ratio) = try row.decode((String, Int, Bool, String?, Double).self)
        #expect(id == "65a1b2c3d4e5f60718293a4b")
        #expect(count == 42)
        #expect(flag)
        #expect(missing == nil)
        #expect(ratio == 3.25)
    }

    @Test func aNullInANonOptionalColumnIsADecodingError() {
        #expect(throws: PGError.self) { try TextRow(["1", nil]).decode((Int, String).self) }
        #expect(throws: PGError.self) { try TextRow(["x"]).decode(Int.self) }
        #expect(throws: PGError.self) { try TextRow(["1"]).decode((Int, Int).self) }
        #expect(throws: PGError.self) { try TextRow(["3000000000"]).decode(Int32.self) }
    }

    @Test func slicesDecodeTheRestOfAWideRow() throws {
        let row = TextRow(["a", "b", "7", "8"])
        #expect(try PGRowSlice(row, from: 2).decode((Int, Int).self) == (7, 8))
    }

    @Test(arguments: [
        ("2026-11-22 14:49:18+00", 1_795_358_958.0), ("2026-11-22 14:49:18.123456+00", 1_795_358_958.123456),
        ("1970-01-01 00:00:00+00", 0.0), ("1969-12-31 23:59:59.5+00", -0.5),
        ("200000-01-01 00:00:00+00", 6_249_223_180_800.0), ("0001-01-01 00:00:00+00 BC", -62_167_219_200.0),
    ])
    func timestampsAreReadFromPostgresTextForm(_ text: String, _ seconds: Double) throws {
        let decoded = try TextRow([text]).decode(PGTimestamp.self).seconds
        #expect(abs(decoded - seconds) < 1e-6)
    }

    @Test func infinitiesAndOtherOffsetsAreHandled() throws {
        #expect(try TextRow(["infinity"]).decode(PGTimestamp.self).seconds == .infinity)
        #expect(try TextRow(["-infinity"]).decode(PGTimestamp.self).seconds == -.infinity)
        #expect(throws: PGError.self) { try TextRow(["2026-11-22 14:49:18+02"]).decode(PGTimestamp.self) }
        #expect(throws: PGError.self) { try TextRow(["2026-11-22"]).decode(PGTimestamp.self) }
    }
}
