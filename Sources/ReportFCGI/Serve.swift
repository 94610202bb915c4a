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
        let configuration = try ServeConfiguration(self, lookup: Environment.value)
        let keys = try keyOptions.keySet()
        try checkSchema(logger: logger)
        try FileManager.default.createDirectory(
            atPath: configuration.exports.directory, withIntermediateDirectories: true)

        StopSignal.blockTerminationSignals()
        try FastCGIRequest.initializeLibrary()
        let listener = try openListener(configuration)
        let stop = StopSignal()
        let model = ActivityModel(recentMaxAge: configuration.recentMaxAge)
        let responder = Responder(
            router: Routes.all(
                info: ServiceInfo(version: ReportFCGICommand.version, startedAt: Timestamp.now()),
                realtimeCache: RealtimeCache(maximumAge: max(1, 10 - configuration.recentMaxAge)),
                signer: DownloadSigner(key: keys.derivedKey("report-fcgi export download links v1")),
                maxActiveExports: configuration.exports.maxActivePerCaller),
            authenticator: JWTVerifier(
                keys: keys, issuer: keyOptions.resolvedIssuer, audience: keyOptions.resolvedAudience))
        let background = startBackgroundThreads(configuration, model: model, stop: stop, logger: logger)
        let group = startWorkers(
            configuration, listener: listener, responder: responder, model: model, stop: stop, logger: logger)
        logger.info(
            "serving",
            metadata: [
                "socket": "\(listener.ownedPath ?? "inherited fd \(listener.fd)")",
                "threads": "\(configuration.threads)", "version": "\(ReportFCGICommand.version)",
            ])
        let signal = StopSignal.waitForSignal()
        logger.info("stopping: finishing requests in flight", metadata: ["signal": "\(signal)"])
        stop.stop()
        drain(listener)
        listener.shutDown()
        group.wait()
        if background.wait(timeout: .now() + 30) == .timedOut {
            logger.warning("stopping without the background threads: they did not finish within 30 s")
        }
        logger.info("stopped")
    }

    /// The analytics refresher, the export workers and their heartbeat, each a thread with its own connection;
    /// the group is left when each has finished its work in hand after a stop.
    private func startBackgroundThreads(
        _ configuration: ServeConfiguration, model: ActivityModel, stop: StopSignal, logger: Logger
    ) -> DispatchGroup {
        let group = DispatchGroup()
        let conninfo = configuration.backgroundConninfo
        AnalyticsRefresher(
            conninfo: conninfo, model: model, interval: configuration.refreshInterval, stop: stop, logger: logger
        ).start(in: group)
        let exports = configuration.exports
        for index in 0..<exports.workers {
            ExportWorker(index: index, conninfo: conninfo, settings: exports, model: model, stop: stop, logger: logger)
                .start(in: group)
        }
        if exports.workers > 0 {
            ExportHeartbeat(
                workers: (0..<exports.workers).map(ExportWorker.workerName), conninfo: conninfo,
                interval: exports.staleSeconds / 3, stop: stop, logger: logger
            ).start(in: group)
        }
        return group
    }

    /// The request workers: a thread each, with a 1 MiB stack; the group is left when each has stopped.
    private func startWorkers(
        _ configuration: ServeConfiguration, listener: ListeningSocket, responder: Responder, model: ActivityModel,
        stop: StopSignal, logger: Logger
    ) -> DispatchGroup {
        let group = DispatchGroup()
        for index in 0..<configuration.threads {
            let worker = Worker(
                index: index, socket: listener.fd, conninfo: configuration.conninfo, responder: responder, model: model,
                stop: stop, logger: logger)
            group.enter()
            let thread = Thread {
                worker.run()
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        return group
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

    private func openListener(_ configuration: ServeConfiguration) throws -> ListeningSocket {
        if let path = configuration.socketPath {
            return try ListeningSocket.bind(path: path, mode: configuration.socketMode, backlog: configuration.backlog)
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
