/// Synthetic request metrics for `analytics_requests`, the same for every shape of seeded data: one request every
/// 4 to 20 seconds from `start` to `now`, about 1% server errors, and five 20-minute bursts at 30%.
struct SyntheticRequests {
    let start: Double
    let now: Double
    private var random: SplitMix64

    init(seed: UInt64, start: Double, now: Double) {
        (self.start, self.now) = (start, now)
        random = SplitMix64(seed: seed)
    }

    /// Requests from `from` up to `to` (at most 50,000, one COPY buffer), in COPY text format; returns the time
    /// reached and how many were written.
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
