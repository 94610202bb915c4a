import Handlers
public import Logging
public import Postgres

/// A worker's one PostgreSQL connection: made lazily, dropped when it breaks, remade with capped exponential
/// backoff. While the database is away, callers get `StoreError.unavailable` at once instead of waiting.
public final class DatabaseSession {
    private let conninfo: String
    private let logger: Logger
    private var connection: PGConnection?
    private var failures = 0
    private var retryAt: Double = 0
    /// The request this session is serving, if any: its id goes on every line logged meanwhile (contract 2).
    public var requestID: String?

    /// Backoff after the n-th consecutive failure: 0.1 s doubling to at most 5 s.
    static func backoff(afterFailures count: Int) -> Double { min(0.1 * Double(1 << min(count - 1, 10)), 5) }

    public init(conninfo: String, logger: Logger) {
        self.conninfo = conninfo
        self.logger = logger
    }

    /// Runs body with a live connection. With `retryOnce`, a connection found broken is remade and body run again:
    /// only for statements that are safe to repeat.
    public func withConnection<T>(retryOnce: Bool = false, _ body: (PGConnection) throws -> T) throws -> T {
        let connection = try live()
        do {
            return try body(connection)
        } catch let error as PGError where error.kind == .connection || !connection.isConnected {
            drop(reason: error.message)
            if retryOnce {
                retryAt = 0
                let fresh = try live()
                do { return try body(fresh) } catch let error as PGError where !fresh.isConnected {
                    drop(reason: error.message)
                    throw unavailable(error.message)
                }
            }
            throw unavailable(error.message)
        } catch let error as PGError {
            throw StoreError.failure(reason: error.description)
        }
    }

    /// Connects now if there is no connection (used at worker start so the first request is fast).
    public func warmUp() { _ = try? live() }

    private func live() throws(StoreError) -> PGConnection {
        if let connection, connection.isConnected {
            guard connection.serverHasClosed else { return connection }
            // The server went away while this connection sat idle (a restart): connect again now, no backoff.
            drop(reason: "the server closed the connection while it was idle")
        }
        connection = nil
        let now = Timestamp.monotonic()
        guard now >= retryAt else { throw unavailable("database reconnect backing off") }
        do {
            let fresh = try PGConnection(conninfo: conninfo)
            if failures > 0 { log(.info, "database connection restored", ["db.failures": "\(failures)"]) }
            failures = 0
            connection = fresh
            return fresh
        } catch {
            failures += 1
            retryAt = now + Self.backoff(afterFailures: failures)
            if failures == 1 || failures % 50 == 0 {
                log(.warning, "database unreachable", ["db.error": "\(error.message)", "db.failures": "\(failures)"])
            }
            throw unavailable(error.message)
        }
    }

    private func drop(reason: String) {
        log(.warning, "database connection lost", ["db.error": "\(reason)"])
        connection?.close()
        connection = nil
    }

    private func log(_ level: Logger.Level, _ message: Logger.Message, _ metadata: Logger.Metadata) {
        var metadata = metadata
        if let requestID { metadata["request.id"] = "\(requestID)" }
        logger.log(level: level, message, metadata: metadata)
    }

    private func unavailable(_ reason: String) -> StoreError {
        .unavailable(
            reason: "database: \(reason)", retryAfter: max(1, Int((retryAt - Timestamp.monotonic()).rounded(.up))))
    }
}
