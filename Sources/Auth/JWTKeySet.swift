import Crypto

/// The HS256 keys a verifier accepts: an optional default key for tokens without `kid`, and keys by `kid`.
///
/// Each key is prepared once as an `HMACSHA256` (the key is never hashed again per request).
/// Every key must be at least 32 bytes; shorter ones make the initializer throw, naming the key.
public struct JWTKeySet: Sendable {
    /// The shortest key accepted, in bytes (RFC 7518 section 3.2: at least the hash output size).
    public static let minimumKeyCount = 32

    /// The key for tokens without `kid`.
    let defaultKey: HMACSHA256?
    /// The keys selected by `kid`, compared byte for byte (a key set holds a handful, so a scan is enough).
    private let identifiedKeys: [(kid: String, key: HMACSHA256)]

    /// Builds a key set; `keys` maps each kid to its secret.
    public init(defaultKey: [UInt8]?, keys: [String: [UInt8]] = [:]) throws(JWTKeySetError) {
        guard defaultKey != nil || !keys.isEmpty else { throw .noKey }
        if let defaultKey {
            try Self.checkLength(defaultKey, name: "the default JWT secret")
        }
        var identified: [(kid: String, key: HMACSHA256)] = []
        for (kid, secret) in keys.sorted(by: { $0.key < $1.key }) {
            try Self.checkLength(secret, name: "JWT key \"\(kid)\"")
            identified.append((kid, HMACSHA256(key: secret)))
        }
        self.defaultKey = defaultKey.map { HMACSHA256(key: $0) }
        self.identifiedKeys = identified
    }

    /// Reads the service configuration: `secret` is the default key (REPORT_JWT_SECRET or the secret file's text),
    /// `keys` a comma-separated list of `kid=secret` pairs for rotation (REPORT_JWT_KEYS), e.g.
    /// `2025-01=first-secret-of-32-bytes-or-more,2025-02=second...`. Each pair splits at its first `=`, so a secret
    /// may contain `=` but not `,`; nothing is trimmed; an empty `keys` string counts as absent. Secrets are used as
    /// their UTF-8 bytes. Throws when no key is given, a key is under 32 bytes, a pair is malformed or a kid repeats.
    public static func parse(secret: String?, keys: String?) throws(JWTKeySetError) -> JWTKeySet {
        try JWTKeySet(defaultKey: secret.map { Array($0.utf8) }, keys: secrets(fromPairs: keys ?? ""))
    }

    /// The secrets of a `kid=secret,kid=secret` list, by kid, as `parse` reads it (lengths are not checked here).
    public static func secrets(fromPairs keys: String) throws(JWTKeySetError) -> [String: [UInt8]] {
        var secrets: [String: [UInt8]] = [:]
        guard !keys.isEmpty else { return secrets }
        for (index, entry) in keys.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw .malformedEntry(position: index + 1)
            }
            let kid = String(entry[..<equals])
            guard secrets[kid] == nil else { throw .duplicateKid(kid) }
            secrets[kid] = Array(entry[entry.index(after: equals)...].utf8)
        }
        return secrets
    }

    /// A key for another purpose derived from this set's default key (or, without one, the first by kid):
    /// HMAC-SHA256(key, label). Rotating that key changes the derived one too.
    public func derivedKey(_ label: String) -> [UInt8] {
        guard let key = defaultKey ?? identifiedKeys.first?.key else { return [] }
        return key.mac(Array(label.utf8))
    }

    /// The kids this set knows, sorted (for the startup log).
    public var kids: [String] { identifiedKeys.map(\.kid) }

    /// Whether tokens without `kid` can be verified.
    public var hasDefaultKey: Bool { defaultKey != nil }

    /// The key named `kid`, matched byte for byte (String equality would also match canonically equivalent text).
    func key(forKid kid: String) -> HMACSHA256? {
        identifiedKeys.first { $0.kid.utf8.elementsEqual(kid.utf8) }?.key
    }

    private static func checkLength(_ key: [UInt8], name: String) throws(JWTKeySetError) {
        guard key.count >= minimumKeyCount else { throw .keyTooShort(name: name, byteCount: key.count) }
    }
}
