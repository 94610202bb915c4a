public import Domain

/// Cohorts computed from an `ActivitySnapshot` in one pass over the user-hours from the first cohort's start to the
/// range's end. Periods are calendar buckets in UTC; a range end inside an hour counts that hour whole.
public struct ActivityCohorts {
    let snapshot: ActivitySnapshot
    let query: CohortQuery

    public init(snapshot: ActivitySnapshot, query: CohortQuery) {
        self.snapshot = snapshot
        self.query = query
    }

    /// Users active (any event) in `[start, end)`, by whole hours.
    func activeInRange() -> [Bool] {
        var active = Array(repeating: false, count: snapshot.users.count)
        let first = Int32((query.start / 3600).rounded(.down))
        let last = Int32((query.end / 3600).rounded(.up))
        for dayNumber in first / 24...(last - 1) / 24 {
            guard let day = snapshot.day(dayNumber) else { continue }
            for row in day.hours where row.hour >= first && row.hour < last { active[Int(row.user)] = true }
        }
        return active
    }

    public func compute() -> [Cohort] {
        let (cohortOf, sizes) = members()
        guard let firstCohort = sizes.keys.min() else { return [] }
        let lastIndex = query.period.index(ofDay: Int((query.end / 86_400).rounded(.up)) - 1)
        let cohortIndexes = sizes.keys.sorted()
        var tally = CohortTally(cohorts: cohortIndexes, periods: lastIndex - firstCohort + 1, users: cohortOf)
        tally.count(snapshot, period: query.period, from: query.period.firstDay(ofIndex: firstCohort), to: query.end)
        return cohortIndexes.enumerated().map { position, index in
            let size = sizes[index] ?? 0
            return Cohort(
                firstDay: query.period.firstDay(ofIndex: index), size: size,
                cells: cells(of: position, index: index, size: size, lastIndex: lastIndex, tally))
        }
    }

    /// The cohort (period index) of each user in the segment who signed up inside the range, and each cohort's size.
    func members() -> (cohortOf: [Int?], sizes: [Int: Int]) {
        let users = snapshot.users
        let needsActivity = query.segment == .active || query.segment == .inactive
        let active = needsActivity ? activeInRange() : []
        var cohortOf = [Int?](repeating: nil, count: users.count)
        var sizes: [Int: Int] = [:]
        for user in 0..<users.count where users.known[user] {
            let signup = users.signups[user]
            guard signup >= query.start, signup < query.end else { continue }
            switch query.segment {
            case .all, .new: break
            case .returning: continue
            case .active: if !active[user] { continue }
            case .inactive: if active[user] { continue }
            case .premium: if !users.premium[user] { continue }
            case .free: if users.premium[user] { continue }
            }
            let index = query.period.index(ofDay: Int((signup / 86_400).rounded(.down)))
            cohortOf[user] = index
            sizes[index, default: 0] += 1
        }
        return (cohortOf, sizes)
    }

    /// A cohort's cells: one per period that has begun before the range's end.
    func cells(of position: Int, index: Int, size: Int, lastIndex: Int, _ tally: CohortTally) -> [Cohort.Cell] {
        var cells: [Cohort.Cell] = []
        for k in 0..<(lastIndex - index + 1) {
            let begins = Double(query.period.firstDay(ofIndex: index + k)) * 86_400
            guard begins < query.end else { break }
            let ends = Double(query.period.firstDay(ofIndex: index + k + 1)) * 86_400
            let slot = position * tally.periods + k
            let value: Double =
                switch query.metric {
                case .retentionRate: Double(tally.active[slot]) / Double(size) * 100
                case .revenue: Double(tally.revenueCents[slot]) / 100
                case .engagement: Double(tally.events[slot]) / Double(size)
                case .featureUsage: Double(tally.featureUsers[slot]) / Double(size) * 100
                }
            cells.append(.init(period: k, value: value, count: tally.active[slot], isComplete: ends <= query.end))
        }
        return cells
    }
}

/// Per (cohort, k-th period) slot: members active, members using a feature, events and revenue in cents, counted in
/// one pass over the user-hours with per-user "last slot" marks, indexing arrays only.
struct CohortTally {
    let cohorts: [Int]
    let periods: Int
    /// Each user's cohort position (-1: not a member).
    var positionOf: [Int32]
    var active: [Int]
    var featureUsers: [Int]
    var events: [Int]
    var revenueCents: [Int64]

    init(cohorts: [Int], periods: Int, users cohortOf: [Int?]) {
        (self.cohorts, self.periods) = (cohorts, periods)
        var positionOfCohort: [Int: Int32] = [:]
        for (position, index) in cohorts.enumerated() { positionOfCohort[index] = Int32(position) }
        positionOf = cohortOf.map { $0.flatMap { positionOfCohort[$0] } ?? -1 }
        let slots = cohorts.count * periods
        (active, featureUsers) = (Array(repeating: 0, count: slots), Array(repeating: 0, count: slots))
        (events, revenueCents) = (Array(repeating: 0, count: slots), Array(repeating: 0, count: slots))
    }

    /// Counts the user-hours of the days from `firstDay` to the hour holding `end` (a partial hour counts whole).
    mutating func count(_ snapshot: ActivitySnapshot, period: CohortPeriod, from firstDay: Int, to end: Double) {
        let endHour = Int((end / 3600).rounded(.up))
        var lastSlot = Array(repeating: -1, count: positionOf.count)
        var lastFeatureSlot = Array(repeating: -1, count: positionOf.count)
        for dayNumber in firstDay..<max(firstDay, (endHour + 23) / 24) {
            guard let day = snapshot.day(Int32(dayNumber)) else { continue }
            let periodIndex = period.index(ofDay: dayNumber)
            day.hours.withUnsafeBufferPointer { rows in
                for row in rows where Int(row.hour) < endHour {
                    let user = Int(row.user)
                    let position = Int(positionOf[user])
                    guard position >= 0 else { continue }
                    let k = periodIndex - cohorts[position]
                    guard k >= 0, k < periods else { continue }
                    let slot = position * periods + k
                    if lastSlot[user] != slot {
                        lastSlot[user] = slot
                        active[slot] += 1
                    }
                    if row.flags.contains(.featureUsed), lastFeatureSlot[user] != slot {
                        lastFeatureSlot[user] = slot
                        featureUsers[slot] += 1
                    }
                    events[slot] += Int(row.events)
                    revenueCents[slot] += row.revenueCents
                }
            }
        }
    }
}
