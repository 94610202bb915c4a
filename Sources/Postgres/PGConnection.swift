import CLibPQ
import Glibc

/// One libpq connection. Not thread-safe: each worker thread owns its own.
public final class PGConnection {
    private var handle: OpaquePointer?
    /// Statements prepared on this connection, by SQL text: each is parsed and planned once, not per call.
    private var prepared: [String: String] = [:]
    /// The most statements kept prepared; past it, statements run unprepared.
    private static let preparedLimit = 256

    /// Connects with a libpq connection string or URI; a failure carries libpq's message.
    public init(conninfo: String) throws(PGError) {
        let connection = PQconnectdb(conninfo)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(connection)
            throw PGError(kind: .connection, message: message.trimmingTrailingNewlines())
        }
        self.handle = connection
        // Results come back in UTC so timestamps render with +00 offsets; notices stay out of the output.
        _ = try? execute(unsafeSQL: "SET TIME ZONE 'UTC'; SET client_min_messages = warning")
    }

    deinit { close() }

    /// False once the connection broke or was closed; the owner should reconnect.
    public var isConnected: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// True when the server has closed this idle connection, as it does to every connection when it restarts:
    /// nothing should arrive while no statement runs, so a readable socket means a notice, a notification or the
    /// end of the stream, and libpq tells which. One poll(2) that does not wait; without it, the first statement
    /// after a restart would fail on a connection that was already gone.
    public var serverHasClosed: Bool {
        guard let handle else { return true }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return true }
        // A closing server sends its FATAL message, then the end of the stream: libpq reads the first, and sees
        // the second only on a later read.
        for _ in 0..<4 {
            var entry = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 0) > 0 else { return false }
            if PQconsumeInput(handle) == 0 || PQstatus(handle) != CONNECTION_OK { return true }
        }
        return false
    }

    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        prepared = [:]
    }

    /// Runs one parameterised statement and returns its rows.
    @discardableResult
    public func query(_ query: PGQuery) throws(PGError) -> PGResult {
        guard let handle else { throw PGError(kind: .connection, message: "connection closed") }
        var storage: [[CChar]?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        storage.reserveCapacity(query.binds.count)
        for bind in query.binds {
            switch bind.value {
            case nil:
                storage.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                // A value travels as a C string, so a NUL would silently cut it short; PostgreSQL text cannot hold one.
                if text.utf8.contains(0) {
                    throw PGError(kind: .server, sqlState: "22021", message: "a parameter holds a NUL byte")
                }
                storage.append(Array(text.utf8CString))
                lengths.append(0)
                formats.append(0)
            case .binary(let bytes):
                storage.append(bytes.map { CChar(bitPattern: $0) })
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        let name = try statementName(for: query)
        let result: OpaquePointer? = withArrayOfCStrings(&storage) { pointers in
            if let name {
                return PQexecPrepared(handle, name, Int32(pointers.count), pointers, lengths, formats, 0)
            }
            let types = query.binds.map { Oid($0.type) }
            return PQexecParams(handle, query.sql, Int32(pointers.count), types, pointers, lengths, formats, 0)
        }
        return try check(result)
    }

    /// The name of the prepared statement for the query's text, preparing it on first use.
    private func statementName(for query: PGQuery) throws(PGError) -> String? {
        if let name = prepared[query.sql] { return name }
        guard prepared.count < Self.preparedLimit, let handle else { return nil }
        let name = "s\(prepared.count)"
        let types = query.binds.map { Oid($0.type) }
        _ = try check(PQprepare(handle, name, query.sql, Int32(query.binds.count), types))
        prepared[query.sql] = name
        return name
    }

    /// Runs static SQL that may hold several statements (migrations); never pass input here.
    public func execute(unsafeSQL sql: String) throws(PGError) {
        guard let handle else { throw PGError(kind: .connection, message: "connection closed") }
        _ = try check(PQexec(handle, sql))
    }

    /// Streams rows into `COPY ... FROM STDIN` (text format): `fill` appends rows to the buffer and returns false
    /// when there are no more; each filled buffer is sent as it is. Returns the rows the server reports.
    @discardableResult
    public func copy(unsafeSQL sql: String, fill: (inout [UInt8]) throws -> Bool) throws -> Int {
        guard let handle else { throw PGError(kind: .connection, message: "connection closed") }
        guard let start = PQexec(handle, sql) else { throw PGError(kind: .connection, message: lastError()) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try check(start)
            throw PGError(kind: .decoding, message: "COPY did not start")
        }
        PQclear(start)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var more = true
        var failure: (any Error)?
        while more {
            buffer.removeAll(keepingCapacity: true)
            do { more = try fill(&buffer) } catch {
                failure = error
                break
            }
            if buffer.isEmpty { continue }
            let sent = buffer.withUnsafeBytes {
                PQputCopyData(handle, $0.baseAddress!.assumingMemoryBound(to: CChar.self), Int32($0.count))
            }
            guard sent == 1 else { throw PGError(kind: .connection, message: lastError()) }
        }
        guard PQputCopyEnd(handle, failure == nil ? nil : "aborted by the client") == 1 else {
            throw PGError(kind: .connection, message: lastError())
        }
        var rows = 0
        var serverError: PGError?
        while let result = PQgetResult(handle) {
            do { rows = try check(result).affectedRows } catch { serverError = serverError ?? error }
        }
        if let failure { throw failure }
        if let serverError { throw serverError }
        return rows
    }

    /// Runs body inside BEGIN/COMMIT; any error rolls back and is rethrown, with the rollback's own failure kept
    /// beside it (`PGTransactionError`).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute(unsafeSQL: "BEGIN")
        do {
            let value = try body()
            try execute(unsafeSQL: "COMMIT")
            return value
        } catch {
            try rollBack(after: error)
        }
    }

    /// Rolls back after `error` and rethrows it; a failed rollback closes the connection (its state is unknown)
    /// and is thrown beside the error.
    public func rollBack(after error: any Error) throws -> Never {
        guard isConnected else { throw error }
        do { try execute(unsafeSQL: "ROLLBACK") } catch let rollbackError {
            close()
            throw PGTransactionError(error: error, rollbackError: rollbackError)
        }
        throw error
    }

    private func check(_ result: OpaquePointer?) throws(PGError) -> PGResult {
        guard let result else {
            throw PGError(kind: .connection, message: lastError())
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PGResult(handle: result)
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines()
            PQclear(result)
            let broken = !isConnected
            throw PGError(kind: broken ? .connection : .server, sqlState: state, message: message)
        }
    }

    private func lastError() -> String {
        guard let handle else { return "connection closed" }
        return String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines()
    }
}

private func withArrayOfCStrings<R>(
    _ storage: inout [[CChar]?], _ body: ([UnsafePointer<CChar>?]) -> R
) -> R {
    var pointers: [UnsafePointer<CChar>?] = []
    pointers.reserveCapacity(storage.count)
    func recurse(_ index: Int) -> R {
        if index == storage.count { return body(pointers) }
        guard storage[index] != nil else {
            pointers.append(nil)
            return recurse(index + 1)
        }
        return storage[index]!.withUnsafeBufferPointer { buffer in
            pointers.append(buffer.baseAddress)
            return recurse(index + 1)
        }
    }
    return recurse(0)
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self[...]
        while let last = s.last, last == "\n" || last == " " { s = s.dropLast() }
        return String(s)
    }
}
