import Crypto

/// Request ids: nginx's `$request_id` (32 hex digits) when it sent one, else one made here.
enum RequestID {
    /// 32 lowercase hex digits from the kernel's random source.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Hex.encode(bytes)
    }

    /// An id taken from the web server must be short and printable, since it is echoed in headers and logs.
    static func isAcceptable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D
                    || $0 == 0x5F
            }
    }
}
