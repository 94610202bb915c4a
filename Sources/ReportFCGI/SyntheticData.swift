import Domain

/// Deterministic synthetic analytics data for development and benchmarks: the same arguments always give the
/// same rows (a seeded SplitMix64, no clock but the `now` given).
///
/// The shape: 30% of the users signed up in the half-period before the range, the rest during it with signups
/// growing linearly; 20% premium; each user's chance of being active on a day falls with the days since signup,
/// rises with their own engagement and the plan, and drops 30% at weekends; sessions walk the funnel visit,
/// search, trip_view, booking_started, booking_completed (with revenue), with page views, feature use, reviews
/// and errors along the way, at evening-heavy hours, up to `now`. Requests come every few seconds with about 1%
/// server errors, and a handful of 20-minute bursts at 30%.
public struct SyntheticData {
    public let users: Int
    public let days: Int
    public let now: Double
    private let seed: UInt64
    private var random: SplitMix64
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
        self.random = SplitMix64(seed: seed)
    }

    var start: Double { now - Double(days) * 86_400 }

    /// The generator for one user (day nil) or one user's day, independent of every other.
    func generator(user: Int, day: Int?) -> SplitMix64 {
        var mixer = SplitMix64(
            seed: seed ^ (UInt64(user) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(bitPattern: Int64(day ?? -1)) << 40)
        return SplitMix64(seed: mixer.next())
    }

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
            out.appendText("u" + String(index + 1))
            out.append(9)
            out.appendTimestamp(profile.signup)
            out.append(9)
            out.appendText(profile.premium ? "premium" : "free")
            out.append(10)
        }
    }

    /// The UTC days the data spans, as day numbers since the epoch.
    var dayNumbers: ClosedRange<Int> {
        Int((start / 86_400).rounded(.down))...Int((now / 86_400).rounded(.down))
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
        for event in events {
            let user = "u" + String(event.user + 1)
            out.appendText(user)
            out.append(9)
            out.appendText(user + "-d" + String(day) + "-s" + String(event.session + 1))
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
        return events.count
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

    private static func hour(_ random: inout SplitMix64) -> Int {
        let pick = random.unit()
        return hourCumulative.firstIndex { pick <= $0 } ?? 23
    }

    /// Requests from `start` to `now`: one every 4 to 20 seconds; 1% server errors, 30% inside a burst.
    mutating func requests(into out: inout [UInt8], from: Double, to: Double, bursts: [Double]) -> (Double, Int) {
        var time = from
        var count = 0
        let routes = ["/api/trips", "/api/search", "/api/bookings", "/api/reviews", "/api/users/me"]
        while time < to && count < 50_000 {
            let inBurst = bursts.contains { time >= $0 && time < $0 + 1200 }
            let failing = random.unit() < (inBurst ? 0.3 : 0.01)
            let status = failing ? (random.unit() < 0.7 ? 500 : 503) : (random.unit() < 0.05 ? 404 : 200)
            out.appendTimestamp(time)
            out.append(9)
            out.appendText(routes[Int(random.unit() * Double(routes.count))])
            out.append(9)
            out.appendText(String(status))
            out.append(9)
            out.appendText(String(Int(5 + random.unit() * random.unit() * 400)))
            out.append(10)
            count += 1
            time += 4 + random.unit() * 16
        }
        return (time, count)
    }

    /// Five burst start times spread over the range.
    mutating func burstStarts() -> [Double] {
        (0..<5).map { _ in start + random.unit() * (now - start) }
    }
}

/// SplitMix64: small, fast and seedable, so the data can be reproduced exactly.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

extension Array where Element == UInt8 {
    /// Text for COPY's text format; callers pass no tab, newline or backslash.
    mutating func appendText(_ text: String) { append(contentsOf: text.utf8) }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`, written digit by digit.
    mutating func appendTimestamp(_ seconds: Double) {
        let whole = Int(seconds.rounded(.down))
        let micros = Int(((seconds - Double(whole)) * 1_000_000).rounded(.down))
        let days = Int((Double(whole) / 86_400).rounded(.down))
        let secondOfDay = whole - days * 86_400
        let (year, month, day) = { (date: CivilDate) in (date.year, date.month, date.day) }(CivilDate(day: days))
        appendDigits(year, 4)
        append(UInt8(ascii: "-"))
        appendDigits(month, 2)
        append(UInt8(ascii: "-"))
        appendDigits(day, 2)
        append(UInt8(ascii: " "))
        appendDigits(secondOfDay / 3600, 2)
        append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, 2)
        append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, 2)
        append(UInt8(ascii: "."))
        appendDigits(micros, 6)
        append(contentsOf: "+00".utf8)
    }

    private mutating func appendDigits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
