import Exporter
import Glibc
public import Handlers
public import Postgres

/// One UTC day of the figures exports draw from (the part of the day inside the range).
struct DailyFigures {
    var day: Int
    /// Seconds of the day inside the range (less than 86,400 on a partial first or last day).
    var seconds: Double
    var events = 0
    var pageViews = 0
    var activeUsers = 0
    var converters = 0
    var sessions = 0
    var bookingsStarted = 0
    var bookings = 0
    var trips = 0
    var reviews = 0
    var revenue = 0.0
    var requests = 0
    var errors = 0
    var meanDurationMs = 0.0
    var newUsers = 0

    func value(_ metric: ExportMetric) -> ExportCell {
        switch metric {
        case .activeUsers: .integer(activeUsers)
        case .pageViews: .integer(pageViews)
        case .eventsPerSecond: .number(seconds > 0 ? Double(events) / seconds : 0)
        case .conversionRate: .number(activeUsers > 0 ? Double(converters) / Double(activeUsers) * 100 : 0)
        case .errorRate: .number(requests > 0 ? Double(errors) / Double(requests) * 100 : 0)
        case .revenuePerMinute: .number(seconds > 0 ? revenue / (seconds / 60) : 0)
        case .newUsers: .integer(newUsers)
        case .sessions: .integer(sessions)
        case .bookings: .integer(bookings)
        case .trips: .integer(trips)
        case .reviews: .integer(reviews)
        case .revenue: .number(revenue)
        case .errors: .integer(errors)
        }
    }
}

/// Builds an export's file: reads the range's daily figures from the source tables a week at a time (reporting
/// progress after each week), adds KPIs and insights for `report` exports, and streams the tables to the format's
/// writer. What each export type holds:
/// - `dataset`: one table, `Daily`, a row per UTC day with the chosen metrics (all 13 by default).
/// - `report`: the same table, the range's KPIs and the five insights as notes.
/// - `dashboard`: a table per widget with the columns of its `dataSource`. As CSV (one table per file) the widgets
///   are written as one long table: widget, date, measure, value.
public struct ExportBuilder {
    let connection: PGConnection
    let insights: (InsightQuery) throws -> InsightData
    /// Called with 0 to 90 as the weeks are read; returns false when the job is no longer this worker's.
    let progress: (Int) throws -> Bool
    /// A pause after each week read: 0 in service; tests raise it to catch a job in flight.
    let stepDelay: Double

