/// Finds the route for a method and path: 404 when no template fits, 405 with `Allow` when only the method is wrong.
public struct Router: Sendable {
    public let routes: [Route]

    public init(_ routes: [Route]) { self.routes = routes }

    public func match(method: String, path: String) throws(RequestError) -> (route: Route, parameters: PathParameters) {
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
