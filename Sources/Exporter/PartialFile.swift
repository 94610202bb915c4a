import Crypto
import Glibc

/// An export file while it is written: the bytes go to `<path>.partial` beside the final path, `publish`
/// fsyncs it and renames it over the path, `discard` deletes it. A reader never sees a half-written file at
/// the final path.
struct PartialFile {
    /// Where the finished file goes.
    let path: String

    /// Where the bytes go until `publish`.
    var temporaryPath: String { path + ".partial" }

    /// Creates (or truncates) the partial file for writing, mode 0666 less the umask, as `fopen` would.
    func create() throws(ExportError) -> Int32 {
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .io(operation: "create", path: temporaryPath, errno: errno) }
        return descriptor
    }

    /// Flushes the partial file to disk, renames it over the final path and flushes the directory, so that after a
    /// crash a job recorded as completed has its file.
    func publish(descriptor: Int32) throws(ExportError) {
        guard fsync(descriptor) == 0 else { throw .io(operation: "fsync", path: temporaryPath, errno: errno) }
        guard rename(temporaryPath, path) == 0 else {
            throw .io(operation: "rename to \(path)", path: temporaryPath, errno: errno)
        }
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let handle = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard handle >= 0 else { throw .io(operation: "open directory", path: directory, errno: errno) }
        defer { close(handle) }
        guard fsync(handle) == 0 else { throw .io(operation: "fsync directory", path: directory, errno: errno) }
    }

    /// Deletes the partial file, if any.
    func discard() {
        unlink(temporaryPath)
    }

    /// Reads the partial file in chunks: its size and SHA-256, for a file a library wrote by itself (XLSX).
    func digest(descriptor: Int32) throws(ExportError) -> (size: Int, checksum: String) {
        let chunkCount = 1 << 18
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkCount, alignment: 16)
        defer { chunk.deallocate() }
        var hasher = SHA256()
        var size = 0
        while true {
            let count = read(descriptor, chunk, chunkCount)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: temporaryPath, errno: errno)
            }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(start: chunk, count: count))
            size += count
        }
        return (size, Hex.encode(hasher.finalize()))
    }
}
