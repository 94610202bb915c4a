/// An immutable picture of the rollups, shared by every request until the next refresh replaces it. Holds only the
/// days of the analytics window (`AnalyticsWindow.keptDays`), sparsely.
public struct ActivitySnapshot: Sendable {
    /// When the rollups this picture holds were read (seconds since the epoch): data committed before the rollup
    /// pass preceding that instant is in it.
    public var asOf: Double = 0
    /// The kept days by UTC day number (days since 1970-01-01); days without data are absent.
    public private(set) var days: [Int32: ActivityDay] = [:]
    /// `days`' keys, ascending.
    public private(set) var dayNumbers: [Int32] = []
    public var users = ActivityUsers()
    /// The index of each user id, for rows read outside the rollups.
    public var userIndex: [String: Int32] = [:]
    public var journeys = JourneyCatalog()
    /// Exit pages, at most 100,000 distinct names.
    public var pages = Vocabulary(capacity: 100_000)
    /// Feature names, at most 10,000.
    public var features = Vocabulary(capacity: 10_000)
    /// Known users' signup instants, ascending.
    public private(set) var sortedSignups: [Double] = []
    /// For each known user who has used any feature in the kept days, the first such instant, ascending.
    public private(set) var sortedFirstAnyUses: [Double] = []
    /// Events the rollups ignore: dated before 2000 or more than a day ahead.
    public var ignoredEvents = 0

    public init() {}

    /// The day's rows, if it is kept and has any.
    public func day(_ number: Int32) -> ActivityDay? { days[number] }

    /// Sets one day's rows (an empty day is dropped).
    public mutating func replace(day number: Int32, with day: ActivityDay) {
        let isEmpty = day.hours.isEmpty && day.sessions.isEmpty && day.features.isEmpty
        let known = days[number] != nil
        days[number] = isEmpty ? nil : day
        if known == isEmpty { dayNumbers = days.keys.sorted() }
    }

    /// Recomputes what requests would otherwise derive each time: the known users' signups in order, and in order
    /// the first instant each known user used any feature. Call after the days or the users change.
    public mutating func buildIndexes() {
        var firstAny = Array(repeating: Double.infinity, count: users.count)
        for day in days.values {
            for use in day.features where Int(use.user) < users.count {
                firstAny[Int(use.user)] = min(firstAny[Int(use.user)], use.firstAt)
            }
        }
        var signups: [Double] = []
        var firstAnyUses: [Double] = []
        for user in 0..<users.count where users.known[user] {
            signups.append(users.signups[user])
            if firstAny[user].isFinite { firstAnyUses.append(firstAny[user]) }
        }
        sortedSignups = signups.sorted()
        sortedFirstAnyUses = firstAnyUses.sorted()
        journeys.rank()
        pages.rank()
        features.rank()
    }
}
