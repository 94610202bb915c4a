import Domain

/// Reads typed values out of query parameters, collecting every failure; `finish` throws them all at once.
///
/// ```swift
/// var v = QueryValidator(query)
/// let limit = v.integer("limit", in: 1...100, default: 20)
/// let input = try v.finish { ListQuery(limit: limit) }
/// ```
public struct QueryValidator {
    private let parameters: QueryParameters
    private var consumed: Set<String> = []
    public private(set) var failures: [FieldError] = []

    public init(_ parameters: QueryParameters) { self.parameters = parameters }

    /// Records a failure found by the caller's own rule.
    public mutating func fail(_ field: String, _ message: String) { failures.append(FieldError(field, message)) }

    /// A scalar: given at most once, never empty.
    public mutating func string(_ name: String) -> String? {
        consumed.insert(name)
        let values = parameters.values(name)
        guard let first = values.first else { return nil }
        if values.count > 1 {
            fail(name, "must be given once")
            return nil
        }
        if first.isEmpty {
            fail(name, "must not be empty")
            return nil
        }
        return first
    }

    /// A required scalar.
    public mutating func requiredString(_ name: String) -> String? {
        let present = !parameters.values(name).isEmpty
        let value = string(name)
        if !present { fail(name, "is required") }
        return value
    }

    /// One of an enumeration's raw values.
    public mutating func oneOf<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type, default fallback: E)
        -> E where E.RawValue == String
    {
        oneOf(name, type) ?? fallback
    }

    public mutating func oneOf<E: RawRepresentable & CaseIterable>(
        _ name: String, _ type: E.Type, required: Bool = false
    )
        -> E? where E.RawValue == String
    {
        guard let raw = required ? requiredString(name) : string(name) else { return nil }
        guard let value = E(rawValue: raw) else {
            fail(name, "must be one of: " + E.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        return value
    }

    /// An integer of ASCII digits only (no sign, space, fraction or exponent) inside the range.
    public mutating func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) -> Int {
        guard let raw = string(name) else { return fallback }
        guard raw.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), raw.utf8.count <= 18,
            let value = Int(raw)
        else {
            fail(name, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
            return fallback
        }
        guard range.contains(value) else {
            fail(name, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
            return fallback
        }
        return value
    }

    /// An array: the key repeated, or comma-separated values, or both; each item one of the enumeration,
    /// no item twice, at most `maxCount` items.
    public mutating func list<E: RawRepresentable & CaseIterable & Equatable>(
        _ name: String, _ type: E.Type, maxCount: Int = 50
    ) -> [E]? where E.RawValue == String {
        consumed.insert(name)
        let values = parameters.values(name)
        guard !values.isEmpty else { return nil }
        let items = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard items.count <= maxCount else {
            fail(name, "at most \(maxCount) items")
            return nil
        }
        var result: [E] = []
        var valid = true
        for item in items {
            guard !item.isEmpty else {
                fail(name, "must not hold an empty item")
                valid = false
                continue
            }
            guard let value = E(rawValue: String(item)) else {
                fail(name, "'\(item)' is not one of: " + E.allCases.map(\.rawValue).joined(separator: ", "))
                valid = false
                continue
            }
            if result.contains(value) {
                fail(name, "'\(item)' is given twice")
                valid = false
                continue
            }
            result.append(value)
        }
        return valid ? result : nil
    }

    /// Adds a failure for every parameter no rule read, then throws all failures or builds the value.
    public mutating func finish<T>(_ build: () -> T) throws(ValidationFailure) -> T {
        for name in parameters.names where !consumed.contains(name) {
            fail(name, "unknown parameter")
        }
        if !failures.isEmpty { throw ValidationFailure(failures) }
        return build()
    }
}

extension QueryValidator {
    /// A date per contract section 6 that is not after `now`.
    public mutating func date(_ name: String, required: Bool, now: Double) -> Double? {
        guard let text = required ? requiredString(name) : string(name) else { return nil }
        switch DateRangeRule.instant(text, now: now) {
        case .success(let instant): return instant
        case .failure(let failure):
            fail(name, failure.message)
            return nil
        }
    }

    /// `startDate` and `endDate`, both required, end strictly after start, at most `maxDays` apart.
    public mutating func dateRange(now: Double, maxDays: Int = DateRangeRule.maximumDays) -> (
        start: Double, end: Double
    )? {
        let start = date("startDate", required: true, now: now)
        let end = date("endDate", required: true, now: now)
        guard let start, let end else { return nil }
        if let failure = DateRangeRule.endFailure(start: start, end: end, maximumDays: maxDays) {
            fail("endDate", failure)
            return nil
        }
        return (start, end)
    }

    /// A range the analytics engine answers for: `dateRange`, starting no earlier than the analytics window
    /// (the UTC day 731 days before today).
    public mutating func analyticsRange(now: Double) -> (start: Double, end: Double)? {
        guard let range = dateRange(now: now) else { return nil }
        let earliest = AnalyticsWindow.earliestStart(now: now)
        guard range.start >= earliest else {
            fail("startDate", "must be on or after \(CivilDate.text(Int(earliest / 86_400))) (the last 731 days)")
            return nil
        }
        return range
    }
}
