import Auth
import Domain
import Handlers

/// Export jobs in memory, behind the same protocol as the PostgreSQL store (idempotency per owner and key).
final class InMemoryExportStore: ExportStore, @unchecked Sendable {
    var jobs: [ObjectID: ExportJob] = [:]

    func create(_ job: ExportJob, maxActive: Int) throws -> CreateOutcome<ExportJob> {
        if let key = job.idempotencyKey,
            let existing = jobs.values.first(where: { $0.ownerID == job.ownerID && $0.idempotencyKey == key })
        {
            return existing.request.fingerprint == job.request.fingerprint ? .existing(existing) : .keyReused
        }
        let active = jobs.values.filter {
            $0.ownerID == job.ownerID && ($0.status == .pending || $0.status == .generating)
        }
        guard active.count < maxActive else { return .tooManyActive(limit: maxActive) }
        jobs[job.id] = job
        return .created(job)
    }

    func find(id: ObjectID) throws -> ExportJob? { jobs[id] }
}

/// Signs download links in unit tests.
let testSigner = DownloadSigner(key: Array("unit-test download-link key".utf8))
