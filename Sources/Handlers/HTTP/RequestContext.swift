public import Auth
public import Domain
public import JSON
public import Logging

/// What handlers reach the data through, all protocols of `Domain`: the worker's stores and the analytics engine.
public struct Services {
    public let health: any HealthStore
    public let dashboards: any DashboardStore
    public let analytics: any AnalyticsService
    public let exports: any ExportStore

    public init(
        health: any HealthStore, dashboards: any DashboardStore, analytics: any AnalyticsService,
        exports: any ExportStore
    ) {
        self.health = health
        self.dashboards = dashboards
        self.analytics = analytics
        self.exports = exports
    }
}

/// Everything a handler gets: the request, its path parameters, the verified caller and the worker's stores.
public struct RequestContext {
    public let request: Request
    public let parameters: PathParameters
    /// The verified caller; nil only on open routes.
    public let principal: Principal?
    public let services: Services
    public let logger: Logger
    /// The instant the request started, seconds since the epoch.
    public let now: Double

    /// A JSON envelope around `data`.
    public func json(_ data: JSONValue, status: Int = 200, headers: [(name: String, value: String)] = []) -> Response {
        Response(
            status: status, headers: [("Content-Type", Envelope.contentType)] + headers,
            body: Envelope.success(data, requestID: request.id, now: now))
    }

    /// The verified caller of a protected route (the responder guarantees one there).
    public var caller: Principal {
        guard let principal else { preconditionFailure("caller read on an open route") }
        return principal
    }

    /// The query string, decoded per contract section 6.
    public func query() throws(ValidationFailure) -> QueryParameters { try QueryParameters.parse(request.query) }

    /// The body as one JSON object: 415 unless it is declared application/json, 400 unless it parses to an object.
    public func jsonBody(limits: JSONLimits = JSONLimits()) throws(RequestError) -> JSONObject {
        let type = request.header("content-type") ?? ""
        let mediaType = type.split(separator: ";", maxSplits: 1).first.map {
            String($0).trimmingSpaces().lowercased()
        }
        guard mediaType == "application/json" else { throw .unsupportedMediaType }
        let value: JSONValue
        do { value = try JSONParser.parse(request.body, limits: limits) } catch {
            if case .numberOutOfRange = error { throw .numberOutOfRange(reason: error.description) }
            throw .invalidJSON(reason: error.description)
        }
        guard case .object(let object) = value else { throw .invalidJSON(reason: "body is a \(value.typeName)") }
        return object
    }
}
