public import Handlers
import JSON
import Postgres

/// Dashboards in PostgreSQL; every write and its audit row share one transaction.
public struct PostgresDashboardStore: DashboardStore {
    let session: DatabaseSession

    public init(session: DatabaseSession) { self.session = session }

    static let columns =
        "id, owner_id, name, description, widgets::text, is_public, version, extract(epoch FROM created_at)::float8, extract(epoch FROM updated_at)::float8"

    public func insert(_ dashboard: Dashboard, audit: AuditEntry) throws {
        try session.withConnection { connection in
            try connection.transaction {
                try connection.query(
                    """
                    INSERT INTO dashboards (id, owner_id, name, description, widgets, is_public, version, created_at, updated_at)
                    VALUES (\(dashboard.id), \(dashboard.ownerID), \(dashboard.name), \(dashboard.description),
                            \(Self.widgetsText(dashboard.widgets))::json, \(dashboard.isPublic), \(dashboard.version),
                            to_timestamp(\(dashboard.createdAt)), to_timestamp(\(dashboard.updatedAt)))
                    """)
                try record(audit, on: connection)
            }
        }
    }

    public func find(id: String) throws -> Dashboard? {
        try session.withConnection { connection in
            let rows = try connection.query(
                "SELECT \(unescaped: Self.columns) FROM dashboards WHERE id = \(id)")
            return rows.rowCount == 0 ? nil : try Self.dashboard(rows, 0)
        }
    }

    public func update(_ dashboard: Dashboard, expectedVersion: Int, audit: AuditEntry) throws -> WriteOutcome {
        try session.withConnection { connection in
            try connection.transaction {
                let changed = try connection.query(
                    """
                    UPDATE dashboards
                    SET name = \(dashboard.name), description = \(dashboard.description),
                        widgets = \(Self.widgetsText(dashboard.widgets))::json, is_public = \(dashboard.isPublic),
                        version = version + 1, updated_at = to_timestamp(\(dashboard.updatedAt))
                    WHERE id = \(dashboard.id) AND version = \(expectedVersion)
                    RETURNING \(unescaped: Self.columns)
                    """)
                guard changed.rowCount == 1 else { return try missingOrConflict(dashboard.id, on: connection) }
                try record(audit, on: connection)
                return .done(try Self.dashboard(changed, 0))
            }
        }
    }

    public func delete(id: String, expectedVersion: Int, audit: AuditEntry) throws -> WriteOutcome {
        try session.withConnection { connection in
            try connection.transaction {
                let deleted = try connection.query(
                    "DELETE FROM dashboards WHERE id = \(id) AND version = \(expectedVersion)")
                guard deleted.affectedRows == 1 else { return try missingOrConflict(id, on: connection) }
                try record(audit, on: connection)
                return .done(nil)
            }
        }
    }

    public func list(_ query: DashboardListQuery) throws -> (dashboards: [Dashboard], total: Int) {
        let pattern = query.search.map { "%" + Self.escapeLike($0) + "%" }
        let column = query.sortBy == .name ? "name" : "created_at"
        let direction = query.sortOrder == .asc ? "ASC" : "DESC"
        return try session.withConnection { connection in
            let filter: PGQuery =
                """
                WHERE (\(query.seesAll) OR owner_id = \(query.viewer) OR is_public)
                  AND (\(pattern)::text IS NULL OR name ILIKE \(pattern) OR description ILIKE \(pattern))
                """
            let total = try connection.query(
                PGQuery(unsafeSQL: "SELECT count(*) FROM dashboards " + filter.sql, binds: filter.binds))
            // Only the ORDER BY words are spliced in, from the two enumerations; every value is a bind.
            let order = PGQuery(
                unsafeSQL: " ORDER BY \(column) \(direction), id \(direction)"
                    + " LIMIT $\(filter.binds.count + 1) OFFSET $\(filter.binds.count + 2)")
            let page = try connection.query(
                PGQuery(
                    unsafeSQL: "SELECT \(Self.columns) FROM dashboards " + filter.sql + order.sql,
                    binds: filter.binds + [String(query.limit), String(query.offset)]))
            let dashboards = try (0..<page.rowCount).map { try Self.dashboard(page, $0) }
            return (dashboards, total.int(0, 0) ?? 0)
        }
    }

    private func record(_ audit: AuditEntry, on connection: PGConnection) throws {
        try connection.query(
            """
            INSERT INTO audit_log (actor, action, entity_id, request_id, at)
            VALUES (\(audit.actor), \(audit.action), \(audit.entityID), \(audit.requestID), to_timestamp(\(audit.at)))
            """)
    }

    private func missingOrConflict(_ id: String, on connection: PGConnection) throws -> WriteOutcome {
        let exists = try connection.query("SELECT 1 FROM dashboards WHERE id = \(id)")
        return exists.rowCount == 0 ? .notFound : .conflict
    }

    /// `%`, `_` and the escape character itself match literally in a search term.
    static func escapeLike(_ term: String) -> String {
        var out = ""
        for scalar in term.unicodeScalars {
            if scalar == "\\" || scalar == "%" || scalar == "_" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    static func widgetsText(_ widgets: [Widget]) -> String { JSONWriter.string(.array(widgets.map(\.json))) }

    static func dashboard(_ rows: PGResult, _ row: Int) throws -> Dashboard {
        guard let id = rows.string(row, 0), let owner = rows.string(row, 1), let name = rows.string(row, 2),
            let widgetsText = rows.string(row, 4), let isPublic = rows.bool(row, 5), let version = rows.int(row, 6),
            let created = rows.double(row, 7), let updated = rows.double(row, 8)
        else { throw StoreError.failure(reason: "dashboard row with missing columns") }
        return Dashboard(
            id: id, ownerID: owner, name: name, description: rows.string(row, 3),
            widgets: try widgets(widgetsText), isPublic: isPublic, version: version, createdAt: created,
            updatedAt: updated)
    }

    static func widgets(_ text: String) throws -> [Widget] {
        guard case .array(let items) = try? JSONParser.parse(text, limits: JSONLimits(maxBytes: 1 << 22, maxDepth: 64))
        else { throw StoreError.failure(reason: "stored widgets are not a JSON array") }
        return try items.map { item in
            guard case .object(let object) = item,
                let type = object["type"]?.stringValue.flatMap(WidgetType.init(rawValue:)),
                let title = object["title"]?.stringValue,
                let source = object["dataSource"]?.stringValue.flatMap(DataSource.init(rawValue:)),
                let visualization = object["visualization"]?.stringValue, let config = object["config"]?.objectValue
            else { throw StoreError.failure(reason: "stored widget has an unexpected shape") }
            return Widget(type: type, title: title, dataSource: source, visualization: visualization, config: config)
        }
    }
}
