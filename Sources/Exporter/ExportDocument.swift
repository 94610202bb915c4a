/// Everything about an export that is small and known before its rows stream: the metadata, the KPIs and the
/// notes (insight texts for `report` exports). Times are seconds since the Unix epoch, UTC.
public struct ExportDocument: Sendable {
    /// A headline figure of the export.
    public struct KPI: Sendable, Equatable {
        public var name: String
        /// The value; NaN and infinities are written as empty (JSON `null`).
        public var value: Double

        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    /// A titled paragraph of text, such as one insight.
    public struct Note: Sendable, Equatable {
        public var title: String
        public var body: String

        public init(title: String, body: String) {
            self.title = title
            self.body = body
        }
    }

    /// The document title, shown on the PDF title page and the XLSX Summary sheet and set as PDF metadata.
    public var title: String
    /// `dashboard`, `report` or `dataset`.
    public var exportType: String
    /// The export job's id.
    public var jobId: String
    /// The start of the exported range.
    public var rangeStart: Double
    /// The end of the exported range.
    public var rangeEnd: Double
    /// When the export was generated.
    public var generatedAt: Double
    /// Headline figures, in order.
    public var kpis: [KPI]
    /// Texts to print with the export, in order.
    public var notes: [Note]

    public init(
        title: String, exportType: String, jobId: String, rangeStart: Double, rangeEnd: Double, generatedAt: Double,
        kpis: [KPI] = [], notes: [Note] = []
    ) {
        self.title = title
        self.exportType = exportType
        self.jobId = jobId
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.generatedAt = generatedAt
        self.kpis = kpis
        self.notes = notes
    }
}
