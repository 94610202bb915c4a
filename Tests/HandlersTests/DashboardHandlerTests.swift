import Auth
import Domain
import Handlers
import JSON
import Logging
import Testing

/// The dashboard endpoints through the responder, with an in-memory store: access rules, order of checks,
/// preconditions, audit rows, and the list's parameters.
@Suite struct DashboardHandlerTests {
    let store = InMemoryDashboardStore()
    let now = 1_795_358_958.0
    let responder = Responder(
        router: Routes.all(info: ServiceInfo(version: "t", startedAt: 0), signer: testSigner),
        authenticator: TableAuthenticator(principals: [
            "alice": Principal(sub: "alice", role: "admin", permissions: ["analytics:dashboard"]),
            "bob": Principal(sub: "bob", role: "admin", permissions: ["analytics:dashboard"]),
            "root": Principal(sub: "root", role: "super_admin", permissions: []),
        ]))

    static let widget: JSONValue = [
        "type": "metric", "title": "Users", "dataSource": "user_events", "visualization": "number", "config": [:],
    ]

    @discardableResult
    func send(
        _ method: String, _ path: String, as token: String, body: JSONValue? = nil, headers: [String: String] = [:]
    ) -> (status: Int, response: Response, body: JSONObject?) {
        var all = headers
        all["authorization"] = "Bearer \(token)"
        if body != nil, all["content-type"] == nil { all["content-type"] = "application/json" }
        let request = Request(
            method: method, path: Routes.prefix + path.split(separator: "?").first.map(String.init)!,
            query: path.contains("?") ? String(path.split(separator: "?")[1]) : "", headers: all,
            body: body.map { JSONWriter.encode($0) } ?? [], id: "rid")
        let response = responder.respond(
            to: request,
            services: Services(
                health: SwitchHealthStore(), dashboards: store, analytics: FixedAnalyticsStore(),
                exports: InMemoryExportStore()),
            logger: Logger(label: "t"), now: now)
        return (response.status, response, try? JSONParser.parse(response.body).objectValue)
    }

    func create(as token: String, name: String = "Board", isPublic: Bool = false) -> String {
        let (status, _, body) = send(
            "POST", "/custom", as: token,
            body: ["name": .string(name), "widgets": [Self.widget], "isPublic": .bool(isPublic)])
        #expect(status == 201)
        return body?["data"]?.objectValue?["id"]?.stringValue ?? ""
    }

    func errorCode(_ body: JSONObject?) -> String? { body?["error"]?.objectValue?["code"]?.stringValue }

    @Test func createAnswers201WithLocationETagAndOwner() throws {
        let (status, response, body) = send(
            "POST", "/custom", as: "alice", body: ["name": "Ops", "widgets": [Self.widget]])
        #expect(status == 201)
        let data = try #require(body?["data"]?.objectValue)
        let id = try #require(data["id"]?.stringValue)
        #expect(ObjectID(id)?.text == id)
        #expect(response.header("Location") == "/api/analytics-dashboard/custom/\(id)")
        #expect(response.header("ETag") == "\"1\"")
        #expect(data["ownerId"] == "alice")
        #expect(data["version"] == 1)
        #expect(data["isPublic"] == false)
        #expect(data["description"] == .null)
        #expect(data["createdAt"] == "2026-11-22T14:49:18.000+00:00")
        #expect(store.audit.map(\.action) == ["dashboard.create"])
        #expect(store.audit.first?.requestID == "rid")
    }

    @Test func aRetriedCreateWithTheSameKeyMakesOneDashboard() throws {
        let body: JSONValue = ["name": "Ops", "widgets": [Self.widget]]
        let key = ["idempotency-key": "create-1"]
        let first = send("POST", "/custom", as: "alice", body: body, headers: key)
        let again = send("POST", "/custom", as: "alice", body: body, headers: key)
        #expect(first.status == 201 && again.status == 201)
        #expect(first.body?["data"]?.objectValue?["id"] == again.body?["data"]?.objectValue?["id"])
        #expect(store.dashboards.count == 1 && store.audit.count == 1)
        let other = send("POST", "/custom", as: "bob", body: body, headers: key)
        #expect(other.status == 201 && store.dashboards.count == 2)
        let changed = send(
            "POST", "/custom", as: "alice", body: ["name": "Other", "widgets": [Self.widget]], headers: key)
        #expect(changed.status == 409 && errorCode(changed.body) == "E_IDEMPOTENCY_CONFLICT")
        let malformed = send("POST", "/custom", as: "alice", body: body, headers: ["idempotency-key": "a b"])
        #expect(malformed.status == 400 && errorCode(malformed.body) == "E_VALIDATION")
    }

