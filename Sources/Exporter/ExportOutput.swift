import Crypto
import Glibc

/// The bytes of an export file: a large fixed buffer in front of the partial file, hashed with the project's
/// SHA-256 as each buffer goes out, so `publish` knows the size and checksum without reading the file again.
///
/// Writes never throw: the first failed system call is kept in `failure`, later bytes are dropped, and the
/// writer checks `failure` once per row (`check()`) and at the end.
final class ExportOutput {
    /// The buffer's size: large enough that a row never needs more than one system call.
    static let capacity = 1 << 18

    let file: PartialFile
    private var descriptor: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private var used = 0
    private var hasher = SHA256()
    /// Bytes handed to the file so far.
    private var written = 0
    /// The first failed system call, after which nothing more is written.
    private(set) var failure: ExportError?

    /// Creates the partial file for `path`.
    init(path: String) throws(ExportError) {
        file = PartialFile(path: path)
        descriptor = try file.create()
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.capacity)
    }

    deinit {
        discard()
        buffer.deallocate()
    }

    /// Throws the first failure, if any.
    func check() throws(ExportError) {
        if let failure { throw failure }
    }

    /// Room for at least `count` bytes (at most `capacity`) at `next`; `advance` claims what was used.
    @inline(__always)
    func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if Self.capacity - used < count { flush() }
        return buffer + used
    }

    /// Claims `count` bytes written at the pointer `reserve` returned.
    @inline(__always)
    func advance(by count: Int) {
        used += count
    }

    @inline(__always)
    func write(_ byte: UInt8) {
        if used == Self.capacity { flush() }
        buffer[used] = byte
        used += 1
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            if used == Self.capacity { flush() }
            let take = min(remaining, Self.capacity - used)
            UnsafeMutableRawPointer(buffer + used).copyMemory(from: source, byteCount: take)
            used += take
            source += take
            remaining -= take
        }
    }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Writes a string's UTF-8 bytes.
    func write(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { write(UnsafeRawBufferPointer($0)) }
        if done == nil {
            for byte in text.utf8 { write(byte) }
        }
    }

    /// Writes out the buffer, fsyncs, renames the file over its path and returns its size and SHA-256.
    func publish() throws(ExportError) -> (size: Int, checksum: String) {
        flush()
        try check()
        try file.publish(descriptor: descriptor)
        let checksum = Hex.encode(hasher.finalize())
        close(descriptor)
        descriptor = -1
        return (written, checksum)
    }

    /// Closes and deletes the partial file; does nothing after `publish`.
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        file.discard()
    }

    /// Hashes the buffer and hands it to the file.
    private func flush() {
        defer { used = 0 }
        guard used > 0, failure == nil, descriptor >= 0 else { return }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: used)
        hasher.update(bytes)
        var offset = 0
        while offset < used {
            let count = Glibc.write(descriptor, buffer + offset, used - offset)
            if count < 0 {
                if errno == EINTR { continue }
                failure = .io(operation: "write", path: file.temporaryPath, errno: errno)
                return
            }
            offset += count
        }
        written += used
    }
}
