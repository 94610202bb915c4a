public import Domain

/// Daily series from an `ActivitySnapshot`: one value per UTC day from `firstDay` through `lastDay`, the last day
/// counted up to `end` (whole hours).
public struct ActivitySeries {
    let snapshot: ActivitySnapshot
    let firstDay: Int
    let lastDay: Int
    let end: Double

    public init(snapshot: ActivitySnapshot, start: Double, end: Double) {
        self.snapshot = snapshot
        firstDay = Int((start / 86_400).rounded(.down))
        lastDay = firstDay + PredictionQuery.dayCount(start: start, end: end) - 1
        self.end = end
    }

    public var dayCount: Int { max(0, lastDay - firstDay + 1) }

    public func values(_ type: PredictionType) -> [Double] {
        switch type {
        case .userGrowth: return cumulativeUsers().map(Double.init)
        case .revenue: return sums { Double($0.revenueCents) / 100 }
        case .demandForecast: return sums { Double($0.bookings) }
        case .churnRate: return churn()
        case .featureAdoption: return adoption()
        }
    }

    /// The end of day `day` as an instant, or `end` for the last (possibly partial) day.
    func cutoff(_ day: Int) -> Double { min(Double(day + 1) * 86_400, end) }

    func sums(_ value: (UserHour) -> Double) -> [Double] {
        let endHour = Int32((end / 3600).rounded(.up))
        return (firstDay...max(firstDay, lastDay)).prefix(dayCount).map { number in
            guard let day = snapshot.day(Int32(number)) else { return 0 }
            var total = 0.0
            for row in day.hours where row.hour < endHour { total += value(row) }
            return total
        }
    }

    func cumulativeUsers() -> [Int] { countsBefore(snapshot.sortedSignups) }

    /// For each day, how many of the ascending instants lie before its cutoff.
    func countsBefore(_ sorted: [Double]) -> [Int] {
        var index = 0
        return (0..<dayCount).map { offset in
            let cutoff = cutoff(firstDay + offset)
            while index < sorted.count && sorted[index] < cutoff { index += 1 }
            return index
        }
    }

    /// For each day d: of the users active in days d-13...d-7, the percent with no activity in d-6...d.
    ///
    /// Swept from each user's active days: after an active day a, the user is in the previous week of days
    /// a+7...a+13, and churned on those of them before their next active day; difference arrays count both.
    func churn() -> [Double] {
        let from = firstDay - 13
        let span = lastDay - from + 1
        guard span > 0 else { return [] }
        var previous = Array(repeating: 0, count: span + 1)
        var churned = Array(repeating: 0, count: span + 1)
        var lastActive = Array(repeating: Int.min, count: snapshot.users.count)
        var coveredTo = Array(repeating: Int.min, count: snapshot.users.count)
        func add(_ counts: inout [Int], _ low: Int, _ high: Int) {
            let a = max(low, from) - from
            let b = min(high, lastDay) - from
            guard a <= b else { return }
            counts[a] += 1
            counts[b + 1] -= 1
        }
        /// The user's next active day after `a` is `next` (or none): record the intervals a implies.
        func close(_ user: Int, _ a: Int, next: Int) {
            let low = max(a + 7, coveredTo[user] + 1)
            if low <= a + 13 {
                add(&previous, low, a + 13)
                coveredTo[user] = a + 13
            }
            add(&churned, a + 7, min(a + 13, next - 1))
        }
        let endHour = Int32((end / 3600).rounded(.up))
        for number in from...lastDay {
            guard let day = snapshot.day(Int32(number)) else { continue }
            for row in day.hours where row.hour < endHour {
                let user = Int(row.user)
                guard lastActive[user] != number else { continue }
                if lastActive[user] != Int.min { close(user, lastActive[user], next: number) }
                lastActive[user] = number
            }
        }
        for user in 0..<lastActive.count where lastActive[user] != Int.min {
            close(user, lastActive[user], next: Int.max)
        }
        var running = (previous: 0, churned: 0)
        var result: [Double] = []
        for index in 0..<span {
            running.previous += previous[index]
            running.churned += churned[index]
            if index >= 13 {
                result.append(running.previous == 0 ? 0 : Double(running.churned) / Double(running.previous) * 100)
            }
        }
        return result
    }

    /// For each day: users who have used any feature by its end, as a percent of users signed up by then.
    func adoption() -> [Double] {
        let signedUp = cumulativeUsers()
        return zip(countsBefore(snapshot.sortedFirstAnyUses), signedUp).map { used, users in
            users == 0 ? 0 : Double(used) / Double(users) * 100
        }
    }
}
