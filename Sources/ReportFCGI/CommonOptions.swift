import ArgumentParser
import Logging

/// Options every subcommand that talks to PostgreSQL shares; flags win over the environment.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "libpq URI or conninfo (env REPORT_DATABASE_URL).")
    var databaseURL: String?

    /// The connection string, with a connect timeout so a dead host cannot hang a worker.
    var conninfo: String { Self.conninfo(url) }

    /// The database's address as given: the flag, the environment, or the local default.
    var url: String { databaseURL ?? Environment.value("REPORT_DATABASE_URL") ?? "postgresql:///report" }

    /// `base` with the settings every connection of the service carries, unless `base` sets them itself: a
    /// connect timeout, TCP keepalives and a user timeout (a host that vanishes behind a dropped route is given
    /// up within a minute instead of TCP's fifteen), and with `statementTimeout` seconds, a statement timeout.
    static func conninfo(_ base: String, statementTimeout: Double? = nil) -> String {
        var settings = [
            ("connect_timeout", "3"), ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"),
            ("keepalives_count", "3"), ("tcp_user_timeout", "60000"),
        ]
        if let statementTimeout {
            settings.append(("options", "-c statement_timeout=\(Int((statementTimeout * 1000).rounded()))"))
        }
        let isURI = base.hasPrefix("postgresql://") || base.hasPrefix("postgres://")
        var result = base
        for (name, value) in settings where !base.contains(name + "=") {
            if isURI {
                let encoded = value.map { $0 == " " ? "%20" : $0 == "=" ? "%3D" : String($0) }.joined()
                result += (result.contains("?") ? "&" : "?") + name + "=" + encoded
            } else {
                result += " " + name + "='" + value + "'"
            }
        }
        return result
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
