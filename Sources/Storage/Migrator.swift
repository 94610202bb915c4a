public import Logging
public import Postgres

/// Applies and checks the schema migrations.
public struct Migrator {
    let migrations: [Migration]

    public init(migrations: [Migration] = Migration.all) { self.migrations = migrations }

    /// Applies every pending migration, each in its own transaction; an advisory lock keeps two migrators apart.
    /// Returns the versions applied.
    @discardableResult
    public func migrate(_ connection: PGConnection, logger: Logger) throws -> [Int] {
        try connection.execute(
            unsafeSQL: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                  version    integer PRIMARY KEY,
                  name       text NOT NULL,
                  applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
        var applied: [Int] = []
        for migration in migrations {
            let done = try connection.transaction { () throws -> Bool in
                _ = try connection.query("SELECT pg_advisory_xact_lock(\(Int64(0x7265_706f_7274)))")
                let existing = try connection.query(
                    "SELECT 1 FROM schema_migrations WHERE version = \(migration.version)")
                if existing.rowCount > 0 { return false }
                try connection.execute(unsafeSQL: migration.sql)
                try connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))")
                return true
            }
            if done {
                applied.append(migration.version)
                logger.info(
                    "migration applied",
                    metadata: ["db.migration": "\(migration.version)", "db.name": "\(migration.name)"])
            }
        }
        return applied
    }

    /// The versions this build knows that the database lacks.
    public func pending(_ connection: PGConnection) throws -> [Int] {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")
        guard try exists.row(0).decode(Bool.self) else { return migrations.map(\.version) }
        let rows = try connection.query("SELECT version FROM schema_migrations")
        let applied = Set(try rows.decode(Int.self))
        return migrations.map(\.version).filter { !applied.contains($0) }
    }
}
