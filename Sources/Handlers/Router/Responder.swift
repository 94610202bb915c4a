public import Auth
public import Domain
public import Logging

/// Verifies a request's credentials; implemented by the JWT verifier in `Auth`, by fakes in unit tests.
public protocol Authenticator: Sendable {
    func authenticate(authorization: String?, now: Double) throws(AuthError) -> Principal
}

/// Routes a request, enforces the route's access, runs the handler and maps every error to an envelope.
public struct Responder: Sendable {
    public let router: Router
    public let authenticator: any Authenticator

    public init(router: Router, authenticator: any Authenticator) {
        self.router = router
        self.authenticator = authenticator
    }

    public func respond(to request: Request, services: Services, logger: Logger, now: Double = Timestamp.now())
        -> Response
    {
        do {
            let (route, parameters) = try router.match(method: request.method, path: request.path)
            var principal: Principal?
            let signedLink =
                route.access == .signedLinkOrPrivilege && request.header("authorization") == nil
                && request.query.split(separator: "&").contains { $0.hasPrefix("signature=") }
            if signedLink {
                // Deny by default: a route without a check refuses every signed link.
                guard let check = route.signedLinkCheck else {
                    throw AuthError.forbidden(reason: "route takes no signed links")
                }
                try check(request, parameters, now)
            } else if route.access != .open {
                let caller = try authenticator.authenticate(authorization: request.header("authorization"), now: now)
                try caller.requireAnalyticsPrivilege()
                principal = caller
            }
            try route.query.check(request.query)
            let context = RequestContext(
                request: request, parameters: parameters, principal: principal, services: services, logger: logger,
                now: now)
            return try route.handler(context)
        } catch {
            return Self.errorResponse(error, request: request, logger: logger, now: now)
        }
    }

    /// The envelope for an error found before or during routing; the cause goes to the log only.
    public static func errorResponse(_ error: any Error, request: Request, logger: Logger, now: Double) -> Response {
        let mapped = MappedError.map(error)
        if let reason = mapped.logReason {
            let level: Logger.Level = mapped.status >= 500 ? .error : .notice
            logger.log(
                level: level, "request refused",
                metadata: [
                    "request.id": "\(request.id)", "error.code": "\(mapped.code)", "error.reason": "\(reason)",
                ])
        }
        return Response(
            status: mapped.status,
            headers: [("Content-Type", Envelope.contentType)] + mapped.headers.map { ($0.name, $0.value) },
            body: Envelope.failure(
                code: mapped.code, message: mapped.message, details: mapped.details, requestID: request.id, now: now))
    }
}

/// The service's authenticator is the HS256 verifier from `Auth`.
extension JWTVerifier: Authenticator {}
