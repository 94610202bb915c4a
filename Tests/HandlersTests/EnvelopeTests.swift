import Domain
import Handlers
import JSON
import Testing

@Suite struct EnvelopeTests {
    // 2026-11-22T14:49:18.123Z
    let now = 1_795_358_958.123

    @Test func successHasExactlyFourMembersInOrder() throws {
        let bytes = Envelope.success(["a": 1], requestID: "abc", now: now)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"server_time":"2026-11-22T14:49:18.123+00:00","request_id":"abc","data":{"a":1},"error":null}"#)
    }

    @Test func failureCarriesCodeMessageAndDetails() throws {
        let bytes = Envelope.failure(
            code: "E_VALIDATION", message: "Request validation failed",
            details: [FieldError("widgets[2].type", "must be one of: metric")], requestID: "r1", now: now)
        let object = try #require(try JSONParser.parse(bytes).objectValue)
        #expect(object.keys == ["server_time", "request_id", "data", "error"])
        #expect(object["data"] == .null)
        #expect(
            object["error"]
                == [
                    "code": "E_VALIDATION", "message": "Request validation failed",
                    "details": [["field": "widgets[2].type", "message": "must be one of: metric"]],
                ])
    }

    @Test func failureWithoutDetailsOmitsThem() throws {
        let object = try #require(
            try JSONParser.parse(
                Envelope.failure(code: "E_NOT_FOUND", message: "No such route", requestID: "r", now: now)
            )
            .objectValue)
        #expect(object["error"] == ["code": "E_NOT_FOUND", "message": "No such route"])
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000+00:00"), (951_782_400.999, "2000-02-29T00:00:00.999+00:00"),
        (1_795_358_958.0004, "2026-11-22T14:49:18.000+00:00"),
    ])
    func timestampsAreRFC3339WithOffset(_ seconds: Double, _ expected: String) {
        #expect(Timestamp.rfc3339(seconds) == expected)
    }
}
