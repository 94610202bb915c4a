import Domain

/// Numbers, days and instants as ASCII text, written straight into an output buffer: no locale, no
/// allocation on the common paths.
enum TextFormat {
    /// The most bytes `number`, `integer` or `day` write.
    static let maximumCount = 32

    /// Writes `value` (finite) as the shortest decimal text that reads back as the same Double, without an
    /// exponent for ordinary magnitudes (1e-5 up to 9e15: "1234.56", "-3.5", "0.00012"); other magnitudes
    /// and values that need more than 9 decimals fall back to Swift's shortest form, which may have an
    /// exponent ("1e+16", "0.30000000000000004"). `-0` is written as `0`. With `fractionMark`, a whole value
    /// keeps a ".0" so that a typed JSON reader sees a real, not an integer.
    static func number(_ value: Double, fractionMark: Bool, into out: UnsafeMutablePointer<UInt8>) -> Int {
        if value == 0 {
            out[0] = UInt8(ascii: "0")
            guard fractionMark else { return 1 }
            out[1] = UInt8(ascii: ".")
            out[2] = UInt8(ascii: "0")
            return 3
        }
        let magnitude = value.magnitude
        if magnitude >= 1e-5 && magnitude < 9e15 {
            // The fewest decimals k such that some integer n gives n / 10^k == value: n and 10^k are exact
            // Doubles, so the correctly rounded quotient is exactly what a reader parses from that text.
            var scale = 1.0
            for decimals in 0...9 {
                let scaled = magnitude * scale
                if scaled >= 9e15 { break }
                let digits = scaled.rounded()
                if digits / scale == magnitude {
                    return fixed(
                        negative: value < 0, digits: UInt64(digits), decimals: decimals, fractionMark: fractionMark,
                        into: out)
                }
                scale *= 10
            }
        }
        var text = value.description
        return text.withUTF8 { utf8 in
            let count = min(utf8.count, maximumCount)
            for index in 0..<count { out[index] = utf8[index] }
            return count
        }
    }

    /// Writes `negative`, `digits` with a decimal point `decimals` from the right ("-12.5"; "0.05").
    private static func fixed(
        negative: Bool, digits: UInt64, decimals: Int, fractionMark: Bool, into out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: up to 16 digits, most significant last
        return withUnsafeMutableBytes(of: &scratch) { raw in
            var reversed = 0
            var rest = digits
            repeat {
                raw[reversed] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                reversed += 1
            } while rest > 0
            while reversed <= decimals {  // leading zeros: 0.05 has digits "5", decimals 2
                raw[reversed] = UInt8(ascii: "0")
                reversed += 1
            }
            var count = 0
            if negative {
                out[0] = UInt8(ascii: "-")
                count = 1
            }
            for index in stride(from: reversed - 1, through: 0, by: -1) {
                out[count] = raw[index]
                count += 1
                if index == decimals && decimals > 0 {
                    out[count] = UInt8(ascii: ".")
                    count += 1
                }
            }
            if decimals == 0 && fractionMark {
                out[count] = UInt8(ascii: ".")
                out[count + 1] = UInt8(ascii: "0")
                count += 2
            }
            return count
        }
    }

    /// Writes `value` in decimal ("-42").
    static func integer(_ value: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        if value < 0 {
            out[0] = UInt8(ascii: "-")
            count = 1
        }
        var rest = value.magnitude
        var digitCount = 1
        var probe = rest / 10
        while probe > 0 {
            digitCount += 1
            probe /= 10
        }
        var index = count + digitCount - 1
        repeat {
            out[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        } while rest > 0
        return count + digitCount
    }

    /// Writes a UTC day number as `YYYY-MM-DD` (years outside 0...9999 get a sign or more digits, ISO 8601).
    static func day(_ dayNumber: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let date = CivilDate(day: dayNumber)
        var count = 0
        if date.year >= 0 && date.year <= 9999 {
            twoDigits(date.year / 100, into: out)
            twoDigits(date.year % 100, into: out + 2)
            count = 4
        } else {
            if date.year < 0 {
                out[0] = UInt8(ascii: "-")
                count = 1
            }
            count += integer(Int(date.year.magnitude), into: out + count)
        }
        out[count] = UInt8(ascii: "-")
        twoDigits(date.month, into: out + count + 1)
        out[count + 3] = UInt8(ascii: "-")
        twoDigits(date.day, into: out + count + 4)
        return count + 6
    }

    @inline(__always)
    private static func twoDigits(_ value: Int, into out: UnsafeMutablePointer<UInt8>) {
        out[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
        out[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
    }

    /// Runs one of the writers above into a scratch buffer and returns the text.
    static func string(_ write: (UnsafeMutablePointer<UInt8>) -> Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumCount) { scratch in
            let count = write(scratch.baseAddress!)
            return String(decoding: UnsafeBufferPointer(start: scratch.baseAddress!, count: count), as: UTF8.self)
        }
    }

    /// The text of a number for people: shortest round-trip text, or "" for NaN and infinities.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        return string { number(value, fractionMark: false, into: $0) }
    }

    /// `YYYY-MM-DD` for a UTC day number.
    static func day(_ dayNumber: Int) -> String {
        string { day(dayNumber, into: $0) }
    }

    /// An instant as RFC 3339 UTC: `2026-11-01T00:00:00Z`, with milliseconds when it has any
    /// (`…T14:49:18.123Z`); nil for NaN, infinities and instants beyond year 9999.
    static func instant(_ seconds: Double) -> String? {
        guard seconds.isFinite, seconds.magnitude < 253_402_300_800 else { return nil }
        let milliseconds = Int((seconds * 1000).rounded())
        let (days, rest) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let dayNumber = rest < 0 ? days - 1 : days
        let inDay = rest < 0 ? rest + 86_400_000 : rest
        return string { out in
            var count = day(dayNumber, into: out)
            out[count] = UInt8(ascii: "T")
            twoDigits(inDay / 3_600_000, into: out + count + 1)
            out[count + 3] = UInt8(ascii: ":")
            twoDigits(inDay / 60_000 % 60, into: out + count + 4)
            out[count + 6] = UInt8(ascii: ":")
            twoDigits(inDay / 1000 % 60, into: out + count + 7)
            count += 9
            if inDay % 1000 != 0 {
                out[count] = UInt8(ascii: ".")
                out[count + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: inDay % 1000 / 100)
                twoDigits(inDay % 100, into: out + count + 2)
                count += 4
            }
            out[count] = UInt8(ascii: "Z")
            return count + 1
        }
    }
}
