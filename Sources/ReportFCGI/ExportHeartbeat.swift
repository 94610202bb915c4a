import Dispatch
import Domain
import Foundation
import Logging
import Storage

/// Beats for every job this responder's export workers hold, on a connection of its own, every third of the stale
/// limit: a long phase of a build (a report's insights, writing a large file) never looks like a dead worker.
struct ExportHeartbeat: Sendable {
    let workers: [String]
    let conninfo: String
    let interval: Double
    let stop: StopSignal
    let logger: Logger

    func start(in group: DispatchGroup) {
        group.enter()
        let thread = Thread {
            run()
            group.leave()
        }
        thread.name = "export-heartbeat"
        thread.start()
    }

    private func run() {
        let queue = PostgresExportStore(session: DatabaseSession(conninfo: conninfo, logger: logger), logger: logger)
        while !stop.isStopping {
            do {
                for worker in workers { try queue.heartbeat(worker: worker) }
            } catch {
                logger.warning("export heartbeat failed", metadata: ["error": "\(error)"])
            }
            let deadline = Monotonic.now().advanced(by: interval)
            while !stop.isStopping && Monotonic.now() < deadline { usleep(50_000) }
        }
    }
}
