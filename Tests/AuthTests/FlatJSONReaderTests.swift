import Testing

@testable import Auth

/// What `FlatJSONReader` takes and what it leaves to jansson; `FlatJSONReaderDifferentialTests` compares it with jansson.
@Suite struct FlatJSONReaderTests {
    /// The members the reader found, with string values as text, or nil when it left the text to jansson.
    static func read(_ text: String) -> [(String, FlatValue)]? {
        var members: [(String, FlatValue)] = []
        let accepted = Array(text.utf8).withUnsafeBytes { bytes in
            FlatJSONReader.readObject(bytes) { name, value in
                members.append((String(decoding: name, as: UTF8.self), FlatValue(value)))
            }
        }
        return accepted ? members : nil
    }

    /// A `FlatJSONValue` copied out of the text it points into.
    indirect enum FlatValue: Equatable {
        case string(String)
        case integer(Int64)
        case real(Double)
        case bool(Bool)
        case null
        case array([FlatValue])

        init(_ value: FlatJSONValue) {
            switch value {
            case .string(let bytes): self = .string(String(decoding: bytes, as: UTF8.self))
            case .integer(let number): self = .integer(number)
            case .real(let number): self = .real(number)
            case .bool(let flag): self = .bool(flag)
            case .null: self = .null
            case .array(let items): self = .array(items.map(FlatValue.init))
            }
        }
    }

    @Test func readsTheClaimsOfAUsualTokenInOrder() throws {
        let members = try #require(Self.read(TokenFactory.claims(adding: [("nbf", "1699999990.5"), ("x", "null")])))
        #expect(members.map(\.0) == ["sub", "role", "permissions", "iat", "exp", "iss", "aud", "nbf", "x"])
        #expect(members[0].1 == .string("user-42"))
        #expect(members[2].1 == .array([.string("reports:read"), .string("analytics:dashboard")]))
        #expect(members[4].1 == .integer(1_700_003_600))
        #expect(members[7].1 == .real(1_699_999_990.5))
        #expect(members[8].1 == .null)
    }

    @Test func readsWhitespaceEmptyContainersAndValidUTF8() throws {
        let members = try #require(Self.read(" {\r\n\t\"a\" : [ ] ,\"\":[]\n} "))
        #expect(members.map(\.0) == ["a", ""])
        #expect(members.map(\.1) == [.array([]), .array([])])
        #expect(try #require(Self.read(#"{}"#)).isEmpty)
        #expect(try #require(Self.read("{\"sub\":\"jos\u{00e9} \u{1F600}\"}"))[0].1 == .string("jos\u{00e9} \u{1F600}"))
    }

    @Test func readsIntegersAtTheEdgesOf64Bits() throws {
        let members = try #require(Self.read(#"{"a":9223372036854775807,"b":-9223372036854775808,"c":-0}"#))
        #expect(members.map(\.1) == [.integer(.max), .integer(.min), .integer(0)])
    }

    @Test(arguments: [
        #"{"sub":"user\u002d42"}"#, #"{"a":"\/"}"#, #"{"s\u0075b":1}"#,  // escapes
        #"{"a":{"b":1}}"#, #"{"a":[[1]]}"#, #"{"a":[{}]}"#,  // nesting
        #"{"a":9223372036854775808}"#, #"{"a":-9223372036854775809}"#, #"{"a":1e309}"#,  // out of range
        #"{"a":1e-400}"#, #"{"a":0.0}"#, #"{"a":-0.0}"#, #"{"a":4.9e-324}"#,  // zero and subnormal: rare, left
        #"{"a":1,"a":1}"#, #"{"exp":1,"x":2,"exp":1}"#,  // duplicates, known or not
        #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":+1}"#, #"{"a":1e}"#, #"{"a":tru}"#, #"{"a":True}"#,
        #"{"a":1,}"#, #"{"a":[1,]}"#, #"{"a" 1}"#, #"{"a":1 "b":2}"#, #"{a:1}"#, #"{'a':1}"#,
        #"{"a":1}x"#, #"{"a":1}{}"#, #"[1]"#, #""a""#, "", " ", "{",
        "{\"a\":\"\u{0001}\"}", "{\"a\":1}\u{0000}", "\u{FEFF}{}", "{\u{000C}}",
    ])
    func leavesEverythingElseToJansson(text: String) {
        #expect(Self.read(text) == nil)
    }

    @Test func leavesInvalidUTF8ToJansson() {
        for bytes: [UInt8] in [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xc3], [0x80]] {
            let text = Array(#"{"a":""#.utf8) + bytes + Array(#""}"#.utf8)
            let accepted = text.withUnsafeBytes { FlatJSONReader.readObject($0) { _, _ in } }
            #expect(!accepted, "\(bytes)")
        }
    }

    @Test func takesUpTo64MembersAnd256Elements() {
        let members = (0..<64).map { "\"m\($0)\":1" }
        #expect(Self.read("{" + members.joined(separator: ",") + "}")?.count == 64)
        #expect(Self.read("{" + (members + ["\"m64\":1"]).joined(separator: ",") + "}") == nil)
        let elements = Array(repeating: "1", count: 256)
        #expect(Self.read(#"{"a":["# + elements.joined(separator: ",") + "]}")?.count == 1)
        #expect(Self.read(#"{"a":["# + (elements + ["1"]).joined(separator: ",") + "]}") == nil)
    }
}
