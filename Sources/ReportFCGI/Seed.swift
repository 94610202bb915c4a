import ArgumentParser

/// `report-fcgi seed`: PLACEHOLDER until the analytics data issue fills it; it writes nothing and says so.
struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load deterministic synthetic analytics data (placeholder: not implemented yet).")

    @Option(help: "Users to generate.") var users: Int = 1000
    @Option(help: "Days of history.") var days: Int = 30
    @Option(help: "Random seed.") var seed: UInt64 = 1

    func run() throws {
        print("report-fcgi seed: not implemented yet (placeholder until the analytics data work); no data written.")
        throw ExitCode(2)
    }
}
