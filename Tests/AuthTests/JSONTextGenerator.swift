import SeededRandom

/// Seeded JSON texts for the differential tests: objects in and around `FlatJSONReader`'s subset (escapes, nesting,
/// numbers at the edges of 64 bits and of a double, valid and invalid UTF-8, control characters, duplicates, odd
/// whitespace, trailing data), and byte-level mutations of any text.
struct JSONTextGenerator {
    var randomSource: SplitMix64
    /// The one way the text being built may break JSON (one at a time, so that each is seen alone); nil keeps it
    /// valid for jansson, its limits aside.
    private var noise: Noise?

    enum Noise: CaseIterable {
        case affix, punctuation, literal, escape, utf8, control, number, whitespace
    }

    init(seed: UInt64) { randomSource = SplitMix64(seed: seed) }

    /// True `percent` of the time while building a text broken in the `kind` way, never otherwise.
    private mutating func breaks(_ kind: Noise, _ percent: Int) -> Bool { noise == kind && chance(percent) }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &randomSource) < percent }
    mutating func number(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &randomSource) }
    mutating func pick<T>(_ items: [T]) -> T { items[number(in: 0...items.count - 1)] }

    /// A whole text, valid JSON half the time and broken in one way the other half: nearly always an object,
    /// sometimes with something before or after it.
    mutating func text() -> [UInt8] {
        noise = chance(50) ? pick(Noise.allCases) : nil
        defer { noise = nil }
        var out: [UInt8] = []
        if breaks(.affix, 50) { out += pick([[0xef, 0xbb, 0xbf], [0], [0x0c]]) }
        whitespace(&out)
        if chance(3) { value(&out, depth: 1) } else { object(&out, depth: 1) }
        whitespace(&out)
        if breaks(.affix, 50) {
            out += pick([Array("x".utf8), Array("{}".utf8), Array(",".utf8), [0], Array("]".utf8)])
        }
        return out
    }

    mutating func object(_ out: inout [UInt8], depth: Int) {
        out += Array("{".utf8)
        // Member counts around the flat reader's 64 and jansson's 256, only near the top so texts stay small.
        let count = depth <= 2 && chance(3) ? number(in: 62...66) : depth <= 2 && chance(1) ? 257 : number(in: 0...9)
        var names: [[UInt8]] = []
        for index in 0..<count {
            whitespace(&out)
            if index > 0 {
                if !breaks(.punctuation, 5) { out += Array(",".utf8) }
                whitespace(&out)
            }
            let name = !names.isEmpty && chance(5) ? pick(names) : memberName()
            names.append(name)
            out += [0x22] + name + [0x22]
            whitespace(&out)
            if !breaks(.punctuation, 5) { out += Array(":".utf8) }
            whitespace(&out)
            value(&out, depth: depth + 1)
        }
        whitespace(&out)
        if breaks(.punctuation, 5) { out += Array(",".utf8) }
        out += Array("}".utf8)
    }

    /// A member name's text between its quotes: mostly the names the verifier reads, sometimes escaped or odd.
    mutating func memberName() -> [UInt8] {
        let known = [
            "exp", "nbf", "iat", "iss", "aud", "sub", "role", "permissions", "alg", "typ", "kid", "crit", "jku",
            "x5u", "jwk", "x5c", "", "n", "note", "http://example.com/is_root",
        ]
        switch number(in: 0...9) {
        case 0...5: return Array(pick(known).utf8)
        case 6:
            return Array(pick([#"\u0073ub"#, #"ex\u0070"#, #"a\"b"#, #"\u0000"#, "r\u{00f4}le", "caf\u{00e9}"]).utf8)
        default: return stringBody()
        }
    }

    mutating func value(_ out: inout [UInt8], depth: Int) {
        switch number(in: 0...99) {
        case 0..<40: out += [0x22] + stringBody() + [0x22]
        case 40..<65: out += numberText()
        case 65..<73 where breaks(.literal, 50):
            out += Array(pick(["tru", "nul", "True", "NULL", "truex", "nulll"]).utf8)
        case 65..<73: out += Array(pick(["true", "false", "null"]).utf8)
        case 73..<90: array(&out, depth: depth)
        case 90..<96 where depth < 19: object(&out, depth: depth + 1)
        default:
            if breaks(.punctuation, 100) {
                out += Array(pick(["\"", "'a'", "undefined", "", "{", "[", "\"\\u00\"", "\"a"]).utf8)
            } else {
                out += Array("null".utf8)
            }
        }
    }

    mutating func array(_ out: inout [UInt8], depth: Int) {
        out += Array("[".utf8)
        let count = depth <= 2 && chance(3) ? pick([255, 256, 257]) : number(in: 0...5)
        for index in 0..<count {
            whitespace(&out)
            if index > 0 {
                if !breaks(.punctuation, 5) { out += Array(",".utf8) }
                whitespace(&out)
            }
            if count > 200 {
                // Long arrays stay flat, so that their length alone decides.
                out += Array(pick(["1", "\"a\"", "null"]).utf8)
            } else if depth < 19, chance(8) {
                if chance(50) { array(&out, depth: depth + 1) } else { object(&out, depth: depth + 1) }
            } else {
                value(&out, depth: depth + 1)
            }
        }
        whitespace(&out)
        if breaks(.punctuation, 5) { out += Array(",".utf8) }
        out += Array("]".utf8)
    }

    /// The bytes between a string's quotes: mostly plain ASCII, then escapes, UTF-8 both valid and not, controls.
    mutating func stringBody() -> [UInt8] {
        var body: [UInt8] = []
        for _ in 0..<number(in: 0...6) {
            switch number(in: 0...99) {
            case 0..<55:
                let plain = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:/. ~{}[],'".utf8)
                for _ in 0..<number(in: 1...12) { body.append(pick(plain)) }
            case 55..<68: body += Array(pick(breaks(.escape, 50) ? Self.invalidEscapes : Self.escapes).utf8)
            case 68..<82: body += pick(Self.validUTF8)
            case 82..<92 where breaks(.utf8, 100): body += pick(Self.invalidUTF8)
            case 92..<100 where breaks(.control, 100): body.append(pick([0x00, 0x01, 0x09, 0x0a, 0x1f]))
            default: body.append(pick([0x7f, 0x20]))
            }
        }
        return body
    }

    mutating func numberText() -> [UInt8] {
        switch number(in: 0...99) {
        case 0..<30: return Array(String(number(in: 1_699_990_000...1_700_010_000)).utf8)
        case 30..<40: return Array(String(number(in: -1000...1000)).utf8)
        case 40..<50: return Array(pick(Self.edgeNumbers).utf8)
        case 50..<60 where breaks(.number, 100): return Array(pick(Self.brokenNumbers).utf8)
        default:
            // A random real: sign, 1 to 20 integer digits, maybe a fraction, maybe an exponent up to +-400.
            var text = chance(20) ? "-" : ""
            text += chance(20) ? "0" : String(number(in: 1...9)) + digits(number(in: 0...19))
            if chance(70) { text += "." + digits(number(in: 1...20)) }
            if chance(40) {
                text += pick(["e", "E"]) + pick(["", "+", "-"]) + String(number(in: 0...400))
            }
            return Array(text.utf8)
        }
    }

    private mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(number(in: 0...9))) })
    }

    mutating func whitespace(_ out: inout [UInt8]) {
        switch number(in: 0...99) {
        case 0..<60: break
        case 60..<85: out.append(0x20)
        case 85..<97: for _ in 0..<number(in: 1...4) { out.append(pick([0x20, 0x09, 0x0a, 0x0d])) }
        default: out += breaks(.whitespace, 100) ? pick([[0x0c], [0x0b], [0xc2, 0xa0], [0x00], [0x85]]) : [0x20]
        }
    }

    /// `text` with one to three random edits: a byte replaced, inserted or deleted, a slice repeated, a cut.
    mutating func mutate(_ text: [UInt8]) -> [UInt8] {
        var bytes = text
        let interesting: [UInt8] =
            Array(#""\,:{}[]0-+e.E tfn"#.utf8) + [0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xed, 0xf4, 0xff]
        for _ in 0..<number(in: 1...3) {
            let position = number(in: 0...bytes.count)
            switch number(in: 0...5) {
            case 0 where position < bytes.count: bytes[position] = pick(interesting)
            case 1 where position < bytes.count: bytes[position] = UInt8(number(in: 0...255))
            case 2: bytes.insert(pick(interesting), at: position)
            case 3 where position < bytes.count: bytes.remove(at: position)
            case 4:
                let end = min(bytes.count, position + number(in: 1...12))
                bytes.insert(contentsOf: bytes[position..<end], at: number(in: 0...bytes.count))
            default: bytes.removeLast(number(in: 0...min(3, bytes.count)))
            }
        }
        return bytes
    }

    static let escapes = [
        #"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#, #"\u0041"#, #"\u00e9"#, #"\u0000"#,
        #"\ud83d\ude00"#, #"\uD834\uDD1E"#, #"\u00E9"#, #"\u2028"#, #"\uffff"#,
    ]

    /// Escapes that jansson refuses: lone surrogates, short or unknown ones, a backslash that eats the quote.
    static let invalidEscapes = [
        #"\ud800"#, #"\udc00"#, #"\ud800\u0041"#, #"\u12"#, #"\x41"#, #"\U0041"#, #"\'"#, #"\"#,
    ]

    static let validUTF8: [[UInt8]] = [
        [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbf, 0xbf], [0xf4, 0x8f, 0xbf, 0xbf],
        [0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xee, 0x80, 0x80], [0x65, 0xcc, 0x81],
    ]

    static let invalidUTF8: [[UInt8]] = [
        [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf],
        [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80],
        [0xff], [0xfe], [0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3, 0x28], [0xe2, 0x28, 0xa1],
    ]

    static let edgeNumbers = [
        "0", "-0", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "99999999999999999999999", "1e308", "1e309", "-1e309", "1.7976931348623157e308",
        "1.7976931348623159e308", "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324",
        "2.4703282292062328e-324", "1e-400", "0.0", "-0.0", "0e0", "0E+0", "1E-0", "1700003600.5", "1699999940.5",
        "1e2", "1.5e9", "17e8",
    ]

    static let brokenNumbers = [
        "-", "1.", ".5", "1e", "1e+", "+1", "01", "-01", "007", "01.5", "1.5.5", "NaN", "Infinity", "-Infinity",
        "0x10", "1_000", "--1", "1e1.5", "- 1",
    ]
}
