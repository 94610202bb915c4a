import Domain
import JSON
import Testing

@testable import Handlers

/// The date-range rule, as query parameters and as the export body's `dateRange` both apply it.
@Suite struct DateRangeRuleTests {
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

    @Test func exportBodiesApplyTheSameRule() throws {
        let now = 1_795_358_958.0
        func failures(_ start: String, _ end: String) -> [FieldError] {
            let range: JSONValue = ["startDate": .string(start), "endDate": .string(end)]
            let body = JSONObject([("exportType", "dataset"), ("format", "csv"), ("dateRange", range)])
            do {
                _ = try ExportRules.request(body, now: now)
                return []
            } catch { return error.details }
        }
        #expect(failures("2026-01-01", "2026-02-01") == [])
        #expect(failures("2026-02-01", "2026-01-01") == [FieldError("dateRange.endDate", "must be after startDate")])
        #expect(
            failures("2024-01-01", "2026-01-02")
                == [FieldError("dateRange.endDate", "must be at most 731 days after startDate")])
        #expect(
            failures("2026-01-01", "2026-12-01") == [FieldError("dateRange.endDate", "must not be in the future")])
        #expect(
            failures("2026-02-30", "2026-03-01") == [FieldError("dateRange.startDate", DateRangeRule.malformed)])
    }
}
