/// A failure reported by libpq or the server, with the SQLSTATE when the server gave one.
public struct PGError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Could not connect, or the connection broke.
        case connection
        /// The server refused the statement (see `sqlState`).
        case server
        /// The result did not have the shape the caller expected.
        case decoding
    }

    public var kind: Kind
    /// The five-character SQLSTATE, e.g. `23505` for a unique violation.
    public var sqlState: String?
    /// libpq's or the server's message; for logs only, never for clients.
    public var message: String

    public init(kind: Kind, sqlState: String? = nil, message: String) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
    }

    /// A result that does not have the shape the caller expected.
    public static func decoding(_ message: String) -> PGError { PGError(kind: .decoding, message: message) }

    public var description: String {
        "\(kind) error\(sqlState.map { " [\($0)]" } ?? ""): \(message)"
    }
}

/// A transaction that failed, with every error it met: the body's (or the commit's), and the rollback's when the
/// rollback failed too (the connection is then closed, as its state is unknown).
public struct PGTransactionError: Error, CustomStringConvertible {
    public var error: any Error
    public var rollbackError: PGError?

    public var description: String {
        "\(error)" + (rollbackError.map { "; rollback also failed: \($0)" } ?? "")
    }
}
