/// Takes the token out of an `Authorization: Bearer <token>` header value (RFC 6750 section 2.1).
public enum BearerToken {
    /// The longest header value looked at: an 8 KiB token plus room for the scheme and its spaces.
    public static let maximumHeaderCount = JWTVerifier.maximumTokenCount + 64

    /// The token after the case-insensitive scheme word `Bearer` and one or more spaces; anything else is a 401.
    public static func extract(fromAuthorizationHeader header: String?) throws(AuthError) -> Substring {
        guard let header else { throw .unauthorized(reason: "no Authorization header") }
        let utf8 = header.utf8
        guard utf8.count <= maximumHeaderCount else { throw .unauthorized(reason: "Authorization header too long") }
        let scheme = "bearer".utf8
        guard utf8.count > scheme.count,
            // OR 0x20 lowercases an ASCII letter and maps no other byte onto one.
            utf8.prefix(scheme.count).elementsEqual(scheme, by: { ($0 | 0x20) == $1 }),
            utf8[utf8.index(utf8.startIndex, offsetBy: scheme.count)] == UInt8(ascii: " ")
        else {
            throw .unauthorized(reason: utf8.isEmpty ? "empty Authorization header" : "not a Bearer scheme")
        }
        // Everything before `start` is ASCII, so it is a valid Character boundary.
        var start = utf8.index(utf8.startIndex, offsetBy: scheme.count)
        while start < utf8.endIndex, utf8[start] == UInt8(ascii: " ") {
            start = utf8.index(after: start)
        }
        guard start < utf8.endIndex else { throw .unauthorized(reason: "empty bearer token") }
        return header[start...]
    }
}
