import Domain
import Glibc
import Synchronization

/// The process's current `ActivitySnapshot` and recent events: one refresher thread publishes, every worker reads.
/// A reader takes the snapshot under the lock (a copy of a few references) and computes without it.
public final class ActivityModel: Sendable {
    private struct State {
        var current = ActivitySnapshot()
        var loaded = false
        var recent: RecentActivity?
    }

    private let state = Mutex(State())
    /// The oldest copy of the recent events `/realtime` may count; an older one means the refresher is stuck.
    public let recentMaxAge: Double

    public init(recentMaxAge: Double = 5) { self.recentMaxAge = recentMaxAge }

    public func publish(_ snapshot: ActivitySnapshot) {
        state.withLock {
            $0.current = snapshot
            $0.loaded = true
        }
    }

    /// Replaces the recent events `/realtime` counts (nil: too many to hold, or not loaded).
    public func publishRecent(_ recent: RecentActivity?) {
        state.withLock { $0.recent = recent }
    }

    /// The recent events, if they were loaded at most `recentMaxAge` seconds before `now`.
    public func recent(now: Double) -> RecentActivity? {
        state.withLock { state in
            guard let recent = state.recent, now - recent.loadedAt <= recentMaxAge else { return nil }
            return recent
        }
    }

    /// The current snapshot; before the first load, waits up to `timeout` seconds for it (polling every 10 ms, as
    /// only the first requests of a responder ever wait) and returns nil if it did not come.
    public func snapshot(waiting timeout: Double) -> ActivitySnapshot? {
        let deadline = Monotonic.now().advanced(by: timeout)
        while true {
            let current: ActivitySnapshot? = state.withLock { $0.loaded ? $0.current : nil }
            if let current { return current }
            if Monotonic.now() >= deadline { return nil }
            usleep(10_000)
        }
    }
}
