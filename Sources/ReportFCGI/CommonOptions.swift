import ArgumentParser
import Handlers
import Logging

/// Options every subcommand that talks to PostgreSQL shares; flags win over the environment.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "libpq URI or conninfo (env REPORT_DATABASE_URL).")
    var databaseURL: String?

    /// The connection string, with a connect timeout so a dead host cannot hang a worker.
    var conninfo: String {
        let base = databaseURL ?? Environment.value("REPORT_DATABASE_URL") ?? "postgresql:///report"
        guard !base.contains("connect_timeout") else { return base }
        if base.hasPrefix("postgresql://") || base.hasPrefix("postgres://") {
            return base + (base.contains("?") ? "&" : "?") + "connect_timeout=3"
        }
        return base + " connect_timeout=3"
    }
}

struct LoggingOptions: ParsableArguments {
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error (env REPORT_LOG_LEVEL).")
    var logLevel: String?

    /// Bootstraps swift-log once for the process and returns the root logger.
    func bootstrap(label: String = "report-fcgi") throws -> Logger {
        let name = logLevel ?? Environment.value("REPORT_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: name.lowercased()) else {
            throw ValidationError("unknown log level '\(name)'")
        }
        // StreamLogHandler's line format, one write(2) per line: see LineLogHandler.
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, logLevel: level) }
        return Logger(label: label)
    }
}
