import Domain
import Testing

@testable import ReportFCGI

@Suite struct WideShapeDataTests {
    /// 2026-06-01T10:00:00Z.
    static let now = Double(CivilDate(year: 2026, month: 6, day: 1).dayNumber) * 86_400 + 36_000

    /// Every day's on-time rows and then the late ones, each row split into its six fields.
    static func rows(users: Int = 2000, days: Int = 30, seed: UInt64 = 1) -> (onTime: [[String]], late: [[String]]) {
        var data = WideShapeData(users: users, days: days, seed: seed, now: now)
        let profiles = (0..<users).map { data.profile($0) }
        var onTime: [UInt8] = []
        for day in data.dayNumbers { _ = data.day(day, profiles: profiles, into: &onTime) }
        var late: [UInt8] = []
        _ = data.lateRows(into: &late)
        return (split(onTime), split(late))
    }

    static func split(_ bytes: [UInt8]) -> [[String]] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func theSameSeedGivesTheSameRowsAndAnotherSeedOthers() {
        func firstDay(seed: UInt64) -> [UInt8] {
            var data = WideShapeData(users: 500, days: 10, seed: seed, now: Self.now)
            let profiles = (0..<500).map { data.profile($0) }
            var out: [UInt8] = []
            for day in data.dayNumbers.prefix(2) { _ = data.day(day, profiles: profiles, into: &out) }
            return out
        }
        let first = firstDay(seed: 7)
        #expect(first.count > 1000)
        #expect(firstDay(seed: 7) == first)
        #expect(firstDay(seed: 8) != first)
        #expect(String(decoding: first.prefix(200), as: UTF8.self).hasPrefix("u"))
    }

    @Test func pagesAndFeaturesComeFromVocabulariesOf5000And2000() {
        var random = SplitMix64(seed: 3)
        let pages = (0..<300_000).map { _ in WideShapeData.zipf(&random, count: 5000) }
        let features = (0..<300_000).map { _ in WideShapeData.zipf(&random, count: 2000) }
        #expect(pages.allSatisfy { (0..<5000).contains($0) })
        #expect(features.allSatisfy { (0..<2000).contains($0) })
        #expect(Set(pages).count > 4500)
        #expect(Set(features).count > 1950)
        // Zipf-like: the first page is seen about twice as often as the second, ten times as often as the tenth.
        let first = pages.count { $0 == 0 }
        #expect((1.6...2.6).contains(Double(first) / Double(pages.count { $0 == 1 })))
        #expect((6.0...14.0).contains(Double(first) / Double(pages.count { $0 == 9 })))
    }

    @Test func propertiesNameAPageOrAFeatureOfTheVocabulary() {
        let rows = Self.rows().onTime
        let pages = Set(rows.filter { $0[2] == "page_view" }.map(\.[5]))
        let features = Set(rows.filter { $0[2] == "feature_used" }.map(\.[5]))
        #expect(pages.count > 1500 && pages.allSatisfy { $0.hasPrefix("{\"page\": \"/p/") })
        #expect(features.count > 800 && features.allSatisfy { $0.hasPrefix("{\"feature\": \"f") })
        #expect(rows.filter { $0[2] == "booking_completed" }.allSatisfy { Double($0[4])! >= 20 })
        #expect(rows.filter { $0[2] != "booking_completed" }.allSatisfy { $0[4] == "0" })
    }

    @Test func sessionsHave5To40EventsInRandomOrder() {
        var random = SplitMix64(seed: 5)
        let lengths = (0..<100_000).map { _ in WideShapeData.sessionLength(&random) }
        #expect(lengths.min() == 5 && lengths.max() == 40)
        let mean = Double(lengths.reduce(0, +)) / Double(lengths.count)
        #expect((9.0...10.5).contains(mean))
        // Journeys (a session's first ten names) nearly never repeat: not a funnel walk.
        var sessions: [String: [String]] = [:]
        for row in Self.rows().onTime { sessions[row[1], default: []].append(row[2]) }
        let journeys = Set(sessions.values.map { $0.prefix(10).joined(separator: ",") })
        #expect(sessions.count > 3000)
        #expect(Double(journeys.count) > 0.9 * Double(sessions.count))
    }

    @Test func twoPercentOfTheEventsArriveLateAfterEveryOtherRow() {
        let (onTime, late) = Self.rows()
        let lateEvents = late.filter { !$0[1].contains("-x") }
        let share = Double(lateEvents.count) / Double(onTime.count + lateEvents.count)
        #expect((0.017...0.023).contains(share), "late share \(share)")
        // Each late event belongs to a session whose other events were written on time, earlier.
        let sessions = Set(onTime.map(\.[1]))
        #expect(lateEvents.count { sessions.contains($0[1]) } > lateEvents.count * 9 / 10)
        // Written after the last on-time row, they occurred hours (mostly days) before it.
        let hourBeforeLast = String(onTime.map(\.[3]).max()!.prefix(13))  // "YYYY-MM-DD HH"
        #expect(lateEvents.count { $0[3] < hourBeforeLast } > lateEvents.count * 9 / 10)
    }

    @Test func nineEventsHaveAbsurdTimestamps() {
        let absurd = Self.rows().late.filter { $0[1].contains("-x") }
        #expect(absurd.count == 9)
        #expect(absurd.count { $0[3].hasPrefix("200000-06-01 ") } == 3)
        #expect(absurd.count { $0[3].hasPrefix("1990-03-15 ") } == 3)
        #expect(absurd.count { $0[3].hasPrefix("2026-06-11 ") } == 3)
        let data = WideShapeData(users: 2000, days: 30, seed: 1, now: Self.now)
        #expect(data.outlyingDays.count == 3)
        #expect(data.outlyingDays.allSatisfy { !data.dayNumbers.contains($0) })
    }

    @Test func olderDaysHoldTheirQuotaOfEventsOnThatDay() {
        let data = WideShapeData(users: 10, days: 30, seed: 1, now: Self.now)
        let day = CivilDate(year: 2023, month: 12, day: 1).dayNumber
        var out: [UInt8] = []
        let count = data.olderDay(day, events: 5000, userIDs: ["a", "b", "c"], into: &out)
        let rows = Self.split(out)
        #expect(rows.count == count && (5000..<5040).contains(count))
        #expect(rows.allSatisfy { ["a", "b", "c"].contains($0[0]) && $0[3].hasPrefix("2023-12-0") })
    }
}
