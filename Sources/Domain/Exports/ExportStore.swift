/// Export jobs in the data layer.
public protocol ExportStore {
    /// Records a new job unless the owner already has `maxActive` pending or generating ones; when the owner
    /// already has a job under the same idempotency key, returns that one instead (or `keyReused` when that
    /// request differed) and records nothing.
    func create(_ job: ExportJob, maxActive: Int) throws -> CreateOutcome<ExportJob>
    func find(id: ObjectID) throws -> ExportJob?
}

/// The queue export workers share: claim a job, report progress, record the result, expire old files. A claimed
/// job carries its worker's name; every later write is guarded by it, so a worker that lost its job to another
/// cannot overwrite the result.
public protocol ExportQueue {
    /// Claims a pending job, or a generating one whose worker died or has been quiet for `staleSeconds`: the
    /// caller with the fewest jobs being generated first, then the oldest; no caller gets more than
    /// `perCallerLimit` workers. Nil when there is none. Jobs claimed `maxAttempts` times already are failed.
    func claim(worker: String, staleSeconds: Double, maxAttempts: Int, perCallerLimit: Int) throws -> ExportJob?
    /// Records progress (0 to 99) and the heartbeat; false when the job is no longer this worker's.
    func progress(id: ObjectID, worker: String, percent: Int) throws -> Bool
    /// Marks the job completed with its file and announces it, in one transaction; false when the job is no longer
    /// this worker's (the caller then deletes its file).
    func complete(id: ObjectID, worker: String, file: ExportFileRecord, lifetime: Double) throws -> Bool
    /// Marks the job failed with a reason a client may read (no internals).
    func fail(id: ObjectID, worker: String, reason: String) throws
    /// Hands a job back to the queue (`pending`, its attempt not counted), as a stopping worker does.
    func release(id: ObjectID, worker: String) throws
    /// Records the heartbeat of the jobs this worker holds.
    func heartbeat(worker: String) throws
    /// Marks completed jobs past their expiry expired and returns their file names, for the caller to delete.
    func expire() throws -> [String]
    /// File names any job still refers to, so a sweep of the export directory spares them.
    func liveFileNames() throws -> Set<String>
}

/// A written export file as its job records it.
public struct ExportFileRecord: Sendable, Equatable {
    public var name: String
    public var rowCount: Int
    public var size: Int
    public var checksum: String

    public init(name: String, rowCount: Int, size: Int, checksum: String) {
        (self.name, self.rowCount, self.size, self.checksum) = (name, rowCount, size, checksum)
    }
}
