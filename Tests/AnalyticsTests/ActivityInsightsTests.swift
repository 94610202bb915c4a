import Domain
import Testing

@testable import Analytics

/// `ActivityInsights` on a hand-built snapshot. Day 20_000 is 2024-10-04, a Friday; hour 480_000 is its 00:00 UTC.
@Suite struct ActivityInsightsTests {
    static let day: Int32 = 20_000
    static let hour0: Int32 = 480_000
    static let t0 = Double(hour0) * 3600

    /// Users: 0 premium, signed up 10 days before; 1 free, signed up at 06:00 on the day; 2 unknown (events only).
    /// Day: user 0 at 01:00 (3 events: visit, search) and 05:00 (2 events: trip view, booking, 150.00); user 1 at
    /// 07:00 (4 events: visit, feature used); user 2 at 23:00 (1 event: visit). Next day: user 0 at 02:00 (1 event).
    static func snapshot() -> ActivitySnapshot {
        var s = ActivitySnapshot()
        s.users.append(signup: t0 - 10 * 86_400, premium: true)
        s.users.append(signup: t0 + 6 * 3600, premium: false)
        s.users.append(signup: nil, premium: false)
        _ = s.journeys.append(s.journeys.key(of: "session_start,search"))
        _ = s.journeys.append(s.journeys.key(of: "session_start,feature_used"))
        _ = s.pages.intern("home")
        _ = s.features.intern("export")
        s.replace(
            day: day,
            with: ActivityDay(
                hours: [
                    UserHour(
                        hour: hour0 + 5, user: 0, events: 2, bookings: 1,
                        flags: [.tripView, .bookingStarted, .bookingCompleted], revenueCents: 15_000),
                    UserHour(hour: hour0 + 1, user: 0, events: 3, flags: [.visit, .search]),
                    UserHour(hour: hour0 + 7, user: 1, events: 4, flags: [.visit, .featureUsed]),
                    UserHour(hour: hour0 + 23, user: 2, events: 1, flags: [.visit]),
                ],
                sessions: [
                    SessionPart(start: t0 + 3600, user: 0, path: 0, exitPage: 0),
                    SessionPart(start: t0 + 7 * 3600 + 30, user: 1, path: 1, exitPage: -1),
                    SessionPart(start: t0 + 23 * 3600, user: 2, path: 0, exitPage: 0),
                ],
                features: [FeatureUse(firstAt: t0 + 7 * 3600 + 60, user: 1, feature: 0)]))
        s.replace(
            day: day + 1, with: ActivityDay(hours: [UserHour(hour: hour0 + 26, user: 0, events: 1, flags: [.visit])]))
        s.buildIndexes()
        return s
    }

    func compute(_ start: Double, _ end: Double, _ segment: UserSegment = .all, edges: EdgeRows = EdgeRows())
        -> InsightData
    {
        let query = InsightQuery(start: start, end: end, segment: segment, types: InsightType.allCases, limit: 20)
        return ActivityInsights(snapshot: Self.snapshot(), query: query).compute(edges: edges)
    }

    @Test func wholeDayForEveryone() {
        let data = compute(Self.t0, Self.t0 + 86_400)
        #expect(data.events == 10 && data.activeUsers == 3)
        #expect(data.dailyActiveUsers == [3])
        #expect(data.funnelUsers == [3, 1, 1, 1, 1])
        #expect(data.eventsByHour[1] == 3 && data.eventsByHour[5] == 2 && data.eventsByHour[7] == 4)
        #expect(data.eventsByWeekday == [0, 0, 0, 0, 10, 0, 0])  // a Friday
        #expect(data.sessions == 3)
        #expect(data.exitPages.map(\.page) == ["home"] && data.exitPages.map(\.sessions) == [2])
        #expect(data.journeys.map(\.path) == [["session_start", "search"], ["session_start", "feature_used"]])
        #expect(data.journeys.map(\.sessions) == [2, 1])
        // User 1 first used "export" 07:01, 1 h 1 min after signing up.
        #expect(data.features.map(\.feature) == ["export"] && data.features.map(\.users) == [1])
        #expect(abs((data.features.first?.medianDays ?? 0) - 3660 / 86_400.0) < 1e-9)
    }

    @Test func segmentsBySignupAndPlan() {
        let end = Self.t0 + 86_400
        #expect(compute(Self.t0, end, .new).activeUsers == 1)  // user 1 signed up inside
        #expect(compute(Self.t0, end, .returning).activeUsers == 1)  // user 0; user 2 has no signup
        #expect(compute(Self.t0, end, .premium).events == 5)
        #expect(compute(Self.t0, end, .free).events == 4)  // user 2 is in no plan segment
        #expect(compute(Self.t0, end, .active).activeUsers == 3)
        #expect(compute(Self.t0, end, .inactive).events == 0)
    }

    @Test func wholeHoursOnlyAndHalfOpen() {
        // [01:00, 07:00): user 0's two hours; the 07:00 hour and its session are out.
        let data = compute(Self.t0 + 3600, Self.t0 + 7 * 3600)
        #expect(data.events == 5 && data.activeUsers == 1 && data.sessions == 1)
        #expect(data.features.isEmpty)
    }

