/// An `If-Match` precondition (RFC 9110 section 13.1.1): `*`, or a list of strong entity tags.
public enum IfMatch: Sendable, Equatable {
    case any
    case tags([String])

    /// Parses the header; nil when absent. Weak tags (`W/"1"`) never match, as strong comparison requires.
    public init?(header: String?) {
        guard let header else { return nil }
        let trimmed = header.trimmingSpaces()
        if trimmed == "*" {
            self = .any
            return
        }
        self = .tags(trimmed.split(separator: ",").map { String($0).trimmingSpaces() })
    }

    public func matches(_ etag: String) -> Bool {
        switch self {
        case .any: true
        case .tags(let tags): tags.contains(etag)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = self[...]
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
