/// Rows for the parts of a range that do not fill a whole hour, read from the source tables by the store: the
/// rollups hold whole hours only.
public struct EdgeRows: Sendable {
    /// User-hours of `HourSpan.head` and of `HourSpan.tail`; their `hour` is the hour they fall in.
    public var head: [UserHour] = []
    public var tail: [UserHour] = []
    /// Feature uses of both pieces.
    public var features: [FeatureUse] = []

    public init(head: [UserHour] = [], tail: [UserHour] = [], features: [FeatureUse] = []) {
        (self.head, self.tail, self.features) = (head, tail, features)
    }
}

/// The whole hours of `[start, end)` and the partial pieces at either end.
public struct HourSpan: Sendable, Equatable {
    /// First and one-past-last whole hour (hours since the epoch); empty when no whole hour fits.
    public var whole: Range<Int32>
    /// The partial pieces, as instants; each empty when the bound sits on an hour.
    public var head: Range<Double>
    public var tail: Range<Double>

    public init(start: Double, end: Double) {
        let first = Int32((start / 3600).rounded(.up))
        let last = Int32((end / 3600).rounded(.down))
        if first <= last {
            whole = first..<last
            head = start..<Double(first) * 3600
            tail = Double(last) * 3600..<end
        } else {
            whole = first..<first
            head = start..<end
            tail = end..<end
        }
    }
}

/// `/user-insights` computed from an `ActivitySnapshot`: one pass over the range's user-hours, one over its session
/// parts and one over its feature rows, with per-user arrays instead of hashing.
public struct ActivityInsights {
    let snapshot: ActivitySnapshot
    let query: InsightQuery
    let span: HourSpan

    public init(snapshot: ActivitySnapshot, query: InsightQuery) {
        self.snapshot = snapshot
        self.query = query
        span = HourSpan(start: query.start, end: query.end)
    }

    /// Whether user `index` belongs to the segment as far as signup and plan go (activity is checked by the passes).
    func members() -> [Bool] {
        let users = snapshot.users
        let (start, end) = (query.start, query.end)
        switch query.segment {
        case .all, .active: return Array(repeating: true, count: users.count)
        case .inactive: return Array(repeating: false, count: users.count)
        case .new:
            return (0..<users.count).map { users.known[$0] && users.signups[$0] >= start && users.signups[$0] < end }
        case .returning: return (0..<users.count).map { users.known[$0] && users.signups[$0] < start }
        case .premium: return (0..<users.count).map { users.known[$0] && users.premium[$0] }
        case .free: return (0..<users.count).map { users.known[$0] && !users.premium[$0] }
        }
    }

    /// The user-hours of whole hours `hours`, day by day, in hour order.
    func forEachHour(in hours: Range<Int32>, _ body: (UserHour) -> Void) {
        guard !hours.isEmpty else { return }
        for dayNumber in (hours.lowerBound / 24)...((hours.upperBound - 1) / 24) {
            guard let day = snapshot.day(dayNumber) else { continue }
            for row in day.hours where hours.contains(row.hour) { body(row) }
        }
    }

    /// The days any part of `[start, end)` falls on.
    func dayNumbers(from start: Double, to end: Double) -> ClosedRange<Int32>? {
        guard end > start else { return nil }
        return Int32((start / 86_400).rounded(.down))...Int32((end / 86_400).rounded(.up)) - 1
    }

    public func compute(edges: EdgeRows) -> InsightData {
        var data = InsightData()
        data.asOf = snapshot.asOf
        let member = members()
        let userCount = member.count
        let wants = Set(query.types)
        let firstDay = Int32((query.start / 86_400).rounded(.down))
        let lastDay = Int32((query.end / 86_400).rounded(.up)) - 1
        var daily = Array(repeating: 0, count: max(0, Int(lastDay) - Int(firstDay) + 1))
        var lastDaySeen = Array(repeating: Int32.min, count: userCount)
        var flags = Array(repeating: ActivityFlags(), count: userCount)
        var active = Array(repeating: false, count: userCount)

        func take(_ row: UserHour) {
            let user = Int(row.user)
            guard user < userCount, member[user] else { return }
            let day = row.hour / 24
            if lastDaySeen[user] != day {
                lastDaySeen[user] = day
                let index = Int(day - firstDay)
                if daily.indices.contains(index) { daily[index] += 1 }
            }
            if !active[user] {
                active[user] = true
                data.activeUsers += 1
            }
            flags[user].formUnion(row.flags)
            let events = Int(row.events)
            data.events += events
            data.eventsByHour[Int(row.hour % 24)] += events
            // 1970-01-01 was a Thursday: day 0 is index 3 with Monday first.
            data.eventsByWeekday[Int((day + 3) % 7)] += events
        }
        for row in edges.head { take(row) }
        forEachHour(in: span.whole) { take($0) }
        for row in edges.tail { take(row) }

        data.funnelUsers = ActivityFlags.funnel.map { step in flags.reduce(0) { $0 + ($1.contains(step) ? 1 : 0) } }
        if wants.contains(.engagementPatterns) {
            data.dailyActiveUsers = daily
            (data.weeklyActiveUsers, data.monthlyActiveUsers) = recentUsers(
                member: member, active: active, edges: edges)
        }
        if wants.contains(.dropOffPoints) || wants.contains(.userJourneys) {
            sessionFigures(member: member, into: &data)
        } else {
            data.sessions = countSessions(member: member)
        }
        if wants.contains(.featureAdoption) { featureFigures(member: member, edges: edges, into: &data) }
        return data
    }

