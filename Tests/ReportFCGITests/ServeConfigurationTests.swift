import ArgumentParser
import Testing

@testable import ReportFCGI

@Suite struct ServeConfigurationTests {
    func resolve(_ arguments: [String], _ environment: [String: String] = [:]) throws -> ServeConfiguration {
        try ServeConfiguration(try Serve.parse(arguments), lookup: { environment[$0] })
    }

    @Test func defaultsApplyWithNothingGiven() throws {
        let configuration = try resolve([])
        #expect(configuration.socketPath == nil)
        #expect(configuration.socketMode == 0o660)
        #expect(configuration.threads == 8)
        #expect(configuration.refreshInterval == 2)
        #expect(configuration.recentMaxAge == 4)
        #expect(configuration.exports.directory == "exports")
        #expect(configuration.exports.workers == 2)
        #expect(configuration.exports.staleSeconds == 60)
        #expect(configuration.exports.lifetime == 86_400)
    }

    @Test func theEnvironmentFillsWhatFlagsLeaveOpen() throws {
        let environment = [
            "REPORT_SOCKET": "/run/r.sock", "REPORT_THREADS": "3", "REPORT_SOCKET_MODE": "600",
            "REPORT_EXPORT_WORKERS": "0", "REPORT_EXPORT_STALE_SECONDS": "5",
        ]
        let configuration = try resolve([], environment)
        #expect(configuration.socketPath == "/run/r.sock")
        #expect(configuration.threads == 3)
        #expect(configuration.socketMode == 0o600)
        #expect(configuration.exports.workers == 0)
        #expect(configuration.exports.staleSeconds == 5)
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let configuration = try resolve(
            ["--socket", "/tmp/f.sock", "--threads", "4", "--refresh-interval", "0.5"],
            ["REPORT_SOCKET": "/run/r.sock", "REPORT_THREADS": "3", "REPORT_REFRESH_INTERVAL": "9"])
        #expect(configuration.socketPath == "/tmp/f.sock")
        #expect(configuration.threads == 4)
        #expect(configuration.refreshInterval == 0.5)
    }

    @Test func connectionsCarryTimeoutsAndKeepalives() throws {
        let configuration = try resolve(
            [], ["REPORT_STATEMENT_TIMEOUT": "2", "REPORT_DATABASE_URL": "postgresql:///r"])
        #expect(configuration.statementTimeout == 2)
        #expect(
            configuration.conninfo
                == "postgresql:///r?connect_timeout=3&keepalives=1&keepalives_idle=30&keepalives_interval=10"
                + "&keepalives_count=3&tcp_user_timeout=60000&options=-c%20statement_timeout%3D2000")
        #expect(configuration.backgroundConninfo.hasSuffix("statement_timeout%3D600000"))
        #expect(
            DatabaseOptions.conninfo("host=/tmp dbname=r connect_timeout=9")
                == "host=/tmp dbname=r connect_timeout=9 keepalives='1' keepalives_idle='30' keepalives_interval='10'"
                + " keepalives_count='3' tcp_user_timeout='60000'")
    }

    @Test(arguments: [
        ([], ["REPORT_STATEMENT_TIMEOUT": "0"]), ([String](), ["REPORT_THREADS": "0"]), (["--threads", "513"], [:]),
        ([], ["REPORT_THREADS": "many"]),
        ([], ["REPORT_SOCKET_MODE": "999"]), (["--refresh-interval", "31"], [:]),
        ([], ["REPORT_EXPORT_WORKERS": "65"]), ([], ["REPORT_EXPORT_LIFETIME": "a day"]),
    ])
    func outOfRangeOrMalformedValuesAreRefused(_ arguments: [String], _ environment: [String: String]) {
        #expect(throws: ValidationError.self) { try resolve(arguments, environment) }
    }
}
