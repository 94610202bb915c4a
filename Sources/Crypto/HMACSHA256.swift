/// HMAC-SHA-256 (RFC 2104) with the key absorbed once: each MAC starts from the saved inner and outer states.
///
/// A value type: `mac(_:)` works on copies, so one instance is shared freely across threads; for streaming, copy
/// it into a `var`, call `update` as often as needed, then `finalize`.
public struct HMACSHA256: Sendable {
    /// SHA-256 after absorbing the key XOR ipad, then any message bytes fed with `update`.
    private var inner: SHA256
    /// SHA-256 after absorbing the key XOR opad.
    private let outer: SHA256

    /// Prepares the key: a key longer than 64 bytes is replaced by its SHA-256 digest, a shorter one is zero-padded.
    public init(key: some Collection<UInt8>) {
        var block = [UInt8](repeating: 0, count: SHA256.blockCount)
        if key.count > SHA256.blockCount {
            block.replaceSubrange(0..<SHA256.digestCount, with: SHA256.hash(Array(key)))
        } else {
            block.replaceSubrange(0..<key.count, with: key)
        }
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
    }

    /// The 32-byte MAC of `message`.
    public func mac(_ message: some Sequence<UInt8>) -> [UInt8] {
        var copy = self
        copy.update(message)
        return copy.finalize()
    }

    /// Feeds message bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        inner.update(bytes)
    }

    /// Feeds the bytes of a raw buffer.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        inner.update(buffer)
    }

    /// The MAC of everything fed so far; the value itself is left as it was.
    public func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: SHA256.digestCount) { buffer, count in
            finalize(into: UnsafeMutableRawBufferPointer(buffer))
            count = SHA256.digestCount
        }
    }

    /// Writes the 32-byte MAC to `output` without allocating (the verifier's path).
    package func finalize(into output: UnsafeMutableRawBufferPointer) {
        inner.finalize(into: output)
        var outer = self.outer
        outer.update(UnsafeRawBufferPointer(rebasing: output[0..<SHA256.digestCount]))
        outer.finalize(into: output)
    }
}
