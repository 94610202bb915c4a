import Testing

@testable import Crypto

/// RFC 4231 section 4, test cases 1 to 7 (case 5 compares its first 16 bytes, as the RFC truncates it).
@Suite struct HMACSHA256Tests {
    private static let longKey = [UInt8](repeating: 0xaa, count: 131)

    @Test func rfc4231Case1() {
        let mac = HMACSHA256(key: [UInt8](repeating: 0x0b, count: 20)).mac(Array("Hi There".utf8))
        #expect(Hex.encode(mac) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func rfc4231Case2ShortKey() {
        let mac = HMACSHA256(key: Array("Jefe".utf8)).mac(Array("what do ya want for nothing?".utf8))
        #expect(Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func rfc4231Case3() {
        let mac = HMACSHA256(key: [UInt8](repeating: 0xaa, count: 20)).mac([UInt8](repeating: 0xdd, count: 50))
        #expect(Hex.encode(mac) == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
    }

    @Test func rfc4231Case4() {
        let mac = HMACSHA256(key: Array(1...25)).mac([UInt8](repeating: 0xcd, count: 50))
        #expect(Hex.encode(mac) == "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
    }

    @Test func rfc4231Case5Truncated() {
        let mac = HMACSHA256(key: [UInt8](repeating: 0x0c, count: 20)).mac(Array("Test With Truncation".utf8))
        #expect(Hex.encode(mac.prefix(16)) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func rfc4231Case6KeyLongerThanBlock() {
        let mac = HMACSHA256(key: Self.longKey).mac(
            Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(Hex.encode(mac) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func rfc4231Case7KeyAndDataLongerThanBlock() {
        let data =
            "This is a test using a larger than block-size key and a larger than block-size data. The key needs to "
            + "be hashed before being used by the HMAC algorithm."
        let mac = HMACSHA256(key: Self.longKey).mac(Array(data.utf8))
        #expect(Hex.encode(mac) == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    @Test func streamingMatchesOneShotAndLeavesTheKeyReusable() {
        let key = HMACSHA256(key: Array("Jefe".utf8))
        var stream = key
        stream.update(Array("what do ya ".utf8))
        stream.update(Array("want for nothing?".utf8))
        #expect(Hex.encode(stream.finalize()) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(key.mac(Array("Hi".utf8)) == HMACSHA256(key: Array("Jefe".utf8)).mac(Array("Hi".utf8)))
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        #expect(constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!constantTimeEquals([0x80, 2, 3] as [UInt8], [0, 2, 3] as [UInt8]))
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(constantTimeEquals([] as [UInt8], [] as [UInt8]))
    }

    @Test func rawConstantTimeEqualsFindsADifferenceInAnyByte() {
        for count in [0, 1, 7, 8, 9, 31, 32, 33] {
            let a = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(a.withUnsafeBytes { x in a.withUnsafeBytes { y in constantTimeEquals(x, y) } }, "\(count) bytes")
            for index in 0..<count {
                for flip: UInt8 in [0x01, 0x80] {
                    var b = a
                    b[index] ^= flip
                    let equal = a.withUnsafeBytes { x in b.withUnsafeBytes { y in constantTimeEquals(x, y) } }
                    #expect(!equal, "byte \(index) of \(count) differs by \(flip)")
                }
            }
            let longer = a + [0]
            #expect(!a.withUnsafeBytes { x in longer.withUnsafeBytes { y in constantTimeEquals(x, y) } })
        }
    }
}
