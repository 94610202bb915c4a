import Crypto
import Testing

@testable import Auth

/// One refused token and the error it must produce.
struct Refusal: Sendable, CustomTestStringConvertible {
    let name: String
    let token: String
    let expected: AuthError

    var testDescription: String { name }

    init(_ name: String, _ token: String, _ reason: String) {
        self.init(name, token, .unauthorized(reason: reason))
    }

    init(_ name: String, _ token: String, _ expected: AuthError) {
        self.name = name
        self.token = token
        self.expected = expected
    }
}

@Suite struct JWTRefusalTests {
    typealias F = TokenFactory

    static let valid = F.token()
    static let validSegments = valid.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    static let signingInput = validSegments[0] + "." + validSegments[1]

    /// Header variants, each signed with the right key so that only the header rule can refuse them.
    static func header(_ json: String) -> String { F.token(header: json) }
    static func claims(_ replacing: [String: String?], adding: [(String, String)] = []) -> String {
        F.token(claims: F.claims(replacing, adding: adding))
    }

    /// The same bytes with the last character's unused low bit set: decodes, but not canonically.
    static func nonCanonical(_ encoded: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var characters = Array(encoded)
        let value = alphabet.firstIndex(of: characters.removeLast())!
        return String(characters) + String(alphabet[value | 1])
    }

    static func replacing(_ old: Character, with new: Character, in text: String) -> String {
        String(text.map { $0 == old ? new : $0 })
    }

