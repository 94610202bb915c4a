import Domain
import Glibc

/// Deterministic synthetic data that is plausible but hard for an analytics engine (`seed --shape wide`): the same
/// arguments always give the same rows (a seeded SplitMix64, no clock but the `now` given).
///
/// The shape: sessions of 5 to 40 events (most 7 to 12) whose names come in random order from the catalogue, so
/// that nearly every session's first ten names ("journey") differ: about a million journeys at 10 million events.
/// Page views over 5,000 pages and feature use over 2,000 features, both Zipf-like. Users' activity follows a power
/// law (a few with thousands of events, most with a few dozen); 35% signed up in the period before the range, the
/// rest during it; 20% premium. 2% of the events arrive late: they are written after every other row, so the table
/// is out of time order. Nine events have absurd timestamps: three in year 200000, three in 1990, three ten days
/// after `now`.
struct WideShapeData: SeedShape {
    let users: Int
    let days: Int
    let now: Double
    let seed: UInt64
    /// The late events' rows, held until every day is written, and their number.
    private(set) var late: [UInt8] = []
    private(set) var lateCount = 0

    static let pageCount = 5000
    static let featureCount = 2000
    /// The share of events that arrive late.
    static let lateShare = 0.02
    /// Sessions a day per unit of activity weight, so 100,000 users over 180 days give about 10 million events.
    static let activityScale = 0.0198
    /// The power law's exponent of the users' activity weights (at least 1).
    static let weightExponent = 1.2
    /// The heaviest weight: the busiest users make about 15,000 events in 180 days.
    static let maximumWeight = 400.0
    static let names = SyntheticData.names
    /// How often each of `names` is drawn, wherever it stands in a session.
    static let nameWeights: [Double] = [6, 26, 13, 13, 8, 5, 5, 12, 4]
    static let nameCumulative: [Double] = {
        var sum = 0.0
        let total = nameWeights.reduce(0, +)
        return nameWeights.map {
            sum += $0
            return sum / total
        }
    }()
    static let pageView = code("page_view")
    static let search = code("search")
    static let featureUsed = code("feature_used")
    static let bookingCompleted = code("booking_completed")

    /// A user's fixed traits, drawn from their own generator so they do not depend on the order of generation.
    struct Profile {
        var signup: Double
        var premium: Bool
        /// Sessions on an average weekday.
        var sessionsPerDay: Double
    }

    /// One event before it is written.
    struct Event {
        var time: Double
        var user: Int32
        var session: Int32
        var name: UInt8
        /// A page or feature index, or -1.
        var detail: Int16
        var revenue: Double
        var late: Bool
    }

    init(users: Int, days: Int, seed: UInt64, now: Double) {
        (self.users, self.days, self.seed, self.now) = (users, days, seed, now)
    }

    /// The generator for one user (day nil) or one user's day; a salt keeps it apart from the standard shape's.
    func generator(user: Int, day: Int?) -> SplitMix64 {
        SplitMix64(seed: seed ^ 0x5749_4445_0000_0000, user: user, day: day)
    }

    func profile(_ index: Int) -> Profile {
        var random = generator(user: index, day: nil)
        let period = Double(days) * 86_400
        let signup = random.unit() < 0.35 ? start - random.unit() * period : start + random.unit() * period
        let premium = random.unit() < 0.2
        let weight = min(Self.maximumWeight, pow(1 - random.unit(), -1 / Self.weightExponent))
        return Profile(
            signup: signup, premium: premium, sessionsPerDay: weight * Self.activityScale * (premium ? 1.2 : 1))
    }

    func userRows(_ profiles: [Profile], into out: inout [UInt8]) {
        for (index, profile) in profiles.enumerated() {
            SyntheticData.appendUser(index, signup: profile.signup, premium: profile.premium, into: &out)
        }
    }

    /// The day's on-time events, sorted by time, in COPY text format; returns how many. Its late events go to
    /// `late`, in the order they were made.
    mutating func day(_ day: Int, profiles: [Profile], into out: inout [UInt8]) -> Int {
        var events: [Event] = []
        let dayStart = Double(day) * 86_400
        let weekend = (day + 3) % 7 >= 5  // 1970-01-01 was a Thursday
        for (index, profile) in profiles.enumerated() where profile.signup < dayStart + 86_400 {
            var random = generator(user: index, day: day)
            let expected = profile.sessionsPerDay * (weekend ? 0.75 : 1)
            let sessions = Int(expected) + (random.unit() < expected - expected.rounded(.down) ? 1 : 0)
            for number in 0..<sessions {
                let startTime = dayStart + Double(SyntheticData.hour(&random)) * 3600 + random.unit() * 3600
                if startTime < profile.signup || startTime > now { continue }
                session(user: Int32(index), number: Int32(number), from: startTime, random: &random, into: &events)
            }
        }
        var onTime: [Event] = []
        onTime.reserveCapacity(events.count)
        for event in events {
            if event.late {
                Self.write(event, user: "u" + String(event.user + 1), day: day, marker: "-s", into: &late)
                lateCount += 1
            } else {
                onTime.append(event)
            }
        }
        onTime.sort { $0.time < $1.time }
        for event in onTime {
            Self.write(event, user: "u" + String(event.user + 1), day: day, marker: "-s", into: &out)
        }
        return onTime.count
    }

