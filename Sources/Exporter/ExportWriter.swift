public import Domain

/// Writes one export file in one format, streaming: `begin`, then for each table `beginTable`, its rows and
/// `endTable`, then `finish`. Memory stays flat in the number of rows.
///
/// The file appears at its path only when `finish` succeeds: until then the bytes go to `<path>.partial`,
/// which is renamed over the path after an fsync. When a call throws, the writer has already deleted the
/// partial file and refuses further calls; `cancel` does the same on the caller's behalf, and a writer dropped
/// unfinished cancels itself.
public protocol ExportWriter {
    /// The format this writer writes.
    var format: ExportFormat { get }

    /// Opens the file and writes what comes before the tables (metadata, KPIs, notes).
    mutating func begin(_ document: ExportDocument) throws(ExportError)

    /// Starts a table (the "Daily" series, or one per dashboard widget); `chart` asks the PDF for a line chart
    /// of each numeric column. Its rows follow, then `endTable`.
    mutating func beginTable(name: String, columns: [ExportColumn], chart: Bool) throws(ExportError)

    /// Writes one row of the current table: one cell per column.
    mutating func row(_ cells: [ExportCell]) throws(ExportError)

    /// Ends the current table.
    mutating func endTable() throws(ExportError)

    /// Completes the file, makes it visible at its path and describes it.
    mutating func finish() throws(ExportError) -> ExportFileSummary

    /// Abandons the export and deletes the partial file; does nothing once finished.
    mutating func cancel()
}

/// A writer for `format` that will write the file at `path` (its directory must exist).
public func makeWriter(_ format: ExportFormat, path: String) -> any ExportWriter {
    switch format {
    case .csv: CSVExportWriter(path: path)
    case .json: JSONExportWriter(path: path)
    case .xlsx: XLSXExportWriter(path: path)
    case .pdf: PDFExportWriter(path: path)
    }
}

/// A writer that deletes its partial file when cancelled: every call it makes goes through `guarded`.
protocol GuardedWriter: AnyObject {
    func cancel()
}

extension GuardedWriter {
    /// Runs `body`; when it throws, the partial file is deleted and the writer refuses further calls.
    func guarded<R>(_ body: () throws(ExportError) -> R) throws(ExportError) -> R {
        do {
            return try body()
        } catch {
            cancel()
            throw error
        }
    }
}
