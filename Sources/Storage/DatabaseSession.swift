import Domain
public import Logging
public import Postgres

/// A worker's one PostgreSQL connection: made lazily, dropped when it breaks, remade with capped exponential
/// backoff. While the database is away, callers get `StoreError.unavailable` at once instead of waiting.
public final class DatabaseSession {
    private let conninfo: String
    private let logger: Logger
    private var connection: PGConnection?
    private var failures = 0
    private var retryAt = Monotonic(nanoseconds: 0)

    /// Backoff after the n-th consecutive failure: 0.1 s doubling to at most 5 s.
    public static func backoff(afterFailures count: Int) -> Double { min(0.1 * Double(1 << min(count - 1, 10)), 5) }

    /// `logger` logs the session's own events (connects, losses) outside any request.
    public init(conninfo: String, logger: Logger) {
        self.conninfo = conninfo
        self.logger = logger
    }

    /// Runs body with a live connection; `logger` (the request's, with its id) logs what happens meanwhile. With
    /// `retryOnce`, a connection found broken is remade and body run again: only for statements safe to repeat.
    @discardableResult
    public func withConnection<T>(logger: Logger, retryOnce: Bool = false, _ body: (PGConnection) throws -> T)
        throws -> T
    {
        let connection = try live(logger)
        do {
            return try body(connection)
        } catch let error where Self.isConnectionLoss(error, connection) {
            drop(reason: "\(error)", logger)
            if retryOnce {
                retryAt = Monotonic(nanoseconds: 0)
                let fresh = try live(logger)
                do { return try body(fresh) } catch let error where !fresh.isConnected {
                    drop(reason: "\(error)", logger)
                    throw unavailable("\(error)")
                }
            }
            throw unavailable("\(error)")
        } catch let error as PGError where error.sqlState == Self.queryCanceled {
            throw StoreError.unavailable(reason: "database: statement timeout: \(error.message)", retryAfter: 1)
        } catch let error as PGError {
            throw StoreError.failure(reason: error.description)
        } catch let error as PGTransactionError {
            throw StoreError.failure(reason: error.description)
        }
    }

    /// SQLSTATE of a statement cancelled by `statement_timeout`.
    static let queryCanceled = "57014"

    /// Whether `error` means the connection is gone (the database went away), not that a statement failed.
    static func isConnectionLoss(_ error: any Error, _ connection: PGConnection) -> Bool {
        if !connection.isConnected { return true }
        if let error = error as? PGError { return error.kind == .connection }
        if let error = error as? PGTransactionError { return isConnectionLoss(error.error, connection) }
        return false
    }

    /// Connects now if there is no connection (used at worker start so the first request is fast).
    public func warmUp() { _ = try? live(logger) }

    private func live(_ logger: Logger) throws(StoreError) -> PGConnection {
        if let connection, connection.isConnected {
            guard connection.serverHasClosed else { return connection }
            // The server went away while this connection sat idle (a restart): connect again now, no backoff.
            drop(reason: "the server closed the connection while it was idle", logger)
        }
        connection = nil
        let now = Monotonic.now()
        guard now >= retryAt else { throw unavailable("database reconnect backing off") }
        do {
            let fresh = try PGConnection(conninfo: conninfo)
            if failures > 0 { logger.info("database connection restored", metadata: ["db.failures": "\(failures)"]) }
            failures = 0
            connection = fresh
            return fresh
        } catch {
            failures += 1
            retryAt = now.advanced(by: Self.backoff(afterFailures: failures))
            if failures == 1 || failures % 50 == 0 {
                logger.warning(
                    "database unreachable", metadata: ["db.error": "\(error.message)", "db.failures": "\(failures)"])
            }
            throw unavailable(error.message)
        }
    }

    private func drop(reason: String, _ logger: Logger) {
        logger.warning("database connection lost", metadata: ["db.error": "\(reason)"])
        connection?.close()
        connection = nil
    }

    private func unavailable(_ reason: String) -> StoreError {
        .unavailable(
            reason: "database: \(reason)", retryAfter: max(1, Int(retryAt.seconds(since: Monotonic.now()).rounded(.up)))
        )
    }
}

/// A worker's session with the logger of the request it serves: what the stores hold, so that every line logged
/// while a request runs carries its id.
public struct DatabaseHandle {
    public let session: DatabaseSession
    public let logger: Logger

    public init(session: DatabaseSession, logger: Logger) { (self.session, self.logger) = (session, logger) }

    @discardableResult
    public func withConnection<T>(retryOnce: Bool = false, _ body: (PGConnection) throws -> T) throws -> T {
        try session.withConnection(logger: logger, retryOnce: retryOnce, body)
    }
}
