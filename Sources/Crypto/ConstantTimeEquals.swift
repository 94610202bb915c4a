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
