public import JSON

/// An export job as stored.
public struct ExportJob: Sendable, Equatable {
    public var id: ObjectID
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
        id: ObjectID, ownerID: String, idempotencyKey: String?, request: ExportRequest, dashboardName: String?,
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
            "jobId": .string(id.text), "status": .string(status.publicName), "progress": .int(progress),
            "exportType": .string(request.exportType.rawValue), "format": .string(request.format.rawValue),
            "dashboardId": .optional(request.dashboardID?.text),
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
