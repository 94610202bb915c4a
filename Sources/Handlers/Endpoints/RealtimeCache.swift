import JSON
import Synchronization

/// Real-time results shared by every worker thread, per (metrics, timeRange), each kept at most
/// min(refreshInterval, 10) seconds. Only a cache: every copy of the responder keeps its own.
public final class RealtimeCache: Sendable {
    struct Entry: Sendable {
        var generatedAt: Double
        var metrics: JSONValue
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// The longest an entry is kept whatever `refreshInterval` asks: 10 s by default; the responder lowers it by
    /// the age its recent-events copy may have, so a committed event shows within 10 s.
    public let maximumAge: Double

    public init(maximumAge: Double = 10) { self.maximumAge = min(maximumAge, 10) }

    /// The cached metrics for `key` if they are younger than `maxAge`, with their generation time.
    func lookup(_ key: String, now: Double, maxAge: Double) -> (generatedAt: Double, metrics: JSONValue)? {
        entries.withLock { entries in
            guard let entry = entries[key], now - entry.generatedAt < maxAge, entry.generatedAt <= now else {
                return nil
            }
            return (entry.generatedAt, entry.metrics)
        }
    }

    func store(_ key: String, generatedAt: Double, metrics: JSONValue) {
        entries.withLock { entries in
            // Keys are bounded: 63 metric subsets x 3 ranges.
            entries[key] = Entry(generatedAt: generatedAt, metrics: metrics)
        }
    }
}
