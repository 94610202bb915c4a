public import Domain

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

    /// The user-hours of whole hours `hours`, day by day, in hour order, as buffers (no closure per row: the
    /// passes below run over millions of rows).
    func forEachDay(in hours: Range<Int32>, _ body: (UnsafeBufferPointer<UserHour>) -> Void) {
        guard !hours.isEmpty else { return }
        for dayNumber in (hours.lowerBound / 24)...((hours.upperBound - 1) / 24) {
            guard let day = snapshot.day(dayNumber) else { continue }
            day.hours.withUnsafeBufferPointer { rows in
                var low = 0
                var high = rows.count
                while low < high && rows[low].hour < hours.lowerBound { low += 1 }
                while high > low && rows[high - 1].hour >= hours.upperBound { high -= 1 }
                body(UnsafeBufferPointer(rebasing: rows[low..<high]))
            }
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
        data.ignoredEvents = snapshot.ignoredEvents
        let member = members()
        let userCount = member.count
        let wants = Set(query.types)
        let firstDay = Int32((query.start / 86_400).rounded(.down))
        let lastDay = Int32((query.end / 86_400).rounded(.up)) - 1
        var pass = HourPass(users: userCount, firstDay: firstDay, days: max(0, Int(lastDay) - Int(firstDay) + 1))
        member.withUnsafeBufferPointer { member in
            edges.head.withUnsafeBufferPointer { pass.add($0, member) }
            forEachDay(in: span.whole) { pass.add($0, member) }
            edges.tail.withUnsafeBufferPointer { pass.add($0, member) }
        }
        (data.events, data.activeUsers) = (pass.events, pass.activeUsers)
        (data.eventsByHour, data.eventsByWeekday) = (pass.byHour, pass.byWeekday)
        let (daily, flags, active) = (pass.daily, pass.flags, pass.active)
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
        latest.withUnsafeMutableBufferPointer { latest in
            func take(_ rows: UnsafeBufferPointer<UserHour>) {
                for row in rows {
                    let user = Int(row.user)
                    guard user < member.count, member[user], !onlyActive || active[user] else { continue }
                    if row.hour > latest[user] { latest[user] = row.hour }
                }
            }
            forEachDay(in: (end - 30 * 24)..<end) { take($0) }
            for piece in [edges.head, edges.tail] {
                piece.filter { $0.hour >= end }.withUnsafeBufferPointer { take($0) }
            }
        }
        var weekly = 0
        var monthly = 0
        for hour in latest where hour != Int32.min {
            monthly += 1
            if hour >= end - 7 * 24 { weekly += 1 }
        }
        return (weekly, monthly)
    }

    /// Visits each day's session parts with whether the whole day lies inside the range (then no part needs its
    /// start checked).
    func forEachSession(_ body: (UnsafeBufferPointer<SessionPart>, Bool) -> Void) {
        guard let days = dayNumbers(from: query.start, to: query.end) else { return }
        for number in days {
            guard let day = snapshot.day(number) else { continue }
            let inside = Double(number) * 86_400 >= query.start && Double(number + 1) * 86_400 <= query.end
            day.sessions.withUnsafeBufferPointer { body($0, inside) }
        }
    }

    func inRange(_ part: SessionPart, _ member: UnsafeBufferPointer<Bool>, _ inside: Bool) -> Bool {
        let user = Int(part.user)
        return user < member.count && member[user] && (inside || (part.start >= query.start && part.start < query.end))
    }

    func countSessions(member: [Bool]) -> Int {
        var count = 0
        member.withUnsafeBufferPointer { member in
            forEachSession { parts, inside in
                for part in parts where inRange(part, member, inside) { count += 1 }
            }
        }
        return count
    }

    func sessionFigures(member: [Bool], into data: inout InsightData) {
        var exits = Array(repeating: Int32(0), count: snapshot.pages.count)
        var paths = Array(repeating: Int32(0), count: snapshot.journeys.count)
        var sessions = 0
        member.withUnsafeBufferPointer { member in
            exits.withUnsafeMutableBufferPointer { exits in
                paths.withUnsafeMutableBufferPointer { paths in
                    forEachSession { parts, inside in
                        for part in parts where inRange(part, member, inside) {
                            sessions += 1
                            if part.exitPage >= 0, Int(part.exitPage) < exits.count { exits[Int(part.exitPage)] += 1 }
                            if Int(part.path) < paths.count { paths[Int(part.path)] += 1 }
                        }
                    }
                }
            }
        }
        data.sessions = sessions
        let (pages, journeys) = (snapshot.pages, snapshot.journeys)
        data.exitPages = exits.withUnsafeBufferPointer { counts in
            TopK.select(counts, limit: query.limit) { pages.ranks[Int($0)] < pages.ranks[Int($1)] }.map {
                (pages.names[Int($0)], Int(counts[Int($0)]))
            }
        }
        data.journeys = paths.withUnsafeBufferPointer { counts in
            TopK.select(counts, limit: query.limit, precedes: journeys.precedes).map {
                (journeys.names($0), Int(counts[Int($0)]))
            }
        }
    }

    /// Distinct users per feature in the range, ranked, and for the ranked ones the median of (first use ever -
    /// signup) in days.
    func featureFigures(member: [Bool], edges: EdgeRows, into data: inout InsightData) {
        let whole = Double(span.whole.lowerBound) * 3600..<Double(span.whole.upperBound) * 3600
        let days = dayNumbers(from: whole.lowerBound, to: whole.upperBound).map { Array($0) } ?? []
        var pass = FeaturePass(snapshot: snapshot, member: member, whole: whole, days: days, edges: edges.features)
        let counts = pass.users()
        let features = snapshot.features
        let ranked = counts.withUnsafeBufferPointer { counts in
            TopK.select(counts, limit: query.limit) { features.ranks[Int($0)] < features.ranks[Int($1)] }
        }
        let medians = pass.medianDays(ranked)
        data.features = zip(ranked, medians).map { (features.names[Int($0)], Int(counts[Int($0)]), $1) }
    }
}
