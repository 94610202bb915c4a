public import Domain
import Glibc

/// Why an export could not be written. Any error leaves no file at the export's path.
public enum ExportError: Error, Equatable, Sendable {
    /// A system call failed: what was being done, the path, and `errno`.
    case io(operation: String, path: String, errno: Int32)
    /// libxlsxwriter or cairo refused: the library and its message.
    case library(name: String, message: String)
    /// The writer's calls came in an order the protocol does not allow (a row outside a table, say).
    case misuse(String)
    /// A row has a different number of cells than its table has columns.
    case rowShape(table: String, expected: Int, actual: Int)
    /// A table has more rows or columns than the format can hold (XLSX: 1,048,575 data rows, 16,384 columns).
    case tooLarge(format: ExportFormat, limit: String)
}

extension ExportError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .io(let operation, let path, let code):
            "\(operation) \(path): \(SystemError.message(code)) (errno \(code))"
        case .library(let name, let message): "\(name): \(message)"
        case .misuse(let message): "export writer misuse: \(message)"
        case .rowShape(let table, let expected, let actual):
            "table \(table): a row has \(actual) cells, the table has \(expected) columns"
        case .tooLarge(let format, let limit): "\(format.rawValue) export too large: \(limit)"
        }
    }
}
