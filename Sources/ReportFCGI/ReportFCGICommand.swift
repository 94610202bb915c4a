import ArgumentParser

/// `report-fcgi`: the Analytics Dashboard Service's FastCGI responder and its tools.
@main
struct ReportFCGICommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "report-fcgi",
        abstract: "The Analytics Dashboard Service: a FastCGI responder behind nginx.",
        version: version,
        subcommands: [Serve.self, Migrate.self, Seed.self, Token.self],
        defaultSubcommand: Serve.self)
}
