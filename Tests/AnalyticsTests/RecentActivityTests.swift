import Domain
import Testing

@testable import Analytics

@Suite struct RecentActivityTests {
    /// now = 10,000 s; 5-minute windows (9,700, 10,000] and (9,400, 9,700].
    /// Events: user 0 page view at 9,500 (previous); user 0 booking 50.0 at 9,750 and page view at 9,760, user 1
    /// page view at 9,990, user 2 other at 10,000 (on the bound: current), user 1 page view at 10,001 (after now).
    /// Requests: 9,650 ok (previous); 9,800 error, 9,900 ok (current).
    static func window() -> RecentActivity {
        var rows = RecentRows()
        let events: [(Double, String, EventName?, Double)] = [
            (9_500, "u0", .pageView, 0), (9_750, "u0", .bookingCompleted, 50), (9_760, "u0", .pageView, 0),
            (9_990, "u1", .pageView, 0), (10_000, "u2", nil, 0), (10_001, "u1", .pageView, 0),
        ]
        for (time, user, name, revenue) in events {
            rows.eventTimes.append(time)
            rows.eventUsers.append(user)
            rows.eventNames.append(name)
            rows.eventRevenue.append(revenue)
        }
        rows.requestTimes = [9_650, 9_800, 9_900]
        rows.requestStatuses = [200, 503, 200]
        return RecentActivity(rows, from: 2_740, loadedAt: 10_001)
    }

    @Test func windowsAndMinutes() throws {
        let snapshot = try #require(Self.window().snapshot(now: 10_000, seconds: 300))
        var current = ActivityCounts(
            events: 4, pageViews: 2, revenue: 50, activeUsers: 3, converters: 1, requests: 2, errors: 1)
        current.bookings = 1
        #expect(snapshot.current == current)
        #expect(Self.window().userCount == 3)
        #expect(snapshot.previous == ActivityCounts(events: 1, pageViews: 1, activeUsers: 1, requests: 1))
        // Minutes 9,660 .. 9,960 (the first and last partial): 6 of them.
        #expect(snapshot.minutes.map(\.start) == [9_660, 9_720, 9_780, 9_840, 9_900, 9_960])
        #expect(snapshot.minutes[1].counts.events == 2 && snapshot.minutes[1].counts.activeUsers == 1)
        #expect(snapshot.minutes[5].counts.events == 2 && snapshot.minutes[5].counts.activeUsers == 2)
        #expect(snapshot.minutes[2].counts.errors == 1 && snapshot.minutes[4].counts.requests == 1)
    }

    @Test func refusesWindowsItDoesNotCover() {
        // The copy reaches back to 2,740 and an hour's two windows ending at 10,000 start at 2,800: covered. A copy
        // from 5,000 covers the 5-minute windows only.
        #expect(Self.window().snapshot(now: 10_000, seconds: 3_600) != nil)
        var late = Self.window()
        late.from = 5_000
        #expect(late.snapshot(now: 10_000, seconds: 3_600) == nil)
        #expect(late.snapshot(now: 10_000, seconds: 300) != nil)
    }
}
