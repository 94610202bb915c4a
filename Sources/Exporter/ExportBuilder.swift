public import Domain
import Glibc

/// One UTC day of the figures exports draw from (the part of the day inside the range).
public struct DailyFigures: Sendable, Equatable {
    public var day: Int
    /// Seconds of the day inside the range (less than 86,400 on a partial first or last day).
    public var seconds: Double
    public var counts = ActivityCounts()

    public init(day: Int, seconds: Double, counts: ActivityCounts = ActivityCounts()) {
        (self.day, self.seconds, self.counts) = (day, seconds, counts)
    }

    /// The metric's value on this day, as a cell of its kind.
    func value(_ metric: Metric) -> ExportCell {
        let value = metric.value(of: counts, seconds: seconds)
        return metric.isCount ? .integer(Int(value)) : .number(value)
    }
}

/// Builds an export's file: reads the range's daily figures from a `DailyFiguresSource` a week at a time (reporting
/// progress after each week), adds KPIs and insights for `report` exports, and streams the tables to the format's
/// writer. What each export type holds:
/// - `dataset`: one table, `Daily`, a row per UTC day with the chosen metrics (all 13 by default).
/// - `report`: the same table, the range's KPIs and the five insights as notes.
/// - `dashboard`: a table per widget with the columns of its `dataSource`. As CSV (one table per file) the widgets
///   are written as one long table: widget, date, measure, value.
public struct ExportBuilder {
    let source: any DailyFiguresSource
    let insights: (InsightQuery) throws -> InsightData
    /// Called with 0 to 90 as the weeks are read; returns false when the job is no longer this worker's.
    let progress: (Int) throws -> Bool
    /// A pause after each week read: 0 in service; tests raise it to catch a job in flight.
    let stepDelay: Double

    public init(
        source: any DailyFiguresSource, insights: @escaping (InsightQuery) throws -> InsightData,
        stepDelay: Double = 0, progress: @escaping (Int) throws -> Bool
    ) {
        (self.source, self.insights, self.stepDelay, self.progress) = (source, insights, stepDelay, progress)
    }

    public enum Failure: Error {
        /// Another worker took the job over (this one was presumed dead): stop and discard the file.
        case lostJob
    }

    /// Writes the file at `path`; returns the writer's summary.
    public func build(_ job: ExportJob, path: String, now: Double) throws -> (rows: Int, size: Int, checksum: String) {
        let request = job.request
        let days = try dailyFigures(start: request.start, end: request.end)
        let format = request.format
        var writer = makeWriter(format, path: path)
        do {
            var document = ExportDocument(
                title: title(job), exportType: request.exportType.rawValue, jobId: job.id.text,
                rangeStart: request.start,
                rangeEnd: request.end, generatedAt: now)
            if request.exportType == .report { try addReport(to: &document, days: days, request: request) }
            try writer.begin(document)
            switch request.exportType {
            case .dataset, .report: try writeDaily(days, metrics: request.effectiveMetrics, to: &writer)
            case .dashboard where format == .csv: try writeWidgetsLong(job.widgets, days, to: &writer)
            case .dashboard: try writeWidgetTables(job.widgets, days, to: &writer)
            }
            let summary = try writer.finish()
            return (summary.rowCount, summary.fileSize, summary.checksum)
        } catch {
            writer.cancel()
            throw error
        }
    }

    /// One table, `Daily`: a row per day with the metrics.
    func writeDaily(_ days: [DailyFigures], metrics: [Metric], to writer: inout any ExportWriter) throws {
        try writer.beginTable(
            name: "Daily", columns: [ExportColumn("date", .date)] + metrics.map(Self.column), chart: true)
        for day in days { try writer.row([.date(day.day)] + metrics.map(day.value)) }
        try writer.endTable()
    }

    /// Every widget in one long table (CSV holds one table): widget, date, measure, value.
    func writeWidgetsLong(_ widgets: [Widget], _ days: [DailyFigures], to writer: inout any ExportWriter) throws {
        let columns = [
            ExportColumn("widget", .text), ExportColumn("date", .date), ExportColumn("measure", .text),
            ExportColumn("value", .number),
        ]
        try writer.beginTable(name: "Widgets", columns: columns, chart: false)
        for widget in widgets {
            let measures = Self.measures(widget.dataSource)
            for day in days {
                for measure in measures {
                    try writer.row([.text(widget.title), .date(day.day), .text(measure.name), measure.value(day)])
                }
            }
        }
        try writer.endTable()
    }

    /// A table per widget with the columns of its `dataSource`.
    func writeWidgetTables(_ widgets: [Widget], _ days: [DailyFigures], to writer: inout any ExportWriter) throws {
        for widget in widgets {
            let measures = Self.measures(widget.dataSource)
            try writer.beginTable(
                name: widget.title,
                columns: [ExportColumn("date", .date)] + measures.map { ExportColumn($0.name, $0.kind) },
                chart: true)
            for day in days { try writer.row([.date(day.day)] + measures.map { $0.value(day) }) }
            try writer.endTable()
        }
    }

    func title(_ job: ExportJob) -> String {
        switch job.request.exportType {
        case .dataset: "Analytics dataset"
        case .report: "Analytics report"
        case .dashboard: "Dashboard: \(job.dashboardName ?? job.request.dashboardID?.text ?? "")"
        }
    }

