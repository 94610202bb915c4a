import Domain
import Handlers
import Testing

@Suite struct RouterTests {
    static func ok(_ context: RequestContext) throws -> Response { Response(status: 200) }

    let router = Router([
        Route("GET", "/api/x/custom", handler: ok),
        Route("POST", "/api/x/custom", handler: ok),
        Route("GET", "/api/x/custom/:id", handler: ok),
        Route("PUT", "/api/x/custom/:id", handler: ok),
        Route("DELETE", "/api/x/custom/:id", handler: ok),
        Route("GET", "/api/x/export/:jobId/download", handler: ok),
        Route("GET", "/api/x/health", access: .open, handler: ok),
    ])

    @Test func matchesLiteralPath() throws {
        let (route, parameters) = try router.match(method: "GET", path: "/api/x/health")
        #expect(route.template == "/api/x/health")
        #expect(route.access == .open)
        #expect(parameters.values.isEmpty)
    }

    @Test func capturesParameters() throws {
        let (route, parameters) = try router.match(method: "PUT", path: "/api/x/custom/65a1b2c3d4e5f60718293a4b")
        #expect(route.template == "/api/x/custom/:id")
        #expect(parameters.values == ["id": "65a1b2c3d4e5f60718293a4b"])
        let (download, jobParameters) = try router.match(method: "GET", path: "/api/x/export/abc/download")
        #expect(download.template == "/api/x/export/:jobId/download")
        #expect(jobParameters.values == ["jobId": "abc"])
    }

    @Test func routesAreProtectedByDefault() throws {
        let (route, _) = try router.match(method: "GET", path: "/api/x/custom")
        #expect(route.access == .analyticsPrivilege)
    }

    @Test(arguments: ["/api/x/nothing", "/api/x/custom/a/b", "/api/x/custom/", "/api/x/health/", "api/x/health", "/"])
    func unknownPathIsNotFound(_ path: String) {
        #expect(throws: RequestError.routeNotFound) { try router.match(method: "GET", path: path) }
    }

    @Test func wrongMethodListsAllowedMethods() {
        #expect(throws: RequestError.methodNotAllowed(allow: ["GET"])) {
            try router.match(method: "POST", path: "/api/x/health")
        }
        #expect(throws: RequestError.methodNotAllowed(allow: ["GET", "PUT", "DELETE"])) {
            try router.match(method: "PATCH", path: "/api/x/custom/1")
        }
        #expect(throws: RequestError.methodNotAllowed(allow: ["GET", "POST"])) {
            try router.match(method: "DELETE", path: "/api/x/custom")
        }
    }

    @Test func methodIsCaseSensitive() {
        #expect(throws: RequestError.methodNotAllowed(allow: ["GET"])) {
            try router.match(method: "get", path: "/api/x/health")
        }
    }
}
