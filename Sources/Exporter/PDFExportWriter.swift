import Domain

/// Writes a PDF report with cairo and pango: A4 landscape, DejaVu Sans (fontconfig falls back to another
/// installed font, such as Droid Sans Fallback, for scripts DejaVu lacks), any Unicode text.
///
/// - A title page: title, export type, job, range and generation time, the KPI table, then the notes.
/// - Each table from a new page: its name, a header row repeated on every page, zebra rows, numbers right
///   aligned and rounded to 10 significant digits, over-long cells ending in an ellipsis.
/// - Table pages are capped: at most `tablePageLimit` pages of rows over all tables (36 by default, each
///   table at least one page), so 100,000 rows make a ~50-page report, not a 2,600-page one. The rest of a
///   table is counted, not listed: its last page ends with "… N more rows not shown; the CSV, XLSX and JSON
///   exports carry every row." and `ExportFileSummary.omittedRowCount` says how many.
/// - After a table marked `chart: true`: one page per number or integer column with its line chart, every
///   row included: rows are summarised as they stream into at most 512 min/max buckets per column
///   (`ChartSummary`), so memory stays flat.
/// - Every page has "Page n" in its footer; the metadata holds title, author "report-fcgi", creator,
///   subject and creation date.
final class PDFExportWriter: ExportWriter, GuardedWriter {
    let format = ExportFormat.pdf
    static let defaultTablePageLimit = 36
    /// A table row's height and the header row's, in points.
    static let rowHeight = 12.5
    static let headerHeight = 24.0

    private let path: String
    private let tablePageLimit: Int
    private var output: ExportOutput?
    private var canvas: PDFCanvas?
    private var sequence = ExportSequence()
    /// Pages of table rows so far, over all tables.
    private var tablePages = 0
    private var table: Table?
    private var omittedRows = 0

    /// The current table: its columns laid out across the page, its chart summary, what is not shown. A class,
    /// so that each row updates the chart summary in place.
    private final class Table {
        let name: String
        let columns: [ExportColumn]
        /// Each column's left edge and width.
        let lefts: [Double]
        let widths: [Double]
        var chart: ChartSummary?
        /// Rows drawn on the current page (for the zebra stripes).
        var pageRows = 0
        /// Rows counted but not drawn, past the page limit.
        var hiddenRows = 0

        init(name: String, columns: [ExportColumn], chart: ChartSummary?) {
            self.name = name
            self.columns = columns
            (lefts, widths) = PDFExportWriter.layOut(columns)
            self.chart = chart
        }
    }

    /// A writer for `path` that lists at most `tablePageLimit` pages of table rows.
    init(path: String, tablePageLimit: Int = PDFExportWriter.defaultTablePageLimit) {
        self.path = path
        self.tablePageLimit = tablePageLimit
    }

