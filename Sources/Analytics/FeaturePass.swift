/// The feature figures of `/user-insights` from feature rows sorted by (feature, user): distinct member users per
/// feature in the range, feature by feature with one stamp per user (no users x features table), and for the
/// ranked features only, the median days from signup to first use ever.
struct FeaturePass {
    let snapshot: ActivitySnapshot
    let member: [Bool]
    /// The whole hours of the range as instants; rows outside them count only through `edges`.
    let whole: Range<Double>
    /// The range's days, and the uses of its partial hours (sorted like a day's).
    let rangeDays: [ActivityDay]
    let edges: [FeatureUse]
    /// Per user: the last feature it was seen for (-1: none yet).
    var stamp: [Int32]

    init(snapshot: ActivitySnapshot, member: [Bool], whole: Range<Double>, days: [Int32], edges: [FeatureUse]) {
        (self.snapshot, self.member, self.whole) = (snapshot, member, whole)
        rangeDays = days.compactMap { snapshot.day($0) }
        self.edges = edges.sorted { ($0.feature, $0.user) < ($1.feature, $1.user) }
        stamp = Array(repeating: -1, count: member.count)
    }

    /// Whether `use` counts as a use inside the range (`isEdge`: one of the partial hours' rows).
    func inRange(_ use: FeatureUse, isEdge: Bool) -> Bool {
        let user = Int(use.user)
        return user < member.count && member[user] && (isEdge || whole.contains(use.firstAt))
    }

    /// Distinct member users per feature id in the range.
    mutating func users() -> [Int32] {
        var counts = Array(repeating: Int32(0), count: snapshot.features.count)
        var cursors = Array(repeating: 0, count: rangeDays.count + 1)
        let lists = rangeDays.map(\.features) + [edges]
        for feature in Int32(0)..<Int32(counts.count) {
            for (index, list) in lists.enumerated() {
                let isEdge = index == lists.count - 1
                var cursor = cursors[index]
                while cursor < list.count && list[cursor].feature < feature { cursor += 1 }
                while cursor < list.count && list[cursor].feature == feature {
                    let use = list[cursor]
                    if stamp[Int(use.user)] != feature && inRange(use, isEdge: isEdge) {
                        stamp[Int(use.user)] = feature
                        counts[Int(feature)] += 1
                    }
                    cursor += 1
                }
                cursors[index] = cursor
            }
        }
        return counts
    }

    /// For each of `features`: the median over its range's known member users of (first use ever in the kept
    /// days - signup), in days.
    mutating func medianDays(_ features: [Int32]) -> [Double?] {
        var first = Array(repeating: Double.infinity, count: member.count)
        var counted = Array(repeating: false, count: member.count)
        stamp = Array(repeating: -1, count: member.count)
        let lists = snapshot.dayNumbers.compactMap { snapshot.day($0)?.features } + [edges]
        return features.map { feature in
            var touched: [Int32] = []
            for (index, list) in lists.enumerated() {
                let isEdge = index == lists.count - 1
                var cursor = Self.firstIndex(of: feature, in: list)
                while cursor < list.count && list[cursor].feature == feature {
                    let use = list[cursor]
                    let user = Int(use.user)
                    if user < member.count {
                        if stamp[user] != feature {
                            (stamp[user], first[user], counted[user]) = (feature, use.firstAt, false)
                            touched.append(use.user)
                        }
                        first[user] = min(first[user], use.firstAt)
                        counted[user] = counted[user] || inRange(use, isEdge: isEdge)
                    }
                    cursor += 1
                }
            }
            let users = snapshot.users
            let days = touched.lazy.map(Int.init).filter { counted[$0] && users.known[$0] }.map {
                (first[$0] - users.signups[$0]) / 86_400
            }
            return Median.of(Array(days))
        }
    }

    /// The index of the first row of `feature` in a list sorted by feature (binary search).
    static func firstIndex(of feature: Int32, in list: [FeatureUse]) -> Int {
        var (low, high) = (0, list.count)
        while low < high {
            let middle = (low + high) / 2
            if list[middle].feature < feature { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
