import Crypto

/// Reads a flat JSON object in place, without allocating: the form of nearly every JWT header and claims set.
///
/// A fast path in front of jansson, never a judge of its own: it accepts only members whose values are strings
/// without escapes, numbers that jansson holds exactly as read here, `true`, `false`, `null`, or arrays of those,
/// with at most 64 members and 256 elements an array. For every other text (an escape, a nested object, a control
/// character, invalid UTF-8, a duplicate member, a number out of range, trailing data, or plain invalid JSON) it
/// returns false and the verifier asks jansson, which alone decides what is refused and why.
/// `FlatJSONReaderDifferentialTests` checks that whatever it accepts jansson accepts with the same values.
enum FlatJSONReader {
    /// Members kept for the duplicate check; an object with more is left to jansson.
    static let maximumMemberCount = 64
    /// The verifier's jansson limit on an array's elements.
    static let maximumElementCount = 256

    /// Calls `body` with each member's name and value, in order, and returns true when `text` is one flat object.
    ///
    /// When it returns false, `body` may have seen some members already: the caller discards what it collected.
    static func readObject(
        _ text: UnsafeRawBufferPointer, _ body: (_ name: UnsafeRawBufferPointer, _ value: FlatJSONValue) -> Void
    ) -> Bool {
        withUnsafeTemporaryAllocation(of: UnsafeRawBufferPointer.self, capacity: maximumMemberCount) { names in
            var cursor = FlatJSONCursor(text: text)
            cursor.skipWhitespace()
            guard cursor.consume(UInt8(ascii: "{")) else { return false }
            cursor.skipWhitespace()
            if !cursor.consume(UInt8(ascii: "}")) {
                var count = 0
                repeat {
                    cursor.skipWhitespace()
                    guard count < maximumMemberCount, let name = cursor.string() else { return false }
                    // jansson refuses duplicates (JSON_REJECT_DUPLICATES); names without escapes compare as bytes.
                    for earlier in names[..<count] where bytesEqual(earlier, name) { return false }
                    names.initializeElement(at: count, to: name)
                    count += 1
                    cursor.skipWhitespace()
                    guard cursor.consume(UInt8(ascii: ":")) else { return false }
                    cursor.skipWhitespace()
                    guard let value = cursor.value() else { return false }
                    body(name, value)
                    cursor.skipWhitespace()
                } while cursor.consume(UInt8(ascii: ","))
                guard cursor.consume(UInt8(ascii: "}")) else { return false }
            }
            cursor.skipWhitespace()
            return cursor.isAtEnd
        }
    }
}

/// A position in JSON text and the steps of `FlatJSONReader`'s grammar; each answers nil outside the subset.
struct FlatJSONCursor {
    let text: UnsafeRawBufferPointer
    private(set) var index = 0

    init(text: UnsafeRawBufferPointer) { self.text = text }

    var isAtEnd: Bool { index == text.count }

    /// Skips JSON whitespace: space, tab, line feed, carriage return.
    mutating func skipWhitespace() {
        while index < text.count {
            switch text[index] {
            case 0x20, 0x09, 0x0a, 0x0d: index += 1
            default: return
            }
        }
    }

    /// Steps over `byte` when it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < text.count, text[index] == byte else { return false }
        index += 1
        return true
    }

    /// A scalar, or an array of scalars.
    mutating func value() -> FlatJSONValue? {
        guard index < text.count, text[index] == UInt8(ascii: "[") else { return scalar() }
        let start = index
        index += 1
        skipWhitespace()
        var count = 0
        if !consume(UInt8(ascii: "]")) {
            repeat {
                skipWhitespace()
                guard count < FlatJSONReader.maximumElementCount, scalar() != nil else { return nil }
                count += 1
                skipWhitespace()
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "]")) else { return nil }
        }
        return .array(FlatJSONArray(text: UnsafeRawBufferPointer(rebasing: text[start..<index]), count: count))
    }

    /// A string without escapes, a number, `true`, `false` or `null`.
    mutating func scalar() -> FlatJSONValue? {
        guard index < text.count else { return nil }
        switch text[index] {
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        default: return nil
        }
    }

    /// The bytes between the quotes of a string with no escape and no control character, in valid UTF-8.
    mutating func string() -> UnsafeRawBufferPointer? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        var union: UInt8 = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "\"") {
                let bytes = UnsafeRawBufferPointer(rebasing: text[start..<index])
                index += 1
                return union < 0x80 || Self.isValidUTF8(bytes) ? bytes : nil
            }
            // An escape is left to jansson; a raw control character (NUL included) is invalid JSON.
            guard byte >= 0x20, byte != UInt8(ascii: "\\") else { return nil }
            union |= byte
            index += 1
        }
        return nil
    }

    /// A number as RFC 8259 writes it: an integer that fits in 64 bits, or a real that reads as a normal double.
    mutating func number() -> FlatJSONValue? {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        // A leading zero stands alone: "01" stops after the 0, and the caller finds a 1 where it wants , or }.
        if !consume(UInt8(ascii: "0")) {
            guard digits() > 0 else { return nil }
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard digits() > 0 else { return nil }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { return nil }
        }
        let literal = UnsafeRawBufferPointer(rebasing: text[start..<index])
        return isInteger ? Self.integer(literal).map { .integer($0) } : Self.real(literal).map { .real($0) }
    }

    /// Steps over ASCII digits and returns how many there were.
    private mutating func digits() -> Int {
        let start = index
        while index < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index]) {
            index += 1
        }
        return index - start
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= text.count,
            bytesEqual(
                UnsafeRawBufferPointer(rebasing: text[index..<index + count]),
                UnsafeRawBufferPointer(start: word.utf8Start, count: count))
        else { return false }
        index += count
        return true
    }

    /// The value of `-?digits`, or nil outside Int64, where jansson refuses the number ("too big integer").
    private static func integer(_ literal: UnsafeRawBufferPointer) -> Int64? {
        let negative = literal[0] == UInt8(ascii: "-")
        var value: Int64 = 0
        // Accumulated with the number's sign, so that Int64.min is reached.
        for byte in literal[(negative ? 1 : 0)...] {
            let digit = Int64(byte &- UInt8(ascii: "0"))
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, carry) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            value = next
        }
        return value
    }

    /// A real's correctly rounded value, as glibc's strtod gives jansson. Only normal values are taken: jansson
    /// refuses an overflow, and zero or an underflow are rare enough to leave to it.
    private static func real(_ literal: UnsafeRawBufferPointer) -> Double? {
        // Up to 15 bytes make a small string, which needs no allocation.
        guard let value = Double(String(decoding: literal, as: UTF8.self)), value.isNormal else { return nil }
        return value
    }

    /// Strict UTF-8 (no overlong form, surrogate or value past U+10FFFF), as jansson requires, by the standard
    /// library's decoder.
    private static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
