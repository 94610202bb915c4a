/// Unpadded base64url (RFC 4648 section 5) with strict, canonical-only decoding, as JWS compact form requires.
///
/// Decoding refuses padding `=`, `+` and `/`, whitespace and every other byte outside `A-Z a-z 0-9 - _`, a length
/// of 1 modulo 4, and a last character whose unused low bits are not zero (so each byte string has one encoding).
public enum Base64URL {
    /// The unpadded encoding of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= input.count {
            let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int(group >> 18)])
            output.append(alphabet[Int(group >> 12 & 0x3f)])
            output.append(alphabet[Int(group >> 6 & 0x3f)])
            output.append(alphabet[Int(group & 0x3f)])
            index += 3
        }
        switch input.count - index {
        case 1:
            let group = UInt32(input[index]) << 16
            output.append(alphabet[Int(group >> 18)])
            output.append(alphabet[Int(group >> 12 & 0x3f)])
        case 2:
            let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(alphabet[Int(group >> 18)])
            output.append(alphabet[Int(group >> 12 & 0x3f)])
            output.append(alphabet[Int(group >> 6 & 0x3f)])
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The decoded bytes, or nil when `text` is not canonical unpadded base64url.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let direct: [UInt8]?? = text.utf8.withContiguousStorageIfAvailable { decode($0) }
        if let direct { return direct }
        return Array(text.utf8).withUnsafeBufferPointer { decode($0) }
    }

    /// The decoded bytes, or nil when `bytes` are not canonical unpadded base64url.
    public static func decode(_ bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// The number of bytes that `count` characters decode to, or nil for an impossible length (1 modulo 4).
    public static func decodedCount(forEncodedCount count: Int) -> Int? {
        count % 4 == 1 ? nil : count / 4 * 3 + max(count % 4 - 1, 0)
    }

    /// Decodes into a new array (the verifier's path for the header and payload segments).
    package static func decode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let count = decodedCount(forEncodedCount: input.count) else { return nil }
        var valid = true
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            valid = decode(input, into: buffer)
            initialized = valid ? count : 0
        }
        return valid ? bytes : nil
    }

    /// Decodes `input` into `output`, which holds exactly `decodedCount(forEncodedCount: input.count)` bytes.
    package static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>)
        -> Bool
    {
        guard decodedCount(forEncodedCount: input.count) == output.count else { return false }
        return decodingTable.withUnsafeBufferPointer { table in
            var invalid: UInt8 = 0
            var reader = 0
            var writer = 0
            while reader + 4 <= input.count {
                let a = table[Int(input[reader])]
                let b = table[Int(input[reader + 1])]
                let c = table[Int(input[reader + 2])]
                let d = table[Int(input[reader + 3])]
                invalid |= (a | b | c | d) & 0x80
                let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                output[writer] = UInt8(truncatingIfNeeded: group >> 16)
                output[writer + 1] = UInt8(truncatingIfNeeded: group >> 8)
                output[writer + 2] = UInt8(truncatingIfNeeded: group)
                reader += 4
                writer += 3
            }
            switch input.count - reader {
            case 2:
                let a = table[Int(input[reader])]
                let b = table[Int(input[reader + 1])]
                // 12 bits carry 8: the last character's low 4 bits must be zero.
                invalid |= (a | b) & 0x80 | b & 0x0f
                output[writer] = UInt8(truncatingIfNeeded: UInt32(a) << 2 | UInt32(b) >> 4)
            case 3:
                let a = table[Int(input[reader])]
                let b = table[Int(input[reader + 1])]
                let c = table[Int(input[reader + 2])]
                // 18 bits carry 16: the last character's low 2 bits must be zero.
                invalid |= (a | b | c) & 0x80 | c & 0x03
                let group = UInt32(a) << 12 | UInt32(b) << 6 | UInt32(c)
                output[writer] = UInt8(truncatingIfNeeded: group >> 10)
                output[writer + 1] = UInt8(truncatingIfNeeded: group >> 2)
            default:
                break
            }
            return invalid == 0
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Each byte's 6-bit value, or 0xff for a byte outside the alphabet (the high bit marks it).
    private static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()
}
