import ArgumentParser
import Postgres
import Storage

/// `report-fcgi migrate`: applies the pending schema migrations.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = try logging.bootstrap()
        let connection: PGConnection
        do { connection = try PGConnection(conninfo: database.conninfo) } catch {
            throw ValidationError("cannot connect to the database: \(error.message)")
        }
        let applied = try Migrator().migrate(connection, logger: logger)
        print(
            applied.isEmpty
                ? "schema is current (version \(Migration.latestVersion))"
                : "applied migrations \(applied.map(String.init).joined(separator: ", ")); schema at version \(Migration.latestVersion)"
        )
    }
}