    func begin(_ document: ExportDocument) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.begin()
            let output = try ExportOutput(path: path)
            self.output = output
            let canvas = try PDFCanvas(
                output: output, title: document.title,
                subject: "\(document.exportType) export \(document.jobId)",
                created: TextFormat.instant(document.generatedAt.rounded(.down)))
            self.canvas = canvas
            try writeTitlePage(document, on: canvas)
        }
    }

    func beginTable(name: String, columns: [ExportColumn], chart: Bool) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.beginTable(name: name, columnCount: columns.count)
            guard let canvas else { throw .misuse("no canvas") }
            let charted = columns.indices.filter { columns[$0].kind.isNumeric }
            let dayColumn = columns.firstIndex { $0.kind == .date }
            let table = Table(
                name: name, columns: columns,
                chart: chart && !charted.isEmpty ? ChartSummary(columns: charted, dayColumn: dayColumn) : nil)
            self.table = table
            try startTablePage(table, on: canvas, continued: false)
        }
    }

    func row(_ cells: [ExportCell]) throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.row(cellCount: cells.count)
            guard let canvas, let table else { throw .misuse("no table") }
            table.chart?.add(cells)
            if table.hiddenRows > 0 {
                table.hiddenRows += 1
                return
            }
            // The last allowed page keeps a line free for the "more rows not shown" note.
            let reserve = tablePages >= tablePageLimit ? Self.rowHeight : 0
            if !canvas.fits(Self.rowHeight + reserve) {
                if tablePages >= tablePageLimit {
                    table.hiddenRows = 1
                    return
                }
                try startTablePage(table, on: canvas, continued: true)
            }
            drawRow(cells, of: table, on: canvas)
        }
    }

    func endTable() throws(ExportError) {
        try guarded { () throws(ExportError) in
            try sequence.endTable()
            guard let canvas, let table else { throw .misuse("no table") }
            self.table = nil
            let textWidth = PDFCanvas.width - 2 * PDFCanvas.margin
            if table.hiddenRows > 0 {
                omittedRows += table.hiddenRows
                let note =
                    "… \(TextFormat.grouped(table.hiddenRows)) more rows not shown; "
                    + "the CSV, XLSX and JSON exports carry every row."
                canvas.text(note, style: .cellBold, x: PDFCanvas.margin, y: canvas.y + 2, width: textWidth)
            } else if sequence.tableRowCount == 0 {
                canvas.text("No rows.", style: .cell, x: PDFCanvas.margin, y: canvas.y + 2, width: textWidth)
            }
            guard let chart = table.chart, chart.rowCount > 0 else { return }
            let rows = TextFormat.grouped(chart.rowCount)
            let spread =
                chart.bucketWidth == 1
                ? "\(rows) rows" : "\(rows) rows, each point spanning \(chart.bucketWidth) rows (minimum to maximum)"
            for (index, column) in chart.columns.enumerated() {
                try canvas.startPage()
                canvas.drawChart(
                    title: table.columns[column].title, subtitle: "\(table.name): \(spread)", summary: chart,
                    chart: index)
            }
        }
    }

    func finish() throws(ExportError) -> ExportFileSummary {
        try guarded { () throws(ExportError) in
            try sequence.finish()
            guard let canvas, let output else { throw .misuse("no canvas") }
            try canvas.finish()
            self.canvas = nil
            let (size, checksum) = try output.publish()
            sequence.markFinished()
            return ExportFileSummary(
                rowCount: sequence.rowCount, omittedRowCount: omittedRows, fileSize: size, checksum: checksum)
        }
    }

    func cancel() {
        guard sequence.cancel() else { return }
        output?.discard()
        canvas = nil
        output = nil
    }

    deinit {
        cancel()
    }

    // MARK: Title page

    private func writeTitlePage(_ document: ExportDocument, on canvas: PDFCanvas) throws(ExportError) {
        let width = PDFCanvas.width - 2 * PDFCanvas.margin
        let x = PDFCanvas.margin
        try canvas.startPage()
        canvas.y += 40
        try canvas.paragraph(document.title, style: .title, x: x, width: width)
        canvas.y += 14
        let lines = [
            "Export type: \(document.exportType)    Job: \(document.jobId)",
            "Range: \(TextFormat.readableInstant(document.rangeStart)) – "
                + TextFormat.readableInstant(document.rangeEnd),
            "Generated: \(TextFormat.readableInstant(document.generatedAt))",
        ]
        for line in lines {
            try canvas.paragraph(line, style: .body, x: x, width: width)
            canvas.y += 3
        }
        if !document.kpis.isEmpty {
            canvas.y += 18
            try heading("Key figures", on: canvas)
            let nameWidth = 360.0
            let valueWidth = 160.0
            for (index, kpi) in document.kpis.enumerated() {
                let height = 17.0
                if !canvas.fits(height) {
                    try canvas.startPage()
                    try heading("Key figures (continued)", on: canvas)
                }
                if index % 2 == 0 {
                    canvas.setGray(0.94)
                    canvas.fillRectangle(x: x, y: canvas.y, width: nameWidth + valueWidth + 12, height: height)
                    canvas.setGray(0)
                }
                canvas.text(kpi.name, style: .body, x: x + 4, y: canvas.y + 2, width: nameWidth)
                canvas.text(
                    TextFormat.display(kpi.value), style: .body, x: x + nameWidth, y: canvas.y + 2, width: valueWidth,
                    alignment: .right)
                canvas.y += height
            }
        }
        if !document.notes.isEmpty {
            canvas.y += 18
            if !canvas.fits(60) { try canvas.startPage() }
            try heading("Notes", on: canvas)
            for note in document.notes {
                if !canvas.fits(40) { try canvas.startPage() }
                try canvas.paragraph(note.title, style: .bodyBold, x: x, width: width)
                canvas.y += 2
                try canvas.paragraph(note.body, style: .body, x: x, width: width)
                canvas.y += 10
            }
        }
    }

    private func heading(_ text: String, on canvas: PDFCanvas) throws(ExportError) {
        try canvas.paragraph(text, style: .heading, x: PDFCanvas.margin, width: PDFCanvas.width - 2 * PDFCanvas.margin)
        canvas.y += 6
    }

    // MARK: Tables

    /// Each column's left edge and width across the page: a date gets what "2026-11-01" needs, the other
    /// columns share the rest by weight (text 2.2, number 1.2, integer 1).
    static func layOut(_ columns: [ExportColumn]) -> (lefts: [Double], widths: [Double]) {
        let dateWidth = 62.0
        let available = PDFCanvas.width - 2 * PDFCanvas.margin
        let weights: [Double] = columns.map { column in
            switch column.kind {
            case .date: 0
            case .integer: 1.0
            case .number: 1.2
            case .text: 2.2
            }
        }
        let dates = columns.filter { $0.kind == .date }.count
        let totalWeight = weights.reduce(0, +)
        let shared = max(0, available - Double(dates) * dateWidth)
        var lefts: [Double] = []
        var widths: [Double] = []
        var left = PDFCanvas.margin
        for weight in weights {
            let width =
                totalWeight == 0
                ? available / Double(columns.count) : weight == 0 ? dateWidth : shared * weight / totalWeight
            lefts.append(left)
            widths.append(width)
            left += width
        }
        return (lefts, widths)
    }

    /// Starts a page of the current table: its name, then the header row.
    private func startTablePage(_ table: Table, on canvas: PDFCanvas, continued: Bool) throws(ExportError) {
        try canvas.startPage()
        tablePages += 1
        table.pageRows = 0
        canvas.text(
            continued ? "\(table.name) (continued)" : table.name, style: .heading, x: PDFCanvas.margin, y: canvas.y,
            width: PDFCanvas.width - 2 * PDFCanvas.margin)
        canvas.y += 24
        canvas.setGray(0.86)
        canvas.fillRectangle(
            x: PDFCanvas.margin, y: canvas.y, width: PDFCanvas.width - 2 * PDFCanvas.margin, height: Self.headerHeight)
        canvas.setGray(0)
        for (index, column) in table.columns.enumerated() {
            // A zero-width space after each underscore lets "active_users" break as "active_" "users".
            canvas.text(
                column.title.replacing("_", with: "_\u{200B}"), style: .cellBold, x: table.lefts[index] + 3,
                y: canvas.y + 2.5,
                width: table.widths[index] - 6, alignment: column.kind.isNumeric ? .right : .left, lines: 2)
        }
        canvas.y += Self.headerHeight
    }

    private func drawRow(_ cells: [ExportCell], of table: Table, on canvas: PDFCanvas) {
        if table.pageRows % 2 == 1 {
            canvas.setGray(0.95)
            canvas.fillRectangle(
                x: PDFCanvas.margin, y: canvas.y, width: PDFCanvas.width - 2 * PDFCanvas.margin, height: Self.rowHeight)
            canvas.setGray(0)
        }
        for (index, cell) in cells.enumerated() {
            let text: String
            var alignment = PDFCanvas.Alignment.right
            switch cell {
            case .text(let value):
                text = value
                alignment = .left
            case .number(let value): text = TextFormat.display(value)
            case .integer(let value): text = String(value)
            case .date(let day):
                text = TextFormat.day(day)
                alignment = .left
            case .empty: continue
            }
            guard !text.isEmpty else { continue }
            canvas.text(
                text, style: .cell, x: table.lefts[index] + 3, y: canvas.y + 1.5, width: table.widths[index] - 6,
                alignment: alignment)
        }
        canvas.y += Self.rowHeight
        table.pageRows += 1
    }
}
