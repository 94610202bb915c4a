/// A file format an export can be written in, as the `format` member of POST /export names it.
public enum ExportFormat: String, CaseIterable, Sendable {
    case csv
    case json
    case xlsx
    case pdf

    /// The `Content-Type` of a download in this format.
    public var mimeType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pdf: "application/pdf"
        }
    }

    /// The file name extension, without the dot (the download is `<exportType>-<jobId>.<fileExtension>`).
    public var fileExtension: String { rawValue }

    /// Whether a file in this format carries every table; a CSV file carries the first table only.
    public var holdsEveryTable: Bool { self != .csv }
}
