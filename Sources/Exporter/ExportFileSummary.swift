/// What a finished export file holds, for the job record (`rowCount`, `fileSize`, `checksum`).
public struct ExportFileSummary: Sendable, Equatable {
    /// The data rows the writer received, over every table (header rows not counted).
    public var rowCount: Int
    /// Of those, the rows the file does not list one by one: the rows of a CSV file's later tables, and the
    /// rows past a PDF's table page limit (still in its charts). Zero for JSON and XLSX.
    public var omittedRowCount: Int
    /// The file's size in bytes.
    public var fileSize: Int
    /// The file's SHA-256 as 64 lowercase hexadecimal digits.
    public var checksum: String

    public init(rowCount: Int, omittedRowCount: Int, fileSize: Int, checksum: String) {
        self.rowCount = rowCount
        self.omittedRowCount = omittedRowCount
        self.fileSize = fileSize
        self.checksum = checksum
    }
}
