import Crypto

/// A decoded query string: names and values in their order, repeats kept (contract section 6).
public struct QueryParameters: Sendable, Equatable {
    public struct Pair: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var pairs: [Pair]

    public init(_ pairs: [(String, String)]) { self.pairs = pairs.map { Pair(name: $0.0, value: $0.1) } }

    /// Form-decodes `a=1&b=x%20y+z`: `%XX` and `+` are decoded; a malformed escape or invalid UTF-8 fails
    /// that parameter, and every failing parameter is reported.
    public static func parse(_ query: String, maxPairs: Int = 100) throws(ValidationFailure) -> QueryParameters {
        var pairs: [(String, String)] = []
        var failures: [FieldError] = []
        guard !query.isEmpty else { return QueryParameters([]) }
        let fields = query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
        if fields.count > maxPairs {
            throw ValidationFailure([FieldError("query", "more than \(maxPairs) parameters")])
        }
        for field in fields {
            if field.isEmpty { continue }  // `a=1&&b=2`: an empty field names nothing
            let equals = field.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { field[field.startIndex..<$0] } ?? field[...]
            let rawValue = equals.map { field[field.index(after: $0)...] } ?? field[field.endIndex...]
            guard let name = decode(rawName) else {
                failures.append(FieldError(String(decoding: rawName, as: UTF8.self), "malformed percent-encoding"))
                continue
            }
            guard let value = decode(rawValue) else {
                failures.append(FieldError(name, "malformed percent-encoding"))
                continue
            }
            // No rule takes a NUL, and PostgreSQL could not be given one.
            if name.utf8.contains(0) || value.utf8.contains(0) {
                failures.append(FieldError(name, "must not contain a NUL character"))
                continue
            }
            pairs.append((name, value))
        }
        if !failures.isEmpty { throw ValidationFailure(failures) }
        return QueryParameters(pairs)
    }

    /// The values given for a name, in order.
    public func values(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The distinct names, in order of first appearance.
    public var names: [String] {
        var seen: [String] = []
        for pair in pairs where !seen.contains(pair.name) { seen.append(pair.name) }
        return seen
    }

    static func decode(_ bytes: Substring.UTF8View.SubSequence) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                guard first < bytes.endIndex else { return nil }
                let second = bytes.index(after: first)
                guard second < bytes.endIndex, let high = Hex.value(of: bytes[first]),
                    let low = Hex.value(of: bytes[second])
                else { return nil }
                out.append(high << 4 | low)
                index = second
            } else {
                out.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(validating: out, as: UTF8.self)
    }
}
