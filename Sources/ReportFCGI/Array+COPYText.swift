import Domain

extension Array where Element == UInt8 {
    /// Text for COPY's text format; callers pass no tab, newline or backslash.
    mutating func appendText(_ text: String) { append(contentsOf: text.utf8) }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`, written digit by digit; a year past 9999 gets the digits it needs.
    mutating func appendTimestamp(_ seconds: Double) {
        let whole = Int(seconds.rounded(.down))
        let micros = Int(((seconds - Double(whole)) * 1_000_000).rounded(.down))
        let days = Int((Double(whole) / 86_400).rounded(.down))
        let secondOfDay = whole - days * 86_400
        let (year, month, day) = { (date: CivilDate) in (date.year, date.month, date.day) }(CivilDate(day: days))
        if year > 9999 { appendText(String(year)) } else { appendDigits(year, 4) }
        append(UInt8(ascii: "-"))
        appendDigits(month, 2)
        append(UInt8(ascii: "-"))
        appendDigits(day, 2)
        append(UInt8(ascii: " "))
        appendDigits(secondOfDay / 3600, 2)
        append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, 2)
        append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, 2)
        append(UInt8(ascii: "."))
        appendDigits(micros, 6)
        append(contentsOf: "+00".utf8)
    }

    private mutating func appendDigits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
