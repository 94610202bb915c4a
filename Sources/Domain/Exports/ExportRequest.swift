import Crypto

/// A validated POST /export body.
public struct ExportRequest: Sendable, Equatable {
    public var exportType: ExportType
    public var format: ExportFormat
    public var dashboardID: ObjectID?
    public var start: Double
    public var end: Double
    /// Empty: every metric.
    public var metrics: [Metric]

    public init(
        exportType: ExportType, format: ExportFormat, dashboardID: ObjectID?, start: Double, end: Double,
        metrics: [Metric]
    ) {
        (self.exportType, self.format, self.dashboardID) = (exportType, format, dashboardID)
        (self.start, self.end, self.metrics) = (start, end, metrics)
    }

    /// The metrics to write: those asked for, in the order given, or all of them.
    public var effectiveMetrics: [Metric] { metrics.isEmpty ? Metric.allCases : metrics }

    /// A digest of everything that defines the export, so a reused `Idempotency-Key` with another body is caught.
    public var fingerprint: String {
        let text = [
            exportType.rawValue, format.rawValue, dashboardID?.text ?? "", String(start), String(end),
            metrics.map(\.rawValue).joined(separator: ","),
        ].joined(separator: "\n")
        return SHA256.hexDigest(Array(text.utf8))
    }
}
