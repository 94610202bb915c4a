import Glibc

/// Text for people (the PDF): rounded numbers, grouped counts, readable instants.
extension TextFormat {
    /// `value` rounded to 10 significant digits, then as shortest text ("0.3" for 0.1 + 0.2); "" when not
    /// finite.
    static func display(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        guard value != 0, value.magnitude < 1e15 else { return number(value) }
        let decimals = 9 - Int(floor(log10(value.magnitude)))
        guard decimals > 0, decimals <= 15 else { return number(value) }
        let scale = pow(10, Double(decimals))
        return number((value * scale).rounded() / scale)
    }

    /// A count with thousands separators: "100,000".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var text = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    /// An instant as `2026-11-01 00:00 UTC` (seconds shown when not zero); "unknown" when not finite.
    static func readableInstant(_ seconds: Double) -> String {
        guard let text = instant(seconds.rounded(.down)) else { return "unknown" }
        var readable = text.replacingFirst("T", with: " ").dropLast()  // the Z
        if readable.hasSuffix(":00") { readable = readable.dropLast(3) }
        return readable + " UTC"
    }
}

extension String {
    /// The string with its first `target` replaced.
    fileprivate func replacingFirst(_ target: Character, with replacement: Character) -> String {
        guard let index = firstIndex(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }
}
