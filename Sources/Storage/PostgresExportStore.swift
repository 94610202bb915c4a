public import Domain
import JSON
public import Logging
import Postgres

/// Export jobs in PostgreSQL: the request side (`ExportStore`) and the queue the export workers share.
///
/// Workers claim with `FOR UPDATE SKIP LOCKED`, so any number of them, in any number of responders on any number of
/// machines, take distinct jobs. A claimed job carries its worker's name and a heartbeat; a `generating` job whose
/// heartbeat is older than the stale limit is claimable again (its worker died). Every later write of a worker is
/// guarded by `worker = <its name>`, so a worker that lost its job to another cannot overwrite the result.
public struct PostgresExportStore: ExportStore, ExportQueue {
    let database: DatabaseHandle

    public init(session: DatabaseSession, logger: Logger) {
        database = DatabaseHandle(session: session, logger: logger)
    }

    static let columns = """
        id, owner_id, idempotency_key, export_type, format, dashboard_id, dashboard_name, widgets::text, range_start,
        range_end, metrics, status, progress, attempts, row_count, file_size, checksum, file_name, failure_reason,
        created_at, started_at, completed_at, expires_at
        """

    public func create(_ job: ExportJob) throws -> ExportJob {
        try database.withConnection { connection in
            let request = job.request
            let inserted = try connection.query(
                """
                INSERT INTO export_jobs (id, owner_id, idempotency_key, export_type, format, dashboard_id,
                  dashboard_name, widgets, range_start, range_end, metrics, created_at)
                VALUES (\(job.id), \(job.ownerID), \(job.idempotencyKey), \(request.exportType.rawValue),
                  \(request.format.rawValue), \(request.dashboardID), \(job.dashboardName),
                  \(PostgresDashboardStore.widgetsText(job.widgets))::json, \(PGTimestamp(request.start)),
                  \(PGTimestamp(request.end)), \(request.metrics.map(\.rawValue).joined(separator: ",")),
                  \(PGTimestamp(job.createdAt)))
                ON CONFLICT (owner_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING \(unescaped: Self.columns)
                """)
            if inserted.rowCount == 1 { return try Self.job(inserted.row(0)) }
            let existing = try connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM export_jobs
                WHERE owner_id = \(job.ownerID) AND idempotency_key = \(job.idempotencyKey)
                """)
            guard existing.rowCount == 1 else {
                throw StoreError.failure(reason: "idempotency conflict without a stored job")
            }
            return try Self.job(existing.row(0))
        }
    }

    public func find(id: ObjectID) throws -> ExportJob? {
        try database.withConnection { connection in
            let rows = try connection.query("SELECT \(unescaped: Self.columns) FROM export_jobs WHERE id = \(id)")
            return rows.rowCount == 0 ? nil : try Self.job(rows.row(0))
        }
    }

    static func job(_ row: PGRow) throws -> ExportJob {
        let (id, owner, key, typeName, formatName, dashboardID, dashboardName, widgetsText, start, end) =
            try row.decode(
                (ObjectID, String, String?, String, String, ObjectID?, String?, String, PGTimestamp, PGTimestamp).self)
        guard let type = ExportType(rawValue: typeName), let format = ExportFormat(rawValue: formatName) else {
            throw StoreError.failure(reason: "export job \(id) has an unknown type or format")
        }
        let state = try PGRowSlice(row, from: 10).decode(
            (String, String, Int, Int, Int?, Int?, String?, String?, String?).self)
        let times = try PGRowSlice(row, from: 19).decode((PGTimestamp, PGTimestamp?, PGTimestamp?, PGTimestamp?).self)
        guard let status = ExportStatus(rawValue: state.1) else {
            throw StoreError.failure(reason: "export job \(id) has an unknown status")
        }
        var job = ExportJob(
            id: id, ownerID: owner, idempotencyKey: key,
            request: ExportRequest(
                exportType: type, format: format, dashboardID: dashboardID, start: start.seconds, end: end.seconds,
                metrics: state.0.split(separator: ",").compactMap { Metric(rawValue: String($0)) }),
            dashboardName: dashboardName, widgets: try PostgresDashboardStore.widgets(widgetsText),
            createdAt: times.0.seconds)
        (job.status, job.progress, job.attempts, job.rowCount, job.fileSize) = (
            status, state.2, state.3, state.4, state.5
        )
        (job.checksum, job.fileName, job.failureReason) = (state.6, state.7, state.8)
        (job.startedAt, job.completedAt, job.expiresAt) = (times.1?.seconds, times.2?.seconds, times.3?.seconds)
        return job
    }

    // MARK: The queue, for export workers (each on its own connection).

    /// Claims the oldest pending job, or a generating one whose worker has been quiet for `staleSeconds`; nil when
    /// there is none. Jobs claimed `maxAttempts` times already are failed instead (their worker keeps dying).
    public func claim(worker: String, staleSeconds: Double, maxAttempts: Int) throws -> ExportJob? {
        try database.withConnection { connection in try Self.claim(worker, staleSeconds, maxAttempts, connection) }
    }

    static func claim(_ worker: String, _ staleSeconds: Double, _ maxAttempts: Int, _ connection: PGConnection)
        throws -> ExportJob?
    {
        try connection.query(
            """
            UPDATE export_jobs SET status = 'failed', worker = NULL, progress = 0,
              failure_reason = 'the export stopped ' || attempts || ' times without finishing'
            WHERE status = 'generating' AND attempts >= \(maxAttempts)
              AND heartbeat_at < now() - make_interval(secs => \(staleSeconds))
            """)
        let claimed = try connection.query(
            """
            UPDATE export_jobs SET status = 'generating', worker = \(worker), heartbeat_at = now(), progress = 0,
              attempts = attempts + 1, started_at = coalesce(started_at, now())
            WHERE id = (
              SELECT id FROM export_jobs
              WHERE status = 'pending'
                 OR (status = 'generating' AND heartbeat_at < now() - make_interval(secs => \(staleSeconds)))
              ORDER BY created_at, id
              FOR UPDATE SKIP LOCKED
              LIMIT 1
            )
            RETURNING \(unescaped: columns)
            """)
        return claimed.rowCount == 0 ? nil : try job(claimed.row(0))
    }

    /// Records progress (0 to 99) and the heartbeat; false when the job is no longer this worker's.
    public func progress(id: ObjectID, worker: String, percent: Int) throws -> Bool {
        try database.withConnection { connection in
            let updated = try connection.query(
                """
                UPDATE export_jobs SET progress = \(min(max(percent, 0), 99)), heartbeat_at = now()
                WHERE id = \(id) AND worker = \(worker) AND status = 'generating'
                """)
            return updated.affectedRows == 1
        }
    }

    /// Marks the job completed with its file, and announces it with `NOTIFY export_completed, '<jobId>'` in the
    /// same transaction; false when the job is no longer this worker's (the caller then deletes its file).
    public func complete(id: ObjectID, worker: String, file: ExportFileRecord, lifetime: Double) throws -> Bool {
        try database.withConnection { connection in try Self.complete(id, worker, file, lifetime, connection) }
    }

    static func complete(
        _ id: ObjectID, _ worker: String, _ file: ExportFileRecord, _ lifetime: Double, _ connection: PGConnection
    ) throws -> Bool {
        try connection.transaction {
            let updated = try connection.query(
                """
                UPDATE export_jobs SET status = 'completed', progress = 100, file_name = \(file.name),
                  row_count = \(file.rowCount), file_size = \(file.size), checksum = \(file.checksum), completed_at = now(),
                  expires_at = now() + make_interval(secs => \(lifetime)), worker = NULL, failure_reason = NULL
                WHERE id = \(id) AND worker = \(worker) AND status = 'generating'
                """)
            guard updated.affectedRows == 1 else { return false }
            try connection.query("SELECT pg_notify('export_completed', \(id))")
            return true
        }
    }

    /// Marks the job failed with a reason a client may read (no internals).
    public func fail(id: ObjectID, worker: String, reason: String) throws {
        try database.withConnection { connection in
            try connection.query(
                """
                UPDATE export_jobs SET status = 'failed', progress = 0, failure_reason = \(reason), worker = NULL
                WHERE id = \(id) AND worker = \(worker) AND status = 'generating'
                """)
        }
    }

    /// Marks completed jobs past their expiry `expired` and returns their file names, for the caller to delete.
    public func expire() throws -> [String] {
        try database.withConnection { connection in
            let rows = try connection.query(
                """
                UPDATE export_jobs SET status = 'expired'
                WHERE status = 'completed' AND expires_at <= now()
                RETURNING file_name
                """)
            return try rows.decode(String?.self).compactMap { $0 }
        }
    }

    /// File names any job still refers to (completed ones, and those being written), so a sweep of the export
    /// directory spares them.
    public func liveFileNames() throws -> Set<String> {
        try database.withConnection { connection in
            let rows = try connection.query(
                "SELECT file_name FROM export_jobs WHERE status = 'completed' AND file_name IS NOT NULL")
            return Set(try rows.decode(String.self))
        }
    }
}
