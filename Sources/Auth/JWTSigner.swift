import Crypto
import JSON

/// Signs claims into a compact HS256 token (for `report-fcgi token`, tests and benchmarks).
public struct JWTSigner: Sendable {
    private let key: HMACSHA256
    /// The `kid` written into each header, when set.
    public let kid: String?

    /// A signer with `key` (at least 32 bytes, as the verifier requires) and an optional `kid`.
    public init(key: [UInt8], kid: String? = nil) throws(JWTKeySetError) {
        guard key.count >= JWTKeySet.minimumKeyCount else {
            throw .keyTooShort(name: kid.map { "JWT key \"\($0)\"" } ?? "the JWT secret", byteCount: key.count)
        }
        self.key = HMACSHA256(key: key)
        self.kid = kid
    }

    /// A token for `sub` with `role`, `permissions`, `iat`, `exp` and, when given, `iss` and `aud`.
    ///
    /// Times are seconds since the Unix epoch; whole numbers are written as JSON integers.
    public func token(
        sub: String, role: String, permissions: [String], issuedAt: Double, expiresAt: Double,
        issuer: String? = nil, audience: String? = nil
    ) -> String {
        var claims = JSONObject()
        claims["sub"] = .string(sub)
        claims["role"] = .string(role)
        claims["permissions"] = .array(permissions.map { .string($0) })
        claims["iat"] = Self.number(issuedAt)
        claims["exp"] = Self.number(expiresAt)
        if let issuer { claims["iss"] = .string(issuer) }
        if let audience { claims["aud"] = .string(audience) }
        return token(claims: claims)
    }

    /// A token for any claims object, with header `{"alg":"HS256","typ":"JWT"}` plus `kid` when set.
    func token(claims: JSONObject) -> String {
        var header = JSONObject()
        header["alg"] = "HS256"
        header["typ"] = "JWT"
        if let kid { header["kid"] = .string(kid) }
        return token(header: JSONWriter.encode(.object(header)), payload: JSONWriter.encode(.object(claims)))
    }

    /// Encodes the given header and payload bytes as they are and signs them (tests use this for odd inputs).
    func token(header: [UInt8], payload: [UInt8]) -> String {
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        return signingInput + "." + Base64URL.encode(key.mac(Array(signingInput.utf8)))
    }

    private static func number(_ seconds: Double) -> JSONValue {
        if seconds.rounded() == seconds, let whole = Int64(exactly: seconds) { return .integer(whole) }
        return .number(seconds)
    }
}
