public import Domain

/// Builds the process's `ActivitySnapshot` from the rollups and keeps it current: each refresh reads the days'
/// versions and reloads only the days whose version changed (day -1: the users). One thread owns a loader.
public final class ActivityLoader {
    public let model: ActivityModel
    private var snapshot = ActivitySnapshot()
    private var users: [String: Int32] = [:]
    private var paths: [String: Int32] = [:]
    private var pages: [String: Int32] = [:]
    private var features: [String: Int32] = [:]
    private var versions: [Int: Int] = [:]
    private var published = false

    public init(model: ActivityModel) { self.model = model }

    /// Reloads what changed since the last refresh, all from one database snapshot, and publishes the result
    /// stamped `asOf`; returns the number of days reloaded.
    @discardableResult
    public func refresh(from reader: some RollupReader, asOf: Double) throws -> Int {
        var changed: [(day: Int, version: Int)] = []
        let reloaded = try reader.inSnapshot { () throws -> Int in
            let listed = try reader.dayVersions()
            let seen = Set(listed.map(\.day))
            changed = listed.filter { versions[$0.day] != $0.version }
            if changed.contains(where: { $0.day == -1 }) || !published { load(try reader.users()) }
            var count = 0
            for (day, _) in changed where day >= 0 {
                snapshot.replace(day: Int32(day), with: intern(try reader.day(day)))
                count += 1
            }
            for day in versions.keys where !seen.contains(day) && day >= 0 {
                snapshot.replace(day: Int32(day), with: ActivityDay())
                versions[day] = nil
                count += 1
            }
            return count
        }
        for (day, version) in changed { versions[day] = version }
        if reloaded > 0 || !changed.isEmpty || !published {
            snapshot.paths = Self.names(paths)
            snapshot.pages = Self.names(pages)
            snapshot.features = Self.names(features)
            snapshot.userIndex = users
            snapshot.featureIndex = features
            snapshot.buildIndexes()
        }
        snapshot.asOf = asOf
        model.publish(snapshot)
        published = true
        return reloaded
    }

    static func names(_ index: [String: Int32]) -> [String] {
        var names = Array(repeating: "", count: index.count)
        for (name, position) in index { names[Int(position)] = name }
        return names
    }

    static func intern(_ name: String, _ index: inout [String: Int32]) -> Int32 {
        if let known = index[name] { return known }
        let position = Int32(index.count)
        index[name] = position
        return position
    }

    /// The index of `id`; a user first seen in events is added as unknown (no signup, no plan).
    func user(_ id: String) -> Int32 {
        if let known = users[id] { return known }
        let position = Int32(users.count)
        users[id] = position
        snapshot.users.append(signup: nil, premium: false)
        return position
    }

    /// Replaces every user's signup and plan; users no longer listed stay as unknown.
    func load(_ rows: [UserRow]) {
        var fresh = ActivityUsers()
        for _ in 0..<users.count { fresh.append(signup: nil, premium: false) }
        snapshot.users = fresh
        for row in rows {
            let index = Int(user(row.id))
            snapshot.users.signups[index] = row.signup
            snapshot.users.premium[index] = row.isPremium
            snapshot.users.known[index] = true
        }
    }

    /// A day's rows with users, paths, pages and features replaced by their indexes.
    func intern(_ day: RollupDay) -> ActivityDay {
        var result = ActivityDay()
        result.hours = day.hours.map {
            UserHour(
                hour: Int32(clamping: $0.hour), user: user($0.userID), events: $0.events, bookings: $0.bookings,
                flags: $0.flags, revenueCents: $0.revenueCents)
        }
        result.hours.sort { $0.hour < $1.hour }
        result.sessions = day.sessions.map {
            SessionPart(
                start: $0.start, user: user($0.userID), path: Self.intern($0.path, &paths),
                exitPage: $0.exitPage.map { Self.intern($0, &pages) } ?? -1)
        }
        result.features = day.features.map {
            FeatureUse(firstAt: $0.firstAt, user: user($0.userID), feature: Self.intern($0.feature, &features))
        }
        return result
    }
}
