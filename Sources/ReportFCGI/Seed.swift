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
            The same --shape, --users, --days and --seed give the same users, sessions and events, placed relative \
            to now so that real time is alive. 100,000 users over 180 days make about 10 million events in either \
            shape. The standard shape walks a booking funnel; the wide shape is made to be hard for the analytics \
            engine: random-order sessions (about a million distinct journeys), 5,000 pages, 2,000 features, \
            power-law users, 2% of the events written late and out of time order, nine absurd timestamps.
            """)

    /// The data sets `seed` can write.
    enum Shape: String, ExpressibleByArgument, CaseIterable {
        case standard, wide
    }

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "The data's shape: standard (a booking funnel) or wide (hard for the analytics engine).")
    var shape: Shape = .standard
    @Option(help: "Users to generate.") var users: Int = 1000
    @Option(help: "Days of history, ending now.") var days: Int = 30
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "The instant the data ends at (ISO 8601); default: now. Fixing it makes runs identical.")
    var now: String?
    @Flag(help: "Delete the source tables' rows first (otherwise they must be empty).") var replace = false
    @Option(
        help: ArgumentHelp(
            "Append about this many events of the shape, dated --older-days-from to --older-days-to days before "
                + "now, by the users already there: one COPY, indexes and change-log triggers left on.",
            valueName: "events"))
    var appendOlder: Int?
    @Option(help: "With --append-older: the newest appended day, in days before now (default 800).")
    var olderDaysFrom: Int?
    @Option(help: "With --append-older: the oldest appended day, in days before now (default 1000).")
    var olderDaysTo: Int?

    /// The appended events' range, in days before now.
    var olderDays: ClosedRange<Int> { (olderDaysFrom ?? 800)...max(olderDaysFrom ?? 800, olderDaysTo ?? 1000) }

    func validate() throws {
        guard (1...10_000_000).contains(users) else { throw ValidationError("--users must be 1 to 10000000") }
        guard (1...731).contains(days) else { throw ValidationError("--days must be 1 to 731") }
        if let now, DateParser.parse(now) == nil {
            throw ValidationError("--now must be an ISO 8601 date or date-time")
        }
        guard let appendOlder else {
            if olderDaysFrom != nil || olderDaysTo != nil {
                throw ValidationError("--older-days-from and --older-days-to go with --append-older")
            }
            return
        }
        guard !replace else { throw ValidationError("--append-older adds to the data; it cannot --replace it") }
        guard (1...100_000_000).contains(appendOlder) else {
            throw ValidationError("--append-older must be 1 to 100000000")
        }
        let (from, to) = (olderDaysFrom ?? 800, olderDaysTo ?? 1000)
        guard 0 <= from, from <= to, to <= 36_500 else {
            throw ValidationError("--older-days-from and --older-days-to must satisfy 0 <= from <= to <= 36500")
        }
    }

    func run() throws {
        _ = try logging.bootstrap()
        let connection: PGConnection
        do { connection = try PGConnection(conninfo: database.conninfo) } catch {
            throw ValidationError("cannot connect to the database: \(error.message)")
        }
        let started = Timestamp.now()
        let end = now.flatMap(DateParser.parse) ?? started
        var data: any SeedShape =
            switch shape {
            case .standard: SyntheticData(users: users, days: days, seed: seed, now: end)
            case .wide: WideShapeData(users: users, days: days, seed: seed, now: end)
            }
        do {
            if let appendOlder {
                let count = try Seeder().append(
                    connection, shape: data, events: appendOlder, daysBefore: olderDays, progress: Self.show)
                let seconds = Timestamp.now() - started
                print("appended \(count) events in \(Int(seconds.rounded())) s")
                return
            }
            let summary = try Seeder().run(connection, shape: &data, replace: replace, progress: Self.show)
            let seconds = Timestamp.now() - started
            print(
                "seeded \(summary.users) users, \(summary.events) events, \(summary.requests) requests in "
                    + "\(Int(seconds.rounded())) s")
        } catch let failure as Seeder.Failure {
            throw ValidationError(failure.description)
        }
    }

    /// Prints a progress line at once, even when stdout is a pipe.
    static func show(_ line: String) {
        print(line)
        fflush(nil)
    }
}
