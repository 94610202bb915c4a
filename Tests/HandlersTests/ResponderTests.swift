import Auth
import Domain
import Handlers
import JSON
import Logging
import Testing

/// An authenticator that accepts the literal tokens it was given, with their principals.
struct TableAuthenticator: Authenticator {
    let principals: [String: Principal]

    func authenticate(authorization: String?, now: Double) throws(AuthError) -> Principal {
        guard let authorization, authorization.hasPrefix("Bearer "),
            let principal = principals[String(authorization.dropFirst(7))]
        else { throw .unauthorized(reason: "unknown test token") }
        return principal
    }
}

/// A health store whose database is up or down as the test says.
final class SwitchHealthStore: HealthStore {
    var up = true

    func pingDatabase() throws(StoreError) {
        if !up { throw .unavailable(reason: "test: database down", retryAfter: 2) }
    }
}

@Suite struct ResponderTests {
    let store = SwitchHealthStore()
    let logger = Logger(label: "test")
    let now = 1_795_358_958.0

    var responder: Responder {
        var routes = Routes.all(info: ServiceInfo(version: "9.9.9", startedAt: now - 42), signer: testSigner).routes
        routes.append(
            Route("GET", Routes.prefix + "/whoami") { context in
                context.json(["sub": .string(context.principal?.sub ?? "none")])
            })
        routes.append(Route("GET", Routes.prefix + "/boom") { _ in throw StoreError.failure(reason: "secret cause") })
        return Responder(
            router: Router(routes),
            authenticator: TableAuthenticator(principals: [
                "good": Principal(sub: "u1", role: "admin", permissions: ["analytics:dashboard"]),
                "plain": Principal(sub: "u2", role: "admin", permissions: []),
                "user": Principal(sub: "u3", role: "user", permissions: ["analytics:dashboard"]),
            ]))
    }

    func send(_ method: String, _ path: String, query: String = "", token: String? = nil) throws -> (
        Response, JSONObject
    ) {
        var headers: [String: String] = [:]
        if let token { headers["authorization"] = "Bearer \(token)" }
        let request = Request(method: method, path: Routes.prefix + path, query: query, headers: headers, id: "req-1")
        let response = responder.respond(
            to: request,
            services: Services(
                health: store, dashboards: InMemoryDashboardStore(), analytics: FixedAnalyticsStore(),
                exports: InMemoryExportStore()),
            logger: logger,
            now: now)
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        let body = try #require(try JSONParser.parse(response.body).objectValue)
        #expect(body.keys == ["server_time", "request_id", "data", "error"])
        #expect(body["request_id"] == "req-1")
        return (response, body)
    }

    @Test(arguments: [
        ("GET", "/health"), ("GET", "/custom/0123456789abcdef01234567"), ("PUT", "/custom/0123456789abcdef01234567"),
        ("DELETE", "/custom/0123456789abcdef01234567"), ("POST", "/custom"), ("POST", "/export"),
        ("GET", "/export/0123456789abcdef01234567"), ("GET", "/export/0123456789abcdef01234567/download"),
        ("GET", "/whoami"),
    ])
    func aRouteTakesNoQueryParameterItDoesNotDeclare(method: String, path: String) throws {
        let (response, body) = try send(method, path, query: "x=1&expires=2&y", token: "good")
        #expect(response.status == 400)
        let error = try #require(body["error"]?.objectValue)
        #expect(error["code"] == "E_VALIDATION")
        let fields = error["details"]?.arrayValue?.compactMap { $0.objectValue?["field"]?.stringValue }
        // The download takes the signed link's `expires` and `signature`; nothing else takes any.
        #expect(fields == (path.hasSuffix("/download") ? ["x", "y"] : ["x", "expires", "y"]))
    }

    @Test func theTokenComesBeforeTheQueryAndMalformedEscapesAreReported() throws {
        let (unauthorized, _) = try send("GET", "/custom/0123456789abcdef01234567", query: "x=1")
        #expect(unauthorized.status == 401)
        let (response, body) = try send("GET", "/health", query: "a=%zz")
        #expect(response.status == 400)
        #expect(body["error"]?.objectValue?["details"]?.arrayValue?.first?.objectValue?["field"] == "a")
    }

