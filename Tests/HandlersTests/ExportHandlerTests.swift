import Auth
import Domain
import JSON
import Logging
import Testing

@testable import Handlers

@Suite struct ExportHandlerTests {
    let store = InMemoryExportStore()
    let dashboards = InMemoryDashboardStore()
    let signer = DownloadSigner(key: Array("a test key of thirty-two bytes!!".utf8))
    let now = 1_795_358_958.0  // 2026-11-22
    var responder: Responder {
        Responder(
            router: Routes.all(info: ServiceInfo(version: "t", startedAt: 0), signer: signer),
            authenticator: TableAuthenticator(principals: [
                "alice": Principal(sub: "alice", role: "admin", permissions: ["analytics:dashboard"]),
                "bob": Principal(sub: "bob", role: "admin", permissions: ["analytics:dashboard"]),
                "root": Principal(sub: "root", role: "super_admin", permissions: []),
            ]))
    }

    func send(
        _ method: String, _ path: String, query: String = "", body: String = "", as user: String? = "alice",
        headers: [String: String] = [:]
    ) -> (Int, JSONObject?, Response) {
        var all = headers
        if let user { all["authorization"] = "Bearer " + user }
        if !body.isEmpty { all["content-type"] = "application/json" }
        let request = Request(
            method: method, path: Routes.prefix + path, query: query, headers: all, body: Array(body.utf8), id: "r")
        let response = responder.respond(
            to: request,
            services: Services(
                health: SwitchHealthStore(), dashboards: dashboards, analytics: FixedAnalyticsStore(), exports: store),
            logger: Logger(label: "t"), now: now)
        return (response.status, try? JSONParser.parse(response.body).objectValue, response)
    }

    static let dataset =
        #"{"exportType": "dataset", "format": "csv", "dateRange": {"startDate": "2026-10-01", "endDate": "2026-10-08"}}"#

    func fields(_ body: JSONObject?) -> [String] {
        body?["error"]?.objectValue?["details"]?.arrayValue?.compactMap { $0.objectValue?["field"]?.stringValue } ?? []
    }

    @Test func createsAPendingJob() throws {
        let (status, body, response) = send("POST", "/export", body: Self.dataset)
        #expect(status == 200)
        let job = try #require(body?["data"]?.objectValue)
        #expect(job["status"] == "pending" && job["progress"] == .int(0) && job["downloadUrl"] == .null)
        #expect(job["metrics"]?.arrayValue?.count == 13)
        let id = try #require(job["jobId"]?.stringValue)
        #expect(response.header("Location") == Routes.prefix + "/export/" + id)
        #expect(store.jobs[ObjectID(id)!]?.ownerID == "alice")
    }

