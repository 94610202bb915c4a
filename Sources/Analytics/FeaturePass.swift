/// The feature pass of `/user-insights`: distinct users per feature (a bit per user and feature marks the pairs
/// already counted) and their days from signup to first use.
struct FeaturePass {
    let snapshot: ActivitySnapshot
    let words: Int
    var seen: [UInt64]
    var users: [Int]
    var days: [[Double]]

    init(snapshot: ActivitySnapshot, users userCount: Int) {
        self.snapshot = snapshot
        let features = snapshot.features.count
        words = (features + 63) / 64
        seen = Array(repeating: 0, count: userCount * words)
        users = Array(repeating: 0, count: features)
        days = Array(repeating: [], count: features)
    }

    mutating func add(
        _ uses: UnsafeBufferPointer<FeatureUse>, _ member: UnsafeBufferPointer<Bool>, from start: Double,
        to end: Double
    ) {
        for use in uses where use.firstAt >= start && use.firstAt < end {
            let user = Int(use.user)
            let feature = Int(use.feature)
            guard user < member.count, member[user], feature < users.count else { continue }
            let word = user * words + feature / 64
            let bit = UInt64(1) << UInt64(feature % 64)
            guard seen[word] & bit == 0 else { continue }
            seen[word] |= bit
            users[feature] += 1
            guard snapshot.users.known[user] else { continue }
            let first = min(snapshot.firstUse(user: use.user, feature: use.feature) ?? use.firstAt, use.firstAt)
            days[feature].append((first - snapshot.users.signups[user]) / 86_400)
        }
    }
}
