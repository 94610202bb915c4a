import Auth
import Domain

/// The one place that turns any error into a status, an `E_` code, a client message and headers.
///
/// Handlers throw domain errors and never build error JSON themselves. Messages are generic: causes
/// go to the log under the request id, never to the client.
public struct MappedError: Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String
    public var details: [FieldError] = []
    public var headers: [Header] = []
    /// What the log should say about the cause (never sent to the client).
    public var logReason: String?

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public static func map(_ error: any Error) -> MappedError {
        switch error {
        case let failure as ValidationFailure:
            return MappedError(
                status: 400, code: "E_VALIDATION", message: "Request validation failed", details: failure.details)
        case let error as RequestError:
            return map(error)
        case let error as ResourceError:
            switch error {
            case .dashboardNotFound:
                return MappedError(status: 404, code: "E_DASHBOARD_NOT_FOUND", message: "No such dashboard")
            case .exportNotFound:
                return MappedError(status: 404, code: "E_EXPORT_NOT_FOUND", message: "No such export job")
            case .fileNotFound:
                return MappedError(status: 404, code: "E_FILE_NOT_FOUND", message: "Export file not found or expired")
            case .exportNotReady:
                return MappedError(
                    status: 409, code: "E_EXPORT_NOT_READY", message: "The export has not completed yet")
            }
        case let error as AuthError:
            switch error {
            case .unauthorized(let reason):
                return MappedError(
                    status: 401, code: "E_UNAUTHORIZED", message: "Missing or invalid authentication token",
                    headers: [Header(name: "WWW-Authenticate", value: "Bearer error=\"invalid_token\"")],
                    logReason: reason)
            case .forbidden(let reason):
                return MappedError(
                    status: 403, code: "E_FORBIDDEN", message: "Not allowed", logReason: reason)
            }
        case let error as StoreError:
            switch error {
            case .unavailable(let reason, let retryAfter):
                return MappedError(
                    status: 503, code: "E_SERVICE_UNAVAILABLE", message: "Service temporarily unavailable",
                    headers: [Header(name: "Retry-After", value: String(retryAfter))], logReason: reason)
            case .failure(let reason):
                return internalError(reason)
            }
        default:
            return internalError(String(describing: error))
        }
    }

    private static func map(_ error: RequestError) -> MappedError {
        switch error {
        case .routeNotFound:
            return MappedError(status: 404, code: "E_NOT_FOUND", message: "No such route")
        case .methodNotAllowed(let allow):
            return MappedError(
                status: 405, code: "E_METHOD_NOT_ALLOWED", message: "Method not allowed",
                headers: [Header(name: "Allow", value: allow.joined(separator: ", "))])
        case .payloadTooLarge(let limit):
            return MappedError(
                status: 413, code: "E_PAYLOAD_TOO_LARGE", message: "Request body over \(limit) bytes")
        case .truncatedBody:
            return MappedError(
                status: 400, code: "E_VALIDATION", message: "Request body shorter than its Content-Length",
                details: [FieldError("body", "shorter than Content-Length")])
        case .unsupportedMediaType:
            return MappedError(
                status: 415, code: "E_UNSUPPORTED_MEDIA_TYPE", message: "Content-Type must be application/json")
        case .invalidJSON(let reason):
            return MappedError(
                status: 400, code: "E_INVALID_JSON",
                message: "Body must be one UTF-8 JSON object without repeated members",
                logReason: reason)
        case .numberOutOfRange(let reason):
            return MappedError(
                status: 400, code: "E_VALIDATION", message: "Request validation failed",
                details: [FieldError("body", "holds a number out of range (integers: 64 bits; reals: double)")],
                logReason: reason)
        case .invalidID(let field):
            return MappedError(
                status: 400, code: "E_INVALID_ID", message: "Not a valid id: 24 hexadecimal digits expected",
                details: [FieldError(field, "must be 24 hexadecimal digits")])
        case .preconditionFailed:
            return MappedError(
                status: 412, code: "E_PRECONDITION_FAILED", message: "If-Match does not match the current ETag")
        case .idempotencyKeyReused:
            return MappedError(
                status: 409, code: "E_IDEMPOTENCY_CONFLICT",
                message: "This Idempotency-Key was already used for a different request",
                details: [FieldError("Idempotency-Key", "was already used for a different request")])
        case .tooManyActiveExports(let limit):
            return MappedError(
                status: 429, code: "E_RATE_LIMITED",
                message: "At most \(limit) exports may be pending or generating at once",
                headers: [Header(name: "Retry-After", value: "10")])
        }
    }

    private static func internalError(_ reason: String) -> MappedError {
        MappedError(status: 500, code: "E_INTERNAL", message: "Internal server error", logReason: reason)
    }
}
