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

    /// Starts the thread; it finishes its round and leaves `group` once the process is stopping.
    func start(in group: DispatchGroup) {
        group.enter()
        let thread = Thread { [self] in
            run()
            group.leave()
        }
        thread.name = "analytics-refresher"
        thread.start()
    }

    /// Sleeps up to `seconds`, waking early when the process is stopping.
    private func pause(_ seconds: Double) {
        let deadline = Monotonic.now().advanced(by: seconds)
        while !stop.isStopping && Monotonic.now() < deadline { usleep(50_000) }
    }

    private func run() {
        let reader = PostgresRollupReader(session: DatabaseSession(conninfo: conninfo, logger: logger), logger: logger)
        let loader = ActivityLoader(model: model)
        var failures = 0
        while !stop.isStopping {
            do {
                try refresh(reader, loader)
                failures = 0
                pause(interval)
            } catch {
                failures += 1
                if failures == 1 || failures % 50 == 0 {
                    logger.warning("analytics refresh failed", metadata: ["error": "\(error)"])
                }
                pause(DatabaseSession.backoff(afterFailures: failures))
            }
        }
    }

    /// One round: rollup passes (a backlog is worked off in batches for up to 5 s before the model is refreshed
    /// with what is done), the recent events, the model.
    private func refresh(_ reader: PostgresRollupReader, _ loader: ActivityLoader) throws {
        let started = Monotonic.now()
        var rebuilt = 0
        while let days = try reader.rollupPass(maxDays: 8) {
            rebuilt += days
            if days < 8 || Monotonic.now().seconds(since: started) > 5 { break }
        }
        let asOf = Timestamp.now()
        let from = asOf - Self.recentSpan
        let recent = try reader.recent(after: from, limit: Self.maximumRecentEvents)
        model.publishRecent(recent.map { RecentActivity($0, from: from, loadedAt: asOf) })
        let reloaded = try loader.refresh(from: reader, asOf: asOf)
        if rebuilt > 0 || reloaded > 0 {
            logger.info(
                "analytics model refreshed",
                metadata: [
                    "rollup.days": "\(rebuilt)", "model.days": "\(reloaded)",
                    "ms": "\(Int(started.millisecondsElapsed))",
                ])
        }
    }
}
