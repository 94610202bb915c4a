import Exporter
public import Handlers
import JSON
public import Postgres

/// Export jobs in PostgreSQL: the request side (`ExportStore`) and the queue the export workers share.
///
/// Workers claim with `FOR UPDATE SKIP LOCKED`, so any number of them, in any number of responders on any number of
/// machines, take distinct jobs. A claimed job carries its worker's name and a heartbeat; a `generating` job whose
/// heartbeat is older than the stale limit is claimable again (its worker died). Every later write of a worker is
/// guarded by `worker = <its name>`, so a worker that lost its job to another cannot overwrite the result.
public struct PostgresExportStore: ExportStore {
    let session: DatabaseSession

    public init(session: DatabaseSession) { self.session = session }

    static let columns = """
        id, owner_id, idempotency_key, export_type, format, dashboard_id, dashboard_name, widgets::text,
        extract(epoch FROM range_start)::float8, extract(epoch FROM range_end)::float8, metrics, status, progress,
        attempts, row_count, file_size, checksum, file_name, failure_reason, extract(epoch FROM created_at)::float8,
        extract(epoch FROM started_at)::float8, extract(epoch FROM completed_at)::float8,
        extract(epoch FROM expires_at)::float8
        """

    public func create(_ job: ExportJob) throws -> ExportJob {
        try session.withConnection { connection in
            let request = job.request
            let inserted = try connection.query(
                """
                INSERT INTO export_jobs (id, owner_id, idempotency_key, export_type, format, dashboard_id,
                  dashboard_name, widgets, range_start, range_end, metrics, created_at)
                VALUES (\(job.id), \(job.ownerID), \(job.idempotencyKey), \(request.exportType.rawValue),
                  \(request.format.rawValue), \(request.dashboardID), \(job.dashboardName),
                  \(PostgresDashboardStore.widgetsText(job.widgets))::json, to_timestamp(\(request.start)),
                  to_timestamp(\(request.end)), \(request.metrics.map(\.rawValue).joined(separator: ",")),
                  to_timestamp(\(job.createdAt)))
                ON CONFLICT (owner_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING \(unescaped: Self.columns)
                """)
            if inserted.rowCount == 1 { return try Self.job(inserted, 0) }
            let existing = try connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM export_jobs
                WHERE owner_id = \(job.ownerID) AND idempotency_key = \(job.idempotencyKey)
                """)
            guard existing.rowCount == 1 else {
                throw StoreError.failure(reason: "idempotency conflict without a stored job")
            }
            return try Self.job(existing, 0)
        }
    }

    public func find(id: String) throws -> ExportJob? {
        try session.withConnection { connection in
            let rows = try connection.query("SELECT \(unescaped: Self.columns) FROM export_jobs WHERE id = \(id)")
            return rows.rowCount == 0 ? nil : try Self.job(rows, 0)
        }
    }

    static func job(_ rows: PGResult, _ row: Int) throws -> ExportJob {
        guard let id = rows.string(row, 0), let owner = rows.string(row, 1),
            let type = rows.string(row, 3).flatMap(ExportType.init(rawValue:)),
            let format = rows.string(row, 4).flatMap(ExportFormat.init(rawValue:)),
            let widgetsText = rows.string(row, 7), let start = rows.double(row, 8), let end = rows.double(row, 9),
            let metricsText = rows.string(row, 10), let status = rows.string(row, 11).flatMap(ExportStatus.init),
            let created = rows.double(row, 19)
        else { throw StoreError.failure(reason: "export job row with missing columns") }
        let metrics = metricsText.split(separator: ",").compactMap { ExportMetric(rawValue: String($0)) }
        var job = ExportJob(
            id: id, ownerID: owner, idempotencyKey: rows.string(row, 2),
            request: ExportRequest(
                exportType: type, format: format, dashboardID: rows.string(row, 5), start: start, end: end,
                metrics: metrics),
            dashboardName: rows.string(row, 6), widgets: try PostgresDashboardStore.widgets(widgetsText),
            createdAt: created)
        job.status = status
        job.progress = rows.int(row, 12) ?? 0
        job.attempts = rows.int(row, 13) ?? 0
        job.rowCount = rows.int(row, 14)
        job.fileSize = rows.int(row, 15)
        job.checksum = rows.string(row, 16)
        job.fileName = rows.string(row, 17)
        job.failureReason = rows.string(row, 18)
        job.startedAt = rows.double(row, 20)
        job.completedAt = rows.double(row, 21)
        job.expiresAt = rows.double(row, 22)
        return job
    }

    // MARK: The queue, for export workers (each on its own connection).

    /// Claims the oldest pending job, or a generating one whose worker has been quiet for `staleSeconds`; nil when
    /// there is none. Jobs claimed `maxAttempts` times already are failed instead (their worker keeps dying).
    public static func claim(worker: String, staleSeconds: Double, maxAttempts: Int, on connection: PGConnection)
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
        return claimed.rowCount == 0 ? nil : try job(claimed, 0)
    }

    /// Records progress (0 to 99) and the heartbeat; false when the job is no longer this worker's.
    @discardableResult
    public static func progress(id: String, worker: String, percent: Int, on connection: PGConnection) throws -> Bool {
        let updated = try connection.query(
            """
            UPDATE export_jobs SET progress = \(min(max(percent, 0), 99)), heartbeat_at = now()
            WHERE id = \(id) AND worker = \(worker) AND status = 'generating'
            """)
        return updated.affectedRows == 1
    }

    /// Marks the job completed with its file, and announces it with `NOTIFY export_completed, '<jobId>'` in the
    /// same transaction; false when the job is no longer this worker's (the caller then deletes its file).
    public static func complete(
        id: String, worker: String, fileName: String, rowCount: Int, fileSize: Int, checksum: String,
        lifetime: Double, on connection: PGConnection
    ) throws -> Bool {
        try connection.transaction {
            let updated = try connection.query(
                """
                UPDATE export_jobs SET status = 'completed', progress = 100, file_name = \(fileName),
                  row_count = \(rowCount), file_size = \(fileSize), checksum = \(checksum), completed_at = now(),
                  expires_at = now() + make_interval(secs => \(lifetime)), worker = NULL, failure_reason = NULL
                WHERE id = \(id) AND worker = \(worker) AND status = 'generating'
                """)
            guard updated.affectedRows == 1 else { return false }
            try connection.query("SELECT pg_notify('export_completed', \(id))")
            return true
        }
    }

    /// Marks the job failed with a reason a client may read (no internals).
    public static func fail(id: String, worker: String, reason: String, on connection: PGConnection) throws {
        try connection.query(
            """
            UPDATE export_jobs SET status = 'failed', progress = 0, failure_reason = \(reason), worker = NULL
            WHERE id = \(id) AND worker = \(worker) AND status = 'generating'
            """)
    }

    /// Marks completed jobs past their expiry `expired` and returns their file names, for the caller to delete.
    public static func expire(on connection: PGConnection) throws -> [String] {
        let rows = try connection.query(
            """
            UPDATE export_jobs SET status = 'expired'
            WHERE status = 'completed' AND expires_at <= now()
            RETURNING file_name
            """)
        return (0..<rows.rowCount).compactMap { rows.string($0, 0) }
    }

    /// File names any job still refers to (completed ones, and those being written), so a sweep of the export
    /// directory spares them.
    public static func liveFileNames(on connection: PGConnection) throws -> Set<String> {
        let rows = try connection.query(
            "SELECT file_name FROM export_jobs WHERE status = 'completed' AND file_name IS NOT NULL")
        return Set((0..<rows.rowCount).compactMap { rows.string($0, 0) })
    }
}
