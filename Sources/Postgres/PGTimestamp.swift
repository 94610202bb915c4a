import Glibc

/// A `timestamptz` as seconds since the Unix epoch. Sent in binary (microseconds since 2000-01-01, exact, no
/// calendar arithmetic), read from the text form PostgreSQL writes in the session's UTC: `2026-11-22
/// 14:49:18.123456+00`, years beyond 9999 and ` BC` included.
public struct PGTimestamp: PGBindable, PGDecodable, Sendable, Equatable {
    public var seconds: Double

    public init(_ seconds: Double) { self.seconds = seconds }

    /// 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix seconds.
    static let postgresEpoch = 946_684_800.0

    public static var pgTypeOID: UInt32 { 1184 }

    public var pgValue: PGValue {
        let micros: Int64
        if seconds.isNaN {
            micros = 0
        } else {
            let exact = ((seconds - Self.postgresEpoch) * 1e6).rounded()
            // PostgreSQL's infinities are the extreme int64 values.
            micros = exact >= 9.2e18 ? .max : exact <= -9.2e18 ? .min : Int64(exact)
        }
        return .binary(withUnsafeBytes(of: micros.bigEndian) { Array($0) })
    }

    public init(pgCell cell: PGCell?) throws(PGError) {
        guard let cell else { throw PGError.decoding("NULL where a timestamp was expected") }
        guard let seconds = Self.parse(cell.bytes) else {
            throw PGError.decoding("not a timestamptz: \(String(decoding: cell.bytes, as: UTF8.self))")
        }
        self.seconds = seconds
    }

    /// Seconds of a timestamptz text in UTC (`+00` offset), or nil.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        if text.elementsEqual("infinity".utf8) { return .infinity }
        if text.elementsEqual("-infinity".utf8) { return -.infinity }
        var reader = TextReader(text)
        guard let year = reader.number(), reader.skip("-"), let month = reader.number(), reader.skip("-"),
            let day = reader.number(), reader.skip(" "), let hour = reader.number(), reader.skip(":"),
            let minute = reader.number(), reader.skip(":"), let second = reader.number()
        else { return nil }
        var fraction = 0.0
        if reader.skip(".") {
            var scale = 0.1
            while let digit = reader.digit() {
                fraction += Double(digit) * scale
                scale /= 10
            }
        }
        guard reader.skip("+"), let offset = reader.number(), offset == 0 else { return nil }
        let bc = reader.skip(" BC")
        guard reader.atEnd else { return nil }
        var parts = tm()
        parts.tm_year = Int32(clamping: (bc ? 1 - year : year) - 1900)
        (parts.tm_mon, parts.tm_mday) = (Int32(month - 1), Int32(day))
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (Int32(hour), Int32(minute), Int32(second))
        return Double(timegm(&parts)) + fraction
    }
}

/// Reads ASCII numbers and literals out of a cell's bytes.
struct TextReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func digit() -> Int? {
        guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - 48)
    }

    /// One or more digits (at most 18).
    mutating func number() -> Int? {
        let start = index
        var value = 0
        while index - start < 18, let digit = digit() { value = value * 10 + digit }
        return index > start ? value : nil
    }

    mutating func skip(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        let matches = literal.withUTF8Buffer { $0.elementsEqual(bytes[index..<(index + count)]) }
        if matches { index += count }
        return matches
    }
}