    @Test func edgeRowsStandInForPartialHours() {
        // [00:30, 23:30): whole hours 01:00..23:00 from the model, 23:00..23:30 from the tail edge rows.
        let tail = [UserHour(hour: Self.hour0 + 23, user: 1, events: 7, flags: [.search])]
        let data = compute(Self.t0 + 1800, Self.t0 + 23 * 3600 + 1800, edges: EdgeRows(tail: tail))
        #expect(data.events == 3 + 2 + 4 + 7)
        #expect(data.activeUsers == 2)
        #expect(data.funnelUsers == [2, 2, 1, 1, 1])
    }

    @Test func weeklyAndMonthlyLookBackFromTheEnd() {
        // The range is the second day only; the 7 and 30 days before its end hold all three users.
        let data = compute(Self.t0 + 86_400, Self.t0 + 2 * 86_400)
        #expect(data.activeUsers == 1)
        #expect(data.weeklyActiveUsers == 3 && data.monthlyActiveUsers == 3)
        let active = compute(Self.t0 + 86_400, Self.t0 + 2 * 86_400, .active)
        #expect(active.weeklyActiveUsers == 1)  // only those active in the range
    }

    @Test func emptyAndOutsideRanges() {
        let data = compute(Self.t0 + 10 * 86_400, Self.t0 + 12 * 86_400)
        #expect(data.events == 0 && data.dailyActiveUsers == [0, 0] && data.journeys.isEmpty)
    }

    @Test func hourSpans() {
        let aligned = HourSpan(start: 7200, end: 14_400)
        #expect(aligned.whole == 2..<4 && aligned.head.isEmpty && aligned.tail.isEmpty)
        let inside = HourSpan(start: 7300, end: 7400)
        #expect(inside.whole.isEmpty && inside.head == 7300..<7400 && inside.tail.isEmpty)
        let ragged = HourSpan(start: 7300, end: 11_000)
        #expect(ragged.whole.isEmpty && ragged.head == 7300..<10_800 && ragged.tail == 10_800..<11_000)
    }

    @Test func medianIsPercentileCont() {
        #expect(Median.of([]) == nil)
        #expect(Median.of([3, 1, 2]) == 2)
        #expect(Median.of([4, 1, 2, 3]) == 2.5)
        #expect(Median.of([5, 5, 5, 1]) == 5)
        // Selection agrees with sorting on many shuffled inputs with repeats.
        var state: UInt64 = 42
        for count in 1...200 {
            let values = (0..<count).map { _ -> Double in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double((state >> 33) % 50)
            }
            let sorted = values.sorted()
            let expected =
                count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            #expect(Median.of(values) == expected)
        }
    }

    @Test func topBreaksTiesByName() {
        var names = Vocabulary(capacity: 10)
        for name in ["b", "z", "a", "c"] { _ = names.intern(name) }
        names.rank()
        let counts: [Int32] = [2, 5, 2, 0]
        let top = counts.withUnsafeBufferPointer { counts in
            TopK.select(counts, limit: 2) { names.ranks[Int($0)] < names.ranks[Int($1)] }
        }
        #expect(top.map { names.names[Int($0)] } == ["z", "a"])
        let all = counts.withUnsafeBufferPointer { counts in
            TopK.select(counts, limit: 10) { names.ranks[Int($0)] < names.ranks[Int($1)] }
        }
        #expect(all.map { names.names[Int($0)] } == ["z", "a", "b"])
    }

    @Test func topKAgreesWithSortingOnManyTies() {
        var state: UInt64 = 7
        let counts = (0..<5_000).map { _ -> Int32 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int32((state >> 33) % 4)
        }
        let expected = counts.indices.filter { counts[$0] > 0 }.sorted {
            counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1
        }.prefix(37).map(Int32.init)
        let top = counts.withUnsafeBufferPointer { TopK.select($0, limit: 37) { $0 < $1 } }
        #expect(top == Array(expected))
    }

    @Test func journeysOrderByTheirNamesInTurn() {
        var catalog = JourneyCatalog()
        let ids = ["page_view,search", "page_view", "booking_started,page_view", "page_view,page_view"].map {
            catalog.append(catalog.key(of: $0))
        }
        catalog.rank()
        #expect(catalog.names(ids[2]) == ["booking_started", "page_view"])
        let sorted = ids.sorted(by: catalog.precedes).map { catalog.names($0).joined(separator: ",") }
        #expect(sorted == ["booking_started,page_view", "page_view", "page_view,page_view", "page_view,search"])
    }

    @Test func vocabulariesStopGrowingAtTheirCap() {
        var names = Vocabulary(capacity: 3)
        #expect(names.intern("a") == 0 && names.intern("b") == 1)
        #expect(names.intern("c") == 2 && names.intern("d") == 2)
        #expect(names.names == ["a", "b", Vocabulary.overflowName])
        #expect(names.intern("a") == 0)
    }
}
