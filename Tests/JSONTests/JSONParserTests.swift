import JSON
import Testing

@Suite struct JSONParserTests {
    @Test func keepsExactTypes() throws {
        let value = try JSONParser.parse(#"{"i": 1, "r": 1.0, "e": 1e2, "t": true, "f": false, "n": null, "s": "é"}"#)
        let object = try #require(value.objectValue)
        #expect(object["i"] == .integer(1))
        #expect(object["r"] == .real(1.0))
        #expect(object["e"] == .real(100))
        #expect(object["t"] == .bool(true))
        #expect(object["f"] == .bool(false))
        #expect(object["n"] == .null)
        #expect(object["s"] == .string("é"))
        #expect(object.keys == ["i", "r", "e", "t", "f", "n", "s"])
    }

    @Test func rejectsDuplicateKeys() {
        #expect(throws: JSONError.self) { try JSONParser.parse(#"{"a": 1, "a": 2}"#) }
        do {
            _ = try JSONParser.parse(#"{"x": {"a": 1, "b": 2, "a": 3}}"#)
            Issue.record("duplicate accepted")
        } catch {
            guard case .duplicateKey = error else {
                Issue.record("expected duplicateKey, got \(error)")
                return
            }
        }
    }

    @Test func rejectsDepthBeyondLimit() throws {
        let limits = JSONLimits(maxDepth: 4)
        _ = try JSONParser.parse("[[[[1]]]]", limits: limits)
        #expect(throws: JSONError.tooDeep(limit: 4)) { try JSONParser.parse("[[[[[1]]]]]", limits: limits) }
        let deep = String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000)
        #expect(throws: JSONError.self) { try JSONParser.parse(deep) }
    }

    @Test func rejectsOversizeText() {
        #expect(throws: JSONError.tooLarge(limit: 8)) {
            try JSONParser.parse("[1,2,3,4,5]", limits: JSONLimits(maxBytes: 8))
        }
    }

    @Test func rejectsTooManyElements() {
        #expect(throws: JSONError.tooManyElements(limit: 2)) {
            try JSONParser.parse("[1,2,3]", limits: JSONLimits(maxElements: 2))
        }
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1} x", "{'a':1}", "nul", "01", "{\"a\":\"\\ud800\"}",
    ])
    func rejectsInvalidText(_ text: String) {
        expectRefusal(text, "a syntax error") { if case .syntax = $0 { true } else { false } }
    }

    /// Expects `text` to be refused with an error that `matches` accepts.
    private func expectRefusal(_ text: String, _ kind: String, _ matches: (JSONError) -> Bool) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            if !matches(error) { Issue.record("expected \(kind) for \(text), got \(error)") }
        }
    }

    @Test func keepsAnEscapedNULInsideAString() throws {
        let value = try JSONParser.parse(#"{"a":"x\u0000y"}"#)
        let text = try #require(value.objectValue?["a"]?.stringValue)
        #expect(Array(text.utf8) == [0x78, 0, 0x79])
    }

    @Test(arguments: ["99999999999999999999", "[-9223372036854775809]", "{\"x\":1E400}", "[-1e309]"])
    func refusesNumbersOutOfRangeAsSuch(_ text: String) {
        expectRefusal(text, "numberOutOfRange") { if case .numberOutOfRange = $0 { true } else { false } }
    }

    @Test func holdsTheEdgesOfTheRange() throws {
        #expect(try JSONParser.parse("[9223372036854775807,-9223372036854775808]") == [.int(.max), .int(.min)])
        #expect(try JSONParser.parse("[1.7976931348623157e308]") == [.real(1.7976931348623157e308)])
    }

    @Test func rejectsRawNULWhereJanssonWouldSkipIt() {
        #expect(throws: JSONError.syntax(message: "NUL byte", position: 6)) {
            try JSONParser.parse(Array(#"{"a":1"#.utf8) + [0] + Array("}".utf8))
        }
        #expect(throws: JSONError.syntax(message: "NUL byte", position: 2)) {
            try JSONParser.parse([0x5B, 0x31, 0, 0x5D])
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONError.self) { try JSONParser.parse(bytes) }
    }

    @Test func encodesCompactlyInOrder() {
        let value: JSONValue = ["b": 1, "a": [true, nil, 1.5, "x\"y"], "c": ["é": 0.1]]
        #expect(JSONWriter.string(value) == #"{"b":1,"a":[true,null,1.5,"x\"y"],"c":{"é":0.1}}"#)
    }

    @Test func realsStayReals() {
        #expect(JSONWriter.string(.real(2)) == "2.0")
        #expect(JSONWriter.string(.integer(2)) == "2")
        #expect(JSONWriter.string(.number(.nan)) == "null")
    }

    @Test func roundTrips() throws {
        let text = #"{"name":"Ünïcode ☃","n":[1,-2,3.25],"o":{"k":null,"b":false}}"#
        #expect(JSONWriter.string(try JSONParser.parse(text)) == text)
    }
}
