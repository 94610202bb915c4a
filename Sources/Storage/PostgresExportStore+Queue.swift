public import Domain
import Postgres

/// The queue export workers share. A claimed job carries its worker's name, a heartbeat, and a session-level
/// advisory lock of the claiming connection: when a worker's process dies its connection goes and the lock with
/// it, so the job is claimable again at once; a live worker that stopped beating (hung) loses it after the stale
/// limit. Claims go to the caller with the fewest jobs being generated, then oldest first, and no caller holds
/// more than `perCallerLimit` workers while others wait.
extension PostgresExportStore {
    /// The advisory-lock class of claimed jobs (with `hashtext(id) & 0x7fffffff`); arbitrary, fixed.
    static let jobLockClass: Int32 = 0x6578_7032

    /// Whether the job's claiming connection still holds its lock (a live worker), as SQL over `j`.
    static let jobLockHeld = """
        EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.classid = \(jobLockClass)::oid AND l.objid = (hashtext(j.id) & 2147483647)::oid)
        """

    public func claim(worker: String, staleSeconds: Double, maxAttempts: Int, perCallerLimit: Int) throws
        -> ExportJob?
    {
        try database.withConnection { connection in
            try connection.query(
                """
                UPDATE export_jobs j SET status = 'failed', worker = NULL, progress = 0,
                  failure_reason = 'the export stopped ' || attempts || ' times without finishing'
                WHERE status = 'generating' AND attempts >= \(maxAttempts)
                  AND (heartbeat_at < now() - make_interval(secs => \(staleSeconds))
                       OR NOT \(unescaped: Self.jobLockHeld))
                """)
            let claimed = try connection.query(
                """
                UPDATE export_jobs SET status = 'generating', worker = \(worker), heartbeat_at = now(), progress = 0,
                  attempts = attempts + 1, started_at = coalesce(started_at, now())
                WHERE id = (
                  SELECT j.id FROM export_jobs j
                  CROSS JOIN LATERAL (
                    SELECT count(*) AS busy FROM export_jobs g
                    WHERE g.owner_id = j.owner_id AND g.status = 'generating' AND g.id <> j.id
                  ) o
                  WHERE (j.status = 'pending'
                     OR (j.status = 'generating' AND (j.heartbeat_at < now() - make_interval(secs => \(staleSeconds))
                         OR NOT \(unescaped: Self.jobLockHeld))))
                    AND o.busy < \(perCallerLimit)
                  ORDER BY o.busy, j.created_at, j.id
                  FOR UPDATE OF j SKIP LOCKED
                  LIMIT 1
                )
                RETURNING \(unescaped: Self.columns),
                  pg_try_advisory_lock(\(Self.jobLockClass), hashtext(id) & 2147483647)
                """)
            return claimed.rowCount == 0 ? nil : try Self.job(claimed.row(0))
        }
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

    public func heartbeat(worker: String) throws {
        try database.withConnection { connection in
            try connection.query(
                "UPDATE export_jobs SET heartbeat_at = now() WHERE worker = \(worker) AND status = 'generating'")
        }
    }

    /// Marks the job completed with its file, and announces it with `NOTIFY export_completed, '<jobId>'` in the
    /// same transaction; false when the job is no longer this worker's (the caller then deletes its file).
    public func complete(id: ObjectID, worker: String, file: ExportFileRecord, lifetime: Double) throws -> Bool {
        try database.withConnection { connection in
            let done = try connection.transaction { () throws -> Bool in
                let updated = try connection.query(
                    """
                    UPDATE export_jobs SET status = 'completed', progress = 100, file_name = \(file.name),
                      row_count = \(file.rowCount), file_size = \(file.size), checksum = \(file.checksum),
                      completed_at = now(), expires_at = now() + make_interval(secs => \(lifetime)), worker = NULL,
                      failure_reason = NULL
                    WHERE id = \(id) AND worker = \(worker) AND status = 'generating'
                    """)
                guard updated.affectedRows == 1 else { return false }
                try connection.query("SELECT pg_notify('export_completed', \(id))")
                return true
            }
            try Self.unlock(id, connection)
            return done
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
            try Self.unlock(id, connection)
        }
    }

    public func release(id: ObjectID, worker: String) throws {
        try database.withConnection { connection in
            try connection.query(
                """
                UPDATE export_jobs SET status = 'pending', progress = 0, worker = NULL,
                  attempts = greatest(attempts - 1, 0)
                WHERE id = \(id) AND worker = \(worker) AND status = 'generating'
                """)
            try Self.unlock(id, connection)
        }
    }

    /// Lets go of a job's lock (a no-op if this connection does not hold it).
    static func unlock(_ id: ObjectID, _ connection: PGConnection) throws {
        try connection.query(
            "SELECT pg_advisory_unlock(\(jobLockClass), hashtext(\(id)) & 2147483647)")
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