    /// The late events, then the absurd ones; returns how many.
    mutating func lateRows(into out: inout [UInt8]) -> Int {
        out.append(contentsOf: late)
        late = []
        let absurd = absurdEvents()
        for event in absurd {
            let day = Int((event.time / 86_400).rounded(.down))
            Self.write(event, user: "u" + String(event.user + 1), day: day, marker: "-x", into: &out)
        }
        return lateCount + absurd.count
    }

    /// Three events in year 200000, three in 1990 and three ten days after `now`, by three users.
    func absurdEvents() -> [Event] {
        var random = generator(user: users, day: -2)
        let instants = [
            Double(CivilDate(year: 200_000, month: 6, day: 1).dayNumber) * 86_400,
            Double(CivilDate(year: 1990, month: 3, day: 15).dayNumber) * 86_400, now + 10 * 86_400,
        ]
        var events: [Event] = []
        for (number, instant) in instants.enumerated() {
            let user = Int32(Int(random.unit() * Double(users)))
            for (step, name) in [Self.pageView, Self.search, Self.bookingCompleted].enumerated() {
                events.append(
                    Event(
                        time: instant + 3600 * 9.5 + Double(step) * 40, user: user, session: Int32(number), name: name,
                        detail: name == Self.pageView ? 0 : -1, revenue: name == Self.bookingCompleted ? 120 : 0,
                        late: false))
            }
        }
        return events
    }

    /// The days of the absurd events.
    var outlyingDays: [Int] {
        Set(absurdEvents().map { Int(($0.time / 86_400).rounded(.down)) }).filter { !dayNumbers.contains($0) }.sorted()
    }

    /// Sessions on `day` by users of `userIDs` (a power law: the first ones far more often) until there are at
    /// least `quota` events, sorted by time, in COPY text format; none arrives late. Returns how many.
    func olderDay(_ day: Int, events quota: Int, userIDs: [String], into out: inout [UInt8]) -> Int {
        var random = SplitMix64(seed: seed ^ 0x6F6C_6465_7200_0000, user: 0, day: day)
        var events: [Event] = []
        let dayStart = Double(day) * 86_400
        var number: Int32 = 0
        while events.count < quota {
            let user = Int32(Double(userIDs.count) * pow(random.unit(), 3))
            let startTime = dayStart + Double(SyntheticData.hour(&random)) * 3600 + random.unit() * 3600
            session(user: user, number: number, from: startTime, random: &random, into: &events)
            number += 1
        }
        events.sort { $0.time < $1.time }
        for event in events { Self.write(event, user: userIDs[Int(event.user)], day: day, marker: "-a", into: &out) }
        return events.count
    }

    /// One session: names in random order, 5 to 90 seconds apart, none after `now`; 2% of them arrive late.
    private func session(
        user: Int32, number: Int32, from start: Double, random: inout SplitMix64, into events: inout [Event]
    ) {
        var time = start
        for _ in 0..<Self.sessionLength(&random) {
            guard time <= now else { return }
            let name = Self.name(&random)
            var detail: Int16 = -1
            var revenue = 0.0
            switch name {
            case Self.pageView: detail = Int16(Self.zipf(&random, count: Self.pageCount))
            case Self.featureUsed: detail = Int16(Self.zipf(&random, count: Self.featureCount))
            case Self.bookingCompleted: revenue = 20 + random.unit() * 980
            default: break
            }
            let late = random.unit() < Self.lateShare
            events.append(
                Event(time: time, user: user, session: number, name: name, detail: detail, revenue: revenue, late: late)
            )
            time += 5 + random.unit() * 85
        }
    }

    /// 5 to 40: five plus an Erlang-3 draw of mean 4.5 (most sessions 7 to 12 events), or 20 to 40 for 3%.
    static func sessionLength(_ random: inout SplitMix64) -> Int {
        if random.unit() < 0.03 { return 20 + Int(random.unit() * 21) }
        let extra = -1.5 * (log(1 - random.unit()) + log(1 - random.unit()) + log(1 - random.unit()))
        return 5 + min(35, Int(extra))
    }

    /// The index of `name` in `names`.
    static func code(_ name: String) -> UInt8 { UInt8(names.firstIndex(of: name)!) }

    /// An index of `names`, drawn by `nameWeights`.
    static func name(_ random: inout SplitMix64) -> UInt8 {
        let pick = random.unit()
        return UInt8(nameCumulative.firstIndex { pick < $0 } ?? names.count - 1)
    }

    /// An index in 0..<count, index k about 1/(k+1) as likely as index 0: Zipf's law with exponent 1, drawn by
    /// inverting its continuous distribution.
    static func zipf(_ random: inout SplitMix64, count: Int) -> Int {
        min(count - 1, Int(exp(random.unit() * log(Double(count) + 1))) - 1)
    }

    /// One event in COPY text format; its session's id is the user's, the day and `marker` before its number.
    static func write(_ event: Event, user: String, day: Int, marker: String, into out: inout [UInt8]) {
        out.appendText(user)
        out.append(9)
        out.appendText(user + "-d" + String(day) + marker + String(event.session + 1))
        out.append(9)
        out.appendText(names[Int(event.name)])
        out.append(9)
        out.appendTimestamp(event.time)
        out.append(9)
        out.appendText(event.revenue == 0 ? "0" : String(Double(Int((event.revenue * 100).rounded())) / 100))
        out.append(9)
        switch event.name {
        case pageView: out.appendText("{\"page\": \"/p/" + String(event.detail + 1) + "\"}")
        case featureUsed: out.appendText("{\"feature\": \"f" + String(event.detail + 1) + "\"}")
        default: out.appendText("{}")
        }
        out.append(10)
    }
}
