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
    private var random: SplitMix64
    /// Scales every user's daily activity so 100,000 users over 180 days give about 10 million events.
    static let activityScale = 0.094

    static let features = ["saved_search", "price_alert", "trip_planner", "reviews_filter", "map_view"]
    static let pages = ["home", "search", "results", "trip", "checkout", "account", "help"]
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

    public init(users: Int, days: Int, seed: UInt64, now: Double) {
        self.users = users
        self.days = days
        self.now = now
        self.random = SplitMix64(seed: seed)
    }

    var start: Double { now - Double(days) * 86_400 }

    /// One user's row and all their events, appended in COPY text format to the two buffers.
    mutating func user(_ index: Int, users out: inout [UInt8], events: inout [UInt8]) -> Int {
        let id = "u" + String(index + 1)
        let period = Double(days) * 86_400
        let signup: Double
        if random.unit() < 0.3 {
            signup = start - random.unit() * period / 2
        } else {
            signup = start + period * random.unit().squareRoot()  // density grows linearly: more signups lately
        }
        let premium = random.unit() < 0.2
        let engagement = random.unit() * random.unit()
        out.appendText(id)
        out.append(9)
        out.appendTimestamp(signup)
        out.append(9)
        out.appendText(premium ? "premium" : "free")
        out.append(10)

        var count = 0
        var session = 0
        let firstDay = max((signup / 86_400).rounded(.down), (start / 86_400).rounded(.down))
        let lastDay = (now / 86_400).rounded(.down)
        var day = firstDay
        while day <= lastDay {
            let dayStart = day * 86_400
            let age = max(0, (dayStart - signup) / 86_400)
            let weekday = (Int(day) + 3) % 7  // 0 = Monday for 1970-01-01, a Thursday
            var chance = (0.15 + 0.85 * engagement) * Self.activityScale * 10 / (1 + age / 45)
            if premium { chance *= 1.3 }
            if weekday >= 5 { chance *= 0.7 }
            if random.unit() < chance {
                let sessions = random.unit() < 0.3 ? 2 : 1
                for _ in 0..<sessions {
                    session += 1
                    let startTime = dayStart + Double(hour()) * 3600 + random.unit() * 3600
                    if startTime < signup || startTime > now { continue }
                    count += walk("\(id)-s\(session)", user: id, from: startTime, into: &events)
                }
            }
            day += 1
        }
        return count
    }

    /// One session through the funnel; returns the events written.
    private mutating func walk(_ session: String, user: String, from start: Double, into out: inout [UInt8]) -> Int {
        var time = start
        var count = 0
        func emit(_ data: inout SyntheticData, _ name: String, revenue: Double = 0, properties: String = "{}") {
            guard time <= data.now else { return }
            out.appendText(user)
            out.append(9)
            out.appendText(session)
            out.append(9)
            out.appendText(name)
            out.append(9)
            out.appendTimestamp(time)
            out.append(9)
            out.appendText(revenue == 0 ? "0" : String(Double(Int((revenue * 100).rounded())) / 100))
            out.append(9)
            out.appendText(properties)
            out.append(10)
            count += 1
            time += 5 + data.random.unit() * 85
        }
        func page(_ data: inout SyntheticData, _ name: String) {
            emit(&data, "page_view", properties: "{\"page\": \"\(name)\"}")
        }
        emit(&self, "session_start")
        page(&self, "home")
        for _ in 0..<Int(random.unit() * 3) { page(&self, Self.pages[Int(random.unit() * Double(Self.pages.count))]) }
        if random.unit() < 0.02 { emit(&self, "error") }
        if random.unit() < 0.25 {
            let pick = random.unit() * random.unit()  // earlier features are used more
            emit(&self, "feature_used", properties: "{\"feature\": \"\(Self.features[Int(pick * 5)])\"}")
        }
        guard random.unit() < 0.7 else { return count }
        emit(&self, "search")
        page(&self, "results")
        guard random.unit() < 0.6 else { return count }
        for _ in 0..<(1 + Int(random.unit() * 2)) {
            emit(&self, "trip_view")
            page(&self, "trip")
        }
        guard random.unit() < 0.35 else { return count }
        emit(&self, "booking_started")
        page(&self, "checkout")
        guard random.unit() < 0.6 else { return count }
        emit(&self, "booking_completed", revenue: 50 + random.unit() * 850)
        if random.unit() < 0.1 { emit(&self, "review_posted") }
        return count
    }

    private mutating func hour() -> Int {
        let pick = random.unit()
        return Self.hourCumulative.firstIndex { pick <= $0 } ?? 23
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
        var days = whole / 86_400
        let secondOfDay = whole - days * 86_400
        // Howard Hinnant's civil_from_days.
        days += 719_468
        let era = days / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
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
