/// An immutable picture of the rollups, shared by every request until the next refresh replaces it.
public struct ActivitySnapshot: Sendable {
    /// When the rollups this picture holds were read (seconds since the epoch): data committed before the rollup
    /// pass preceding that instant is in it.
    public var asOf: Double = 0
    /// UTC day number (days since 1970-01-01) of `days[0]`.
    public var firstDay: Int32 = 0
    public var days: [ActivityDay] = []
    public var users = ActivityUsers()
    public var paths: [String] = []
    public var pages: [String] = []
    public var features: [String] = []
    /// The index of each user id and feature name, for rows read outside the rollups.
    public var userIndex: [String: Int32] = [:]
    public var featureIndex: [String: Int32] = [:]
    /// Each (user, feature)'s first use ever (infinity: never), at `user * firstUseStride + feature`.
    public var firstUseTable: [Double] = []
    public var firstUseStride = 0
    /// Known users' signup instants, ascending.
    public var sortedSignups: [Double] = []
    /// For each known user who has used any feature, the first such instant, ascending.
    public var sortedFirstAnyUses: [Double] = []

    public init() {}

    /// The first use ever of `feature` by `user`, if any.
    public func firstUse(user: Int32, feature: Int32) -> Double? {
        let index = Int(user) * firstUseStride + Int(feature)
        guard Int(feature) < firstUseStride, firstUseTable.indices.contains(index) else { return nil }
        let at = firstUseTable[index]
        return at.isFinite ? at : nil
    }

    /// The day's rows, or an empty day outside the loaded span.
    public func day(_ number: Int32) -> ActivityDay? {
        let index = Int(number) - Int(firstDay)
        return days.indices.contains(index) ? days[index] : nil
    }

    /// Sets one day's rows, growing the span as needed.
    public mutating func replace(day number: Int32, with day: ActivityDay) {
        if days.isEmpty { firstDay = number }
        if number < firstDay {
            days.insert(contentsOf: Array(repeating: ActivityDay(), count: Int(firstDay - number)), at: 0)
            firstDay = number
        }
        let index = Int(number - firstDay)
        if index >= days.count {
            days.append(contentsOf: Array(repeating: ActivityDay(), count: index - days.count + 1))
        }
        days[index] = day
    }

    /// Recomputes what requests would otherwise derive each time: the first-use table from every day's feature
    /// rows (`features` must be set first), the known users' signups in order, and in order the first instant each
    /// known user used any feature. Call after the days or the users change.
    public mutating func buildIndexes() {
        let stride = features.count
        var table = Array(repeating: Double.infinity, count: users.count * stride)
        for day in days {
            for use in day.features where Int(use.user) < users.count && Int(use.feature) < stride {
                let index = Int(use.user) * stride + Int(use.feature)
                table[index] = min(table[index], use.firstAt)
            }
        }
        (firstUseTable, firstUseStride) = (table, stride)
        var signups: [Double] = []
        var firstAnyUses: [Double] = []
        for user in 0..<users.count where users.known[user] {
            signups.append(users.signups[user])
            let first = table[(user * stride)..<(user * stride + stride)].min() ?? .infinity
            if first.isFinite { firstAnyUses.append(first) }
        }
        sortedSignups = signups.sorted()
        sortedFirstAnyUses = firstAnyUses.sorted()
    }
}
