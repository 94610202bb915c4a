import Analytics
import ArgumentParser
import Auth
import Dispatch
import Domain
import Foundation
import Glibc
import Handlers
import Logging
import Postgres
import Storage

/// `report-fcgi serve`: the FastCGI responder, a fixed pool of worker threads on one listening socket.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Answer FastCGI requests from nginx.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var keyOptions: KeyOptions

    @Option(help: "Unix socket path to listen on (env REPORT_SOCKET); without it, an inherited socket on fd 0.")
    var socket: String?

    @Option(help: "Worker threads, each with one PostgreSQL connection (env REPORT_THREADS, default 8).")
    var threads: Int?

    @Option(name: .customLong("socket-mode"), help: "Octal permissions of the socket file (env REPORT_SOCKET_MODE).")
    var socketMode: String?

    @Option(help: "listen(2) backlog.") var backlog: Int32 = 1024

    @Option(
        name: .customLong("export-dir"),
        help: "Directory export files are written to and nginx serves them from (env REPORT_EXPORT_DIR).")
    var exportDirectory: String?

    @Option(
        name: .customLong("export-workers"), help: "Export worker threads (env REPORT_EXPORT_WORKERS, default 2).")
    var exportWorkers: Int?

    @Option(
        name: .customLong("refresh-interval"),
        help: "Seconds between rollup passes and model refreshes (env REPORT_REFRESH_INTERVAL, default 2).")
    var refreshInterval: Double?

    func run() throws {
        let logger = try logging.bootstrap()
        let threadCount = threads ?? Environment.value("REPORT_THREADS").flatMap { Int($0) } ?? 8
        guard (1...512).contains(threadCount) else { throw ValidationError("threads must be from 1 to 512") }
        let keys = try keyOptions.keySet()
        let verifier = JWTVerifier(
            keys: keys, issuer: keyOptions.resolvedIssuer, audience: keyOptions.resolvedAudience)
        try checkSchema(logger: logger)

        StopSignal.blockTerminationSignals()
        try FastCGIRequest.initializeLibrary()
        let listener = try openListener()
        let stop = StopSignal()
        let info = ServiceInfo(version: ReportFCGICommand.version, startedAt: Timestamp.now())
        let interval = refreshInterval ?? Environment.value("REPORT_REFRESH_INTERVAL").flatMap { Double($0) } ?? 2
        guard interval >= 0.1 && interval <= 30 else { throw ValidationError("refresh interval must be 0.1 to 30 s") }
        // /realtime counts the refresher's copy of the last two hours while it is at most interval + 2 s old
        // (else it queries); its cache keeps entries at most 10 s less that age, so an event shows within 10 s.
        let recentMaxAge = interval + 2
        let model = ActivityModel(recentMaxAge: recentMaxAge)
        let signer = DownloadSigner(key: keys.derivedKey("report-fcgi export download links v1"))
        let responder = Responder(
            router: Routes.all(
                info: info, realtimeCache: RealtimeCache(maximumAge: max(1, 10 - recentMaxAge)), signer: signer),
            authenticator: verifier)
        AnalyticsRefresher(conninfo: database.conninfo, model: model, interval: interval, logger: logger).start()
        let exports = try exportSettings()
        for index in 0..<exports.workers {
            ExportWorker(index: index, conninfo: database.conninfo, settings: exports, model: model, logger: logger)
                .start()
        }

        let group = DispatchGroup()
        for index in 0..<threadCount {
            let worker = Worker(
                index: index, socket: listener.fd, conninfo: database.conninfo, responder: responder, model: model,
                stop: stop,
                logger: logger)
            group.enter()
            let thread = Thread {
                worker.run()
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        logger.info(
            "serving",
            metadata: [
                "socket": "\(listener.ownedPath ?? "inherited fd \(listener.fd)")", "threads": "\(threadCount)",
                "version": "\(ReportFCGICommand.version)",
            ])

        let signal = StopSignal.waitForSignal()
        logger.info("stopping: finishing requests in flight", metadata: ["signal": "\(signal)"])
        stop.stop()
        drain(listener)
        listener.shutDown()
        group.wait()
        logger.info("stopped")
    }

    /// Lets the workers take every connection already queued, so none that nginx handed us is dropped.
    private func drain(_ listener: ListeningSocket) {
        listener.unlinkPath()
        let deadline = DispatchTime.now().uptimeNanoseconds + 10_000_000_000
        var idleChecks = 0
        while idleChecks < 3 && DispatchTime.now().uptimeNanoseconds < deadline {
            idleChecks = listener.hasPendingConnection() ? 0 : idleChecks + 1
            usleep(5_000)
        }
    }

    /// The export workers' settings: flags, then the environment, then defaults. The directory is created if
    /// missing.
    private func exportSettings() throws -> ExportSettings {
        func number(_ name: String, _ fallback: Double) -> Double {
            Environment.value(name).flatMap { Double($0) } ?? fallback
        }
        let directory = exportDirectory ?? Environment.value("REPORT_EXPORT_DIR") ?? "exports"
        let workers = exportWorkers ?? Environment.value("REPORT_EXPORT_WORKERS").flatMap { Int($0) } ?? 2
        guard (0...64).contains(workers) else { throw ValidationError("export workers must be from 0 to 64") }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return ExportSettings(
            directory: directory, workers: workers, pollInterval: number("REPORT_EXPORT_POLL_INTERVAL", 1),
            staleSeconds: number("REPORT_EXPORT_STALE_SECONDS", 60), maxAttempts: 3,
            lifetime: number("REPORT_EXPORT_LIFETIME", 86_400), stepDelay: number("REPORT_EXPORT_STEP_DELAY", 0),
            cleanupInterval: number("REPORT_EXPORT_CLEANUP_INTERVAL", 60))
    }

    private func openListener() throws -> ListeningSocket {
        if let path = socket ?? Environment.value("REPORT_SOCKET") {
            let modeText = socketMode ?? Environment.value("REPORT_SOCKET_MODE") ?? "660"
            guard let mode = mode_t(modeText, radix: 8) else { throw ValidationError("socket mode must be octal") }
            return try ListeningSocket.bind(path: path, mode: mode, backlog: backlog)
        }
        guard let inherited = ListeningSocket.inherited() else {
            throw ValidationError("no socket: set --socket or REPORT_SOCKET, or start under spawn-fcgi/systemd")
        }
        return inherited
    }

    /// Refuses to serve an older schema; an unreachable database is only a warning (workers answer 503 until it is
    /// back).
    private func checkSchema(logger: Logger) throws {
        let connection: PGConnection
        do { connection = try PGConnection(conninfo: database.conninfo) } catch {
            logger.warning(
                "database unreachable at start; serving 503 until it is back",
                metadata: ["db.error": "\(error.message)"])
            return
        }
        defer { connection.close() }
        let pending = try Migrator().pending(connection)
        guard pending.isEmpty else {
            throw ServeError.schema(
                "migrations \(pending.map(String.init).joined(separator: ", ")) are not applied: run `report-fcgi migrate`"
            )
        }
    }
}