    static func column(_ metric: Metric) -> ExportColumn {
        ExportColumn(metric.rawValue, metric.isCount ? .integer : .number)
    }

    struct Measure {
        var name: String
        var kind: ExportColumn.Kind
        var value: (DailyFigures) -> ExportCell
    }

    /// The columns a widget's `dataSource` exports (CONTRACT.md section 8's mapping).
    static func measures(_ source: DataSource) -> [Measure] {
        func metric(_ metric: Metric) -> Measure {
            Measure(name: metric.rawValue, kind: column(metric).kind) { $0.value(metric) }
        }
        switch source {
        case .userEvents:
            return [
                Measure(name: "events", kind: .integer) { .integer($0.counts.events) }, metric(.activeUsers),
                metric(.sessions), metric(.pageViews),
            ]
        case .trips: return [metric(.trips)]
        case .bookings:
            return [
                Measure(name: "bookings_started", kind: .integer) { .integer($0.counts.bookingsStarted) },
                metric(.bookings),
                metric(.conversionRate),
            ]
        case .reviews: return [metric(.reviews)]
        case .revenue: return [metric(.revenue), metric(.bookings)]
        case .performance:
            return [
                Measure(name: "requests", kind: .integer) { .integer($0.counts.requests) }, metric(.errors),
                metric(.errorRate),
                Measure(name: "mean_duration_ms", kind: .number) { .number($0.counts.meanDurationMs) },
            ]
        }
    }

    /// The range's figures per UTC day, one row per day from the start's day to the day of the last instant before
    /// the end, read a week at a time.
    func dailyFigures(start: Double, end: Double) throws -> [DailyFigures] {
        let firstDay = Int((start / 86_400).rounded(.down))
        let lastDay = Int((end / 86_400).rounded(.up)) - 1
        var days = (firstDay...max(firstDay, lastDay)).map { day in
            DailyFigures(day: day, seconds: min(Double(day + 1) * 86_400, end) - max(Double(day) * 86_400, start))
        }
        let weeks = Array(stride(from: firstDay, through: lastDay, by: 7))
        for (index, weekStart) in weeks.enumerated() {
            let from = max(Double(weekStart) * 86_400, start)
            let to = min(Double(weekStart + 7) * 86_400, end)
            for (day, counts) in try source.dailyCounts(start: from, end: to)
            where days.indices.contains(day - firstDay) {
                days[day - firstDay].counts = counts
            }
            guard try progress((index + 1) * 90 / weeks.count) else { throw Failure.lostJob }
            if stepDelay > 0 { pause(seconds: stepDelay) }
        }
        return days
    }

    /// KPIs over the whole range and the five insights, as notes.
    func addReport(to document: inout ExportDocument, days: [DailyFigures], request: ExportRequest) throws {
        let data = try insights(
            InsightQuery(start: request.start, end: request.end, segment: .all, types: InsightType.allCases, limit: 5))
        let revenue = days.reduce(0) { $0 + $1.counts.revenue }
        let requests = days.reduce(0) { $0 + $1.counts.requests }
        let errors = days.reduce(0) { $0 + $1.counts.errors }
        let percent = { (part: Int, whole: Int) in whole == 0 ? 0 : Double(part) / Double(whole) * 100 }
        document.kpis = [
            .init(name: "Active users", value: Double(data.activeUsers)),
            .init(name: "New users", value: Double(days.reduce(0) { $0 + $1.counts.newUsers })),
            .init(name: "Events", value: Double(data.events)),
            .init(name: "Sessions", value: Double(data.sessions)),
            .init(name: "Bookings", value: Double(days.reduce(0) { $0 + $1.counts.bookings })),
            .init(name: "Revenue", value: revenue),
            .init(name: "Conversion rate (%)", value: percent(data.funnelUsers[4], data.activeUsers)),
            .init(name: "Error rate (%)", value: percent(errors, requests)),
        ]
        let mean = data.meanDailyActiveUsers
        let funnel = zip(FunnelStep.allCases, data.funnelUsers).map { "\($0.rawValue) \($1)" }
        document.notes = [
            .init(
                title: "Engagement patterns",
                body:
                    "Mean daily active users \(Int(mean.rounded())), weekly \(data.weeklyActiveUsers), monthly \(data.monthlyActiveUsers); \(data.events) events from \(data.activeUsers) active users."
            ),
            .init(title: "Conversion funnel", body: "Users per step: " + funnel.joined(separator: " → ") + "."),
            .init(
                title: "Drop-off points",
                body: "Pages sessions most often end on: "
                    + (data.exitPages.isEmpty
                        ? "none" : data.exitPages.map { "\($0.page) (\($0.sessions))" }.joined(separator: ", ")) + "."),
            .init(
                title: "Feature adoption",
                body: "Users per feature: "
                    + (data.features.isEmpty
                        ? "none" : data.features.map { "\($0.feature) \($0.users)" }.joined(separator: ", ")) + "."),
            .init(
                title: "User journeys",
                body: "Most common session paths: "
                    + (data.journeys.isEmpty
                        ? "none"
                        : data.journeys.prefix(3).map { "\($0.path.joined(separator: " → ")) (\($0.sessions))" }
                            .joined(separator: "; ")) + "."),
        ]
    }
}

func pause(seconds: Double) {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 { request = remaining }
}
