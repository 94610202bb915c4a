import Domain

/// Writes RFC 4180 CSV: UTF-8 without a byte order mark, CRLF after every record, a header row.
///
/// - One table per file: a CSV file has one header and one shape of record, so it holds the first table
///   (the "Daily" series) only. Later tables are accepted and their rows counted as omitted
///   (`ExportFileSummary.omittedRowCount`); the JSON, XLSX and PDF files carry them. Mixing tables with a
///   `# name` line or a leading `table` column would make a file no CSV reader parses as one table.
/// - A field holding a comma, a double quote, CR or LF is quoted and its quotes doubled.
/// - Text (header titles included) that begins with `=`, `+`, `-`, `@`, a tab or CR gets a leading `'`, so a
///   spreadsheet does not run it as a formula (OWASP CSV injection); numbers never do (`-3.5` stays `-3.5`).
/// - Numbers: shortest round-trip text, no exponent for ordinary magnitudes, `.` as the decimal point
///   whatever the locale; NaN and infinities are empty fields. Dates: `YYYY-MM-DD`.
/// - No byte order mark: RFC 4180 and most readers do not expect one (Excel guesses the encoding without it;
///   the XLSX export is the one for Excel).
final class CSVExportWriter: ExportWriter, GuardedWriter {
    let format = ExportFormat.csv
    private let path: String
    private var output: ExportOutput?
    private var sequence = ExportSequence()
    /// Whether the rows of the current table are written (first table) or only counted.
    private var writesTable = false
    private var omittedRows = 0

    init(path: String) {
        self.path = path
    }

    func begin(_ document: ExportDocument) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.begin()
            output = try ExportOutput(path: path)
        }
    }

    func beginTable(name: String, columns: [ExportColumn], chart: Bool) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.beginTable(name: name, columnCount: columns.count)
            writesTable = sequence.tableCount == 1
            guard writesTable, let output else { return }
            for (index, column) in columns.enumerated() {
                if index > 0 { output.write(UInt8(ascii: ",")) }
                writeText(column.title, to: output)
            }
            writeLineEnd(to: output)
            try output.check()
        }
    }

    func row(_ cells: [ExportCell]) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.row(cellCount: cells.count)
            guard writesTable, let output else {
                omittedRows += 1
                return
            }
            var first = true
            for cell in cells {
                if !first { output.write(UInt8(ascii: ",")) }
                first = false
                switch cell {
                case .text(let text): writeText(text, to: output)
                case .number(let value):
                    guard value.isFinite else { continue }
                    let next = output.reserve(TextFormat.maximumCount)
                    output.advance(by: TextFormat.number(value, fractionMark: false, into: next))
                case .integer(let value):
                    let next = output.reserve(TextFormat.maximumCount)
                    output.advance(by: TextFormat.integer(value, into: next))
                case .date(let day):
                    let next = output.reserve(TextFormat.maximumCount)
                    output.advance(by: TextFormat.day(day, into: next))
                case .empty: continue
                }
            }
            writeLineEnd(to: output)
            try output.check()
        }
    }

    func endTable() throws(ExportError) {
        try guarded { () throws(ExportError) in try sequence.endTable() }
    }

    func finish() throws(ExportError) -> ExportFileSummary {
        try guarded { () throws(ExportError) in
            try sequence.finish()
            guard let output else { throw .misuse("finish without an output") }
            let (size, checksum) = try output.publish()
            sequence.markFinished()
            return ExportFileSummary(
                rowCount: sequence.rowCount, omittedRowCount: omittedRows, fileSize: size, checksum: checksum)
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

    private func writeLineEnd(to output: ExportOutput) {
        output.write(UInt8(ascii: "\r"))
        output.write(UInt8(ascii: "\n"))
    }

    /// Writes one text field: neutralised when it starts with a formula trigger, quoted when it must be.
    private func writeText(_ text: String, to output: ExportOutput) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { writeField($0, to: output) }
        if done == nil {
            Array(text.utf8).withUnsafeBufferPointer { writeField($0, to: output) }
        }
    }

    private func writeField(_ bytes: UnsafeBufferPointer<UInt8>, to output: ExportOutput) {
        let neutralised = bytes.first.map(Self.startsFormula) ?? false
        let quoted = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 13 || $0 == 10 }
        if quoted { output.write(UInt8(ascii: "\"")) }
        if neutralised { output.write(UInt8(ascii: "'")) }
        if quoted {
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { output.write(byte) }
                output.write(byte)
            }
            output.write(UInt8(ascii: "\""))
        } else {
            output.write(UnsafeRawBufferPointer(bytes))
        }
    }

    /// `=`, `+`, `-`, `@`, tab and CR make a spreadsheet treat the field as a formula.
    private static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13: true
        default: false
        }
    }
}
