import Auth
import Crypto
import Synchronization

/// MongoDB-style ObjectIds: 4-byte big-endian seconds, 5 random bytes per process, a 3-byte counter.
public enum ObjectID {
    private static let processRandom: [UInt8] = (0..<5).map { _ in UInt8.random(in: 0...255) }
    private static let counter = Atomic<UInt32>(UInt32.random(in: 0...0xFF_FFFF))

    /// A new id, 24 lowercase hex digits.
    public static func generate(now: Double) -> String {
        let seconds = UInt32(truncatingIfNeeded: Int64(now))
        let count = counter.wrappingAdd(1, ordering: .relaxed).oldValue & 0xFF_FFFF
        var bytes: [UInt8] = [
            UInt8(seconds >> 24), UInt8(seconds >> 16 & 0xFF), UInt8(seconds >> 8 & 0xFF), UInt8(seconds & 0xFF),
        ]
        bytes += processRandom
        bytes += [UInt8(count >> 16), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        return Hex.encode(bytes)
    }

    /// The id normalised to lowercase, or nil unless it is exactly 24 hex digits (either case).
    public static func normalize(_ text: String) -> String? {
        guard text.utf8.count == 24,
            text.utf8.allSatisfy({
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) || ($0 >= 0x61 && $0 <= 0x66)
            })
        else { return nil }
        return text.lowercased()
    }
}
