import Glibc

/// Wall-clock time: seconds since the Unix epoch, and its RFC 3339 rendering in UTC. Durations use `Monotonic`.
public enum Timestamp {
    /// The wall clock now.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// `2026-11-22T14:49:18.123+00:00`: RFC 3339 with milliseconds and an explicit offset.
    public static func rfc3339(_ seconds: Double) -> String {
        var whole = Int64(seconds.rounded(.down))
        var millis = Int(((seconds - Double(whole)) * 1000).rounded())
        if millis >= 1000 {
            whole += 1
            millis -= 1000
        }
        let days = Int((Double(whole) / 86_400).rounded(.down))
        let second = Int(whole) - days * 86_400
        return CivilDate(day: days).text + "T" + pad(second / 3600, 2) + ":" + pad(second / 60 % 60, 2) + ":"
            + pad(second % 60, 2) + "." + pad(millis, 3) + "+00:00"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