    public init(
        connection: PGConnection, insights: @escaping (InsightQuery) throws -> InsightData,
        stepDelay: Double = 0, progress: @escaping (Int) throws -> Bool
    ) {
        (self.connection, self.insights, self.stepDelay, self.progress) = (connection, insights, stepDelay, progress)
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
                title: title(job), exportType: request.exportType.rawValue, jobId: job.id, rangeStart: request.start,
                rangeEnd: request.end, generatedAt: now)
            if request.exportType == .report { try addReport(to: &document, days: days, request: request) }
            try writer.begin(document)
            switch request.exportType {
            case .dataset, .report:
                let metrics = request.effectiveMetrics
                try writer.beginTable(
                    name: "Daily", columns: [ExportColumn("date", .date)] + metrics.map(Self.column), chart: true)
                for day in days { try writer.row([.date(day.day)] + metrics.map(day.value)) }
                try writer.endTable()
            case .dashboard:
                if format == .csv {
                    try writer.beginTable(
                        name: "Widgets",
                        columns: [
                            ExportColumn("widget", .text), ExportColumn("date", .date), ExportColumn("measure", .text),
                            ExportColumn("value", .number),
                        ], chart: false)
                    for widget in job.widgets {
                        let measures = Self.measures(widget.dataSource)
                        for day in days {
                            for measure in measures {
                                try writer.row([
                                    .text(widget.title), .date(day.day), .text(measure.name), measure.value(day),
                                ])
                            }
                        }
                    }
                    try writer.endTable()
                } else {
                    for widget in job.widgets {
                        let measures = Self.measures(widget.dataSource)
                        try writer.beginTable(
                            name: widget.title,
                            columns: [ExportColumn("date", .date)] + measures.map { ExportColumn($0.name, $0.kind) },
                            chart: true)
                        for day in days { try writer.row([.date(day.day)] + measures.map { $0.value(day) }) }
                        try writer.endTable()
                    }
                }
            }
            let summary = try writer.finish()
            return (summary.rowCount, summary.fileSize, summary.checksum)
        } catch {
            writer.cancel()
            throw error
        }
    }

    func title(_ job: ExportJob) -> String {
        switch job.request.exportType {
        case .dataset: "Analytics dataset"
        case .report: "Analytics report"
        case .dashboard: "Dashboard: \(job.dashboardName ?? job.request.dashboardID ?? "")"
        }
    }

    static func column(_ metric: ExportMetric) -> ExportColumn {
        switch metric {
        case .eventsPerSecond, .conversionRate, .errorRate, .revenuePerMinute, .revenue:
            ExportColumn(metric.rawValue, .number)
        default: ExportColumn(metric.rawValue, .integer)
        }
    }

    struct Measure {
        var name: String
        var kind: ExportColumn.Kind
        var value: (DailyFigures) -> ExportCell
    }

    /// The columns a widget's `dataSource` exports (CONTRACT.md section 8's mapping).
    static func measures(_ source: DataSource) -> [Measure] {
        func metric(_ metric: ExportMetric) -> Measure {
            Measure(name: metric.rawValue, kind: column(metric).kind) { $0.value(metric) }
        }
        switch source {
        case .userEvents:
            return [
                Measure(name: "events", kind: .integer) { .integer($0.events) }, metric(.activeUsers),
                metric(.sessions), metric(.pageViews),
            ]
        case .trips: return [metric(.trips)]
        case .bookings:
            return [
                Measure(name: "bookings_started", kind: .integer) { .integer($0.bookingsStarted) }, metric(.bookings),
                metric(.conversionRate),
            ]
        case .reviews: return [metric(.reviews)]
        case .revenue: return [metric(.revenue), metric(.bookings)]
        case .performance:
            return [
                Measure(name: "requests", kind: .integer) { .integer($0.requests) }, metric(.errors),
                metric(.errorRate), Measure(name: "mean_duration_ms", kind: .number) { .number($0.meanDurationMs) },
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
        let weeks = stride(from: firstDay, through: lastDay, by: 7).map { $0 }
        for (index, weekStart) in weeks.enumerated() {
            let from = max(Double(weekStart) * 86_400, start)
            let to = min(Double(weekStart + 7) * 86_400, end)
            let events = try connection.query(
                """
                SELECT floor(extract(epoch FROM occurred_at) / 86400)::int8, count(*),
                  count(*) FILTER (WHERE name = 'page_view'), count(DISTINCT user_id),
                  count(DISTINCT user_id) FILTER (WHERE name = 'booking_completed'), count(DISTINCT session_id),
                  count(*) FILTER (WHERE name = 'booking_started'), count(*) FILTER (WHERE name = 'booking_completed'),
                  count(*) FILTER (WHERE name = 'trip_view'), count(*) FILTER (WHERE name = 'review_posted'),
                  coalesce(sum(revenue) FILTER (WHERE name = 'booking_completed'), 0)::float8
                FROM analytics_events WHERE occurred_at >= to_timestamp(\(from)) AND occurred_at < to_timestamp(\(to))
                GROUP BY 1
                """)
            // Each result's first column is the UTC day number; `fill` sets that day's figures from the row.
            func each(_ rows: PGResult, _ fill: (inout DailyFigures, Int) -> Void) {
                for row in 0..<rows.rowCount {
                    let index = (rows.int(row, 0) ?? 0) - firstDay
                    if days.indices.contains(index) { fill(&days[index], row) }
                }
            }
            each(events) { day, row in
                day.events = events.int(row, 1) ?? 0
                day.pageViews = events.int(row, 2) ?? 0
                day.activeUsers = events.int(row, 3) ?? 0
                day.converters = events.int(row, 4) ?? 0
                day.sessions = events.int(row, 5) ?? 0
                day.bookingsStarted = events.int(row, 6) ?? 0
                day.bookings = events.int(row, 7) ?? 0
                day.trips = events.int(row, 8) ?? 0
                day.reviews = events.int(row, 9) ?? 0
                day.revenue = events.double(row, 10) ?? 0
            }
            let requests = try connection.query(
                """
                SELECT floor(extract(epoch FROM occurred_at) / 86400)::int8, count(*),
                  count(*) FILTER (WHERE status >= 500), coalesce(avg(duration_ms), 0)::float8
                FROM analytics_requests WHERE occurred_at >= to_timestamp(\(from)) AND occurred_at < to_timestamp(\(to))
                GROUP BY 1
                """)
            each(requests) { day, row in
                day.requests = requests.int(row, 1) ?? 0
                day.errors = requests.int(row, 2) ?? 0
                day.meanDurationMs = requests.double(row, 3) ?? 0
            }
            let signups = try connection.query(
                """
                SELECT floor(extract(epoch FROM signed_up_at) / 86400)::int8, count(*) FROM analytics_users
                WHERE signed_up_at >= to_timestamp(\(from)) AND signed_up_at < to_timestamp(\(to)) GROUP BY 1
                """)
            each(signups) { day, row in day.newUsers = signups.int(row, 1) ?? 0 }
            guard try progress((index + 1) * 90 / weeks.count) else { throw Failure.lostJob }
            if stepDelay > 0 { usleepSeconds(stepDelay) }
        }
        return days
    }

    /// KPIs over the whole range and the five insights, as notes.
    func addReport(to document: inout ExportDocument, days: [DailyFigures], request: ExportRequest) throws {
        let data = try insights(
            InsightQuery(start: request.start, end: request.end, segment: .all, types: InsightType.allCases, limit: 5))
        let revenue = days.reduce(0) { $0 + $1.revenue }
        let requests = days.reduce(0) { $0 + $1.requests }
        let errors = days.reduce(0) { $0 + $1.errors }
        let percent = { (part: Int, whole: Int) in whole == 0 ? 0 : Double(part) / Double(whole) * 100 }
        document.kpis = [
            .init(name: "Active users", value: Double(data.activeUsers)),
            .init(name: "New users", value: Double(days.reduce(0) { $0 + $1.newUsers })),
            .init(name: "Events", value: Double(data.events)),
            .init(name: "Sessions", value: Double(data.sessions)),
            .init(name: "Bookings", value: Double(days.reduce(0) { $0 + $1.bookings })),
            .init(name: "Revenue", value: revenue),
            .init(name: "Conversion rate (%)", value: percent(data.funnelUsers[4], data.activeUsers)),
            .init(name: "Error rate (%)", value: percent(errors, requests)),
        ]
        let mean =
            data.dailyActiveUsers.isEmpty
            ? 0 : Double(data.dailyActiveUsers.reduce(0, +)) / Double(data.dailyActiveUsers.count)
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

func usleepSeconds(_ seconds: Double) {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 { request = remaining }
}
