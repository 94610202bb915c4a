/// A parameterised statement: every interpolated value becomes a `$n` bind, never SQL text.
///
/// ```swift
/// let query: PGQuery = "SELECT name FROM dashboards WHERE id = \(id) AND owner_id = \(owner)"
/// ```
public struct PGQuery: Sendable, ExpressibleByStringInterpolation {
    public private(set) var sql: String
    /// Text-format values for `$1`, `$2`...; nil is SQL NULL.
    public private(set) var binds: [String?]

    public init(stringLiteral value: String) {
        self.sql = value
        self.binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    /// A statement whose text the caller vouches for (static SQL from this code base, never input).
    public init(unsafeSQL sql: String, binds: [String?] = []) {
        self.sql = sql
        self.binds = binds
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) { sql += literal }

        public mutating func appendInterpolation(_ value: some PGBindable) { bind(value.pgText) }

        public mutating func appendInterpolation(_ value: (some PGBindable)?) { bind(value?.pgText) }

        /// Static SQL text, such as a column name chosen from an enumeration; never client input.
        public mutating func appendInterpolation(unescaped text: String) { sql += text }

        private mutating func bind(_ text: String?) {
            binds.append(text)
            sql += "$\(binds.count)"
        }
    }
}

/// A value that can be sent to PostgreSQL in text format.
public protocol PGBindable {
    var pgText: String { get }
}

extension String: PGBindable { public var pgText: String { self } }
extension Substring: PGBindable { public var pgText: String { String(self) } }
extension Int: PGBindable { public var pgText: String { String(self) } }
extension Int64: PGBindable { public var pgText: String { String(self) } }
extension Int32: PGBindable { public var pgText: String { String(self) } }
extension Double: PGBindable { public var pgText: String { "\(self)" } }
extension Bool: PGBindable { public var pgText: String { self ? "t" : "f" } }

extension Array: PGBindable where Element == String {
    /// A text[] literal with every element quoted and escaped.
    public var pgText: String {
        var out = "{"
        for (index, element) in self.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            for ch in element.unicodeScalars {
                if ch == "\"" || ch == "\\" { out += "\\" }
                out.unicodeScalars.append(ch)
            }
            out += "\""
        }
        return out + "}"
    }
}
