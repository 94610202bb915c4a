public import Domain
public import JSON

/// The body rules of POST `/export` (spec endpoint 10, CONTRACT.md sections 6 and 7), every failure with its path.
public enum ExportRules {
    /// A validated export request.
    public static func request(_ body: JSONObject, now: Double) throws(ValidationFailure) -> ExportRequest {
        var v = BodyValidator()
        v.rejectUnknownMembers(body, known: ["dashboardId", "exportType", "format", "dateRange", "metrics"])
        let exportType = v.oneOf(body, "exportType", ExportType.self, required: true)
        let format = v.oneOf(body, "format", ExportFormat.self, required: true)
        var dashboardID: ObjectID?
        if let raw = v.string(body, "dashboardId", required: false, length: 1...64) {
            dashboardID = ObjectID(raw)
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
            if let start, let end, let failure = DateRangeRule.endFailure(start: start, end: end) {
                v.fail("dateRange.endDate", failure)
            }
        }
        var metrics: [Metric] = []
        if let items = v.array(
            body, "metrics", required: false, count: 1...Metric.allCases.count,
            item: { v, value, path -> Metric? in
                guard case .string(let text) = value, let metric = Metric(rawValue: text) else {
                    v.fail(path, "must be one of: " + Metric.allCases.map(\.rawValue).joined(separator: ", "))
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
        switch DateRangeRule.instant(text, now: now) {
        case .success(let instant): return instant
        case .failure(let failure):
            v.fail("dateRange." + name, failure.message)
            return nil
        }
    }
}
