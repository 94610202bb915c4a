import Domain
public import JSON

/// The body every JSON answer shares: `server_time`, `request_id`, `data`, `error`, in that order.
public enum Envelope {
    public static func success(_ data: JSONValue, requestID: String, now: Double) -> [UInt8] {
        JSONWriter.encode(
            .object(
                JSONObject([
                    ("server_time", .string(Timestamp.rfc3339(now))),
                    ("request_id", .string(requestID)),
                    ("data", data),
                    ("error", .null),
                ])))
    }

    public static func failure(
        code: String, message: String, details: [FieldError] = [], requestID: String, now: Double
    ) -> [UInt8] {
        var error = JSONObject([("code", .string(code)), ("message", .string(message))])
        if !details.isEmpty {
            error["details"] = .array(
                details.map { .object(JSONObject([("field", .string($0.field)), ("message", .string($0.message))])) })
        }
        return JSONWriter.encode(
            .object(
                JSONObject([
                    ("server_time", .string(Timestamp.rfc3339(now))),
                    ("request_id", .string(requestID)),
                    ("data", .null),
                    ("error", .object(error)),
                ])))
    }

    /// The content type of every envelope.
    public static let contentType = "application/json; charset=utf-8"
}
