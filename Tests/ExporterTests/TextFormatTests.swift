import Domain
import Testing

@testable import Exporter

@Suite struct TextFormatTests {
    private func number(_ value: Double, fractionMark: Bool = false) -> String {
        TextFormat.string { TextFormat.number(value, fractionMark: fractionMark, into: $0) }
    }

    @Test(arguments: [
        (1234.56, "1234.56"), (-3.5, "-3.5"), (0.1, "0.1"), (0.05, "0.05"), (0.00012, "0.00012"), (3, "3"),
        (-0.0, "0"), (1e15, "1000000000000000"), (123_456_789.125, "123456789.125"), (0.1 + 0.2, "0.30000000000000004"),
        (1e-7, "1e-07"), (1e300, "1e+300"), (5e-324, "5e-324"),
    ])
    func numbersAreShortestRoundTripText(value: Double, expected: String) {
        #expect(number(value) == expected)
        #expect(Double(number(value)) == value)
    }

    @Test func everyNumberReadsBackExactlyAndIsNoLongerThanSwiftsShortestForm() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            #expect(Double(number(value)) == value, "\(value)")
            if !value.description.contains("e") {
                #expect(number(value).count <= value.description.count, "\(value)")
            }
        }
    }

    @Test func centsHaveAtMostTwoDecimalsAndNoExponent() {
        for cents in stride(from: -10_000_000, through: 10_000_000, by: 997) {
            let value = Double(cents) / 100
            let text = number(value)
            #expect(Double(text) == value)
            #expect(!text.contains("e"))
            #expect((text.split(separator: ".").dropFirst().first?.count ?? 0) <= 2, "\(text)")
        }
    }

    @Test func fractionMarkKeepsWholeNumbersReal() {
        #expect(number(3, fractionMark: true) == "3.0")
        #expect(number(0, fractionMark: true) == "0.0")
        #expect(number(-2.5, fractionMark: true) == "-2.5")
    }

    @Test(arguments: [(0, "0"), (-42, "-42"), (Int.max, "9223372036854775807"), (Int.min, "-9223372036854775808")])
    func integersAreDecimal(value: Int, expected: String) {
        #expect(TextFormat.string { TextFormat.integer(value, into: $0) } == expected)
    }

    @Test(arguments: [
        (0, "1970-01-01"), (-1, "1969-12-31"), (11016, "2000-02-29"), (20454, "2026-01-01"), (2_932_896, "9999-12-31"),
        (-719_528, "0000-01-01"), (2_932_897, "10000-01-01"),
    ])
    func dayNumbersAreISODates(day: Int, expected: String) {
        #expect(TextFormat.day(day) == expected)
    }

    @Test func civilDatesMatchAStepByStepCalendar() {
        var year = 1900
        var month = 1
        var day = 1
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for dayNumber in -25567..<(-25567 + 80_000) {  // 1900-01-01 onwards
            #expect(CivilDate(day: dayNumber) == CivilDate(year: year, month: month, day: day))
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            day += 1
            if day > lengths[month - 1] + (month == 2 && leap ? 1 : 0) {
                day = 1
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                }
            }
        }
    }

    @Test func instantsAreRFC3339UTC() {
        #expect(TextFormat.instant(0) == "1970-01-01T00:00:00Z")
        #expect(TextFormat.instant(1_767_830_461.5) == "2026-01-08T00:01:01.500Z")
        #expect(TextFormat.instant(-1) == "1969-12-31T23:59:59Z")
        #expect(TextFormat.instant(.nan) == nil)
        #expect(TextFormat.readableInstant(1_767_225_600) == "2026-01-01 00:00 UTC")
    }

    @Test func displayRoundsToTenSignificantDigits() {
        #expect(TextFormat.display(0.1 + 0.2) == "0.3")
        #expect(TextFormat.display(12_345_678.9) == "12345678.9")
        #expect(TextFormat.display(.infinity) == "")
        #expect(TextFormat.grouped(100_000) == "100,000")
        #expect(TextFormat.grouped(-1234) == "-1,234")
    }
}
