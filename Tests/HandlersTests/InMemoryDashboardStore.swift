import Domain
import Handlers

/// Dashboards in memory, behind the same protocol as the PostgreSQL store, for handler tests.
final class InMemoryDashboardStore: DashboardStore {
    var dashboards: [ObjectID: Dashboard] = [:]
    var audit: [AuditEntry] = []

    /// Per (owner, key): the dashboard created and its request's fingerprint.
    var keys: [String: (id: ObjectID, fingerprint: String)] = [:]

    func insert(_ dashboard: Dashboard, audit entry: AuditEntry, idempotency: Idempotency?) throws
        -> CreateOutcome<Dashboard>
    {
        if let idempotency, let first = keys[dashboard.ownerID + " " + idempotency.key] {
            guard first.fingerprint == idempotency.fingerprint, let stored = dashboards[first.id] else {
                return .keyReused
            }
            return .existing(stored)
        }
        if let idempotency { keys[dashboard.ownerID + " " + idempotency.key] = (dashboard.id, idempotency.fingerprint) }
        dashboards[dashboard.id] = dashboard
        audit.append(entry)
        return .created(dashboard)
    }

    func find(id: ObjectID) throws -> Dashboard? { dashboards[id] }

    func update(_ dashboard: Dashboard, expectedVersion: Int, audit entry: AuditEntry) throws -> WriteOutcome<Dashboard>
    {
        guard let current = dashboards[dashboard.id] else { return .notFound }
        guard current.version == expectedVersion else { return .conflict }
        var stored = dashboard
        stored.version = current.version + 1
        dashboards[dashboard.id] = stored
        audit.append(entry)
        return .done(stored)
    }

    func delete(id: ObjectID, expectedVersion: Int, audit entry: AuditEntry) throws -> WriteOutcome<Void> {
        guard let current = dashboards[id] else { return .notFound }
        guard current.version == expectedVersion else { return .conflict }
        dashboards[id] = nil
        audit.append(entry)
        return .done(())
    }

    func list(_ query: DashboardListQuery) throws -> (dashboards: [Dashboard], total: Int) {
        let visible = dashboards.values.filter { query.seesAll || $0.ownerID == query.viewer || $0.isPublic }
        let matching = visible.filter { dashboard in
            guard let term = query.search?.lowercased() else { return true }
            return dashboard.name.lowercased().contains(term)
                || (dashboard.description?.lowercased().contains(term) ?? false)
        }
        let sorted = matching.sorted { a, b in
            let ascending: Bool
            switch query.sortBy {
            case .name: ascending = a.name == b.name ? a.id.text < b.id.text : a.name < b.name
            case .createdAt: ascending = a.createdAt == b.createdAt ? a.id.text < b.id.text : a.createdAt < b.createdAt
            }
            return query.sortOrder == .asc ? ascending : !ascending
        }
        return (Array(sorted.dropFirst(query.offset).prefix(query.limit)), matching.count)
    }
}
