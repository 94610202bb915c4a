import Handlers
import Testing

@Suite struct DateParserTests {
    @Test(arguments: [
        ("2026-11-22", 1_795_305_600.0), ("2026-11-22T14:49:18Z", 1_795_358_958.0),
        ("2026-11-22T14:49:18.5Z", 1_795_358_958.5), ("2026-11-22T16:49:18+02:00", 1_795_358_958.0),
        ("2026-11-22T09:49:18-05:00", 1_795_358_958.0), ("2024-02-29", 1_709_164_800.0),
        ("1970-01-01T00:00:00z", 0.0), ("2000-02-29t00:00:00.000000001Z", 951_782_400.000000001),
    ])
    func parsesDatesAndDateTimes(_ text: String, _ expected: Double) {
        #expect(DateParser.parse(text) == expected)
    }

    @Test(arguments: [
        "2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29", "2026-04-31", "2026-1-01", "26-01-01",
        "2026-01-01T00:00:00", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01 00:00:00Z",
        "2026-01-01T00:00:00+0100", "2026-01-01T00:00:00.Z", "2026-01-01Z", "", "yesterday", "2026-01-01T00:00:00Z ",
    ])
    func refusesWhatIsNotADate(_ text: String) {
        #expect(DateParser.parse(text) == nil)
    }

    @Test func validatorRefusesFutureReversedAndLongRanges() throws {
        let now = 1_795_358_958.0
        func failures(_ query: String) throws -> [FieldError] {
            var v = QueryValidator(try QueryParameters.parse(query))
            _ = v.dateRange(now: now)
            return v.failures
        }
        #expect(try failures("startDate=2026-01-01&endDate=2026-02-01") == [])
        #expect(
            try failures("startDate=2026-02-01&endDate=2026-01-01") == [
                FieldError("endDate", "must be after startDate")
            ])
        #expect(
            try failures("startDate=2026-01-01&endDate=2026-01-01") == [
                FieldError("endDate", "must be after startDate")
            ])
        #expect(
            try failures("startDate=2026-01-01&endDate=2026-12-01") == [
                FieldError("endDate", "must not be in the future")
            ])
        #expect(
            try failures("startDate=2024-01-01&endDate=2026-01-02")
                == [FieldError("endDate", "must be at most 731 days after startDate")])
        #expect(try failures("startDate=2024-01-01&endDate=2026-01-01") == [])
        #expect(
            try failures("endDate=2026-02-30")
                == [
                    FieldError("startDate", "is required"),
                    FieldError(
                        "endDate",
                        "must be an ISO 8601 date (YYYY-MM-DD) or date-time with Z or an offset, on a real day"),
                ])
    }
}
