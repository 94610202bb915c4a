import CFastCGI
import Glibc
import Handlers

/// One worker's libfcgi request: heap-allocated once so its address never moves, reused for every request.
final class FastCGIRequest {
    private let raw: UnsafeMutablePointer<FCGX_Request>
    private var isOpen = false
    /// The body reader's buffer, one per worker.
    private var chunk = [CChar](repeating: 0, count: 16 * 1024)

    init(listeningSocket: Int32) {
        raw = .allocate(capacity: 1)
        FCGX_InitRequest(raw, listeningSocket, 0)
    }

    deinit {
        assert(!isOpen, "leak of an unfinished FastCGI request")
        FCGX_Free(raw, 1)
        raw.deallocate()
    }

    /// Blocks until the web server sends a request; false when accept failed (errno says why).
    func accept() -> Bool {
        let ok = FCGX_Accept_r(raw) >= 0
        isOpen = ok
        return ok
    }

    /// Sends what was written and closes the connection (nginx keeps none: no fastcgi_keep_conn).
    ///
    /// libfcgi closes with a lingering close: shutdown(2), then poll and read until nginx closes its end, so that
    /// request bytes left unread cannot turn into a reset that loses the response. That parks the worker for one
    /// more round trip with nginx on every request. When the request's input was read to its end (libfcgi saw the
    /// empty FCGI_STDIN record), nginx has nothing more to send, so the socket is closed outright (libfcgi's
    /// `detached` flag selects that path); otherwise, e.g. after a body refused as too large, it lingers.
    func finish() {
        if FCGX_HasSeenEOF(raw.pointee.in) == EOF { raw.pointee.detached = 1 }
        FCGX_Finish_r(raw)
        isOpen = false
    }

    /// Copies every FastCGI parameter out of libfcgi's memory (it is freed by `finish`), splitting at the first
    /// `=` byte; invalid UTF-8 is repaired (U+FFFD), as `String(cString:)` would.
    func parameters() -> [String: String] {
        var result: [String: String] = [:]
        guard var cursor = raw.pointee.envp else { return result }
        result.reserveCapacity(40)
        while let entry = cursor.pointee {
            let pair = UnsafeRawBufferPointer(start: entry, count: strlen(entry))
            if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                result[String(decoding: pair[..<equals], as: UTF8.self)] = String(
                    decoding: pair[(equals + 1)...], as: UTF8.self)
            }
            cursor += 1
        }
        return result
    }

    /// Reads the end of the request's input once the declared body is in: nginx sends the empty FCGI_STDIN record
    /// right after the body (with the parameters when there is none), so this does not wait, and it lets `finish`
    /// close without lingering. A byte beyond the declared length is dropped, and the close then lingers.
    private func readEndOfInput() {
        _ = chunk.withUnsafeMutableBufferPointer { FCGX_GetStr($0.baseAddress!, 1, raw.pointee.in) }
    }

    enum BodyResult {
        case complete([UInt8])
        case tooLarge
        case truncated
    }

    /// Reads the body in chunks through one buffer kept for the worker's life, at most `limit` bytes, checked
    /// against the declared length. Without a declared length it reads until end of stream, growing the body only
    /// as bytes arrive.
    func readBody(declaredLength: Int?, limit: Int) -> BodyResult {
        if let declaredLength, declaredLength > limit { return .tooLarge }
        if declaredLength == 0 {
            readEndOfInput()
            return .complete([])
        }
        let expected = declaredLength ?? limit + 1
        var body: [UInt8] = []
        if let declaredLength { body.reserveCapacity(declaredLength) }
        let input = raw.pointee.in
        while body.count < expected {
            let want = min(chunk.count, expected - body.count)
            let count = chunk.withUnsafeMutableBufferPointer { FCGX_GetStr($0.baseAddress!, Int32(want), input) }
            if count <= 0 { break }
            chunk.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt8.self) { body.append(contentsOf: $0[0..<Int(count)]) }
            }
        }
        if declaredLength == nil { return body.count > limit ? .tooLarge : .complete(body) }
        guard body.count == expected else { return .truncated }
        readEndOfInput()
        return .complete(body)
    }

    /// Writes a CGI response (Status line and headers, then the body, into libfcgi's buffer); false when the peer
    /// has gone.
    @discardableResult
    func write(_ response: Response, requestID: String) -> Bool {
        var head = "Status: \(response.status) \(Response.reason(for: response.status))\r\n"
        for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
        head += "X-Request-Id: \(requestID)\r\n"
        if response.status != 204 { head += "Content-Length: \(response.body.count)\r\n" }
        head += "\r\n"
        let out = raw.pointee.out
        func put(_ buffer: UnsafeRawBufferPointer) -> Bool {
            buffer.isEmpty
                || Int(FCGX_PutStr(buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(buffer.count), out))
                    == buffer.count
        }
        let headWritten = head.withUTF8 { put(UnsafeRawBufferPointer($0)) }
        guard headWritten, response.status != 204 else { return headWritten }
        return response.body.withUnsafeBytes { put($0) }
    }

    /// libfcgi's process-wide setup; call once before any worker starts.
    static func initializeLibrary() throws {
        guard FCGX_Init() == 0 else { throw ServeError.fastcgiInit }
    }
}
