import Analytics
import Dispatch
import Domain
import Exporter
import Foundation
import Glibc
import Logging
import Storage

/// How the export workers run; from `serve`'s options.
struct ExportSettings: Sendable, Equatable {
    var directory: String
    var workers: Int
    /// Seconds between looks at the queue when it was empty.
    var pollInterval: Double
    /// A generating job whose heartbeat is older than this is taken up again (its worker is presumed dead).
    var staleSeconds: Double
    /// Claims after which a job that keeps losing its worker is failed.
    var maxAttempts: Int
    /// How long a completed file stays downloadable.
    var lifetime: Double
    /// Pause after each week of data read (tests only; 0 in service).
    var stepDelay: Double
    /// Seconds between cleanup passes.
    var cleanupInterval: Double
    /// The most exports one caller may have pending or generating (`REPORT_EXPORT_MAX_ACTIVE`, default 5).
    var maxActivePerCaller: Int
    /// The most of this responder's workers one caller's jobs take while others wait: all but one.
    var perCallerWorkers: Int
}

/// One export worker thread: claims jobs from the shared queue, builds each file with `ExportBuilder`, records the
/// result; worker 0 also runs the cleanup pass (once a minute by default). Each has its own PostgreSQL session.
/// On stop it finishes the job in hand at the next week of data, hands it back (`pending`, the attempt not
/// counted) and leaves the group.
struct ExportWorker: Sendable {
    let index: Int
    let name: String
    let conninfo: String
    let settings: ExportSettings
    let model: ActivityModel
    let stop: StopSignal
    let logger: Logger

    /// Thrown from the progress callback when the process is stopping.
    struct Stopping: Error {}

    init(
        index: Int, conninfo: String, settings: ExportSettings, model: ActivityModel, stop: StopSignal, logger: Logger
    ) {
        self.index = index
        name = Self.workerName(index)
        (self.conninfo, self.settings, self.model, self.stop) = (conninfo, settings, model, stop)
        var logger = logger
        logger[metadataKey: "export.worker"] = "\(index)"
        self.logger = logger
    }

    /// `host:pid:index`: unique across the responders sharing the queue.
    static func workerName(_ index: Int) -> String {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(hostName):\(getpid()):\(index)"
    }

    /// Starts the thread, which leaves `group` when it has stopped.
    func start(in group: DispatchGroup) {
        group.enter()
        let thread = Thread {
            run()
            group.leave()
        }
        thread.name = "export-\(index)"
        thread.start()
    }

    func run() {
        let session = DatabaseSession(conninfo: conninfo, logger: logger)
        let queue = PostgresExportStore(session: session, logger: logger)
        let source = PostgresAnalyticsSource(session: session, logger: logger)
        let analytics = ActivityAnalytics(model: model, source: source)
        var lastCleanup: Monotonic?
        while !stop.isStopping {
            do {
                if index == 0,
                    lastCleanup.map({ Monotonic.now().seconds(since: $0) >= settings.cleanupInterval }) ?? true
                {
                    lastCleanup = Monotonic.now()
                    try cleanup(queue)
                }
                guard
                    let job = try queue.claim(
                        worker: name, staleSeconds: settings.staleSeconds, maxAttempts: settings.maxAttempts,
                        perCallerLimit: settings.perCallerWorkers)
                else {
                    pause(settings.pollInterval)
                    continue
                }
                try process(job, queue: queue, source: source, analytics: analytics)
            } catch {
                logger.warning("export worker: \(error)")
                pause(max(settings.pollInterval, 1))
            }
        }
    }

    /// Sleeps up to `seconds`, waking early when the process is stopping.
    func pause(_ seconds: Double) {
        let deadline = Monotonic.now().advanced(by: seconds)
        while !stop.isStopping && Monotonic.now() < deadline { usleep(50_000) }
    }

    func process(
        _ job: ExportJob, queue: PostgresExportStore, source: PostgresAnalyticsSource, analytics: ActivityAnalytics
    ) throws {
        let started = Monotonic.now()
        let fileName = "\(job.id)-\(job.attempts).\(job.request.format.rawValue)"
        let path = settings.directory + "/" + fileName
        logger.info(
            "export started",
            metadata: [
                "export.id": "\(job.id)", "export.format": "\(job.request.format.rawValue)",
                "attempt": "\(job.attempts)",
            ])
        let builder = ExportBuilder(
            source: source, insights: { try analytics.insights($0) }, stepDelay: settings.stepDelay
        ) { percent in
            if stop.isStopping { throw Stopping() }
            return try queue.progress(id: job.id, worker: name, percent: percent)
        }
        let result: (rows: Int, size: Int, checksum: String)
        do {
            result = try builder.build(job, path: path, now: Timestamp.now())
        } catch ExportBuilder.Failure.lostJob {
            logger.notice("export taken over by another worker", metadata: ["export.id": "\(job.id)"])
            return
        } catch is Stopping {
            try queue.release(id: job.id, worker: name)
            logger.notice("export handed back: stopping", metadata: ["export.id": "\(job.id)"])
            return
        } catch let error as StoreError {
            if case .unavailable = error { throw error }  // the job stays generating; it is taken up again
            try fail(job, error, queue: queue)
            return
        } catch {
            try fail(job, error, queue: queue)
            return
        }
        let file = ExportFileRecord(name: fileName, rowCount: result.rows, size: result.size, checksum: result.checksum)
        let completed = try queue.complete(id: job.id, worker: name, file: file, lifetime: settings.lifetime)
        if !completed { remove(path) }
        logger.info(
            "export completed",
            metadata: [
                "export.id": "\(job.id)", "rows": "\(result.rows)", "bytes": "\(result.size)",
                "ms": "\(Int(started.millisecondsElapsed))", "recorded": "\(completed)",
            ])
    }

    func fail(_ job: ExportJob, _ error: any Error, queue: PostgresExportStore) throws {
        logger.error("export failed", metadata: ["export.id": "\(job.id)", "error": "\(error)"])
        try queue.fail(
            id: job.id, worker: name, reason: "the export could not be written; see the service log for \(job.id)")
    }

    /// Expires completed jobs past their time and deletes their files; deletes partial files an hour old (left by a
    /// worker that died while writing).
    func cleanup(_ queue: some ExportQueue) throws {
        for fileName in try queue.expire() {
            remove(settings.directory + "/" + fileName)
        }
        let live = try queue.liveFileNames()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: settings.directory) else { return }
        let now = Date()
        for name in names where !live.contains(name) {
            let path = settings.directory + "/" + name
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                now.timeIntervalSince(modified) > 3600
            else { continue }
            remove(path)
        }
    }

    /// Deletes a file; a failure other than its being gone already is logged (the next sweep tries again).
    func remove(_ path: String) {
        do { try SystemError.check("unlink(\(path))", unlink(path)) } catch  where error.code != ENOENT {
            logger.warning("export file not deleted", metadata: ["error": "\(error)"])
        } catch {}
    }
}
