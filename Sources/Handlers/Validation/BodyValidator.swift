public import JSON

/// Reads typed members out of a JSON object, collecting every failure with its path from the body's root.
///
/// Every member read is remembered; `finishObject` then reports each member no rule read as unknown, so a
/// client can never assign `ownerId`, `id`, `createdAt` or anything else the service owns.
public struct BodyValidator {
    /// How a string's content is checked beyond its length.
    public enum TextRule: Sendable {
        /// Any scalars but C0/C1 controls other than tab, CR and LF.
        case text
        /// At least one non-space scalar and no control character at all (names and titles).
        case title
    }

    public private(set) var failures: [FieldError] = []

    public init() {}

    public mutating func fail(_ path: String, _ message: String) { failures.append(FieldError(path, message)) }

    /// The path of a member below `base` (`widgets[3]` + `title` gives `widgets[3].title`).
    public static func path(_ base: String, _ member: String) -> String { base.isEmpty ? member : base + "." + member }

    /// A member that must be present (when `required`) and never null; returns nil after recording why.
    public mutating func member(_ object: JSONObject, _ name: String, at base: String, required: Bool) -> JSONValue? {
        let path = Self.path(base, name)
        guard let value = object[name] else {
            if required { fail(path, "is required") }
            return nil
        }
        if value == .null {
            fail(path, "must not be null")
            return nil
        }
        return value
    }

    /// A string whose length in Unicode scalars lies in `length`.
    public mutating func string(
        _ object: JSONObject, _ name: String, at base: String = "", required: Bool, length: ClosedRange<Int>,
        rule: TextRule = .text
    ) -> String? {
        guard let value = member(object, name, at: base, required: required) else { return nil }
        let path = Self.path(base, name)
        guard case .string(let text) = value else {
            fail(path, "must be a string, not \(value.typeName)")
            return nil
        }
        let count = text.unicodeScalars.count
        guard length.contains(count) else {
            fail(path, "must be \(length.lowerBound) to \(length.upperBound) characters long, not \(count)")
            return nil
        }
        switch rule {
        case .title:
            if text.unicodeScalars.contains(where: Self.isControl) {
                fail(path, "must not contain control characters")
                return nil
            }
            if !text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) {
                fail(path, "must contain a non-space character")
                return nil
            }
        case .text:
            if text.unicodeScalars.contains(where: { Self.isControl($0) && !["\t", "\n", "\r"].contains($0) }) {
                fail(path, "must not contain control characters other than tab and line breaks")
                return nil
            }
        }
        return text
    }

    /// One of an enumeration's raw values.
    public mutating func oneOf<E: RawRepresentable & CaseIterable>(
        _ object: JSONObject, _ name: String, _ type: E.Type, at base: String = "", required: Bool
    ) -> E? where E.RawValue == String {
        guard let value = member(object, name, at: base, required: required) else { return nil }
        let path = Self.path(base, name)
        guard case .string(let text) = value, let result = E(rawValue: text) else {
            fail(path, "must be one of: " + E.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        return result
    }

    /// A JSON boolean: `true` or `false`, never `"true"`, `1` or null.
    public mutating func bool(_ object: JSONObject, _ name: String, at base: String = "", required: Bool) -> Bool? {
        guard let value = member(object, name, at: base, required: required) else { return nil }
        guard case .bool(let flag) = value else {
            fail(Self.path(base, name), "must be a boolean, not \(value.typeName)")
            return nil
        }
        return flag
    }

    /// A JSON object.
    public mutating func object(_ object: JSONObject, _ name: String, at base: String = "", required: Bool)
        -> JSONObject?
    {
        guard let value = member(object, name, at: base, required: required) else { return nil }
        guard case .object(let inner) = value else {
            fail(Self.path(base, name), "must be an object, not \(value.typeName)")
            return nil
        }
        return inner
    }

    /// An array of `count` items, each read by `item` with its own path (`widgets[2]`).
    public mutating func array<T>(
        _ object: JSONObject, _ name: String, at base: String = "", required: Bool, count: ClosedRange<Int>,
        item: (inout BodyValidator, JSONValue, String) -> T?
    ) -> [T]? {
        guard let value = member(object, name, at: base, required: required) else { return nil }
        let path = Self.path(base, name)
        guard case .array(let items) = value else {
            fail(path, "must be an array, not \(value.typeName)")
            return nil
        }
        guard count.contains(items.count) else {
            fail(path, "must hold \(count.lowerBound) to \(count.upperBound) items, not \(items.count)")
            return nil
        }
        var results: [T] = []
        var complete = true
        for (index, element) in items.enumerated() {
            if let result = item(&self, element, "\(path)[\(index)]") {
                results.append(result)
            } else {
                complete = false
            }
        }
        return complete ? results : nil
    }

    /// Reports every member of `object` that is not in `known` as unknown.
    public mutating func rejectUnknownMembers(_ object: JSONObject, known: Set<String>, at base: String = "") {
        for key in object.keys where !known.contains(key) {
            fail(Self.path(base, key), "is not a known member")
        }
    }

    /// Throws every failure at once, or builds the value.
    public func finish<T>(_ build: () -> T?) throws(ValidationFailure) -> T {
        if !failures.isEmpty { throw ValidationFailure(failures) }
        guard let value = build() else { throw ValidationFailure([FieldError("body", "is incomplete")]) }
        return value
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
