import Auth
import Crypto
public import Exporter
public import JSON

/// What an export holds (spec endpoint 10): `dataset` the daily series of the chosen metrics, `report` that plus
/// KPIs and the range's insights, `dashboard` the data of each widget of a dashboard.
public enum ExportType: String, CaseIterable, Sendable {
    case dashboard, report, dataset
}

/// The metric identifiers of CONTRACT.md section 7, in the order exports list them.
public enum ExportMetric: String, CaseIterable, Sendable {
    case activeUsers = "active_users"
    case pageViews = "page_views"
    case eventsPerSecond = "events_per_second"
    case conversionRate = "conversion_rate"
    case errorRate = "error_rate"
    case revenuePerMinute = "revenue_per_minute"
    case newUsers = "new_users"
    case sessions, bookings, trips, reviews, revenue, errors
}

/// An export job's life: `pending` until a worker claims it, `generating` while it writes (progress 0 to 99),
/// then `completed` (progress 100, a file to download until `expiresAt`) or `failed` (`failureReason`);
/// `expired` once the cleanup pass has deleted the file. `expired` is the store's own: clients see the contract's
/// four statuses, so an expired job shows as `completed`, its `expiresAt` past and no `downloadUrl`.
public enum ExportStatus: String, CaseIterable, Sendable {
    case pending, generating, completed, failed, expired

    /// The status as clients see it (contract section 1: pending, generating, completed, failed).
    public var publicName: String { self == .expired ? ExportStatus.completed.rawValue : rawValue }
}

/// A validated POST /export body.
public struct ExportRequest: Sendable, Equatable {
    public var exportType: ExportType
    public var format: ExportFormat
    public var dashboardID: String?
    public var start: Double
    public var end: Double
    /// Empty: every metric.
    public var metrics: [ExportMetric]

    public init(
        exportType: ExportType, format: ExportFormat, dashboardID: String?, start: Double, end: Double,
        metrics: [ExportMetric]
    ) {
        (self.exportType, self.format, self.dashboardID) = (exportType, format, dashboardID)
        (self.start, self.end, self.metrics) = (start, end, metrics)
    }

    /// The metrics to write: those asked for, in the order given, or all of them.
    public var effectiveMetrics: [ExportMetric] { metrics.isEmpty ? ExportMetric.allCases : metrics }

    /// A digest of everything that defines the export, so a reused `Idempotency-Key` with another body is caught.
    public var fingerprint: String {
        let text = [
            exportType.rawValue, format.rawValue, dashboardID ?? "", String(start), String(end),
            metrics.map(\.rawValue).joined(separator: ","),
        ].joined(separator: "\n")
        return SHA256.hexDigest(Array(text.utf8))
    }
}

/// An export job as stored.
public struct ExportJob: Sendable, Equatable {
    public var id: String
    public var ownerID: String
    public var idempotencyKey: String?
    public var request: ExportRequest
    /// The dashboard's name and widgets as they were when the export was asked for (`dashboard` exports).
    public var dashboardName: String?
    public var widgets: [Widget]
    public var status: ExportStatus
    public var progress: Int
    public var attempts: Int
    public var rowCount: Int?
    public var fileSize: Int?
    public var checksum: String?
    /// The file's name inside the export directory.
    public var fileName: String?
    public var failureReason: String?
    public var createdAt: Double
    public var startedAt: Double?
    public var completedAt: Double?
    public var expiresAt: Double?

    public init(
        id: String, ownerID: String, idempotencyKey: String?, request: ExportRequest, dashboardName: String?,
        widgets: [Widget], createdAt: Double
    ) {
        (self.id, self.ownerID, self.idempotencyKey, self.request) = (id, ownerID, idempotencyKey, request)
        (self.dashboardName, self.widgets, self.createdAt) = (dashboardName, widgets, createdAt)
        (status, progress, attempts) = (.pending, 0, 0)
    }

    /// The name a download is saved under: `<exportType>-<jobId>.<format>` (CONTRACT.md section 10).
    public var downloadName: String { "\(request.exportType.rawValue)-\(id).\(request.format.rawValue)" }

    /// The job as clients see it; `downloadURL` only once completed.
    public func json(downloadURL: String?) -> JSONValue {
        let time = { (value: Double?) -> JSONValue in value.map { .string(Timestamp.rfc3339($0)) } ?? .null }
        return [
            "jobId": .string(id), "status": .string(status.publicName), "progress": .int(progress),
            "exportType": .string(request.exportType.rawValue), "format": .string(request.format.rawValue),
            "dashboardId": .optional(request.dashboardID),
            "dateRange": [
                "startDate": .string(Timestamp.rfc3339(request.start)),
                "endDate": .string(Timestamp.rfc3339(request.end)),
            ],
            "metrics": .array(request.effectiveMetrics.map { .string($0.rawValue) }),
            "rowCount": rowCount.map { .int($0) } ?? .null, "fileSize": fileSize.map { .int($0) } ?? .null,
            "checksum": .optional(checksum), "downloadUrl": .optional(downloadURL),
            "expiresAt": time(expiresAt), "failureReason": .optional(failureReason),
            "createdAt": time(createdAt), "startedAt": time(startedAt), "completedAt": time(completedAt),
        ]
    }
}

/// Export jobs in the data layer.
public protocol ExportStore {
    /// Records a new job; when the owner already has a job under the same idempotency key, returns that one
    /// instead (and records nothing).
    func create(_ job: ExportJob) throws -> ExportJob
    func find(id: String) throws -> ExportJob?
}

/// Signs download links: HMAC-SHA256 (the project's own) over the job id and the link's expiry, so a browser can
/// fetch the file without a token until then.
public struct DownloadSigner: Sendable {
    let mac: HMACSHA256

    public init(key: [UInt8]) { mac = HMACSHA256(key: key) }

    func signature(id: String, expires: Int) -> [UInt8] { mac.mac(Array("export-download\n\(id)\n\(expires)".utf8)) }

    /// `/api/analytics-dashboard/export/<id>/download?expires=<unix seconds>&signature=<64 hex>`.
    public func url(id: String, expires: Int) -> String {
        "\(Routes.prefix)/export/\(id)/download?expires=\(expires)&signature=\(Hex.encode(signature(id: id, expires: expires)))"
    }

    /// Checks a signed link's query: a well-formed, unexpired expiry and a signature that matches in constant time.
    /// Throws 403 for a changed link and 404 `E_FILE_NOT_FOUND` for an expired one (its file is gone too).
    public func verify(id: String, query: QueryParameters, now: Double) throws {
        let expiresText = query.values("expires")
        let signatureText = query.values("signature")
        guard expiresText.count == 1, signatureText.count == 1, query.names.count == 2,
            let expires = Int(expiresText[0]), expiresText[0].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            expiresText[0].utf8.count <= 12, let given = Self.bytes(hex: signatureText[0]),
            // Only the link as issued: no leading zero, lower-case hex. Any changed link is a 403 (contract).
            expiresText[0] == String(expires), signatureText[0].utf8.allSatisfy({ !(65...70).contains($0) })
        else { throw AuthError.forbidden(reason: "malformed download link") }
        guard constantTimeEquals(given, signature(id: id, expires: expires)) else {
            throw AuthError.forbidden(reason: "download link signature does not match")
        }
        guard Double(expires) > now else { throw ResourceError.fileNotFound }
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 48...57: digit - 48
        case 97...102: digit - 87
        case 65...70: digit - 55
        default: nil
        }
    }
}
