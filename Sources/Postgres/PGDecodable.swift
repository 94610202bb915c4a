import Glibc

/// One cell of a text-format result: its bytes, NUL-terminated as libpq keeps them.
public struct PGCell {
    public let pointer: UnsafePointer<CChar>
    public let count: Int

    public init(pointer: UnsafePointer<CChar>, count: Int) { (self.pointer, self.count) = (pointer, count) }

    public var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeRawPointer(pointer).withMemoryRebound(to: UInt8.self, capacity: count) {
            UnsafeBufferPointer(start: $0, count: count)
        }
    }
}

/// A value that can be read out of a text-format result cell; nil is SQL NULL.
public protocol PGDecodable {
    init(pgCell: PGCell?) throws(PGError)
}

extension Optional: PGDecodable where Wrapped: PGDecodable {
    public init(pgCell: PGCell?) throws(PGError) {
        guard let pgCell else {
            self = .none
            return
        }
        self = .some(try Wrapped(pgCell: pgCell))
    }
}

extension String: PGDecodable {
    public init(pgCell: PGCell?) throws(PGError) {
        guard let pgCell else { throw PGError.decoding("NULL where text was expected") }
        self = String(decoding: pgCell.bytes, as: UTF8.self)
    }
}

extension Bool: PGDecodable {
    public init(pgCell: PGCell?) throws(PGError) {
        guard let pgCell, pgCell.count == 1, pgCell.pointer.pointee == 0x74 || pgCell.pointer.pointee == 0x66 else {
            throw PGError.decoding("not a boolean")
        }
        self = pgCell.pointer.pointee == 0x74
    }
}

extension Int64: PGDecodable {
    /// An integer in PostgreSQL's text form: an optional minus and digits, parsed in place.
    public init(pgCell: PGCell?) throws(PGError) {
        guard let pgCell else { throw PGError.decoding("NULL where an integer was expected") }
        var end: UnsafeMutablePointer<CChar>?
        errno = 0
        let parsed = strtoll(pgCell.pointer, &end, 10)
        guard pgCell.count > 0, errno == 0, end == UnsafeMutablePointer(mutating: pgCell.pointer + pgCell.count) else {
            throw PGError.decoding("not an integer: \(String(decoding: pgCell.bytes, as: UTF8.self))")
        }
        self = parsed
    }
}

extension Int: PGDecodable {
    public init(pgCell: PGCell?) throws(PGError) { self = Int(try Int64(pgCell: pgCell)) }
}

extension Int32: PGDecodable {
    public init(pgCell: PGCell?) throws(PGError) {
        guard let value = Int32(exactly: try Int64(pgCell: pgCell)) else { throw PGError.decoding("int4 overflow") }
        self = value
    }
}

extension Double: PGDecodable {
    /// A float8 or numeric in text form (locale-free, as is the C locale this process keeps), `NaN` and
    /// `Infinity` included.
    public init(pgCell: PGCell?) throws(PGError) {
        guard let pgCell else { throw PGError.decoding("NULL where a number was expected") }
        var end: UnsafeMutablePointer<CChar>?
        let parsed = strtod(pgCell.pointer, &end)
        guard pgCell.count > 0, end == UnsafeMutablePointer(mutating: pgCell.pointer + pgCell.count) else {
            throw PGError.decoding("not a number: \(String(decoding: pgCell.bytes, as: UTF8.self))")
        }
        self = parsed
    }
}
