import Crypto
import JSON

/// Verifies HS256 compact JWS tokens (RFC 7515, 7519, 8725) and turns their claims into a `Principal`.
///
/// Order of checks: the 8 KiB length cap before anything else, exactly three non-empty segments, a 32-byte
/// signature, the header, then the MAC over `header.payload` as received, in constant time; only then is the
/// payload decoded and are claims looked at. Every refusal is `AuthError.unauthorized` with a reason for the log.
///
/// The header and payload are decoded into stack buffers and read in place by `FlatJSONReader` when they are plain
/// flat objects, as nearly all are; any other text goes to jansson, which alone decides what is refused and why.
public struct JWTVerifier: Sendable {
    /// The longest token accepted, in bytes.
    public static let maximumTokenCount = 8192

    public let keys: JWTKeySet
    /// The required `iss`, when set.
    public let issuer: String?
    /// The audience that `aud` must name, when set.
    public let audience: String?
    /// Seconds of clock skew allowed for `exp`, `nbf` and `iat`.
    public let leeway: Double

    public init(keys: JWTKeySet, issuer: String? = nil, audience: String? = nil, leeway: Double = 60) {
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
    }

    /// Verifies the bearer token of an `Authorization` header value and returns its principal.
    public func authenticate(authorization: String?, now: Double) throws(AuthError) -> Principal {
        try verify(BearerToken.extract(fromAuthorizationHeader: authorization), now: now)
    }

    /// Verifies a compact token; `now` is in seconds since the Unix epoch.
    public func verify(_ token: some StringProtocol, now: Double) throws(AuthError) -> Principal {
        // The cap comes first: a huge token is refused before it is copied or scanned.
        guard token.utf8.count <= Self.maximumTokenCount else { throw Self.refuse("token longer than 8192 bytes") }
        let direct = token.utf8.withContiguousStorageIfAvailable { bytes in
            Result { () throws(AuthError) in try verify(bytes: bytes, now: now) }
        }
        if let direct { return try direct.get() }
        return try verify(Array(token.utf8), now: now)
    }

    /// Verifies a compact token given as its bytes.
    public func verify(_ token: [UInt8], now: Double) throws(AuthError) -> Principal {
        guard token.count <= Self.maximumTokenCount else { throw Self.refuse("token longer than 8192 bytes") }
        let result = token.withUnsafeBufferPointer { bytes in
            Result { () throws(AuthError) in try verify(bytes: bytes, now: now) }
        }
        return try result.get()
    }

    /// Verifies a compact token given as its bytes, reading its JSON as `reading` says (tests compare the two).
    func verify(_ token: [UInt8], now: Double, reading: JSONReading) throws(AuthError) -> Principal {
        let result = token.withUnsafeBufferPointer { bytes in
            Result { () throws(AuthError) in try verify(bytes: bytes, now: now, reading: reading) }
        }
        return try result.get()
    }

    /// How the header and payload JSON become members for the rules.
    enum JSONReading {
        /// `FlatJSONReader`, and jansson for any text outside its subset: the service's path.
        case flatFirst
        /// jansson alone: the reference that the differential tests hold the flat reader to.
        case janssonOnly
    }

    private func verify(
        bytes: UnsafeBufferPointer<UInt8>, now: Double, reading: JSONReading = .flatFirst
    ) throws(AuthError) -> Principal {
        let payload = try checkSignature(bytes, reading: reading)
        return try Self.withDecoded(payload, name: "payload") { text throws(AuthError) in
            if reading == .flatFirst {
                var claims = JWTClaimMembers<FlatJSONValue>()
                if FlatJSONReader.readObject(text, { claims.take($0, $1) }) {
                    return try principal(from: claims, now: now)
                }
            }
            return try principal(from: JWTClaimMembers(Self.parseObject(text, name: "payload")), now: now)
        }
    }

