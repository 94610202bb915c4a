import Auth
import Domain
import Glibc
import JSON

/// Endpoints 5 to 9: create, list, read, update and delete custom dashboards, with the owner/public rules.
public struct DashboardHandler: Sendable {
    static let path = Routes.prefix + "/custom"

    public init() {}

    /// POST `/custom`: 201 with the dashboard, `Location` and `ETag`; a repeated `Idempotency-Key` from the same
    /// caller answers with the dashboard it first made (409 when that request differed).
    public func create(_ context: RequestContext) throws -> Response {
        let body = try context.jsonBody()
        var failures: [FieldError] = []
        var input: NewDashboard?
        do { input = try DashboardRules.newDashboard(body) } catch { failures = error.details }
        var idempotency: Idempotency?
        do {
            idempotency = try IdempotencyKeyRule.read(
                context.request.header("idempotency-key"), fingerprinting: JSONWriter.string(.object(body)))
        } catch { failures = error.details + failures }
        guard let input, failures.isEmpty else { throw ValidationFailure(failures) }
        let id = ObjectID.generate(now: context.now)
        let dashboard = Dashboard(
            id: id, ownerID: context.caller.sub, name: input.name, description: input.description,
            widgets: input.widgets, isPublic: input.isPublic, version: 1, createdAt: context.now,
            updatedAt: context.now)
        let stored: Dashboard
        switch try context.services.dashboards.insert(
            dashboard, audit: audit(context, "dashboard.create", id), idempotency: idempotency)
        {
        case .created(let created), .existing(let created): stored = created
        case .keyReused, .tooManyActive: throw RequestError.idempotencyKeyReused
        }
        return context.json(
            stored.json, status: 201,
            headers: [("Location", Self.path + "/" + stored.id.text), ("ETag", stored.etag)])
    }

    /// GET `/custom`: the caller's own and every public dashboard (all of them for a super_admin).
    public func list(_ context: RequestContext) throws -> Response {
        var v = QueryValidator(try context.query())
        let search = v.string("search")
        if let search, search.unicodeScalars.count > 100 { v.fail("search", "must be at most 100 characters long") }
        let limit = v.integer("limit", in: 1...50, default: 20)
        let offset = v.integer("offset", in: 0...1_000_000, default: 0)
        let sortBy = v.oneOf("sortBy", DashboardListQuery.SortField.self, default: .createdAt)
        let sortOrder = v.oneOf("sortOrder", DashboardListQuery.SortOrder.self, default: .desc)
        let query = try v.finish {
            DashboardListQuery(
                search: search, sortBy: sortBy, sortOrder: sortOrder, limit: limit, offset: offset,
                viewer: context.caller.sub, seesAll: AccessPolicy.seesEveryDashboard(context.caller))
        }
        let (dashboards, total) = try context.services.dashboards.list(query)
        return context.json([
            "dashboards": .array(dashboards.map(\.json)),
            "pagination": [
                "total": .int(total), "limit": .int(limit), "offset": .int(offset),
                "hasMore": .bool(offset + dashboards.count < total),
            ],
        ])
    }

    /// GET `/custom/:id`: the owner, a super_admin, or anyone privileged for a public dashboard.
    public func read(_ context: RequestContext) throws -> Response {
        let dashboard = try load(context)
        try AccessPolicy.requireRead(dashboard, by: context.caller)
        return context.json(dashboard.json, headers: [("ETag", dashboard.etag)])
    }

    /// PUT `/custom/:id`: partial update by the owner or a super_admin; the body is checked only after access
    /// (spec order), then `If-Match` (RFC 9110: preconditions after the request's own checks).
    public func update(_ context: RequestContext) throws -> Response {
        let current = try loadForChange(context)
        let changes = try DashboardRules.changes(try context.jsonBody())
        let stored = try write(context, from: current, action: "dashboard.update") { current in
            var next = changes.applied(to: current)
            next.version = current.version + 1
            next.updatedAt = context.now
            return try context.services.dashboards.update(
                next, expectedVersion: current.version, audit: audit(context, "dashboard.update", current.id))
        }
        return context.json(stored.json, headers: [("ETag", stored.etag)])
    }

    /// DELETE `/custom/:id`: 204 for the owner or a super_admin; `If-Match` optional.
    public func delete(_ context: RequestContext) throws -> Response {
        let current = try loadForChange(context)
        _ = try write(context, from: current, action: "dashboard.delete") { current in
            try context.services.dashboards.delete(
                id: current.id, expectedVersion: current.version, audit: audit(context, "dashboard.delete", current.id)
            ).map { _ in current }
        }
        return Response(status: 204)
    }

    /// Runs a conditional write against concurrent writers. With `If-Match` a concurrent change is a 412; without
    /// it the write applies to whatever is current: a conflict re-reads the dashboard and tries again, with a short
    /// random pause, up to `attempts` times, then 503.
    func write(
        _ context: RequestContext, from first: Dashboard, action: String,
        _ attempt: (Dashboard) throws -> WriteOutcome<Dashboard>
    ) throws -> Dashboard {
        let precondition = IfMatch(header: context.request.header("if-match"))
        var current = first
        for round in 0..<Self.attempts {
            if round > 0 { Self.pause(before: round) }
            if let precondition, !precondition.matches(current.etag) { throw RequestError.preconditionFailed }
            switch try attempt(current) {
            case .done(let stored): return stored
            case .notFound: throw ResourceError.dashboardNotFound
            case .conflict:
                if precondition != nil { throw RequestError.preconditionFailed }
                current = try loadForChange(context)
            }
        }
        throw StoreError.unavailable(reason: "dashboard \(current.id) kept changing under \(action)", retryAfter: 1)
    }

    /// Tries of a write without `If-Match` against concurrent writers: each round lets at least one of them
    /// through, so this outlasts far more writers of one dashboard than there are worker threads; past it, 503.
    static let attempts = 64

    /// A short random pause (up to 0.2 ms times the attempt, capped at 5 ms), so that retrying writers spread out.
    static func pause(before attempt: Int) {
        usleep(UInt32.random(in: 0...UInt32(min(attempt * 200, 5_000))))
    }

    private func load(_ context: RequestContext) throws -> Dashboard {
        let id = try context.parameters.require("id", as: ObjectID.self)
        guard let dashboard = try context.services.dashboards.find(id: id) else {
            throw ResourceError.dashboardNotFound
        }
        return dashboard
    }

    private func loadForChange(_ context: RequestContext) throws -> Dashboard {
        let dashboard = try load(context)
        try AccessPolicy.requireChange(dashboard, by: context.caller)
        return dashboard
    }

    private func audit(_ context: RequestContext, _ action: String, _ id: ObjectID) -> AuditEntry {
        AuditEntry(
            actor: context.caller.sub, action: action, entityID: id, requestID: context.request.id, at: context.now)
    }
}
