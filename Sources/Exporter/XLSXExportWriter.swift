import Domain
import Glibc

/// Writes an XLSX workbook with libxlsxwriter in constant-memory mode.
///
/// - A `Summary` sheet first (title, export type, job, range, generation time, the KPI table, the notes),
///   written whole by `begin`, then one sheet per table, named after it (`Daily`), made valid and unique
///   (`XLSXSheetNames`). Constant-memory mode writes rows in order, one at a time, which is exactly how
///   rows stream; nothing is ever revisited.
/// - Header rows bold, columns sized by kind and title, panes frozen under the header.
/// - Numbers and integers are number cells (integers beyond 2^53 lose precision, as in Excel); dates are
///   numbers with the `yyyy-mm-dd` format, so Excel and openpyxl read real dates; text is always a string
///   cell, never a formula, so `=SUM(A1)` stays text. NaN, infinities and empty cells are blank.
/// - Text longer than Excel's cell limit of 32,767 characters is cut to it.
/// - A table of more than 1,048,575 rows or 16,384 columns fails with `ExportError.tooLarge`.
/// - libxlsxwriter prints numbers with `printf`, whose decimal point follows `LC_NUMERIC`: the process must
///   keep the C locale (Swift programs do unless they call `setlocale`).
final class XLSXExportWriter: ExportWriter, GuardedWriter {
    let format = ExportFormat.xlsx
    private let file: PartialFile
    /// Where libxlsxwriter keeps one temporary file per sheet: the export's own directory by default.
    private let temporaryDirectory: String
    private var workbook: XLSXWorkbook?
    private var sequence = ExportSequence()
    private var names = XLSXSheetNames()
    private var sheet: XLSXSheet?
    /// The sheet row the next data row goes to.
    private var nextRow = 0

    /// A writer for `path`; the sheets' temporary files go to `temporaryDirectory` (default: the export's).
    init(path: String, temporaryDirectory: String? = nil) {
        file = PartialFile(path: path)
        if let temporaryDirectory {
            self.temporaryDirectory = temporaryDirectory
        } else if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
            self.temporaryDirectory = slash == path.utf8.startIndex ? "/" : String(path[..<slash])
        } else {
            self.temporaryDirectory = "."
        }
    }

    func begin(_ document: ExportDocument) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.begin()
            // libxlsxwriter opens the file only in `close`: create it now so a bad path fails at once.
            close(try file.create())
            let workbook = try XLSXWorkbook(path: file.temporaryPath, temporaryDirectory: temporaryDirectory)
            self.workbook = workbook
            try workbook.setProperties(
                title: document.title, subject: "\(document.exportType) export \(document.jobId)",
                created: document.generatedAt)
            try writeSummary(document, to: workbook.addSheet(names.claim("Summary")))
        }
    }

    func beginTable(name: String, columns: [ExportColumn], chart: Bool) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.beginTable(name: name, columnCount: columns.count)
            guard let workbook else { throw .misuse("no workbook") }
            guard columns.count <= XLSXWorkbook.maximumColumnCount else {
                throw .tooLarge(format: .xlsx, limit: "\(XLSXWorkbook.maximumColumnCount) columns")
            }
            let sheet = try workbook.addSheet(names.claim(name))
            self.sheet = sheet
            for (index, column) in columns.enumerated() {
                try sheet.text(0, index, column.title, format: workbook.bold)
                let minimum: Double =
                    switch column.kind {
                    case .date: 12
                    case .integer: 10
                    case .number: 14
                    case .text: 24
                    }
                try sheet.width(index, min(60, max(minimum, Double(column.title.count) + 2)))
            }
            sheet.freezeRows(above: 1)
            nextRow = 1
        }
    }

    func row(_ cells: [ExportCell]) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.row(cellCount: cells.count)
            guard let sheet else { throw .misuse("no sheet") }
            guard nextRow < XLSXWorkbook.maximumRowCount else {
                throw .tooLarge(format: .xlsx, limit: "\(XLSXWorkbook.maximumRowCount - 1) rows in a table")
            }
            for (column, cell) in cells.enumerated() {
                switch cell {
                case .text(let text): try sheet.text(nextRow, column, text)
                case .number(let value): try sheet.number(nextRow, column, value)
                case .integer(let value): try sheet.number(nextRow, column, Double(value))
                case .date(let day): try sheet.day(nextRow, column, day)
                case .empty: continue
                }
            }
            nextRow += 1
        }
    }

    func endTable() throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.endTable()
            sheet = nil
        }
    }

    func finish() throws(ExportError) -> ExportFileSummary {
        try guarded { () throws(ExportError) in
            try sequence.finish()
            guard let workbook else { throw .misuse("no workbook") }
            self.workbook = nil
            try workbook.close()
            let descriptor = open(file.temporaryPath, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .io(operation: "open", path: file.temporaryPath, errno: errno) }
            defer { close(descriptor) }
            let (size, checksum) = try file.digest(descriptor: descriptor)
            try file.publish(descriptor: descriptor)
            sequence.markFinished()
            return ExportFileSummary(
                rowCount: sequence.rowCount, omittedRowCount: 0, fileSize: size, checksum: checksum)
        }
    }

    func cancel() {
        guard sequence.cancel() else { return }
        sheet = nil
        workbook = nil  // freed without writing
        file.discard()
    }

    deinit {
        cancel()
    }

    /// The Summary sheet: the metadata as label/value pairs, then the KPIs, then the notes.
    private func writeSummary(_ document: ExportDocument, to sheet: XLSXSheet) throws(ExportError) {
        let workbook = sheet.workbook
        try sheet.width(0, 28)
        try sheet.width(1, 60)
        try sheet.text(0, 0, document.title, format: workbook.title)
        try sheet.text(2, 0, "Export type", format: workbook.bold)
        try sheet.text(2, 1, document.exportType)
        try sheet.text(3, 0, "Job", format: workbook.bold)
        try sheet.text(3, 1, document.jobId)
        try sheet.text(4, 0, "Range start (UTC)", format: workbook.bold)
        try sheet.instant(4, 1, document.rangeStart)
        try sheet.text(5, 0, "Range end (UTC)", format: workbook.bold)
        try sheet.instant(5, 1, document.rangeEnd)
        try sheet.text(6, 0, "Generated at (UTC)", format: workbook.bold)
        try sheet.instant(6, 1, document.generatedAt)
        var row = 8
        if !document.kpis.isEmpty {
            try sheet.text(row, 0, "KPI", format: workbook.bold)
            try sheet.text(row, 1, "Value", format: workbook.bold)
            row += 1
            for kpi in document.kpis {
                try sheet.text(row, 0, kpi.name)
                try sheet.number(row, 1, kpi.value)
                row += 1
            }
            row += 1
        }
        if !document.notes.isEmpty {
            try sheet.text(row, 0, "Note", format: workbook.bold)
            try sheet.text(row, 1, "Text", format: workbook.bold)
            row += 1
            for note in document.notes {
                try sheet.text(row, 0, note.title)
                try sheet.text(row, 1, note.body)
                row += 1
            }
        }
    }
}
