import Crypto
import JSON
import Testing

@testable import Auth

@Suite struct JWTVerifierTests {
    typealias F = TokenFactory

    /// RFC 7515 appendix A.1: the example HS256 JWS, its key (the JWK "k" decoded) and its claims.
    static let rfc7515Token =
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let rfc7515Key = Base64URL.decode(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")!

    @Test func rfc7515AppendixA1SignatureAndClaimsVerify() throws {
        let verifier = JWTVerifier(keys: try JWTKeySet(defaultKey: Self.rfc7515Key), issuer: "joe")
        let claims = try Array(Self.rfc7515Token.utf8).withUnsafeBufferPointer { bytes throws(AuthError) in
            try verifier.verifySignedClaims(bytes)
        }
        #expect(claims["iss"] == .string("joe"))
        #expect(claims["exp"] == .integer(1_300_819_380))
        #expect(claims["http://example.com/is_root"] == .bool(true))
        // Its time claims pass at a time before exp; it has no sub, so it yields no principal.
        #expect(
            throws: AuthError.unauthorized(reason: "sub missing or not a string"),
            performing: { try verifier.verify(Self.rfc7515Token, now: 1_300_819_000) })
        #expect(
            throws: AuthError.unauthorized(reason: "expired"),
            performing: { try verifier.verify(Self.rfc7515Token, now: 1_300_819_440) })
    }

    @Test func rfc7515AppendixA1WithAnotherKeyIsABadSignature() throws {
        let verifier = JWTVerifier(keys: try JWTKeySet(defaultKey: F.key))
        #expect(
            throws: AuthError.unauthorized(reason: "bad signature"),
            performing: { try verifier.verify(Self.rfc7515Token, now: 1_300_819_000) })
    }

    @Test func validAdminTokenGivesItsPrincipal() throws {
        let principal = try F.verifier.verify(F.token(), now: F.now)
        #expect(
            principal == Principal(sub: "user-42", role: "admin", permissions: ["reports:read", "analytics:dashboard"]))
        try principal.requireAnalyticsPrivilege()
    }

    @Test(arguments: [
        ("kid selects the rotated key", F.token(header: #"{"alg":"HS256","kid":"2025-02"}"#, key: F.rotatedKey)),
        ("typ in lower case", F.token(header: #"{"alg":"HS256","typ":"jwt"}"#)),
        ("no typ", F.token(header: #"{"alg":"HS256"}"#)),
        ("header with unknown members", F.token(header: #"{"alg":"HS256","cty":"x","zip":null}"#)),
        (
            "super_admin without permissions",
            F.token(claims: F.claims(["role": #""super_admin""#, "permissions": nil]))
        ),
        ("exp as a real", F.token(claims: F.claims(["exp": "1700003600.5"]))),
        ("exp just inside the leeway", F.token(claims: F.claims(["exp": "1699999941"]))),
        ("exp half a second inside the leeway", F.token(claims: F.claims(["exp": "1699999940.5"]))),
        ("nbf at the leeway edge", F.token(claims: F.claims([:], adding: [("nbf", "1700000060")]))),
        ("iat at the leeway edge", F.token(claims: F.claims(["iat": "1700000060"]))),
        ("no iat", F.token(claims: F.claims(["iat": nil]))),
        ("aud array with ours", F.token(claims: F.claims(["aud": #"["other","report-fcgi"]"#]))),
        ("sub of 128 characters", F.token(claims: F.claims(["sub": "\"" + String(repeating: "é", count: 128) + "\""]))),
        ("exactly 8192 bytes", TokenFactory.token(ofCount: 8192)),
    ])
    func tokenIsAccepted(name: String, token: String) {
        #expect(F.outcome(token) == nil, "\(name)")
    }

    @Test func usualHeaderShortcutAgreesWithTheParser() throws {
        #expect(Base64URL.encode(Array(F.header.utf8)) == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9")
        let shortcut = try F.verifier.verify(F.token(), now: F.now)
        let parsed = try F.verifier.verify(F.token(header: #"{"typ":"JWT","alg":"HS256"}"#), now: F.now)
        #expect(shortcut == parsed)
    }

    @Test func issuerAndAudienceAreIgnoredWhenNotConfigured() throws {
        let verifier = JWTVerifier(keys: try JWTKeySet(defaultKey: F.key))
        let token = F.token(claims: F.claims(["iss": "1", "aud": nil]))
        #expect(try verifier.verify(token, now: F.now).sub == "user-42")
    }

    @Test func substringAndByteInputsAreVerified() throws {
        let line = "x " + F.token() + " y"
        let token = line.split(separator: " ")[1]
        #expect(try F.verifier.verify(token, now: F.now).role == "admin")
        #expect(try F.verifier.verify(Array(F.token().utf8), now: F.now).role == "admin")
        #expect(
            throws: AuthError.unauthorized(reason: "token longer than 8192 bytes"),
            performing: { try F.verifier.verify([UInt8](repeating: 0x2e, count: 8193), now: F.now) })
    }

    @Test func authenticateReadsTheBearerHeader() throws {
        #expect(try F.verifier.authenticate(authorization: "bearer   " + F.token(), now: F.now).sub == "user-42")
        #expect(
            throws: AuthError.unauthorized(reason: "no Authorization header"),
            performing: { try F.verifier.authenticate(authorization: nil, now: F.now) })
    }

    @Test func tokensOfOnlyDotsAreRefused() {
        #expect(
            F.outcome(String(repeating: ".", count: 100_000)) == .unauthorized(reason: "token longer than 8192 bytes"))
        for count in [8192, 8000] {
            #expect(
                F.outcome(String(repeating: ".", count: count))
                    == .unauthorized(reason: "token does not have three segments"))
        }
    }

    @Test func signerTokensVerifyAndCarryTheExpectedHeader() throws {
        let signer = try JWTSigner(key: F.rotatedKey, kid: "2025-02")
        let token = signer.token(
            sub: "owner-7", role: "super_admin", permissions: [], issuedAt: F.now, expiresAt: F.now + 900,
            issuer: F.issuer, audience: F.audience)
        let header = Base64URL.decode(token.split(separator: ".")[0])!
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"HS256","typ":"JWT","kid":"2025-02"}"#)
        #expect(
            try F.verifier.verify(token, now: F.now) == Principal(sub: "owner-7", role: "super_admin", permissions: []))
        let plain = try JWTSigner(key: F.key).token(
            sub: "a", role: "admin", permissions: ["analytics:dashboard"], issuedAt: F.now, expiresAt: F.now + 0.5)
        #expect(String(decoding: Base64URL.decode(plain.split(separator: ".")[0])!, as: UTF8.self) == F.header)
        #expect(throws: JWTKeySetError.keyTooShort(name: "the JWT secret", byteCount: 3)) {
            try JWTSigner(key: [1, 2, 3])
        }
    }
}