    @Test func createNeedsJSONContentType() {
        let (status, _, body) = send(
            "POST", "/custom", as: "alice", body: ["name": "x"], headers: ["content-type": "text/plain"])
        #expect(status == 415)
        #expect(errorCode(body) == "E_UNSUPPORTED_MEDIA_TYPE")
    }

    @Test func invalidJSONBodyIs400InvalidJSON() {
        var request = Request(
            method: "POST", path: Routes.prefix + "/custom",
            headers: ["authorization": "Bearer alice", "content-type": "application/json"],
            body: Array(#"{"name":"a","name":"b"}"#.utf8), id: "r")
        let duplicate = responder.respond(
            to: request,
            services: Services(
                health: SwitchHealthStore(), dashboards: store, analytics: FixedAnalyticsStore(),
                exports: InMemoryExportStore()),
            logger: Logger(label: "t"))
        #expect(duplicate.status == 400)
        request.body = Array("[1]".utf8)
        let array = responder.respond(
            to: request,
            services: Services(
                health: SwitchHealthStore(), dashboards: store, analytics: FixedAnalyticsStore(),
                exports: InMemoryExportStore()),
            logger: Logger(label: "t"))
        #expect(array.status == 400)
        #expect(errorCode(try? JSONParser.parse(array.body).objectValue) == "E_INVALID_JSON")
    }

    @Test func privateDashboardIsReadableByOwnerAndSuperAdminOnly() {
        let id = create(as: "alice")
        #expect(send("GET", "/custom/\(id)", as: "alice").status == 200)
        #expect(send("GET", "/custom/\(id)", as: "root").status == 200)
        let (status, _, body) = send("GET", "/custom/\(id)", as: "bob")
        #expect(status == 403)
        #expect(errorCode(body) == "E_FORBIDDEN")
    }

    @Test func publicDashboardIsReadableByAnyPrivilegedAdminButNotChangeable() {
        let id = create(as: "alice", isPublic: true)
        #expect(send("GET", "/custom/\(id)", as: "bob").status == 200)
        #expect(send("PUT", "/custom/\(id)", as: "bob", body: ["name": "mine"]).status == 403)
        #expect(send("DELETE", "/custom/\(id)", as: "bob").status == 403)
        #expect(store.dashboards[ObjectID(id)!]?.name == "Board")
    }

    @Test func idIsCheckedBeforeExistence() {
        for bad in ["123", "zzzzzzzzzzzzzzzzzzzzzzzz", "65a1b2c3d4e5f60718293a4b0"] {
            let (status, _, body) = send("GET", "/custom/\(bad)", as: "alice")
            #expect(status == 400)
            #expect(errorCode(body) == "E_INVALID_ID")
        }
        let (status, _, body) = send("GET", "/custom/65a1b2c3d4e5f60718293a4b", as: "alice")
        #expect(status == 404)
        #expect(errorCode(body) == "E_DASHBOARD_NOT_FOUND")
    }

    @Test func idIsAcceptedInEitherCase() {
        let id = create(as: "alice")
        #expect(send("GET", "/custom/\(id.uppercased())", as: "alice").status == 200)
    }

    @Test func putChecksAccessBeforeTheBody() {
        let id = create(as: "alice")
        #expect(send("PUT", "/custom/\(id)", as: "bob", body: ["name": ""]).status == 403)
        #expect(send("PUT", "/custom/65a1b2c3d4e5f60718293a4b", as: "alice", body: ["name": ""]).status == 404)
        #expect(send("PUT", "/custom/\(id)", as: "alice", body: ["name": ""]).status == 400)
        #expect(send("PUT", "/custom/\(id)", as: "alice", body: [:]).status == 400)
    }

    @Test func putIsPartialAndBumpsVersion() throws {
        let id = create(as: "alice")
        let (status, response, body) = send("PUT", "/custom/\(id)", as: "alice", body: ["description": "new"])
        #expect(status == 200)
        #expect(response.header("ETag") == "\"2\"")
        let data = try #require(body?["data"]?.objectValue)
        #expect(data["name"] == "Board")
        #expect(data["description"] == "new")
        #expect(data["version"] == 2)
        #expect(store.audit.map(\.action) == ["dashboard.create", "dashboard.update"])
    }

    @Test func staleIfMatchIs412AndChangesNothing() {
        let id = create(as: "alice")
        #expect(
            send("PUT", "/custom/\(id)", as: "alice", body: ["name": "v2"], headers: ["if-match": "\"1\""]).status
                == 200)
        let (status, _, body) = send(
            "PUT", "/custom/\(id)", as: "alice", body: ["name": "v3"], headers: ["if-match": "\"1\""])
        #expect(status == 412)
        #expect(errorCode(body) == "E_PRECONDITION_FAILED")
        #expect(store.dashboards[ObjectID(id)!]?.name == "v2")
        #expect(send("DELETE", "/custom/\(id)", as: "alice", headers: ["if-match": "W/\"2\""]).status == 412)
        #expect(send("DELETE", "/custom/\(id)", as: "alice", headers: ["if-match": "\"1\", \"2\""]).status == 204)
        #expect(store.audit.map(\.action) == ["dashboard.create", "dashboard.update", "dashboard.delete"])
    }

    @Test func deleteIs204WithoutBody() {
        let id = create(as: "alice")
        let (status, response, _) = send("DELETE", "/custom/\(id)", as: "root")
        #expect(status == 204)
        #expect(response.body.isEmpty)
        #expect(send("GET", "/custom/\(id)", as: "alice").status == 404)
    }

    @Test func listHoldsOwnAndPublicDashboards() throws {
        _ = create(as: "alice", name: "a-private")
        _ = create(as: "alice", name: "a-public", isPublic: true)
        _ = create(as: "bob", name: "b-private")
        func names(_ token: String) -> [String] {
            let body = send("GET", "/custom?sortBy=name&sortOrder=asc", as: token).body
            return body?["data"]?.objectValue?["dashboards"]?.arrayValue?.compactMap {
                $0.objectValue?["name"]?.stringValue
            } ?? []
        }
        #expect(names("alice") == ["a-private", "a-public"])
        #expect(names("bob") == ["a-public", "b-private"])
        #expect(names("root") == ["a-private", "a-public", "b-private"])
    }

    @Test(arguments: [
        ("limit=51", "limit"), ("limit=0", "limit"), ("offset=-1", "offset"), ("sortBy=updatedAt", "sortBy"),
        ("sortOrder=up", "sortOrder"), ("search=", "search"), ("page=2", "page"), ("limit=5&limit=6", "limit"),
    ])
    func listRefusesBadParameters(_ query: String, _ field: String) throws {
        let (status, _, body) = send("GET", "/custom?\(query)", as: "alice")
        #expect(status == 400)
        let details = try #require(body?["error"]?.objectValue?["details"]?.arrayValue)
        #expect(details.compactMap { $0.objectValue?["field"]?.stringValue } == [field])
    }

    @Test func listPaginationReportsTotalAndHasMore() throws {
        for index in 0..<3 { _ = create(as: "alice", name: "n\(index)") }
        let body = send("GET", "/custom?limit=2&offset=0&sortBy=name&sortOrder=asc", as: "alice").body
        #expect(body?["data"]?.objectValue?["pagination"] == ["total": 3, "limit": 2, "offset": 0, "hasMore": true])
        let last = send("GET", "/custom?limit=50&offset=2", as: "alice").body
        #expect(last?["data"]?.objectValue?["pagination"] == ["total": 3, "limit": 50, "offset": 2, "hasMore": false])
        #expect(send("GET", "/custom?limit=1&offset=0", as: "alice").status == 200)
    }
}
