import Domain
import Testing

@testable import Analytics

/// Rollups in memory, behind the same protocol as the PostgreSQL reader.
final class MemoryRollupReader: RollupReader {
    var days: [Int: (version: Int, rows: RollupDay)] = [:]
    var userRows: [String: UserRow] = [:]
    /// (version, user id or nil for every user).
    var userLog: [(version: Int, id: String?)] = []
    var userVersion = 0
    var pruned = 0
    var ignored = 0

    func rollupPass(maxDays: Int) throws -> Int? { 0 }
    func inSnapshot<T>(_ body: () throws -> T) throws -> T { try body() }

    func dayVersions() throws -> [(day: Int, version: Int)] {
        days.map { ($0.key, $0.value.version) } + (userVersion > 0 ? [(-1, userVersion)] : [])
    }

    func users() throws -> [UserRow] { Array(userRows.values) }

    func userChanges(after version: Int) throws -> [(id: String, row: UserRow?)]? {
        guard pruned <= version else { return nil }
        var changes: [(id: String, row: UserRow?)] = []
        for entry in userLog where entry.version > version {
            guard let id = entry.id else { return nil }
            changes.append((id, userRows[id]))
        }
        return changes
    }

    func day(_ day: Int) throws -> RollupDay { days[day]?.rows ?? RollupDay() }
    func recent(after from: Double, limit: Int) throws -> RecentRows? { RecentRows() }
    func ignoredEvents() throws -> Int { ignored }

    func setUser(_ id: String, signup: Double?, version: Int) {
        userRows[id] = signup.map { UserRow(id: id, signup: $0, isPremium: false) }
        userLog.append((version, id))
        userVersion = version
    }

    func setDay(_ day: Int, version: Int, users ids: [String]) {
        let hours = ids.enumerated().map {
            UserHourRow(
                hour: Int64(day * 24 + $0.offset), userID: $0.element, events: 1, bookings: 0, flags: [.visit],
                revenueCents: 0)
        }
        let sessions = ids.map { SessionRow(start: Double(day) * 86_400, userID: $0, path: "page_view", exitPage: "/") }
        days[day] = (version, RollupDay(hours: hours, sessions: sessions, features: []))
    }
}

@Suite struct ActivityLoaderTests {
    static let today = 20_500
    static let now = Double(today) * 86_400 + 3600

    @Test func keepsOnlyTheWindowAndDropsDaysAsTimePasses() throws {
        let reader = MemoryRollupReader()
        let old = Self.today - AnalyticsWindow.rangeDays - AnalyticsWindow.lookBackDays
        reader.setDay(old - 1, version: 1, users: ["gone"])
        reader.setDay(old, version: 2, users: ["a"])
        reader.setDay(Self.today, version: 3, users: ["b"])
        reader.setDay(Self.today + 10, version: 4, users: ["future"])
        let model = ActivityModel()
        let loader = ActivityLoader(model: model)
        try loader.refresh(from: reader, asOf: Self.now)
        var snapshot = try #require(model.snapshot(waiting: 0))
        #expect(snapshot.dayNumbers == [Int32(old), Int32(Self.today)])
        #expect(snapshot.userIndex["gone"] == nil && snapshot.userIndex["future"] == nil)
        // A day later the oldest kept day leaves the window, and compaction drops the user only it referred to.
        try loader.refresh(from: reader, asOf: Self.now + 86_400)
        snapshot = try #require(model.snapshot(waiting: 0))
        #expect(snapshot.dayNumbers == [Int32(Self.today)])
        #expect(snapshot.userIndex.keys.sorted() == ["b"])
        #expect(snapshot.users.count == 1)
        #expect(snapshot.day(Int32(Self.today))?.hours.first?.user == 0)
    }

    @Test func usersChangeOneByOneAndDeletedOnesBecomeUnknown() throws {
        let reader = MemoryRollupReader()
        reader.setUser("a", signup: 100, version: 1)
        reader.setUser("b", signup: 200, version: 2)
        reader.setDay(Self.today, version: 3, users: ["a", "b"])
        let model = ActivityModel()
        let loader = ActivityLoader(model: model)
        try loader.refresh(from: reader, asOf: Self.now)
        var snapshot = try #require(model.snapshot(waiting: 0))
        #expect(snapshot.sortedSignups == [100, 200])
        reader.setUser("b", signup: nil, version: 5)
        reader.setUser("c", signup: 50, version: 6)
        try loader.refresh(from: reader, asOf: Self.now)
        snapshot = try #require(model.snapshot(waiting: 0))
        #expect(snapshot.sortedSignups == [50, 100])
        let b = try #require(snapshot.userIndex["b"])
        #expect(!snapshot.users.known[Int(b)])
        // Changes pruned past the loader's version: every user is read again.
        reader.userRows["a"] = UserRow(id: "a", signup: 150, isPremium: true)
        (reader.pruned, reader.userVersion) = (9, 10)
        try loader.refresh(from: reader, asOf: Self.now)
        snapshot = try #require(model.snapshot(waiting: 0))
        #expect(snapshot.sortedSignups == [50, 150])
    }

    @Test func journeysAndPagesAreInternedOnceAndSurviveCompaction() throws {
        let reader = MemoryRollupReader()
        reader.setDay(Self.today - 1, version: 1, users: ["a", "b", "a"])
        reader.setDay(Self.today, version: 2, users: ["c"])
        let model = ActivityModel()
        let loader = ActivityLoader(model: model)
        try loader.refresh(from: reader, asOf: Self.now)
        var snapshot = try #require(model.snapshot(waiting: 0))
        #expect(snapshot.journeys.count == 1 && snapshot.pages.names == ["/"])
        try loader.refresh(from: reader, asOf: Self.now + 86_400)
        snapshot = try #require(model.snapshot(waiting: 0))
        #expect(snapshot.journeys.count == 1 && snapshot.journeys.names(0) == ["page_view"])
        #expect(snapshot.users.count == 3)
    }
}
