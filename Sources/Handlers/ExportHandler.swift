import Auth
import Exporter
import JSON

/// Endpoint 10: POST `/export` records a job and answers at once; GET `/export/:jobId` reads it; GET
/// `/export/:jobId/download` hands the file to nginx (`X-Accel-Redirect`), with a token or a signed link.
public struct ExportHandler: Sendable {
    /// The longest `Idempotency-Key` accepted.
    public static let maxIdempotencyKey = 255
    /// The nginx `internal` location the export directory is served from.
    public static let internalLocation = "/_exports/"

    let signer: DownloadSigner

    public init(signer: DownloadSigner) { self.signer = signer }

    /// The body rules of spec endpoint 10 and CONTRACT.md sections 6 and 7, every failure with its path.
    static func request(_ body: JSONObject, now: Double) throws(ValidationFailure) -> ExportRequest {
        var v = BodyValidator()
        v.rejectUnknownMembers(body, known: ["dashboardId", "exportType", "format", "dateRange", "metrics"])
        let exportType = v.oneOf(body, "exportType", ExportType.self, required: true)
        let format = v.oneOf(body, "format", ExportFormat.self, required: true)
        var dashboardID: String?
        if let raw = v.string(body, "dashboardId", required: false, length: 1...64) {
            dashboardID = ObjectID.normalize(raw)
            if dashboardID == nil { v.fail("dashboardId", "must be 24 hexadecimal digits") }
        }
        if exportType == .dashboard && body["dashboardId"] == nil {
            v.fail("dashboardId", "is required when exportType is dashboard")
        }
        var start: Double?
        var end: Double?
        if let range = v.object(body, "dateRange", required: true) {
            v.rejectUnknownMembers(range, known: ["startDate", "endDate"], at: "dateRange")
            start = date(&v, range, "startDate", now: now)
            end = date(&v, range, "endDate", now: now)
            if let s = start, let e = end {
                if e <= s {
                    v.fail("dateRange.endDate", "must be after startDate")
                } else if e - s > 731 * 86_400 {
                    v.fail("dateRange.endDate", "must be at most 731 days after startDate")
                }
            }
        }
        var metrics: [ExportMetric] = []
        if let items = v.array(
            body, "metrics", required: false, count: 1...ExportMetric.allCases.count,
            item: { v, value, path -> ExportMetric? in
                guard case .string(let text) = value, let metric = ExportMetric(rawValue: text) else {
                    v.fail(path, "must be one of: " + ExportMetric.allCases.map(\.rawValue).joined(separator: ", "))
                    return nil
                }
                return metric
            })
        {
            for (index, metric) in items.enumerated() where items[..<index].contains(metric) {
                v.fail("metrics[\(index)]", "'\(metric.rawValue)' is given twice")
            }
            metrics = items
        }
        return try v.finish {
            guard let exportType, let format, let start, let end else { return nil }
            return ExportRequest(
                exportType: exportType, format: format, dashboardID: dashboardID, start: start, end: end,
                metrics: metrics)
        }
    }

    static func date(_ v: inout BodyValidator, _ object: JSONObject, _ name: String, now: Double) -> Double? {
        guard let text = v.string(object, name, at: "dateRange", required: true, length: 1...64) else { return nil }
        guard let instant = DateParser.parse(text) else {
            v.fail(
                "dateRange." + name,
                "must be an ISO 8601 date (YYYY-MM-DD) or date-time with Z or an offset, on a real day")
            return nil
        }
        guard instant <= now else {
            v.fail("dateRange." + name, "must not be in the future")
            return nil
        }
        return instant
    }

    /// POST `/export`: 200 with the job, `pending`; a repeated `Idempotency-Key` from the same caller returns the
    /// job it first made.
    public func create(_ context: RequestContext) throws -> Response {
        var failures: [FieldError] = []
        var key: String?
        do { key = try idempotencyKey(context.request.header("idempotency-key")) } catch {
            failures = error.details
        }
        let body = try context.jsonBody()
        let request: ExportRequest
        do { request = try Self.request(body, now: context.now) } catch {
            throw ValidationFailure(failures + error.details)
        }
        if !failures.isEmpty { throw ValidationFailure(failures) }
        var dashboardName: String?
        var widgets: [Widget] = []
        if let id = request.dashboardID, request.exportType == .dashboard {
            guard let dashboard = try context.services.dashboards.find(id: id) else {
                throw ResourceError.dashboardNotFound
            }
            let caller = context.caller
            guard dashboard.isPublic || caller.owns(dashboard.ownerID) || caller.isSuperAdmin else {
                throw AuthError.forbidden(reason: "dashboard \(id) is private to its owner")
            }
            (dashboardName, widgets) = (dashboard.name, dashboard.widgets)
        }
        let job = ExportJob(
            id: ObjectID.generate(now: context.now), ownerID: context.caller.sub, idempotencyKey: key,
            request: request, dashboardName: dashboardName, widgets: widgets, createdAt: context.now)
        let stored = try context.services.exports.create(job)
        if stored.id != job.id && stored.request.fingerprint != request.fingerprint {
            throw ValidationFailure([
                FieldError("Idempotency-Key", "was already used for a different export request")
            ])
        }
        return context.json(
            stored.json(downloadURL: downloadURL(stored, now: context.now)), headers: [("Location", location(stored))])
    }

    /// GET `/export/:jobId`: the job, for its creator or a super_admin.
    public func read(_ context: RequestContext) throws -> Response {
        let job = try load(context)
        try requireAccess(job, context.caller)
        return context.json(job.json(downloadURL: downloadURL(job, now: context.now)))
    }

    /// GET `/export/:jobId/download`: the file through nginx. With a token: the creator or a super_admin. Without
    /// one: the signed link (checked by the responder before this runs).
    public func download(_ context: RequestContext) throws -> Response {
        let job = try load(context)
        if let caller = context.principal { try requireAccess(job, caller) }
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
    public func verifySignedLink(_ request: Request, parameters: [String: String], now: Double) throws {
        guard let id = ObjectID.normalize(parameters["jobId"] ?? "") else {
            throw RequestError.invalidID(field: "jobId")
        }
        try signer.verify(id: id, query: try QueryParameters.parse(request.query), now: now)
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
        return signer.url(id: job.id, expires: Int(expiresAt))
    }

    func location(_ job: ExportJob) -> String { Routes.prefix + "/export/" + job.id }

    func idempotencyKey(_ header: String?) throws(ValidationFailure) -> String? {
        guard let header else { return nil }
        guard !header.isEmpty, header.utf8.count <= Self.maxIdempotencyKey,
            header.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E })
        else {
            throw ValidationFailure([
                FieldError("Idempotency-Key", "must be 1 to \(Self.maxIdempotencyKey) visible ASCII characters")
            ])
        }
        return header
    }

    func load(_ context: RequestContext) throws -> ExportJob {
        guard let id = ObjectID.normalize(context.parameters["jobId"] ?? "") else {
            throw RequestError.invalidID(field: "jobId")
        }
        guard let job = try context.services.exports.find(id: id) else { throw ResourceError.exportNotFound }
        return job
    }

    func requireAccess(_ job: ExportJob, _ caller: Principal) throws {
        guard caller.owns(job.ownerID) || caller.isSuperAdmin else {
            throw AuthError.forbidden(reason: "export \(job.id) belongs to another admin")
        }
    }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