    @Test func healthIsOpenAndReportsUptime() throws {
        let (response, body) = try send("GET", "/health")
        #expect(response.status == 200)
        #expect(body["data"] == ["status": "ok", "database": "ok", "version": "9.9.9", "uptimeSeconds": 42])
        #expect(body["error"] == .null)
    }

    @Test func healthIs503WithRetryAfterWhileDatabaseIsDown() throws {
        store.up = false
        let (response, body) = try send("GET", "/health")
        #expect(response.status == 503)
        #expect(response.header("Retry-After") == "2")
        #expect(body["data"] == .null)
        #expect(body["error"]?.objectValue?["code"] == "E_SERVICE_UNAVAILABLE")
    }

    @Test func protectedRouteWithoutTokenIs401WithChallenge() throws {
        let (response, body) = try send("GET", "/whoami")
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate") == "Bearer error=\"invalid_token\"")
        #expect(body["error"]?.objectValue?["code"] == "E_UNAUTHORIZED")
        #expect(body["error"]?.objectValue?["message"] == "Missing or invalid authentication token")
    }

    @Test func privilegedCallerReachesTheHandler() throws {
        let (response, body) = try send("GET", "/whoami", token: "good")
        #expect(response.status == 200)
        #expect(body["data"] == ["sub": "u1"])
    }

    @Test(arguments: ["plain", "user"])
    func callerWithoutPrivilegeIs403(_ token: String) throws {
        let (response, body) = try send("GET", "/whoami", token: token)
        #expect(response.status == 403)
        #expect(body["error"]?.objectValue?["code"] == "E_FORBIDDEN")
    }

    @Test func unknownRouteIs404AndWrongMethodIs405() throws {
        let (missing, missingBody) = try send("GET", "/nothing")
        #expect(missing.status == 404)
        #expect(missingBody["error"]?.objectValue?["code"] == "E_NOT_FOUND")
        let (wrong, wrongBody) = try send("POST", "/health")
        #expect(wrong.status == 405)
        #expect(wrong.header("Allow") == "GET")
        #expect(wrongBody["error"]?.objectValue?["code"] == "E_METHOD_NOT_ALLOWED")
    }

    @Test func unexpectedFailureIs500WithoutItsCause() throws {
        let (response, body) = try send("GET", "/boom", token: "good")
        #expect(response.status == 500)
        #expect(body["error"] == ["code": "E_INTERNAL", "message": "Internal server error"])
    }
}

@Suite struct ErrorMappingTests {
    @Test(arguments: [
        (RequestError.routeNotFound as any Error, 404, "E_NOT_FOUND"),
        (RequestError.methodNotAllowed(allow: ["GET"]), 405, "E_METHOD_NOT_ALLOWED"),
        (RequestError.payloadTooLarge(limit: 1), 413, "E_PAYLOAD_TOO_LARGE"),
        (RequestError.truncatedBody, 400, "E_VALIDATION"),
        (RequestError.unsupportedMediaType, 415, "E_UNSUPPORTED_MEDIA_TYPE"),
        (RequestError.invalidJSON(reason: "x"), 400, "E_INVALID_JSON"),
        (RequestError.invalidID(field: "id"), 400, "E_INVALID_ID"),
        (RequestError.preconditionFailed, 412, "E_PRECONDITION_FAILED"),
        (ValidationFailure([FieldError("a", "b")]), 400, "E_VALIDATION"),
        (AuthError.unauthorized(reason: "x"), 401, "E_UNAUTHORIZED"),
        (AuthError.forbidden(reason: "x"), 403, "E_FORBIDDEN"),
        (StoreError.unavailable(reason: "x", retryAfter: 3), 503, "E_SERVICE_UNAVAILABLE"),
        (StoreError.failure(reason: "x"), 500, "E_INTERNAL"),
    ])
    func mapsEveryErrorToItsStatusAndCode(_ error: any Error, _ status: Int, _ code: String) {
        let mapped = MappedError.map(error)
        #expect(mapped.status == status)
        #expect(mapped.code == code)
    }

    @Test func validationKeepsEveryDetail() {
        let details = [FieldError("name", "is required"), FieldError("widgets[0].type", "must be one of: metric")]
        #expect(MappedError.map(ValidationFailure(details)).details == details)
    }
}
