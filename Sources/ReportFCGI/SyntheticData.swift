import Domain

/// Deterministic synthetic analytics data for development and benchmarks: the same arguments always give the
/// same rows (a seeded SplitMix64, no clock but the `now` given).
///
/// The shape: 30% of the users signed up in the half-period before the range, the rest during it with signups
/// growing linearly; 20% premium; each user's chance of being active on a day falls with the days since signup,
/// rises with their own engagement and the plan, and drops 30% at weekends; sessions walk the funnel visit,
/// search, trip_view, booking_started, booking_completed (with revenue), with page views, feature use, reviews
/// and errors along the way, at evening-heavy hours, up to `now`, every day's events in time order.
public struct SyntheticData: SeedShape {
    public let users: Int
    public let days: Int
    public let now: Double
    let seed: UInt64
    /// Scales every user's daily activity so 100,000 users over 180 days give about 10 million events.
    static let activityScale = 0.094

    static let features = ["saved_search", "price_alert", "trip_planner", "reviews_filter", "map_view"]
    static let pages = ["home", "search", "results", "trip", "checkout", "account", "help"]
    static let names = [
        "session_start", "page_view", "search", "trip_view", "booking_started", "booking_completed", "review_posted",
        "feature_used", "error",
    ]
    /// Relative weight of each UTC hour for session starts: quiet nights, an evening peak.
    static let hourWeights: [Double] = [
        2, 1, 1, 1, 1, 2, 3, 5, 6, 6, 6, 7, 7, 7, 6, 6, 7, 8, 10, 11, 11, 9, 6, 4,
    ]
    static let hourCumulative: [Double] = {
        var sum = 0.0
        let total = hourWeights.reduce(0, +)
        return hourWeights.map {
            sum += $0
            return sum / total
        }
    }()

    /// A user's fixed traits, drawn from their own generator so they do not depend on the order of generation.
    struct Profile {
        var signup: Double
        var premium: Bool
        var engagement: Double
    }

    /// One event before it is written: a day's events are sorted by time so the table fills in time order,
    /// as the platform's pipeline fills it.
    struct Event {
        var time: Double
        var user: Int32
        var session: Int32
        var name: UInt8
        /// A page or feature index, or -1.
        var detail: Int8
        var revenue: Double
    }

    public init(users: Int, days: Int, seed: UInt64, now: Double) {
        self.users = users
        self.days = days
        self.now = now
        self.seed = seed
    }

    /// None: every event falls on a day of `dayNumbers`.
    var outlyingDays: [Int] { [] }

    /// The generator for one user (day nil) or one user's day, independent of every other.
    func generator(user: Int, day: Int?) -> SplitMix64 { SplitMix64(seed: seed, user: user, day: day) }

    func profile(_ index: Int) -> Profile {
        var random = generator(user: index, day: nil)
        let period = Double(days) * 86_400
        let signup =
            random.unit() < 0.3
            ? start - random.unit() * period / 2
            : start + period * random.unit().squareRoot()  // density grows linearly: more signups lately
        let premium = random.unit() < 0.2
        return Profile(signup: signup, premium: premium, engagement: random.unit() * random.unit())
    }

    /// The users' rows in COPY text format.
    func userRows(_ profiles: [Profile], into out: inout [UInt8]) {
        for (index, profile) in profiles.enumerated() {
            Self.appendUser(index, signup: profile.signup, premium: profile.premium, into: &out)
        }
    }

    /// One user's row in COPY text format: `u` and the index from 1, the signup, the plan.
    static func appendUser(_ index: Int, signup: Double, premium: Bool, into out: inout [UInt8]) {
        out.appendText("u" + String(index + 1))
        out.append(9)
        out.appendTimestamp(signup)
        out.append(9)
        out.appendText(premium ? "premium" : "free")
        out.append(10)
    }

    /// Every event of one UTC day, sorted by time, appended in COPY text format; returns how many.
    func day(_ day: Int, profiles: [Profile], into out: inout [UInt8]) -> Int {
        var events: [Event] = []
        let dayStart = Double(day) * 86_400
        let weekday = (day + 3) % 7  // 0 = Monday; 1970-01-01 was a Thursday
        for (index, profile) in profiles.enumerated() where profile.signup < dayStart + 86_400 {
            var random = generator(user: index, day: day)
            let age = max(0, (dayStart - profile.signup) / 86_400)
            var chance = (0.15 + 0.85 * profile.engagement) * Self.activityScale * 10 / (1 + age / 45)
            if profile.premium { chance *= 1.3 }
            if weekday >= 5 { chance *= 0.7 }
            guard random.unit() < chance else { continue }
            let sessions = random.unit() < 0.3 ? 2 : 1
            for number in 0..<sessions {
                let startTime = dayStart + Double(Self.hour(&random)) * 3600 + random.unit() * 3600
                if startTime < profile.signup || startTime > now { continue }
                walk(user: Int32(index), session: Int32(number), from: startTime, random: &random, into: &events)
            }
        }
        events.sort { $0.time < $1.time }
        write(events, day: day, marker: "-s", user: { "u" + String($0 + 1) }, into: &out)
        return events.count
    }

