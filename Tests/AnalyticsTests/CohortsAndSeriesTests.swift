import Domain
import Testing

@testable import Analytics

@Suite struct CohortsAndSeriesTests {
    /// 2026-09-28 (a Monday) is day 20_724; 2026-10-01 (a Thursday) is 20_727.
    @Test func periodIndexes() {
        let monday = CivilDate(year: 2026, month: 9, day: 28).dayNumber
        #expect(monday == 20_724)
        let weekly = CohortPeriod.weekly
        // Monday to Sunday share a week, across the month's end; the next Monday starts another.
        #expect((monday...monday + 6).allSatisfy { weekly.index(ofDay: $0) == weekly.index(ofDay: monday) })
        #expect(weekly.index(ofDay: monday + 7) == weekly.index(ofDay: monday) + 1)
        #expect(weekly.firstDay(ofIndex: weekly.index(ofDay: monday + 3)) == monday)
        #expect(weekly.firstDay(ofIndex: weekly.index(ofDay: 0)) == -3)  // 1969-12-29, a Monday
        let monthly = CohortPeriod.monthly
        #expect(monthly.index(ofDay: monday + 3) == 2026 * 12 + 9)  // October (month 10, index 9)
        #expect(CivilDate.text(monthly.firstDay(ofIndex: 2026 * 12 + 9)) == "2026-10-01")
        #expect(CivilDate.text(monthly.firstDay(ofIndex: 1969 * 12 + 11)) == "1969-12-01")
        #expect(CohortPeriod.daily.firstDay(ofIndex: monday) == monday)
    }

    @Test func civilDatesRoundTrip() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let date = CivilDate(day: day)
            #expect(CivilDate(year: date.year, month: date.month, day: date.day).dayNumber == day)
        }
        #expect(CivilDate(day: 0) == CivilDate(day: 0) && CivilDate(day: 0).year == 1970)
        #expect(CivilDate.text(20_727) == "2026-10-01")
    }

    /// A 40-day history from day 100. User 0 is active on days 100 and 120, user 1 on 100 and 110. A user is in
    /// day d's previous week when active in d-13...d-7, and churned when also not active in d-6...d.
    @Test func churnFromActiveDays() {
        var snapshot = ActivitySnapshot()
        snapshot.users.append(signup: 0, premium: false)
        snapshot.users.append(signup: 0, premium: false)
        snapshot.replace(
            day: 100,
            with: ActivityDay(hours: [
                UserHour(hour: 2400, user: 0, events: 1, flags: []),
                UserHour(hour: 2401, user: 1, events: 1, flags: []),
            ]))
        snapshot.replace(day: 110, with: ActivityDay(hours: [UserHour(hour: 2640, user: 1, events: 1, flags: [])]))
        snapshot.replace(day: 120, with: ActivityDay(hours: [UserHour(hour: 2880, user: 0, events: 1, flags: [])]))
        let series = ActivitySeries(snapshot: snapshot, start: 100 * 86_400, end: 140 * 86_400)
        let churn = series.values(.churnRate)
        #expect(churn.count == 40)
        // Day 107..109: previous week holds day 100 (both users); user 1 is back on 110, inside d-6...d for
        // d = 110..116, so days 107..109 have both churned (100 %), days 110..113 only user 0 (50 %).
        #expect(churn[7] == 100 && churn[9] == 100)
        #expect(churn[10] == 50 && churn[13] == 50)
        // Days 114..116: the previous week (d-13...d-7) holds neither day 100 nor day 110.
        #expect(churn[14] == 0 && churn[16] == 0)
        // 117..123: user 1's day 110 is in the previous week and they never came back: 100 %.
        #expect(churn[17] == 100 && churn[23] == 100)
        // 127..133: user 0's day 120, gone since: 100 %; 124..126 nobody in the previous week.
        #expect(churn[24] == 0 && churn[27] == 100 && churn[33] == 100 && churn[34] == 0)
    }

    @Test func sumsAndCumulativeUsers() {
        var snapshot = ActivitySnapshot()
        snapshot.users.append(signup: 99 * 86_400, premium: false)
        snapshot.users.append(signup: 101 * 86_400 + 5, premium: false)
        snapshot.users.append(signup: nil, premium: false)
        snapshot.replace(
            day: 100,
            with: ActivityDay(hours: [
                UserHour(hour: 2400, user: 0, events: 3, bookings: 2, flags: [.bookingCompleted], revenueCents: 1050)
            ]))
        snapshot.buildIndexes()
        let series = ActivitySeries(snapshot: snapshot, start: 100 * 86_400, end: 103 * 86_400)
        #expect(series.values(.revenue) == [10.5, 0, 0])
        #expect(series.values(.demandForecast) == [2, 0, 0])
        #expect(series.values(.userGrowth) == [1, 2, 2])  // the unknown user is not counted
    }
}
