/// A parameterised statement: every interpolated value becomes a `$n` bind, never SQL text.
///
/// ```swift
/// let query: PGQuery = "SELECT name FROM dashboards WHERE id = \(id) AND owner_id = \(owner)"
/// ```
/// Queries concatenate with `+` (or interpolate with `\(fragment:)`); binds are renumbered, so a filter built once
/// can be shared by a count and a page.
public struct PGQuery: Sendable, ExpressibleByStringInterpolation {
    /// Literal SQL and binds in order; `sql` is rendered from them.
    enum Piece: Sendable {
        case literal(String)
        case bind
    }

    private var pieces: [Piece]
    public private(set) var binds: [PGBind]
    /// The statement text with `$1`, `$2`... in place of the binds.
    public private(set) var sql: String

    public init(stringLiteral value: String) {
        pieces = [.literal(value)]
        binds = []
        sql = value
    }

    public init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
        binds = stringInterpolation.binds
        sql = Self.render(pieces)
    }

    /// A statement whose text the caller vouches for (static SQL from this code base, never input), with its binds
    /// already numbered `$1`... in the text.
    public init(unsafeSQL sql: String, binds: [PGBind] = []) {
        self.sql = sql
        self.binds = binds
        pieces = [.literal(sql)]
        numbered = true
    }

    /// Text binds for `unsafeSQL:`; nil is SQL NULL.
    public init(unsafeSQL sql: String, textBinds: [String?]) {
        self.init(unsafeSQL: sql, binds: textBinds.map { PGBind(value: $0.map(PGValue.text), type: 0) })
    }

    /// Set for `unsafeSQL:` queries, whose numbers are already in the text: they cannot be renumbered.
    private var numbered = false

    /// `a` followed by `b`, `b`'s binds numbered after `a`'s.
    public static func + (a: PGQuery, b: PGQuery) -> PGQuery {
        precondition(!b.numbered || b.binds.isEmpty, "an unsafeSQL query with binds cannot be appended")
        var result = a
        result.pieces += b.pieces
        result.binds += b.binds
        result.sql = a.numbered ? a.sql + render(b.pieces, from: a.binds.count + 1) : render(result.pieces)
        return result
    }

    static func render(_ pieces: [Piece], from first: Int = 1) -> String {
        var sql = ""
        var number = first
        for piece in pieces {
            switch piece {
            case .literal(let text): sql += text
            case .bind:
                sql += "$\(number)"
                number += 1
            }
        }
        return sql
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []
        var binds: [PGBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            pieces.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) { pieces.append(.literal(literal)) }

        public mutating func appendInterpolation<T: PGBindable>(_ value: T) {
            append(PGBind(value: value.pgValue, type: T.pgTypeOID))
        }

        public mutating func appendInterpolation<T: PGBindable>(_ value: T?) {
            append(PGBind(value: value?.pgValue, type: T.pgTypeOID))
        }

        /// Static SQL text, such as a column name chosen from an enumeration; never client input.
        public mutating func appendInterpolation(unescaped text: String) { pieces.append(.literal(text)) }

        /// Another query's text and binds, renumbered in place.
        public mutating func appendInterpolation(fragment: PGQuery) {
            precondition(!fragment.numbered || fragment.binds.isEmpty, "an unsafeSQL query cannot be a fragment")
            pieces += fragment.pieces
            binds += fragment.binds
        }

        private mutating func append(_ bind: PGBind) {
            binds.append(bind)
            pieces.append(.bind)
        }
    }
}

/// One bound value and its type (0: the server infers it from the statement).
public struct PGBind: Sendable, Equatable {
    public var value: PGValue?
    public var type: UInt32

    public init(value: PGValue?, type: UInt32) { (self.value, self.type) = (value, type) }
}

/// A value as sent to PostgreSQL: text format, or binary for types that have an exact binary form.
public enum PGValue: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
}

/// A value that can be sent to PostgreSQL.
public protocol PGBindable {
    var pgValue: PGValue { get }
    /// The type's OID, or 0 to let the server infer it from where the bind stands.
    static var pgTypeOID: UInt32 { get }
}

extension PGBindable {
    public static var pgTypeOID: UInt32 { 0 }
}

/// A text-format value.
public protocol PGTextBindable: PGBindable {
    var pgText: String { get }
}

extension PGTextBindable {
    public var pgValue: PGValue { .text(pgText) }
}

extension String: PGTextBindable { public var pgText: String { self } }
extension Substring: PGTextBindable { public var pgText: String { String(self) } }
extension Int: PGTextBindable { public var pgText: String { String(self) } }
extension Int64: PGTextBindable { public var pgText: String { String(self) } }
extension Int32: PGTextBindable { public var pgText: String { String(self) } }
extension Double: PGTextBindable { public var pgText: String { "\(self)" } }
extension Bool: PGTextBindable { public var pgText: String { self ? "t" : "f" } }

extension Array: PGBindable, PGTextBindable where Element == String {
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

extension PGBind {
    /// A value of any bindable type, typed as the type says.
    public init<T: PGBindable>(_ value: T) { self.init(value: value.pgValue, type: T.pgTypeOID) }
}
