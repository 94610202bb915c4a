import Crypto
import Synchronization

/// A MongoDB-style ObjectId: 4-byte big-endian seconds, 5 random bytes per process, a 3-byte counter, kept as 24
/// lowercase hex digits. Parsed once at the edge; everything inside takes the type.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    private static let processRandom: [UInt8] = (0..<5).map { _ in UInt8.random(in: 0...255) }
    private static let counter = Atomic<UInt32>(UInt32.random(in: 0...0xFF_FFFF))

    /// 24 lowercase hex digits.
    public let text: String

    /// The id of `text` normalised to lowercase, or nil unless it is exactly 24 hex digits (either case).
    public init?(_ text: some StringProtocol) {
        guard text.utf8.count == 24, text.utf8.allSatisfy({ Hex.value(of: $0) != nil }) else { return nil }
        self.text = text.lowercased()
    }

    /// A new id for an object made at `now` (seconds since the epoch).
    public static func generate(now: Double) -> ObjectID {
        let seconds = UInt32(truncatingIfNeeded: Int64(now))
        let count = counter.wrappingAdd(1, ordering: .relaxed).oldValue & 0xFF_FFFF
        var bytes: [UInt8] = [
            UInt8(seconds >> 24), UInt8(seconds >> 16 & 0xFF), UInt8(seconds >> 8 & 0xFF), UInt8(seconds & 0xFF),
        ]
        bytes += processRandom
        bytes += [UInt8(count >> 16), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        return ObjectID(Hex.encode(bytes))!
    }

    public var description: String { text }
}