    /// None: the standard shape writes every event in time order.
    func lateRows(into out: inout [UInt8]) -> Int { 0 }

    /// Funnel sessions on `day` by users of `userIDs` (the first ones more often) until there are at least
    /// `quota` events, sorted by time, in COPY text format; returns how many.
    func olderDay(_ day: Int, events quota: Int, userIDs: [String], into out: inout [UInt8]) -> Int {
        var random = SplitMix64(seed: seed ^ 0x6F6C_6465_7200_0000 ^ UInt64(bitPattern: Int64(day)) << 8)
        var events: [Event] = []
        let dayStart = Double(day) * 86_400
        var session: Int32 = 0
        while events.count < quota {
            let user = Int32(Int(random.unit() * random.unit() * Double(userIDs.count)))
            let startTime = dayStart + Double(Self.hour(&random)) * 3600 + random.unit() * 3600
            walk(user: user, session: session, from: startTime, random: &random, into: &events)
            session += 1
        }
        events.sort { $0.time < $1.time }
        write(events, day: day, marker: "-a", user: { userIDs[Int($0)] }, into: &out)
        return events.count
    }

    /// Events in COPY text format; a session's id is its user's, the day and `marker` before its number.
    private func write(
        _ events: [Event], day: Int, marker: String, user name: (Int32) -> String, into out: inout [UInt8]
    ) {
        for event in events {
            let user = name(event.user)
            out.appendText(user)
            out.append(9)
            out.appendText(user + "-d" + String(day) + marker + String(event.session + 1))
            out.append(9)
            out.appendText(Self.names[Int(event.name)])
            out.append(9)
            out.appendTimestamp(event.time)
            out.append(9)
            out.appendText(event.revenue == 0 ? "0" : String(Double(Int((event.revenue * 100).rounded())) / 100))
            out.append(9)
            switch Self.names[Int(event.name)] {
            case "page_view": out.appendText("{\"page\": \"\(Self.pages[Int(event.detail)])\"}")
            case "feature_used": out.appendText("{\"feature\": \"\(Self.features[Int(event.detail)])\"}")
            default: out.appendText("{}")
            }
            out.append(10)
        }
    }

    /// One session through the funnel, its events 5 to 90 seconds apart, none after `now`.
    private func walk(
        user: Int32, session: Int32, from start: Double, random: inout SplitMix64, into events: inout [Event]
    ) {
        var time = start
        func emit(_ name: String, detail: Int = -1, revenue: Double = 0, _ random: inout SplitMix64) {
            guard time <= now else { return }
            let code = UInt8(Self.names.firstIndex(of: name)!)
            events.append(
                Event(time: time, user: user, session: session, name: code, detail: Int8(detail), revenue: revenue))
            time += 5 + random.unit() * 85
        }
        func page(_ name: String, _ random: inout SplitMix64) {
            emit("page_view", detail: Self.pages.firstIndex(of: name)!, &random)
        }
        emit("session_start", &random)
        page("home", &random)
        for _ in 0..<Int(random.unit() * 3) { page(Self.pages[Int(random.unit() * Double(Self.pages.count))], &random) }
        if random.unit() < 0.02 { emit("error", &random) }
        if random.unit() < 0.25 {
            let pick = random.unit() * random.unit()  // earlier features are used more
            emit("feature_used", detail: Int(pick * 5), &random)
        }
        guard random.unit() < 0.7 else { return }
        emit("search", &random)
        page("results", &random)
        guard random.unit() < 0.6 else { return }
        for _ in 0..<(1 + Int(random.unit() * 2)) {
            emit("trip_view", &random)
            page("trip", &random)
        }
        guard random.unit() < 0.35 else { return }
        emit("booking_started", &random)
        page("checkout", &random)
        guard random.unit() < 0.6 else { return }
        emit("booking_completed", revenue: 50 + random.unit() * 850, &random)
        if random.unit() < 0.1 { emit("review_posted", &random) }
    }

    static func hour(_ random: inout SplitMix64) -> Int {
        let pick = random.unit()
        return hourCumulative.firstIndex { pick <= $0 } ?? 23
    }
}
