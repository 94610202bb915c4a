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

    /// One transaction under a per-owner advisory lock, so that concurrent requests of one caller neither pass
    /// the limit nor both create under one key.
    public func create(_ job: ExportJob, maxActive: Int) throws -> CreateOutcome<ExportJob> {
        try database.withConnection { connection in
            try connection.transaction { () throws -> CreateOutcome<ExportJob> in
                try connection.query("SELECT pg_advisory_xact_lock(\(Self.ownerLockClass), hashtext(\(job.ownerID)))")
                if let key = job.idempotencyKey {
                    let existing = try connection.query(
                        """
                        SELECT \(unescaped: Self.columns) FROM export_jobs
                        WHERE owner_id = \(job.ownerID) AND idempotency_key = \(key)
                        """)
                    if existing.rowCount == 1 {
                        let stored = try Self.job(existing.row(0))
                        return stored.request.fingerprint == job.request.fingerprint ? .existing(stored) : .keyReused
                    }
                }
                let active = try connection.query(
                    """
                    SELECT count(*) FROM export_jobs
                    WHERE owner_id = \(job.ownerID) AND status IN ('pending', 'generating')
                    """
                ).row(0).decode(Int.self)
                guard active < maxActive else { return .tooManyActive(limit: maxActive) }
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
                    RETURNING \(unescaped: Self.columns)
                    """)
                return .created(try Self.job(inserted.row(0)))
            }
        }
    }

    /// The advisory-lock class of per-owner creation (with `hashtext(owner_id)`); arbitrary, fixed.
    static let ownerLockClass: Int32 = 0x6578_7031

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
}