    /// Checks the token's form, header and MAC and returns the claims object through jansson, judging no claim.
    func verifySignedClaims(_ token: UnsafeBufferPointer<UInt8>) throws(AuthError) -> JSONObject {
        let payload = try checkSignature(token, reading: .janssonOnly)
        return try Self.withDecoded(payload, name: "payload") { text throws(AuthError) in
            try Self.parseObject(text, name: "payload")
        }
    }

    /// Checks the token's form, header and MAC and returns the payload segment, still encoded.
    ///
    /// Nothing here allocates: the signature and the MAC are 32-byte tuples, the header is decoded on the stack,
    /// and the MAC runs over `header.payload` in place, from the key's precomputed inner and outer states.
    private func checkSignature(
        _ token: UnsafeBufferPointer<UInt8>, reading: JSONReading
    ) throws(AuthError) -> UnsafeBufferPointer<UInt8> {
        guard token.count <= Self.maximumTokenCount else { throw Self.refuse("token longer than 8192 bytes") }
        let (firstDot, secondDot) = try Self.findDots(token)
        guard firstDot > 0 else { throw Self.refuse("empty header segment") }
        guard secondDot > firstDot + 1 else { throw Self.refuse("empty payload segment") }
        let signature = try Self.decodeSignature(UnsafeBufferPointer(rebasing: token[(secondDot + 1)...]))

        var mac = try key(forHeader: UnsafeBufferPointer(rebasing: token[..<firstDot]), reading: reading)
        mac.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: token[..<secondDot])))
        var expected = Self.Digest(0, 0, 0, 0)
        withUnsafeMutableBytes(of: &expected) { mac.finalize(into: $0) }
        let equal = withUnsafeBytes(of: expected) { a in
            withUnsafeBytes(of: signature) { b in constantTimeEquals(a, b) }
        }
        guard equal else { throw Self.refuse("bad signature") }
        return UnsafeBufferPointer(rebasing: token[(firstDot + 1)..<secondDot])
    }

    /// The key that the header selects, after the header rules.
    private func key(
        forHeader segment: UnsafeBufferPointer<UInt8>, reading: JSONReading
    ) throws(AuthError) -> HMACSHA256 {
        if Self.standardHeader.withUnsafeBytes({ bytesEqual(UnsafeRawBufferPointer(segment), $0) }) {
            return try defaultKey()
        }
        return try Self.withDecoded(segment, name: "header") { text throws(AuthError) in
            if reading == .flatFirst {
                var header = JWTHeaderMembers<FlatJSONValue>()
                if FlatJSONReader.readObject(text, { header.take($0, $1) }) {
                    return try selectKey(checking: header)
                }
            }
            return try selectKey(checking: JWTHeaderMembers(Self.parseObject(text, name: "header")))
        }
    }

    /// `{"alg":"HS256","typ":"JWT"}` in base64url, what nearly every token starts with: its rules are known to
    /// pass and it selects the default key, so it is not decoded and parsed each time.
    private static let standardHeader = Array("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9".utf8)

    private func defaultKey() throws(AuthError) -> HMACSHA256 {
        guard let key = keys.defaultKey else { throw Self.refuse("no kid and no default key") }
        return key
    }

    /// 32 bytes kept inline, so that checking a MAC allocates nothing.
    private typealias Digest = (UInt64, UInt64, UInt64, UInt64)

    /// Decodes the signature segment, which must be canonical base64url of exactly 32 bytes (43 characters).
    private static func decodeSignature(_ segment: UnsafeBufferPointer<UInt8>) throws(AuthError) -> Digest {
        guard segment.count == 43 else {
            // A segment of 45 or more characters holds over 32 bytes whatever it is; only shorter ones are decoded.
            let canonical = segment.count > 44 || Base64URL.decode(segment) != nil
            throw refuse(canonical ? "signature not 32 bytes" : "signature not base64url")
        }
        var digest = Digest(0, 0, 0, 0)
        let decoded = withUnsafeMutableBytes(of: &digest) { raw in
            raw.withMemoryRebound(to: UInt8.self) { Base64URL.decode(segment, into: $0) }
        }
        guard decoded else { throw refuse("signature not base64url") }
        return digest
    }

    /// The offsets of the two dots; anything but exactly two is refused, scanning no further than a third.
    private static func findDots(_ token: UnsafeBufferPointer<UInt8>) throws(AuthError) -> (Int, Int) {
        var dots = (0, 0)
        var found = 0
        var index = 0
        let raw = UnsafeRawBufferPointer(token)
        while index < token.count {
            // Eight bytes at a time: skip words without a dot (the classic "has zero byte" test on word ^ dots).
            if index + 8 <= token.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ 0x2e2e_2e2e_2e2e_2e2e
                if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let end = min(index + 8, token.count)
            for position in index..<end where token[position] == UInt8(ascii: ".") {
                found += 1
                switch found {
                case 1: dots.0 = position
                case 2: dots.1 = position
                default: throw refuse("token does not have three segments")
                }
            }
            index = end
        }
        guard found == 2 else { throw refuse("token does not have three segments") }
        return dots
    }

    /// Applies the header rules and returns the key that the header selects.
    private func selectKey(checking header: JWTHeaderMembers<some MemberValue>) throws(AuthError) -> HMACSHA256 {
        guard let alg = header.alg else { throw Self.refuse("alg missing") }
        guard let isHS256 = alg.stringEquals("HS256") else { throw Self.refuse("alg not a string") }
        guard isHS256 else { throw Self.refuse("alg not HS256") }
        if let forbidden = header.forbidden { throw Self.refuse("header has \(forbidden)") }
        if let typ = header.typ {
            guard let value = typ.stringValue, Self.asciiCaseInsensitiveEqual(value, "JWT") else {
                throw Self.refuse("typ not JWT")
            }
        }
        guard let kid = header.kid else { return try defaultKey() }
        guard let name = kid.stringValue else { throw Self.refuse("kid not a string") }
        guard let key = keys.key(forKid: name) else { throw Self.refuse("unknown kid") }
        return key
    }

    /// Decodes a base64url segment, strictly, into a stack buffer and calls `body` with the bytes.
    private static func withDecoded<Result>(
        _ segment: UnsafeBufferPointer<UInt8>, name: String,
        _ body: (UnsafeRawBufferPointer) throws(AuthError) -> Result
    ) throws(AuthError) -> Result {
        guard let count = Base64URL.decodedCount(forEncodedCount: segment.count) else {
            throw refuse("\(name) not base64url")
        }
        // At most 6 KiB (an 8 KiB token), which the standard library places on the stack.
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(count, 1)) {
            buffer throws(AuthError) in
            let output = UnsafeMutableBufferPointer(rebasing: buffer[..<count])
            guard Base64URL.decode(segment, into: output) else { throw refuse("\(name) not base64url") }
            return try body(UnsafeRawBufferPointer(output))
        }
    }

    /// One JSON object through the jansson layer: duplicate members, invalid UTF-8, NUL bytes and trailing data are
    /// refused there.
    private static func parseObject(_ text: UnsafeRawBufferPointer, name: String) throws(AuthError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(text), limits: tokenLimits)
        } catch .duplicateKey {
            throw refuse("\(name) has a duplicate member")
        } catch {
            throw refuse("\(name) not valid JSON")
        }
        guard case .object(let object) = value else { throw refuse("\(name) not a JSON object") }
        return object
    }

    /// A token's header and claims are small: the whole token is at most 8 KiB.
    static let tokenLimits = JSONLimits(maxBytes: maximumTokenCount, maxDepth: 16, maxElements: 256)

    static func refuse(_ reason: String) -> AuthError {
        .unauthorized(reason: reason)
    }

    /// Equality ignoring ASCII case only (no Unicode case folding).
    static func asciiCaseInsensitiveEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8) { x, y in
            let lowerX = (0x41...0x5a).contains(x) ? x | 0x20 : x
            let lowerY = (0x41...0x5a).contains(y) ? y | 0x20 : y
            return lowerX == lowerY
        }
    }
}
