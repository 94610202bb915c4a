import Crypto

/// A member value found by `FlatJSONReader`, pointing into the text it was read from (valid while that text is).
enum FlatJSONValue {
    /// A string's UTF-8 bytes, between its quotes: it had no escape, so these are its text.
    case string(UnsafeRawBufferPointer)
    case integer(Int64)
    case real(Double)
    case bool(Bool)
    case null
    /// An array of scalars; its elements are read again, in place, when iterated.
    case array(FlatJSONArray)
}

/// The text of an array that `FlatJSONReader` has accepted, from `[` to `]`; iterating it yields its scalars.
struct FlatJSONArray: Sequence {
    let text: UnsafeRawBufferPointer
    /// How many elements the reader found, so that a copy is allocated once.
    let count: Int

    var underestimatedCount: Int { count }

    struct Iterator: IteratorProtocol {
        var cursor: FlatJSONCursor

        mutating func next() -> FlatJSONValue? {
            // The text was accepted whole, so each step finds a scalar and then `,` or `]`.
            cursor.skipWhitespace()
            guard let value = cursor.scalar() else { return nil }
            cursor.skipWhitespace()
            _ = cursor.consume(UInt8(ascii: ","))
            return value
        }
    }

    func makeIterator() -> Iterator {
        var cursor = FlatJSONCursor(text: text)
        _ = cursor.consume(UInt8(ascii: "["))
        return Iterator(cursor: cursor)
    }
}

extension FlatJSONValue: MemberValue {
    var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        default: nil
        }
    }

    func stringEquals(_ text: String) -> Bool? {
        guard case .string(let bytes) = self else { return nil }
        var text = text
        return text.withUTF8 { bytesEqual(bytes, UnsafeRawBufferPointer($0)) }
    }

    var stringValue: String? {
        guard case .string(let bytes) = self else { return nil }
        // The reader has validated the UTF-8, so decoding repairs nothing.
        return String(decoding: bytes, as: UTF8.self)
    }

    var arrayElements: FlatJSONArray? {
        guard case .array(let array) = self else { return nil }
        return array
    }
}
