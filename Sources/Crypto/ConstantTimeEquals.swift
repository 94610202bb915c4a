/// True when both byte collections are equal, in time that depends on their lengths but never on their contents.
///
/// A length mismatch returns false at once (MAC lengths are public); otherwise every byte pair is XORed into one
/// accumulator and nothing branches on it until the end.
public func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) {
        difference |= x ^ y
    }
    return difference == 0
}

/// The same comparison on raw buffers, eight bytes at a time (the verifier's path).
///
/// Not generic, so no call goes through a `zip` iterator and runtime metadata (the generic version, called across
/// modules, cost about 45,000 instructions for a 32-byte MAC).
package func constantTimeEquals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt64 = 0
    var offset = 0
    while offset + 8 <= a.count {
        difference |=
            a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            ^ b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
    }
    while offset < a.count {
        difference |= UInt64(a[offset] ^ b[offset])
        offset += 1
    }
    return difference == 0
}
