/// Failures of the request itself, before or beside any business rule.
public enum RequestError: Error, Equatable, Sendable {
    /// No route has this path.
    case routeNotFound
    /// The path exists, but not for this method.
    case methodNotAllowed(allow: [String])
    /// The body is over the limit.
    case payloadTooLarge(limit: Int)
    /// The body is shorter than its Content-Length said (the client went away).
    case truncatedBody
    /// A POST or PUT whose Content-Type is not application/json.
    case unsupportedMediaType
    /// The body is not UTF-8 JSON, not an object, or repeats a member name.
    case invalidJSON(reason: String)
    /// The body is valid JSON with a number out of the range this service holds (64-bit integers, doubles).
    case numberOutOfRange(reason: String)
    /// A dashboard or export id in the path is not a 24-hex-digit ObjectId.
    case invalidID(field: String)
    /// `If-Match` does not match the current ETag.
    case preconditionFailed
    /// The `Idempotency-Key` was used before by the same caller for a different request.
    case idempotencyKeyReused
    /// The caller already has `limit` exports pending or generating.
    case tooManyActiveExports(limit: Int)
}
