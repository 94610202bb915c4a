import ArgumentParser
import Domain
import Glibc
import Postgres
import Storage

/// `report-fcgi seed`: deterministic synthetic analytics data, written with COPY.
struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load deterministic synthetic data into the analytics source tables.",
        discussion: """
            The same --users, --days and --seed give the same users, sessions and events, placed relative to now \
            so that real time is alive. 100,000 users over 180 days make about 10 million events.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "Users to generate.") var users: Int = 1000
    @Option(help: "Days of history, ending now.") var days: Int = 30
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "The instant the data ends at (ISO 8601); default: now. Fixing it makes runs identical.")
    var now: String?
    @Flag(help: "Delete the source tables' rows first (otherwise they must be empty).") var replace = false

    func validate() throws {
        guard (1...10_000_000).contains(users) else { throw ValidationError("--users must be 1 to 10000000") }
        guard (1...731).contains(days) else { throw ValidationError("--days must be 1 to 731") }
        if let now, DateParser.parse(now) == nil {
            throw ValidationError("--now must be an ISO 8601 date or date-time")
        }
    }

    func run() throws {
        _ = try logging.bootstrap()
        let connection: PGConnection
        do { connection = try PGConnection(conninfo: database.conninfo) } catch {
            throw ValidationError("cannot connect to the database: \(error.message)")
        }
        let started = Timestamp.now()
        do {
            var data = SyntheticData(
                users: users, days: days, seed: seed, now: now.flatMap(DateParser.parse) ?? started)
            let summary = try Seeder().run(connection, shape: &data, replace: replace) { line in
                print(line)
                fflush(nil)  // progress shows at once even when stdout is a pipe
            }
            let seconds = Timestamp.now() - started
            print(
                "seeded \(summary.users) users, \(summary.events) events, \(summary.requests) requests in "
                    + "\(Int(seconds.rounded())) s")
        } catch let failure as Seeder.Failure {
            throw ValidationError(failure.description)
        }
    }
}