    @Test func everyFailingFieldIsListed() {
        let (status, body, _) = send(
            "POST", "/export",
            body: #"{"exportType": "dashboard", "format": "doc", "dateRange": {"startDate": "2026-13-01"}, "x": 1}"#,
            headers: ["idempotency-key": ""])
        #expect(status == 400)
        #expect(
            fields(body) == [
                "Idempotency-Key", "x", "format", "dashboardId", "dateRange.startDate", "dateRange.endDate",
            ])
    }

    @Test func idempotencyKeyReturnsTheFirstJob() throws {
        let first = send("POST", "/export", body: Self.dataset, headers: ["idempotency-key": "k1"])
        let again = send("POST", "/export", body: Self.dataset, headers: ["idempotency-key": "k1"])
        #expect(first.1?["data"]?.objectValue?["jobId"] == again.1?["data"]?.objectValue?["jobId"])
        #expect(store.jobs.count == 1)
        let other = send(
            "POST", "/export", body: Self.dataset.replacingOccurrences(of: "csv", with: "pdf"),
            headers: ["idempotency-key": "k1"])
        #expect(other.0 == 409 && fields(other.1) == ["Idempotency-Key"])
        #expect(other.1?["error"]?.objectValue?["code"] == "E_IDEMPOTENCY_CONFLICT")
    }

    @Test func aCallerWithFiveUnfinishedExportsIsRateLimited() throws {
        for _ in 0..<5 { #expect(send("POST", "/export", body: Self.dataset).0 == 200) }
        let (status, body, response) = send("POST", "/export", body: Self.dataset)
        #expect(status == 429 && body?["error"]?.objectValue?["code"] == "E_RATE_LIMITED")
        #expect(response.header("Retry-After") == "10")
        #expect(send("POST", "/export", body: Self.dataset, as: "bob").0 == 200)
        for id in store.jobs.keys { store.jobs[id]?.status = .completed }
        #expect(send("POST", "/export", body: Self.dataset).0 == 200)
    }

    @Test func jobsAreTheCreatorsAndSuperAdmins() throws {
        let (_, body, _) = send("POST", "/export", body: Self.dataset)
        let id = try #require(body?["data"]?.objectValue?["jobId"]?.stringValue)
        #expect(send("GET", "/export/" + id).0 == 200)
        #expect(send("GET", "/export/" + id, as: "bob").0 == 403)
        #expect(send("GET", "/export/" + id, as: "root").0 == 200)
        #expect(send("GET", "/export/" + id, as: nil).0 == 401)
        #expect(send("GET", "/export/xyz").0 == 400)
        #expect(send("GET", "/export/" + String(repeating: "a", count: 24)).0 == 404)
        // Not completed yet: 409.
        let (status, notReady, _) = send("GET", "/export/" + id + "/download")
        #expect(status == 409 && notReady?["error"]?.objectValue?["code"] == "E_EXPORT_NOT_READY")
    }

    /// A dataset job as a worker leaves it on completion, expiring `lifetime` seconds from now; returns its id.
    func completedJob(expiringIn lifetime: Double) throws -> String {
        let (_, body, _) = send("POST", "/export", body: Self.dataset)
        let id = try #require(body?["data"]?.objectValue?["jobId"]?.stringValue)
        store.jobs[ObjectID(id)!]?.status = .completed
        store.jobs[ObjectID(id)!]?.fileName = id + "-1.csv"
        store.jobs[ObjectID(id)!]?.expiresAt = now + lifetime
        return id
    }

    @Test func completedDownloadGoesThroughNginx() throws {
        let id = try completedJob(expiringIn: 3600)
        let (status, _, response) = send("GET", "/export/" + id + "/download")
        #expect(status == 200 && response.body.isEmpty)
        #expect(response.header("X-Accel-Redirect") == "/_exports/" + id + "-1.csv")
        #expect(response.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(
            response.header("Content-Disposition")
                == "attachment; filename=\"dataset-\(id).csv\"; filename*=UTF-8''dataset-\(id).csv")
        // The signed link works without a token; a changed one is 403; an expired one 404.
        let (_, read, _) = send("GET", "/export/" + id)
        let url = try #require(read?["data"]?.objectValue?["downloadUrl"]?.stringValue)
        let query = String(url.split(separator: "?")[1])
        #expect(send("GET", "/export/" + id + "/download", query: query, as: nil).0 == 200)
        let changed = query.replacingOccurrences(of: "expires=", with: "expires=1")
        #expect(send("GET", "/export/" + id + "/download", query: changed, as: nil).0 == 403)
        // Changes that keep the values (a leading zero, upper-case hex) are changes too.
        let padded = query.replacingOccurrences(of: "expires=", with: "expires=0")
        #expect(send("GET", "/export/" + id + "/download", query: padded, as: nil).0 == 403)
        let signature = try #require(query.split(separator: "&").first { $0.hasPrefix("signature=") })
        let upper = query.replacingOccurrences(of: String(signature), with: signature.uppercased())
            .replacingOccurrences(of: "SIGNATURE=", with: "signature=")
        #expect(upper != query)
        #expect(send("GET", "/export/" + id + "/download", query: upper, as: nil).0 == 403)
        let other = String(repeating: "b", count: 24)
        #expect(send("GET", "/export/" + other + "/download", query: query, as: nil).0 == 403)
        store.jobs[ObjectID(id)!]?.expiresAt = now - 1
        let expired = signer.query(id: ObjectID(id)!, expires: Int(now) - 1)
        #expect(send("GET", "/export/" + id + "/download", query: String(expired), as: nil).0 == 404)
        // A signed link only opens the download route.
        #expect(send("GET", "/export/" + id, query: query, as: nil).0 == 401)
    }

    @Test func clientsSeeOnlyTheContractsFourStatusesAndNoLinkPastExpiry() throws {
        let id = try completedJob(expiringIn: 10)
        func job() -> JSONObject? { send("GET", "/export/" + id).1?["data"]?.objectValue }
        #expect(job()?["status"] == "completed" && job()?["downloadUrl"]?.stringValue != nil)
        store.jobs[ObjectID(id)!]?.expiresAt = now  // past its expiry, before the cleanup pass
        #expect(job()?["status"] == "completed" && job()?["downloadUrl"] == .null)
        store.jobs[ObjectID(id)!]?.status = .expired  // the cleanup pass deleted the file
        #expect(job()?["status"] == "completed" && job()?["downloadUrl"] == .null)
        #expect(job()?["expiresAt"] == .string(Timestamp.rfc3339(now)))
        let (status, download, _) = send("GET", "/export/" + id + "/download")
        #expect(status == 404 && download?["error"]?.objectValue?["code"] == "E_FILE_NOT_FOUND")
        #expect(Set(ExportStatus.allCases.map(\.publicName)) == ["pending", "generating", "completed", "failed"])
    }

    @Test func contentDispositionEncodesNonASCII() {
        #expect(
            ExportHandler.contentDisposition("Zürich \"q\".csv")
                == "attachment; filename=\"Z_rich _q_.csv\"; filename*=UTF-8''Z%C3%BCrich%20%22q%22.csv")
    }
}
