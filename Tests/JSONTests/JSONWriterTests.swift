import Testing

@testable import JSON

@Suite struct JSONWriterTests {
    @Test(arguments: [
        (0.30000000000000004, "0.30000000000000004"), (0.3, "0.3"), (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (-1.7976931348623157e308, "-1.7976931348623157e+308"),
        (1.0, "1.0"), (-0.0, "-0.0"), (120.5, "120.5"), (1e21, "1e+21"), (100.0, "100.0"),
    ])
    func realsAreShortestAndReadBackTheSame(_ value: Double, _ text: String) throws {
        #expect(JSONWriter.string(.real(value)) == text)
        let parsed = try JSONParser.parse(Array(text.utf8))
        #expect(parsed == .real(value))
        if case .real(let back) = parsed { #expect(back.bitPattern == value.bitPattern) }
    }

    @Test func nonFiniteRealsAreNull() {
        #expect(JSONWriter.string(.real(.infinity)) == "null")
        #expect(JSONWriter.string(.real(.nan)) == "null")
    }

    @Test func stringsEscapeQuotesBackslashesAndControls() {
        #expect(JSONWriter.string(.string("a\"b\\c\n\t\u{1}\u{0}é/")) == #""a\"b\\c\n\t\u0001\u0000é/""#)
    }

    @Test func objectsKeepTheirOrderAndIntegersStayIntegers() {
        let value: JSONValue = ["z": 1, "a": [true, .null, 2.5], "m": ["k": "v"]]
        #expect(JSONWriter.string(value) == #"{"z":1,"a":[true,null,2.5],"m":{"k":"v"}}"#)
    }
}
