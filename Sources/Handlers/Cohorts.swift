import Glibc

/// How sign-ups are grouped: UTC day, ISO week (Monday first) or calendar month (spec endpoint 3).
public enum CohortPeriod: String, CaseIterable, Sendable {
    case daily, weekly, monthly

    /// The number of the period holding UTC day `day` (days since 1970-01-01): the day itself, the count of Monday
    /// weeks (day 0 was a Thursday, so week 0 began on 1969-12-29), or year x 12 + month - 1.
    public func index(ofDay day: Int) -> Int {
        switch self {
        case .daily: return day
        case .weekly: return Int((Double(day + 3) / 7).rounded(.down))
        case .monthly:
            let date = CivilDate(day: day)
            return date.year * 12 + date.month - 1
        }
    }

    /// The first UTC day of period `index`.
    public func firstDay(ofIndex index: Int) -> Int {
        switch self {
        case .daily: return index
        case .weekly: return index * 7 - 3
        case .monthly:
            let year = Int((Double(index) / 12).rounded(.down))
            return DateParser.daysFromEpoch(year: year, month: index - year * 12 + 1, day: 1)
        }
    }
}

/// The UTC calendar date of a day number, through `gmtime_r` as `Timestamp` renders dates.
public struct CivilDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(day number: Int) {
        var seconds = time_t(number) * 86_400
        var parts = tm()
        gmtime_r(&seconds, &parts)
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
    }

    /// `YYYY-MM-DD`.
    public static func text(_ day: Int) -> String { DateParser.day(Double(day) * 86_400) }
}

/// What a cohort's cells measure (spec endpoint 3; CONTRACT.md section 10 fixes the units).
public enum CohortMetric: String, CaseIterable, Sendable {
    /// Percent of the cohort active in the period.
    case retentionRate = "retention_rate"
    /// The cohort's revenue in the period, in money.
    case revenue
    /// Events per cohort member in the period.
    case engagement
    /// Percent of the cohort that used any feature in the period.
    case featureUsage = "feature_usage"
}

public struct CohortQuery: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var period: CohortPeriod
    public var metric: CohortMetric
    public var segment: Segment
}

/// One cohort: its first day, its size and a cell per period that has begun inside the range.
public struct Cohort: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// k: the k-th period after the cohort's own.
        public var period: Int
        public var value: Double
        /// Members active in the period.
        public var count: Int
        /// Whether the period ended before the range's end.
        public var isComplete: Bool
    }

    /// UTC day number of the cohort period's first day.
    public var firstDay: Int
    public var size: Int
    public var cells: [Cell]
}

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
        let users = snapshot.users
        let period = query.period
        let needsActivity = query.segment == .active || query.segment == .inactive
        let active = needsActivity ? activeInRange() : []
        // The cohort (period index) of each member, or nil.
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
            let index = period.index(ofDay: Int((signup / 86_400).rounded(.down)))
            cohortOf[user] = index
            sizes[index, default: 0] += 1
        }
        guard let firstCohort = sizes.keys.min() else { return [] }
        let endHour = Int((query.end / 3600).rounded(.up))
        let lastIndex = period.index(ofDay: Int((query.end / 86_400).rounded(.up)) - 1)
        let cohortIndexes = sizes.keys.sorted()
        let periods = lastIndex - firstCohort + 1
        // Per (cohort, k): members active, members using a feature, events, revenue in cents.
        let slots = cohortIndexes.count * periods
        var slotOfCohort: [Int: Int] = [:]
        for (position, index) in cohortIndexes.enumerated() { slotOfCohort[index] = position }
        // Each member's cohort position (-1: not a member), so the pass below indexes arrays only.
        var positionOf = [Int32](repeating: -1, count: users.count)
        for user in 0..<users.count {
            if let cohort = cohortOf[user], let position = slotOfCohort[cohort] { positionOf[user] = Int32(position) }
        }
        var counts = Array(repeating: 0, count: slots)
        var featureUsers = Array(repeating: 0, count: slots)
        var events = Array(repeating: 0, count: slots)
        var revenue = Array(repeating: Int64(0), count: slots)
        var lastSlot = Array(repeating: -1, count: users.count)
        var lastFeatureSlot = Array(repeating: -1, count: users.count)
        let firstDay = period.firstDay(ofIndex: firstCohort)
        for dayNumber in firstDay..<max(firstDay, (endHour + 23) / 24) {
            guard let day = snapshot.day(Int32(dayNumber)) else { continue }
            let periodIndex = period.index(ofDay: dayNumber)
            day.hours.withUnsafeBufferPointer { rows in
                for row in rows where Int(row.hour) < endHour {
                    let user = Int(row.user)
                    let position = Int(positionOf[user])
                    guard position >= 0 else { continue }
                    let k = periodIndex - cohortIndexes[position]
                    guard k >= 0, k < periods else { continue }
                    let slot = position * periods + k
                    if lastSlot[user] != slot {
                        lastSlot[user] = slot
                        counts[slot] += 1
                    }
                    if row.flags.contains(.featureUsed), lastFeatureSlot[user] != slot {
                        lastFeatureSlot[user] = slot
                        featureUsers[slot] += 1
                    }
                    events[slot] += Int(row.events)
                    revenue[slot] += row.revenueCents
                }
            }
        }
        return cohortIndexes.enumerated().map { position, index in
            let size = sizes[index] ?? 0
            var cells: [Cohort.Cell] = []
            for k in 0..<(lastIndex - index + 1) {
                let begins = Double(period.firstDay(ofIndex: index + k)) * 86_400
                guard begins < query.end else { break }
                let ends = Double(period.firstDay(ofIndex: index + k + 1)) * 86_400
                let slot = position * periods + k
                let value: Double =
                    switch query.metric {
                    case .retentionRate: Double(counts[slot]) / Double(size) * 100
                    case .revenue: Double(revenue[slot]) / 100
                    case .engagement: Double(events[slot]) / Double(size)
                    case .featureUsage: Double(featureUsers[slot]) / Double(size) * 100
                    }
                cells.append(.init(period: k, value: value, count: counts[slot], isComplete: ends <= query.end))
            }
            return Cohort(firstDay: period.firstDay(ofIndex: index), size: size, cells: cells)
        }
    }

    /// Per period k: the size-weighted mean of the cohorts' values, over the cohorts that reached k.
    public static func summary(_ cohorts: [Cohort]) -> [(period: Int, value: Double, cohorts: Int, size: Int)] {
        var sums: [(weighted: Double, cohorts: Int, size: Int)] = []
        for cohort in cohorts {
            for cell in cohort.cells {
                while sums.count <= cell.period { sums.append((0, 0, 0)) }
                sums[cell.period].weighted += cell.value * Double(cohort.size)
                sums[cell.period].cohorts += 1
                sums[cell.period].size += cohort.size
            }
        }
        return sums.enumerated().map { k, sum in
            (k, sum.size == 0 ? 0 : sum.weighted / Double(sum.size), sum.cohorts, sum.size)
        }
    }
}
