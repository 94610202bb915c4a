import Glibc

/// An instant on the monotonic clock, for durations and deadlines; never a date, and not comparable with one.
public struct Monotonic: Comparable, Sendable {
    /// Nanoseconds since an unspecified start (the boot, on Linux).
    public let nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// The monotonic clock now.
    public static func now() -> Monotonic {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Monotonic(nanoseconds: UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
    }

    /// Seconds from `earlier` to this instant (negative when `earlier` is later).
    public func seconds(since earlier: Monotonic) -> Double {
        (Double(nanoseconds) - Double(earlier.nanoseconds)) / 1e9
    }

    /// Milliseconds elapsed since this instant.
    public var millisecondsElapsed: Double { Monotonic.now().seconds(since: self) * 1000 }

    /// The instant `seconds` later (or earlier, when negative; never before the clock's start).
    public func advanced(by seconds: Double) -> Monotonic {
        let delta = seconds * 1e9
        return Monotonic(
            nanoseconds: delta >= 0 ? nanoseconds &+ UInt64(delta) : nanoseconds - min(nanoseconds, UInt64(-delta)))
    }

    public static func < (a: Monotonic, b: Monotonic) -> Bool { a.nanoseconds < b.nanoseconds }
}
