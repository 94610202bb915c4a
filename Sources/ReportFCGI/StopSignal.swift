import Glibc
import Synchronization

/// The process-wide stop flag, set once SIGTERM or SIGINT arrives.
final class StopSignal: Sendable {
    private let stopping = Atomic<Bool>(false)

    var isStopping: Bool { stopping.load(ordering: .acquiring) }

    func stop() { stopping.store(true, ordering: .releasing) }

    /// Blocks SIGTERM, SIGINT and SIGHUP in this thread and every thread started after it (so they arrive only at
    /// `waitForSignal`), and ignores SIGPIPE (a client gone mid-write must not kill the process).
    static func blockTerminationSignals() {
        signal(SIGPIPE, SIG_IGN)
        var set = terminationSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for SIGTERM or SIGINT; returns the signal number.
    static func waitForSignal() -> Int32 {
        var set = terminationSet()
        var received: Int32 = 0
        while true {
            if sigwait(&set, &received) == 0, received != SIGHUP { return received }
        }
    }

    private static func terminationSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGHUP)
        return set
    }
}