    static let oddHeader = #"{"alg":"HS256","typ":"JWT" }"#  // 28 bytes: the encoding has unused bits
    /// Valid claims whose length is not a multiple of 3, so that their encoding has unused bits.
    static let oddClaims = [F.claims(adding: [("n", "1")]), F.claims(adding: [("n", "12")])].first {
        $0.utf8.count % 3 != 0
    }!
    static let tildes = F.claims(adding: [("note", #""~~~~~""#)])  // encodes with "-"
    static let questionMarks = F.claims(adding: [("note", #""?????""#)])  // encodes with "_"

    static let refusals: [Refusal] = [
        // Form
        Refusal("two segments", signingInput, "token does not have three segments"),
        Refusal("four segments", valid + ".e30", "token does not have three segments"),
        Refusal("trailing dot", valid + ".", "token does not have three segments"),
        Refusal("empty header", "." + validSegments[1] + "." + validSegments[2], "empty header segment"),
        Refusal("empty payload", validSegments[0] + ".." + validSegments[2], "empty payload segment"),
        Refusal("padded header", F.sign(F.padded(oddHeader) + "." + validSegments[1]), "header not base64url"),
        Refusal("padded signature", valid + "=", "signature not base64url"),
        Refusal(
            "non-canonical header",
            F.sign(nonCanonical(Base64URL.encode(Array(oddHeader.utf8))) + "." + validSegments[1]),
            "header not base64url"),
        Refusal(
            "non-canonical payload",
            F.sign(validSegments[0] + "." + nonCanonical(Base64URL.encode(Array(oddClaims.utf8)))),
            "payload not base64url"),
        Refusal("non-canonical signature", nonCanonical(valid), "signature not base64url"),
        Refusal(
            "plus in payload",
            F.sign(validSegments[0] + "." + replacing("-", with: "+", in: Base64URL.encode(Array(tildes.utf8)))),
            "payload not base64url"),
        Refusal(
            "slash in payload",
            F.sign(validSegments[0] + "." + replacing("_", with: "/", in: Base64URL.encode(Array(questionMarks.utf8)))),
            "payload not base64url"),
        Refusal("space in header", F.sign(" " + signingInput), "header not base64url"),
        Refusal("empty signature", signingInput + ".", "signature not 32 bytes"),
        Refusal(
            "short signature", signingInput + "." + Base64URL.encode([UInt8](repeating: 7, count: 31)),
            "signature not 32 bytes"),
        Refusal(
            "long signature", signingInput + "." + Base64URL.encode([UInt8](repeating: 7, count: 33)),
            "signature not 32 bytes"),
        Refusal(
            "64-byte signature", signingInput + "." + Base64URL.encode([UInt8](repeating: 7, count: 64)),
            "signature not 32 bytes"),
        Refusal("truncated signature", String(valid.dropLast(3)), "signature not 32 bytes"),
        Refusal("signed with another key", F.token(key: F.otherKey), "bad signature"),
        Refusal(
            "signature of another token",
            signingInput + "." + F.token(claims: F.claims(["sub": #""x""#])).split(separator: ".")[2], "bad signature"),
        // Header
        Refusal("alg none", header(#"{"alg":"none","typ":"JWT"}"#), "alg not HS256"),
        Refusal("alg None", header(#"{"alg":"None"}"#), "alg not HS256"),
        Refusal("alg NONE", header(#"{"alg":"NONE"}"#), "alg not HS256"),
        Refusal("alg nOnE", header(#"{"alg":"nOnE"}"#), "alg not HS256"),
        Refusal(
            "alg none, no signature", Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + validSegments[1] + ".",
            "signature not 32 bytes"),
        Refusal("alg hs256", header(#"{"alg":"hs256"}"#), "alg not HS256"),
        Refusal("alg with trailing space", header(#"{"alg":"HS256 "}"#), "alg not HS256"),
        Refusal("alg RS256", header(#"{"alg":"RS256"}"#), "alg not HS256"),
        Refusal("alg ES256", header(#"{"alg":"ES256"}"#), "alg not HS256"),
        Refusal("alg HS512", header(#"{"alg":"HS512"}"#), "alg not HS256"),
        Refusal("alg missing", header(#"{"typ":"JWT"}"#), "alg missing"),
        Refusal("alg a number", header(#"{"alg":256}"#), "alg not a string"),
        Refusal("alg an array", header(#"{"alg":["HS256"]}"#), "alg not a string"),
        Refusal("alg null", header(#"{"alg":null}"#), "alg not a string"),
        Refusal("duplicate alg", header(#"{"alg":"HS256","alg":"HS256"}"#), "header has a duplicate member"),
        Refusal("duplicate alg, none first", header(#"{"alg":"none","alg":"HS256"}"#), "header has a duplicate member"),
        Refusal("header an array", header(#"["HS256"]"#), "header not a JSON object"),
        Refusal("header a string", header(#""HS256""#), "header not a JSON object"),
        Refusal("header not JSON", header("alg=HS256"), "header not valid JSON"),
        Refusal(
            "header invalid UTF-8",
            F.token(
                headerBytes: Array(#"{"alg":"HS256","x":""#.utf8) + [0xff, 0x22, 0x7d],
                claimsBytes: Array(F.claims().utf8)), "header not valid JSON"),
        Refusal("header trailing garbage", header(#"{"alg":"HS256"}x"#), "header not valid JSON"),
        Refusal("header second object", header(#"{"alg":"HS256"}{}"#), "header not valid JSON"),
        Refusal("crit array", header(#"{"alg":"HS256","crit":["exp"],"exp":1}"#), "header has crit"),
        Refusal("crit empty array", header(#"{"alg":"HS256","crit":[]}"#), "header has crit"),
        Refusal("crit string", header(#"{"alg":"HS256","crit":"exp"}"#), "header has crit"),
        Refusal("crit null", header(#"{"alg":"HS256","crit":null}"#), "header has crit"),
        Refusal("jku", header(#"{"alg":"HS256","jku":"https://evil.example/keys"}"#), "header has jku"),
        Refusal("x5u", header(#"{"alg":"HS256","x5u":"https://evil.example/cert"}"#), "header has x5u"),
        Refusal("jwk", header(#"{"alg":"HS256","jwk":{"kty":"oct","k":"AAAA"}}"#), "header has jwk"),
        Refusal("x5c", header(#"{"alg":"HS256","x5c":["MIIB"]}"#), "header has x5c"),
        Refusal("unknown kid", header(#"{"alg":"HS256","kid":"2024-12"}"#), "unknown kid"),
        Refusal("kid a number", header(#"{"alg":"HS256","kid":1}"#), "kid not a string"),
        Refusal("right kid, wrong key", F.token(header: #"{"alg":"HS256","kid":"2025-02"}"#), "bad signature"),
        Refusal("typ JWS", header(#"{"alg":"HS256","typ":"JWS"}"#), "typ not JWT"),
        Refusal("typ JWT with space", header(#"{"alg":"HS256","typ":"JWT "}"#), "typ not JWT"),
        Refusal("typ a number", header(#"{"alg":"HS256","typ":1}"#), "typ not JWT"),
        // Claims
        Refusal("claims an array", F.token(claims: "[1]"), "payload not a JSON object"),
        Refusal(
            "claims invalid UTF-8",
            F.token(
                headerBytes: Array(F.header.utf8),
                claimsBytes: Array(F.claims(["sub": nil]).dropLast().utf8) + Array(#","sub":""#.utf8) + [
                    0xc3, 0x28, 0x22, 0x7d,
                ]), "payload not valid JSON"),
        Refusal("claims trailing garbage", F.token(claims: F.claims() + " []"), "payload not valid JSON"),
        Refusal("exp missing", claims(["exp": nil]), "exp missing"),
        Refusal("exp a string", claims(["exp": #""1700003600""#]), "exp not a number"),
        Refusal("exp null", claims(["exp": "null"]), "exp not a number"),
        Refusal("expired at the leeway edge", claims(["exp": "1699999940"]), "expired"),
        Refusal("expired past the leeway edge", claims(["exp": "1699999939.5"]), "expired"),
        Refusal("nbf in the future", claims([:], adding: [("nbf", "1700000061")]), "not yet valid (nbf)"),
        Refusal("nbf a string", claims([:], adding: [("nbf", #""0""#)]), "nbf not a number"),
        Refusal("iat in the future", claims(["iat": "1700000061"]), "issued in the future (iat)"),
        Refusal("iat a boolean", claims(["iat": "true"]), "iat not a number"),
        Refusal("wrong iss", claims(["iss": #""https://evil.example""#]), "wrong iss"),
        Refusal("iss a prefix of ours", claims(["iss": #""https://auth.exam""#]), "wrong iss"),
        Refusal("iss longer than ours", claims(["iss": #""https://auth.example/""#]), "wrong iss"),
        Refusal("iss missing", claims(["iss": nil]), "iss missing or not a string"),
        Refusal("aud missing", claims(["aud": nil]), "aud missing"),
        Refusal("wrong aud", claims(["aud": #""report""#]), "wrong aud"),
        Refusal("aud array without ours", claims(["aud": #"["a","report-fcgi2"]"#]), "wrong aud"),
        Refusal("aud array with a number", claims(["aud": #"["report-fcgi",1]"#]), "aud array holds a non-string"),
        Refusal("aud an object", claims(["aud": #"{"report-fcgi":true}"#]), "aud not a string or array"),
        Refusal("sub missing", claims(["sub": nil]), "sub missing or not a string"),
        Refusal("sub a number", claims(["sub": "42"]), "sub missing or not a string"),
        Refusal("sub empty", claims(["sub": #""""#]), "sub empty"),
        Refusal("sub with a NUL", claims(["sub": #""alice\u0000x""#]), "sub holds a NUL"),
        Refusal(
            "sub of 129 characters", claims(["sub": "\"" + String(repeating: "é", count: 129) + "\""]), "sub too long"),
        Refusal("duplicate role", claims([:], adding: [("role", #""super_admin""#)]), "payload has a duplicate member"),
        // Privilege: 403, not 401 (contract section 4: any role but exactly admin or super_admin, and an admin
        // whose permissions array does not hold analytics:dashboard)
        Refusal("role missing", claims(["role": nil]), .forbidden(reason: "role is not admin or super_admin")),
        Refusal(
            "role an array", claims(["role": #"["admin"]"#]), .forbidden(reason: "role is not admin or super_admin")),
        Refusal(
            "permissions a string", claims(["permissions": #""analytics:dashboard""#]),
            .forbidden(reason: "admin without analytics:dashboard")),
        Refusal(
            "permissions hold a number", claims(["permissions": #"["analytics:dashboard",1]"#]),
            .forbidden(reason: "admin without analytics:dashboard")),
        Refusal("role Admin", claims(["role": #""Admin""#]), .forbidden(reason: "role is not admin or super_admin")),
        Refusal(
            "role admin with a space", claims(["role": #""admin ""#]),
            .forbidden(reason: "role is not admin or super_admin")),
        Refusal("role user", claims(["role": #""user""#]), .forbidden(reason: "role is not admin or super_admin")),
        Refusal(
            "role Super_Admin", claims(["role": #""Super_Admin""#]),
            .forbidden(reason: "role is not admin or super_admin")),
        Refusal(
            "admin without analytics:dashboard", claims(["permissions": #"["reports:read","Analytics:dashboard"]"#]),
            .forbidden(reason: "admin without analytics:dashboard")),
        // Size and order
        Refusal("8 KiB + 1", TokenFactory.token(ofCount: 8193), "token longer than 8192 bytes"),
        Refusal("100,000 dots", String(repeating: ".", count: 100_000), "token longer than 8192 bytes"),
        Refusal(
            "expired and badly signed", F.token(claims: F.claims(["exp": "1600000000"]), key: F.otherKey),
            "bad signature"),
        Refusal(
            "expired, bad alg", F.token(header: #"{"alg":"HS512"}"#, claims: F.claims(["exp": "1600000000"])),
            "alg not HS256"),
    ]

    @Test(arguments: refusals)
    func tokenIsRefusedWithItsReason(refusal: Refusal) {
        #expect(F.outcome(refusal.token) == refusal.expected)
    }

    @Test func sizedTokensHaveExactlyTheirSize() {
        #expect(F.token(ofCount: 8192).utf8.count == 8192)
        #expect(F.token(ofCount: 8193).utf8.count == 8193)
    }

    @Test func tableCoversAtLeastThirtyFiveTokens() {
        #expect(Self.refusals.count >= 35)
        #expect(Set(Self.refusals.map(\.token)).count == Self.refusals.count)
    }

    @Test func tokenWithoutKidNeedsADefaultKey() throws {
        let verifier = JWTVerifier(keys: try JWTKeySet(defaultKey: nil, keys: ["2025-02": F.rotatedKey]))
        let refusal = AuthError.unauthorized(reason: "no kid and no default key")
        // The usual header takes a shortcut past the parser; another spelling of it takes the parser's path.
        #expect(F.outcome(F.token(key: F.rotatedKey), verifier: verifier) == refusal)
        #expect(
            F.outcome(F.token(header: #"{"typ":"JWT","alg":"HS256"}"#, key: F.rotatedKey), verifier: verifier)
                == refusal)
    }
}
