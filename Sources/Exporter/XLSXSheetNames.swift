/// Turns table names into sheet names Excel accepts: at most 31 characters, none of `[ ] : * ? / \`, no
/// apostrophe at either end, not "History", and unique without regard to case ("Daily", "Daily (2)").
struct XLSXSheetNames {
    static let maximumCount = 31
    private var taken: Set<String> = []

    /// A valid, unused name close to `name`, now taken.
    mutating func claim(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            switch scalar {
            case "[", "]", ":", "*", "?", "/", "\\": scalars.append("_")
            case _ where scalar.value < 0x20 || scalar.value == 0x7f: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        var base = String(scalars).trimmingEdges { $0 == "'" || $0 == " " }
        if base.isEmpty { base = "Table" }
        if base.lowercased() == "history" { base = "History (table)" }
        var candidate = Self.prefix(base, fitting: Self.maximumCount)
        var number = 2
        while taken.contains(candidate.lowercased()) {
            let suffix = " (\(number))"
            candidate =
                Self.prefix(base, fitting: Self.maximumCount - suffix.utf16.count)
                .trimmingEdges { $0 == "'" || $0 == " " } + suffix
            number += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }

    /// The longest prefix of whole scalars with at most `count` UTF-16 units (Excel counts those).
    private static func prefix(_ text: String, fitting count: Int) -> String {
        var units = 0
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            units += scalar.utf16.count
            if units > count { break }
            result.append(scalar)
        }
        return String(result).trimmingEdges { $0 == "'" }
    }
}

extension String {
    /// The string without the leading and trailing scalars that match `drop`.
    func trimmingEdges(_ drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !drop($0) })!
        return String(scalars[first...last])
    }
}