    /// Users active in the 7 and 30 days before the range's end (whole hours, plus the tail piece); for `active`
    /// and `returning`, only those active in the range.
    func recentUsers(member: [Bool], active: [Bool], edges: EdgeRows) -> (Int, Int) {
        let onlyActive = query.segment == .active || query.segment == .returning
        let end = Int32((query.end / 3600).rounded(.down))
        var latest = Array(repeating: Int32.min, count: member.count)
        func take(_ row: UserHour) {
            let user = Int(row.user)
            guard user < member.count, member[user], !onlyActive || active[user] else { return }
            latest[user] = max(latest[user], row.hour)
        }
        forEachHour(in: (end - 30 * 24)..<end) { take($0) }
        for row in edges.head + edges.tail where row.hour >= end { take(row) }
        var weekly = 0
        var monthly = 0
        for hour in latest where hour != Int32.min {
            monthly += 1
            if hour >= end - 7 * 24 { weekly += 1 }
        }
        return (weekly, monthly)
    }

    func forEachSession(member: [Bool], _ body: (SessionPart) -> Void) {
        guard let days = dayNumbers(from: query.start, to: query.end) else { return }
        for number in days {
            guard let day = snapshot.day(number) else { continue }
            for part in day.sessions {
                let user = Int(part.user)
                guard part.start >= query.start, part.start < query.end, user < member.count,
                    member[user]
                else { continue }
                body(part)
            }
        }
    }

    func countSessions(member: [Bool]) -> Int {
        var count = 0
        forEachSession(member: member) { _ in count += 1 }
        return count
    }

    func sessionFigures(member: [Bool], into data: inout InsightData) {
        var exits = Array(repeating: 0, count: snapshot.pages.count)
        var paths = Array(repeating: 0, count: snapshot.paths.count)
        var sessions = 0
        forEachSession(member: member) { part in
            sessions += 1
            if part.exitPage >= 0, Int(part.exitPage) < exits.count { exits[Int(part.exitPage)] += 1 }
            if Int(part.path) < paths.count { paths[Int(part.path)] += 1 }
        }
        data.sessions = sessions
        data.exitPages = Self.top(exits, names: snapshot.pages, limit: query.limit).map { ($0.name, $0.count) }
        data.journeys = Self.top(paths, names: snapshot.paths, limit: query.limit).map {
            ($0.name.split(separator: ",").map(String.init), $0.count)
        }
    }

    /// The `limit` largest non-zero counts, ties by name in code-point order.
    static func top(_ counts: [Int], names: [String], limit: Int) -> [(name: String, count: Int)] {
        var found: [(name: String, count: Int)] = []
        for (index, count) in counts.enumerated() where count > 0 { found.append((names[index], count)) }
        found.sort {
            $0.count != $1.count
                ? $0.count > $1.count : $0.name.unicodeScalars.lexicographicallyPrecedes($1.name.unicodeScalars)
        }
        return Array(found.prefix(limit))
    }

    /// Distinct users per feature in the range, and the median of (first use ever - signup) in days over them.
    func featureFigures(member: [Bool], edges: EdgeRows, into data: inout InsightData) {
        var used = Set<Int64>()
        var users = Array(repeating: 0, count: snapshot.features.count)
        var days = Array(repeating: [Double](), count: snapshot.features.count)
        func take(_ use: FeatureUse) {
            let user = Int(use.user)
            guard user < member.count, member[user], Int(use.feature) < users.count,
                used.insert(ActivitySnapshot.featureKey(user: use.user, feature: use.feature)).inserted
            else { return }
            users[Int(use.feature)] += 1
            guard snapshot.users.known[user],
                let first = snapshot.firstUse[ActivitySnapshot.featureKey(user: use.user, feature: use.feature)]
            else { return }
            days[Int(use.feature)].append((min(first, use.firstAt) - snapshot.users.signups[user]) / 86_400)
        }
        let wholeStart = Double(span.whole.lowerBound) * 3600
        let wholeEnd = Double(span.whole.upperBound) * 3600
        for use in edges.features { take(use) }
        if let numbers = dayNumbers(from: wholeStart, to: wholeEnd) {
            for number in numbers {
                guard let day = snapshot.day(number) else { continue }
                for use in day.features where use.firstAt >= wholeStart && use.firstAt < wholeEnd {
                    take(use)
                }
            }
        }
        var ranked: [(feature: String, users: Int, medianDays: Double?)] = []
        for (index, count) in users.enumerated() where count > 0 {
            ranked.append((snapshot.features[index], count, Self.median(days[index])))
        }
        ranked.sort {
            $0.users != $1.users
                ? $0.users > $1.users : $0.feature.unicodeScalars.lexicographicallyPrecedes($1.feature.unicodeScalars)
        }
        data.features = Array(ranked.prefix(query.limit))
    }

    /// The middle value, or the mean of the two middle values (PostgreSQL's `percentile_cont(0.5)`).
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
