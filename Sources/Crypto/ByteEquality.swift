/// Byte-for-byte equality: String's `==` also equates canonically equivalent text (U+212A KELVIN SIGN and "K").
package func utf8Equal(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    let fast = a.utf8.withContiguousStorageIfAvailable { x in
        b.utf8.withContiguousStorageIfAvailable { y in bytesEqual(UnsafeRawBufferPointer(x), UnsafeRawBufferPointer(y))
        }
    }
    return (fast ?? nil) ?? a.utf8.elementsEqual(b.utf8)
}

/// Whether two byte ranges are equal, compared eight bytes at a time (not in constant time: for public data).
package func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    var offset = 0
    while offset + 8 <= a.count {
        guard
            a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        else { return false }
        offset += 8
    }
    while offset < a.count {
        guard a[offset] == b[offset] else { return false }
        offset += 1
    }
    return true
}
