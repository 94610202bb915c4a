import Domain
import Handlers

/// Dashboards in memory, behind the same protocol as the PostgreSQL store, for handler tests.
final class InMemoryDashboardStore: DashboardStore {
    var dashboards: [ObjectID: Dashboard] = [:]
    var audit: [AuditEntry] = []

    func insert(_ dashboard: Dashboard, audit entry: AuditEntry) throws {
        dashboards[dashboard.id] = dashboard
        audit.append(entry)
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
