import Crypto
import Testing

@testable import Auth

@Suite struct JWTKeySetTests {
    static let secret = String(repeating: "s", count: 32)

    @Test func keyShorterThan32BytesIsRefusedByName() {
        #expect(throws: JWTKeySetError.keyTooShort(name: "the default JWT secret", byteCount: 31)) {
            try JWTKeySet.parse(secret: String(repeating: "s", count: 31), keys: nil)
        }
        #expect(throws: JWTKeySetError.keyTooShort(name: "JWT key \"old\"", byteCount: 5)) {
            try JWTKeySet.parse(secret: Self.secret, keys: "old=short")
        }
        let message = JWTKeySetError.keyTooShort(name: "JWT key \"old\"", byteCount: 5).description
        #expect(message == "JWT key \"old\" is 5 bytes long; HS256 keys must be at least 32 bytes")
    }

    @Test func parseReadsTheDefaultKeyAndKidPairs() throws {
        let keys = try JWTKeySet.parse(secret: Self.secret, keys: "2025-01=\(Self.secret)a,2025-02=\(Self.secret)=b")
        #expect(keys.hasDefaultKey)
        #expect(keys.kids == ["2025-01", "2025-02"])
        let mac = keys.key(forKid: "2025-02")?.mac([1])
        #expect(mac == HMACSHA256(key: Array((Self.secret + "=b").utf8)).mac([1]))
        #expect(keys.key(forKid: "2025-03") == nil)
    }

    @Test func secretsFromPairsKeepsEachSecretAfterTheFirstEquals() throws {
        let secrets = try JWTKeySet.secrets(fromPairs: "a=x=y,b=")
        #expect(secrets == ["a": Array("x=y".utf8), "b": []])
        #expect(try JWTKeySet.secrets(fromPairs: "").isEmpty)
    }

    @Test func keysWithoutDefaultAreAllowed() throws {
        let keys = try JWTKeySet.parse(secret: nil, keys: "k1=\(Self.secret)")
        #expect(!keys.hasDefaultKey)
        #expect(keys.kids == ["k1"])
    }

    @Test func emptyKeyListCountsAsAbsent() throws {
        #expect(try JWTKeySet.parse(secret: Self.secret, keys: "").kids.isEmpty)
    }

    @Test func missingKeysAreRefused() {
        #expect(throws: JWTKeySetError.noKey) { try JWTKeySet.parse(secret: nil, keys: nil) }
        #expect(throws: JWTKeySetError.noKey) { try JWTKeySet.parse(secret: nil, keys: "") }
    }

    @Test(arguments: [("k1", 1), ("=\(secret)", 1), ("k1=\(secret),", 2), ("k1=\(secret),,k2=\(secret)", 2)])
    func malformedEntriesAreRefused(keys: String, position: Int) {
        #expect(throws: JWTKeySetError.malformedEntry(position: position)) {
            try JWTKeySet.parse(secret: nil, keys: keys)
        }
    }

    @Test func duplicateKidIsRefused() {
        #expect(throws: JWTKeySetError.duplicateKid("k1")) {
            try JWTKeySet.parse(secret: nil, keys: "k1=\(Self.secret),k1=\(Self.secret)x")
        }
    }

    @Test func kidIsMatchedByteForByte() throws {
        // U+212A KELVIN SIGN is canonically equivalent to "K", so String's == would match it.
        let keys = try JWTKeySet.parse(secret: nil, keys: "K=\(Self.secret)")
        #expect(keys.key(forKid: "K") != nil)
        #expect(keys.key(forKid: "\u{212A}") == nil)
    }
}
