import Crypto

@testable import Auth

/// Builds test tokens from raw header and claims text, signed with the right key, another key, or not at all.
enum TokenFactory {
    static let now: Double = 1_700_000_000
    static let key = Array("test-secret-0123456789abcdef-0123456789".utf8)
    static let rotatedKey = Array("rotated-secret-0123456789abcdef-0123456789".utf8)
    static let otherKey = Array("another-secret-0123456789abcdef-012345678".utf8)
    static let issuer = "https://auth.example"
    static let audience = "report-fcgi"

    static let header = #"{"alg":"HS256","typ":"JWT"}"#

    /// The claims of a valid admin token, in order, as raw JSON member values.
    static let claimMembers: [(String, String)] = [
        ("sub", #""user-42""#),
        ("role", #""admin""#),
        ("permissions", #"["reports:read","analytics:dashboard"]"#),
        ("iat", "1699999990"),
        ("exp", "1700003600"),
        ("iss", #""https://auth.example""#),
        ("aud", #""report-fcgi""#),
    ]

    /// The verifier most tests use: default key, kid "2025-02", issuer and audience set, 60 s leeway.
    static let verifier = JWTVerifier(
        keys: try! JWTKeySet(defaultKey: key, keys: ["2025-02": rotatedKey]), issuer: issuer, audience: audience)

    /// The claims JSON with some members replaced (nil removes one) and others appended, values as raw JSON.
    static func claims(_ replacing: [String: String?] = [:], adding extra: [(String, String)] = []) -> String {
        var members: [(String, String)] = []
        for (name, value) in claimMembers {
            if let replacement = replacing[name] {
                if let replacement { members.append((name, replacement)) }
            } else {
                members.append((name, value))
            }
        }
        members += extra
        return "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A token whose segments are the base64url of the given texts, signed with `key`.
    static func token(header: String = header, claims: String = claims(), key: [UInt8] = key) -> String {
        token(headerBytes: Array(header.utf8), claimsBytes: Array(claims.utf8), key: key)
    }

    static func token(headerBytes: [UInt8], claimsBytes: [UInt8], key: [UInt8] = key) -> String {
        sign(Base64URL.encode(headerBytes) + "." + Base64URL.encode(claimsBytes), key: key)
    }

    /// Appends the MAC of `signingInput` exactly as given (it may hold padding or other oddities).
    static func sign(_ signingInput: String, key: [UInt8] = key) -> String {
        signingInput + "." + Base64URL.encode(HMACSHA256(key: key).mac(Array(signingInput.utf8)))
    }

    /// The base64url of a JSON text with standard base64 padding appended, as a careless encoder writes it.
    static func padded(_ text: String) -> String {
        let encoded = Base64URL.encode(Array(text.utf8))
        return encoded + String(repeating: "=", count: (4 - encoded.utf8.count % 4) % 4)
    }

    /// Runs the verifier and the analytics privilege check; nil when both pass.
    static func outcome(_ token: String, verifier: JWTVerifier = verifier, now: Double = now) -> AuthError? {
        do {
            try verifier.verify(token, now: now).requireAnalyticsPrivilege()
            return nil
        } catch {
            return error
        }
    }

    /// A validly signed token of exactly `count` bytes (for the 8 KiB cap), padded through an extra claim.
    static func token(ofCount count: Int) -> String {
        for header in [header, #"{"alg":"HS256", "typ":"JWT"}"#, #"{"alg":"HS256",  "typ":"JWT"}"#] {
            let headerCount = (header.utf8.count * 4 + 2) / 3
            let base = claims(adding: [("pad", #""""#)]).utf8.count
            for padding in 0..<count {
                let total = headerCount + 1 + ((base + padding) * 4 + 2) / 3 + 1 + 43
                if total == count {
                    let padded = claims(adding: [("pad", "\"" + String(repeating: "x", count: padding) + "\"")])
                    return token(header: header, claims: padded)
                }
                if total > count { break }
            }
        }
        fatalError("no token of \(count) bytes")
    }
}
