import Analytics
import Dispatch
import Domain
import Foundation
import Glibc
import Logging
import Storage

/// The thread that keeps the rollups and the in-memory model current: every `interval` seconds a rollup pass (when
/// no other responder is doing one), a reload of the last two hours of events for `/realtime`, and a model
/// refresh. It has its own connection and reconnects with backoff.
final class AnalyticsRefresher: Sendable {
    /// Above this many events in the recent window the responder keeps none and `/realtime` queries instead.
    static let maximumRecentEvents = 2_000_000
    /// The recent window: two hours and a minute.
    static let recentSpan = 2 * 3600.0 + 60

    private let conninfo: String
    private let interval: Double
    private let logger: Logger
    private let model: ActivityModel
    private let stop: StopSignal

    init(conninfo: String, model: ActivityModel, interval: Double, stop: StopSignal, logger: Logger) {
        (self.conninfo, self.model, self.interval, self.stop, self.logger) = (conninfo, model, interval, stop, logger)
    }

    /// Starts two threads, each with its own connection: one runs the rollup passes, the other reloads the recent
    /// events and the model, so that after a bulk load the database rolls days up while the responder loads the
    /// ones already done. Each finishes its round and leaves `group` once the process is stopping.
    func start(in group: DispatchGroup) {
        for (name, body) in [("rollup-pass", passes), ("analytics-refresher", refreshes)] {
            group.enter()
            let thread = Thread {
                body()
                group.leave()
            }
            thread.name = name
            thread.start()
        }
    }

    /// Sleeps up to `seconds`, waking early when the process is stopping.
    private func pause(_ seconds: Double) {
        let deadline = Monotonic.now().advanced(by: seconds)
        while !stop.isStopping && Monotonic.now() < deadline { usleep(50_000) }
    }

    /// Runs `round` every `interval` until the process stops, backing off while it fails.
    private func loop(_ what: String, _ round: () throws -> Bool) {
        var failures = 0
        while !stop.isStopping {
            do {
                let more = try round()
                failures = 0
                if !more { pause(interval) }
            } catch {
                failures += 1
                if failures == 1 || failures % 50 == 0 {
                    logger.warning("\(what) failed", metadata: ["error": "\(error)"])
                }
                pause(DatabaseSession.backoff(afterFailures: failures))
            }
        }
    }

    /// Rollup passes of at most 8 days each, back to back while a backlog lasts.
    private func passes() {
        let reader = PostgresRollupReader(session: DatabaseSession(conninfo: conninfo, logger: logger), logger: logger)
        loop("rollup pass") {
            guard let days = try reader.rollupPass(maxDays: 8) else { return false }
            return days == 8
        }
    }

    /// The recent events and the model, every `interval`.
    private func refreshes() {
        let reader = PostgresRollupReader(session: DatabaseSession(conninfo: conninfo, logger: logger), logger: logger)
        let loader = ActivityLoader(model: model)
        loop("analytics refresh") {
            try refresh(reader, loader)
            return false
        }
    }

    /// One round: the recent events, then the model.
    private func refresh(_ reader: PostgresRollupReader, _ loader: ActivityLoader) throws {
        let started = Monotonic.now()
        let asOf = Timestamp.now()
        let from = asOf - Self.recentSpan
        let recent = try reader.recent(after: from, limit: Self.maximumRecentEvents)
        model.publishRecent(recent.map { RecentActivity($0, from: from, loadedAt: asOf) })
        let reloaded = try loader.refresh(from: reader, asOf: asOf)
        if reloaded > 0 {
            logger.info(
                "analytics model refreshed",
                metadata: ["model.days": "\(reloaded)", "ms": "\(Int(started.millisecondsElapsed))"])
        }
    }
}
