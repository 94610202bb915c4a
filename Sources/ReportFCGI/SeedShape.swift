/// A deterministic synthetic data set that `Seeder` writes with COPY: the same arguments always give the same rows.
protocol SeedShape {
    /// A user's fixed traits, drawn once before the events.
    associatedtype Profile

    var users: Int { get }
    var days: Int { get }
    var now: Double { get }
    var seed: UInt64 { get }
    /// Days outside `dayNumbers` that hold events all the same, so that the change log names them too.
    var outlyingDays: [Int] { get }

    func profile(_ index: Int) -> Profile
    /// The users' rows in COPY text format.
    func userRows(_ profiles: [Profile], into out: inout [UInt8])
    /// One UTC day's events in COPY text format; returns how many.
    mutating func day(_ day: Int, profiles: [Profile], into out: inout [UInt8]) -> Int
    /// The rows written after every day's (events that arrive late, out of time order); returns how many.
    mutating func lateRows(into out: inout [UInt8]) -> Int
    /// At least `events` events of sessions on `day` by users of `userIDs`, for appending older history.
    func olderDay(_ day: Int, events: Int, userIDs: [String], into out: inout [UInt8]) -> Int
}

extension SeedShape {
    /// The instant the data starts at, `days` before `now`.
    var start: Double { now - Double(days) * 86_400 }

    /// The UTC days the data spans, as day numbers since the epoch.
    var dayNumbers: ClosedRange<Int> {
        Int((start / 86_400).rounded(.down))...Int((now / 86_400).rounded(.down))
    }
}
