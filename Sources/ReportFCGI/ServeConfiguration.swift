import ArgumentParser
import Glibc

/// Everything `serve` runs with, resolved once from its flags, then the environment, then the defaults, and
/// checked: nothing reads the environment after this.
struct ServeConfiguration: Equatable {
    /// The Unix socket to bind, or nil to take an inherited one (fd 0 or systemd's fd 3).
    var socketPath: String?
    var socketMode: mode_t
    var backlog: Int32
    var threads: Int
    var refreshInterval: Double
    var exports: ExportSettings
    /// Seconds a request's statement may run before PostgreSQL cancels it (the request is then a 503).
    var statementTimeout: Double
    /// Request workers' connections: statement timeout and keepalives.
    var conninfo: String
    /// The refresher's and export workers' connections: keepalives, and a statement timeout of at least ten
    /// minutes (a rollup pass over a bulk load takes longer than a request may).
    var backgroundConninfo: String

    /// `lookup` reads one environment variable (nil when unset or empty).
    init(_ serve: Serve, lookup: (String) -> String?) throws {
        func number<T: LosslessStringConvertible>(_ flag: T?, _ name: String, _ fallback: T) throws -> T {
            if let flag { return flag }
            guard let text = lookup(name) else { return fallback }
            guard let value = T(text) else { throw ValidationError("\(name) must be a number, not '\(text)'") }
            return value
        }
        socketPath = serve.socket ?? lookup("REPORT_SOCKET")
        let modeText = serve.socketMode ?? lookup("REPORT_SOCKET_MODE") ?? "660"
        guard let mode = mode_t(modeText, radix: 8), mode <= 0o777 else {
            throw ValidationError("socket mode must be octal, not '\(modeText)'")
        }
        socketMode = mode
        backlog = serve.backlog
        threads = try number(serve.threads, "REPORT_THREADS", 8)
        guard (1...512).contains(threads) else { throw ValidationError("threads must be from 1 to 512") }
        refreshInterval = try number(serve.refreshInterval, "REPORT_REFRESH_INTERVAL", 2)
        guard refreshInterval >= 0.1 && refreshInterval <= 30 else {
            throw ValidationError("refresh interval must be 0.1 to 30 s")
        }
        exports = try ExportSettings(serve, lookup: lookup, number: number)
        statementTimeout = try number(nil, "REPORT_STATEMENT_TIMEOUT", 30)
        guard statementTimeout >= 0.01 && statementTimeout <= 3600 else {
            throw ValidationError("statement timeout must be 0.01 to 3600 s")
        }
        let url = serve.database.databaseURL ?? lookup("REPORT_DATABASE_URL") ?? "postgresql:///report"
        conninfo = DatabaseOptions.conninfo(url, statementTimeout: statementTimeout)
        backgroundConninfo = DatabaseOptions.conninfo(url, statementTimeout: max(statementTimeout, 600))
    }

    /// The oldest copy of the recent events `/realtime` counts: the refresh interval plus 2 s. The realtime cache
    /// keeps entries at most 10 s less that age, so an event shows within 10 s.
    var recentMaxAge: Double { refreshInterval + 2 }
}

extension ExportSettings {
    init(
        _ serve: Serve, lookup: (String) -> String?,
        number: (Double?, String, Double) throws -> Double
    ) throws {
        directory = serve.exportDirectory ?? lookup("REPORT_EXPORT_DIR") ?? "exports"
        let activeText = lookup("REPORT_EXPORT_MAX_ACTIVE")
        guard let active = activeText.map({ Int($0) }) ?? 5, (1...1000).contains(active) else {
            throw ValidationError("REPORT_EXPORT_MAX_ACTIVE must be from 1 to 1000")
        }
        maxActivePerCaller = active
        let workerText = lookup("REPORT_EXPORT_WORKERS")
        guard let count = serve.exportWorkers ?? (workerText.map { Int($0) } ?? 2), (0...64).contains(count) else {
            throw ValidationError("export workers must be from 0 to 64")
        }
        workers = count
        perCallerWorkers = max(1, count - 1)
        pollInterval = try number(nil, "REPORT_EXPORT_POLL_INTERVAL", 1)
        staleSeconds = try number(nil, "REPORT_EXPORT_STALE_SECONDS", 60)
        maxAttempts = 3
        lifetime = try number(nil, "REPORT_EXPORT_LIFETIME", 86_400)
        stepDelay = try number(nil, "REPORT_EXPORT_STEP_DELAY", 0)
        cleanupInterval = try number(nil, "REPORT_EXPORT_CLEANUP_INTERVAL", 60)
    }
}
