public import Auth
import Domain
import JSON

/// Endpoint 10: POST `/export` records a job and answers at once; GET `/export/:jobId` reads it; GET
/// `/export/:jobId/download` hands the file to nginx (`X-Accel-Redirect`), with a token or a signed link.
public struct ExportHandler: Sendable {
    /// The nginx `internal` location the export directory is served from.
    public static let internalLocation = "/_exports/"

    let signer: DownloadSigner
    /// The most exports one caller may have pending or generating (`REPORT_EXPORT_MAX_ACTIVE`).
    let maxActive: Int

    public init(signer: DownloadSigner, maxActive: Int = 5) { (self.signer, self.maxActive) = (signer, maxActive) }

    /// POST `/export`: 200 with the job, `pending`; a repeated `Idempotency-Key` from the same caller returns the
    /// job it first made (409 when that request differed); past `maxActive` unfinished jobs, 429.
    public func create(_ context: RequestContext) throws -> Response {
        let body = try context.jsonBody()
        var failures: [FieldError] = []
        var request: ExportRequest?
        do { request = try ExportRules.request(body, now: context.now) } catch { failures = error.details }
        var idempotency: Idempotency?
        do {
            idempotency = try IdempotencyKeyRule.read(
                context.request.header("idempotency-key"), fingerprinting: request?.fingerprint ?? "")
        } catch { failures = error.details + failures }
        guard let request, failures.isEmpty else { throw ValidationFailure(failures) }
        var dashboardName: String?
        var widgets: [Widget] = []
        if let id = request.dashboardID, request.exportType == .dashboard {
            guard let dashboard = try context.services.dashboards.find(id: id) else {
                throw ResourceError.dashboardNotFound
            }
            try AccessPolicy.requireRead(dashboard, by: context.caller)
            (dashboardName, widgets) = (dashboard.name, dashboard.widgets)
        }
        let job = ExportJob(
            id: ObjectID.generate(now: context.now), ownerID: context.caller.sub, idempotencyKey: idempotency?.key,
            request: request, dashboardName: dashboardName, widgets: widgets, createdAt: context.now)
        let stored: ExportJob
        switch try context.services.exports.create(job, maxActive: maxActive) {
        case .created(let created), .existing(let created): stored = created
        case .keyReused: throw RequestError.idempotencyKeyReused
        case .tooManyActive(let limit): throw RequestError.tooManyActiveExports(limit: limit)
        }
        return context.json(
            stored.json(downloadURL: downloadURL(stored, now: context.now)), headers: [("Location", location(stored))])
    }

    /// GET `/export/:jobId`: the job, for its creator or a super_admin.
    public func read(_ context: RequestContext) throws -> Response {
        let job = try load(context)
        try AccessPolicy.requireAccess(job, by: context.caller)
        return context.json(job.json(downloadURL: downloadURL(job, now: context.now)))
    }

    /// GET `/export/:jobId/download`: the file through nginx. With a token: the creator or a super_admin. Without
    /// one: the signed link (checked by the responder before this runs).
    public func download(_ context: RequestContext) throws -> Response {
        let job = try load(context)
        if let caller = context.principal { try AccessPolicy.requireAccess(job, by: caller) }
        switch job.status {
        case .pending, .generating: throw ResourceError.exportNotReady
        case .failed, .expired: throw ResourceError.fileNotFound
        case .completed: break
        }
        guard let fileName = job.fileName, let expiresAt = job.expiresAt, expiresAt > context.now else {
            throw ResourceError.fileNotFound
        }
        let format = job.request.format
        return Response(
            status: 200,
            headers: [
                ("Content-Type", format.mimeType),
                ("Content-Disposition", Self.contentDisposition(job.downloadName)),
                ("X-Accel-Redirect", Self.internalLocation + fileName),
                ("Cache-Control", "private, no-store"),
            ])
    }

    /// Checks a signed download link; installed as the download route's signed access.
    public func verifySignedLink(_ request: Request, parameters: PathParameters, now: Double) throws {
        let id = try parameters.require("jobId", as: ObjectID.self)
        let query = try QueryParameters.parse(request.query)
        let (expires, signature) = (query.values("expires"), query.values("signature"))
        guard expires.count == 1, signature.count == 1, query.names.count == 2 else {
            throw AuthError.forbidden(reason: "malformed download link")
        }
        try signer.verify(id: id, expires: expires[0], signature: signature[0], now: now)
    }

    /// RFC 6266 with an ASCII `filename` and an RFC 8187 `filename*` (the name is ASCII today; the form is ready).
    public static func contentDisposition(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        var encoded = ""
        for byte in name.utf8 {
            let safe =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_")].contains(byte)
            encoded += safe ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded
        }
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    /// The signed link while the file can be downloaded; null before completion and from `expiresAt` on.
    func downloadURL(_ job: ExportJob, now: Double) -> String? {
        guard job.status == .completed, let expiresAt = job.expiresAt, expiresAt > now else { return nil }
        return location(job) + "/download?" + signer.query(id: job.id, expires: Int(expiresAt))
    }

    func location(_ job: ExportJob) -> String { Routes.prefix + "/export/" + job.id.text }

    func load(_ context: RequestContext) throws -> ExportJob {
        let id = try context.parameters.require("jobId", as: ObjectID.self)
        guard let job = try context.services.exports.find(id: id) else { throw ResourceError.exportNotFound }
        return job
    }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
