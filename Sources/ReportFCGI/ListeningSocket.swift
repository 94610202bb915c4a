import Domain
import Glibc

/// The Unix socket nginx connects to: one we bind at a path, or one inherited on fd 0 (spawn-fcgi, systemd
/// `StandardInput=socket`) or fd 3 (systemd `LISTEN_FDS`).
struct ListeningSocket {
    let fd: Int32
    /// The path we bound and must unlink when we stop; nil for an inherited socket, which is not ours to remove.
    let ownedPath: String?

    /// Binds `path` (replacing a stale socket file nobody listens on) with the given mode.
    static func bind(path: String, mode: mode_t, backlog: Int32) throws(ServeError) -> ListeningSocket {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else { throw .socket("path longer than \(capacity - 1) bytes: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path.utf8)
            buffer[path.utf8.count] = 0
        }
        try removeStale(path, address: address)
        let fd: Int32
        do {
            fd = try SystemError.check(
                "socket()", socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0))
        } catch {
            throw .socket("\(error)")
        }
        do {
            try SystemError.check(
                "bind(\(path))",
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                    }
                })
        } catch {
            close(fd)
            throw .socket("\(error)")
        }
        do {
            try SystemError.check("chmod(\(path))", chmod(path, mode))
            try SystemError.check("listen(\(path))", listen(fd, backlog))
        } catch {
            close(fd)
            unlink(path)
            throw .socket("\(error)")
        }
        return ListeningSocket(fd: fd, ownedPath: path)
    }

    /// The socket a supervisor passed in, if any.
    static func inherited() -> ListeningSocket? {
        if let count = Environment.value("LISTEN_FDS"), Int(count) ?? 0 >= 1, isListening(3) {
            return ListeningSocket(fd: 3, ownedPath: nil)
        }
        if isListening(0) { return ListeningSocket(fd: 0, ownedPath: nil) }
        return nil
    }

    /// True while a connection waits in the backlog.
    func hasPendingConnection() -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0 && entry.revents & Int16(POLLIN) != 0
    }

    /// Stops new connections reaching us: the path goes first, so nginx fails fast instead of queueing.
    func unlinkPath() {
        if let ownedPath { unlink(ownedPath) }
    }

    /// Wakes every thread blocked in accept(2); they then see the stop flag and leave.
    func shutDown() {
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    private static func isListening(_ fd: Int32) -> Bool {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &length) == 0 && value == 1
    }

    private static func removeStale(_ path: String, address: sockaddr_un) throws(ServeError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .socket("\(path) exists and is not a socket") }
        // A socket someone still accepts on belongs to a running responder: refuse to steal it.
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var copy = address
        let connected = withUnsafePointer(to: &copy) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected != 0 else { throw .socket("\(path) is in use by a running responder") }
        unlink(path)
    }
}
