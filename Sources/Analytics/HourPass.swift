import Domain

/// The main pass of `/user-insights` over the range's user-hours: totals, hours and weekdays, distinct users per day,
/// each user's event flags.
struct HourPass {
    let firstDay: Int32
    var daily: [Int]
    var lastDaySeen: [Int32]
    var flags: [ActivityFlags]
    var active: [Bool]
    var activeUsers = 0
    var events = 0
    var byHour = Array(repeating: 0, count: 24)
    var byWeekday = Array(repeating: 0, count: 7)

    init(users: Int, firstDay: Int32, days: Int) {
        self.firstDay = firstDay
        daily = Array(repeating: 0, count: days)
        lastDaySeen = Array(repeating: Int32.min, count: users)
        flags = Array(repeating: ActivityFlags(), count: users)
        active = Array(repeating: false, count: users)
    }

    /// Rows in hour order (a user's days never go back, so one "last day seen" per user counts distinct users).
    /// The per-user arrays are borrowed as buffers once per call: no copy-on-write check per row.
    mutating func add(_ rows: UnsafeBufferPointer<UserHour>, _ member: UnsafeBufferPointer<Bool>) {
        var (events, activeUsers) = (self.events, self.activeUsers)
        let firstDay = self.firstDay
        lastDaySeen.withUnsafeMutableBufferPointer { lastDaySeen in
            flags.withUnsafeMutableBufferPointer { flags in
                active.withUnsafeMutableBufferPointer { active in
                    daily.withUnsafeMutableBufferPointer { daily in
                        byHour.withUnsafeMutableBufferPointer { byHour in
                            byWeekday.withUnsafeMutableBufferPointer { byWeekday in
                                for row in rows {
                                    let user = Int(row.user)
                                    guard user < member.count, member[user] else { continue }
                                    let day = row.hour / 24
                                    if lastDaySeen[user] != day {
                                        lastDaySeen[user] = day
                                        let index = Int(day - firstDay)
                                        if index >= 0 && index < daily.count { daily[index] += 1 }
                                    }
                                    if !active[user] {
                                        active[user] = true
                                        activeUsers += 1
                                    }
                                    flags[user].formUnion(row.flags)
                                    let count = Int(row.events)
                                    events += count
                                    byHour[Int(row.hour % 24)] += count
                                    // 1970-01-01 was a Thursday: day 0 is index 3 with Monday first.
                                    byWeekday[Int((day + 3) % 7)] += count
                                }
                            }
                        }
                    }
                }
            }
        }
        (self.events, self.activeUsers) = (events, activeUsers)
    }
}
