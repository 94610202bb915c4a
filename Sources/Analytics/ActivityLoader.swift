public import Domain

/// Builds the process's `ActivitySnapshot` from the rollups and keeps it current: each refresh reads the days'
/// versions and reloads only the days whose version changed and the users that changed, keeps only the days of
/// the analytics window, and drops what falls out of it as time passes. One thread owns a loader.
public final class ActivityLoader {
    public let model: ActivityModel
    var snapshot = ActivitySnapshot()
    /// The loader's own interning tables (the snapshot keeps only what requests read).
    var userIDs: [String] = []
    var journeyIDs: [UInt64: Int32] = [:]
    private var versions: [Int: Int] = [:]
    private var userVersion = -1
    private var keptDays: ClosedRange<Int>?
    private var published = false

    public init(model: ActivityModel) { self.model = model }

    /// Reloads what changed since the last refresh, all from one database snapshot, and publishes the result
    /// stamped `asOf`; returns the number of days reloaded or dropped.
    @discardableResult
    public func refresh(from reader: some RollupReader, asOf: Double) throws -> Int {
        let window = AnalyticsWindow.keptDays(now: asOf)
        var changed: [(day: Int, version: Int)] = []
        var usersChanged = false
        let reloaded = try reader.inSnapshot { () throws -> Int in
            let listed = try reader.dayVersions()
            changed = listed.filter { versions[$0.day] != $0.version }
            if let users = changed.first(where: { $0.day == -1 }) ?? (published ? nil : (-1, 0)) {
                try loadUsers(from: reader, since: published ? userVersion : nil)
                (userVersion, usersChanged) = (users.version, true)
            }
            let seen = Set(listed.map(\.day))
            var count = 0
            for (day, _) in changed where window.contains(day) {
                snapshot.replace(day: Int32(day), with: intern(try reader.day(day)))
                count += 1
            }
            for day in snapshot.dayNumbers where !seen.contains(Int(day)) || !window.contains(Int(day)) {
                snapshot.replace(day: day, with: ActivityDay())
                versions[Int(day)] = nil
                count += 1
            }
            snapshot.ignoredEvents = try reader.ignoredEvents()
            return count
        }
        for (day, version) in changed where day == -1 || window.contains(day) { versions[day] = version }
        if keptDays != window {
            if keptDays != nil { compact() }
            keptDays = window
        }
        if reloaded > 0 || usersChanged || !published { snapshot.buildIndexes() }
        snapshot.asOf = asOf
        model.publish(snapshot)
        published = true
        return reloaded
    }

    /// The index of `id`; a user first seen in events is added as unknown (no signup, no plan).
    func user(_ id: String) -> Int32 {
        if let known = snapshot.userIndex[id] { return known }
        let position = Int32(userIDs.count)
        snapshot.userIndex[id] = position
        userIDs.append(id)
        snapshot.users.append(signup: nil, premium: false)
        return position
    }

    /// Every user (`since` nil) or the users changed after version `since`; deleted users become unknown.
    func loadUsers(from reader: some RollupReader, since: Int?) throws {
        if let since, let changes = try reader.userChanges(after: since) {
            for (id, row) in changes {
                snapshot.users.set(Int(user(id)), signup: row?.signup, premium: row?.isPremium ?? false)
            }
            return
        }
        let rows = try reader.users()
        for index in 0..<snapshot.users.count { snapshot.users.set(index, signup: nil, premium: false) }
        for row in rows { snapshot.users.set(Int(user(row.id)), signup: row.signup, premium: row.isPremium) }
    }

    /// A day's rows with users, journeys, pages and features replaced by their ids.
    func intern(_ day: RollupDay) -> ActivityDay {
        ActivityDay(
            hours: day.hours.map {
                UserHour(
                    hour: Int32(clamping: $0.hour), user: user($0.userID), events: $0.events, bookings: $0.bookings,
                    flags: $0.flags, revenueCents: $0.revenueCents)
            },
            sessions: day.sessions.map {
                SessionPart(
                    start: $0.start, user: user($0.userID), path: journey(snapshot.journeys.key(of: $0.path)),
                    exitPage: $0.exitPage.map { snapshot.pages.intern($0) } ?? -1)
            },
            features: day.features.map {
                FeatureUse(firstAt: $0.firstAt, user: user($0.userID), feature: snapshot.features.intern($0.feature))
            })
    }

    func journey(_ key: UInt64) -> Int32 {
        if let id = journeyIDs[key] { return id }
        let id = snapshot.journeys.append(key)
        journeyIDs[key] = id
        return id
    }
}
