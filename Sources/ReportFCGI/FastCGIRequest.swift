import CFastCGI
import Glibc
import Handlers

/// One worker's libfcgi request: heap-allocated once so its address never moves, reused for every request.
final class FastCGIRequest {
    private let raw: UnsafeMutablePointer<FCGX_Request>
    private var isOpen = false

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
    func finish() {
        FCGX_Finish_r(raw)
        isOpen = false
    }

    /// Copies every FastCGI parameter out of libfcgi's memory (it is freed by `finish`).
    func parameters() -> [String: String] {
        var result: [String: String] = [:]
        guard var cursor = raw.pointee.envp else { return result }
        while let entry = cursor.pointee {
            let pair = String(cString: entry)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            cursor += 1
        }
        return result
    }

    enum BodyResult {
        case complete([UInt8])
        case tooLarge
        case truncated
    }

    /// Reads the body in chunks, at most `limit` bytes, checked against the declared length. Without a declared
    /// length it reads until end of stream, growing the buffer only as bytes arrive.
    func readBody(declaredLength: Int?, limit: Int) -> BodyResult {
        if let declaredLength, declaredLength > limit { return .tooLarge }
        if declaredLength == 0 { return .complete([]) }
        let expected = declaredLength ?? limit + 1
        var body: [UInt8] = []
        body.reserveCapacity(min(expected, 64 * 1024))
        var chunk = [UInt8](repeating: 0, count: min(expected, 64 * 1024))
        while body.count < expected {
            let want = min(chunk.count, expected - body.count)
            let count = chunk.withUnsafeMutableBytes { buffer in
                FCGX_GetStr(buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(want), raw.pointee.in)
            }
            if count <= 0 { break }
            body.append(contentsOf: chunk[0..<Int(count)])
        }
        if declaredLength == nil { return body.count > limit ? .tooLarge : .complete(body) }
        return body.count == expected ? .complete(body) : .truncated
    }

    /// Writes a CGI response (Status line, headers, body) in one buffer; false when the peer has gone.
    @discardableResult
    func write(_ response: Response, requestID: String) -> Bool {
        var head = "Status: \(response.status) \(Response.reason(for: response.status))\r\n"
        for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
        head += "X-Request-Id: \(requestID)\r\n"
        if response.status != 204 { head += "Content-Length: \(response.body.count)\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if response.status != 204 { bytes += response.body }
        let written = bytes.withUnsafeBytes { buffer in
            FCGX_PutStr(buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(buffer.count), raw.pointee.out)
        }
        return Int(written) == bytes.count
    }

    /// libfcgi's process-wide setup; call once before any worker starts.
    static func initializeLibrary() throws {
        guard FCGX_Init() == 0 else { throw ServeError.fastcgiInit }
    }
}
