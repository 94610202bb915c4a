import Domain
import JSON

/// Writes the export as one JSON document, streaming:
/// `{"export": {...}, "kpis": [...], "notes": [...], "tables": [{"name", "columns", "rows"}, ...]}`.
///
/// - `export` holds `title`, `exportType`, `jobId`, `startDate`, `endDate` and `generatedAt` (RFC 3339 UTC);
///   `kpis` are `{"name", "value"}` and `notes` `{"title", "body"}`. This small head is built as a
///   `JSONValue` and encoded by the project's `JSONWriter` (reals in their shortest round-trip form).
/// - Each table: `columns` are `{"title", "kind"}`; each row is an array on its own line: text as a string,
///   a number with a fraction or exponent (`2.0`, `0.25`), an integer without one, a date as `"YYYY-MM-DD"`,
///   empty, NaN and infinities as `null`. Row numbers are shortest round-trip text, like the CSV's.
/// - Strings are UTF-8 with `"`, `\`, control characters, U+2028 and U+2029 escaped (the last two so that the
///   file is also valid JavaScript).
final class JSONExportWriter: ExportWriter, GuardedWriter {
    let format = ExportFormat.json
    private let path: String
    private var output: ExportOutput?
    private var sequence = ExportSequence()

    init(path: String) {
        self.path = path
    }

    func begin(_ document: ExportDocument) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.begin()
            let output = try ExportOutput(path: path)
            self.output = output
            let export: JSONValue = [
                "title": .string(document.title), "exportType": .string(document.exportType),
                "jobId": .string(document.jobId), "startDate": .optional(TextFormat.instant(document.rangeStart)),
                "endDate": .optional(TextFormat.instant(document.rangeEnd)),
                "generatedAt": .optional(TextFormat.instant(document.generatedAt)),
            ]
            let kpis = JSONValue.array(
                document.kpis.map { ["name": .string($0.name), "value": .number($0.value)] })
            let notes = JSONValue.array(
                document.notes.map { ["title": .string($0.title), "body": .string($0.body)] })
            output.write("{\"export\":")
            output.write(JSONWriter.encode(export))
            output.write(",\n\"kpis\":")
            output.write(JSONWriter.encode(kpis))
            output.write(",\n\"notes\":")
            output.write(JSONWriter.encode(notes))
            output.write(",\n\"tables\":[")
            try output.check()
        }
    }

    func beginTable(name: String, columns: [ExportColumn], chart: Bool) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.beginTable(name: name, columnCount: columns.count)
            guard let output else { return }
            output.write(sequence.tableCount == 1 ? "\n{\"name\":" : ",\n{\"name\":")
            writeString(name, to: output)
            output.write(",\"columns\":[")
            for (index, column) in columns.enumerated() {
                output.write(index == 0 ? "{\"title\":" : ",{\"title\":")
                writeString(column.title, to: output)
                output.write(",\"kind\":\"")
                output.write(column.kind.rawValue)
                output.write("\"}")
            }
            output.write("],\"rows\":[")
            try output.check()
        }
    }

    func row(_ cells: [ExportCell]) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.row(cellCount: cells.count)
            guard let output else { return }
            output.write(sequence.tableRowCount == 1 ? "\n[" : ",\n[")
            var first = true
            for cell in cells {
                if !first { output.write(UInt8(ascii: ",")) }
                first = false
                switch cell {
                case .text(let text): writeString(text, to: output)
                case .number(let value) where value.isFinite:
                    let next = output.reserve(TextFormat.maximumCount)
                    output.advance(by: TextFormat.number(value, fractionMark: true, into: next))
                case .integer(let value):
                    let next = output.reserve(TextFormat.maximumCount)
                    output.advance(by: TextFormat.integer(value, into: next))
                case .date(let day):
                    let next = output.reserve(TextFormat.maximumCount + 2)
                    next[0] = UInt8(ascii: "\"")
                    let count = TextFormat.day(day, into: next + 1)
                    next[count + 1] = UInt8(ascii: "\"")
                    output.advance(by: count + 2)
                case .number, .empty: output.write("null")
                }
            }
            output.write(UInt8(ascii: "]"))
            try output.check()
        }
    }

    func endTable() throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.endTable()
            output?.write(sequence.tableRowCount == 0 ? "]}" : "\n]}")
        }
    }

    func finish() throws(ExportError) -> ExportFileSummary {
        try guarded { () throws(ExportError) in
            try sequence.finish()
            guard let output else { throw .misuse("finish without an output") }
            output.write(sequence.tableCount == 0 ? "]}\n" : "\n]}\n")
            let (size, checksum) = try output.publish()
            sequence.markFinished()
            return ExportFileSummary(
                rowCount: sequence.rowCount, omittedRowCount: 0, fileSize: size, checksum: checksum)
        }
    }

    func cancel() {
        guard sequence.cancel() else { return }
        output?.discard()
        output = nil
    }

    deinit {
        cancel()
    }

    /// Writes a JSON string literal.
    private func writeString(_ text: String, to output: ExportOutput) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { Self.writeString($0, to: output) }
        if done == nil {
            Array(text.utf8).withUnsafeBufferPointer { Self.writeString($0, to: output) }
        }
    }

    private static func writeString(_ bytes: UnsafeBufferPointer<UInt8>, to output: ExportOutput) {
        output.write(UInt8(ascii: "\""))
        var index = 0
        var runStart = 0
        while index < bytes.count {
            let byte = bytes[index]
            let escape: UInt8?
            var skip = 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): escape = byte
            case 0x08: escape = UInt8(ascii: "b")
            case 0x0c: escape = UInt8(ascii: "f")
            case 0x0a: escape = UInt8(ascii: "n")
            case 0x0d: escape = UInt8(ascii: "r")
            case 0x09: escape = UInt8(ascii: "t")
            case 0..<0x20: escape = 0
            case 0xe2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] | 1) == 0xa9:
                escape = 0
                skip = 3
            default: escape = nil
            }
            guard let escape else {
                index += 1
                continue
            }
            output.write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart..<index])))
            output.write(UInt8(ascii: "\\"))
            if escape != 0 {
                output.write(escape)
            } else {
                // \u00XX for other control characters, \u2028 and \u2029 for the two separators.
                let code: UInt32 = skip == 3 ? (bytes[index + 2] == 0xa8 ? 0x2028 : 0x2029) : UInt32(byte)
                output.write(UInt8(ascii: "u"))
                for shift: UInt32 in [12, 8, 4, 0] {
                    let digit = UInt8(truncatingIfNeeded: (code >> shift) & 15)
                    output.write(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
                }
            }
            index += skip
            runStart = index
        }
        output.write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart..<index])))
        output.write(UInt8(ascii: "\""))
    }
}
