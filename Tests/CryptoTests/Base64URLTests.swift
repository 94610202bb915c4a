import SeededRandom
import Testing

@testable import Crypto

@Suite struct Base64URLTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648VectorsRoundTripWithoutPadding(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func urlSafeAlphabetIsUsed() {
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
    }

    @Test(arguments: [
        "Zg==", "Zm8=", "Zg=", "Zm9v====",  // padding
        "+/+/", "Zm9v+A", "Zm9v/A",  // standard alphabet
        "Zm 9v", "Zm9v\n", " Zm9v", "Zm9\tv", "Zm9v\r\n",  // whitespace
        "Z", "Zm9vY", "Zm9vYmFyZ",  // length 1 modulo 4
        "Zh", "Zm9", "Zm9vYh", "Zm9vYmF", "AB", "AAB",  // unused bits not zero (non-canonical)
        "Zm9v.", "Zm9v*", "Zm9vé",  // other bytes
    ])
    func refusesNonCanonicalOrForeignInput(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func everyByteStringRoundTrips() {
        var generator = SplitMix64(seed: 64)
        for count in 0..<200 {
            let bytes = generator.bytes(count)
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test func decodedCountRejectsImpossibleLengths() {
        #expect(Base64URL.decodedCount(forEncodedCount: 43) == 32)
        #expect(Base64URL.decodedCount(forEncodedCount: 44) == 33)
        #expect(Base64URL.decodedCount(forEncodedCount: 42) == 31)
        #expect(Base64URL.decodedCount(forEncodedCount: 41) == nil)
    }
}
