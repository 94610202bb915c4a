/// A streaming SHA-256 hasher (FIPS 180-4): feed bytes with `update`, read the 32-byte digest with `finalize`.
///
/// A value type with no heap storage, so copying a partly fed hasher is cheap (HMAC keeps two such copies).
public struct SHA256: Sendable {
    /// The digest length in bytes.
    public static let digestCount = 32
    /// The block length in bytes.
    public static let blockCount = 64

    /// The eight chaining words H0...H7.
    var state: SHA256State
    /// Bytes waiting for a full block; only the first `pendingCount` are meaningful.
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private var pendingCount: Int
    /// Total bytes fed so far (the message length that the padding records).
    private var totalCount: UInt64

    /// Starts a hash with the FIPS 180-4 initial hash value.
    public init() {
        state = SHA256State()
        pending = (0, 0, 0, 0, 0, 0, 0, 0)
        pendingCount = 0
        totalCount = 0
    }

    /// Hashes `bytes` in one call.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The lowercase hexadecimal SHA-256 digest of `bytes`.
    public static func hexDigest(_ bytes: [UInt8]) -> String {
        Hex.encode(hash(bytes))
    }

    /// Feeds bytes; contiguous collections are read in place, other sequences are copied once.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            Array(bytes).withUnsafeBytes { update($0) }
        }
    }

    /// Feeds the bytes of a raw buffer; whole blocks are compressed straight from it.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard var base = buffer.baseAddress, buffer.count > 0 else { return }
        var remaining = buffer.count
        totalCount &+= UInt64(remaining)
        if pendingCount > 0 {
            let take = min(SHA256.blockCount - pendingCount, remaining)
            let offset = pendingCount
            withUnsafeMutableBytes(of: &pending) {
                $0.baseAddress!.advanced(by: offset).copyMemory(from: base, byteCount: take)
            }
            pendingCount += take
            base += take
            remaining -= take
            guard pendingCount == SHA256.blockCount else { return }
            withUnsafeBytes(of: pending) { state.compress($0.baseAddress!, blocks: 1) }
            pendingCount = 0
        }
        let blocks = remaining / SHA256.blockCount
        if blocks > 0 {
            state.compress(base, blocks: blocks)
            base += blocks * SHA256.blockCount
            remaining -= blocks * SHA256.blockCount
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: base, byteCount: remaining) }
            pendingCount = remaining
        }
    }

    /// Returns the digest of everything fed so far; the hasher itself is left as it was.
    public func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: SHA256.digestCount) { buffer, count in
            finalize(into: UnsafeMutableRawBufferPointer(buffer))
            count = SHA256.digestCount
        }
    }

    /// Writes the 32-byte digest to `output` without allocating (the HMAC and verifier path).
    package func finalize(into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= SHA256.digestCount, "SHA-256 output buffer too small")
        var copy = self
        let bitLength = totalCount &* 8
        // Padding: 0x80, zeros up to 56 mod 64, then the 64-bit big-endian bit length.
        var tail:
            (
                UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                UInt64, UInt64, UInt64, UInt64
            ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let tailCount = pendingCount < 56 ? SHA256.blockCount : 2 * SHA256.blockCount
        withUnsafeMutableBytes(of: &tail) { raw in
            withUnsafeBytes(of: pending) { raw.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: pendingCount) }
            raw[pendingCount] = 0x80
            raw.storeBytes(of: bitLength.bigEndian, toByteOffset: tailCount - 8, as: UInt64.self)
            copy.state.compress(UnsafeRawPointer(raw.baseAddress!), blocks: tailCount / SHA256.blockCount)
        }
        copy.state.store(into: output)
    }
}
