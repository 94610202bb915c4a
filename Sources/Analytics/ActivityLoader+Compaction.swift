import Domain

extension ActivityLoader {
    /// Renumbers users, journeys, pages and features from the kept days alone, so that what only dropped days
    /// referred to (and users deleted from `analytics_users` with no kept events) leaves memory. Runs when the
    /// window moves, once a day.
    func compact() {
        var fresh = ActivitySnapshot()
        (fresh.asOf, fresh.ignoredEvents) = (snapshot.asOf, snapshot.ignoredEvents)
        var ids: [String] = []
        var userMap = Array(repeating: Int32(-1), count: snapshot.users.count)
        func mapUser(_ old: Int32) -> Int32 {
            if userMap[Int(old)] < 0 {
                userMap[Int(old)] = Int32(ids.count)
                ids.append(userIDs[Int(old)])
                fresh.userIndex[userIDs[Int(old)]] = userMap[Int(old)]
                let users = snapshot.users
                fresh.users.append(
                    signup: users.known[Int(old)] ? users.signups[Int(old)] : nil, premium: users.premium[Int(old)])
            }
            return userMap[Int(old)]
        }
        for user in 0..<snapshot.users.count where snapshot.users.known[user] { _ = mapUser(Int32(user)) }
        var journeys: [UInt64: Int32] = [:]
        for number in snapshot.dayNumbers {
            guard var day = snapshot.day(number) else { continue }
            for index in day.hours.indices { day.hours[index].user = mapUser(day.hours[index].user) }
            for index in day.sessions.indices {
                var part = day.sessions[index]
                part.user = mapUser(part.user)
                let key = snapshot.journeys.keys[Int(part.path)]
                part.path = journeys[key] ?? fresh.journeys.append(key)
                journeys[key] = part.path
                if part.exitPage >= 0 { part.exitPage = fresh.pages.intern(snapshot.pages.names[Int(part.exitPage)]) }
                day.sessions[index] = part
            }
            for index in day.features.indices {
                day.features[index].user = mapUser(day.features[index].user)
                day.features[index].feature = fresh.features.intern(
                    snapshot.features.names[Int(day.features[index].feature)])
            }
            fresh.replace(
                day: number, with: ActivityDay(hours: day.hours, sessions: day.sessions, features: day.features))
        }
        fresh.journeys.adoptEventNames(from: snapshot.journeys)
        (snapshot, userIDs, journeyIDs) = (fresh, ids, journeys)
        snapshot.buildIndexes()
    }
}
