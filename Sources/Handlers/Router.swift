/// Who may call a route. Routes are protected unless they say otherwise (deny by default).
public enum Access: Sendable {
    /// A verified admin token with the analytics privilege.
    case analyticsPrivilege
    /// Anyone: only `/health`.
    case open
    /// A signed link (checked by the route's `signedLinkCheck`) when the request has no `Authorization` header and
    /// its query carries a `signature`; otherwise as `analyticsPrivilege`. Only export downloads.
    case signedLinkOrPrivilege
}

/// Which query parameters a route takes. Like access, deny by default: a route takes none unless it says so
/// (contract section 6: an unknown parameter is 400).
public enum QueryRule: Sendable {
    /// No parameter at all.
    case none
    /// Only these names; the handler reads them.
    case only(Set<String>)
    /// The handler validates every parameter itself, unknown names included (`QueryValidator`).
    case validatedByHandler

    /// Throws a validation failure naming every parameter the route does not take (or that is malformed).
    func check(_ query: String) throws(ValidationFailure) {
        if case .validatedByHandler = self { return }
        guard !query.isEmpty else { return }
        let allowed: Set<String>
        if case .only(let names) = self { allowed = names } else { allowed = [] }
        let unknown = try QueryParameters.parse(query).names.filter { !allowed.contains($0) }
        if !unknown.isEmpty { throw ValidationFailure(unknown.map { FieldError($0, "unknown parameter") }) }
    }
}

/// A method, a path template such as `/api/analytics-dashboard/custom/:id`, and its handler.
public struct Route: Sendable {
    public typealias Handler = @Sendable (RequestContext) throws -> Response

    public let method: String
    public let template: String
    public let access: Access
    public let query: QueryRule
    let segments: [Segment]
    let handler: Handler
    /// For `.signedLinkOrPrivilege`: throws unless the request's signed link is valid.
    let signedLinkCheck: (@Sendable (Request, [String: String], Double) throws -> Void)?

    enum Segment: Equatable, Sendable {
        case literal(Substring)
        case parameter(String)
    }

    public init(
        _ method: String, _ template: String, access: Access = .analyticsPrivilege, query: QueryRule = .none,
        signedLinkCheck: (@Sendable (Request, [String: String], Double) throws -> Void)? = nil,
        handler: @escaping Handler
    ) {
        self.method = method
        self.template = template
        self.access = access
        self.query = query
        self.signedLinkCheck = signedLinkCheck
        self.handler = handler
        self.segments = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .literal($0)
        }
    }

    /// The path parameters when the path fits this template, else nil.
    func match(_ parts: [Substring]) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal): if literal != part { return nil }
            case .parameter(let name):
                if part.isEmpty { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }
}

/// Finds the route for a method and path: 404 when no template fits, 405 with `Allow` when only the method is wrong.
public struct Router: Sendable {
    public let routes: [Route]

    public init(_ routes: [Route]) { self.routes = routes }

    public func match(method: String, path: String) throws(RequestError) -> (route: Route, parameters: [String: String])
    {
        guard path.hasPrefix("/") else { throw .routeNotFound }
        let parts = Array(path.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
        var allowed: [String] = []
        for route in routes {
            guard let parameters = route.match(parts) else { continue }
            if route.method == method { return (route, parameters) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if allowed.isEmpty { throw .routeNotFound }
        throw .methodNotAllowed(allow: allowed)
    }
}
