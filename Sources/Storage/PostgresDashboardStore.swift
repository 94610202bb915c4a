public import Domain
import JSON
public import Logging
import Postgres

/// Dashboards in PostgreSQL; every write and its audit row share one transaction.
public struct PostgresDashboardStore: DashboardStore {
    let database: DatabaseHandle

    public init(session: DatabaseSession, logger: Logger) {
        database = DatabaseHandle(session: session, logger: logger)
    }

    static let columns = "id, owner_id, name, description, widgets::text, is_public, version, created_at, updated_at"

    public func insert(_ dashboard: Dashboard, audit: AuditEntry, idempotency: Idempotency?) throws
        -> CreateOutcome<Dashboard>
    {
        try database.withConnection { connection in
            try connection.transaction { () throws -> CreateOutcome<Dashboard> in
                if let idempotency {
                    // One creator per owner and key at a time; a second one finds the first's row.
                    try connection.query(
                        """
                        SELECT pg_advisory_xact_lock(\(PostgresExportStore.ownerLockClass),
                          hashtext(\(dashboard.ownerID) || ' ' || \(idempotency.key)))
                        """)
                    let existing = try connection.query(
                        """
                        SELECT \(unescaped: Self.columns), request_fingerprint FROM dashboards
                        WHERE owner_id = \(dashboard.ownerID) AND idempotency_key = \(idempotency.key)
                        """)
                    if existing.rowCount == 1 {
                        let fingerprint = try PGRowSlice(existing.row(0), from: 9).decode(String?.self)
                        guard fingerprint == idempotency.fingerprint else { return .keyReused }
                        return .existing(try Self.dashboard(existing.row(0)))
                    }
                }
                try connection.query(
                    """
                    INSERT INTO dashboards (id, owner_id, name, description, widgets, is_public, version, created_at,
                      updated_at, idempotency_key, request_fingerprint)
                    VALUES (\(dashboard.id), \(dashboard.ownerID), \(dashboard.name), \(dashboard.description),
                            \(Self.widgetsText(dashboard.widgets))::json, \(dashboard.isPublic), \(dashboard.version),
                            \(PGTimestamp(dashboard.createdAt)), \(PGTimestamp(dashboard.updatedAt)),
                            \(idempotency?.key), \(idempotency?.fingerprint))
                    """)
                try record(audit, on: connection)
                return .created(dashboard)
            }
        }
    }

    public func find(id: ObjectID) throws -> Dashboard? {
        try database.withConnection { connection in
            let rows = try connection.query(
                "SELECT \(unescaped: Self.columns) FROM dashboards WHERE id = \(id)")
            return rows.rowCount == 0 ? nil : try Self.dashboard(rows.row(0))
        }
    }

    public func update(_ dashboard: Dashboard, expectedVersion: Int, audit: AuditEntry) throws -> WriteOutcome<
        Dashboard
    > {
        try database.withConnection { connection in
            try connection.transaction {
                let changed = try connection.query(
                    """
                    UPDATE dashboards
                    SET name = \(dashboard.name), description = \(dashboard.description),
                        widgets = \(Self.widgetsText(dashboard.widgets))::json, is_public = \(dashboard.isPublic),
                        version = version + 1, updated_at = \(PGTimestamp(dashboard.updatedAt))
                    WHERE id = \(dashboard.id) AND version = \(expectedVersion)
                    RETURNING \(unescaped: Self.columns)
                    """)
                guard changed.rowCount == 1 else { return try missingOrConflict(dashboard.id, on: connection) }
                try record(audit, on: connection)
                return .done(try Self.dashboard(changed.row(0)))
            }
        }
    }

    public func delete(id: ObjectID, expectedVersion: Int, audit: AuditEntry) throws -> WriteOutcome<Void> {
        try database.withConnection { connection in
            try connection.transaction {
                let deleted = try connection.query(
                    "DELETE FROM dashboards WHERE id = \(id) AND version = \(expectedVersion)")
                guard deleted.affectedRows == 1 else { return try missingOrConflict(id, on: connection) }
                try record(audit, on: connection)
                return .done(())
            }
        }
    }

    public func list(_ query: DashboardListQuery) throws -> (dashboards: [Dashboard], total: Int) {
        let pattern = query.search.map { "%" + Self.escapeLike($0) + "%" }
        let column = query.sortBy == .name ? "name" : "created_at"
        let direction = query.sortOrder == .asc ? "ASC" : "DESC"
        let filter: PGQuery = """
            WHERE (\(query.seesAll) OR owner_id = \(query.viewer) OR is_public)
              AND (\(pattern)::text IS NULL OR name ILIKE \(pattern) OR description ILIKE \(pattern))
            """
        return try database.withConnection { connection in
            let total = try connection.query("SELECT count(*) FROM dashboards \(fragment: filter)").row(0).decode(
                Int.self)
            // Only the ORDER BY words are spliced in, from the two enumerations; every value is a bind.
            let page = try connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM dashboards \(fragment: filter)
                ORDER BY \(unescaped: column) \(unescaped: direction), id \(unescaped: direction)
                LIMIT \(query.limit) OFFSET \(query.offset)
                """)
            return (try (0..<page.rowCount).map { try Self.dashboard(page.row($0)) }, total)
        }
    }

    private func record(_ audit: AuditEntry, on connection: PGConnection) throws {
        try connection.query(
            """
            INSERT INTO audit_log (actor, action, entity_id, request_id, at)
            VALUES (\(audit.actor), \(audit.action), \(audit.entityID), \(audit.requestID), \(PGTimestamp(audit.at)))
            """)
    }

    private func missingOrConflict<T>(_ id: ObjectID, on connection: PGConnection) throws -> WriteOutcome<T> {
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

    static func dashboard(_ row: PGRow) throws -> Dashboard {
        let (id, owner, name, description, widgetsText, isPublic, version, created, updated) = try row.decode(
            (ObjectID, String, String, String?, String, Bool, Int, PGTimestamp, PGTimestamp).self)
        return Dashboard(
            id: id, ownerID: owner, name: name, description: description, widgets: try widgets(widgetsText),
            isPublic: isPublic, version: version, createdAt: created.seconds, updatedAt: updated.seconds)
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
